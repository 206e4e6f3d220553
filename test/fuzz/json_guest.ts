// Runs the fuzz_json fixture guest the way Traefik would: one instance, reused across calls, with
// `http_handler.log` capturing abort messages. A trap becomes a GuestTrap carrying the input, and the next
// call gets a fresh instance, so fast-check can keep shrinking after a crash.
import { compileGuest } from "../support/guests.js";

interface FuzzExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  alloc(len: number): number;
  fuzz_json(ptr: number, len: number): number;
  output_ptr(): number;
  output_len(): number;
  offset(): number;
}

/** GuestTrap reports a trap (or any host-visible exception) with the input as hex and the guest's log lines. */
export class GuestTrap extends Error {
  constructor(input: Uint8Array, cause: unknown, logs: string[]) {
    const what = cause instanceof Error ? `${cause.constructor.name}: ${cause.message}` : String(cause);
    super(`guest trapped on input (hex) ${toHex(input)}\n  ${what}\n  log: ${logs.join(" | ") || "(none)"}`);
  }
}

/** RunResult is fuzz_json's code and, when the input parsed, the guest's serialization of it. */
export interface RunResult {
  code: number;
  offset: number;
  output: Uint8Array | null;
}

export class FuzzGuest {
  private instance: FuzzExports | null = null;
  private readonly logs: string[] = [];
  unexpectedImports = 0;

  private constructor(private readonly module: WebAssembly.Module) {}

  static async create(): Promise<FuzzGuest> {
    const bytes = await compileGuest("fuzz_json");
    return new FuzzGuest(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
  }

  /** run feeds input to fuzz_json; it throws GuestTrap if the guest traps. */
  run(input: Uint8Array): RunResult {
    const x = this.exports();
    try {
      const ptr = x.alloc(input.length);
      new Uint8Array(x.memory.buffer, ptr, input.length).set(input);
      const code = x.fuzz_json(ptr, input.length);
      const offset = x.offset();
      // Views are taken after the call: the guest's memory may have grown.
      const output = code === 0 ? new Uint8Array(x.memory.buffer, x.output_ptr(), x.output_len()).slice() : null;
      return { code, offset, output };
    } catch (err) {
      this.instance = null;
      throw new GuestTrap(input, err, this.logs.splice(0));
    }
  }

  /** memoryBytes is the current size of the guest's linear memory, to spot leaks across many calls. */
  memoryBytes(): number {
    return this.exports().memory.buffer.byteLength;
  }

  /** takeLogs returns and clears what the guest logged (it logs only when aborting). */
  takeLogs(): string[] {
    return this.logs.splice(0);
  }

  private exports(): FuzzExports {
    if (this.instance !== null) return this.instance;
    let memory: WebAssembly.Memory | null = null;
    const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
    for (const imp of WebAssembly.Module.imports(this.module)) {
      if (imp.kind !== "function") throw new Error(`unexpected ${imp.kind} import ${imp.module}.${imp.name}`);
      const table = (imports[imp.module] ??= {});
      if (imp.module === "http_handler" && imp.name === "log") {
        table[imp.name] = (_level: number, ptr: number, len: number) => {
          if (memory !== null) this.logs.push(new TextDecoder().decode(new Uint8Array(memory.buffer, ptr, len)));
        };
      } else {
        table[imp.name] = () => { this.unexpectedImports++; return 0; };
      }
    }
    const instance = new WebAssembly.Instance(this.module, imports);
    const x = instance.exports as unknown as FuzzExports;
    memory = x.memory;
    x._initialize();
    this.instance = x;
    return x;
  }
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
