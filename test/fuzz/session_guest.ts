// The fuzz_session fixture guest (test/fixtures/guests/fuzz_session.ts), run in this thread with one typed method
// per export, instantiated like every in-process guest (random_get from node:crypto: sealCookie draws a nonce).
// A trap becomes a GuestTrap
// carrying the call and its input, and the next call gets a fresh instance.
import { compileGuest } from "../support/guests.js";
import { GuestTrap, instantiateGuest, toHex, type GuestCounts } from "../support/inprocess_guest.js";

export { GuestTrap, toHex };

interface Exports {
  memory: WebAssembly.Memory;
  alloc(len: number): number;
  output_ptr(): number;
  output_len(): number;
  seal(ptr: number, len: number, nameUnits: number, iat: bigint, exp: bigint, old: number): number;
  open(ptr: number, len: number, nameUnits: number, now: bigint): number;
  read_cookie(ptr: number, len: number, nameUnits: number, now: bigint): number;
  read_chunks(ptr: number, len: number, nameUnits: number): number;
  chunk(ptr: number, len: number, nameUnits: number, carriedUnits: number, attrSet: number): number;
  payload(ptr: number, len: number): number;
  payload_offset(): number;
}

/** read_cookie's stages (high byte of its result) and self-check codes. */
export const STAGE_JAR = 1 << 8;
export const STAGE_CHUNKS = 2 << 8;
export const STAGE_OPEN = 3 << 8;
export const STAGE_PAYLOAD = 4 << 8;
export const SELF_CHECK = 0x1000;
export const BAD_CALL = 0x2000;

export interface Result { code: number; output: Uint8Array }

export class SessionGuest {
  private instance: Exports | null = null;
  private readonly logs: string[] = [];
  private readonly counts: GuestCounts = { unexpectedImports: 0, randomCalls: 0 };

  get unexpectedImports(): number { return this.counts.unexpectedImports; }
  get randomCalls(): number { return this.counts.randomCalls; }

  private constructor(private readonly module: WebAssembly.Module) {}

  static async create(name = "fuzz_session"): Promise<SessionGuest> {
    return new SessionGuest(new WebAssembly.Module(await compileGuest(name)));
  }

  /** seal seals payload for the cookie name under the current key, or the previous key alone when old. */
  seal(name: string, payload: Uint8Array, iat: bigint, exp: bigint, old = false): { code: number; value: string } {
    const r = this.call(Buffer.concat([utf16(name), payload]), (x, p, l) => x.seal(p, l, name.length, iat, exp, old ? 1 : 0));
    return { code: r.code, value: fromUtf16(r.output) };
  }

  /** open opens value for the cookie name at now; on success the output is le64 iat, le64 exp, u8 key, payload. */
  open(name: string, value: string, now: bigint): Result {
    return this.call(utf16(name + value), (x, p, l) => x.open(p, l, name.length, now));
  }

  /** readCookie runs a Cookie header through the jar, readChunks, openCookie and decodePayload. */
  readCookie(name: string, header: string, now: bigint): Result {
    return this.call(utf16(name + header), (x, p, l) => x.read_cookie(p, l, name.length, now));
  }

  /** readChunks reassembles name from a Cookie header; the output is the value as UTF-16. */
  readChunks(name: string, header: string): { code: number; value: string } {
    const r = this.call(utf16(name + header), (x, p, l) => x.read_chunks(p, l, name.length));
    return { code: r.code, value: fromUtf16(r.output) };
  }

  /** chunk returns the Set-Cookie lines storing value under name, given the request's Cookie header. */
  chunk(name: string, carried: string, value: string, attrSet: number): { code: number; lines: string[] } {
    const r = this.call(utf16(name + carried + value), (x, p, l) => x.chunk(p, l, name.length, carried.length, attrSet));
    return { code: r.code, lines: r.code === 0 ? fromUtf16(r.output).split("\n") : [] };
  }

  /** payload decodes a record; on success the output is its dump as UTF-16. */
  payload(bytes: Uint8Array): { code: number; dump: string } {
    const r = this.call(bytes, (x, p, l) => x.payload(p, l));
    return { code: r.code, dump: fromUtf16(r.output) };
  }

  memoryBytes(): number {
    return this.exports().memory.buffer.byteLength;
  }

  takeLogs(): string[] {
    return this.logs.splice(0);
  }

  private call(input: Uint8Array, fn: (x: Exports, ptr: number, len: number) => number): Result {
    const x = this.exports();
    let code: number;
    try {
      const ptr = x.alloc(input.length);
      new Uint8Array(x.memory.buffer, ptr, input.length).set(input);
      code = fn(x, ptr, input.length);
    } catch (err) {
      this.instance = null;
      throw new GuestTrap(input, err, this.logs.splice(0));
    }
    // Views are made after the call: memory may have grown.
    const output = new Uint8Array(x.memory.buffer, x.output_ptr(), x.output_len()).slice();
    return { code, output };
  }

  private exports(): Exports {
    if (this.instance !== null) return this.instance;
    this.instance = instantiateGuest<Exports>(this.module, this.logs, this.counts);
    return this.instance;
  }
}

export function utf16(s: string): Buffer {
  return Buffer.from(s, "utf16le");
}

/** fromUtf16 decodes UTF-16LE bytes unit by unit: Node's utf16le decoder keeps lone surrogates as they are. */
export function fromUtf16(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength & ~1).toString("utf16le");
}
