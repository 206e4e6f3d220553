// The guest's abort handler, wired with `--use abort=`. Traefik has no `env` module, so the default
// `env.abort` import would make it refuse the module. It must not allocate (it may run inside a failed
// allocation) and must not read module-level globals (they may not be initialised yet), so it encodes into
// a static buffer and then traps: Traefik answers 500 and logs the line below.

import { log, LogLevel } from "./http_handler";

// @ts-ignore: decorator
@inline const ABORT_BUF_SIZE: usize = 512;

/** guestAbort logs "abort: <message> at <file>:<line>:<column>" at error level, then traps. */
export function guestAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  const buf = memory.data(<i32>ABORT_BUF_SIZE);
  let n = putString(buf, 0, "abort: ");
  n = putString(buf, n, message);
  n = putString(buf, n, " at ");
  n = putString(buf, n, fileName);
  n = putString(buf, n, ":");
  n = putDecimal(buf, n, line);
  n = putString(buf, n, ":");
  n = putDecimal(buf, n, column);
  log(LogLevel.Error, buf, <u32>n);
  unreachable();
}

// Copies UTF-16 code units as UTF-8 without allocating; unpaired surrogates become '?'.
function putString(buf: usize, at: usize, s: string | null): usize {
  if (s === null) return putString(buf, at, "null");
  const ptr = changetype<usize>(s);
  const units = <usize>s.length;
  for (let i: usize = 0; i < units; i++) {
    let c = <u32>load<u16>(ptr + (i << 1));
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < units) {
      const lo = <u32>load<u16>(ptr + ((i + 1) << 1));
      if (lo >= 0xdc00 && lo < 0xe000) { c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00); i++; }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0x3f;
    const need: usize = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (at + need > ABORT_BUF_SIZE) return at;
    if (need == 1) store<u8>(buf + at, c);
    else if (need == 2) { store<u8>(buf + at, 0xc0 | (c >> 6)); store<u8>(buf + at + 1, 0x80 | (c & 63)); }
    else if (need == 3) {
      store<u8>(buf + at, 0xe0 | (c >> 12));
      store<u8>(buf + at + 1, 0x80 | ((c >> 6) & 63));
      store<u8>(buf + at + 2, 0x80 | (c & 63));
    } else {
      store<u8>(buf + at, 0xf0 | (c >> 18));
      store<u8>(buf + at + 1, 0x80 | ((c >> 12) & 63));
      store<u8>(buf + at + 2, 0x80 | ((c >> 6) & 63));
      store<u8>(buf + at + 3, 0x80 | (c & 63));
    }
    at += need;
  }
  return at;
}

function putDecimal(buf: usize, at: usize, v: u32): usize {
  let digits: usize = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  if (at + digits > ABORT_BUF_SIZE) return at;
  for (let i = digits; i > 0; i--) {
    store<u8>(buf + at + i - 1, 0x30 + v % 10);
    v /= 10;
  }
  return at + digits;
}
