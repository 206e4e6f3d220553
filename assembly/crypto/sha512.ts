// SHA-512 (FIPS 180-4 §6.4), one-shot and streaming, and the core that SHA-384 (sha384.ts) reuses with its own
// initial value. Same shape as sha256.ts on 64-bit words: wasm has native i64 arithmetic, so no word splitting.

import { HashFunction } from "./hash";

/** SHA512_BYTES is the digest length; SHA512_BLOCK_BYTES the block length HMAC pads keys to. */
export const SHA512_BYTES: i32 = 64;
export const SHA512_BLOCK_BYTES: i32 = 128;

// FIPS 180-4 §4.2.3: the first 64 bits of the fractional parts of the cube roots of the first 80 primes.
const K = memory.data<u64>([
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
  0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
  0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
  0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
  0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
  0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
  0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
  0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
  0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
  0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
  0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
  0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
  0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
  0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
  0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
  0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
  0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
]);
// FIPS 180-4 §5.3.5: the initial hash value H(0) of SHA-512.
const IV512 = memory.data<u64>([
  0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
  0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
]);
// The message schedule W0..W79: one buffer serves every instance, since a guest runs one call at a time.
const W = memory.data(80 * 8, 16);

/**
 * Sha512Core hashes with the SHA-512 block function from a given initial value and truncates to outBytes: it is
 * SHA-512 or SHA-384 (FIPS 180-4 §6.5). digest() ends the message and resets the object; copyFrom() snapshots it.
 */
export class Sha512Core extends HashFunction {
  // state and buf have fixed sizes (64 and 128 bytes) and are used through their data pointers, changetype<usize>.
  private state: StaticArray<u64> = new StaticArray<u64>(8);
  private buf: StaticArray<u8> = new StaticArray<u8>(SHA512_BLOCK_BYTES);
  private bufLen: i32 = 0;
  // Bytes so far. FIPS 180-4 allows 2^128 bits; a wasm32 guest cannot hold 2^61 bytes, so 64 bits suffice.
  private total: u64 = 0;
  private iv: usize;
  private outBytes: i32;

  constructor(iv: usize, outBytes: i32) {
    super();
    this.iv = iv;
    this.outBytes = outBytes;
    this.reset();
  }

  /** reset starts a new, empty message. */
  reset(): this {
    memory.copy(changetype<usize>(this.state), this.iv, 64);
    this.bufLen = 0;
    this.total = 0;
    return this;
  }

  /** update appends data to the message. */
  update(data: Uint8Array): this {
    return this.updateAt(data.dataStart, data.length);
  }

  /** updateAt appends the len bytes at ptr; the caller guarantees they lie inside a live buffer. */
  updateAt(ptr: usize, len: i32): this {
    if (len <= 0) return this;
    this.total += <u64>len;
    const buf = changetype<usize>(this.buf);
    if (this.bufLen > 0) {
      const take = min(len, SHA512_BLOCK_BYTES - this.bufLen);
      memory.copy(buf + <usize>this.bufLen, ptr, <usize>take);
      this.bufLen += take;
      ptr += <usize>take;
      len -= take;
      if (this.bufLen < SHA512_BLOCK_BYTES) return this;
      compress(changetype<usize>(this.state), buf, 1);
      this.bufLen = 0;
    }
    const blocks = len >> 7;
    if (blocks > 0) compress(changetype<usize>(this.state), ptr, blocks);
    const rest = len & 127;
    memory.copy(buf, ptr + (<usize>blocks << 7), <usize>rest);
    this.bufLen = rest;
    return this;
  }

  /** digest ends the message, returns its hash (digestBytes() long) and resets the object. */
  digest(): Uint8Array {
    const out = new Uint8Array(this.outBytes);
    this.finalAt(out.dataStart);
    return out;
  }

  /** finalAt ends the message, writes digestBytes() bytes of hash at out (the caller guarantees them), resets. */
  finalAt(out: usize): void {
    const buf = changetype<usize>(this.buf);
    const state = changetype<usize>(this.state);
    // FIPS 180-4 §5.1.2: append bit 1, zeros up to 112 mod 128 bytes, then the 128-bit length in bits, big-endian.
    let n = this.bufLen; // below 128: a full buffer is always compressed at once, so the 0x80 byte fits
    store<u8>(buf + <usize>n, 0x80);
    n++;
    if (n > 112) {
      memory.fill(buf + <usize>n, 0, <usize>(SHA512_BLOCK_BYTES - n));
      compress(state, buf, 1);
      n = 0;
    }
    memory.fill(buf + <usize>n, 0, <usize>(112 - n));
    store<u64>(buf + 112, bswap<u64>(this.total >>> 61));
    store<u64>(buf + 120, bswap<u64>(this.total << 3));
    compress(state, buf, 1);
    // State words are little-endian in memory; the digest is the first outBytes of their big-endian concatenation.
    for (let i: usize = 0; i < <usize>this.outBytes; i += 8) store<u64>(out + i, bswap<u64>(load<u64>(state + i)));
    this.reset();
  }

  /** copyFrom makes this hash continue exactly where other stands (both must be the same algorithm). */
  copyFrom(other: Sha512Core): this {
    memory.copy(changetype<usize>(this.state), changetype<usize>(other.state), 64);
    memory.copy(changetype<usize>(this.buf), changetype<usize>(other.buf), <usize>other.bufLen);
    this.bufLen = other.bufLen;
    this.total = other.total;
    return this;
  }

  /** blockBytes and digestBytes let generic code (HMAC) size its buffers. */
  blockBytes(): i32 { return SHA512_BLOCK_BYTES; }
  digestBytes(): i32 { return this.outBytes; }
}

/** Sha512 is streaming SHA-512; see Sha512Core. */
export class Sha512 extends Sha512Core {
  constructor() {
    super(IV512, SHA512_BYTES);
  }
}

// One instance serves every one-shot call: a guest runs one call at a time and digest() leaves it reset.
const oneShot = new Sha512();

/** sha512 returns the SHA-512 hash of data. */
export function sha512(data: Uint8Array): Uint8Array {
  return oneShot.update(data).digest();
}

// compress runs the FIPS 180-4 §6.4.2 block function over `blocks` consecutive 128-byte blocks at p. load/store on
// state, p, K and W are in range by construction: state is 64 bytes, the caller owns blocks*128 bytes at p.
function compress(state: usize, p: usize, blocks: i32): void {
  let h0 = load<u64>(state), h1 = load<u64>(state, 8), h2 = load<u64>(state, 16), h3 = load<u64>(state, 24);
  let h4 = load<u64>(state, 32), h5 = load<u64>(state, 40), h6 = load<u64>(state, 48), h7 = load<u64>(state, 56);
  for (; blocks > 0; blocks--, p += 128) {
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7, t: u64;
    // §6.4.2 steps 1 and 3 interleaved, eight rounds per pass, variables renamed instead of shifted (sha256.ts).
    for (let i: usize = 0; i < 128; i += 64) {
      const q = p + i, w = W + i;
      t = h + load<u64>(K + i) + first(q, w, 0) + ch(e, f, g) + bigSigma1(e);
      d += t; h = t + bigSigma0(a) + maj(a, b, c);
      t = g + load<u64>(K + i, 8) + first(q, w, 8) + ch(d, e, f) + bigSigma1(d);
      c += t; g = t + bigSigma0(h) + maj(h, a, b);
      t = f + load<u64>(K + i, 16) + first(q, w, 16) + ch(c, d, e) + bigSigma1(c);
      b += t; f = t + bigSigma0(g) + maj(g, h, a);
      t = e + load<u64>(K + i, 24) + first(q, w, 24) + ch(b, c, d) + bigSigma1(b);
      a += t; e = t + bigSigma0(f) + maj(f, g, h);
      t = d + load<u64>(K + i, 32) + first(q, w, 32) + ch(a, b, c) + bigSigma1(a);
      h += t; d = t + bigSigma0(e) + maj(e, f, g);
      t = c + load<u64>(K + i, 40) + first(q, w, 40) + ch(h, a, b) + bigSigma1(h);
      g += t; c = t + bigSigma0(d) + maj(d, e, f);
      t = b + load<u64>(K + i, 48) + first(q, w, 48) + ch(g, h, a) + bigSigma1(g);
      f += t; b = t + bigSigma0(c) + maj(c, d, e);
      t = a + load<u64>(K + i, 56) + first(q, w, 56) + ch(f, g, h) + bigSigma1(f);
      e += t; a = t + bigSigma0(b) + maj(b, c, d);
    }
    for (let i: usize = 128; i < 640; i += 64) {
      const w = W + i - 128;
      t = h + load<u64>(K + i) + next(w, 0) + ch(e, f, g) + bigSigma1(e);
      d += t; h = t + bigSigma0(a) + maj(a, b, c);
      t = g + load<u64>(K + i, 8) + next(w, 8) + ch(d, e, f) + bigSigma1(d);
      c += t; g = t + bigSigma0(h) + maj(h, a, b);
      t = f + load<u64>(K + i, 16) + next(w, 16) + ch(c, d, e) + bigSigma1(c);
      b += t; f = t + bigSigma0(g) + maj(g, h, a);
      t = e + load<u64>(K + i, 24) + next(w, 24) + ch(b, c, d) + bigSigma1(b);
      a += t; e = t + bigSigma0(f) + maj(f, g, h);
      t = d + load<u64>(K + i, 32) + next(w, 32) + ch(a, b, c) + bigSigma1(a);
      h += t; d = t + bigSigma0(e) + maj(e, f, g);
      t = c + load<u64>(K + i, 40) + next(w, 40) + ch(h, a, b) + bigSigma1(h);
      g += t; c = t + bigSigma0(d) + maj(d, e, f);
      t = b + load<u64>(K + i, 48) + next(w, 48) + ch(g, h, a) + bigSigma1(g);
      f += t; b = t + bigSigma0(c) + maj(c, d, e);
      t = a + load<u64>(K + i, 56) + next(w, 56) + ch(f, g, h) + bigSigma1(f);
      e += t; a = t + bigSigma0(b) + maj(b, c, d);
    }
    h0 += a; h1 += b; h2 += c; h3 += d; h4 += e; h5 += f; h6 += g; h7 += h;
  }
  store<u64>(state, h0); store<u64>(state, h1, 8); store<u64>(state, h2, 16); store<u64>(state, h3, 24);
  store<u64>(state, h4, 32); store<u64>(state, h5, 40); store<u64>(state, h6, 48); store<u64>(state, h7, 56);
}

// FIPS 180-4 §4.1.3 functions. @inline: each is a handful of operations inside the hottest loop.
// @ts-ignore: decorator
@inline function ch(x: u64, y: u64, z: u64): u64 { return z ^ (x & (y ^ z)); }
// @ts-ignore: decorator
@inline function maj(x: u64, y: u64, z: u64): u64 { return y ^ ((x ^ y) & (y ^ z)); }
// @ts-ignore: decorator
@inline function bigSigma0(x: u64): u64 { return rotr(x, 28) ^ rotr(x, 34) ^ rotr(x, 39); }
// @ts-ignore: decorator
@inline function bigSigma1(x: u64): u64 { return rotr(x, 14) ^ rotr(x, 18) ^ rotr(x, 41); }

// first loads message word Wt (big-endian) from the block into W. @inline: a load, swap and store per round.
// @ts-ignore: decorator
@inline function first(q: usize, w: usize, off: usize): u64 {
  const x = bswap<u64>(load<u64>(q + off));
  store<u64>(w + off, x);
  return x;
}

// next computes Wt = σ1(Wt-2) + Wt-7 + σ0(Wt-15) + Wt-16 (§6.4.2 step 1), where w points at Wt-16 - off. @inline:
// with off a constant, every load and store takes an immediate offset.
// @ts-ignore: decorator
@inline function next(w: usize, off: usize): u64 {
  const x = load<u64>(w + off, 8), y = load<u64>(w + off, 112);
  const v = load<u64>(w + off) + load<u64>(w + off, 72)
    + (rotr(x, 1) ^ rotr(x, 8) ^ (x >>> 7)) + (rotr(y, 19) ^ rotr(y, 61) ^ (y >>> 6));
  store<u64>(w + off, v, 128);
  return v;
}
