// Montgomery multiplication and exponentiation modulo an odd n of up to 4096 bits, for RSA signature
// verification. NOT constant time: running time depends on the operands and the exponent. That is fine for
// verification, where modulus, exponent and signature are all public, and wrong for signing or decryption.
//
// Why radix 2^28 and SIMD rather than 32-bit limbs: wasm has no 64x64->128 multiply and no add-with-carry, so
// 32-bit limbs pay a carry chain per product (a prototype took 85 us for the 18 multiplications of a 2048-bit
// exponentiation with e = 65537). A product of two 28-bit digits is below 2^56, so up to 255 of them add up in a
// u64 lane without carrying, two lanes per i64x2.extmul_i32x4_u, and carries run once per multiplication: 36 us,
// and a whole RS256 verification about 1.5 times node:crypto's (bench/rsa.bench.ts). The same scheme as
// OpenSSL's AVX2 RSA code, in 128-bit vectors.

import { BigNum, bigNumFromLimbs, bigNumFromU64, compareBigNum, BIGNUM_MAX_BITS } from "./bignum";

/** MONTGOMERY_MAX_BITS is the longest modulus montgomery() accepts. */
export const MONTGOMERY_MAX_BITS: i32 = BIGNUM_MAX_BITS;

// @ts-ignore: decorator
@inline const DIGIT_BITS: u64 = 28;
// @ts-ignore: decorator
@inline const DIGIT_MASK: u64 = (1 << 28) - 1;
// Digits per value for the longest modulus: digitsFor(MONTGOMERY_MAX_BITS), written out for memory.data below.
const MAX_DIGITS: i32 = (MONTGOMERY_MAX_BITS + 2 + 55) / 56 * 2;
// Zero digits around every value: the kernels read one digit below a value (a[-1]) and up to three above its top.
// @ts-ignore: decorator
@inline const PAD_LO: i32 = 4;
// @ts-ignore: decorator
@inline const PAD_HI: i32 = 8;
const DIGIT_BUF_BYTES: i32 = (PAD_LO + MAX_DIGITS + PAD_HI) * 4;
// The double-width product in u64 lanes: 2s lanes, plus the lanes the last vector of a row may touch.
const T_LANES: i32 = 2 * MAX_DIGITS + 8;

// Scratch shared by every context: a guest runs one call at a time. T holds a product while it is reduced; X,
// XM and ACC hold an operand, its Montgomery form and the running result; ONE is the digit 1 (kept zero-padded).
// Every load and store below stays inside T or a digit buffer: s <= MAX_DIGITS, and each kernel says how far
// past a value's s digits it reaches.
const T = memory.data(T_LANES * 8, 16);
const X_BUF = memory.data(DIGIT_BUF_BYTES, 16);
const XM_BUF = memory.data(DIGIT_BUF_BYTES, 16);
const ACC_BUF = memory.data(DIGIT_BUF_BYTES, 16);
const ONE_BUF = memory.data(DIGIT_BUF_BYTES, 16);

/**
 * Montgomery holds an odd modulus n with its precomputed constants (-n^-1 mod 2^28 and R^2 mod n, R = 2^(28s)),
 * so that each modPow or modMul starts at once. Make one with montgomery(). Its results are always below n.
 */
export class Montgomery {
  /** modulus is n; bits its bit length. */
  readonly modulus: BigNum;
  readonly bits: i32;
  // s: digits per value. R = 2^(28s) > 4n keeps every intermediate value below 2n without subtracting (see redc).
  // 0 for a modulus montgomery() refuses.
  private s: i32 = 0;
  private n0: u32 = 0;
  // n and R^2 mod n as digits, each between PAD_LO and PAD_HI zero digits.
  private nBuf: StaticArray<u32> = new StaticArray<u32>(DIGIT_BUF_BYTES / 4);
  private rrBuf: StaticArray<u32> = new StaticArray<u32>(DIGIT_BUF_BYTES / 4);

  /**
   * Prefer montgomery(), which answers null for a modulus it cannot serve. Constructed directly with such a
   * modulus, the context answers every modPow and modMul with null, and its kernels never run.
   */
  constructor(n: BigNum) {
    this.modulus = n;
    this.bits = n.bitLength();
    if (usable(n)) {
      this.s = digitsFor(this.bits);
      toDigits(digitsAt(this.nBuf), n, this.s);
      this.n0 = negInverse(<u32>n.low64());
      this.computeRR();
    }
  }

  /**
   * modPow returns base^e mod n, or null when base is not below n. The exponent is public: the running time
   * follows its bits. e = 65537 costs 18 multiplications modulo n.
   */
  modPow(base: BigNum, e: u64): BigNum | null {
    if (this.s == 0 || compareBigNum(base, this.modulus) >= 0) return null;
    if (e == 0) return bigNumFromU64(1);
    if (e == 1) return base;
    const s = this.s, n = digitsAt(this.nBuf), n0 = this.n0;
    const x = clearDigits(X_BUF), xm = clearDigits(XM_BUF), acc = clearDigits(ACC_BUF);
    toDigits(x, base, s);
    montMul(xm, x, digitsAt(this.rrBuf), n, n0, s); // x * R^2 / R = x * R, the Montgomery form of x
    if ((e & 1) != 0) {
      // x^(e-1) in Montgomery form, times plain x: the division by R leaves plain x^e, saving a conversion.
      expMont(acc, xm, e - 1, n, n0, s);
      montMul(acc, acc, x, n, n0, s);
    } else {
      expMont(acc, xm, e, n, n0, s);
      montMul(acc, acc, oneDigits(), n, n0, s);
    }
    reduceOnce(acc, n, s);
    return fromDigits(acc, s);
  }

  /** modMul returns a * b mod n, or null when a or b is not below n. */
  modMul(a: BigNum, b: BigNum): BigNum | null {
    if (this.s == 0 || compareBigNum(a, this.modulus) >= 0 || compareBigNum(b, this.modulus) >= 0) return null;
    const s = this.s, n = digitsAt(this.nBuf), n0 = this.n0;
    const x = clearDigits(X_BUF), y = clearDigits(XM_BUF), acc = clearDigits(ACC_BUF);
    toDigits(x, a, s);
    toDigits(y, b, s);
    montMul(acc, x, y, n, n0, s); // a * b / R
    montMul(acc, acc, digitsAt(this.rrBuf), n, n0, s); // a * b / R * R^2 / R = a * b
    reduceOnce(acc, n, s);
    return fromDigits(acc, s);
  }

  // computeRR sets rrBuf to R^2 mod n = Mont(2^(28s)), where Mont(y) = y * R mod n, as Mont(2)^(28s) computed in
  // the Montgomery domain: a dozen multiplications instead of 28s modular doublings.
  private computeRR(): void {
    const s = this.s, n = digitsAt(this.nBuf), n0 = this.n0;
    const two = clearDigits(X_BUF), acc = clearDigits(ACC_BUF);
    // 2^(bits-1) < n, as n is odd with bit bits-1 set; doubling it 28s + 2 - bits times gives 2^(28s+1) = Mont(2).
    const top = this.bits - 1;
    store<u32>(two + (<usize>(top / 28) << 2), 1 << <u32>(top % 28));
    for (let d = 28 * s + 2 - this.bits; d > 0; d--) {
      shiftLeft1(two, s);
      reduceOnce(two, n, s);
    }
    expMont(acc, two, <u64>(28 * s), n, n0, s);
    reduceOnce(acc, n, s);
    memory.copy(digitsAt(this.rrBuf), acc, <usize>s << 2);
  }
}

/**
 * montgomery returns a context for modulus n, or null when n is even, below 3 or longer than
 * MONTGOMERY_MAX_BITS: Montgomery reduction needs n odd, and the scratch buffers are sized for the longest.
 */
export function montgomery(n: BigNum): Montgomery | null {
  return usable(n) ? new Montgomery(n) : null;
}

function usable(n: BigNum): bool {
  const bits = n.bitLength();
  return n.isOdd() && bits >= 2 && bits <= MONTGOMERY_MAX_BITS;
}

// digitsFor is s for a modulus of `bits` bits: the smallest even s with 28s >= bits + 2, so that R > 4n.
function digitsFor(bits: i32): i32 {
  return (bits + 2 + 55) / 56 * 2;
}

// negInverse returns -n^-1 mod 2^28 for odd n: Newton's iteration x <- x(2 - nx) doubles the correct low bits,
// and x = n is correct to 3 bits (n * n = 1 mod 8 for odd n), so four steps give 48 >= 32.
function negInverse(n: u32): u32 {
  let x = n;
  for (let i = 0; i < 4; i++) x *= 2 - n * x;
  return (0 - x) & <u32>DIGIT_MASK;
}

// digitsAt is the first digit of a padded digit buffer (changetype: the array's data pointer). @inline: a single add.
// @ts-ignore: decorator
@inline function digitsAt(buf: StaticArray<u32>): usize {
  return changetype<usize>(buf) + (<usize>PAD_LO << 2);
}

// clearDigits zeroes a scratch digit buffer, padding included (a longer modulus may have left digits in it), and
// returns its first digit.
function clearDigits(buf: usize): usize {
  memory.fill(buf, 0, <usize>DIGIT_BUF_BYTES);
  return buf + (<usize>PAD_LO << 2);
}

function oneDigits(): usize {
  const one = ONE_BUF + (<usize>PAD_LO << 2);
  store<u32>(one, 1);
  return one;
}

// toDigits writes x (below 2^(28s), as every value here is below n) as s digits at dst. x's limbs are read
// through limb(), which answers 0 above its top; digits at or above s would be zero and are not written.
function toDigits(dst: usize, x: BigNum, s: i32): void {
  let acc: u64 = 0, have: u64 = 0, d = 0;
  for (let i = 0; i < x.limbCount; i++) {
    acc |= <u64>x.limb(i) << have;
    have += 32;
    while (have >= DIGIT_BITS) {
      if (d < s) store<u32>(dst + (<usize>d << 2), <u32>(acc & DIGIT_MASK));
      acc >>= DIGIT_BITS;
      have -= DIGIT_BITS;
      d++;
    }
  }
  if (have > 0 && d < s) store<u32>(dst + (<usize>d << 2), <u32>acc);
}

// fromDigits packs s normalized digits into 32-bit limbs. The value is below n, so it always fits a BigNum.
function fromDigits(src: usize, s: i32): BigNum | null {
  const limbs = new StaticArray<u32>((28 * s + 31) >> 5);
  let acc: u64 = 0, have: u64 = 0, l = 0;
  for (let d = 0; d < s; d++) {
    acc |= <u64>load<u32>(src + (<usize>d << 2)) << have;
    have += DIGIT_BITS;
    if (have >= 32) {
      unchecked(limbs[l++] = <u32>acc); // l < limbs.length: a limb is written per 32 of the 28s bits
      acc >>= 32;
      have -= 32;
    }
  }
  if (have > 0) unchecked(limbs[l] = <u32>acc); // the partial top limb, counted in the rounding up above
  return bigNumFromLimbs(limbs, limbs.length);
}

// expMont sets acc to Mont(b^e) from base = Mont(b) (below 2n), for e >= 1: left-to-right square and multiply.
// acc and base must be different buffers.
function expMont(acc: usize, base: usize, e: u64, n: usize, n0: u32, s: i32): void {
  memory.copy(acc, base, <usize>s << 2);
  for (let bit = 62 - <i32>clz(e); bit >= 0; bit--) {
    montSqr(acc, acc, n, n0, s);
    if (((e >> <u64>bit) & 1) != 0) montMul(acc, acc, base, n, n0, s);
  }
}

// montMul sets r = a * b / R mod n, below 2n for a, b below 2n. r may be a or b: they are read before r is written.
function montMul(r: usize, a: usize, b: usize, n: usize, n0: u32, s: i32): void {
  mulRaw(a, b, s);
  carryT(s);
  redc(r, n, n0, s);
}

// montSqr is montMul(r, a, a), a quarter faster: each cross product a_i * a_j is computed once, then doubled.
function montSqr(r: usize, a: usize, n: usize, n0: u32, s: i32): void {
  sqrRaw(a, s);
  redc(r, n, n0, s);
}

// Lane bounds, which make every u64 lane sum below exact: digits are below 2^28, so a product is below 2^56.
// mulRaw adds at most s products to a lane; sqrRaw at most s/2 + 1, then doubles and adds a diagonal. Both leave T
// normalized (lanes below 2^28) before redc, which adds at most s more products and a carry below 2^36. All stay
// below 2^64 while s <= 252; MAX_DIGITS is 148.

// mulRaw sets T to a * b in unnormalized lanes (lane L holds the sum of a_i * b_j with i + j = L). Rows go in
// pairs, i and i+1, so each pass reads and writes T at 16-byte-aligned lanes: a pass one lane off the previous one
// would load across two of its recent stores, which the CPU cannot forward. Row i+1's digits come from a[k-1], one
// digit lower (a[-1] is zero padding). Every load and store is inside T or a padded digit buffer: k <= s, so
// digits up to s+3 and lanes up to 2s+1 are touched.
function mulRaw(a: usize, b: usize, s: i32): void {
  memory.fill(T, 0, <usize>(2 * s + 4) << 3);
  for (let i = 0; i < s; i += 2) {
    const b0 = i32x4.splat(load<u32>(b + (<usize>i << 2)));
    const b1 = i32x4.splat(load<u32>(b + (<usize>i << 2), 4));
    const row = T + (<usize>i << 3);
    for (let k: usize = 0; k <= <usize>s; k += 4) {
      const x0 = v128.load(a + (k << 2)), x1 = v128.load(a + (k << 2) - 4);
      const p = row + (k << 3);
      const lo = i64x2.add(i64x2.extmul_low_i32x4_u(x0, b0), i64x2.extmul_low_i32x4_u(x1, b1));
      const hi = i64x2.add(i64x2.extmul_high_i32x4_u(x0, b0), i64x2.extmul_high_i32x4_u(x1, b1));
      v128.store(p, i64x2.add(v128.load(p), lo));
      v128.store(p, i64x2.add(v128.load(p, 16), hi), 16);
    }
  }
}

// sqrRaw sets T to a^2, normalized. The vector pass adds each cross product a_i * a_j (i < j) once, in row pairs as
// mulRaw does; starting row i+1 at the aligned lane 2i+2 also adds its diagonal a_{i+1}^2, and lane 2i+1 (a_i *
// a_{i+1}) is added alone. The carry pass then doubles every lane and adds the even diagonals a_i^2 and subtracts
// the odd ones, which the doubling counted twice: in u64 arithmetic a transient underflow cannot occur, as the
// doubled lane holds 2 a_{i+1}^2.
function sqrRaw(a: usize, s: i32): void {
  memory.fill(T, 0, <usize>(2 * s + 4) << 3);
  for (let i = 0; i < s; i += 2) {
    const a0 = load<u32>(a + (<usize>i << 2)), a1 = load<u32>(a + (<usize>i << 2), 4);
    const lane = T + (<usize>(2 * i + 1) << 3);
    store<u64>(lane, load<u64>(lane) + <u64>a0 * <u64>a1);
    const b0 = i32x4.splat(a0), b1 = i32x4.splat(a1);
    const row = T + (<usize>i << 3);
    for (let k = <usize>i + 2; k <= <usize>s; k += 4) {
      const x0 = v128.load(a + (k << 2)), x1 = v128.load(a + (k << 2) - 4);
      const p = row + (k << 3);
      const lo = i64x2.add(i64x2.extmul_low_i32x4_u(x0, b0), i64x2.extmul_low_i32x4_u(x1, b1));
      const hi = i64x2.add(i64x2.extmul_high_i32x4_u(x0, b0), i64x2.extmul_high_i32x4_u(x1, b1));
      v128.store(p, i64x2.add(v128.load(p), lo));
      v128.store(p, i64x2.add(v128.load(p, 16), hi), 16);
    }
  }
  let c: u64 = 0;
  for (let i = 0; i < s; i += 2) {
    const d0 = <u64>load<u32>(a + (<usize>i << 2)), d1 = <u64>load<u32>(a + (<usize>i << 2), 4);
    const p = T + (<usize>(2 * i) << 3);
    let x = (load<u64>(p) << 1) + d0 * d0 + c;
    store<u64>(p, x & DIGIT_MASK);
    x = (load<u64>(p, 8) << 1) + (x >> DIGIT_BITS);
    store<u64>(p, x & DIGIT_MASK, 8);
    x = (load<u64>(p, 16) << 1) - d1 * d1 + (x >> DIGIT_BITS);
    store<u64>(p, x & DIGIT_MASK, 16);
    x = (load<u64>(p, 24) << 1) + (x >> DIGIT_BITS);
    store<u64>(p, x & DIGIT_MASK, 24);
    c = x >> DIGIT_BITS;
  }
}

// carryT normalizes T's 2s lanes to digits (the top carry is zero: a product of values below 2n < R fits).
function carryT(s: i32): void {
  let c: u64 = 0;
  const end = T + (<usize>(2 * s) << 3);
  for (let p = T; p < end; p += 8) {
    const x = load<u64>(p) + c;
    store<u64>(p, x & DIGIT_MASK);
    c = x >> DIGIT_BITS;
  }
}

// redc sets r to T / R mod n, as s normalized digits (Montgomery reduction, HAC 14.32, one digit at a time): row i
// adds m_i * n with m_i = T_i * (-n^-1) mod 2^28, which clears digit i, and T_i's carry moves to digit i+1. Rows go in
// pairs like mulRaw's: m_{i+1} needs digit i+1 after row i's m_i * n_1, computed here before the vector pass adds
// m_i * n[k] + m_{i+1} * n[k-1] to lanes i+k, k >= 2. For T < 4n^2 and R > 4n the result (T + mn) / R is below
// (4n^2 + Rn) / R < 2n: inputs below 2n give an output below 2n with no subtraction.
function redc(r: usize, n: usize, n0: u32, s: i32): void {
  const n0d = <u64>load<u32>(n), n1d = <u64>load<u32>(n, 4);
  let c: u64 = 0;
  for (let i = 0; i < s; i += 2) {
    const row = T + (<usize>i << 3);
    let x = load<u64>(row) + c;
    const m0 = (<u32>x * n0) & <u32>DIGIT_MASK;
    x += <u64>m0 * n0d; // now 0 mod 2^28
    let y = load<u64>(row, 8) + (x >> DIGIT_BITS) + <u64>m0 * n1d;
    const m1 = (<u32>y * n0) & <u32>DIGIT_MASK;
    y += <u64>m1 * n0d;
    c = y >> DIGIT_BITS;
    const v0 = i32x4.splat(m0), v1 = i32x4.splat(m1);
    for (let k: usize = 2; k <= <usize>s; k += 4) {
      const x0 = v128.load(n + (k << 2)), x1 = v128.load(n + (k << 2) - 4);
      const p = row + (k << 3);
      const lo = i64x2.add(i64x2.extmul_low_i32x4_u(x0, v0), i64x2.extmul_low_i32x4_u(x1, v1));
      const hi = i64x2.add(i64x2.extmul_high_i32x4_u(x0, v0), i64x2.extmul_high_i32x4_u(x1, v1));
      v128.store(p, i64x2.add(v128.load(p), lo));
      v128.store(p, i64x2.add(v128.load(p, 16), hi), 16);
    }
  }
  // Lanes s..2s-1 plus the last carry are the result; it is below 2n < 2^(28s), so the final carry is zero.
  const top = T + (<usize>s << 3);
  for (let d: usize = 0; d < <usize>s; d++) {
    const x = load<u64>(top + (d << 3)) + c;
    store<u32>(r + (d << 2), <u32>(x & DIGIT_MASK));
    c = x >> DIGIT_BITS;
  }
}

// reduceOnce subtracts n from a when a >= n; for a below 2n that leaves a below n.
function reduceOnce(a: usize, n: usize, s: i32): void {
  let i = s - 1;
  while (i >= 0 && load<u32>(a + (<usize>i << 2)) == load<u32>(n + (<usize>i << 2))) i--;
  if (i >= 0 && load<u32>(a + (<usize>i << 2)) < load<u32>(n + (<usize>i << 2))) return;
  let borrow: i64 = 0;
  for (let d: usize = 0; d < <usize>s; d++) {
    const x = <i64>load<u32>(a + (d << 2)) - <i64>load<u32>(n + (d << 2)) + borrow;
    store<u32>(a + (d << 2), <u32>(x & <i64>DIGIT_MASK));
    borrow = x >> DIGIT_BITS; // arithmetic shift: -1 when the digit went negative, else 0
  }
}

// shiftLeft1 doubles the s digits at a; the caller keeps a below 2^(28s - 1) so nothing leaves the top digit.
function shiftLeft1(a: usize, s: i32): void {
  let c: u32 = 0;
  for (let d: usize = 0; d < <usize>s; d++) {
    const x = (load<u32>(a + (d << 2)) << 1) | c;
    store<u32>(a + (d << 2), x & <u32>DIGIT_MASK);
    c = x >> <u32>DIGIT_BITS;
  }
}
