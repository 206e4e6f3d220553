// Where a handle_request call spends its time, measured in the instance's worker: in the guest's own code, or in
// host functions it called (header access, logging, WASI, the socket bridge with its waits). Traefik's host
// functions are Go and cost differently, so benchmarks that judge the guest read `guestNs`.
//
// Each host call pays two clock reads for this. On machines whose clock source is slow (this VM: about 150 ns per
// read), part of every read falls outside the timed span and would count as guest time: about a clock read per
// host call, a tenth of a light request's guest time at 13 calls. measureWrapperOverheadNs() measures that share
// once per process, and guestNs leaves it out, call by call.

/** PhaseTiming is one handle_request: time in the guest's code and time in host functions, in ns. */
export interface PhaseTiming { guestNs: number; hostNs: number; hostCalls: number }

/** HostClock accumulates the time spent in wrapped host functions. */
export class HostClock {
  ns = 0n;
  calls = 0;

  /** perCallOverheadNs is what one wrapped call adds to guest time (measureWrapperOverheadNs), left out of it. */
  constructor(private readonly perCallOverheadNs = 0) {}

  /** wrap returns imports with every function timed into this clock. */
  wrap<T extends Record<string, unknown>>(imports: T): T {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(imports)) {
      out[name] = typeof value === "function" ? this.timed(value as HostFn) : value;
    }
    return out as T;
  }

  /** time runs fn and splits its duration into guest and host time. */
  time<R>(fn: () => R): [R, PhaseTiming] {
    this.ns = 0n;
    this.calls = 0;
    const start = process.hrtime.bigint();
    const result = fn();
    const total = Number(process.hrtime.bigint() - start);
    const hostNs = Number(this.ns);
    const guestNs = Math.max(0, total - hostNs - this.calls * this.perCallOverheadNs);
    return [result, { guestNs, hostNs, hostCalls: this.calls }];
  }

  private timed(fn: HostFn): HostFn {
    return (...args) => {
      this.calls++;
      const start = process.hrtime.bigint();
      try {
        return fn(...args);
      } finally {
        this.ns += process.hrtime.bigint() - start;
      }
    };
  }
}

type HostFn = (...args: unknown[]) => unknown;

// A module whose export `run(n)` calls its import m.f(i, i) n times: a guest that does nothing but host calls.
// (type 0: (i32, i32) -> i32, the import; type 1: (i32) -> (), run.)
const CALLER = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 11, 2, 0x60, 2, 0x7f, 0x7f, 1, 0x7f, 0x60, 1, 0x7f, 0, // types
  0x02, 7, 1, 1, 0x6d, 1, 0x66, 0x00, 0, // import "m" "f", type 0
  0x03, 2, 1, 1, // function 1 has type 1
  0x07, 7, 1, 3, 0x72, 0x75, 0x6e, 0x00, 1, // export "run" = function 1
  0x0a, 25, 1, 23, 1, 1, 0x7f, // code: one body, one i32 local
  0x03, 0x40, // loop
  0x20, 0, 0x20, 0, 0x10, 0, 0x1a, // f(n, n), result dropped
  0x20, 0, 0x41, 1, 0x6b, 0x22, 0, // n = n - 1
  0x0d, 0, 0x0b, 0x0b, // br_if loop; end loop; end
]);
const CALLS = 20_000;
const ROUNDS = 5;

let measured: number | null = null;

/**
 * measureWrapperOverheadNs returns what one HostClock-wrapped host call adds to the guest time it reports, beyond
 * an unwrapped call: the same do-nothing import called from wasm with and without the wrapper, in alternating
 * rounds. The smallest estimate of the rounds is kept, so noise never makes guest time look shorter than it is.
 * Measured once per process (about 20 ms).
 */
export function measureWrapperOverheadNs(): number {
  if (measured !== null) return measured;
  const module = new WebAssembly.Module(CALLER);
  const noop = (a: number, b: number) => a + b;
  const clock = new HostClock();
  const run = (f: HostFn) => (new WebAssembly.Instance(module, { m: { f } }).exports.run as (n: number) => void);
  const plain = run(noop as HostFn);
  const wrapped = run(clock.wrap({ f: noop as HostFn }).f);
  plain(CALLS);
  clock.time(() => wrapped(CALLS)); // both warmed up
  const estimates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint();
    plain(CALLS);
    const plainNs = Number(process.hrtime.bigint() - t);
    const [, timing] = clock.time(() => wrapped(CALLS));
    estimates.push((timing.guestNs - plainNs) / CALLS);
  }
  measured = Math.max(0, Math.min(...estimates));
  return measured;
}
