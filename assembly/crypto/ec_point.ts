// Points of y^2 = x^3 - 3x + b in Jacobian coordinates (x = X / Z^2, y = Y / Z^3; Z = 0 is infinity), with the
// Explicit-Formulas Database's dbl-2001-b, madd-2007-bl and add-2007-bl. Those fail on P == Q, which is checked
// and sent to doubling. Public data only: branching on infinity or equal points is fine for verification.

import { EC_ELEM_BYTES } from "./ec_limbs";
import { Field } from "./ec_field";

/** EC_POINT_BYTES is the size of a Jacobian point in memory: X, then Y, then Z, each EC_ELEM_BYTES apart. */
// @ts-ignore: decorator
@inline export const EC_POINT_BYTES: usize = EC_ELEM_BYTES * 3;

// Temporaries of the formulas; a guest runs one call at a time, and no formula calls another while it holds them
// (add and addAffine hand over to double only before touching them).
const T = memory.data(<i32>EC_ELEM_BYTES * 10, 8);
// @ts-ignore: decorator
@inline function t(i: usize): usize { return T + i * EC_ELEM_BYTES; }

// @ts-ignore: decorator
@inline function X(p: usize): usize { return p; }
// @ts-ignore: decorator
@inline function Y(p: usize): usize { return p + EC_ELEM_BYTES; }
// @ts-ignore: decorator
@inline function Z(p: usize): usize { return p + 2 * EC_ELEM_BYTES; }

/** pointSetInfinity makes r the point at infinity. */
export function pointSetInfinity(f: Field, r: usize): void {
  f.setWord(X(r), 1);
  f.setWord(Y(r), 1);
  f.setWord(Z(r), 0);
}

/** pointIsInfinity reports whether p is the point at infinity (Z = 0). */
export function pointIsInfinity(f: Field, p: usize): bool {
  return f.isZero(Z(p));
}

/** pointSetAffine sets r = (x, y) with Z = 1. */
export function pointSetAffine(f: Field, r: usize, x: usize, y: usize): void {
  f.copy(X(r), x);
  f.copy(Y(r), y);
  f.setWord(Z(r), 1);
}

/** pointCopy sets r = p. */
export function pointCopy(f: Field, r: usize, p: usize): void {
  f.copy(X(r), X(p));
  f.copy(Y(r), Y(p));
  f.copy(Z(r), Z(p));
}

/** pointNegate sets r = -p, which is (X, -Y, Z). */
export function pointNegate(f: Field, r: usize, p: usize): void {
  f.copy(X(r), X(p));
  f.neg(Y(r), Y(p));
  f.copy(Z(r), Z(p));
}

/**
 * pointDouble sets r = 2p (r may be p). dbl-2001-b, which uses a = -3: 3M + 5S. Infinity doubles to infinity
 * (Z3 = 2 * Y * Z = 0), and no point of these prime-order curves has Y = 0.
 */
export function pointDouble(f: Field, r: usize, p: usize): void {
  const delta = t(0), gamma = t(1), beta = t(2), alpha = t(3), u = t(4);
  f.sqr(delta, Z(p));
  f.sqr(gamma, Y(p));
  f.mul(beta, X(p), gamma);
  // alpha = 3 * (X - delta) * (X + delta)
  f.sub(u, X(p), delta);
  f.add(alpha, X(p), delta);
  f.mul(alpha, alpha, u);
  f.add(u, alpha, alpha);
  f.add(alpha, u, alpha);
  // Z3 = (Y + Z)^2 - gamma - delta, before Y and Z are overwritten
  f.add(u, Y(p), Z(p));
  f.sqr(u, u);
  f.sub(u, u, gamma);
  f.sub(Z(r), u, delta);
  // X3 = alpha^2 - 8 * beta; beta becomes 4 * beta on the way
  f.add(beta, beta, beta);
  f.add(beta, beta, beta);
  f.sqr(u, alpha);
  f.sub(u, u, beta);
  f.sub(X(r), u, beta);
  // Y3 = alpha * (4 * beta - X3) - 8 * gamma^2
  f.sub(u, beta, X(r));
  f.mul(u, alpha, u);
  f.sqr(gamma, gamma);
  f.add(gamma, gamma, gamma);
  f.add(gamma, gamma, gamma);
  f.add(gamma, gamma, gamma);
  f.sub(Y(r), u, gamma);
}

/**
 * pointAddAffine sets r = p + (x, y) for an affine point (x, y) on the curve (r may be p). madd-2007-bl:
 * 7M + 4S, with the cases the formula misses handled first: p at infinity, p == (x, y) and p == -(x, y).
 */
export function pointAddAffine(f: Field, r: usize, p: usize, x: usize, y: usize): void {
  if (pointIsInfinity(f, p)) return pointSetAffine(f, r, x, y);
  const z1z1 = t(0), h = t(1), rr = t(2), hh = t(3), i = t(4), j = t(5), v = t(6), u = t(7);
  f.sqr(z1z1, Z(p));
  f.mul(h, x, z1z1); // U2
  f.sub(h, h, X(p)); // H = U2 - X1
  f.mul(rr, y, Z(p));
  f.mul(rr, rr, z1z1); // S2
  f.sub(rr, rr, Y(p)); // S2 - Y1
  if (f.isZero(h)) {
    if (f.isZero(rr)) pointDouble(f, r, p);
    else pointSetInfinity(f, r);
    return;
  }
  f.add(rr, rr, rr); // r = 2 * (S2 - Y1)
  f.sqr(hh, h);
  f.add(i, hh, hh);
  f.add(i, i, i); // I = 4 * HH
  f.mul(j, h, i); // J = H * I
  f.mul(v, X(p), i); // V = X1 * I
  // Z3 = (Z1 + H)^2 - Z1Z1 - HH, while Z1 is still there
  f.add(u, Z(p), h);
  f.sqr(u, u);
  f.sub(u, u, z1z1);
  f.sub(Z(r), u, hh);
  // Y1 * J, before Y1 may be overwritten: reuses z1z1 and hh, which are done
  f.mul(z1z1, Y(p), j);
  f.add(z1z1, z1z1, z1z1);
  // X3 = r^2 - J - 2 * V
  f.sqr(u, rr);
  f.sub(u, u, j);
  f.sub(u, u, v);
  f.sub(X(r), u, v);
  // Y3 = r * (V - X3) - 2 * Y1 * J
  f.sub(u, v, X(r));
  f.mul(u, rr, u);
  f.sub(Y(r), u, z1z1);
}

/**
 * pointAdd sets r = p + q for Jacobian points (r may be p or q). add-2007-bl: 11M + 5S, with infinity and
 * p == ±q handled first.
 */
export function pointAdd(f: Field, r: usize, p: usize, q: usize): void {
  if (pointIsInfinity(f, p)) return pointCopy(f, r, q);
  if (pointIsInfinity(f, q)) return pointCopy(f, r, p);
  const z1z1 = t(0), z2z2 = t(1), u1 = t(2), h = t(3), s1 = t(4), rr = t(5), i = t(6), j = t(7), v = t(8);
  const u = t(9);
  f.sqr(z1z1, Z(p));
  f.sqr(z2z2, Z(q));
  f.mul(u1, X(p), z2z2);
  f.mul(h, X(q), z1z1);
  f.sub(h, h, u1); // H = U2 - U1
  f.mul(s1, Y(p), Z(q));
  f.mul(s1, s1, z2z2); // S1
  f.mul(rr, Y(q), Z(p));
  f.mul(rr, rr, z1z1);
  f.sub(rr, rr, s1); // S2 - S1
  if (f.isZero(h)) {
    if (f.isZero(rr)) pointDouble(f, r, p);
    else pointSetInfinity(f, r);
    return;
  }
  f.add(rr, rr, rr); // r = 2 * (S2 - S1)
  f.add(i, h, h);
  f.sqr(i, i); // I = (2H)^2
  f.mul(j, h, i); // J = H * I
  f.mul(v, u1, i); // V = U1 * I
  // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) * H
  f.add(u, Z(p), Z(q));
  f.sqr(u, u);
  f.sub(u, u, z1z1);
  f.sub(u, u, z2z2);
  f.mul(Z(r), u, h);
  // X3 = r^2 - J - 2 * V
  f.sqr(u, rr);
  f.sub(u, u, j);
  f.sub(u, u, v);
  f.sub(X(r), u, v);
  // Y3 = r * (V - X3) - 2 * S1 * J
  f.sub(u, v, X(r));
  f.mul(u, rr, u);
  f.mul(s1, s1, j);
  f.add(s1, s1, s1);
  f.sub(Y(r), u, s1);
}

/** pointOnCurve reports whether the affine (x, y), both below p, satisfies y^2 = x^3 - 3x + b (SEC 1 §3.2.2.1). */
export function pointOnCurve(f: Field, b: usize, x: usize, y: usize): bool {
  const lhs = t(0), rhs = t(1), u = t(2);
  f.sqr(lhs, y);
  f.sqr(rhs, x);
  f.mul(rhs, rhs, x);
  f.add(u, x, x);
  f.add(u, u, x);
  f.sub(rhs, rhs, u);
  f.add(rhs, rhs, b);
  return f.equal(lhs, rhs);
}

/** pointX, pointY and pointZ return the coordinates' addresses. */
export function pointX(p: usize): usize { return X(p); }
export function pointY(p: usize): usize { return Y(p); }
export function pointZ(p: usize): usize { return Z(p); }
