// The fuzz_json fixture guest, run in-process (test/support/inprocess_guest.ts).
import { InProcessGuest, type GuestBuffers } from "../support/inprocess_guest.js";

export { GuestTrap, toHex } from "../support/inprocess_guest.js";

interface FuzzExports extends GuestBuffers {
  fuzz_json(ptr: number, len: number): number;
  offset(): number;
}

/** RunResult is fuzz_json's code and, when the input parsed, the guest's serialization of it. */
export interface RunResult {
  code: number;
  offset: number;
  output: Uint8Array | null;
}

export class FuzzGuest {
  private constructor(private readonly guest: InProcessGuest<FuzzExports>) {}

  static async create(): Promise<FuzzGuest> {
    return new FuzzGuest(await InProcessGuest.load<FuzzExports>("fuzz_json"));
  }

  get unexpectedImports(): number {
    return this.guest.unexpectedImports;
  }

  /** run feeds input to fuzz_json; it throws GuestTrap if the guest traps. */
  run(input: Uint8Array): RunResult {
    const { code, offset } = this.guest.call(input, (x, ptr, len) => ({ code: x.fuzz_json(ptr, len), offset: x.offset() }));
    return { code, offset, output: code === 0 ? this.guest.output() : null };
  }

  memoryBytes(): number {
    return this.guest.memoryBytes();
  }

  takeLogs(): string[] {
    return this.guest.takeLogs();
  }
}
