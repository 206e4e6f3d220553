// Arithmetic in GF(2^255 - 19) for Ed25519 (ed25519_point.ts). An element is 10 signed limbs of 26 and 25 bits
// alternately (radix 2^25.5): wasm has a 64x64->64 multiply but no 128-bit product, so 51-bit limbs do not fit,
// while 25.5-bit limbs make every product fit an i64 with room for the 19*2 folding factors. That costs 100 i64
// multiplies per product (55 per square) against 256 for 16-bit limbs. Values are public (signature verification),
// so nothing here is constant time.
//
// An element lives in 40 bytes of linear memory (ten i32 limbs, limb i at byte 4i, weight 2^ceil(25.5 i)) and is
// passed as its address, a Fe. Callers own that memory; no function allocates. Outputs may alias inputs: every
// function reads all its inputs before it writes.

/** Fe is the address of 40 bytes holding one field element as ten i32 limbs. */
export type Fe = usize;

/** FE_BYTES is the storage size of one element; FE_ENCODED_BYTES the length of its little-endian encoding. */
export const FE_BYTES: usize = 40;
export const FE_ENCODED_BYTES: i32 = 32;

// Limb bounds, which every caller keeps (ed25519_point.ts states them per formula). A "reduced" element (the output
// of feMul, feSq or feFromBytes, or a constant) has limbs below 2^26 (even i) and 2^25 (odd i) in magnitude, up to
// a few bits more in limbs 1 and 5. Its "scale" is 1; a sum or difference of n reduced elements has scale n. feMul
// needs scale(f) * scale(g) <= 8 and feSq scale(f) <= 2: the largest sum of products is then 8 * 124.5 * 2^52
// < 2^62, so no i64 overflows.

// @ts-ignore: decorator
@inline const MASK26: i64 = 0x3ffffff;
// @ts-ignore: decorator
@inline const MASK25: i64 = 0x1ffffff;

/** FE_D is the curve constant d = -121665/121666 (RFC 8032 §5.1). */
export const FE_D: Fe = memory.data<i32>([
  56195235, 13857412, 51736253, 6949390, 114729, 24766616, 60832955, 30306712, 48412415, 21499315,
]);
/** FE_D2 is 2d, used by the cached point form (ed25519_point.ts). */
export const FE_D2: Fe = memory.data<i32>([
  45281625, 27714825, 36363642, 13898781, 229458, 15978800, 54557047, 27058993, 29715967, 9444199,
]);
/** FE_SQRTM1 is the square root of -1, 2^((p-1)/4) (RFC 8032 §5.1.3 step 3). */
export const FE_SQRTM1: Fe = memory.data<i32>([
  34513072, 25610706, 9377949, 3500415, 12389472, 33281959, 41962654, 31548777, 326685, 11406482,
]);

// Scratch for the exponentiations and comparisons: a guest runs one call at a time, and no function below calls
// another that uses the same slots.
const T0: Fe = memory.data(40, 8);
const T1: Fe = memory.data(40, 8);
const T2: Fe = memory.data(40, 8);
const T3: Fe = memory.data(40, 8);
const SQ_V3: Fe = memory.data(40, 8);
const SQ_CHECK: Fe = memory.data(40, 8);
const BYTES_A: usize = memory.data(32, 8);
const BYTES_B: usize = memory.data(32, 8);
const LIMBS: usize = memory.data(40, 8);

/** feZero and feOne set h to 0 and 1. */
export function feZero(h: Fe): void {
  memory.fill(h, 0, FE_BYTES);
}
export function feOne(h: Fe): void {
  memory.fill(h, 0, FE_BYTES);
  store<i32>(h, 1);
}

/** feCopy sets h = f. */
export function feCopy(h: Fe, f: Fe): void {
  memory.copy(h, f, FE_BYTES);
}

/** feAdd sets h = f + g limb by limb, without carrying: the scale of h is the sum of theirs. */
export function feAdd(h: Fe, f: Fe, g: Fe): void {
  // Offsets 0..36 stay inside the 40 bytes of each element.
  for (let i: usize = 0; i < FE_BYTES; i += 4) store<i32>(h + i, load<i32>(f + i) + load<i32>(g + i));
}

/** feSub sets h = f - g limb by limb, without carrying: the scale of h is the sum of theirs. */
export function feSub(h: Fe, f: Fe, g: Fe): void {
  for (let i: usize = 0; i < FE_BYTES; i += 4) store<i32>(h + i, load<i32>(f + i) - load<i32>(g + i));
}

/** feNeg sets h = -f, with the scale of f. */
export function feNeg(h: Fe, f: Fe): void {
  for (let i: usize = 0; i < FE_BYTES; i += 4) store<i32>(h + i, -load<i32>(f + i));
}

/**
 * feMul sets h = f * g, reduced. Schoolbook over the limbs: a product of limbs i and j has weight
 * 2^(pos(i) + pos(j)), one bit above pos(i + j) when both are odd (hence the doubled odd f limbs), and terms at or
 * above 2^255 fold back multiplied by 19, since 2^255 = 19 mod p.
 */
export function feMul(h: Fe, f: Fe, g: Fe): void {
  // i32 loads widened to i64 (one i64.load32_s each); every offset lies inside the 40-byte elements.
  const f0 = ld(f, 0), f1 = ld(f, 4), f2 = ld(f, 8), f3 = ld(f, 12), f4 = ld(f, 16);
  const f5 = ld(f, 20), f6 = ld(f, 24), f7 = ld(f, 28), f8 = ld(f, 32), f9 = ld(f, 36);
  const g0 = ld(g, 0), g1 = ld(g, 4), g2 = ld(g, 8), g3 = ld(g, 12), g4 = ld(g, 16);
  const g5 = ld(g, 20), g6 = ld(g, 24), g7 = ld(g, 28), g8 = ld(g, 32), g9 = ld(g, 36);
  const g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4, g5_19 = 19 * g5;
  const g6_19 = 19 * g6, g7_19 = 19 * g7, g8_19 = 19 * g8, g9_19 = 19 * g9;
  const f1_2 = 2 * f1, f3_2 = 2 * f3, f5_2 = 2 * f5, f7_2 = 2 * f7, f9_2 = 2 * f9;
  const h0 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19
    + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
  const h1 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19
    + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
  const h2 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19
    + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
  const h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19
    + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
  const h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0
    + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
  const h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1
    + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
  const h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2
    + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
  const h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3
    + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
  const h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4
    + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
  const h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5
    + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;
  carryStore(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

/** feSq sets h = f * f, reduced: feMul with the symmetric products taken once and doubled. */
export function feSq(h: Fe, f: Fe): void {
  const f0 = ld(f, 0), f1 = ld(f, 4), f2 = ld(f, 8), f3 = ld(f, 12), f4 = ld(f, 16);
  const f5 = ld(f, 20), f6 = ld(f, 24), f7 = ld(f, 28), f8 = ld(f, 32), f9 = ld(f, 36);
  const f0_2 = 2 * f0, f1_2 = 2 * f1, f2_2 = 2 * f2, f3_2 = 2 * f3, f4_2 = 2 * f4;
  const f5_2 = 2 * f5, f6_2 = 2 * f6, f7_2 = 2 * f7;
  const f5_38 = 38 * f5, f6_19 = 19 * f6, f7_38 = 38 * f7, f8_19 = 19 * f8, f9_38 = 38 * f9;
  const h0 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5 * f5_38;
  const h1 = f0_2 * f1 + f2 * f9_38 + f3_2 * f8_19 + f4 * f7_38 + f5_2 * f6_19;
  const h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
  const h3 = f0_2 * f3 + f1_2 * f2 + f4 * f9_38 + f5_2 * f8_19 + f6 * f7_38;
  const h4 = f0_2 * f4 + f1_2 * f3_2 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7 * f7_38;
  const h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6 * f9_38 + f7_2 * f8_19;
  const h6 = f0_2 * f6 + f1_2 * f5_2 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
  const h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8 * f9_38;
  const h8 = f0_2 * f8 + f1_2 * f7_2 + f2_2 * f6 + f3_2 * f5_2 + f4 * f4 + f9 * f9_38;
  const h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;
  carryStore(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

/** feSqN sets h = f^(2^n), n >= 1. */
export function feSqN(h: Fe, f: Fe, n: i32): void {
  feSq(h, f);
  for (let i = 1; i < n; i++) feSq(h, h);
}

/** feInvert sets h = 1/f as f^(p-2) (0 for f = 0): 254 squarings and 11 products. */
export function feInvert(h: Fe, f: Fe): void {
  pow2250(f);
  // p - 2 = (2^250 - 1) * 2^5 + 11; pow2250 leaves f^11 in T1.
  feSqN(T0, T0, 5);
  feMul(h, T0, T1);
}

/** fePow22523 sets h = f^((p-5)/8), the exponent of the square root below. */
export function fePow22523(h: Fe, f: Fe): void {
  pow2250(f);
  // (p - 5) / 8 = 2^252 - 3 = (2^250 - 1) * 4 + 1.
  feSqN(T0, T0, 2);
  feMul(h, T0, f);
}

/**
 * feSqrtRatio sets x to a square root of u/v and returns true, or returns false when u/v is not a square (v = 0
 * counts as not a square unless u = 0 too). RFC 8032 §5.1.3 step 3: candidate x = u v^3 (u v^7)^((p-5)/8); if
 * v x^2 = u it is a root, if v x^2 = -u then x * sqrt(-1) is. x may alias neither u nor v.
 */
export function feSqrtRatio(x: Fe, u: Fe, v: Fe): bool {
  feSq(SQ_V3, v);
  feMul(SQ_V3, SQ_V3, v); // v^3
  feSq(x, SQ_V3);
  feMul(x, x, v); // v^7
  feMul(x, x, u);
  fePow22523(x, x);
  feMul(x, x, SQ_V3);
  feMul(x, x, u);
  feSq(SQ_CHECK, x);
  feMul(SQ_CHECK, SQ_CHECK, v);
  if (feEqual(SQ_CHECK, u)) return true;
  feNeg(SQ_CHECK, SQ_CHECK);
  if (!feEqual(SQ_CHECK, u)) return false;
  feMul(x, x, FE_SQRTM1);
  return true;
}

/**
 * feFromBytes sets h from 32 little-endian bytes at s, ignoring the top bit (the sign of x in a point encoding).
 * It does not check that the value is below p: a value in [p, 2^255) is taken mod p. feIsCanonical checks.
 */
export function feFromBytes(h: Fe, s: usize): void {
  // Limb i starts at bit pos(i) = ceil(25.5 i); each limb lies within the 32-bit word at byte pos(i) >> 3, and the
  // last such word ends at byte 32, so every load stays inside the caller's 32 bytes.
  store<i32>(h, load<u32>(s) & 0x3ffffff);
  store<i32>(h, (load<u32>(s, 3) >> 2) & 0x1ffffff, 4);
  store<i32>(h, (load<u32>(s, 6) >> 3) & 0x3ffffff, 8);
  store<i32>(h, (load<u32>(s, 9) >> 5) & 0x1ffffff, 12);
  store<i32>(h, (load<u32>(s, 12) >> 6) & 0x3ffffff, 16);
  store<i32>(h, load<u32>(s, 16) & 0x1ffffff, 20);
  store<i32>(h, (load<u32>(s, 19) >> 1) & 0x3ffffff, 24);
  store<i32>(h, (load<u32>(s, 22) >> 3) & 0x1ffffff, 28);
  store<i32>(h, (load<u32>(s, 25) >> 4) & 0x3ffffff, 32);
  store<i32>(h, (load<u32>(s, 28) >> 6) & 0x1ffffff, 36);
}

/** feIsCanonical reports whether the 32 bytes at s, top bit ignored, encode a value below p = 2^255 - 19. */
export function feIsCanonical(s: usize): bool {
  // The only 255-bit values >= p are p..2^255-1: bytes 1..30 all 0xff, byte 31 0x7f (after masking), byte 0 >= 0xed.
  if ((load<u8>(s, 31) & 0x7f) != 0x7f || load<u8>(s) < 0xed) return true;
  for (let i: usize = 1; i < 31; i++) if (load<u8>(s + i) != 0xff) return true;
  return false;
}

/** feToBytes writes the canonical 32-byte little-endian encoding of f (value below p) at s. */
export function feToBytes(s: usize, f: Fe): void {
  let h0 = ld(f, 0), h1 = ld(f, 4), h2 = ld(f, 8), h3 = ld(f, 12), h4 = ld(f, 16);
  let h5 = ld(f, 20), h6 = ld(f, 24), h7 = ld(f, 28), h8 = ld(f, 32), h9 = ld(f, 36);
  // Two carry passes with floor division make every limb non-negative (a borrow that runs through all ten limbs
  // in the second pass lands on a limb 0 just masked to nearly 2^26), leaving v below 2^255 + 19 < 2p. Then
  // q = floor((v + 19) / 2^255) is 1 exactly when v >= p, and v + 19q - 2^255 q is the canonical value.
  for (let pass = 0; pass < 2; pass++) {
    h1 += h0 >> 26; h0 &= MASK26; h2 += h1 >> 25; h1 &= MASK25;
    h3 += h2 >> 26; h2 &= MASK26; h4 += h3 >> 25; h3 &= MASK25;
    h5 += h4 >> 26; h4 &= MASK26; h6 += h5 >> 25; h5 &= MASK25;
    h7 += h6 >> 26; h6 &= MASK26; h8 += h7 >> 25; h7 &= MASK25;
    h9 += h8 >> 26; h8 &= MASK26; h0 += 19 * (h9 >> 25); h9 &= MASK25;
  }
  let q = (h0 + 19) >> 26;
  q = (h1 + q) >> 25; q = (h2 + q) >> 26; q = (h3 + q) >> 25; q = (h4 + q) >> 26;
  q = (h5 + q) >> 25; q = (h6 + q) >> 26; q = (h7 + q) >> 25; q = (h8 + q) >> 26; q = (h9 + q) >> 25;
  h0 += 19 * q;
  h1 += h0 >> 26; h0 &= MASK26; h2 += h1 >> 25; h1 &= MASK25;
  h3 += h2 >> 26; h2 &= MASK26; h4 += h3 >> 25; h3 &= MASK25;
  h5 += h4 >> 26; h4 &= MASK26; h6 += h5 >> 25; h5 &= MASK25;
  h7 += h6 >> 26; h6 &= MASK26; h8 += h7 >> 25; h7 &= MASK25;
  h9 += h8 >> 26; h8 &= MASK26; h9 &= MASK25; // the 2^255 q bit drops out here
  // Pack the limbs, now exactly 26 and 25 bits, into bytes through a bit accumulator.
  store<i32>(LIMBS, <i32>h0); store<i32>(LIMBS, <i32>h1, 4); store<i32>(LIMBS, <i32>h2, 8);
  store<i32>(LIMBS, <i32>h3, 12); store<i32>(LIMBS, <i32>h4, 16); store<i32>(LIMBS, <i32>h5, 20);
  store<i32>(LIMBS, <i32>h6, 24); store<i32>(LIMBS, <i32>h7, 28); store<i32>(LIMBS, <i32>h8, 32);
  store<i32>(LIMBS, <i32>h9, 36);
  let acc: u64 = 0, bits: i32 = 0, out: usize = 0;
  for (let i: usize = 0; i < 10; i++) {
    acc |= <u64>load<u32>(LIMBS + 4 * i) << <u64>bits;
    bits += 26 - <i32>(i & 1);
    while (bits >= 8) {
      store<u8>(s + out, <u8>acc);
      out++;
      acc >>= 8;
      bits -= 8;
    }
  }
  // 255 bits: seven remain for byte 31, whose top bit is 0.
  store<u8>(s + out, <u8>acc);
}

/** feIsNegative reports whether f, reduced mod p, is odd: the sign of x in RFC 8032 §5.1.2. */
export function feIsNegative(f: Fe): bool {
  feToBytes(BYTES_A, f);
  return (load<u8>(BYTES_A) & 1) != 0;
}

/** feIsZero reports whether f = 0 mod p. */
export function feIsZero(f: Fe): bool {
  feToBytes(BYTES_A, f);
  return load<u64>(BYTES_A) == 0 && load<u64>(BYTES_A, 8) == 0
    && load<u64>(BYTES_A, 16) == 0 && load<u64>(BYTES_A, 24) == 0;
}

/** feEqual reports whether f = g mod p. */
export function feEqual(f: Fe, g: Fe): bool {
  feToBytes(BYTES_A, f);
  feToBytes(BYTES_B, g);
  return load<u64>(BYTES_A) == load<u64>(BYTES_B) && load<u64>(BYTES_A, 8) == load<u64>(BYTES_B, 8)
    && load<u64>(BYTES_A, 16) == load<u64>(BYTES_B, 16) && load<u64>(BYTES_A, 24) == load<u64>(BYTES_B, 24);
}

// pow2250 leaves f^(2^250 - 1) in T0 and f^11 in T1, the common part of the inversion and square-root exponents,
// with T2 and T3 as scratch. Each step names the exponent it reaches.
function pow2250(f: Fe): void {
  feSq(T0, f); // 2
  feSqN(T1, T0, 2); // 8
  feMul(T1, T1, f); // 9
  feMul(T0, T0, T1); // 11
  feSq(T2, T0); // 22
  feMul(T1, T1, T2); // 31 = 2^5 - 1
  feCopy(T2, T0); // keep f^11 while T1 climbs
  feSqN(T0, T1, 5);
  feMul(T1, T0, T1); // 2^10 - 1
  feSqN(T0, T1, 10);
  feMul(T0, T0, T1); // 2^20 - 1
  feSqN(T3, T0, 20);
  feMul(T0, T3, T0); // 2^40 - 1
  feSqN(T0, T0, 10);
  feMul(T1, T0, T1); // 2^50 - 1
  feSqN(T0, T1, 50);
  feMul(T0, T0, T1); // 2^100 - 1
  feSqN(T3, T0, 100);
  feMul(T0, T3, T0); // 2^200 - 1
  feSqN(T0, T0, 50);
  feMul(T0, T0, T1); // 2^250 - 1
  feCopy(T1, T2); // f^11
}

// ld loads limb i (byte offset o) widened to i64. @inline: a single i64.load32_s in the hottest functions.
// @ts-ignore: decorator
@inline function ld(f: Fe, o: usize): i64 {
  return <i64>load<i32>(f + o);
}

// carryStore carries the ten 64-bit limb sums of a product and stores the reduced element at h. Floor carries
// (arithmetic shift, then mask) leave each limb in [0, 2^26) or [0, 2^25). Two interleaved chains (limbs 0..4
// and 4..9) shorten the dependency path; the carry out of limb 9 re-enters limb 0 times 19, and a last carry from
// limb 0 leaves limbs 1 and 5 at most a few bits above their width. @inline: once in feMul and once in feSq.
// @ts-ignore: decorator
@inline function carryStore(
  h: Fe, h0: i64, h1: i64, h2: i64, h3: i64, h4: i64, h5: i64, h6: i64, h7: i64, h8: i64, h9: i64,
): void {
  let c: i64;
  c = h0 >> 26; h1 += c; h0 &= MASK26;
  c = h4 >> 26; h5 += c; h4 &= MASK26;
  c = h1 >> 25; h2 += c; h1 &= MASK25;
  c = h5 >> 25; h6 += c; h5 &= MASK25;
  c = h2 >> 26; h3 += c; h2 &= MASK26;
  c = h6 >> 26; h7 += c; h6 &= MASK26;
  c = h3 >> 25; h4 += c; h3 &= MASK25;
  c = h7 >> 25; h8 += c; h7 &= MASK25;
  c = h4 >> 26; h5 += c; h4 &= MASK26;
  c = h8 >> 26; h9 += c; h8 &= MASK26;
  c = h9 >> 25; h0 += 19 * c; h9 &= MASK25;
  c = h0 >> 26; h1 += c; h0 &= MASK26;
  // Each limb fits an i32 now; store<i32> of an i64 value is one i64.store32.
  store<i32>(h, <i32>h0); store<i32>(h, <i32>h1, 4); store<i32>(h, <i32>h2, 8); store<i32>(h, <i32>h3, 12);
  store<i32>(h, <i32>h4, 16); store<i32>(h, <i32>h5, 20); store<i32>(h, <i32>h6, 24); store<i32>(h, <i32>h7, 28);
  store<i32>(h, <i32>h8, 32); store<i32>(h, <i32>h9, 36);
}
