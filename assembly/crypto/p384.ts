// P-384 field arithmetic (FIPS 186-4 §D.1.2.4): p = 2^384 - 2^128 - 2^96 + 2^32 - 1. Schoolbook products from
// ec_limbs.ts, reduced with the NIST fast reduction (FIPS 186-4 §D.2.4): additions of 32-bit words only.

import { limbsMulWide, limbsSqrWide, MASK32 } from "./ec_limbs";

// The 24-limb product between multiplication and reduction; a guest runs one call at a time.
const WIDE = memory.data(24 * 4, 8);

/** p384Mul sets r = a * b mod p for a, b < p (12 limbs each); r may alias a or b. */
export function p384Mul(r: usize, a: usize, b: usize): void {
  limbsMulWide(WIDE, a, b, 12);
  p384ReduceWide(r, WIDE);
}

/** p384Sqr sets r = a^2 mod p for a < p; r may alias a. */
export function p384Sqr(r: usize, a: usize): void {
  limbsSqrWide(WIDE, a, 12);
  p384ReduceWide(r, WIDE);
}

/** p384ReduceWide sets r = t mod p, canonical (< p), for any 24-limb t (768 bits) at t; r may alias t. */
export function p384ReduceWide(r: usize, t: usize): void {
  const a0 = <i64>load<u32>(t), a1 = <i64>load<u32>(t, 4), a2 = <i64>load<u32>(t, 8), a3 = <i64>load<u32>(t, 12);
  const a4 = <i64>load<u32>(t, 16), a5 = <i64>load<u32>(t, 20), a6 = <i64>load<u32>(t, 24);
  const a7 = <i64>load<u32>(t, 28), a8 = <i64>load<u32>(t, 32), a9 = <i64>load<u32>(t, 36);
  const a10 = <i64>load<u32>(t, 40), a11 = <i64>load<u32>(t, 44), a12 = <i64>load<u32>(t, 48);
  const a13 = <i64>load<u32>(t, 52), a14 = <i64>load<u32>(t, 56), a15 = <i64>load<u32>(t, 60);
  const a16 = <i64>load<u32>(t, 64), a17 = <i64>load<u32>(t, 68), a18 = <i64>load<u32>(t, 72);
  const a19 = <i64>load<u32>(t, 76), a20 = <i64>load<u32>(t, 80), a21 = <i64>load<u32>(t, 84);
  const a22 = <i64>load<u32>(t, 88), a23 = <i64>load<u32>(t, 92);
  // FIPS 186-4 §D.2.4: T + 2S1 + S2 + S3 + S4 + S5 + S6 - D1 - D2 - D3, word by word with a signed carry. The
  // sum lies in (-3 * 2^384, 8 * 2^384), so the carry out of word 11 is between -3 and 7.
  let acc: i64 = a0 + a12 + a20 + a21 - a23;
  let r0 = acc & <i64>MASK32; acc >>= 32;
  acc += a1 + a13 + a22 + a23 - a12 - a20;
  let r1 = acc & <i64>MASK32; acc >>= 32;
  acc += a2 + a14 + a23 - a13 - a21;
  let r2 = acc & <i64>MASK32; acc >>= 32;
  acc += a3 + a15 + a12 + a20 + a21 - a14 - a22 - a23;
  let r3 = acc & <i64>MASK32; acc >>= 32;
  acc += a4 + 2 * a21 + a16 + a13 + a12 + a20 + a22 - a15 - 2 * a23;
  let r4 = acc & <i64>MASK32; acc >>= 32;
  acc += a5 + 2 * a22 + a17 + a14 + a13 + a21 + a23 - a16;
  let r5 = acc & <i64>MASK32; acc >>= 32;
  acc += a6 + 2 * a23 + a18 + a15 + a14 + a22 - a17;
  let r6 = acc & <i64>MASK32; acc >>= 32;
  acc += a7 + a19 + a16 + a15 + a23 - a18;
  let r7 = acc & <i64>MASK32; acc >>= 32;
  acc += a8 + a20 + a17 + a16 - a19;
  let r8 = acc & <i64>MASK32; acc >>= 32;
  acc += a9 + a21 + a18 + a17 - a20;
  let r9 = acc & <i64>MASK32; acc >>= 32;
  acc += a10 + a22 + a19 + a18 - a21;
  let r10 = acc & <i64>MASK32; acc >>= 32;
  acc += a11 + a23 + a20 + a19 - a22;
  let r11 = acc & <i64>MASK32;
  let top = acc >> 32;
  // top * 2^384 = top * (2^128 + 2^96 - 2^32 + 1) mod p. As in p256.ts, at most two passes (2^384 - p < 2^129).
  while (top != 0) {
    acc = r0 + top; r0 = acc & <i64>MASK32; acc >>= 32;
    acc += r1 - top; r1 = acc & <i64>MASK32; acc >>= 32;
    acc += r2; r2 = acc & <i64>MASK32; acc >>= 32;
    acc += r3 + top; r3 = acc & <i64>MASK32; acc >>= 32;
    acc += r4 + top; r4 = acc & <i64>MASK32; acc >>= 32;
    acc += r5; r5 = acc & <i64>MASK32; acc >>= 32;
    acc += r6; r6 = acc & <i64>MASK32; acc >>= 32;
    acc += r7; r7 = acc & <i64>MASK32; acc >>= 32;
    acc += r8; r8 = acc & <i64>MASK32; acc >>= 32;
    acc += r9; r9 = acc & <i64>MASK32; acc >>= 32;
    acc += r10; r10 = acc & <i64>MASK32; acc >>= 32;
    acc += r11; r11 = acc & <i64>MASK32;
    top = acc >> 32;
  }
  // 0 <= V < 2^384 < 2p: subtract p once unless that borrows. p's words: ffffffff, 0, 0, ffffffff, fffffffe,
  // then ffffffff x7.
  const M = <i64>MASK32;
  acc = r0 - M; const d0 = acc & M; acc >>= 32;
  acc += r1; const d1 = acc & M; acc >>= 32;
  acc += r2; const d2 = acc & M; acc >>= 32;
  acc += r3 - M; const d3 = acc & M; acc >>= 32;
  acc += r4 - (M - 1); const d4 = acc & M; acc >>= 32;
  acc += r5 - M; const d5 = acc & M; acc >>= 32;
  acc += r6 - M; const d6 = acc & M; acc >>= 32;
  acc += r7 - M; const d7 = acc & M; acc >>= 32;
  acc += r8 - M; const d8 = acc & M; acc >>= 32;
  acc += r9 - M; const d9 = acc & M; acc >>= 32;
  acc += r10 - M; const d10 = acc & M; acc >>= 32;
  acc += r11 - M; const d11 = acc & M; acc >>= 32;
  if (acc == 0) {
    r0 = d0; r1 = d1; r2 = d2; r3 = d3; r4 = d4; r5 = d5; r6 = d6; r7 = d7; r8 = d8; r9 = d9; r10 = d10; r11 = d11;
  }
  store<u32>(r, <u32>r0); store<u32>(r, <u32>r1, 4); store<u32>(r, <u32>r2, 8); store<u32>(r, <u32>r3, 12);
  store<u32>(r, <u32>r4, 16); store<u32>(r, <u32>r5, 20); store<u32>(r, <u32>r6, 24); store<u32>(r, <u32>r7, 28);
  store<u32>(r, <u32>r8, 32); store<u32>(r, <u32>r9, 36); store<u32>(r, <u32>r10, 40); store<u32>(r, <u32>r11, 44);
}
