// Strict parsers for the contents of RESP lines: integers and lengths, doubles, big numbers. They read a range of
// the reader's buffer that ends just before CR, and never look outside it.

import { NumberReader } from "../json/number";
import { RespErr } from "./errors";

// |i64.MIN_VALUE| = 2^63: the largest magnitude a negative integer may have.
// @ts-ignore: decorator
@inline const NEG_LIMIT: u64 = 0x8000000000000000;
// @ts-ignore: decorator
@inline const POS_LIMIT: u64 = 0x7fffffffffffffff;

// Converts double text to the nearest f64, correctly rounded; created on first use (see doubleValue).
let numbers: NumberReader | null = null;

/** ScalarParser holds the result of its last parseInteger in `integer`. */
export class ScalarParser {
  integer: i64 = 0;

  /**
   * parseInteger reads buf[a..b) as a signed 64-bit decimal into `integer`. Strict as hiredis string2ll: "0",
   * or an optional '-' and a nonzero digit then digits. No '+', no leading zeros, no "-0", no spaces, so each
   * value has one spelling. Returns BadInteger or IntegerOverflow on failure.
   */
  parseInteger(buf: Uint8Array, a: i32, b: i32): RespErr {
    if (a >= b || b > buf.length || a < 0) return RespErr.BadInteger;
    let i = a;
    const neg = unchecked(buf[i]) == 0x2d; // a < b <= length
    if (neg) i++;
    if (i == b) return RespErr.BadInteger;
    const first = unchecked(buf[i]); // i < b <= length
    if (first == 0x30) {
      if (neg || i + 1 != b) return RespErr.BadInteger;
      this.integer = 0;
      return RespErr.Ok;
    }
    for (let j = i; j < b; j++) if (!isDigit(unchecked(buf[j]))) return RespErr.BadInteger; // j < b <= length
    // 19 digits always fit in u64; 20 or more never fit in i64.
    if (b - i > 19) return RespErr.IntegerOverflow;
    let mag: u64 = 0;
    for (let j = i; j < b; j++) mag = mag * 10 + <u64>(unchecked(buf[j]) - 0x30); // j < b <= length
    if (mag > (neg ? NEG_LIMIT : POS_LIMIT)) return RespErr.IntegerOverflow;
    this.integer = neg ? <i64>(0 - mag) : <i64>mag;
    return RespErr.Ok;
  }
}

/**
 * isDouble checks buf[a..b) against RESP3 Double: `[+|-]<integral>[.<fractional>][<E|e>[sign]<exponent>]`, or
 * `inf`, `-inf`, `nan`. We also require what every Redis writes: no leading zeros and at least one digit after a
 * point (JSON's number grammar behind an optional '+'). Only the shape is checked here: converting costs up to
 * hundreds of microseconds for extreme exponents, so doubleValue does it when a caller asks.
 */
export function isDouble(buf: Uint8Array, a: i32, b: i32): bool {
  if (a < 0 || a >= b || b > buf.length) return false;
  if (isWord(buf, a, b, "inf") || isWord(buf, a, b, "+inf") || isWord(buf, a, b, "-inf")) return true;
  if (isWord(buf, a, b, "nan")) return true;
  const plus = unchecked(buf[a]) == 0x2b; // a < b <= length
  const start = plus ? a + 1 : a;
  // One sign only: after a '+', the JSON shape must not find a '-' of its own.
  if (plus && start < b && unchecked(buf[start]) == 0x2d) return false; // start < b
  return jsonNumberShape(buf, start, b);
}

/** doubleValue converts text that passed isDouble to the nearest f64; text beyond f64's range becomes ±inf. */
export function doubleValue(text: Uint8Array): f64 {
  const n = text.length;
  if (isWord(text, 0, n, "inf") || isWord(text, 0, n, "+inf")) return Infinity;
  if (isWord(text, 0, n, "-inf")) return -Infinity;
  if (n == 0 || isWord(text, 0, n, "nan")) return NaN;
  const start = unchecked(text[0]) == 0x2b ? 1 : 0; // n > 0
  // The JSON layer's reader is correctly rounded, unlike std's parseFloat; a shape isDouble accepted can only
  // fail there by being beyond f64's range.
  let reader = numbers;
  if (reader === null) {
    reader = new NumberReader();
    numbers = reader;
  }
  if (reader.read(text, start) && reader.end == n) return reader.value;
  return start < n && unchecked(text[start]) == 0x2d ? -Infinity : Infinity; // start < n
}

/** isBigNumber checks buf[a..b) against RESP3 Big number: `[+|-]<digits>`, at least one digit. */
export function isBigNumber(buf: Uint8Array, a: i32, b: i32): bool {
  if (a < 0 || a >= b || b > buf.length) return false;
  const c = unchecked(buf[a]); // a < b <= length
  let i = c == 0x2d || c == 0x2b ? a + 1 : a;
  if (i == b) return false;
  for (; i < b; i++) if (!isDigit(unchecked(buf[i]))) return false; // i < b <= length
  return true;
}

// RFC 8259 §6 number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?, over exactly buf[i..b).
function jsonNumberShape(buf: Uint8Array, i: i32, b: i32): bool {
  if (i < b && unchecked(buf[i]) == 0x2d) i++; // i < b <= length
  if (i >= b) return false;
  if (unchecked(buf[i]) == 0x30) i++; // i < b
  else i = digits(buf, i, b);
  if (i < 0) return false;
  if (i < b && unchecked(buf[i]) == 0x2e) i = digits(buf, i + 1, b); // i < b
  if (i < 0) return false;
  if (i < b && (unchecked(buf[i]) | 0x20) == 0x65) { // i < b; 'e' or 'E'
    i++;
    if (i < b && (unchecked(buf[i]) == 0x2b || unchecked(buf[i]) == 0x2d)) i++; // i < b
    i = digits(buf, i, b);
  }
  return i == b;
}

// Skips a run of digits from i (before b); returns where it stopped, or -1 if there was none.
function digits(buf: Uint8Array, i: i32, b: i32): i32 {
  const from = i;
  while (i < b && isDigit(unchecked(buf[i]))) i++; // i < b <= length
  return i > from ? i : -1;
}

function isWord(buf: Uint8Array, a: i32, b: i32, word: string): bool {
  if (b - a != word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if (<i32>unchecked(buf[a + i]) != word.charCodeAt(i)) return false; // a + i < b <= length
  }
  return true;
}

// @ts-ignore: decorator
@inline function isDigit(c: u8): bool {
  return <u32>(c - 0x30) < 10;
}
