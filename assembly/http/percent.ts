// Percent-encoding (RFC 3986 §2.1) of UTF-8 text, and strict decoding: every "%" starts a valid triplet and the
// decoded bytes must be UTF-8, which is exactly when JavaScript's decodeURIComponent succeeds.

import { codeAt, FORM_SAFE, inClass, SEGMENT, UNRESERVED } from "./chars";
import { HttpErr, HttpStatus, httpFail, httpOk } from "./errors";
import { hexValue } from "../encoding/hex";
import { utf8DecodeUnsafe } from "../encoding/utf8";

/** MAX_PERCENT_INPUT bounds percentDecode's input, in UTF-16 units. */
export const MAX_PERCENT_INPUT: i32 = 1 << 20;
const HEX_UPPER = "0123456789ABCDEF";

/** PercentSet picks which ASCII characters percentEncode leaves as they are. */
export const enum PercentSet {
  /** RFC 3986 §2.3 unreserved only: a query value, a path segment, a form field in a URI. */
  Component = 0,
  /** RFC 3986 §3.3 pchar and "/": a whole path, keeping its slashes and sub-delims. */
  Path = 1,
  /** application/x-www-form-urlencoded (WHATWG URL §5.2): ALPHA DIGIT * - . _ kept, space written as "+". */
  Form = 2,
}

/**
 * percentEncode returns s with every character outside set written as "%XX" escapes of its UTF-8 bytes, hex in
 * uppercase (RFC 3986 §2.1). A lone surrogate is encoded as U+FFFD. Returns s itself when nothing needs escaping.
 */
export function percentEncode(s: string, set: PercentSet = PercentSet.Component): string {
  const len = s.length;
  let units = 0;
  let spaceAsPlus = false; // Form keeps a space as one unit but writes "+": the text still changes
  for (let i = 0; i < len; i++) {
    const c = codeAt(s, i); // i < len
    if (c == 0x20 && set == PercentSet.Form) spaceAsPlus = true;
    if (c < 0x80) units += keeps(c, set) ? 1 : 3;
    else if (c < 0x800) units += 6;
    else if (isPair(s, i, len)) { units += 12; i++; }
    else units += 9; // three bytes: a BMP character, or U+FFFD for a lone surrogate
  }
  if (units == len && !spaceAsPlus) return s;
  const out = changetype<string>(__new(<usize>units << 1, idof<String>()));
  let o = changetype<usize>(out);
  for (let i = 0; i < len; i++) {
    let cp = codeAt(s, i); // i < len
    if (cp < 0x80 && keeps(cp, set)) {
      store<u16>(o, <u16>(cp == 0x20 ? 0x2b : cp)); // only Form keeps a space, and writes it as "+"
      o += 2;
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) {
      if (isPair(s, i, len)) cp = 0x10000 + ((cp - 0xd800) << 10) + (codeAt(s, ++i) - 0xdc00); // i + 1 < len
      else cp = 0xfffd;
    }
    // The first pass counted 3 units per UTF-8 byte, so these stores stay inside the string.
    if (cp < 0x80) o = escape(o, cp);
    else if (cp < 0x800) o = escape(escape(o, 0xc0 | (cp >> 6)), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) o = escape(escape(escape(o, 0xe0 | (cp >> 12)), 0x80 | ((cp >> 6) & 0x3f)), 0x80 | (cp & 0x3f));
    else {
      o = escape(escape(o, 0xf0 | (cp >> 18)), 0x80 | ((cp >> 12) & 0x3f));
      o = escape(escape(o, 0x80 | ((cp >> 6) & 0x3f)), 0x80 | (cp & 0x3f));
    }
  }
  return out;
}

/**
 * percentDecode returns s with every "%XX" replaced by its byte and the bytes read as UTF-8; with plusIsSpace
 * (form data, query strings) "+" decodes to a space first. It returns null with BadPercent (offset: the "%") for a
 * "%" without two hex digits, BadUtf8 (offset 0) when the result is not UTF-8 or s holds a lone surrogate, and
 * TooLarge beyond MAX_PERCENT_INPUT. Returns s itself when it holds nothing to decode.
 */
export function percentDecode(s: string, plusIsSpace: bool = false, status: HttpStatus | null = null): string | null {
  const len = s.length;
  if (len > MAX_PERCENT_INPUT) return httpFail<string>(status, HttpErr.TooLarge, 0);
  // Pass 1: validate escapes and text, and count the decoded UTF-8 bytes.
  let bytes = 0;
  let plain = true;
  for (let i = 0; i < len; i++) {
    const c = codeAt(s, i); // i < len
    if (c == 0x25) {
      if (i + 2 >= len || hexValue(codeAt(s, i + 1)) < 0 || hexValue(codeAt(s, i + 2)) < 0) {
        return httpFail<string>(status, HttpErr.BadPercent, i);
      }
      i += 2;
      bytes++;
      plain = false;
    } else if (c < 0x80) {
      bytes++;
      if (c == 0x2b && plusIsSpace) plain = false;
    } else if (c < 0x800) {
      bytes += 2;
    } else if (c < 0xd800 || c > 0xdfff) {
      bytes += 3;
    } else if (isPair(s, i, len)) {
      bytes += 4;
      i++;
    } else {
      return httpFail<string>(status, HttpErr.BadUtf8, 0);
    }
  }
  httpOk(status, len);
  if (plain) return s;
  // Pass 2: write the bytes, then decode them strictly.
  const buf = new Uint8Array(bytes);
  let o = buf.dataStart;
  for (let i = 0; i < len; i++) {
    const c = codeAt(s, i); // i < len
    // Pass 1 counted one byte per escape and per ASCII unit, and the UTF-8 length of the rest.
    if (c == 0x25) {
      store<u8>(o++, <u8>((hexValue(codeAt(s, i + 1)) << 4) | hexValue(codeAt(s, i + 2)))); // validated above
      i += 2;
    } else if (c < 0x80) {
      store<u8>(o++, <u8>(c == 0x2b && plusIsSpace ? 0x20 : c));
    } else {
      o += <usize>String.UTF8.encodeUnsafe(changetype<usize>(s) + (<usize>i << 1), isPair(s, i, len) ? 2 : 1, o);
      if (isPair(s, i, len)) i++;
    }
  }
  const text = utf8DecodeUnsafe(buf.dataStart, bytes);
  if (text === null) return httpFail<string>(status, HttpErr.BadUtf8, 0);
  return text;
}

// keeps reports whether percentEncode leaves the ASCII character c under set.
// @ts-ignore: decorator
@inline function keeps(c: u32, set: PercentSet): bool {
  if (set == PercentSet.Form) return c == 0x20 || inClass(c, FORM_SAFE);
  return inClass(c, set == PercentSet.Path ? SEGMENT : UNRESERVED);
}

// isPair reports a high surrogate at i followed by a low surrogate. i < len.
// @ts-ignore: decorator
@inline function isPair(s: string, i: i32, len: i32): bool {
  const c = codeAt(s, i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < len && codeAt(s, i + 1) - 0xdc00 < 0x400;
}

// Writes "%XX" for byte b at o and returns the next position.
function escape(o: usize, b: u32): usize {
  const hex = changetype<usize>(HEX_UPPER);
  store<u16>(o, 0x25);
  store<u16>(o, load<u16>(hex + (<usize>(b >> 4 & 15) << 1)), 2);
  store<u16>(o, load<u16>(hex + (<usize>(b & 15) << 1)), 4);
  return o + 6;
}
