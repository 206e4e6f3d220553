// Counters as Redis stores them: decimal ASCII i64. The parser is as strict as Redis's string2ll, so a value set
// as bytes counts as an integer here exactly when INCR would accept it on the server.

// i64 has at most 19 decimal digits, so 19 digits always fit in a u64 without overflow while accumulating.
// @ts-ignore: decorator
@inline const MAX_DIGITS: i32 = 19;

/** DecimalI64 parses a counter's bytes; reuse one instance to avoid allocating per call. */
export class DecimalI64 {
  /** value is the parsed number after parse() returned true, 0 otherwise. */
  value: i64 = 0;

  /**
   * parse accepts an optional '-' and 1 to 19 digits without leading zeros, within the i64 range. It rejects
   * what Redis rejects: "", "+1", "01", "-0", " 1", "1 ", and anything out of range.
   */
  parse(b: Uint8Array): bool {
    this.value = 0;
    const len = b.length;
    if (len == 0) return false;
    const neg = b[0] == 0x2d; // '-'
    const start = neg ? 1 : 0;
    const digits = len - start;
    if (digits == 0 || digits > MAX_DIGITS) return false;
    const first = b[start];
    if (first == 0x30) return digits == 1 && !neg; // "0" only; "-0" and "007" are not canonical
    let v: u64 = 0;
    for (let i = start; i < len; i++) {
      const d = <u32>b[i] - 0x30;
      if (d > 9) return false;
      v = v * 10 + <u64>d;
    }
    // The magnitude of i64.MIN is one more than i64.MAX.
    const limit: u64 = neg ? <u64>i64.MAX_VALUE + 1 : <u64>i64.MAX_VALUE;
    if (v > limit) return false;
    this.value = neg ? <i64>(0 - v) : <i64>v;
    return true;
  }
}

/** formatI64 returns v in decimal ASCII, the form parse() accepts. */
export function formatI64(v: i64): Uint8Array {
  const neg = v < 0;
  // Unsigned negation gives i64.MIN's magnitude too, which has no positive i64.
  let m: u64 = neg ? 0 - <u64>v : <u64>v;
  let n = neg ? 2 : 1;
  for (let t = m / 10; t != 0; t /= 10) n++;
  const out = new Uint8Array(n);
  if (neg) out[0] = 0x2d;
  for (let i = n - 1; i >= (neg ? 1 : 0); i--) {
    out[i] = <u8>(0x30 + <u32>(m % 10));
    m /= 10;
  }
  return out;
}
