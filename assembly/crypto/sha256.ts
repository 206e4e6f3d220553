// SHA-256 (FIPS 180-4 §6.2), one-shot and streaming. The compression function runs on raw pointers with the
// working variables in locals and the constants in static data, so hashing allocates nothing per block.

import { HashFunction } from "./hash";

/** SHA256_BYTES is the digest length; SHA256_BLOCK_BYTES the block length HMAC pads keys to. */
export const SHA256_BYTES: i32 = 32;
export const SHA256_BLOCK_BYTES: i32 = 64;

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
// FIPS 180-4 §5.3.3: the initial hash value H(0).
const IV = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
// The message schedule W0..W63: one buffer serves every instance, since a guest runs one call at a time.
const W = memory.data(64 * 4, 16);

/**
 * Sha256 hashes a message fed in any number of pieces. digest() ends the message and resets the object, so one
 * instance serves many messages. copyFrom() snapshots a state, which is how HMAC reuses its keyed pads.
 */
export class Sha256 extends HashFunction {
  // state and buf have fixed sizes (32 and 64 bytes) and are used through their data pointers, changetype<usize>.
  private state: StaticArray<u32> = new StaticArray<u32>(8);
  private buf: StaticArray<u8> = new StaticArray<u8>(SHA256_BLOCK_BYTES);
  private bufLen: i32 = 0;
  private total: u64 = 0;

  constructor() {
    super();
    this.reset();
  }

  /** reset starts a new, empty message. */
  reset(): this {
    memory.copy(changetype<usize>(this.state), IV, 32);
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
      const take = min(len, SHA256_BLOCK_BYTES - this.bufLen);
      memory.copy(buf + <usize>this.bufLen, ptr, <usize>take);
      this.bufLen += take;
      ptr += <usize>take;
      len -= take;
      if (this.bufLen < SHA256_BLOCK_BYTES) return this;
      compress(changetype<usize>(this.state), buf, 1);
      this.bufLen = 0;
    }
    const blocks = len >> 6;
    if (blocks > 0) compress(changetype<usize>(this.state), ptr, blocks);
    const rest = len & 63;
    memory.copy(buf, ptr + (<usize>blocks << 6), <usize>rest);
    this.bufLen = rest;
    return this;
  }

  /** digest ends the message, returns its 32-byte hash and resets the object. */
  digest(): Uint8Array {
    const out = new Uint8Array(SHA256_BYTES);
    this.finalAt(out.dataStart);
    return out;
  }

  /** finalAt ends the message, writes the 32-byte hash at out (the caller guarantees the range) and resets. */
  finalAt(out: usize): void {
    const buf = changetype<usize>(this.buf);
    const state = changetype<usize>(this.state);
    // FIPS 180-4 §5.1.1: append bit 1, zeros up to 56 mod 64 bytes, then the length in bits, big-endian.
    let n = this.bufLen; // below 64: a full buffer is always compressed at once, so the 0x80 byte fits
    store<u8>(buf + <usize>n, 0x80);
    n++;
    if (n > 56) {
      memory.fill(buf + <usize>n, 0, <usize>(SHA256_BLOCK_BYTES - n));
      compress(state, buf, 1);
      n = 0;
    }
    memory.fill(buf + <usize>n, 0, <usize>(56 - n));
    store<u64>(buf + 56, bswap<u64>(this.total << 3));
    compress(state, buf, 1);
    // The state words are host-endian (little) in memory; the digest is their big-endian concatenation.
    for (let i: usize = 0; i < 32; i += 4) store<u32>(out + i, bswap<u32>(load<u32>(state + i)));
    this.reset();
  }

  /** copyFrom makes this hash continue exactly where other stands. */
  copyFrom(other: Sha256): this {
    memory.copy(changetype<usize>(this.state), changetype<usize>(other.state), 32);
    memory.copy(changetype<usize>(this.buf), changetype<usize>(other.buf), <usize>other.bufLen);
    this.bufLen = other.bufLen;
    this.total = other.total;
    return this;
  }

  /** blockBytes and digestBytes let generic code (HMAC, HKDF) size its buffers. */
  blockBytes(): i32 { return SHA256_BLOCK_BYTES; }
  digestBytes(): i32 { return SHA256_BYTES; }
}

// One instance serves every one-shot call: a guest runs one call at a time and digest() leaves it reset.
const oneShot = new Sha256();

/** sha256 returns the SHA-256 hash of data. */
export function sha256(data: Uint8Array): Uint8Array {
  return oneShot.update(data).digest();
}

// compress runs the FIPS 180-4 §6.2.2 block function over `blocks` consecutive 64-byte blocks at p. load/store on
// state, p, K and W are in range by construction: state is 32 bytes, the caller owns blocks*64 bytes at p.
function compress(state: usize, p: usize, blocks: i32): void {
  let h0 = load<u32>(state), h1 = load<u32>(state, 4), h2 = load<u32>(state, 8), h3 = load<u32>(state, 12);
  let h4 = load<u32>(state, 16), h5 = load<u32>(state, 20), h6 = load<u32>(state, 24), h7 = load<u32>(state, 28);
  for (; blocks > 0; blocks--, p += 64) {
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7, t: u32;
    // §6.2.2 steps 1 and 3 interleaved, eight rounds per pass: renaming the variables instead of shifting them
    // saves 7 moves a round, and computing Wt in the round lets its operations fill the round's idle slots.
    for (let i: usize = 0; i < 64; i += 32) {
      const q = p + i, w = W + i;
      t = h + load<u32>(K + i) + first(q, w, 0) + ch(e, f, g) + bigSigma1(e);
      d += t; h = t + bigSigma0(a) + maj(a, b, c);
      t = g + load<u32>(K + i, 4) + first(q, w, 4) + ch(d, e, f) + bigSigma1(d);
      c += t; g = t + bigSigma0(h) + maj(h, a, b);
      t = f + load<u32>(K + i, 8) + first(q, w, 8) + ch(c, d, e) + bigSigma1(c);
      b += t; f = t + bigSigma0(g) + maj(g, h, a);
      t = e + load<u32>(K + i, 12) + first(q, w, 12) + ch(b, c, d) + bigSigma1(b);
      a += t; e = t + bigSigma0(f) + maj(f, g, h);
      t = d + load<u32>(K + i, 16) + first(q, w, 16) + ch(a, b, c) + bigSigma1(a);
      h += t; d = t + bigSigma0(e) + maj(e, f, g);
      t = c + load<u32>(K + i, 20) + first(q, w, 20) + ch(h, a, b) + bigSigma1(h);
      g += t; c = t + bigSigma0(d) + maj(d, e, f);
      t = b + load<u32>(K + i, 24) + first(q, w, 24) + ch(g, h, a) + bigSigma1(g);
      f += t; b = t + bigSigma0(c) + maj(c, d, e);
      t = a + load<u32>(K + i, 28) + first(q, w, 28) + ch(f, g, h) + bigSigma1(f);
      e += t; a = t + bigSigma0(b) + maj(b, c, d);
    }
    for (let i: usize = 64; i < 256; i += 32) {
      const w = W + i - 64;
      t = h + load<u32>(K + i) + next(w, 0) + ch(e, f, g) + bigSigma1(e);
      d += t; h = t + bigSigma0(a) + maj(a, b, c);
      t = g + load<u32>(K + i, 4) + next(w, 4) + ch(d, e, f) + bigSigma1(d);
      c += t; g = t + bigSigma0(h) + maj(h, a, b);
      t = f + load<u32>(K + i, 8) + next(w, 8) + ch(c, d, e) + bigSigma1(c);
      b += t; f = t + bigSigma0(g) + maj(g, h, a);
      t = e + load<u32>(K + i, 12) + next(w, 12) + ch(b, c, d) + bigSigma1(b);
      a += t; e = t + bigSigma0(f) + maj(f, g, h);
      t = d + load<u32>(K + i, 16) + next(w, 16) + ch(a, b, c) + bigSigma1(a);
      h += t; d = t + bigSigma0(e) + maj(e, f, g);
      t = c + load<u32>(K + i, 20) + next(w, 20) + ch(h, a, b) + bigSigma1(h);
      g += t; c = t + bigSigma0(d) + maj(d, e, f);
      t = b + load<u32>(K + i, 24) + next(w, 24) + ch(g, h, a) + bigSigma1(g);
      f += t; b = t + bigSigma0(c) + maj(c, d, e);
      t = a + load<u32>(K + i, 28) + next(w, 28) + ch(f, g, h) + bigSigma1(f);
      e += t; a = t + bigSigma0(b) + maj(b, c, d);
    }
    h0 += a; h1 += b; h2 += c; h3 += d; h4 += e; h5 += f; h6 += g; h7 += h;
  }
  store<u32>(state, h0); store<u32>(state, h1, 4); store<u32>(state, h2, 8); store<u32>(state, h3, 12);
  store<u32>(state, h4, 16); store<u32>(state, h5, 20); store<u32>(state, h6, 24); store<u32>(state, h7, 28);
}

// FIPS 180-4 §4.1.2 functions. @inline: each is a handful of operations inside the hottest loop.
// @ts-ignore: decorator
@inline function ch(x: u32, y: u32, z: u32): u32 { return z ^ (x & (y ^ z)); }
// @ts-ignore: decorator
@inline function maj(x: u32, y: u32, z: u32): u32 { return y ^ ((x ^ y) & (y ^ z)); }
// @ts-ignore: decorator
@inline function bigSigma0(x: u32): u32 { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
// @ts-ignore: decorator
@inline function bigSigma1(x: u32): u32 { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }

// first loads message word Wt (big-endian) from the block into W. @inline: a load, swap and store per round.
// @ts-ignore: decorator
@inline function first(q: usize, w: usize, off: usize): u32 {
  const x = bswap<u32>(load<u32>(q + off));
  store<u32>(w + off, x);
  return x;
}

// next computes Wt = σ1(Wt-2) + Wt-7 + σ0(Wt-15) + Wt-16 (§6.2.2 step 1), where w points at Wt-16 - off. @inline:
// with off a constant, every load and store takes an immediate offset.
// @ts-ignore: decorator
@inline function next(w: usize, off: usize): u32 {
  const x = load<u32>(w + off, 4), y = load<u32>(w + off, 56);
  const v = load<u32>(w + off) + load<u32>(w + off, 36)
    + (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10));
  store<u32>(w + off, v, 64);
  return v;
}
