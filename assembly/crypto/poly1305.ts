// Poly1305 (RFC 8439 §2.5), the one-time authenticator of the AEAD. The accumulator is five 26-bit limbs so that
// every product fits a u64 (wasm has no 64x64->128 multiply); the final reduction selects with masks, not branches.

/** POLY1305_KEY_BYTES is the one-time key length (r || s); POLY1305_TAG_BYTES the tag length. */
export const POLY1305_KEY_BYTES: i32 = 32;
export const POLY1305_TAG_BYTES: i32 = 16;

// @ts-ignore: decorator
@inline const MASK26: u64 = 0x3ffffff;

/**
 * Poly1305 authenticates one message under a one-time key. initAt() sets the key, updateAt() feeds bytes in any
 * pieces, finalAt() writes the tag. A key must never authenticate two messages (RFC 8439 §2.5); the AEAD derives
 * a fresh one per nonce (§2.6).
 */
export class Poly1305 {
  private r0: u64 = 0; private r1: u64 = 0; private r2: u64 = 0; private r3: u64 = 0; private r4: u64 = 0;
  private h0: u64 = 0; private h1: u64 = 0; private h2: u64 = 0; private h3: u64 = 0; private h4: u64 = 0;
  private s0: u32 = 0; private s1: u32 = 0; private s2: u32 = 0; private s3: u32 = 0;
  private buf: StaticArray<u8> = new StaticArray<u8>(16);
  private bufLen: i32 = 0;

  /** initAt starts a message under the 32-byte key at key; the caller guarantees the range. */
  initAt(key: usize): this {
    // RFC 8439 §2.5: r is clamped (r &= 0x0ffffffc0ffffffc0ffffffc0fffffff), then split into 26-bit limbs.
    // Unaligned 32-bit loads: wasm allows them, and every load stays inside the 32-byte key.
    this.r0 = <u64>(load<u32>(key) & 0x3ffffff);
    this.r1 = <u64>((load<u32>(key, 3) >> 2) & 0x3ffff03);
    this.r2 = <u64>((load<u32>(key, 6) >> 4) & 0x3ffc0ff);
    this.r3 = <u64>((load<u32>(key, 9) >> 6) & 0x3f03fff);
    this.r4 = <u64>((load<u32>(key, 12) >> 8) & 0x00fffff);
    this.s0 = load<u32>(key, 16); this.s1 = load<u32>(key, 20);
    this.s2 = load<u32>(key, 24); this.s3 = load<u32>(key, 28);
    this.h0 = 0; this.h1 = 0; this.h2 = 0; this.h3 = 0; this.h4 = 0;
    this.bufLen = 0;
    return this;
  }

  /** updateAt appends the len bytes at ptr; the caller guarantees they lie inside a live buffer. */
  updateAt(ptr: usize, len: i32): this {
    if (len <= 0) return this;
    const buf = changetype<usize>(this.buf);
    if (this.bufLen > 0) {
      const take = min(len, 16 - this.bufLen);
      memory.copy(buf + <usize>this.bufLen, ptr, <usize>take);
      this.bufLen += take;
      ptr += <usize>take;
      len -= take;
      if (this.bufLen < 16) return this;
      this.blocks(buf, 1, 1 << 24);
      this.bufLen = 0;
    }
    if (len >= 16) this.blocks(ptr, len >> 4, 1 << 24);
    const rest = len & 15;
    memory.copy(buf, ptr + <usize>(len & ~15), <usize>rest);
    this.bufLen = rest;
    return this;
  }

  /** pad16 appends zero bytes up to a multiple of 16, as the AEAD construction does (RFC 8439 §2.8). */
  pad16(): this {
    if (this.bufLen == 0) return this;
    const buf = changetype<usize>(this.buf);
    memory.fill(buf + <usize>this.bufLen, 0, <usize>(16 - this.bufLen));
    this.blocks(buf, 1, 1 << 24);
    this.bufLen = 0;
    return this;
  }

  /** finalAt writes the 16-byte tag at out and wipes the key and state; the caller guarantees the range. */
  finalAt(out: usize): void {
    if (this.bufLen > 0) {
      // RFC 8439 §2.5: a short last block gets a 0x01 byte after it instead of the 2^128 bit.
      const buf = changetype<usize>(this.buf);
      store<u8>(buf + <usize>this.bufLen, 1);
      memory.fill(buf + <usize>this.bufLen + 1, 0, <usize>(15 - this.bufLen));
      this.blocks(buf, 1, 0);
    }
    let h0 = this.h0, h1 = this.h1, h2 = this.h2, h3 = this.h3, h4 = this.h4;
    // Carry fully, then compute g = h + 5 - 2^130 and keep g when it is not negative (h >= p), with a mask.
    let c = h1 >> 26; h1 &= MASK26; h2 += c;
    c = h2 >> 26; h2 &= MASK26; h3 += c;
    c = h3 >> 26; h3 &= MASK26; h4 += c;
    c = h4 >> 26; h4 &= MASK26; h0 += c * 5;
    c = h0 >> 26; h0 &= MASK26; h1 += c;
    let g0 = h0 + 5; c = g0 >> 26; g0 &= MASK26;
    let g1 = h1 + c; c = g1 >> 26; g1 &= MASK26;
    let g2 = h2 + c; c = g2 >> 26; g2 &= MASK26;
    let g3 = h3 + c; c = g3 >> 26; g3 &= MASK26;
    const g4 = h4 + c - (1 << 26);
    const keepG = (g4 >> 63) - 1; // all ones when g4 did not borrow
    h0 = (h0 & ~keepG) | (g0 & keepG);
    h1 = (h1 & ~keepG) | (g1 & keepG);
    h2 = (h2 & ~keepG) | (g2 & keepG);
    h3 = (h3 & ~keepG) | (g3 & keepG);
    h4 = (h4 & ~keepG) | (g4 & keepG);
    // tag = (h + s) mod 2^128, little-endian.
    let f = (h0 | (h1 << 26)) & 0xffffffff;
    f += <u64>this.s0; store<u32>(out, <u32>f);
    f = (f >> 32) + (((h1 >> 6) | (h2 << 20)) & 0xffffffff) + <u64>this.s1; store<u32>(out, <u32>f, 4);
    f = (f >> 32) + (((h2 >> 12) | (h3 << 14)) & 0xffffffff) + <u64>this.s2; store<u32>(out, <u32>f, 8);
    f = (f >> 32) + (((h3 >> 18) | (h4 << 8)) & 0xffffffff) + <u64>this.s3; store<u32>(out, <u32>f, 12);
    this.wipe();
  }

  // blocks absorbs n 16-byte blocks at m, each with hibit (2^128, as limb-4 bit 24) added: h = (h + m) * r mod p.
  private blocks(m: usize, n: i32, hibit: u64): void {
    const r0 = this.r0, r1 = this.r1, r2 = this.r2, r3 = this.r3, r4 = this.r4;
    // 2^130 = 5 mod p, so the limbs that overflow 2^130 fold back in multiplied by 5.
    const s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
    let h0 = this.h0, h1 = this.h1, h2 = this.h2, h3 = this.h3, h4 = this.h4;
    for (; n > 0; n--, m += 16) {
      // Unaligned loads inside the block: the caller owns n*16 bytes at m.
      h0 += <u64>load<u32>(m) & MASK26;
      h1 += <u64>(load<u32>(m, 3) >> 2) & MASK26;
      h2 += <u64>(load<u32>(m, 6) >> 4) & MASK26;
      h3 += <u64>(load<u32>(m, 9) >> 6) & MASK26;
      h4 += <u64>(load<u32>(m, 12) >> 8) | hibit;
      const d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
      let d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
      let d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
      let d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
      let d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;
      // Partial carry: limbs stay below 2^27, small enough for the next block's products.
      d1 += d0 >> 26; h0 = d0 & MASK26;
      d2 += d1 >> 26; h1 = d1 & MASK26;
      d3 += d2 >> 26; h2 = d2 & MASK26;
      d4 += d3 >> 26; h3 = d3 & MASK26;
      h0 += (d4 >> 26) * 5; h4 = d4 & MASK26;
      h1 += h0 >> 26; h0 &= MASK26;
    }
    this.h0 = h0; this.h1 = h1; this.h2 = h2; this.h3 = h3; this.h4 = h4;
  }

  private wipe(): void {
    this.r0 = 0; this.r1 = 0; this.r2 = 0; this.r3 = 0; this.r4 = 0;
    this.s0 = 0; this.s1 = 0; this.s2 = 0; this.s3 = 0;
    this.h0 = 0; this.h1 = 0; this.h2 = 0; this.h3 = 0; this.h4 = 0;
    memory.fill(changetype<usize>(this.buf), 0, 16);
    this.bufLen = 0;
  }
}

/** poly1305 returns the 16-byte tag of msg under the 32-byte one-time key, or null if key is not 32 bytes. */
export function poly1305(key: Uint8Array, msg: Uint8Array): Uint8Array | null {
  if (key.length != POLY1305_KEY_BYTES) return null;
  const out = new Uint8Array(POLY1305_TAG_BYTES);
  new Poly1305().initAt(key.dataStart).updateAt(msg.dataStart, msg.length).finalAt(out.dataStart);
  return out;
}
