// ECDH on P-256 (SEC 1 §3.3.1) for TLS 1.3 key shares (RFC 8446 §4.2.8.2, §7.4.2). The private scalar is secret,
// so its multiplication runs the same operations for every scalar: a fixed 4-bit window over complete addition
// formulas (no exceptional cases to branch on), table entries picked by masks, and field arithmetic of its own in
// the Montgomery domain whose running time depends on no operand. p256.ts serves verification with public data
// only: its reduction and its subtraction branch on the values.

import { curveParams } from "./ec_curve";
import { limbsFromBytes, limbsIsZero, limbsSub, limbsToBytes, MASK32 } from "./ec_limbs";
import { pointOnCurve } from "./ec_point";

/** P256_SCALAR_BYTES is the length of the random input to P256Ecdh.create and of the shared secret. */
export const P256_SCALAR_BYTES: i32 = 32;
/** P256_POINT_BYTES is the length of an uncompressed point, 0x04 || X || Y (SEC 1 §2.3.3). */
export const P256_POINT_BYTES: i32 = 65;

// A field element is 8 little-endian u32 limbs (ELEM bytes) at an address, a point X, Y, Z (POINT bytes). Every
// element and point lives in this module's static memory or a caller's 8-limb array, and each load and store
// below stays inside the element it names.
// @ts-ignore: decorator
@inline const ELEM: usize = 32;
// @ts-ignore: decorator
@inline const POINT: usize = 96;
// @ts-ignore: decorator
@inline const WINDOW_BITS: i32 = 4;
// @ts-ignore: decorator
@inline const TABLE_POINTS: i32 = 1 << WINDOW_BITS;

const CURVE = curveParams(256)!;

// R^2 mod p for R = 2^256, little-endian limbs: multiplying by it enters the Montgomery domain.
const R2: usize = memory.data<u32>([3, 0, 0xffffffff, 0xfffffffb, 0xfffffffe, 0xffffffff, 0xfffffffd, 4]);
// The plain 1: multiplying by it leaves the Montgomery domain.
const PLAIN_ONE: usize = memory.data<u32>([1, 0, 0, 0, 0, 0, 0, 0]);
// 1, b and G in the Montgomery domain (x * R mod p), set once below.
const ONE: usize = memory.data(<i32>ELEM, 8);
const B: usize = memory.data(<i32>ELEM, 8);
const GX: usize = memory.data(<i32>ELEM, 8);
const GY: usize = memory.data(<i32>ELEM, 8);

// Everything a multiplication touches, in one block wiped after each call: a guest runs one call at a time.
// The window table of 16 points, the accumulator, the selected entry, the formulas' outputs and temporaries,
// the inversion's two elements, the peer point, and create's range check.
// @ts-ignore: decorator
@inline const SCRATCH_BYTES: usize = POINT * <usize>TABLE_POINTS + POINT * 3 + ELEM * 10;
const TABLE: usize = memory.data(<i32>SCRATCH_BYTES, 8);
const ACC = TABLE + POINT * <usize>TABLE_POINTS;
const SEL = ACC + POINT;
const OUT = SEL + POINT;
const T0 = OUT + POINT, T1 = T0 + ELEM, T2 = T1 + ELEM, T3 = T2 + ELEM, T4 = T3 + ELEM;
const INV_BASE = T4 + ELEM, INV_ACC = INV_BASE + ELEM;
const PEER_X = INV_ACC + ELEM, PEER_Y = PEER_X + ELEM;
const RANGE = PEER_Y + ELEM;

fieldMul(ONE, PLAIN_ONE, R2);
fieldMul(B, CURVE.b, R2);
fieldMul(GX, CURVE.gx, R2);
fieldMul(GY, CURVE.gy, R2);

/**
 * P256Ecdh is an ephemeral P-256 key pair for one key exchange: make it with create() from fresh random bytes,
 * send publicKey, and pass the peer's key share to shared(). The private scalar never leaves the object, and the
 * scratch memory of each call is wiped before it returns; the random bytes given to create() are the caller's to
 * wipe.
 */
export class P256Ecdh {
  /** publicKey is the 65-byte uncompressed point 0x04 || X || Y, the TLS 1.3 key share (RFC 8446 §4.2.8.2). */
  readonly publicKey: Uint8Array;
  // The private scalar d, 8 little-endian limbs in [1, n - 1].
  private readonly scalar: StaticArray<u32>;

  /** Use create(): this constructor trusts that scalar is in [1, n - 1] and publicKey is d * G. */
  constructor(scalar: StaticArray<u32>, publicKey: Uint8Array) {
    this.scalar = scalar;
    this.publicKey = publicKey;
  }

  /**
   * create makes a key pair whose private scalar is random32 read big-endian, or returns null when random32 is not
   * 32 bytes or not a valid scalar, 0 or at least n (SEC 1 §3.2.1: d in [1, n - 1]); retry with fresh bytes then.
   * For bytes from a uniform source the retry is needed with probability below 2^-32.
   */
  static create(random32: Uint8Array): P256Ecdh | null {
    if (random32.length != P256_SCALAR_BYTES) return null;
    const scalar = new StaticArray<u32>(8);
    const d = changetype<usize>(scalar);
    limbsFromBytes(d, random32.dataStart, P256_SCALAR_BYTES, 8);
    // d < n exactly when d - n borrows; both tests read every limb, whatever the value.
    const belowN = limbsSub(RANGE, d, CURVE.scalar.n, 8) == 1;
    const nonzero = !limbsIsZero(d, 8);
    if (!(belowN & nonzero)) {
      memory.fill(d, 0, ELEM);
      memory.fill(TABLE, 0, SCRATCH_BYTES);
      return null;
    }
    const publicKey = new Uint8Array(P256_POINT_BYTES);
    publicKey[0] = 0x04;
    multiply(d, GX, GY);
    fieldInvert(T0, ACC + 2 * ELEM);
    writeAffine(publicKey.dataStart + 1, ACC);
    writeAffine(publicKey.dataStart + 1 + ELEM, ACC + ELEM);
    memory.fill(TABLE, 0, SCRATCH_BYTES);
    return new P256Ecdh(scalar, publicKey);
  }

  /**
   * shared returns the 32-byte big-endian X coordinate of d * peer, the ECDH shared secret (SEC 1 §3.3.1, RFC
   * 8446 §7.4.2), or null if peer is not a valid uncompressed point: its length is not 65, its first byte not
   * 0x04 (compressed forms and the one-byte infinity are refused), a coordinate is not below p, or the point is
   * not on the curve (RFC 8446 §4.2.8.2). P-256 has cofactor 1, so no subgroup check is needed.
   */
  shared(peer: Uint8Array): Uint8Array | null {
    if (peer.length != P256_POINT_BYTES || peer[0] != 0x04) return null;
    const f = CURVE.field;
    const at = peer.dataStart + 1;
    // The peer's point is public: the verification arithmetic may check it.
    if (!f.fromBytes(PEER_X, at) || !f.fromBytes(PEER_Y, at + ELEM)) return null;
    if (!pointOnCurve(f, CURVE.b, PEER_X, PEER_Y)) return null;
    // Into the Montgomery domain: x * R^2 / R = x * R.
    fieldMul(PEER_X, PEER_X, R2);
    fieldMul(PEER_Y, PEER_Y, R2);
    // d in [1, n - 1] and a peer of prime order n: the product is never infinity, so its Z is invertible.
    multiply(changetype<usize>(this.scalar), PEER_X, PEER_Y);
    const out = new Uint8Array(P256_SCALAR_BYTES);
    fieldInvert(T0, ACC + 2 * ELEM);
    writeAffine(out.dataStart, ACC);
    memory.fill(TABLE, 0, SCRATCH_BYTES);
    return out;
  }
}

// multiply sets ACC = d * (x, y) for the scalar d (8 limbs, below n) and the affine point (x, y) in the Montgomery
// domain. Fixed window: 63 rounds of four doublings and one addition of a table entry, whatever the digits.
function multiply(d: usize, x: usize, y: usize): void {
  // Entry i is i * (x, y); entry 0 is infinity, which the complete formulas add like any point.
  setInfinity(TABLE);
  memory.copy(TABLE + POINT, x, ELEM);
  memory.copy(TABLE + POINT + ELEM, y, ELEM);
  memory.copy(TABLE + POINT + 2 * ELEM, ONE, ELEM);
  for (let i = 2; i < TABLE_POINTS; i++) {
    const at = TABLE + <usize>i * POINT;
    if (i & 1) pointAdd(at, at - POINT, TABLE + POINT);
    else pointDouble(at, TABLE + <usize>(i >> 1) * POINT);
  }
  const windows = 256 / WINDOW_BITS;
  select(ACC, digit(d, windows - 1));
  for (let w = windows - 2; w >= 0; w--) {
    for (let i = 0; i < WINDOW_BITS; i++) pointDouble(ACC, ACC);
    select(SEL, digit(d, w));
    pointAdd(ACC, ACC, SEL);
  }
}

// digit returns window w (bits 4w..4w+3) of the scalar d. The limb read depends on w only.
// @ts-ignore: decorator
@inline function digit(d: usize, w: i32): u32 {
  return (load<u32>(d + (<usize>(w >> 3) << 2)) >> (<u32>(w & 7) << 2)) & 15;
}

// select copies table entry `index` to r by reading every entry and keeping one through a mask, so that the memory
// accessed does not depend on the index.
function select(r: usize, index: u32): void {
  memory.fill(r, 0, POINT);
  for (let e: u32 = 0; e < <u32>TABLE_POINTS; e++) {
    // (e ^ index) - 1 has its top bit set only when e == index (both are below 16).
    const mask = <u64>0 - <u64>(((e ^ index) - 1) >> 31);
    const entry = TABLE + <usize>e * POINT;
    for (let j: usize = 0; j < POINT; j += 8) store<u64>(r + j, load<u64>(r + j) | (load<u64>(entry + j) & mask));
  }
}

// writeAffine writes coordinate * Z^-1 (X or Y of ACC, with T0 = Z^-1) out of the Montgomery domain as 32
// big-endian bytes at out: the affine x or y.
function writeAffine(out: usize, coordinate: usize): void {
  fieldMul(T1, coordinate, T0);
  fieldMul(T1, T1, PLAIN_ONE);
  limbsToBytes(out, T1, <i32>ELEM);
}

// setInfinity makes r the point at infinity, (0 : 1 : 0) in projective coordinates.
function setInfinity(r: usize): void {
  memory.fill(r, 0, POINT);
  memory.copy(r + ELEM, ONE, ELEM);
}

// pointAdd sets r = p + q for projective points (x = X / Z, y = Y / Z), r may alias p or q: the complete formula
// for a = -3 of Renes, Costello and Batina (eprint 2015/1060, Algorithm 4), 12M + 2 multiplications by b. It
// holds for every pair of points, infinity and p == q included.
function pointAdd(r: usize, p: usize, q: usize): void {
  const X1 = p, Y1 = p + ELEM, Z1 = p + 2 * ELEM, X2 = q, Y2 = q + ELEM, Z2 = q + 2 * ELEM;
  const X3 = OUT, Y3 = OUT + ELEM, Z3 = OUT + 2 * ELEM;
  fieldMul(T0, X1, X2);
  fieldMul(T1, Y1, Y2);
  fieldMul(T2, Z1, Z2);
  fieldAdd(T3, X1, Y1);
  fieldAdd(T4, X2, Y2);
  fieldMul(T3, T3, T4);
  fieldAdd(T4, T0, T1);
  fieldSub(T3, T3, T4);
  fieldAdd(T4, Y1, Z1);
  fieldAdd(X3, Y2, Z2);
  fieldMul(T4, T4, X3);
  fieldAdd(X3, T1, T2);
  fieldSub(T4, T4, X3);
  fieldAdd(X3, X1, Z1);
  fieldAdd(Y3, X2, Z2);
  fieldMul(X3, X3, Y3);
  fieldAdd(Y3, T0, T2);
  fieldSub(Y3, X3, Y3);
  fieldMul(Z3, B, T2);
  fieldSub(X3, Y3, Z3);
  fieldAdd(Z3, X3, X3);
  fieldAdd(X3, X3, Z3);
  fieldSub(Z3, T1, X3);
  fieldAdd(X3, T1, X3);
  fieldMul(Y3, B, Y3);
  fieldAdd(T1, T2, T2);
  fieldAdd(T2, T1, T2);
  fieldSub(Y3, Y3, T2);
  fieldSub(Y3, Y3, T0);
  fieldAdd(T1, Y3, Y3);
  fieldAdd(Y3, T1, Y3);
  fieldAdd(T1, T0, T0);
  fieldAdd(T0, T1, T0);
  fieldSub(T0, T0, T2);
  fieldMul(T1, T4, Y3);
  fieldMul(T2, T0, Y3);
  fieldMul(Y3, X3, Z3);
  fieldAdd(Y3, Y3, T2);
  fieldMul(X3, X3, T3);
  fieldSub(X3, X3, T1);
  fieldMul(Z3, Z3, T4);
  fieldMul(T1, T3, T0);
  fieldAdd(Z3, Z3, T1);
  memory.copy(r, OUT, POINT);
}

// pointDouble sets r = 2p, r may alias p: Renes, Costello and Batina's Algorithm 6 (a = -3), 8M + 3S + 2
// multiplications by b, complete like pointAdd.
function pointDouble(r: usize, p: usize): void {
  const X = p, Y = p + ELEM, Z = p + 2 * ELEM;
  const X3 = OUT, Y3 = OUT + ELEM, Z3 = OUT + 2 * ELEM;
  fieldMul(T0, X, X);
  fieldMul(T1, Y, Y);
  fieldMul(T2, Z, Z);
  fieldMul(T3, X, Y);
  fieldAdd(T3, T3, T3);
  fieldMul(Z3, X, Z);
  fieldAdd(Z3, Z3, Z3);
  fieldMul(Y3, B, T2);
  fieldSub(Y3, Y3, Z3);
  fieldAdd(X3, Y3, Y3);
  fieldAdd(Y3, X3, Y3);
  fieldSub(X3, T1, Y3);
  fieldAdd(Y3, T1, Y3);
  fieldMul(Y3, X3, Y3);
  fieldMul(X3, X3, T3);
  fieldAdd(T3, T2, T2);
  fieldAdd(T2, T2, T3);
  fieldMul(Z3, B, Z3);
  fieldSub(Z3, Z3, T2);
  fieldSub(Z3, Z3, T0);
  fieldAdd(T3, Z3, Z3);
  fieldAdd(Z3, Z3, T3);
  fieldAdd(T3, T0, T0);
  fieldAdd(T0, T3, T0);
  fieldSub(T0, T0, T2);
  fieldMul(T0, T0, Z3);
  fieldAdd(Y3, Y3, T0);
  fieldMul(T0, Y, Z);
  fieldAdd(T0, T0, T0);
  fieldMul(Z3, T0, Z3);
  fieldSub(X3, X3, Z3);
  fieldMul(Z3, T0, T1);
  fieldAdd(Z3, Z3, Z3);
  fieldAdd(Z3, Z3, Z3);
  memory.copy(r, OUT, POINT);
}

// fieldMul sets r = a * b / R mod p (Montgomery product, R = 2^256) for a, b < p; r may alias a or b. Eight rounds
// each add a * b[i], then q * p with q = t mod 2^32, which clears the low limb since -p^-1 = 1 mod 2^32 (p = -1
// mod 2^96), and shift one limb down. Carries are deferred: each 64-bit product goes into two i64 limbs as its
// 32-bit halves, and q * p = q * (2^256 - 2^224 + 2^192 + 2^96 - 1) adds or subtracts q at four limbs, so the
// adds of a round do not wait on each other. A limb takes at most three 32-bit terms a round for eight rounds,
// well inside an i64; one carry pass at the end gives t < 2p, as in word-by-word Montgomery reduction.
function fieldMul(r: usize, a: usize, b: usize): void {
  const a0 = <u64>load<u32>(a), a1 = <u64>load<u32>(a, 4), a2 = <u64>load<u32>(a, 8), a3 = <u64>load<u32>(a, 12);
  const a4 = <u64>load<u32>(a, 16), a5 = <u64>load<u32>(a, 20), a6 = <u64>load<u32>(a, 24);
  const a7 = <u64>load<u32>(a, 28);
  let t0: i64 = 0, t1: i64 = 0, t2: i64 = 0, t3: i64 = 0, t4: i64 = 0, t5: i64 = 0, t6: i64 = 0, t7: i64 = 0;
  let t8: i64 = 0;
  for (let i: usize = 0; i < ELEM; i += 4) {
    const bi = <u64>load<u32>(b + i);
    let m = a0 * bi; t0 += <i64>(m & MASK32); t1 += <i64>(m >> 32);
    m = a1 * bi; t1 += <i64>(m & MASK32); t2 += <i64>(m >> 32);
    m = a2 * bi; t2 += <i64>(m & MASK32); t3 += <i64>(m >> 32);
    m = a3 * bi; t3 += <i64>(m & MASK32); t4 += <i64>(m >> 32);
    m = a4 * bi; t4 += <i64>(m & MASK32); t5 += <i64>(m >> 32);
    m = a5 * bi; t5 += <i64>(m & MASK32); t6 += <i64>(m >> 32);
    m = a6 * bi; t6 += <i64>(m & MASK32); t7 += <i64>(m >> 32);
    m = a7 * bi; t7 += <i64>(m & MASK32); t8 += <i64>(m >> 32);
    // t0 may be negative; its low 32 bits are still t mod 2^32, and t0 - q is an exact multiple of 2^32.
    const q = t0 & <i64>MASK32;
    t0 = t1 + (t0 >> 32); t1 = t2; t2 = t3 + q; t3 = t4; t4 = t5; t5 = t6 + q; t6 = t7 - q; t7 = t8 + q;
    t8 = 0;
  }
  let c = t0; t0 = c & <i64>MASK32; c >>= 32;
  c += t1; t1 = c & <i64>MASK32; c >>= 32;
  c += t2; t2 = c & <i64>MASK32; c >>= 32;
  c += t3; t3 = c & <i64>MASK32; c >>= 32;
  c += t4; t4 = c & <i64>MASK32; c >>= 32;
  c += t5; t5 = c & <i64>MASK32; c >>= 32;
  c += t6; t6 = c & <i64>MASK32; c >>= 32;
  c += t7; t7 = c & <i64>MASK32; c >>= 32;
  subtractPIfAbove(r, t0, t1, t2, t3, t4, t5, t6, t7, c);
}

// fieldAdd sets r = a + b mod p for a, b < p; r may alias a or b.
function fieldAdd(r: usize, a: usize, b: usize): void {
  let c: i64 = <i64>load<u32>(a) + <i64>load<u32>(b);
  const s0 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 4) + <i64>load<u32>(b, 4); const s1 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 8) + <i64>load<u32>(b, 8); const s2 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 12) + <i64>load<u32>(b, 12); const s3 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 16) + <i64>load<u32>(b, 16); const s4 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 20) + <i64>load<u32>(b, 20); const s5 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 24) + <i64>load<u32>(b, 24); const s6 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 28) + <i64>load<u32>(b, 28); const s7 = c & <i64>MASK32; c >>= 32;
  subtractPIfAbove(r, s0, s1, s2, s3, s4, s5, s6, s7, c);
}

// fieldSub sets r = a - b mod p for a, b < p; r may alias a or b. p is added back through a mask of the borrow:
// its limbs are 2^32 - 1 (0, 1, 2 and 7), 0 (3, 4, 5) and 1 (6).
function fieldSub(r: usize, a: usize, b: usize): void {
  let c: i64 = <i64>load<u32>(a) - <i64>load<u32>(b);
  let d0 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 4) - <i64>load<u32>(b, 4); let d1 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 8) - <i64>load<u32>(b, 8); let d2 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 12) - <i64>load<u32>(b, 12); let d3 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 16) - <i64>load<u32>(b, 16); let d4 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 20) - <i64>load<u32>(b, 20); let d5 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 24) - <i64>load<u32>(b, 24); let d6 = c & <i64>MASK32; c >>= 32;
  c += <i64>load<u32>(a, 28) - <i64>load<u32>(b, 28); let d7 = c & <i64>MASK32; c >>= 32;
  const m = c & <i64>MASK32; // 2^32 - 1 after a borrow (c = -1), else 0
  c = d0 + m; d0 = c & <i64>MASK32; c >>= 32;
  c += d1 + m; d1 = c & <i64>MASK32; c >>= 32;
  c += d2 + m; d2 = c & <i64>MASK32; c >>= 32;
  c += d3; d3 = c & <i64>MASK32; c >>= 32;
  c += d4; d4 = c & <i64>MASK32; c >>= 32;
  c += d5; d5 = c & <i64>MASK32; c >>= 32;
  c += d6 + (m & 1); d6 = c & <i64>MASK32; c >>= 32;
  c += d7 + m; d7 = c & <i64>MASK32;
  storeLimbs(r, d0, d1, d2, d3, d4, d5, d6, d7);
}

// subtractPIfAbove stores at r the value t = top * 2^256 + t7..t0 (limbs below 2^32, t < 2p) reduced below p:
// t - p and t are both computed, and a mask of the borrow keeps one. Inlined into fieldMul and fieldAdd, so that
// the limbs stay in locals.
// @ts-ignore: decorator
@inline function subtractPIfAbove(
  r: usize, t0: i64, t1: i64, t2: i64, t3: i64, t4: i64, t5: i64, t6: i64, t7: i64, top: i64,
): void {
  let c = t0 - <i64>MASK32; const d0 = c & <i64>MASK32; c >>= 32;
  c += t1 - <i64>MASK32; const d1 = c & <i64>MASK32; c >>= 32;
  c += t2 - <i64>MASK32; const d2 = c & <i64>MASK32; c >>= 32;
  c += t3; const d3 = c & <i64>MASK32; c >>= 32;
  c += t4; const d4 = c & <i64>MASK32; c >>= 32;
  c += t5; const d5 = c & <i64>MASK32; c >>= 32;
  c += t6 - 1; const d6 = c & <i64>MASK32; c >>= 32;
  c += t7 - <i64>MASK32; const d7 = c & <i64>MASK32; c >>= 32;
  // top + borrow is -1 exactly when t < p: keep is all ones then.
  const keep = (top + c) >> 63;
  storeLimbs(r, (t0 & keep) | (d0 & ~keep), (t1 & keep) | (d1 & ~keep), (t2 & keep) | (d2 & ~keep),
    (t3 & keep) | (d3 & ~keep), (t4 & keep) | (d4 & ~keep), (t5 & keep) | (d5 & ~keep),
    (t6 & keep) | (d6 & ~keep), (t7 & keep) | (d7 & ~keep));
}

// storeLimbs stores eight limbs below 2^32 at r. @inline: the tail of every field operation.
// @ts-ignore: decorator
@inline function storeLimbs(r: usize, l0: i64, l1: i64, l2: i64, l3: i64, l4: i64, l5: i64, l6: i64, l7: i64): void {
  store<u32>(r, <u32>l0); store<u32>(r, <u32>l1, 4); store<u32>(r, <u32>l2, 8); store<u32>(r, <u32>l3, 12);
  store<u32>(r, <u32>l4, 16); store<u32>(r, <u32>l5, 20); store<u32>(r, <u32>l6, 24); store<u32>(r, <u32>l7, 28);
}

// fieldInvert sets r = a^-1 = a^(p - 2) (Fermat) in the Montgomery domain, 0 for a = 0. Square-and-multiply over
// the bits of p - 2: the branch follows the public exponent, never a.
function fieldInvert(r: usize, a: usize): void {
  const p = CURVE.field.p;
  memory.copy(INV_BASE, a, ELEM);
  memory.copy(INV_ACC, ONE, ELEM);
  for (let i = 255; i >= 0; i--) {
    fieldMul(INV_ACC, INV_ACC, INV_ACC);
    // p - 2 differs from p only in its low limb, 0xffffffff - 2.
    let word = load<u32>(p + (<usize>(i >> 5) << 2));
    if (i < 32) word -= 2;
    if ((word >>> (i & 31)) & 1) fieldMul(INV_ACC, INV_ACC, INV_BASE);
  }
  memory.copy(r, INV_ACC, ELEM);
}
