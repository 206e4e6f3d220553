// u1 * G + u2 * Q for ECDSA verification (SEC 1 §4.1.4 step 5), by interleaving width-w NAFs (Guide to ECC,
// Alg. 3.51): one chain of doublings for both scalars; G at width 7 from 32 affine multiples built once per curve,
// Q at width 5 from 8 Jacobian multiples built per call. Public inputs only: the running time depends on them.

import { CurveParams } from "./ec_curve";
import { Field } from "./ec_field";
import { limbsBits, EC_ELEM_BYTES, EC_MAX_LIMBS } from "./ec_limbs";
import {
  pointAdd, pointAddAffine, pointCopy, pointDouble, pointNegate, pointSetAffine, pointSetInfinity, pointX, pointY,
  pointZ, EC_POINT_BYTES,
} from "./ec_point";

// @ts-ignore: decorator
@inline const G_WINDOW: i32 = 7;
// @ts-ignore: decorator
@inline const G_POINTS: i32 = 1 << (G_WINDOW - 2);
// @ts-ignore: decorator
@inline const Q_WINDOW: i32 = 5;
// @ts-ignore: decorator
@inline const Q_POINTS: i32 = 1 << (Q_WINDOW - 2);
// A NAF of an L-bit scalar has L + 1 digits; one spare byte keeps the arrays a multiple of 8.
// @ts-ignore: decorator
@inline const NAF_DIGITS: i32 = EC_MAX_LIMBS * 32 + 8;

// Per-call state; a guest runs one call at a time.
const NAF_G = memory.data(NAF_DIGITS, 8);
const NAF_Q = memory.data(NAF_DIGITS, 8);
const Q_TABLE = memory.data(<i32>EC_POINT_BYTES * Q_POINTS, 8);
const ACC = memory.data(<i32>EC_POINT_BYTES, 8);
const NEG = memory.data(<i32>EC_POINT_BYTES, 8);

/**
 * doubleScalarMul sets the Jacobian point r = u1 * G + u2 * Q for scalars u1, u2 below n (`scalar.limbs` limbs
 * each, zero allowed) and the affine point Q = (qx, qy) on the curve. The result may be infinity.
 */
export function doubleScalarMul(c: CurveParams, r: usize, u1: usize, u2: usize, qx: usize, qy: usize): void {
  const f = c.field;
  const n = c.scalar.limbs;
  const digits = c.scalar.bits + 1;
  wnaf(NAF_G, u1, n, digits, G_WINDOW);
  wnaf(NAF_Q, u2, n, digits, Q_WINDOW);
  const gTable = changetype<usize>(generatorTable(c));
  buildQTable(f, qx, qy);
  let top = digits - 1;
  while (top >= 0 && load<i8>(NAF_G + <usize>top) == 0 && load<i8>(NAF_Q + <usize>top) == 0) top--;
  pointSetInfinity(f, ACC);
  for (let i = top; i >= 0; i--) {
    pointDouble(f, ACC, ACC);
    const dg = <i32>load<i8>(NAF_G + <usize>i);
    if (dg != 0) {
      // Entry k of the table is (2k + 1) * G as x, y; a negative digit adds the negated point.
      const entry = gTable + <usize>((abs(dg) - 1) >> 1) * 2 * EC_ELEM_BYTES;
      let y = entry + EC_ELEM_BYTES;
      if (dg < 0) {
        f.neg(pointY(NEG), y);
        y = pointY(NEG);
      }
      pointAddAffine(f, ACC, ACC, entry, y);
    }
    const dq = <i32>load<i8>(NAF_Q + <usize>i);
    if (dq != 0) {
      const entry = Q_TABLE + <usize>((abs(dq) - 1) >> 1) * EC_POINT_BYTES;
      if (dq > 0) {
        pointAdd(f, ACC, ACC, entry);
      } else {
        pointNegate(f, NEG, entry);
        pointAdd(f, ACC, ACC, NEG);
      }
    }
  }
  pointCopy(f, r, ACC);
}

/**
 * wnaf writes the width-w NAF of the n-limb scalar k as `digits` signed bytes at out, least significant first:
 * every nonzero digit is odd and below 2^(w-1) in magnitude, and any w consecutive digits hold at most one
 * nonzero. `digits` must be at least the bit length of k plus one.
 */
export function wnaf(out: usize, k: usize, n: i32, digits: i32, w: i32): void {
  memory.fill(out, 0, <usize>digits);
  let carry: u32 = 0;
  let bit = 0;
  while (bit < digits) {
    // An even running value (bit + carry is 0 or 2) gives a zero digit and keeps the carry.
    if (limbsBits(k, n, bit, 1) == carry) {
      bit++;
      continue;
    }
    // Odd: take w bits plus the carry, and pick the odd digit in (-2^(w-1), 2^(w-1)) congruent to them mod 2^w.
    const word = <i32>(limbsBits(k, n, bit, w) + carry);
    carry = <u32>(word >> (w - 1)) & 1;
    store<i8>(out + <usize>bit, <i8>(word - (<i32>carry << w)));
    bit += w;
  }
}

/**
 * generatorTable returns the curve's table of G, 2k+1 times G for k = 0..31 as affine x, y pairs, computing it
 * on first use: 31 additions in Jacobian form, then one field inversion for all of them (Montgomery's trick).
 */
export function generatorTable(c: CurveParams): StaticArray<u8> {
  const existing = c.gTable;
  if (existing !== null) return existing;
  const f = c.field;
  const table = new StaticArray<u8>(G_POINTS * 2 * <i32>EC_ELEM_BYTES);
  const jac = new StaticArray<u8>(G_POINTS * <i32>EC_POINT_BYTES);
  const prefix = new StaticArray<u8>(G_POINTS * <i32>EC_ELEM_BYTES);
  const tp = changetype<usize>(table), jp = changetype<usize>(jac), pp = changetype<usize>(prefix);
  pointSetAffine(f, jp, c.gx, c.gy);
  pointDouble(f, ACC, jp);
  for (let k = 1; k < G_POINTS; k++) {
    const at = jp + <usize>k * EC_POINT_BYTES;
    pointAdd(f, at, at - EC_POINT_BYTES, ACC);
  }
  // prefix[k] = Z0 * ... * Zk; then walk back with inv = (Z0 * ... * Zk)^-1 to get each Zk^-1.
  f.copy(pp, pointZ(jp));
  for (let k = 1; k < G_POINTS; k++) {
    const at = pp + <usize>k * EC_ELEM_BYTES;
    f.mul(at, at - EC_ELEM_BYTES, pointZ(jp + <usize>k * EC_POINT_BYTES));
  }
  const inv = pointX(NEG), zinv = pointY(NEG), zz = pointZ(NEG);
  f.inv(inv, pp + <usize>(G_POINTS - 1) * EC_ELEM_BYTES);
  for (let k = G_POINTS - 1; k >= 0; k--) {
    const point = jp + <usize>k * EC_POINT_BYTES;
    if (k > 0) {
      f.mul(zinv, inv, pp + <usize>(k - 1) * EC_ELEM_BYTES);
      f.mul(inv, inv, pointZ(point));
    } else {
      f.copy(zinv, inv);
    }
    const x = tp + <usize>k * 2 * EC_ELEM_BYTES;
    f.sqr(zz, zinv);
    f.mul(x, pointX(point), zz);
    f.mul(zz, zz, zinv);
    f.mul(x + EC_ELEM_BYTES, pointY(point), zz);
  }
  c.gTable = table;
  return table;
}

// buildQTable fills Q_TABLE with (2k+1) * Q for k = 0..7 in Jacobian form: Q, then repeated additions of 2Q.
// None of them is infinity or equal to 2Q, since Q has prime order n > 15.
function buildQTable(f: Field, qx: usize, qy: usize): void {
  pointSetAffine(f, Q_TABLE, qx, qy);
  pointDouble(f, NEG, Q_TABLE);
  for (let k = 1; k < Q_POINTS; k++) {
    const at = Q_TABLE + <usize>k * EC_POINT_BYTES;
    pointAdd(f, at, at - EC_POINT_BYTES, NEG);
  }
}
