// Reads one JSON string (RFC 8259 §7) from UTF-8 bytes into an AssemblyScript (UTF-16) string, validating the
// UTF-8 (RFC 3629 §4) and the escapes. The input is len bytes at base (a Uint8Array's dataStart and length), and
// every read is preceded by a bounds check against len.

import { utf8DecodeUnsafe } from "../encoding/utf8";
import { JsonErr } from "./errors";
import { asciiHash, asciiString, NameCache, nameHash } from "./names";
import { plainEnd, stopAt, widenAscii, WIDE } from "./scan";

/**
 * StringReader decodes JSON strings. read() returns the string and sets `end` to the offset just past its closing
 * quote; on failure it returns null and sets `err` and `end` (the offending offset).
 */
export class StringReader {
  err: JsonErr = JsonErr.Ok;
  end: i32 = 0;
  /** After a successful read with `name` set: nameHash of the name, for duplicate detection. */
  hash: u32 = 0;
  private out: usize = 0; // the string being filled by the second pass; 0 while counting
  private n: i32 = 0; // UTF-16 units counted or written so far
  private names: NameCache | null = null; // made on the first name read

  /**
   * read decodes the string whose opening quote is at base[pos] (the caller has checked that quote); null on
   * failure. With `name` set the string is a member name: short ASCII names come from the name cache, and `hash`
   * is set.
   */
  // @ts-ignore: decorator
  @inline read(base: usize, len: i32, pos: i32, name: bool): string | null {
    this.err = JsonErr.Ok;
    const start = pos + 1;
    // Fast path: a string without escapes is its raw bytes, which need only UTF-8 validation. A failure here
    // (an escape, a control byte, bad UTF-8, no closing quote) falls through to decode(), which finds the same
    // first error at the same offset.
    const stop = stopAt(base, start, len);
    const close = <i32>stop;
    let s: string | null = null;
    if (close < len && load<u8>(base + <usize>close) == 0x22) { // close < len
      const src = base + <usize>start;
      const n = close - start;
      if (stop & WIDE) {
        s = utf8DecodeUnsafe(src, n);
        if (name && changetype<usize>(s) != 0) this.hash = nameHash(changetype<string>(s));
      } else if (name) {
        const h = asciiHash(src, n);
        this.hash = h;
        s = this.cache().name(src, n, h);
      } else {
        s = asciiString(src, n);
      }
      this.end = close + 1;
    }
    // Null tests by address: `== null` on a string would call String.__eq.
    if (changetype<usize>(s) == 0) s = this.decode(base, len, pos, name);
    return s;
  }

  // The full reader, for strings with escapes and for every error; null on failure.
  private decode(base: usize, len: i32, pos: i32, name: bool): string | null {
    // Pass 1 validates and counts UTF-16 units; pass 2 decodes into a string of exactly that size, so a large
    // string costs one allocation of its own size and no scratch buffer.
    this.out = 0;
    const end = this.scan(base, len, pos);
    if (end < 0) return null;
    const units = this.n;
    // A string object of exactly `units` UTF-16 units, as std's own decoders allocate it; pass 2 fills every
    // unit, and it allocates nothing, so no GC step can see the string half-filled.
    const str = changetype<string>(__new(<usize>units << 1, idof<String>()));
    this.out = changetype<usize>(str);
    this.scan(base, len, pos);
    this.out = 0;
    if (name) this.hash = nameHash(str);
    this.end = end + 1;
    return str;
  }

  // @ts-ignore: decorator
  @inline private cache(): NameCache {
    let names = this.names;
    if (names === null) this.names = names = new NameCache();
    return names;
  }

  // Walks the string from its opening quote; returns the offset of the closing quote, or -1 with err set.
  private scan(base: usize, len: i32, pos: i32): i32 {
    this.n = 0;
    let i = pos + 1;
    while (true) {
      if (i >= len) return this.failAt(JsonErr.UnexpectedEnd, i);
      // Plain ASCII text is copied a run at a time; the run ends before the first byte handled below.
      const run = plainEnd(base, i, len) - i;
      if (run > 0) {
        const out = this.out;
        // The second pass replays the first, so the run fits in the units counted and allocated.
        if (out != 0) widenAscii(out + (<usize>this.n << 1), base + <usize>i, run);
        this.n += run;
        i += run;
        continue;
      }
      const c = <u32>load<u8>(base + <usize>i); // i < len: checked at the top of the loop
      if (c == 0x22) return i;
      if (c == 0x5c) {
        i = this.escape(base, i, len);
      } else if (c < 0x20) {
        // RFC 8259 §7: U+0000 through U+001F must be escaped.
        return this.failAt(JsonErr.UnexpectedByte, i);
      } else {
        i = this.utf8(base, i, len, c); // plainEnd stopped here, so c >= 0x80
      }
      if (i < 0) return -1;
    }
  }

  // Decodes the escape whose backslash is at base[i]; returns the offset after it, or -1 with err set.
  private escape(base: usize, i: i32, len: i32): i32 {
    if (i + 1 >= len) return this.failAt(JsonErr.UnexpectedEnd, i + 1);
    const e = <u32>load<u8>(base + <usize>(i + 1)); // i + 1 < len: checked on the line above
    switch (e) {
      case 0x22: case 0x5c: case 0x2f: this.put(e); return i + 2; // \" \\ \/
      case 0x62: this.put(0x08); return i + 2; // \b
      case 0x66: this.put(0x0c); return i + 2; // \f
      case 0x6e: this.put(0x0a); return i + 2; // \n
      case 0x72: this.put(0x0d); return i + 2; // \r
      case 0x74: this.put(0x09); return i + 2; // \t
      case 0x75: break; // \uXXXX, below
      default: return this.failAt(JsonErr.BadEscape, i);
    }
    const u = this.hex4(base, i + 2, len);
    if (u < 0) return -1;
    // RFC 8259 §7: a character outside the BMP is a \u-escaped UTF-16 surrogate pair. An unpaired surrogate
    // cannot be a Unicode scalar value, so it is rejected (unlike JSON.parse, which keeps it).
    if (u >= 0xdc00 && u <= 0xdfff) return this.failAt(JsonErr.BadEscape, i);
    if (u < 0xd800 || u > 0xdbff) {
      this.put(<u32>u);
      return i + 6;
    }
    const j = i + 6;
    if (j >= len) return this.failAt(JsonErr.UnexpectedEnd, j);
    if (load<u8>(base + <usize>j) != 0x5c) return this.failAt(JsonErr.BadEscape, i); // j < len: checked above
    if (j + 1 >= len) return this.failAt(JsonErr.UnexpectedEnd, j + 1);
    if (load<u8>(base + <usize>(j + 1)) != 0x75) return this.failAt(JsonErr.BadEscape, i); // j + 1 < len: above
    const lo = this.hex4(base, j + 2, len);
    if (lo < 0) return -1;
    if (lo < 0xdc00 || lo > 0xdfff) return this.failAt(JsonErr.BadEscape, j);
    this.put(<u32>u);
    this.put(<u32>lo);
    return j + 6;
  }

  // Reads four hex digits at base[at..at+4); returns their value, or -1 with err set.
  private hex4(base: usize, at: i32, len: i32): i32 {
    let v = 0;
    for (let k = at; k < at + 4; k++) {
      if (k >= len) return this.failAt(JsonErr.UnexpectedEnd, k);
      const c = <i32>load<u8>(base + <usize>k); // k < len: checked on the line above
      let d: i32;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x61 + 10;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x41 + 10;
      else return this.failAt(JsonErr.BadEscape, k);
      v = (v << 4) | d;
    }
    return v;
  }

  // Decodes the multi-byte sequence led by c == base[i]; returns the offset after it, or -1 with err set.
  private utf8(base: usize, i: i32, len: i32, c: u32): i32 {
    // RFC 3629 §4 (UTF8-2/3/4): the second byte's range depends on the lead; this rules out overlongs
    // (C0, C1, E0 80..9F, F0 80..8F), UTF-16 surrogates (ED A0..BF) and code points above U+10FFFF (F4 90.., F5..).
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
      return this.failAt(JsonErr.BadUtf8, i);
    }
    for (let k = 1; k <= need; k++) {
      const j = i + k;
      if (j >= len) return this.failAt(JsonErr.UnexpectedEnd, j);
      const b = <u32>load<u8>(base + <usize>j); // j < len: checked on the line above
      if (b < lo || b > hi) return this.failAt(JsonErr.BadUtf8, j);
      lo = 0x80;
      hi = 0xbf;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      this.put(0xd800 | (cp >> 10));
      this.put(0xdc00 | (cp & 0x3ff));
    } else {
      this.put(cp);
    }
    return i + need + 1;
  }

  // Counts one UTF-16 unit and, in the second pass, stores it.
  private put(unit: u32): void {
    const out = this.out;
    // The second pass replays the first over the same bytes, so n stays below the units counted and allocated.
    if (out != 0) store<u16>(out + (<usize>this.n << 1), <u16>unit);
    this.n++;
  }

  // Records the error and its offset; returns -1 for the callers' "failed" offset.
  private failAt(e: JsonErr, at: i32): i32 {
    this.err = e;
    this.end = at;
    return -1;
  }
}

