// P-256 field arithmetic (FIPS 186-4 §D.1.2.3): p = 2^256 - 2^224 + 2^192 + 2^96 - 1. Products are written out
// limb by limb in locals and reduced with the NIST fast reduction (FIPS 186-4 §D.2.3), which needs only additions
// of 32-bit words: P-256 verification spends most of its time here (ec_point.ts), so nothing goes through memory.

import { MASK32 } from "./ec_limbs";

/**
 * p256Mul sets r = a * b mod p for a, b < p (8 limbs each); r may alias a or b. The product is formed column by
 * column (Comba): the low and high halves of each 64-bit partial product go into separate u64 sums, which cannot
 * overflow with at most 8 terms, and the column's carry is their combination.
 */
export function p256Mul(r: usize, a: usize, b: usize): void {
  const a0 = <u64>load<u32>(a), a1 = <u64>load<u32>(a, 4), a2 = <u64>load<u32>(a, 8), a3 = <u64>load<u32>(a, 12);
  const a4 = <u64>load<u32>(a, 16), a5 = <u64>load<u32>(a, 20), a6 = <u64>load<u32>(a, 24), a7 = <u64>load<u32>(a, 28);
  const b0 = <u64>load<u32>(b), b1 = <u64>load<u32>(b, 4), b2 = <u64>load<u32>(b, 8), b3 = <u64>load<u32>(b, 12);
  const b4 = <u64>load<u32>(b, 16), b5 = <u64>load<u32>(b, 20), b6 = <u64>load<u32>(b, 24), b7 = <u64>load<u32>(b, 28);
  let p: u64, l: u64, h: u64, c: u64;
  p = a0 * b0; const t0 = p & MASK32; c = p >> 32;
  p = a0 * b1; l = c + (p & MASK32); h = p >> 32; p = a1 * b0; l += p & MASK32; h += p >> 32;
  const t1 = l & MASK32; c = (l >> 32) + h;
  p = a0 * b2; l = c + (p & MASK32); h = p >> 32; p = a1 * b1; l += p & MASK32; h += p >> 32;
  p = a2 * b0; l += p & MASK32; h += p >> 32; const t2 = l & MASK32; c = (l >> 32) + h;
  p = a0 * b3; l = c + (p & MASK32); h = p >> 32; p = a1 * b2; l += p & MASK32; h += p >> 32;
  p = a2 * b1; l += p & MASK32; h += p >> 32; p = a3 * b0; l += p & MASK32; h += p >> 32;
  const t3 = l & MASK32; c = (l >> 32) + h;
  p = a0 * b4; l = c + (p & MASK32); h = p >> 32; p = a1 * b3; l += p & MASK32; h += p >> 32;
  p = a2 * b2; l += p & MASK32; h += p >> 32; p = a3 * b1; l += p & MASK32; h += p >> 32;
  p = a4 * b0; l += p & MASK32; h += p >> 32; const t4 = l & MASK32; c = (l >> 32) + h;
  p = a0 * b5; l = c + (p & MASK32); h = p >> 32; p = a1 * b4; l += p & MASK32; h += p >> 32;
  p = a2 * b3; l += p & MASK32; h += p >> 32; p = a3 * b2; l += p & MASK32; h += p >> 32;
  p = a4 * b1; l += p & MASK32; h += p >> 32; p = a5 * b0; l += p & MASK32; h += p >> 32;
  const t5 = l & MASK32; c = (l >> 32) + h;
  p = a0 * b6; l = c + (p & MASK32); h = p >> 32; p = a1 * b5; l += p & MASK32; h += p >> 32;
  p = a2 * b4; l += p & MASK32; h += p >> 32; p = a3 * b3; l += p & MASK32; h += p >> 32;
  p = a4 * b2; l += p & MASK32; h += p >> 32; p = a5 * b1; l += p & MASK32; h += p >> 32;
  p = a6 * b0; l += p & MASK32; h += p >> 32; const t6 = l & MASK32; c = (l >> 32) + h;
  p = a0 * b7; l = c + (p & MASK32); h = p >> 32; p = a1 * b6; l += p & MASK32; h += p >> 32;
  p = a2 * b5; l += p & MASK32; h += p >> 32; p = a3 * b4; l += p & MASK32; h += p >> 32;
  p = a4 * b3; l += p & MASK32; h += p >> 32; p = a5 * b2; l += p & MASK32; h += p >> 32;
  p = a6 * b1; l += p & MASK32; h += p >> 32; p = a7 * b0; l += p & MASK32; h += p >> 32;
  const t7 = l & MASK32; c = (l >> 32) + h;
  p = a1 * b7; l = c + (p & MASK32); h = p >> 32; p = a2 * b6; l += p & MASK32; h += p >> 32;
  p = a3 * b5; l += p & MASK32; h += p >> 32; p = a4 * b4; l += p & MASK32; h += p >> 32;
  p = a5 * b3; l += p & MASK32; h += p >> 32; p = a6 * b2; l += p & MASK32; h += p >> 32;
  p = a7 * b1; l += p & MASK32; h += p >> 32; const t8 = l & MASK32; c = (l >> 32) + h;
  p = a2 * b7; l = c + (p & MASK32); h = p >> 32; p = a3 * b6; l += p & MASK32; h += p >> 32;
  p = a4 * b5; l += p & MASK32; h += p >> 32; p = a5 * b4; l += p & MASK32; h += p >> 32;
  p = a6 * b3; l += p & MASK32; h += p >> 32; p = a7 * b2; l += p & MASK32; h += p >> 32;
  const t9 = l & MASK32; c = (l >> 32) + h;
  p = a3 * b7; l = c + (p & MASK32); h = p >> 32; p = a4 * b6; l += p & MASK32; h += p >> 32;
  p = a5 * b5; l += p & MASK32; h += p >> 32; p = a6 * b4; l += p & MASK32; h += p >> 32;
  p = a7 * b3; l += p & MASK32; h += p >> 32; const t10 = l & MASK32; c = (l >> 32) + h;
  p = a4 * b7; l = c + (p & MASK32); h = p >> 32; p = a5 * b6; l += p & MASK32; h += p >> 32;
  p = a6 * b5; l += p & MASK32; h += p >> 32; p = a7 * b4; l += p & MASK32; h += p >> 32;
  const t11 = l & MASK32; c = (l >> 32) + h;
  p = a5 * b7; l = c + (p & MASK32); h = p >> 32; p = a6 * b6; l += p & MASK32; h += p >> 32;
  p = a7 * b5; l += p & MASK32; h += p >> 32; const t12 = l & MASK32; c = (l >> 32) + h;
  p = a6 * b7; l = c + (p & MASK32); h = p >> 32; p = a7 * b6; l += p & MASK32; h += p >> 32;
  const t13 = l & MASK32; c = (l >> 32) + h;
  p = a7 * b7; l = c + (p & MASK32); h = p >> 32; const t14 = l & MASK32; c = (l >> 32) + h;
  const t15 = c;
  reduce(r, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15);
}

/** p256Sqr sets r = a^2 mod p for a < p; r may alias a. Each cross product a[i]*a[j] (i < j) is taken once, doubled. */
export function p256Sqr(r: usize, a: usize): void {
  const a0 = <u64>load<u32>(a), a1 = <u64>load<u32>(a, 4), a2 = <u64>load<u32>(a, 8), a3 = <u64>load<u32>(a, 12);
  const a4 = <u64>load<u32>(a, 16), a5 = <u64>load<u32>(a, 20), a6 = <u64>load<u32>(a, 24), a7 = <u64>load<u32>(a, 28);
  let p: u64, l: u64, h: u64, c: u64;
  p = a0 * a0; const t0 = p & MASK32; c = p >> 32;
  p = a0 * a1; l = p & MASK32; h = p >> 32; l = (l << 1) + c; h <<= 1; const t1 = l & MASK32; c = (l >> 32) + h;
  p = a0 * a2; l = p & MASK32; h = p >> 32; p = a1 * a1; l = (l << 1) + c + (p & MASK32); h = (h << 1) + (p >> 32);
  const t2 = l & MASK32; c = (l >> 32) + h;
  p = a0 * a3; l = p & MASK32; h = p >> 32; p = a1 * a2; l += p & MASK32; h += p >> 32; l = (l << 1) + c; h <<= 1;
  const t3 = l & MASK32; c = (l >> 32) + h;
  p = a0 * a4; l = p & MASK32; h = p >> 32; p = a1 * a3; l += p & MASK32; h += p >> 32;
  p = a2 * a2; l = (l << 1) + c + (p & MASK32); h = (h << 1) + (p >> 32); const t4 = l & MASK32; c = (l >> 32) + h;
  p = a0 * a5; l = p & MASK32; h = p >> 32; p = a1 * a4; l += p & MASK32; h += p >> 32;
  p = a2 * a3; l += p & MASK32; h += p >> 32; l = (l << 1) + c; h <<= 1; const t5 = l & MASK32; c = (l >> 32) + h;
  p = a0 * a6; l = p & MASK32; h = p >> 32; p = a1 * a5; l += p & MASK32; h += p >> 32;
  p = a2 * a4; l += p & MASK32; h += p >> 32;
  p = a3 * a3; l = (l << 1) + c + (p & MASK32); h = (h << 1) + (p >> 32); const t6 = l & MASK32; c = (l >> 32) + h;
  p = a0 * a7; l = p & MASK32; h = p >> 32; p = a1 * a6; l += p & MASK32; h += p >> 32;
  p = a2 * a5; l += p & MASK32; h += p >> 32; p = a3 * a4; l += p & MASK32; h += p >> 32;
  l = (l << 1) + c; h <<= 1; const t7 = l & MASK32; c = (l >> 32) + h;
  p = a1 * a7; l = p & MASK32; h = p >> 32; p = a2 * a6; l += p & MASK32; h += p >> 32;
  p = a3 * a5; l += p & MASK32; h += p >> 32;
  p = a4 * a4; l = (l << 1) + c + (p & MASK32); h = (h << 1) + (p >> 32); const t8 = l & MASK32; c = (l >> 32) + h;
  p = a2 * a7; l = p & MASK32; h = p >> 32; p = a3 * a6; l += p & MASK32; h += p >> 32;
  p = a4 * a5; l += p & MASK32; h += p >> 32; l = (l << 1) + c; h <<= 1; const t9 = l & MASK32; c = (l >> 32) + h;
  p = a3 * a7; l = p & MASK32; h = p >> 32; p = a4 * a6; l += p & MASK32; h += p >> 32;
  p = a5 * a5; l = (l << 1) + c + (p & MASK32); h = (h << 1) + (p >> 32);
  const t10 = l & MASK32; c = (l >> 32) + h;
  p = a4 * a7; l = p & MASK32; h = p >> 32; p = a5 * a6; l += p & MASK32; h += p >> 32; l = (l << 1) + c; h <<= 1;
  const t11 = l & MASK32; c = (l >> 32) + h;
  p = a5 * a7; l = p & MASK32; h = p >> 32; p = a6 * a6; l = (l << 1) + c + (p & MASK32); h = (h << 1) + (p >> 32);
  const t12 = l & MASK32; c = (l >> 32) + h;
  p = a6 * a7; l = p & MASK32; h = p >> 32; l = (l << 1) + c; h <<= 1; const t13 = l & MASK32; c = (l >> 32) + h;
  p = a7 * a7; l = c + (p & MASK32); h = p >> 32; const t14 = l & MASK32; c = (l >> 32) + h;
  const t15 = c;
  reduce(r, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15);
}

/** p256ReduceWide sets r = t mod p for any 16-limb t (512 bits) at t: the reduction of p256Mul, for tests. */
export function p256ReduceWide(r: usize, t: usize): void {
  reduce(r,
    <u64>load<u32>(t), <u64>load<u32>(t, 4), <u64>load<u32>(t, 8), <u64>load<u32>(t, 12),
    <u64>load<u32>(t, 16), <u64>load<u32>(t, 20), <u64>load<u32>(t, 24), <u64>load<u32>(t, 28),
    <u64>load<u32>(t, 32), <u64>load<u32>(t, 36), <u64>load<u32>(t, 40), <u64>load<u32>(t, 44),
    <u64>load<u32>(t, 48), <u64>load<u32>(t, 52), <u64>load<u32>(t, 56), <u64>load<u32>(t, 60));
}

// reduce stores at r the canonical residue (< p) of the 512-bit value whose 32-bit words, least significant first,
// are a0..a15 (each below 2^32). Inlined into p256Mul and p256Sqr so that the product never leaves locals.
// @ts-ignore: decorator
@inline function reduce(
  r: usize, a0: u64, a1: u64, a2: u64, a3: u64, a4: u64, a5: u64, a6: u64, a7: u64,
  a8: u64, a9: u64, a10: u64, a11: u64, a12: u64, a13: u64, a14: u64, a15: u64,
): void {
  // FIPS 186-4 §D.2.3: T + 2S1 + 2S2 + S3 + S4 - D1 - D2 - D3 - D4, summed word by word with a signed carry.
  // The sum lies in (-4 * 2^256, 7 * 2^256), so the carry out of word 7 is between -4 and 6.
  let acc: i64 = <i64>(a0 + a8 + a9) - <i64>(a11 + a12 + a13 + a14);
  let r0 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>(a1 + a9 + a10) - <i64>(a12 + a13 + a14 + a15);
  let r1 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>(a2 + a10 + a11) - <i64>(a13 + a14 + a15);
  let r2 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>(a3 + 2 * (a11 + a12) + a13) - <i64>(a15 + a8 + a9);
  let r3 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>(a4 + 2 * (a12 + a13) + a14) - <i64>(a9 + a10);
  let r4 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>(a5 + 2 * (a13 + a14) + a15) - <i64>(a10 + a11);
  let r5 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>(a6 + 3 * a14 + 2 * a15 + a13) - <i64>(a8 + a9);
  let r6 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>(a7 + 3 * a15 + a8) - <i64>(a10 + a11 + a12 + a13);
  let r7 = acc & <i64>MASK32;
  let top = acc >> 32;
  // top * 2^256 = top * (2^224 - 2^192 - 2^96 + 1) mod p. Each pass replaces V by V - top * p: the first leaves
  // top in {-1, 0, 1}, and a second always leaves 0 (2^256 - p < 2^224), so the loop runs at most twice.
  while (top != 0) {
    acc = r0 + top; r0 = acc & <i64>MASK32; acc >>= 32;
    acc += r1; r1 = acc & <i64>MASK32; acc >>= 32;
    acc += r2; r2 = acc & <i64>MASK32; acc >>= 32;
    acc += r3 - top; r3 = acc & <i64>MASK32; acc >>= 32;
    acc += r4; r4 = acc & <i64>MASK32; acc >>= 32;
    acc += r5; r5 = acc & <i64>MASK32; acc >>= 32;
    acc += r6 - top; r6 = acc & <i64>MASK32; acc >>= 32;
    acc += r7 + top; r7 = acc & <i64>MASK32;
    top = acc >> 32;
  }
  // Now 0 <= V < 2^256 < 2p: subtract p once if that does not borrow. p's words: ffffffff x3, 0 x3, 1, ffffffff.
  acc = r0 - <i64>MASK32; const d0 = acc & <i64>MASK32; acc >>= 32;
  acc += r1 - <i64>MASK32; const d1 = acc & <i64>MASK32; acc >>= 32;
  acc += r2 - <i64>MASK32; const d2 = acc & <i64>MASK32; acc >>= 32;
  acc += r3; const d3 = acc & <i64>MASK32; acc >>= 32;
  acc += r4; const d4 = acc & <i64>MASK32; acc >>= 32;
  acc += r5; const d5 = acc & <i64>MASK32; acc >>= 32;
  acc += r6 - 1; const d6 = acc & <i64>MASK32; acc >>= 32;
  acc += r7 - <i64>MASK32; const d7 = acc & <i64>MASK32; acc >>= 32;
  if (acc == 0) {
    r0 = d0; r1 = d1; r2 = d2; r3 = d3; r4 = d4; r5 = d5; r6 = d6; r7 = d7;
  }
  store<u32>(r, <u32>r0); store<u32>(r, <u32>r1, 4); store<u32>(r, <u32>r2, 8); store<u32>(r, <u32>r3, 12);
  store<u32>(r, <u32>r4, 16); store<u32>(r, <u32>r5, 20); store<u32>(r, <u32>r6, 24); store<u32>(r, <u32>r7, 28);
}

/** p256Add sets r = a + b mod p for a, b < p; r may alias a or b. */
export function p256Add(r: usize, a: usize, b: usize): void {
  let c: u64 = <u64>load<u32>(a) + <u64>load<u32>(b);
  let r0 = c & MASK32; c >>= 32;
  c += <u64>load<u32>(a, 4) + <u64>load<u32>(b, 4); let r1 = c & MASK32; c >>= 32;
  c += <u64>load<u32>(a, 8) + <u64>load<u32>(b, 8); let r2 = c & MASK32; c >>= 32;
  c += <u64>load<u32>(a, 12) + <u64>load<u32>(b, 12); let r3 = c & MASK32; c >>= 32;
  c += <u64>load<u32>(a, 16) + <u64>load<u32>(b, 16); let r4 = c & MASK32; c >>= 32;
  c += <u64>load<u32>(a, 20) + <u64>load<u32>(b, 20); let r5 = c & MASK32; c >>= 32;
  c += <u64>load<u32>(a, 24) + <u64>load<u32>(b, 24); let r6 = c & MASK32; c >>= 32;
  c += <u64>load<u32>(a, 28) + <u64>load<u32>(b, 28); let r7 = c & MASK32; c >>= 32;
  // a + b < 2p: subtract p when the sum carried out of 256 bits or the subtraction does not borrow.
  let acc: i64 = <i64>r0 - <i64>MASK32; const d0 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>r1 - <i64>MASK32; const d1 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>r2 - <i64>MASK32; const d2 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>r3; const d3 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>r4; const d4 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>r5; const d5 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>r6 - 1; const d6 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>r7 - <i64>MASK32; const d7 = acc & <i64>MASK32; acc >>= 32;
  if (c != 0 || acc == 0) {
    r0 = d0; r1 = d1; r2 = d2; r3 = d3; r4 = d4; r5 = d5; r6 = d6; r7 = d7;
  }
  store<u32>(r, <u32>r0); store<u32>(r, <u32>r1, 4); store<u32>(r, <u32>r2, 8); store<u32>(r, <u32>r3, 12);
  store<u32>(r, <u32>r4, 16); store<u32>(r, <u32>r5, 20); store<u32>(r, <u32>r6, 24); store<u32>(r, <u32>r7, 28);
}

/** p256Sub sets r = a - b mod p for a, b < p; r may alias a or b. */
export function p256Sub(r: usize, a: usize, b: usize): void {
  let acc: i64 = <i64>load<u32>(a) - <i64>load<u32>(b);
  let r0 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>load<u32>(a, 4) - <i64>load<u32>(b, 4); let r1 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>load<u32>(a, 8) - <i64>load<u32>(b, 8); let r2 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>load<u32>(a, 12) - <i64>load<u32>(b, 12); let r3 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>load<u32>(a, 16) - <i64>load<u32>(b, 16); let r4 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>load<u32>(a, 20) - <i64>load<u32>(b, 20); let r5 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>load<u32>(a, 24) - <i64>load<u32>(b, 24); let r6 = acc & <i64>MASK32; acc >>= 32;
  acc += <i64>load<u32>(a, 28) - <i64>load<u32>(b, 28); let r7 = acc & <i64>MASK32; acc >>= 32;
  // A borrow means a - b + 2^256 was computed: add p, and the carry out of 256 bits cancels the 2^256.
  if (acc != 0) {
    acc = r0 + <i64>MASK32; r0 = acc & <i64>MASK32; acc >>= 32;
    acc += r1 + <i64>MASK32; r1 = acc & <i64>MASK32; acc >>= 32;
    acc += r2 + <i64>MASK32; r2 = acc & <i64>MASK32; acc >>= 32;
    acc += r3; r3 = acc & <i64>MASK32; acc >>= 32;
    acc += r4; r4 = acc & <i64>MASK32; acc >>= 32;
    acc += r5; r5 = acc & <i64>MASK32; acc >>= 32;
    acc += r6 + 1; r6 = acc & <i64>MASK32; acc >>= 32;
    acc += r7 + <i64>MASK32; r7 = acc & <i64>MASK32;
  }
  store<u32>(r, <u32>r0); store<u32>(r, <u32>r1, 4); store<u32>(r, <u32>r2, 8); store<u32>(r, <u32>r3, 12);
  store<u32>(r, <u32>r4, 16); store<u32>(r, <u32>r5, 20); store<u32>(r, <u32>r6, 24); store<u32>(r, <u32>r7, 28);
}
