// Runs a fixture guest in this thread, the way one pooled Traefik instance runs: instantiated once, reused across
// calls, `http_handler.log` captured (the abort handler reports there), any other import stubbed and counted.
// A trap becomes a GuestTrap carrying the input, and the next call gets a fresh instance, so fast-check can keep
// shrinking after a crash. For fuzz and differential tests, and for in-process benchmarks of guest code.
import { randomFillSync } from "node:crypto";
import { compileGuest } from "./guests.js";

/** The exports every in-process fixture guest provides: an input buffer, and its last output. */
export interface GuestBuffers {
  memory: WebAssembly.Memory;
  /** alloc returns a buffer of len bytes for the next call; it stays valid until the next alloc. */
  alloc(len: number): number;
  output_ptr(): number;
  output_len(): number;
}

/** GuestTrap reports a trap with the input as hex and the guest's log lines. */
export class GuestTrap extends Error {
  constructor(input: Uint8Array, cause: unknown, logs: string[]) {
    const what = cause instanceof Error ? `${cause.constructor.name}: ${cause.message}` : String(cause);
    super(`guest trapped on input (hex) ${toHex(input)}\n  ${what}\n  log: ${logs.join(" | ") || "(none)"}`);
  }
}

export class InProcessGuest<X extends GuestBuffers> {
  private instance: X | null = null;
  private readonly logs: string[] = [];
  private readonly counts: GuestCounts = { unexpectedImports: 0, randomCalls: 0 };

  /** unexpectedImports counts calls of imports other than http_handler.log and random_get. */
  get unexpectedImports(): number { return this.counts.unexpectedImports; }

  private constructor(private readonly module: WebAssembly.Module) {}

  /** load compiles test/fixtures/guests/<name>.ts (cached) and prepares it. */
  static async load<X extends GuestBuffers>(name: string): Promise<InProcessGuest<X>> {
    return new InProcessGuest<X>(new WebAssembly.Module(await compileGuest(name)));
  }

  /**
   * call copies input into the guest, runs fn on the exports with the input's pointer and length, and returns its
   * result; it throws GuestTrap if the guest traps.
   */
  call<R>(input: Uint8Array, fn: (x: X, ptr: number, len: number) => R): R {
    const x = this.exports();
    try {
      const ptr = x.alloc(input.length);
      new Uint8Array(x.memory.buffer, ptr, input.length).set(input);
      return fn(x, ptr, input.length);
    } catch (err) {
      this.instance = null;
      throw new GuestTrap(input, err, this.logs.splice(0));
    }
  }

  /** output copies the guest's last output out of its memory (views are made after the call: memory may grow). */
  output(): Uint8Array {
    const x = this.exports();
    return new Uint8Array(x.memory.buffer, x.output_ptr(), x.output_len()).slice();
  }

  /** memoryBytes is the current size of the guest's linear memory, to spot leaks across many calls. */
  memoryBytes(): number {
    return this.exports().memory.buffer.byteLength;
  }

  /** takeLogs returns and clears what the guest logged (fixture guests log only when aborting). */
  takeLogs(): string[] {
    return this.logs.splice(0);
  }

  private exports(): X {
    if (this.instance !== null) return this.instance;
    const x = instantiateGuest<X>(this.module, this.logs, this.counts);
    this.instance = x;
    return x;
  }
}

/** GuestCounts counts the host calls a guest made that a test may want to see. */
export interface GuestCounts { unexpectedImports: number; randomCalls: number }

/**
 * instantiateGuest instantiates a fixture module in-process and runs its _initialize: log lines go to logs,
 * `random_get` is served from node:crypto (as wasi-go serves crypto/rand), and any other import answers 0 and is
 * counted as unexpected.
 */
export function instantiateGuest<X extends { memory: WebAssembly.Memory }>(module: WebAssembly.Module, logs: string[], counts: GuestCounts): X {
  let memory: WebAssembly.Memory | null = null;
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== "function") throw new Error(`unexpected ${imp.kind} import ${imp.module}.${imp.name}`);
    const table = (imports[imp.module] ??= {});
    if (imp.module === "http_handler" && imp.name === "log") {
      table[imp.name] = (_level: number, ptr: number, len: number) => {
        if (memory !== null) logs.push(new TextDecoder().decode(new Uint8Array(memory.buffer, ptr, len)));
      };
    } else if (imp.module === "wasi_snapshot_preview1" && imp.name === "random_get") {
      table[imp.name] = (ptr: number, len: number) => {
        counts.randomCalls++;
        if (memory !== null) randomFillSync(new Uint8Array(memory.buffer, ptr, len));
        return 0;
      };
    } else {
      table[imp.name] = () => { counts.unexpectedImports++; return 0; };
    }
  }
  const x = new WebAssembly.Instance(module, imports).exports as unknown as X & { _initialize?: () => void };
  memory = x.memory;
  x._initialize?.();
  return x;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
