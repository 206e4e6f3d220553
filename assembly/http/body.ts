// The request body, read through the ABI for endpoints the middleware answers itself (the back-channel logout
// POST). Reading consumes it, so this is only for requests that are not passed on.

import { read_body, BodyKind } from "../abi/http_handler";

const CHUNK: i32 = 4096;

/** readRequestBody returns the whole request body, or null when it is longer than limit bytes. */
export function readRequestBody(limit: i32): Uint8Array | null {
  const out = new Uint8Array(limit + 1);
  let n = 0;
  for (;;) {
    const room = min(CHUNK, out.length - n);
    if (room == 0) return null; // limit + 1 bytes read: too long
    const eofLen = read_body(BodyKind.Request, out.dataStart + <usize>n, <u32>room);
    const got = <i32>(eofLen & 0xffffffff);
    n += min(got, room);
    if (eofLen >> 32 != 0 || got == 0) break;
  }
  return out.slice(0, n);
}
