// ECDSA signature verification (SEC 1 v2 §4.1.4, FIPS 186-4 §6.4.2) on P-256, P-384 and P-521, for JWS ES256,
// ES384 and ES512 (RFC 7518 §3.4). Keys, signatures and digests are public, so nothing here is constant time.
// Every malformed input is answered with null or false; none can trap.

import { curveParams, CurveParams } from "./ec_curve";
import { limbsAdd, limbsCmp, limbsFromBytes, limbsShr1, EC_ELEM_BYTES } from "./ec_limbs";
import { doubleScalarMul } from "./ec_mul";
import { pointIsInfinity, pointOnCurve, pointX, pointZ, EC_POINT_BYTES } from "./ec_point";

/** Curve names the three supported curves by the bit length of their prime. */
export const enum Curve { P256 = 256, P384 = 384, P521 = 521 }

// Per-call scratch: r, s, e, s^-1, u1, u2, a comparison value, and the result point. A guest runs one call at a
// time.
const R = memory.data(<i32>EC_ELEM_BYTES, 8);
const S = memory.data(<i32>EC_ELEM_BYTES, 8);
const E = memory.data(<i32>EC_ELEM_BYTES, 8);
const W = memory.data(<i32>EC_ELEM_BYTES, 8);
const U1 = memory.data(<i32>EC_ELEM_BYTES, 8);
const U2 = memory.data(<i32>EC_ELEM_BYTES, 8);
const V = memory.data(<i32>EC_ELEM_BYTES, 8);
const RESULT = memory.data(<i32>EC_POINT_BYTES, 8);

/**
 * EcPublicKey is a validated public key: affine coordinates below p of a point on the curve, not infinity
 * (SEC 1 §3.2.2.1; with cofactor 1 that also makes its order n). Make one with ecPublicKey().
 */
export class EcPublicKey {
  /** curve is the key's curve. */
  readonly curve: Curve;
  // Coordinates as little-endian limbs (8, 12 or 17), read through changetype by ecdsaVerify.
  private readonly xLimbs: StaticArray<u32>;
  private readonly yLimbs: StaticArray<u32>;

  /** Use ecPublicKey(): this constructor trusts that the limbs were validated. */
  constructor(curve: Curve, xLimbs: StaticArray<u32>, yLimbs: StaticArray<u32>) {
    this.curve = curve;
    this.xLimbs = xLimbs;
    this.yLimbs = yLimbs;
  }

  /** xAt and yAt are the addresses of the coordinates' limbs, for the arithmetic in ec_*.ts. */
  get xAt(): usize { return changetype<usize>(this.xLimbs); }
  get yAt(): usize { return changetype<usize>(this.yLimbs); }

  /** limbs is the coordinates' size in limbs; ecdsaVerify checks it against the curve before reading them. */
  get limbs(): i32 { return min(this.xLimbs.length, this.yLimbs.length); }
}

/**
 * ecPublicKey validates a public key given as big-endian coordinates exactly as a JWK carries them (RFC 7518
 * §6.2.1.2: 32, 48 or 66 bytes for P-256, P-384, P-521). It returns null if either length is wrong, a coordinate
 * is >= p, or (x, y) is not on the curve; the point at infinity has no such encoding, so it is refused too.
 */
export function ecPublicKey(curve: Curve, x: Uint8Array, y: Uint8Array): EcPublicKey | null {
  const c = curveParams(<i32>curve);
  if (c === null) return null;
  const f = c.field;
  if (x.length != f.bytes || y.length != f.bytes) return null;
  const xl = new StaticArray<u32>(f.limbs), yl = new StaticArray<u32>(f.limbs);
  // SEC 1 §3.2.2.1 step 2: both coordinates in [0, p - 1]; step 3: on the curve.
  if (!f.fromBytes(changetype<usize>(xl), x.dataStart)) return null;
  if (!f.fromBytes(changetype<usize>(yl), y.dataStart)) return null;
  if (!pointOnCurve(f, c.b, changetype<usize>(xl), changetype<usize>(yl))) return null;
  return new EcPublicKey(curve, xl, yl);
}

/**
 * ecdsaVerify reports whether signature is a valid ECDSA signature by key over the message whose hash is digest.
 * signature is r || s as JWS encodes it (RFC 7518 §3.4), each half as long as a coordinate (64, 96 or 132 bytes
 * in all). digest is the hash of the signing input (SHA-256, -384, -512 for ES256, ES384, ES512; which hash
 * goes with which curve is the caller's check); only its leftmost len(n) bits count (SEC 1 §4.1.4 step 3).
 * False for a wrong length, r or s outside [1, n - 1], or a signature that does not verify.
 */
export function ecdsaVerify(key: EcPublicKey, digest: Uint8Array, signature: Uint8Array): bool {
  const c = curveParams(<i32>key.curve);
  if (c === null) return false;
  const f = c.field, sc = c.scalar, n = sc.limbs;
  const half = f.bytes;
  // A key made by ecPublicKey always fits its curve; one built with the constructor directly might not.
  if (key.limbs != f.limbs) return false;
  if (signature.length != 2 * half) return false;
  // SEC 1 §4.1.4 step 1: r and s are integers in [1, n - 1].
  limbsFromBytes(R, signature.dataStart, half, n);
  limbsFromBytes(S, signature.dataStart + <usize>half, half, n);
  if (!sc.isValid(R) || !sc.isValid(S)) return false;
  // Step 3: e from the digest.
  digestToScalar(c, E, digest);
  // Step 4: w = s^-1, u1 = e * w, u2 = r * w (mod n). With W = w * R (Montgomery form), mont(e, W) = e * w.
  sc.inv(W, S);
  sc.toMont(W, W);
  sc.mont(U1, E, W);
  sc.mont(U2, R, W);
  // Step 5: the point u1 * G + u2 * Q; infinity means reject.
  doubleScalarMul(c, RESULT, U1, U2, key.xAt, key.yAt);
  if (pointIsInfinity(f, RESULT)) return false;
  // Steps 6-8: accept when x mod n == r. x = X / Z^2, so test X == r * Z^2 instead of inverting Z. As r < n and
  // n < p, x mod n == r means x == r or x == r + n, and the second can only hold when r + n < p.
  const zz = V;
  f.sqr(zz, pointZ(RESULT));
  if (matchesX(c, R, zz)) return true;
  if (limbsAdd(R, R, sc.n, n) != 0 || limbsCmp(R, f.p, n) >= 0) return false;
  return matchesX(c, R, zz);
}

// matchesX reports whether the result's X equals candidate * zz (candidate < p, as field element), in place of
// x == candidate. Uses U1 as scratch, which the multiplication is done with.
function matchesX(c: CurveParams, candidate: usize, zz: usize): bool {
  const f = c.field;
  f.mul(U1, candidate, zz);
  return f.equal(U1, pointX(RESULT));
}

// digestToScalar sets e from the digest as SEC 1 §4.1.4 step 3 (via §4.1.3 step 5) and FIPS 186-4 §6.4 do: the
// leftmost len(n) bits as an integer, then reduced mod n. Only the first ceil(len(n) / 8) bytes can matter.
function digestToScalar(c: CurveParams, e: usize, digest: Uint8Array): void {
  const sc = c.scalar;
  const take = min(digest.length, (sc.bits + 7) >> 3);
  limbsFromBytes(e, digest.dataStart, take, sc.limbs);
  // Whole bytes were read; drop the excess bits (at most 7, only when the digest is longer than len(n)).
  for (let excess = take * 8 - sc.bits; excess > 0; excess--) limbsShr1(e, sc.limbs, 0);
  // e < 2^len(n) < 2n.
  sc.reduceOnce(e);
}
