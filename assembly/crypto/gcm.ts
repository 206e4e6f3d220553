// AES-GCM (NIST SP 800-38D) with 96-bit nonces and 128-bit tags, the AEAD of TLS 1.3's TLS_AES_128_GCM_SHA256 and
// TLS_AES_256_GCM_SHA384 (RFC 8446 §5.3). Constant time: AES is bitsliced (aes.ts) and GHASH multiplies with integer
// multiplications whose operands keep every fourth bit, so no carry ever reaches a bit that is kept.

import { Aes, AES_BATCH_BYTES, AES_BLOCK_BYTES } from "./aes";
import { constantTimeEqualAt } from "./ct";

/** AES_GCM_NONCE_BYTES and AES_GCM_TAG_BYTES are the only nonce and tag lengths accepted (RFC 8446 §5.3). */
export const AES_GCM_NONCE_BYTES: i32 = 12;
export const AES_GCM_TAG_BYTES: i32 = 16;
/**
 * AES_GCM_MAX_BYTES bounds the plaintext and the associated data of one message: far below SP 800-38D §5.2.1.1's
 * 2^39 - 256 bits, so the 32-bit block counter never wraps, and small enough that seal's output stays a valid
 * typed array (AssemblyScript's limit is 2^30 bytes).
 */
export const AES_GCM_MAX_BYTES: i32 = 1 << 29;

// GHASH multiplies by the powers H^1..H^4 of the hash subkey, four blocks per reduction. Each power is kept as six
// 64-bit operands (its low and high halves, their XOR, and the bit reversals of the three) and each operand as the
// four masks of holemul: 24 words, 192 bytes per power.
const POWERS = 4;
const POWER_BYTES = 192;
// holemul's masks: every fourth bit, from bit 0, 1, 2 or 3.
const M0: u64 = 0x1111111111111111;
const M1: u64 = 0x2222222222222222;
const M2: u64 = 0x4444444444444444;
const M3: u64 = 0x8888888888888888;

// The counter blocks and keystream of one batch, E(K, J0) (the tag mask), the tag computed by open, and a
// zero-padded block for partial GHASH input and the lengths block. A guest runs one call at a time, so these and
// the GHASH accumulator serve every instance; each call wipes them before it returns.
const COUNTERS = memory.data(AES_BATCH_BYTES, 16);
const KEYSTREAM = memory.data(AES_BATCH_BYTES, 16);
const MASK = memory.data(AES_BLOCK_BYTES, 16);
const TAG = memory.data(AES_BLOCK_BYTES, 16);
const PAD = memory.data(AES_BLOCK_BYTES, 16);
// The GHASH accumulator Y as two big-endian halves: bit 63 of yHi is the coefficient of x^0 (SP 800-38D §6.3).
let yHi: u64 = 0;
let yLo: u64 = 0;

/**
 * AesGcm seals and opens messages under one AES-128 or AES-256 key. create expands the key and precomputes the
 * GHASH powers once; seal and open allocate only their result. Never seal two messages with one key and nonce:
 * that reveals the XOR of the plaintexts and lets anyone forge tags (SP 800-38D §8).
 */
export class AesGcm {
  private constructor(private readonly aes: Aes, private readonly powers: StaticArray<u64>) {}

  /** create expands a 16- or 32-byte key once; null for any other length. */
  static create(key: Uint8Array): AesGcm | null {
    const aes = Aes.create(key);
    if (aes === null) return null;
    // SP 800-38D §7.1 step 1: the hash subkey H = CIPH_K(0^128).
    memory.fill(PAD, 0, AES_BLOCK_BYTES);
    aes.encryptBlockAt(PAD, PAD);
    const h = byteSwap(v128.load(PAD));
    yHi = <u64>i64x2.extract_lane(h, 0);
    yLo = <u64>i64x2.extract_lane(h, 1);
    const powers = new StaticArray<u64>(POWERS * POWER_BYTES / 8);
    const table = changetype<usize>(powers);
    setPower(table);
    // H^(k+1) = H^k * H: multiplying the accumulator by H is GHASH of one all-zero block.
    memory.fill(PAD, 0, AES_BLOCK_BYTES);
    for (let k = 1; k < POWERS; k++) {
      ghashBlocks(table, PAD, 1);
      setPower(table + <usize>(k * POWER_BYTES));
    }
    wipe();
    return new AesGcm(aes, powers);
  }

  /**
   * seal returns ciphertext || tag, or null if nonce is not 12 bytes or the plaintext (or aad) is too long: longer
   * than AES_GCM_MAX_BYTES.
   */
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array | null {
    // SP 800-38D §5.2.1.1: we take only 96-bit IVs, and bound the lengths (AES_GCM_MAX_BYTES).
    if (nonce.length != AES_GCM_NONCE_BYTES) return null;
    if (plaintext.length > AES_GCM_MAX_BYTES || aad.length > AES_GCM_MAX_BYTES) return null;
    const len = plaintext.length;
    const out = new Uint8Array(len + AES_GCM_TAG_BYTES);
    this.start(nonce.dataStart);
    this.ctr(plaintext.dataStart, out.dataStart, len);
    this.tagAt(aad, out.dataStart, len, out.dataStart + <usize>len);
    wipe();
    return out;
  }

  /**
   * open returns the plaintext, or null if the tag does not verify (checked in constant time before any output
   * is returned), the nonce is not 12 bytes or sealed is shorter than the tag.
   */
  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
    if (nonce.length != AES_GCM_NONCE_BYTES || sealed.length < AES_GCM_TAG_BYTES) return null;
    const len = sealed.length - AES_GCM_TAG_BYTES;
    if (len > AES_GCM_MAX_BYTES || aad.length > AES_GCM_MAX_BYTES) return null;
    this.start(nonce.dataStart);
    this.tagAt(aad, sealed.dataStart, len, TAG);
    // SP 800-38D §7.2 step 7 returns the plaintext only if the tags match; decrypting only after that check means
    // no plaintext of a forgery ever exists.
    if (!constantTimeEqualAt(TAG, sealed.dataStart + <usize>len, AES_GCM_TAG_BYTES)) {
      wipe();
      return null;
    }
    const out = new Uint8Array(len);
    this.ctr(sealed.dataStart, out.dataStart, len);
    wipe();
    return out;
  }

  // start encrypts the first batch of counter blocks, J0 = nonce || 1 (SP 800-38D §7.1 step 2) and the seven
  // after it, into KEYSTREAM, and keeps E(K, J0), the tag mask, in MASK.
  private start(nonce: usize): void {
    for (let k: u32 = 0; k < 8; k++) {
      const block = COUNTERS + (<usize>k << 4);
      memory.copy(block, nonce, AES_GCM_NONCE_BYTES);
      store<u32>(block, bswap<u32>(k + 1), 12);
    }
    this.aes.encrypt8At(COUNTERS, KEYSTREAM);
    v128.store(MASK, v128.load(KEYSTREAM));
  }

  // ctr writes len bytes of src XOR the keystream from counter 2 (inc32(J0), SP 800-38D §7.1 step 3) to dst. The
  // first seven blocks are already in KEYSTREAM (start); the counter stays far below 2^32 (AES_GCM_MAX_BYTES).
  private ctr(src: usize, dst: usize, len: i32): void {
    let used = AES_BLOCK_BYTES;
    let counter: u32 = 9;
    for (let done = 0; done < len; ) {
      if (used == AES_BATCH_BYTES) {
        for (let k: u32 = 0; k < 8; k++) store<u32>(COUNTERS + (<usize>k << 4), bswap<u32>(counter + k), 12);
        this.aes.encrypt8At(COUNTERS, KEYSTREAM);
        counter += 8;
        used = 0;
      }
      const n = min(AES_BATCH_BYTES - used, len - done);
      xorAt(dst + <usize>done, src + <usize>done, KEYSTREAM + <usize>used, n);
      used += n;
      done += n;
    }
  }

  // tagAt writes GHASH(aad, ciphertext) XOR E(K, J0) to out (SP 800-38D §7.1 steps 5-6): both inputs zero-padded
  // to whole blocks, then the block of their lengths in bits, as two big-endian 64-bit numbers.
  private tagAt(aad: Uint8Array, ct: usize, ctLen: i32, out: usize): void {
    const table = changetype<usize>(this.powers);
    yHi = 0;
    yLo = 0;
    ghash(table, aad.dataStart, aad.length);
    ghash(table, ct, ctLen);
    store<u64>(PAD, bswap<u64>(<u64>aad.length << 3));
    store<u64>(PAD, bswap<u64>(<u64>ctLen << 3), 8);
    ghashBlocks(table, PAD, 1);
    const s = byteSwap(i64x2.replace_lane(i64x2.splat(yHi), 1, yLo));
    v128.store(out, v128.xor(s, v128.load(MASK)));
  }
}

// ghash absorbs the len bytes at p into the accumulator, four blocks per reduction, the last partial block padded
// with zeros.
function ghash(table: usize, p: usize, len: i32): void {
  for (; len >= 64; len -= 64, p += 64) ghashBlocks(table, p, 4);
  const n = len >> 4;
  if (n > 0) ghashBlocks(table, p, n);
  const rest = len & 15;
  if (rest == 0) return;
  memory.fill(PAD, 0, AES_BLOCK_BYTES);
  memory.copy(PAD, p + (<usize>n << 4), <usize>rest);
  ghashBlocks(table, PAD, 1);
}

// ghashBlocks absorbs n (1 to 4) blocks at p: Y = (Y ^ X1) * H^n ^ X2 * H^(n-1) ^ ... ^ Xn * H, the same as n
// single steps Y = (Y ^ X) * H (SP 800-38D §6.4). Products are Karatsuba over 64-bit halves; each 64x64-bit
// carry-less product is holemul for its low half, and holemul of the bit-reversed operands, reversed, for its high
// half. Everything after the products is linear, so the partial products of all n blocks are summed first and
// reversed, combined and reduced once.
function ghashBlocks(table: usize, p: usize, n: i32): void {
  let l0: u64 = 0, l1: u64 = 0, l2: u64 = 0, r0: u64 = 0, r1: u64 = 0, r2: u64 = 0;
  let y = i64x2.replace_lane(i64x2.splat(yHi), 1, yLo);
  for (let i = 0; i < n; i++) {
    const x = v128.xor(byteSwap(v128.load(p + (<usize>i << 4))), y);
    y = i64x2.splat(0);
    const rx = reverseLanes(x);
    const hi = <u64>i64x2.extract_lane(x, 0), lo = <u64>i64x2.extract_lane(x, 1);
    const rhi = <u64>i64x2.extract_lane(rx, 0), rlo = <u64>i64x2.extract_lane(rx, 1);
    const h = table + <usize>((n - 1 - i) * POWER_BYTES); // H^(n - i)
    l0 ^= holemul(lo, h);
    l1 ^= holemul(hi, h + 32);
    l2 ^= holemul(lo ^ hi, h + 64);
    r0 ^= holemul(rlo, h + 96);
    r1 ^= holemul(rhi, h + 128);
    r2 ^= holemul(rlo ^ rhi, h + 160);
  }
  // The high halves: bit i of rev(holemul(rev a, rev b)) is bit 63 + i of the 127-bit product a * b.
  const r01 = reverseLanes(i64x2.replace_lane(i64x2.splat(r0), 1, r1));
  const h0 = <u64>i64x2.extract_lane(r01, 0) >> 1, h1 = <u64>i64x2.extract_lane(r01, 1) >> 1;
  const h2 = <u64>i64x2.extract_lane(reverseLanes(i64x2.splat(r2)), 0) >> 1;
  // Karatsuba: the middle product is (lo ^ hi)(lo' ^ hi') ^ lo lo' ^ hi hi'. w3..w0 is the 255-bit product.
  const midLo = l2 ^ l0 ^ l1, midHi = h2 ^ h0 ^ h1;
  reduce(h1, l1 ^ midHi, h0 ^ midLo, l0);
}

// reduce sets the accumulator to the 255-bit product w3..w0 modulo x^128 + x^7 + x^2 + x + 1. In this bit-reflected
// form the coefficient of x^k sits at bit 254 - k, so the product is first shifted up by one; w1:w0 then holds the
// coefficients of x^128..x^255, and x^(128 + j) = x^j (1 + x + x^2 + x^7), where multiplying by x^m is a shift
// right by m. The bits that those shifts push out of w0 (x^128 and above again) are folded once more into d.
function reduce(w3: u64, w2: u64, w1: u64, w0: u64): void {
  w3 = (w3 << 1) | (w2 >> 63);
  w2 = (w2 << 1) | (w1 >> 63);
  w1 = (w1 << 1) | (w0 >> 63);
  w0 <<= 1;
  const d = w1 ^ (w0 << 63) ^ (w0 << 62) ^ (w0 << 57);
  yHi = w3 ^ d ^ (d >> 1) ^ (d >> 2) ^ (d >> 7);
  yLo = w2 ^ w0 ^ (w0 >> 1) ^ (w0 >> 2) ^ (w0 >> 7) ^ (d << 63) ^ (d << 62) ^ (d << 57);
}

// setPower stores the accumulator's value as one power in the table at out: the six operands of ghashBlocks,
// each split by the four masks of holemul.
function setPower(out: usize): void {
  const v = i64x2.replace_lane(i64x2.splat(yHi), 1, yLo);
  const rv = reverseLanes(v);
  const hi = <u64>i64x2.extract_lane(v, 0), lo = <u64>i64x2.extract_lane(v, 1);
  const rhi = <u64>i64x2.extract_lane(rv, 0), rlo = <u64>i64x2.extract_lane(rv, 1);
  splitAt(out, lo);
  splitAt(out + 32, hi);
  splitAt(out + 64, lo ^ hi);
  splitAt(out + 96, rlo);
  splitAt(out + 128, rhi);
  splitAt(out + 160, rlo ^ rhi);
}

function splitAt(out: usize, v: u64): void {
  store<u64>(out, v & M0);
  store<u64>(out, v & M1, 8);
  store<u64>(out, v & M2, 16);
  store<u64>(out, v & M3, 24);
}

// holemul returns the low 64 bits of the carry-less product of x and the operand whose four masked parts are at y.
// Each part keeps every fourth bit, so an integer product of two parts adds at most 16 one-bit terms per kept bit
// position, and the carries out of all positions below a kept bit k add up to less than 2^k (sum of (j + 1) 16^j
// for j < m is below 16^m while m <= 15): bit k of the integer product is the XOR of its terms. The sums of parts
// whose offsets add up to the same residue mod 4 are masked back to that residue. @inline: six calls per block.
// @ts-ignore: decorator
@inline function holemul(x: u64, y: usize): u64 {
  const x0 = x & M0, x1 = x & M1, x2 = x & M2, x3 = x & M3;
  const y0 = load<u64>(y), y1 = load<u64>(y, 8), y2 = load<u64>(y, 16), y3 = load<u64>(y, 24);
  const z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
  const z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
  const z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
  const z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);
  return (z0 & M0) | (z1 & M1) | (z2 & M2) | (z3 & M3);
}

// byteSwap turns a block's two little-endian 64-bit lanes into its big-endian halves (and back).
// @ts-ignore: decorator
@inline function byteSwap(x: v128): v128 {
  return i8x16.shuffle(x, x, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
}

// reverseLanes reverses the bits of each 64-bit lane: bytes through byteSwap, the bits of each byte through two
// 16-entry nibble tables held in a register. swizzle (pshufb) reads a register, not memory, so its timing does not
// depend on the indices.
function reverseLanes(x: v128): v128 {
  const b = byteSwap(x);
  const lo = v128.and(b, i8x16.splat(0x0f)), hi = i8x16.shr_u(b, 4);
  // Nibble n reversed (reversedLow) and reversed into the high nibble (reversedHigh), for n = 0..15.
  const reversedLow = i64x2(0x0e060a020c040800, 0x0f070b030d050901);
  const reversedHigh = i64x2(<i64>0xe060a020c0408000, <i64>0xf070b030d0509010);
  return v128.or(i8x16.swizzle(reversedHigh, lo), i8x16.swizzle(reversedLow, hi));
}

// xorAt writes the XOR of len bytes at a and b to dst (which may equal a); the caller guarantees the ranges.
function xorAt(dst: usize, a: usize, b: usize, len: i32): void {
  let i = 0;
  for (; i + 16 <= len; i += 16) {
    v128.store(dst + <usize>i, v128.xor(v128.load(a + <usize>i), v128.load(b + <usize>i)));
  }
  for (; i < len; i++) store<u8>(dst + <usize>i, load<u8>(a + <usize>i) ^ load<u8>(b + <usize>i));
}

function wipe(): void {
  memory.fill(KEYSTREAM, 0, AES_BATCH_BYTES);
  memory.fill(MASK, 0, AES_BLOCK_BYTES);
  memory.fill(TAG, 0, AES_BLOCK_BYTES);
  memory.fill(PAD, 0, AES_BLOCK_BYTES);
  yHi = 0;
  yLo = 0;
}
