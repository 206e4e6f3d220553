// Points of edwards25519, -x^2 + y^2 = 1 + d x^2 y^2 (RFC 8032 §5.1), in the coordinate systems of Hisil, Wong,
// Carter and Dawson ("Twisted Edwards curves revisited", 2008): addition and doubling need no inversion and no
// special case (the formulas are complete on this curve), so hostile points cannot reach a division by zero.
// Like ed25519_field.ts, points live in caller-owned memory and are passed by address; nothing allocates.
//
// Four layouts of four field elements each (POINT_BYTES), at byte offsets 0, 40, 80 and 120:
//   extended  (X, Y, Z, T):      x = X/Z, y = Y/Z, x*y = T/Z; the form points are kept in between operations.
//   projective (X, Y, Z):        the extended form without T, enough to double, and 1M cheaper to produce.
//   completed (E, H, G, F):      x = E/G, y = H/F; what addition and doubling produce, before converting back.
//   cached    (Y+X, Y-X, Z, 2dT): a point prepared once to be added many times (precomputed tables).

import {
  Fe, FE_BYTES, FE_D, FE_D2, feAdd, feCopy, feFromBytes, feIsCanonical, feIsNegative, feIsZero, feInvert, feMul,
  feNeg, feOne, feSq, feSqrtRatio, feSub, feToBytes, feZero,
} from "./ed25519_field";
import { NAF_DIGITS, scalarNaf } from "./ed25519_scalar";

/** POINT_BYTES is the storage of one point in any of the four layouts. */
export const POINT_BYTES: usize = 4 * FE_BYTES;
/** POINT_ENCODED_BYTES is the length of a point encoding (RFC 8032 §5.1.2). */
export const POINT_ENCODED_BYTES: i32 = 32;

// NAF widths of the double-scalar multiplication. The table for A is built per public key (ed25519.ts keeps it
// with the key, so its cost is paid once per key, not per signature); the table for B once per instance, lazily.
// Wider windows mean fewer additions (one per w + 1 bits) but a table of 2^(w-2) points: 8 points (1.25 KiB) per
// key, 64 points (10 KiB) for B.
/** A_WINDOW is the NAF width for the public-key scalar; A_TABLE_POINTS the odd multiples it needs. */
export const A_WINDOW: i32 = 5;
export const A_TABLE_POINTS: i32 = 1 << (A_WINDOW - 2);
// @ts-ignore: decorator
@inline const B_WINDOW: i32 = 8;
// @ts-ignore: decorator
@inline const B_TABLE_POINTS: i32 = 1 << (B_WINDOW - 2);

// The base point B (RFC 8032 §5.1): y = 4/5 with x even, encoded as 0x58 followed by 31 bytes 0x66.
const BASE_ENCODED = memory.data<u8>([
  0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
  0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
]);
// B, 3B, 5B, ..., 127B in cached form, filled on first use.
const B_TABLE = memory.data(<i32>(B_TABLE_POINTS * <i32>POINT_BYTES), 8);
let bTableReady = false;

// @ts-ignore: decorator
@inline const X: usize = 0;
// @ts-ignore: decorator
@inline const Y: usize = 40;
// @ts-ignore: decorator
@inline const Z: usize = 80;
// @ts-ignore: decorator
@inline const T: usize = 120;

// Scratch; no function here calls another that uses the same slots.
const A: Fe = memory.data(40, 8);
const B: Fe = memory.data(40, 8);
const C: Fe = memory.data(40, 8);
const D: Fe = memory.data(40, 8);
const U: Fe = memory.data(40, 8);
const V: Fe = memory.data(40, 8);
const W: Fe = memory.data(40, 8);
const P2_TMP: usize = memory.data(160, 8);
const P1P1_TMP: usize = memory.data(160, 8);
const P3_TMP: usize = memory.data(160, 8);
const TWO_P: usize = memory.data(160, 8);
// The double-scalar multiplication's own: its digits, and its completed and extended intermediates.
const S_NAF: usize = memory.data(NAF_DIGITS, 8);
const K_NAF: usize = memory.data(NAF_DIGITS, 8);
const MUL_P1P1: usize = memory.data(160, 8);
const MUL_P3: usize = memory.data(160, 8);

/** pointIdentity sets p (extended or projective) to the neutral element (0, 1). */
export function pointIdentity(p: usize): void {
  feZero(p + X);
  feOne(p + Y);
  feOne(p + Z);
  feZero(p + T);
}

/**
 * pointDecode sets p (extended) to the point whose RFC 8032 §5.1.3 encoding is the 32 bytes at s, and returns
 * false, leaving p undefined, when they encode none: y not below p (non-canonical), x^2 = (y^2 - 1)/(d y^2 + 1)
 * not a square, or x = 0 with the sign bit set.
 */
export function pointDecode(p: usize, s: usize): bool {
  // §5.1.3 step 1: y is the low 255 bits; a value >= p is refused, never reduced.
  if (!feIsCanonical(s)) return false;
  const y = p + Y, x = p + X;
  feFromBytes(y, s);
  // Step 2: u = y^2 - 1, v = d y^2 + 1; d y^2 + 1 is never 0 since d is not a square.
  feOne(p + Z);
  feSq(U, y);
  feMul(V, U, FE_D);
  feSub(U, U, p + Z);
  feAdd(V, V, p + Z);
  // Step 3: x = sqrt(u/v), or no point.
  if (!feSqrtRatio(x, U, V)) return false;
  // Step 4: x = 0 has only one encoding, with sign bit 0; otherwise pick the root whose parity is the sign bit.
  const sign = (load<u8>(s, 31) >> 7) != 0;
  if (feIsZero(x)) {
    if (sign) return false;
  } else if (feIsNegative(x) != sign) {
    feNeg(x, x);
  }
  feMul(p + T, x, y);
  return true;
}

/** pointEncode writes the 32-byte encoding of p (extended or projective) at s (RFC 8032 §5.1.2). */
export function pointEncode(s: usize, p: usize): void {
  feInvert(W, p + Z);
  feMul(U, p + X, W);
  feMul(V, p + Y, W);
  feToBytes(s, V);
  if (feIsNegative(U)) store<u8>(s, load<u8>(s, 31) | 0x80, 31);
}

/**
 * pointIsSmallOrder reports whether p (extended) has order dividing 8, i.e. [8]p is the neutral element. The
 * curve's group has order 8L with L prime, so [8]p = (0, ±1) can only be (0, 1), and checking x = 0 suffices.
 */
export function pointIsSmallOrder(p: usize): bool {
  feCopy(P2_TMP + X, p + X);
  feCopy(P2_TMP + Y, p + Y);
  feCopy(P2_TMP + Z, p + Z);
  for (let i = 0; i < 3; i++) {
    pointDouble(P1P1_TMP, P2_TMP);
    completedToProjective(P2_TMP, P1P1_TMP);
  }
  return feIsZero(P2_TMP + X);
}

/**
 * pointDouble sets r (completed) = 2p, p projective or extended with reduced coordinates (dbl-2008-hwcd, a = -1):
 * 4 squarings. Limb scales (ed25519_field.ts) of the results: E 2, H 2, G 1, F 3; their products in the
 * conversions below stay within 6.
 */
export function pointDouble(r: usize, p: usize): void {
  feSq(A, p + X);
  feSq(B, p + Y);
  feSq(C, p + Z);
  feAdd(C, C, C); // 2 Z^2
  feAdd(D, p + X, p + Y);
  feSq(D, D); // (X + Y)^2
  feAdd(r + Y, A, B); // A + B, turned into H below
  feSub(r + X, D, r + Y); // E = (X + Y)^2 - A - B = 2XY
  feSub(r + Z, B, A); // G = Y^2 - X^2
  feSub(r + T, r + Z, C); // F = G - 2Z^2
  feNeg(r + Y, r + Y); // H = -(X^2 + Y^2)
}

/**
 * pointAdd sets r (completed) = p + q, p extended with reduced coordinates, q cached (add-2008-hwcd-3): 4 products.
 * Scales of the results: E 1, H 2, G 3, F 2.
 */
export function pointAdd(r: usize, p: usize, q: usize): void {
  feAdd(A, p + Y, p + X);
  feSub(B, p + Y, p + X);
  feMul(A, A, q); // (Y1 + X1)(Y2 + X2)
  feMul(B, B, q + Y); // (Y1 - X1)(Y2 - X2)
  feMul(C, p + T, q + T); // 2d T1 T2
  feMul(D, p + Z, q + Z);
  feAdd(D, D, D); // 2 Z1 Z2
  feSub(r + X, A, B); // E
  feAdd(r + Y, A, B); // H
  feAdd(r + Z, D, C); // G
  feSub(r + T, D, C); // F
}

/** pointSub sets r (completed) = p - q, as pointAdd with q negated: -(x, y) = (-x, y) swaps Y+X and Y-X. */
export function pointSub(r: usize, p: usize, q: usize): void {
  feAdd(A, p + Y, p + X);
  feSub(B, p + Y, p + X);
  feMul(A, A, q + Y);
  feMul(B, B, q);
  feMul(C, p + T, q + T);
  feMul(D, p + Z, q + Z);
  feAdd(D, D, D);
  feSub(r + X, A, B);
  feAdd(r + Y, A, B);
  feSub(r + Z, D, C);
  feAdd(r + T, D, C);
}

/** completedToProjective sets r (projective) from c (completed): 3 products. */
export function completedToProjective(r: usize, c: usize): void {
  feMul(r + X, c + X, c + T); // E F
  feMul(r + Y, c + Y, c + Z); // H G
  feMul(r + Z, c + Z, c + T); // G F
}

/** completedToExtended sets r (extended) from c (completed): 4 products. */
export function completedToExtended(r: usize, c: usize): void {
  feMul(r + X, c + X, c + T); // E F
  feMul(r + Y, c + Y, c + Z); // H G
  feMul(r + Z, c + Z, c + T); // G F
  feMul(r + T, c + X, c + Y); // E H
}

/** extendedToCached sets r (cached) from p (extended, reduced). The sums have scale 2. */
export function extendedToCached(r: usize, p: usize): void {
  feAdd(r + X, p + Y, p + X);
  feSub(r + Y, p + Y, p + X);
  feCopy(r + Z, p + Z);
  feMul(r + T, p + T, FE_D2);
}

/**
 * doubleScalarMul sets r (projective) = [s]B - [k]A for the 32-byte scalars at s and k (both below 2^253) and
 * the table of A's odd multiples that oddMultiples(table, A, A_TABLE_POINTS) built. Straus' method: one chain of
 * doublings from the top digit down, adding a table entry wherever either scalar's NAF digit is non-zero. It
 * branches on the scalars, which is fine for verification: every input is public.
 */
export function doubleScalarMul(r: usize, s: usize, k: usize, aTable: usize): void {
  if (!bTableReady) buildBaseTable();
  scalarNaf(S_NAF, s, B_WINDOW);
  scalarNaf(K_NAF, k, A_WINDOW);
  let i = NAF_DIGITS - 1;
  while (i >= 0 && load<i8>(S_NAF + <usize>i) == 0 && load<i8>(K_NAF + <usize>i) == 0) i--;
  pointIdentity(r);
  for (; i >= 0; i--) {
    pointDouble(MUL_P1P1, r);
    // Digit d selects entry |d| >> 1 (the table holds 1, 3, 5, ... times the point); A's sign is flipped, for -[k]A.
    const kd = <i32>load<i8>(K_NAF + <usize>i);
    if (kd != 0) {
      completedToExtended(MUL_P3, MUL_P1P1);
      if (kd > 0) pointSub(MUL_P1P1, MUL_P3, aTable + <usize>(kd >> 1) * POINT_BYTES);
      else pointAdd(MUL_P1P1, MUL_P3, aTable + <usize>((-kd) >> 1) * POINT_BYTES);
    }
    const sd = <i32>load<i8>(S_NAF + <usize>i);
    if (sd != 0) {
      completedToExtended(MUL_P3, MUL_P1P1);
      if (sd > 0) pointAdd(MUL_P1P1, MUL_P3, B_TABLE + <usize>(sd >> 1) * POINT_BYTES);
      else pointSub(MUL_P1P1, MUL_P3, B_TABLE + <usize>((-sd) >> 1) * POINT_BYTES);
    }
    completedToProjective(r, MUL_P1P1);
  }
}

/**
 * oddMultiples fills table with the cached points p, 3p, 5p, ..., (2n - 1)p (n entries of POINT_BYTES), the
 * digits a width-w NAF (ed25519_scalar.ts) looks up with n = 2^(w-2). p is extended.
 */
export function oddMultiples(table: usize, p: usize, n: i32): void {
  pointDouble(P1P1_TMP, p);
  completedToExtended(P3_TMP, P1P1_TMP);
  extendedToCached(TWO_P, P3_TMP);
  extendedToCached(table, p);
  memory.copy(P3_TMP, p, POINT_BYTES); // the running odd multiple, extended
  for (let i = 1; i < n; i++) {
    pointAdd(P1P1_TMP, P3_TMP, TWO_P);
    completedToExtended(P3_TMP, P1P1_TMP);
    extendedToCached(table + <usize>i * POINT_BYTES, P3_TMP);
  }
}

// buildBaseTable fills B_TABLE. The encoding is a constant that decodes (the specs check it), so the assert
// guards the build, not any input.
function buildBaseTable(): void {
  const ok = pointDecode(P2_TMP, BASE_ENCODED);
  assert(ok, "ed25519: base point does not decode");
  oddMultiples(B_TABLE, P2_TMP, B_TABLE_POINTS);
  bTableReady = true;
}
