// P-521 field arithmetic (FIPS 186-4 §D.1.2.5): p = 2^521 - 1, a Mersenne prime, so reduction is a shift and an
// addition (FIPS 186-4 §D.2.5): 2^521 = 1 mod p. Elements are 17 limbs with 9 bits in the top one.

import { limbsMulWide, limbsSqrWide } from "./ec_limbs";

// The 34-limb product between multiplication and reduction; a guest runs one call at a time.
const WIDE = memory.data(34 * 4, 8);

/** p521Mul sets r = a * b mod p for a, b < p (17 limbs each); r may alias a or b. */
export function p521Mul(r: usize, a: usize, b: usize): void {
  limbsMulWide(WIDE, a, b, 17);
  p521ReduceWide(r, WIDE);
}

/** p521Sqr sets r = a^2 mod p for a < p; r may alias a. */
export function p521Sqr(r: usize, a: usize): void {
  limbsSqrWide(WIDE, a, 17);
  p521ReduceWide(r, WIDE);
}

/**
 * p521ReduceWide sets r = t mod p, canonical (< p), for a 34-limb t below 2^1042 (any product of two elements);
 * r must not overlap t.
 */
export function p521ReduceWide(r: usize, t: usize): void {
  // t = hi * 2^521 + lo = hi + lo mod p, where lo is bits 0..520 and hi bits 521.. (below 2^521).
  let c: u64 = 0;
  for (let i: usize = 0; i < 17; i++) {
    const o = i << 2;
    const lo = i == 16 ? load<u32>(t + o) & 0x1ff : load<u32>(t + o);
    // Bits 521 + 32i .. 552 + 32i: the top 23 bits of limb 16 + i and the low 9 of limb 17 + i.
    const hi = (load<u32>(t + 64 + o) >>> 9) | (load<u32>(t + 68 + o) << 23);
    c += <u64>lo + <u64>hi;
    store<u32>(r + o, <u32>c);
    c >>= 32;
  }
  // hi + lo < 2^522: fold bit 521 back in. The result is at most p, and p itself means 0.
  let top = load<u32>(r + 64);
  c = <u64>(top >>> 9);
  store<u32>(r + 64, top & 0x1ff);
  for (let i: usize = 0; i < 17 && c != 0; i++) {
    c += <u64>load<u32>(r + (i << 2));
    store<u32>(r + (i << 2), <u32>c);
    c >>= 32;
  }
  if (isP(r)) memory.fill(r, 0, 68);
}

// isP reports whether the 17 limbs at r are p: 521 one bits.
function isP(r: usize): bool {
  let acc: u32 = 0xffffffff;
  for (let i: usize = 0; i < 16; i++) acc &= load<u32>(r + (i << 2));
  return acc == 0xffffffff && load<u32>(r + 64) == 0x1ff;
}
