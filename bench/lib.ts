// Benchmark plumbing: every row measures our code and a reference in the same run, so the ratio means something
// on any machine. Timings live here and in bench-results.json, never in tests.

export interface Row {
  name: string;
  value: number;
  unit: string;
  reference: string;
  referenceValue: number;
  /** value / referenceValue: below 1 is ahead of the reference when the unit is a time. */
  ratio: number;
}

export function row(name: string, value: number, unit: string, reference: string, referenceValue: number): Row {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { name, value: round(value), unit, reference, referenceValue: round(referenceValue), ratio: round(value / referenceValue) };
}

/**
 * timeAsync runs fn `iterations` times after a warm-up, in `rounds` rounds, and returns the median per-call time
 * in microseconds: the median resists the odd GC pause or scheduler hiccup on a shared 2-core machine.
 */
export async function timeAsync(fn: () => Promise<unknown>, iterations: number, rounds = 5): Promise<number> {
  for (let i = 0; i < Math.min(iterations, 200); i++) await fn();
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    perCall.push(Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  return median(perCall);
}

/** timeSync is timeAsync for synchronous work. */
export function timeSync(fn: () => unknown, iterations: number, rounds = 5): number {
  for (let i = 0; i < Math.min(iterations, 1000); i++) fn();
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    perCall.push(Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  return median(perCall);
}

/**
 * pairedNsPerOp times a and b, each doing `ops` operations per call, in `rounds` alternating rounds after a
 * warm-up, and returns the median round of each in nanoseconds per operation: alternation makes a busy neighbour
 * on this shared machine slow both sides alike.
 */
export function pairedNsPerOp(ops: number, a: () => void, b: () => void, rounds = 25): [number, number] {
  for (let i = 0; i < 5; i++) { a(); b(); }
  const ta: number[] = [], tb: number[] = [];
  const nsPerOp = (fn: () => void): number => {
    const start = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - start) / ops;
  };
  for (let r = 0; r < rounds; r++) {
    ta.push(nsPerOp(a));
    tb.push(nsPerOp(b));
  }
  return [median(ta), median(tb)];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** formatTable renders rows for the terminal. */
export function formatTable(rows: Row[]): string {
  const header = ["name", "value", "unit", "reference", "ref value", "ratio"];
  const cells = rows.map((r) => [r.name, String(r.value), r.unit, r.reference, String(r.referenceValue), r.ratio.toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((s, i) => s.padEnd(widths[i])).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

/** pattern is n bytes of a fixed arithmetic sequence: benchmark inputs that are the same in every run. */
export function pattern(n: number, mul: number, add: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * mul + add) & 0xff;
  return out;
}
