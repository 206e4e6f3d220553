// Block scans for the string reader: 16 input bytes per step with WebAssembly SIMD, then byte by byte over the
// last 15 bytes of the input, so no load ever reaches past bytes[len - 1]. Callers pass dataStart and length of
// the input and an offset i <= len.

// @ts-ignore: decorator
@inline const BLOCK: i32 = 16;

/** WIDE is set in stopAt's result when a byte before the stop has its high bit set (non-ASCII). */
export const WIDE: i64 = 1 << 32;

/**
 * stopAt finds where a string's raw run ends: the first '"', '\' or control byte (U+0000..U+001F) at or after i,
 * or len when there is none. It returns that offset in the low 32 bits, with WIDE set if any byte before it is
 * non-ASCII.
 */
// @ts-ignore: decorator
@inline export function stopAt(base: usize, i: i32, len: i32): i64 {
  const quote = i8x16.splat(0x22);
  const slash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  let high = 0;
  while (i <= len - BLOCK) {
    const v = v128.load(base + <usize>i); // i + 16 <= len
    const hit = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, slash)), i8x16.lt_u(v, space)));
    const top = i8x16.bitmask(v); // lanes with the high bit set
    if (hit != 0) {
      const k = ctz(hit);
      high |= top & ((1 << k) - 1); // only lanes before the stop count
      return <i64>(i + k) | (high != 0 ? WIDE : 0);
    }
    high |= top;
    i += BLOCK;
  }
  for (; i < len; i++) {
    const c = <i32>load<u8>(base + <usize>i); // i < len
    if (c == 0x22 || c == 0x5c || c < 0x20) break;
    high |= c & 0x80;
  }
  return <i64>i | (high != 0 ? WIDE : 0);
}

/**
 * plainEnd returns the first offset at or after i whose byte is not plain ASCII text, that is '"', '\', a control
 * byte or a byte >= 0x80; len when every byte up to the end is plain.
 */
export function plainEnd(base: usize, i: i32, len: i32): i32 {
  const quote = i8x16.splat(0x22);
  const slash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  while (i <= len - BLOCK) {
    const v = v128.load(base + <usize>i); // i + 16 <= len
    const odd = v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, slash)), i8x16.lt_u(v, space));
    const hit = i8x16.bitmask(odd) | i8x16.bitmask(v); // the second mask: bytes >= 0x80
    if (hit != 0) return i + ctz(hit);
    i += BLOCK;
  }
  for (; i < len; i++) {
    const c = <u32>load<u8>(base + <usize>i); // i < len
    if (c == 0x22 || c == 0x5c || c < 0x20 || c >= 0x80) break;
  }
  return i;
}

/** widenAscii stores the n ASCII bytes at src as n UTF-16 units at out (both regions owned by the caller). */
// @ts-ignore: decorator
@inline export function widenAscii(out: usize, src: usize, n: i32): void {
  let k = 0;
  // Each step reads src[k..k+8) and writes out[k..k+8) units: k + 8 <= n keeps both inside.
  for (; k <= n - 8; k += 8) v128.store(out + (<usize>k << 1), v128.load8x8_u(src + <usize>k));
  if (k == n) return;
  if (n >= 8) {
    // One overlapping step covers the last n - k < 8 units: it rewrites units n-8..k-1 with the same values.
    v128.store(out + (<usize>(n - 8) << 1), v128.load8x8_u(src + <usize>(n - 8)));
    return;
  }
  for (; k < n; k++) store<u16>(out + (<usize>k << 1), load<u8>(src + <usize>k));
}
