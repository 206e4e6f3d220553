// Unsigned big integers for public-key arithmetic: big-endian byte import and export, comparison, bit length.
// A BigNum never changes once made and never exceeds BIGNUM_MAX_BYTES, which is checked once, at import.

/**
 * BIGNUM_MAX_BYTES bounds every BigNum: 4096 bits, the largest RSA modulus rsa.ts accepts. Raising it means
 * resizing montgomery.ts's scratch, whose lane bounds hold up to 252 digits of 28 bits (moduli of about 7000 bits).
 */
export const BIGNUM_MAX_BYTES: i32 = 512;
export const BIGNUM_MAX_BITS: i32 = BIGNUM_MAX_BYTES * 8;
/** BIGNUM_MAX_LIMBS is BIGNUM_MAX_BITS in 32-bit limbs. */
export const BIGNUM_MAX_LIMBS: i32 = BIGNUM_MAX_BYTES / 4;

/**
 * BigNum is an unsigned integer of at most BIGNUM_MAX_BITS, held as 32-bit limbs, least significant first, with
 * no zero limb on top: zero has no limbs, and two equal values have equal limbs. Make one with bigNumFromBytes,
 * bigNumFromU64 or bigNumFromLimbs, which keep that form; the constructor trusts its caller to.
 */
export class BigNum {
  constructor(readonly limbs: StaticArray<u32>) {}

  /** limbCount is the number of significant limbs: 0 for zero. */
  get limbCount(): i32 {
    return this.limbs.length;
  }

  /** limb returns limb i, and 0 for any i outside the number (negative or above the top), never a trap. */
  limb(i: i32): u32 {
    // unchecked: i was just checked against the length.
    return i >= 0 && i < this.limbs.length ? unchecked(this.limbs[i]) : 0;
  }

  /** bitLength is the position of the highest set bit plus one: 0 for zero, 2048 for a 2048-bit modulus. */
  bitLength(): i32 {
    const n = this.limbs.length;
    if (n == 0) return 0;
    // unchecked: n > 0, and the top limb is nonzero by construction, so clz is below 32.
    return n * 32 - <i32>clz(unchecked(this.limbs[n - 1]));
  }

  isZero(): bool {
    return this.limbs.length == 0;
  }

  isOdd(): bool {
    return (this.limb(0) & 1) != 0;
  }

  /** low64 is the value modulo 2^64; check bitLength() <= 64 first when the whole value is meant. */
  low64(): u64 {
    return <u64>this.limb(0) | (<u64>this.limb(1) << 32);
  }

  /**
   * toBytes is I2OSP (RFC 8017 §4.1): the value as exactly len big-endian bytes, zero-padded on the left. It
   * returns null when the value needs more than len bytes ("integer too large"), and for a negative len or one
   * above BIGNUM_MAX_BYTES, so that no caller-chosen length can make a huge allocation.
   */
  toBytes(len: i32): Uint8Array | null {
    if (len < 0 || len > BIGNUM_MAX_BYTES) return null;
    if (this.bitLength() > len * 8) return null;
    const out = new Uint8Array(len);
    const n = this.limbs.length;
    // Byte j from the right is byte j & 3 of limb j >> 2; j < len and the bit length check keep limb j >> 2
    // below n whenever it is nonzero, and limb() answers 0 above it.
    const end = out.dataStart + <usize>len - 1;
    for (let j = 0; j < len && (j >> 2) < n; j++) {
      store<u8>(end - <usize>j, <u8>(this.limb(j >> 2) >>> ((j & 3) << 3)));
    }
    return out;
  }
}

/**
 * bigNumFromBytes is OS2IP (RFC 8017 §4.2): the big-endian unsigned integer in bytes. Leading zero bytes are
 * allowed, any number of them, and carry no meaning. It returns null when the value itself (without them) is
 * longer than BIGNUM_MAX_BYTES.
 */
export function bigNumFromBytes(bytes: Uint8Array): BigNum | null {
  const len = bytes.length;
  let first = 0;
  while (first < len && bytes[first] == 0) first++;
  const size = len - first;
  if (size > BIGNUM_MAX_BYTES) return null;
  const limbs = new StaticArray<u32>((size + 3) >> 2);
  const p = bytes.dataStart;
  // Byte len-1-j (j-th from the right) goes to limb j >> 2 at bits (j & 3) * 8; j < size keeps the limb index
  // below (size + 3) >> 2 and the byte inside [first, len).
  for (let j = 0; j < size; j++) {
    const b = <u32>load<u8>(p + <usize>(len - 1 - j));
    const i = j >> 2;
    unchecked(limbs[i] = unchecked(limbs[i]) | (b << ((j & 3) << 3)));
  }
  return new BigNum(limbs);
}

/** bigNumFromU64 returns v as a BigNum. */
export function bigNumFromU64(v: u64): BigNum {
  const limbs = new StaticArray<u32>(v == 0 ? 0 : v <= <u64>u32.MAX_VALUE ? 1 : 2);
  // unchecked: the length above is exactly the number of nonzero limbs written.
  if (limbs.length > 0) unchecked(limbs[0] = <u32>v);
  if (limbs.length > 1) unchecked(limbs[1] = <u32>(v >>> 32));
  return new BigNum(limbs);
}

/**
 * bigNumFromLimbs copies the first count limbs of src (least significant first), dropping zero limbs on top. It
 * returns null when count is negative or beyond src, or the value is longer than BIGNUM_MAX_BITS.
 */
export function bigNumFromLimbs(src: StaticArray<u32>, count: i32): BigNum | null {
  if (count < 0 || count > src.length) return null;
  let n = count;
  // unchecked: 0 <= n - 1 < count <= src.length.
  while (n > 0 && unchecked(src[n - 1]) == 0) n--;
  if (n > BIGNUM_MAX_LIMBS) return null;
  const limbs = new StaticArray<u32>(n);
  memory.copy(changetype<usize>(limbs), changetype<usize>(src), <usize>n << 2);
  return new BigNum(limbs);
}

/** compareBigNum returns -1, 0 or 1 as a is below, equal to or above b. Not constant time: for public values. */
export function compareBigNum(a: BigNum, b: BigNum): i32 {
  const n = a.limbCount;
  if (n != b.limbCount) return n < b.limbCount ? -1 : 1;
  for (let i = n - 1; i >= 0; i--) {
    const x = a.limb(i), y = b.limb(i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}
