// The fuzz_http_client fixture guest, run in-process (test/support/inprocess_guest.ts).
import { InProcessGuest, type GuestBuffers } from "../support/inprocess_guest.js";

export { GuestTrap, toHex } from "../support/inprocess_guest.js";

interface FuzzExports extends GuestBuffers {
  fuzz_response(ptr: number, len: number): number;
}

/** HttpClientErr (assembly/httpclient/errors.ts) and the fixture's own result codes. */
export const Code = {
  Ok: 0, BadResponse: 7, TooLarge: 8, Io: 6,
  Incomplete: 50, NotPoisoned: 100, SplitMismatch: 200, BadCall: 300,
} as const;

/** Options of one parse: HEAD request, server closes after the data, tight limits. */
export interface ParseOptions { head?: boolean; eof?: boolean; tight?: boolean }

/** Parsed is the guest's canonical response. */
export interface Parsed {
  status: number;
  minor: number;
  interim: number;
  headers: [string, string][];
  reason: string;
  body: Uint8Array;
}

export class HttpClientGuest {
  private constructor(private readonly guest: InProcessGuest<FuzzExports>) {}

  static async create(): Promise<HttpClientGuest> {
    return new HttpClientGuest(await InProcessGuest.load<FuzzExports>("fuzz_http_client"));
  }

  get unexpectedImports(): number {
    return this.guest.unexpectedImports;
  }

  /** parse feeds data in the given sizes (the rest as a last feed) and returns the code and any response. */
  parse(data: Uint8Array, feeds: number[], o: ParseOptions = {}): { code: number; response: Parsed | null } {
    const input = new Uint8Array(8 + 4 * feeds.length + data.length);
    const view = new DataView(input.buffer);
    view.setUint32(0, (o.head ? 1 : 0) | (o.eof ? 2 : 0) | (o.tight ? 4 : 0), true);
    view.setUint32(4, feeds.length, true);
    feeds.forEach((c, i) => view.setUint32(8 + 4 * i, c, true));
    input.set(data, 8 + 4 * feeds.length);
    const code = this.guest.call(input, (x, ptr, len) => x.fuzz_response(ptr, len));
    const out = this.guest.output();
    return { code, response: code === Code.Ok ? decode(out) : null };
  }

  memoryBytes(): number {
    return this.guest.memoryBytes();
  }

  takeLogs(): string[] {
    return this.guest.takeLogs();
  }
}

const utf8 = new TextDecoder();

function decode(out: Uint8Array): Parsed {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let at = 0;
  const u32 = (): number => { const v = view.getUint32(at, true); at += 4; return v; };
  const bytes = (): Uint8Array => { const n = u32(); const b = out.subarray(at, at + n); at += n; return b; };
  const text = (): string => utf8.decode(bytes());
  const [status, minor, interim, count] = [u32(), u32(), u32(), u32()];
  const headers: [string, string][] = [];
  for (let i = 0; i < count; i++) headers.push([text(), text()]);
  const reason = text();
  const body = bytes().slice();
  return { status, minor, interim, headers, reason, body };
}
