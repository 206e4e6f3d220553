// Reads one JSON number (RFC 8259 §6) and converts it to the nearest f64, correctly rounded (ties to even) for
// every input: exact f64 arithmetic when Clinger's fast path applies, else Go strconv's decimal algorithm.

import { JsonErr } from "./errors";

// Digits kept by the slow path. Go strconv keeps 800: an exact f64 halfway point has at most 767 significant
// digits, and a `trunc` flag records any nonzero digit dropped beyond them, which settles every tie.
// @ts-ignore: decorator
@inline const DEC_DIGITS: i32 = 800;
// A left shift by up to MAX_SHIFT bits adds at most 19 digits (2^60 < 10^19), written ahead of the old ones.
// @ts-ignore: decorator
@inline const SHIFT_ROOM: i32 = 19;
// Largest shift per pass: the u64 accumulator must hold (2^k - 1) * 10 + 9.
// @ts-ignore: decorator
@inline const MAX_SHIFT: i32 = 60;
// Exponent digits beyond this value cannot change the result (the value is already 0 or infinite).
// @ts-ignore: decorator
@inline const EXP_CLAMP: i32 = 100000;

// 10^0..10^22 are exact in f64: the fast path's only multiplier.
const POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
// Go strconv powtab: binary shift that brings a decimal with dp digits before the point below 1.
const POWTAB: StaticArray<i32> = [1, 3, 6, 9, 13, 16, 19, 23, 26];

/** NumberReader validates and converts JSON numbers. After read(), `value` and `end` are set, or `err`. */
export class NumberReader {
  err: JsonErr = JsonErr.Ok;
  end: i32 = 0;
  value: f64 = 0;
  private dec: Decimal | null = null;

  /** read scans the number starting at bytes[pos] (a '-' or a digit, per the caller's dispatch). */
  read(bytes: Uint8Array, pos: i32): bool {
    this.err = JsonErr.Ok;
    const base = bytes.dataStart;
    const len = bytes.length;
    let i = pos;
    if (byteAt(base, len, i) == 0x2d) i++;
    // RFC 8259 §6: int = zero / ( digit1-9 *DIGIT ); a leading zero is followed by no digit.
    const first = byteAt(base, len, i);
    if (first == 0x30) {
      i++;
      if (isDigit(byteAt(base, len, i))) return this.fail(i);
    } else if (first >= 0x31 && first <= 0x39) {
      while (isDigit(byteAt(base, len, i))) i++;
    } else {
      return this.fail(i);
    }
    // RFC 8259 §6: frac = decimal-point 1*DIGIT.
    if (byteAt(base, len, i) == 0x2e) {
      i++;
      if (!isDigit(byteAt(base, len, i))) return this.fail(i);
      while (isDigit(byteAt(base, len, i))) i++;
    }
    // RFC 8259 §6: exp = e [ minus / plus ] 1*DIGIT.
    const e = byteAt(base, len, i);
    if (e == 0x65 || e == 0x45) {
      i++;
      const s = byteAt(base, len, i);
      if (s == 0x2b || s == 0x2d) i++;
      if (!isDigit(byteAt(base, len, i))) return this.fail(i);
      while (isDigit(byteAt(base, len, i))) i++;
    }
    this.end = i;
    const v = this.convert(base, len, pos, i);
    // RFC 8259 §9 lets a parser limit the range of numbers; infinities have no JSON form, so reject them.
    if (!isFinite(v)) return this.fail(pos);
    this.value = v;
    return true;
  }

  // Converts a validated number token bytes[start..stop).
  private convert(base: usize, len: i32, start: i32, stop: i32): f64 {
    const neg = byteAt(base, len, start) == 0x2d;
    let mant: u64 = 0;
    let nd = 0; // significant digits, leading zeros excluded
    let dp = 0; // decimal point position relative to the first significant digit
    let sawDot = false;
    let i = neg ? start + 1 : start;
    for (; i < stop; i++) {
      const c = byteAt(base, len, i);
      if (c == 0x2e) { sawDot = true; continue; }
      if (!isDigit(c)) break;
      if (nd == 0 && c == 0x30) {
        if (sawDot) dp--;
        continue;
      }
      if (!sawDot) dp++;
      if (nd < 19) mant = mant * 10 + <u64>(c - 0x30);
      nd++;
    }
    const e10 = dp - nd + readExponent(base, len, i, stop);
    let v: f64 = 0;
    // Clinger's fast path: a mantissa below 10^15 < 2^53 and a power of ten up to 10^22 are both exact,
    // so one IEEE multiply or divide rounds correctly.
    if (nd == 0) {
      v = 0;
    } else if (nd <= 15 && e10 >= -22 && e10 <= 22 + 15 - nd) {
      v = <f64>mant;
      if (e10 < 0) v /= unchecked(POW10[-e10]); // -22 <= e10 < 0
      else if (e10 <= 22) v *= unchecked(POW10[e10]); // 0 <= e10 <= 22
      else v = v * unchecked(POW10[e10 - 22]) * 1e22; // 22 < e10 <= 37 - nd, so the product stays below 10^15
    } else {
      let dec = this.dec;
      if (dec === null) this.dec = dec = new Decimal();
      v = dec.convert(base, len, neg ? start + 1 : start, stop);
    }
    return neg ? -v : v;
  }

  private fail(at: i32): bool {
    this.err = JsonErr.BadNumber;
    this.end = at;
    return false;
  }
}

// Go strconv's arbitrary-precision decimal (src/strconv/decimal.go), digits stored as 0..9.
class Decimal {
  d: StaticArray<u8> = new StaticArray<u8>(DEC_DIGITS + SHIFT_ROOM + 1);
  nd: i32 = 0;
  dp: i32 = 0;
  trunc: bool = false;

  // Loads a validated unsigned token bytes[start..stop) and returns its f64 value (Infinity on overflow).
  convert(base: usize, len: i32, start: i32, stop: i32): f64 {
    this.nd = 0;
    this.dp = 0;
    this.trunc = false;
    let sawDot = false;
    let i = start;
    for (; i < stop; i++) {
      const c = byteAt(base, len, i);
      if (c == 0x2e) { sawDot = true; continue; }
      if (!isDigit(c)) break;
      if (this.nd == 0 && c == 0x30) {
        if (sawDot) this.dp--;
        continue;
      }
      if (!sawDot) this.dp++;
      if (this.nd < DEC_DIGITS) this.d[this.nd++] = <u8>(c - 0x30);
      else if (c != 0x30) this.trunc = true;
    }
    this.trim();
    if (this.nd == 0) return 0;
    this.dp += readExponent(base, len, i, stop);
    return this.toF64();
  }

  // Go strconv decimal.floatBits for float64 (52 mantissa bits, bias -1023).
  private toF64(): f64 {
    // Obvious overflow and underflow: 10^310 > f64 max; 10^-330 is below half the smallest subnormal.
    if (this.dp > 310) return Infinity;
    if (this.dp < -330) return 0;
    // Scale by powers of two until the value is in [0.5, 1).
    let exp = 0;
    while (this.dp > 0) {
      const n = this.dp >= POWTAB.length ? 27 : POWTAB[this.dp];
      this.shift(-n);
      exp += n;
    }
    while (this.nd > 0 && (this.dp < 0 || (this.dp == 0 && this.d[0] < 5))) {
      const n = -this.dp >= POWTAB.length ? 27 : POWTAB[-this.dp];
      this.shift(n);
      exp -= n;
    }
    exp--; // our range is [0.5, 1) but the f64 significand is in [1, 2)
    if (exp < -1022) { // below the smallest normal exponent: denormalize
      const n = -1022 - exp;
      this.shift(-n);
      exp += n;
    }
    if (exp + 1023 >= 0x7ff) return Infinity;
    this.shift(53);
    let mant = this.roundedInteger();
    if (mant == (<u64>2 << 52)) { // rounding carried into a new bit
      mant >>= 1;
      exp++;
      if (exp + 1023 >= 0x7ff) return Infinity;
    }
    if ((mant & (<u64>1 << 52)) == 0) exp = -1023; // subnormal
    const bits = (mant & ((<u64>1 << 52) - 1)) | (<u64>((exp + 1023) & 0x7ff) << 52);
    return reinterpret<f64>(bits);
  }

  private shift(k: i32): void {
    if (this.nd == 0) return;
    if (k > 0) {
      for (; k > MAX_SHIFT; k -= MAX_SHIFT) this.leftShift(MAX_SHIFT);
      this.leftShift(k);
    } else if (k < 0) {
      for (; k < -MAX_SHIFT; k += MAX_SHIFT) this.rightShift(MAX_SHIFT);
      this.rightShift(-k);
    }
  }

  // Multiplies by 2^k, writing from the right SHIFT_ROOM places ahead, then moving the result to index 0.
  private leftShift(k: i32): void {
    const d = this.d;
    let w = this.nd + SHIFT_ROOM;
    let n: u64 = 0;
    for (let r = this.nd - 1; r >= 0; r--) {
      n += <u64>d[r] << k;
      const q = n / 10;
      d[--w] = <u8>(n - q * 10);
      n = q;
    }
    while (n > 0) {
      const q = n / 10;
      d[--w] = <u8>(n - q * 10);
      n = q;
    }
    const written = this.nd + SHIFT_ROOM - w;
    memory.copy(changetype<usize>(d), changetype<usize>(d) + <usize>w, <usize>written); // w >= 0: see SHIFT_ROOM
    this.dp += written - this.nd;
    this.nd = written;
    if (this.nd > DEC_DIGITS) {
      for (let i = DEC_DIGITS; i < this.nd; i++) if (d[i] != 0) this.trunc = true;
      this.nd = DEC_DIGITS;
    }
    this.trim();
  }

  // Divides by 2^k (Go strconv rightShift).
  private rightShift(k: i32): void {
    const d = this.d;
    let r = 0;
    let w = 0;
    let n: u64 = 0;
    // Pick up enough leading digits to cover the first shift.
    while ((n >> k) == 0) {
      if (r >= this.nd) {
        if (n == 0) { this.nd = 0; return; }
        while ((n >> k) == 0) { n *= 10; r++; }
        break;
      }
      n = n * 10 + <u64>d[r++];
    }
    this.dp -= r - 1;
    const mask: u64 = (<u64>1 << k) - 1;
    for (; r < this.nd; r++) {
      const c = <u64>d[r];
      d[w++] = <u8>(n >> k);
      n = (n & mask) * 10 + c;
    }
    while (n > 0) {
      const dig = n >> k;
      n &= mask;
      if (w < DEC_DIGITS) d[w++] = <u8>dig;
      else if (dig > 0) this.trunc = true;
      n *= 10;
    }
    this.nd = w;
    this.trim();
  }

  // The integer part, rounded half to even (Go strconv RoundedInteger and shouldRoundUp).
  private roundedInteger(): u64 {
    if (this.dp > 20) return u64.MAX_VALUE;
    let n: u64 = 0;
    let i = 0;
    for (; i < this.dp && i < this.nd; i++) n = n * 10 + <u64>this.d[i];
    for (; i < this.dp; i++) n *= 10;
    const at = this.dp;
    if (at < 0 || at >= this.nd) return n;
    const digit = this.d[at];
    const up = digit == 5 && at + 1 == this.nd
      ? this.trunc || (at > 0 && (this.d[at - 1] & 1) == 1)
      : digit >= 5;
    return up ? n + 1 : n;
  }

  private trim(): void {
    while (this.nd > 0 && this.d[this.nd - 1] == 0) this.nd--;
    if (this.nd == 0) this.dp = 0;
  }
}

// Reads the signed exponent after 'e' or 'E' at bytes[i], clamped to ±EXP_CLAMP; 0 when there is none.
function readExponent(base: usize, len: i32, i: i32, stop: i32): i32 {
  if (i >= stop) return 0;
  i++; // the 'e' or 'E'
  let sign = 1;
  const s = byteAt(base, len, i);
  if (s == 0x2d || s == 0x2b) {
    if (s == 0x2d) sign = -1;
    i++;
  }
  let e = 0;
  for (; i < stop; i++) {
    if (e < EXP_CLAMP) e = e * 10 + (byteAt(base, len, i) - 0x30);
  }
  return sign * e;
}

// Returns base[i], or -1 past the end, so callers can read ahead without their own bounds checks.
// @ts-ignore: decorator
@inline function byteAt(base: usize, len: i32, i: i32): i32 {
  return <u32>i < <u32>len ? <i32>load<u8>(base + <usize>i) : -1; // bounds checked in the condition
}

// @ts-ignore: decorator
@inline function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}
