// Arithmetic modulo the prime p of a NIST curve on canonical elements (< p), `limbs` 32-bit limbs at a pointer.
// Products use each curve's own reduction (p256.ts, p384.ts, p521.ts); P-256 (ES256) also has its own add and sub.
// Public values only (signature verification): nothing here tries to be constant time.

import {
  limbsAdd, limbsCmp, limbsCopy, limbsFromBytes, limbsIsZero, limbsSetWord, limbsSub, limbsToBytes, EC_ELEM_BYTES,
} from "./ec_limbs";
import { p256Add, p256Mul, p256Sqr, p256Sub } from "./p256";
import { p384Mul, p384Sqr } from "./p384";
import { p521Mul, p521Sqr } from "./p521";

// Two elements of scratch for inv(); a guest runs one call at a time.
const INV_ACC = memory.data(<i32>EC_ELEM_BYTES * 2, 8);

/**
 * Field is GF(p) for one of P-256 (bits 256), P-384 (384) or P-521 (521). Every operation takes and returns
 * canonical elements; results may alias inputs. The caller guarantees `limbs` limbs at every pointer.
 */
export class Field {
  /** bits is the size of p: 256, 384 or 521; it also selects the reduction. */
  readonly bits: i32;
  /** limbs is the element size in 32-bit limbs: 8, 12 or 17. */
  readonly limbs: i32;
  /** bytes is the length of a big-endian coordinate (SEC 1 §2.3.5): 32, 48 or 66. */
  readonly bytes: i32;
  private readonly pLimbs: StaticArray<u32>;

  /** pHex is p in hexadecimal, for the generic operations. */
  constructor(bits: i32, pHex: string) {
    const limbs = (bits + 31) >> 5;
    this.bits = bits;
    this.limbs = limbs;
    this.bytes = (bits + 7) >> 3;
    this.pLimbs = limbsFromHex(pHex, limbs);
  }

  /** p points at the modulus. */
  get p(): usize { return changetype<usize>(this.pLimbs); }

  // mul, sqr, add and sub are inlined into the point formulas: the dispatch on the curve then costs a compare at
  // the call site instead of a second call, which showed up at several percent of a P-256 verification.

  /** mul sets r = a * b. */
  // @ts-ignore: decorator
  @inline mul(r: usize, a: usize, b: usize): void {
    if (this.bits == 256) p256Mul(r, a, b);
    else if (this.bits == 384) p384Mul(r, a, b);
    else p521Mul(r, a, b);
  }

  /** sqr sets r = a^2. */
  // @ts-ignore: decorator
  @inline sqr(r: usize, a: usize): void {
    if (this.bits == 256) p256Sqr(r, a);
    else if (this.bits == 384) p384Sqr(r, a);
    else p521Sqr(r, a);
  }

  /** add sets r = a + b. */
  // @ts-ignore: decorator
  @inline add(r: usize, a: usize, b: usize): void {
    if (this.bits == 256) p256Add(r, a, b);
    else fieldAdd(r, a, b, this.p, this.limbs);
  }

  /** sub sets r = a - b. */
  // @ts-ignore: decorator
  @inline sub(r: usize, a: usize, b: usize): void {
    if (this.bits == 256) p256Sub(r, a, b);
    else fieldSub(r, a, b, this.p, this.limbs);
  }

  /** neg sets r = -a. */
  neg(r: usize, a: usize): void {
    if (limbsIsZero(a, this.limbs)) limbsSetWord(r, 0, this.limbs);
    else limbsSub(r, this.p, a, this.limbs);
  }

  /** copy sets r = a. */
  copy(r: usize, a: usize): void { limbsCopy(r, a, this.limbs); }

  /** setWord sets r to the small value w (below p). */
  setWord(r: usize, w: u32): void { limbsSetWord(r, w, this.limbs); }

  /** isZero reports whether a = 0. */
  isZero(a: usize): bool { return limbsIsZero(a, this.limbs); }

  /** equal reports whether a = b (canonical elements are equal exactly when their limbs are). */
  equal(a: usize, b: usize): bool { return limbsCmp(a, b, this.limbs) == 0; }

  /**
   * fromBytes reads the `bytes`-long big-endian value at src into r and reports whether it is below p
   * (SEC 1 §2.3.6, with §3.2.2.1 step 2's range check); r holds the value either way.
   */
  fromBytes(r: usize, src: usize): bool {
    limbsFromBytes(r, src, this.bytes, this.limbs);
    return limbsCmp(r, this.p, this.limbs) < 0;
  }

  /** toBytes writes a as `bytes` big-endian bytes at out. */
  toBytes(out: usize, a: usize): void { limbsToBytes(out, a, this.bytes); }

  /**
   * inv sets r = a^-1 = a^(p-2) (Fermat), and 0 for a = 0. Square-and-multiply over the bits of p - 2: slow
   * (about `bits` squarings and as many multiplications), so it is kept off the per-signature path.
   */
  inv(r: usize, a: usize): void {
    const base = INV_ACC, acc = INV_ACC + EC_ELEM_BYTES, p = this.p;
    this.copy(base, a);
    this.setWord(acc, 1);
    for (let i = this.bits - 1; i >= 0; i--) {
      this.sqr(acc, acc);
      // Bit i of p - 2: p is odd with its low limb 0xffffffff for all three curves, so p - 2 differs only there.
      let word = load<u32>(p + (<usize>(i >> 5) << 2));
      if (i < 32) word -= 2;
      if ((word >>> (i & 31)) & 1) this.mul(acc, acc, base);
    }
    this.copy(r, acc);
  }
}

// fieldAdd and fieldSub are the generic modular addition and subtraction (P-384, P-521) on n limbs.
function fieldAdd(r: usize, a: usize, b: usize, p: usize, n: i32): void {
  // a + b < 2p: one subtraction of p at most. P-521 leaves room in its top limb; P-384 may carry out.
  if (limbsAdd(r, a, b, n) != 0 || limbsCmp(r, p, n) >= 0) limbsSub(r, r, p, n);
}

function fieldSub(r: usize, a: usize, b: usize, p: usize, n: i32): void {
  if (limbsSub(r, a, b, n) != 0) limbsAdd(r, r, p, n);
}

/** limbsFromHex parses a big-endian hex constant (no prefix, any length up to 8n digits) into n new limbs. */
export function limbsFromHex(hex: string, n: i32): StaticArray<u32> {
  const out = new StaticArray<u32>(n);
  const len = hex.length;
  for (let i = 0; i < len && (i >> 3) < n; i++) {
    const c = hex.charCodeAt(len - 1 - i);
    const v = c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10;
    // Digit i from the end is bits 4i..4i+3: limb i >> 3 at shift (i & 7) * 4; the loop bound keeps i >> 3 < n.
    unchecked(out[i >> 3] |= <u32>v << (<u32>(i & 7) << 2));
  }
  return out;
}
