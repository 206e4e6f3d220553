// Arithmetic modulo the group order n of a curve, for the few scalar operations ECDSA verification needs
// (s^-1, u1 = e * s^-1, u2 = r * s^-1): a binary inversion and Montgomery multiplication (CIOS) over 32-bit
// limbs. Public values only, so nothing here is constant time.

import {
  limbsAdd, limbsCmp, limbsCopy, limbsIsZero, limbsSetWord, limbsShr1, limbsSub, EC_ELEM_BYTES, EC_MAX_LIMBS,
} from "./ec_limbs";
import { limbsFromHex } from "./ec_field";

// The CIOS accumulator (n + 2 limbs) and the four numbers of inv(); a guest runs one call at a time.
const ACC = memory.data((EC_MAX_LIMBS + 2) * 4, 8);
const U = memory.data(<i32>EC_ELEM_BYTES, 8);
const V = memory.data(<i32>EC_ELEM_BYTES, 8);
const X1 = memory.data(<i32>EC_ELEM_BYTES, 8);
const X2 = memory.data(<i32>EC_ELEM_BYTES, 8);

/**
 * ScalarField is the integers modulo a curve's odd order n. Values are `limbs` limbs below n; the caller
 * guarantees them at every pointer. mont() works in the Montgomery domain (x * R mod n, R = 2^(32 * limbs)).
 */
export class ScalarField {
  readonly limbs: i32;
  /** bits is the bit length of n (FIPS 186-4 §6.4's len(n)), used to turn a hash into an integer. */
  readonly bits: i32;
  private readonly nLimbs: StaticArray<u32>;
  private readonly r2Limbs: StaticArray<u32>;
  // -n^-1 mod 2^32: the multiplier that clears the lowest limb at each CIOS step.
  private readonly n0inv: u32;

  /** nHex is n in hexadecimal; bits its exact bit length. */
  constructor(bits: i32, nHex: string) {
    const limbs = (bits + 31) >> 5;
    const nLimbs = limbsFromHex(nHex, limbs);
    this.bits = bits;
    this.limbs = limbs;
    this.nLimbs = nLimbs;
    this.n0inv = negInverse32(nLimbs[0]);
    this.r2Limbs = computeR2(changetype<usize>(nLimbs), limbs);
  }

  /** n points at the order. */
  get n(): usize { return changetype<usize>(this.nLimbs); }

  /** isValid reports whether 0 < a < n, the range SEC 1 §4.1.4 step 1 requires of r and s. */
  isValid(a: usize): bool {
    const n = this.limbs;
    let nonzero: u32 = 0;
    for (let i = 0; i < n; i++) nonzero |= load<u32>(a + (<usize>i << 2));
    return nonzero != 0 && limbsCmp(a, this.n, n) < 0;
  }

  /** reduceOnce sets a = a mod n for any a < 2n (a hash truncated to len(n) bits is below 2^len(n) < 2n). */
  reduceOnce(a: usize): void {
    if (limbsCmp(a, this.n, this.limbs) >= 0) limbsSub(a, a, this.n, this.limbs);
  }

  /** mont sets r = a * b * R^-1 mod n for a, b < n; r may alias a or b. */
  mont(r: usize, a: usize, b: usize): void {
    const n = this.limbs, m = this.n, q0 = this.n0inv;
    const t = ACC;
    memory.fill(t, 0, <usize>(n + 2) << 2);
    for (let i = 0; i < n; i++) {
      // t += a * b[i]: every step is at most (2^32-1) + (2^32-1)^2 + (2^32-1) = 2^64 - 1.
      const bi = <u64>load<u32>(b + (<usize>i << 2));
      let c: u64 = 0;
      for (let j = 0; j < n; j++) {
        const o = <usize>j << 2;
        c += <u64>load<u32>(a + o) * bi + <u64>load<u32>(t + o);
        store<u32>(t + o, <u32>c);
        c >>= 32;
      }
      const tn = <u64>load<u32>(t + (<usize>n << 2)) + c;
      store<u32>(t + (<usize>n << 2), <u32>tn);
      store<u32>(t + (<usize>(n + 1) << 2), <u32>(tn >> 32));
      // t = (t + q * n) / 2^32 with q chosen so that the low limb becomes zero.
      // q is a u32 product (mod 2^32) first: written inside <u64>(...), the load and multiply would be 64-bit.
      const q32: u32 = load<u32>(t) * q0;
      const q = <u64>q32;
      c = (<u64>load<u32>(t) + q * <u64>load<u32>(m)) >> 32;
      for (let j = 1; j < n; j++) {
        const o = <usize>j << 2;
        c += q * <u64>load<u32>(m + o) + <u64>load<u32>(t + o);
        store<u32>(t + o - 4, <u32>c);
        c >>= 32;
      }
      c += <u64>load<u32>(t + (<usize>n << 2));
      store<u32>(t + (<usize>(n - 1) << 2), <u32>c);
      store<u32>(t + (<usize>n << 2), load<u32>(t + (<usize>(n + 1) << 2)) + <u32>(c >> 32));
    }
    // t < 2n: one subtraction at most, also when it spilled into limb n.
    if (load<u32>(t + (<usize>n << 2)) != 0 || limbsCmp(t, m, n) >= 0) limbsSub(t, t, m, n);
    limbsCopy(r, t, n);
  }

  /** toMont sets r = a * R mod n for a < n. */
  toMont(r: usize, a: usize): void {
    this.mont(r, a, changetype<usize>(this.r2Limbs));
  }

  /**
   * inv sets r = a^-1 mod n for 0 < a < n, and r = 0 for any other a, by the binary extended Euclidean algorithm
   * (Guide to ECC, Alg. 2.22): halvings and subtractions only, about 2 * len(n) rounds. Its time depends on a,
   * which is public here (the s of a signature). r may alias a.
   */
  inv(r: usize, a: usize): void {
    const n = this.limbs, m = this.n;
    // Outside (0, n), gcd(a, n) may not be 1 and u could reach 0; such an a has no inverse to find anyway.
    if (!this.isValid(a)) return limbsSetWord(r, 0, n);
    // Invariants: x1 * a = u and x2 * a = v (mod n), gcd(u, v) = 1, each step shrinks u or v.
    limbsCopy(U, a, n);
    limbsCopy(V, m, n);
    limbsSetWord(X1, 1, n);
    limbsSetWord(X2, 0, n);
    // Each round removes at least one bit from u or v, so 2 * 32 * n rounds always suffice; the bound only
    // guarantees termination.
    for (let round = 0; round < 64 * n; round++) {
      if (isOne(U, n) || isOne(V, n)) break;
      this.halveWhileEven(U, X1);
      this.halveWhileEven(V, X2);
      if (limbsCmp(U, V, n) >= 0) {
        limbsSub(U, U, V, n);
        if (limbsSub(X1, X1, X2, n) != 0) limbsAdd(X1, X1, m, n);
      } else {
        limbsSub(V, V, U, n);
        if (limbsSub(X2, X2, X1, n) != 0) limbsAdd(X2, X2, m, n);
      }
    }
    limbsCopy(r, isOne(U, n) ? X1 : X2, n);
  }

  // halveWhileEven divides u by 2 until it is odd, halving x mod n alongside: x / 2 = (x + n) / 2 when x is odd,
  // with the carry of x + n shifted back in as the top bit. inv() never passes u = 0, which would never turn odd;
  // the check keeps even that from looping.
  private halveWhileEven(u: usize, x: usize): void {
    const n = this.limbs;
    while ((load<u32>(u) & 1) == 0) {
      if (load<u32>(u) == 0 && limbsIsZero(u, n)) return;
      limbsShr1(u, n, 0);
      const carry = (load<u32>(x) & 1) != 0 ? limbsAdd(x, x, this.n, n) : 0;
      limbsShr1(x, n, carry);
    }
  }
}

// computeR2 returns R^2 mod n (R = 2^(32 * limbs)) by doubling 1 modulo n, 2 * 32 * limbs times.
function computeR2(m: usize, limbs: i32): StaticArray<u32> {
  const out = new StaticArray<u32>(limbs);
  const r = changetype<usize>(out);
  limbsSetWord(r, 1, limbs);
  for (let i = 0; i < 64 * limbs; i++) {
    if (limbsAdd(r, r, r, limbs) != 0 || limbsCmp(r, m, limbs) >= 0) limbsSub(r, r, m, limbs);
  }
  return out;
}

// isOne reports whether the n limbs at a equal 1.
function isOne(a: usize, n: i32): bool {
  if (load<u32>(a) != 1) return false;
  for (let i = 1; i < n; i++) if (load<u32>(a + (<usize>i << 2)) != 0) return false;
  return true;
}

// negInverse32 returns -x^-1 mod 2^32 for odd x by Newton's iteration: x * x = 1 mod 8, and each step doubles
// the number of correct low bits (3, 6, 12, 24, 48).
function negInverse32(x: u32): u32 {
  let y = x;
  for (let i = 0; i < 4; i++) y *= 2 - x * y;
  return 0 - y;
}
