// The fuzz_encoding and fuzz_http fixture guests, run in-process (test/support/inprocess_guest.ts), called by entry
// name. String inputs travel as UTF-16LE so that any JavaScript string, lone surrogates included, reaches the guest.
import { InProcessGuest, type GuestBuffers } from "../support/inprocess_guest.js";

export { GuestTrap, toHex } from "../support/inprocess_guest.js";

// The entry points of both guests (test/fixtures/guests/fuzz_encoding.ts and fuzz_http.ts).
interface HttpFuzzExports extends GuestBuffers {
  fuzz_base64(ptr: number, len: number, variant: number): number;
  fuzz_base64_string(ptr: number, len: number, variant: number): number;
  fuzz_base64_encode(ptr: number, len: number, variant: number): number;
  fuzz_hex(ptr: number, len: number, mode: number): number;
  fuzz_utf8(ptr: number, len: number): number;
  fuzz_cookie(ptr: number, len: number, maxCookies: number, maxLength: number, maxCookieLength: number): number;
  fuzz_set_cookie(ptr: number, len: number): number;
  fuzz_url(ptr: number, len: number, mode: number): number;
  fuzz_query(ptr: number, len: number): number;
  fuzz_query_build(ptr: number, len: number): number;
  fuzz_percent(ptr: number, len: number, mode: number): number;
  fuzz_redirect(ptr: number, len: number): number;
  offset(): number;
}

/** A guest call's result code and, when it produced one, its output bytes. */
export interface Result { code: number; output: Uint8Array }

/** Codes the fixtures add above every error enum. */
export const MISMATCH = 100;
export const BAD_CALL = 300;

export type Entry = Exclude<keyof HttpFuzzExports, keyof GuestBuffers | "offset">;

export class HttpFuzzGuest {
  calls = 0;
  private constructor(private readonly guest: InProcessGuest<HttpFuzzExports>) {}

  static async create(name: "fuzz_encoding" | "fuzz_http"): Promise<HttpFuzzGuest> {
    return new HttpFuzzGuest(await InProcessGuest.load<HttpFuzzExports>(name));
  }

  /** bytes runs entry on raw bytes; it throws GuestTrap if the guest traps. */
  bytes(entry: Entry, input: Uint8Array, ...args: number[]): Result {
    this.calls++;
    const code = this.guest.call(input, (x, ptr, len) => (x[entry] as (...a: number[]) => number)(ptr, len, ...args));
    return { code, output: this.guest.output() };
  }

  /** text runs entry on a string sent as UTF-16LE. */
  text(entry: Entry, input: string, ...args: number[]): Result {
    return this.bytes(entry, utf16(input), ...args);
  }

  /** offset is where fuzz_encoding's last decoder stopped. */
  offset(): number {
    return this.guest.call(new Uint8Array(0), (x) => x.offset());
  }

  get unexpectedImports(): number {
    return this.guest.unexpectedImports;
  }

  memoryBytes(): number {
    return this.guest.memoryBytes();
  }

  takeLogs(): string[] {
    return this.guest.takeLogs();
  }
}

export function utf16(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    out[2 * i] = u & 0xff;
    out[2 * i + 1] = u >> 8;
  }
  return out;
}

/** fromUtf16 reads a guest string back, unit for unit (lone surrogates survive). */
export function fromUtf16(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8));
  return s;
}

export function fromJson(b: Uint8Array): unknown {
  return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(b));
}

/** FUZZ_RUNS is the run count of each fuzzed area (default 100000); FUZZ_SEED replays one run. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 100000);
export const FUZZ_SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** runs is share of FUZZ_RUNS, at least 1. */
export function runs(share: number): number {
  return Math.max(1, Math.round(FUZZ_RUNS * share));
}

/** describeInput renders an input for a failure message: JSON for strings, hex for bytes. */
export function describeInput(input: string | Uint8Array): string {
  return typeof input === "string" ? JSON.stringify(input) : `(hex) ${Buffer.from(input).toString("hex")}`;
}
