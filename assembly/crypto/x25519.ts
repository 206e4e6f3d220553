// X25519 (RFC 7748 §5) for TLS 1.3 key exchange. The scalar is secret, so the Montgomery ladder runs the same
// operations for every scalar: one step per bit, the points swapped by masks rather than branches, over the
// branch-free field arithmetic of ed25519_field.ts, and an inversion by a fixed chain of squarings.

import {
  feAdd, feCopy, feFromBytes, feInvert, feMul, feOne, feSq, feSub, feToBytes, feZero, Fe, FE_BYTES,
} from "./ed25519_field";

/** X25519_BYTES is the length of scalars, u-coordinates and shared secrets (RFC 7748 §5). */
export const X25519_BYTES: i32 = 32;

// a24 = (486662 - 2) / 4 (RFC 7748 §5).
// @ts-ignore: decorator
@inline const A24: i64 = 121665;
// The base point's u-coordinate, 9 (RFC 7748 §4.1), little-endian.
const BASE_U: usize = memory.data<u8>([9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

// The clamped scalar and the ladder's elements in one block, wiped after each call; a guest runs one call at a
// time. Slot i of the elements is at ELEMS + i * FE_BYTES.
const SCALAR: usize = memory.data(32, 8);
const ELEMS: usize = memory.data(<i32>FE_BYTES * 14, 8);
// @ts-ignore: decorator
@inline function slot(i: usize): Fe { return ELEMS + i * FE_BYTES; }
const X1 = slot(0), X2 = slot(1), Z2 = slot(2), X3 = slot(3), Z3 = slot(4), A = slot(5), AA = slot(6);
const B = slot(7), BB = slot(8), E = slot(9), C = slot(10), D = slot(11), DA = slot(12), CB = slot(13);

/**
 * x25519 returns scalar * u (RFC 7748 §5): the 32-byte u-coordinate of the product, or null if either input is not
 * 32 bytes or the result is all zeros, as it is for the low-order points a peer may send (RFC 7748 §6.1, RFC 8446
 * §7.4.2). The scalar is clamped and the top bit of u is ignored, as §5 requires; u values at or above p are
 * taken mod p, not refused. The caller's arrays are not modified.
 */
export function x25519(scalar: Uint8Array, u: Uint8Array): Uint8Array | null {
  if (scalar.length != X25519_BYTES || u.length != X25519_BYTES) return null;
  const out = new Uint8Array(X25519_BYTES);
  ladder(out.dataStart, scalar.dataStart, u.dataStart);
  // RFC 8446 §7.4.2: an all-zero shared secret aborts the exchange. RFC 7748 §6.1 asks that the check reveal
  // nothing else, so every byte is ORed (four u64 loads inside out) before the one comparison.
  let acc: u64 = 0;
  for (let i = 0; i < X25519_BYTES; i += 8) acc |= load<u64>(out.dataStart + <usize>i);
  return acc == 0 ? null : out;
}

/**
 * x25519PublicKey returns scalar * 9, the public key for a private scalar (RFC 7748 §6.1), or null if scalar is
 * not 32 bytes. A clamped scalar times the base point is never zero, so no other input is refused.
 */
export function x25519PublicKey(scalar: Uint8Array): Uint8Array | null {
  if (scalar.length != X25519_BYTES) return null;
  const out = new Uint8Array(X25519_BYTES);
  ladder(out.dataStart, scalar.dataStart, BASE_U);
  return out;
}

// ladder writes the 32-byte u-coordinate of k * u at out, for 32 bytes each at k and u (RFC 7748 §5).
function ladder(out: usize, k: usize, u: usize): void {
  memory.copy(SCALAR, k, 32);
  // §5 decodeScalar25519: clear the three low bits and bit 255, set bit 254.
  store<u8>(SCALAR, load<u8>(SCALAR) & 248);
  store<u8>(SCALAR, (load<u8>(SCALAR, 31) & 127) | 64, 31);
  // §5 decodeUCoordinate: feFromBytes drops bit 255 and reduces values at or above p.
  feFromBytes(X1, u);
  feOne(X2);
  feZero(Z2);
  feCopy(X3, X1);
  feOne(Z3);
  let swap: i32 = 0;
  for (let t = 254; t >= 0; t--) {
    // The byte read depends on t only, never on the scalar's value.
    const bit = <i32>(load<u8>(SCALAR + <usize>(t >> 3)) >> <u8>(t & 7)) & 1;
    swap ^= bit;
    conditionalSwap(X2, X3, swap);
    conditionalSwap(Z2, Z3, swap);
    swap = bit;
    ladderStep();
  }
  conditionalSwap(X2, X3, swap);
  conditionalSwap(Z2, Z3, swap);
  // x2 / z2 = x2 * z2^(p - 2); z2 = 0 (a low-order u) gives 0, which x25519 refuses.
  feInvert(Z2, Z2);
  feMul(X2, X2, Z2);
  feToBytes(out, X2);
  memory.fill(SCALAR, 0, 32);
  memory.fill(ELEMS, 0, FE_BYTES * 14);
}

// ladderStep is one differential addition-and-doubling of RFC 7748 §5: (x2, z2) becomes its double and (x3, z3)
// the sum, with x1 the difference. Limb bounds (ed25519_field.ts): every input is reduced, sums and differences
// have scale 2, and each product below multiplies scales of at most 2 * 2.
function ladderStep(): void {
  feAdd(A, X2, Z2);
  feSq(AA, A);
  feSub(B, X2, Z2);
  feSq(BB, B);
  feSub(E, AA, BB);
  feAdd(C, X3, Z3);
  feSub(D, X3, Z3);
  feMul(DA, D, A);
  feMul(CB, C, B);
  feAdd(X3, DA, CB);
  feSq(X3, X3);
  feSub(Z3, DA, CB);
  feSq(Z3, Z3);
  feMul(Z3, Z3, X1);
  feMul(X2, AA, BB);
  mulA24(Z2, E);
  feAdd(Z2, Z2, AA);
  feMul(Z2, Z2, E);
}

// mulA24 sets h = a24 * f, reduced, for f of scale 2: ten products and one carry pass instead of feMul's hundred
// products. Each product is below 2^17 * 2^27 = 2^44, the carry out of limb 9 re-enters limb 0 times 19 (as in
// ed25519_field.ts), and a last carry from limb 0 leaves every limb within a bit of its width.
function mulA24(h: Fe, f: Fe): void {
  let carry: i64 = 0;
  for (let i: usize = 0; i < 10; i++) {
    // Even limbs hold 26 bits, odd limbs 25; floor shifts keep each stored limb non-negative.
    const bits = <i64>26 - <i64>(i & 1);
    const v = <i64>load<i32>(f + 4 * i) * A24 + carry;
    carry = v >> bits;
    store<i32>(h + 4 * i, <i32>(v & ((<i64>1 << bits) - 1)));
  }
  const v0 = <i64>load<i32>(h) + 19 * carry;
  store<i32>(h, <i32>(v0 & 0x3ffffff));
  store<i32>(h, load<i32>(h, 4) + <i32>(v0 >> 26), 4);
}

// conditionalSwap exchanges the elements f and g when swap is 1 and leaves them when it is 0, with the same loads,
// XORs and stores either way (RFC 7748 §5 cswap).
function conditionalSwap(f: Fe, g: Fe, swap: i32): void {
  const mask = -swap;
  for (let i: usize = 0; i < FE_BYTES; i += 4) {
    const a = load<i32>(f + i), b = load<i32>(g + i);
    const x = mask & (a ^ b);
    store<i32>(f + i, a ^ x);
    store<i32>(g + i, b ^ x);
  }
}
