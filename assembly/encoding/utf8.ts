// UTF-8 (RFC 3629) validation and decoding to AssemblyScript's UTF-16 strings, strict or lossy. Unlike
// String.UTF8.decode, nothing here can throw: invalid input yields null (strict) or U+FFFD (lossy).

import { DecodeStatus, EncodingErr, MAX_DECODE_INPUT, decodeFail, decodeOk } from "./errors";

// @ts-ignore: decorator
@inline const REPLACEMENT: u32 = 0xfffd;
// @ts-ignore: decorator
@inline const HIGH_BITS: u64 = 0x8080808080808080;

/** utf8Validate reports whether bytes are valid UTF-8; on failure status.offset is where the bad sequence starts. */
export function utf8Validate(bytes: Uint8Array, status: DecodeStatus | null = null): bool {
  const len = bytes.length;
  if (len > MAX_DECODE_INPUT) {
    decodeFail<string>(status, EncodingErr.TooLarge, 0);
    return false;
  }
  if (scan(bytes.dataStart, len, 0, false, status) < 0) return false;
  decodeOk(status, len);
  return true;
}

/**
 * utf8Decode returns the text of valid UTF-8 bytes, or null with BadUtf8 for overlongs, surrogates (U+D800..DFFF),
 * code points above U+10FFFF, stray continuation bytes and truncated sequences (RFC 3629 §3, §4).
 * A byte order mark is kept as U+FEFF.
 */
export function utf8Decode(bytes: Uint8Array, status: DecodeStatus | null = null): string | null {
  return utf8DecodeUnsafe(bytes.dataStart, bytes.length, status);
}

/** utf8DecodeUnsafe is utf8Decode over len bytes at ptr, for buffers that are not Uint8Arrays. */
// @ts-ignore: decorator
@unsafe export function utf8DecodeUnsafe(ptr: usize, len: i32, status: DecodeStatus | null = null): string | null {
  if (len > MAX_DECODE_INPUT) return decodeFail<string>(status, EncodingErr.TooLarge, 0);
  const units = scan(ptr, len, 0, false, status);
  if (units < 0) return null;
  decodeOk(status, len);
  return fill(ptr, len, units, false);
}

/**
 * utf8DecodeLossy returns the text of bytes with every maximal invalid subpart replaced by one U+FFFD, exactly as
 * the WHATWG Encoding Standard's decoder (TextDecoder without `fatal`) does. Input past MAX_DECODE_INPUT is cut.
 */
export function utf8DecodeLossy(bytes: Uint8Array): string {
  return utf8DecodeLossyUnsafe(bytes.dataStart, bytes.length);
}

/** utf8DecodeLossyUnsafe is utf8DecodeLossy over len bytes at ptr. */
// @ts-ignore: decorator
@unsafe export function utf8DecodeLossyUnsafe(ptr: usize, len: i32): string {
  const n = min(len, MAX_DECODE_INPUT);
  return fill(ptr, n, scan(ptr, n, 0, true, null), true);
}

/** utf8Encode returns the UTF-8 bytes of s; a lone surrogate becomes U+FFFD, as TextEncoder does. */
export function utf8Encode(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s, false, String.UTF8.ErrorMode.REPLACE));
}

// Allocates a string of exactly `units` UTF-16 units and decodes into it with a second scan over the same bytes.
function fill(ptr: usize, len: i32, units: i32, lossy: bool): string {
  if (units == 0) return "";
  const out = changetype<string>(__new(<usize>units << 1, idof<String>()));
  // The second scan replays the first over unchanged bytes, so it writes exactly `units` units; it allocates
  // nothing, so no collection can observe the string half-filled.
  scan(ptr, len, changetype<usize>(out), lossy, null);
  return out;
}

// Walks len bytes at ptr and returns the number of UTF-16 units they decode to; with out != 0 it also stores them.
// Strict mode returns -1 at the first invalid sequence, with status set.
function scan(ptr: usize, len: i32, out: usize, lossy: bool, status: DecodeStatus | null): i32 {
  let i = 0;
  let n = 0;
  while (i < len) {
    // ASCII fast path: 8 bytes per step while none has its high bit set (i + 8 <= len keeps the load inside).
    if (i + 8 <= len) {
      const w = load<u64>(ptr + <usize>i);
      if ((w & HIGH_BITS) == 0) {
        if (out != 0) widen8(out + (<usize>n << 1), w);
        i += 8;
        n += 8;
        continue;
      }
    }
    const c = <u32>load<u8>(ptr + <usize>i); // i < len
    if (c < 0x80) {
      if (out != 0) store<u16>(out + (<usize>n << 1), <u16>c);
      i++;
      n++;
      continue;
    }
    const step = sequence(ptr, i, len, c, out, n);
    if (step > 0) {
      i += step;
      n += c >= 0xf0 ? 2 : 1; // four-byte sequences are the only ones above U+FFFF
      continue;
    }
    if (!lossy) {
      decodeFail<string>(status, EncodingErr.BadUtf8, i);
      return -1;
    }
    // WHATWG Encoding §4.1 (UTF-8 decoder): one U+FFFD per maximal subpart, then resume at the byte that broke it.
    if (out != 0) store<u16>(out + (<usize>n << 1), <u16>REPLACEMENT);
    n++;
    i += -step;
  }
  return n;
}

// Decodes the multi-byte sequence led by c == bytes[i]. Returns its length, or minus the length of the maximal
// invalid subpart (at least 1) to skip. With out != 0, stores the code point as one or two UTF-16 units at n.
function sequence(ptr: usize, i: i32, len: i32, c: u32, out: usize, n: i32): i32 {
  // RFC 3629 §4 (UTF8-2/3/4): the second byte's range depends on the lead, which rules out overlongs
  // (C0, C1, E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points above U+10FFFF (F4 90.., F5..FF).
  let need: i32;
  let cp: u32;
  let lo: u32 = 0x80;
  let hi: u32 = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    need = 1;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    cp = c & 0x0f;
    if (c == 0xe0) lo = 0xa0;
    else if (c == 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    cp = c & 0x07;
    if (c == 0xf0) lo = 0x90;
    else if (c == 0xf4) hi = 0x8f;
  } else {
    return -1; // a continuation byte or C0, C1, F5..FF cannot start a sequence
  }
  for (let k = 1; k <= need; k++) {
    const j = i + k;
    if (j >= len) return -k; // truncated: the lead and its k - 1 valid continuations form one subpart
    const b = <u32>load<u8>(ptr + <usize>j); // j < len
    if (b < lo || b > hi) return -k;
    lo = 0x80;
    hi = 0xbf;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (out != 0) {
    // The first scan counted these units, so they fit in the string allocated for them.
    const at = out + (<usize>n << 1);
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      store<u16>(at, <u16>(0xd800 | (v >> 10)));
      store<u16>(at, <u16>(0xdc00 | (v & 0x3ff)), 2);
    } else {
      store<u16>(at, <u16>cp);
    }
  }
  return need + 1;
}

// Widens 8 ASCII bytes (packed little-endian in w) to 8 UTF-16 units at out, in two 8-byte stores.
// @ts-ignore: decorator
@inline function widen8(out: usize, w: u64): void {
  store<u64>(out, spread(w & 0xffffffff));
  store<u64>(out + 8, spread(w >> 32));
}

// Moves byte k of a 32-bit value to bits 16k..16k+7 of the result.
// @ts-ignore: decorator
@inline function spread(x: u64): u64 {
  x = (x | (x << 16)) & 0x0000ffff0000ffff;
  return (x | (x << 8)) & 0x00ff00ff00ff00ff;
}
