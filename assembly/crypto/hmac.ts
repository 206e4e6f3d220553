// HMAC (FIPS 198-1, RFC 2104) over SHA-256, SHA-384 and SHA-512. The keyed inner and outer hash states are
// computed once per key and copied for each message, so a MAC over a short message costs no key schedule.

import { constantTimeEqual } from "./ct";
import { HashFunction } from "./hash";
import { Sha256 } from "./sha256";
import { Sha384 } from "./sha384";
import { Sha512 } from "./sha512";

// Largest digest and block among the hashes above (SHA-512), for the scratch buffers.
// @ts-ignore: decorator
@inline const MAX_DIGEST_BYTES: i32 = 64;
// @ts-ignore: decorator
@inline const MAX_BLOCK_BYTES: i32 = 128;

// The padded key K0 while setKey runs, wiped after; a guest runs one call at a time.
const K0 = memory.data(MAX_BLOCK_BYTES, 16);

/**
 * Hmac computes HMAC with hash H under the key given at construction or to setKey. Keys of any length are
 * accepted, including empty ones (FIPS 198-1 §4 steps 1-3). digest() ends a message and leaves the object ready
 * for the next message under the same key; mac() does a whole message at once. H is Sha256, Sha384 or Sha512.
 */
export class Hmac<H extends HashFunction> {
  // FIPS 198-1 §4 steps 4-5 and 7-8 end with H((K0 ^ ipad) || ...) and H((K0 ^ opad) || ...): the two keyed
  // states after their first block depend on the key only, so they are computed here once (FIPS 198-1 §6).
  private innerKeyed: H = instantiate<H>();
  private outerKeyed: H = instantiate<H>();
  private inner: H = instantiate<H>();
  private outer: H = instantiate<H>();
  private innerDigest: StaticArray<u8> = new StaticArray<u8>(MAX_DIGEST_BYTES);

  constructor(key: Uint8Array) {
    this.setKey(key);
  }

  /** setKey replaces the key (and drops any message in progress) without allocating. */
  setKey(key: Uint8Array): this {
    const block = this.inner.blockBytes();
    // FIPS 198-1 §4 step 2: a key longer than the block is replaced by its hash; steps 1 and 3: zero-padded.
    memory.fill(K0, 0, <usize>block);
    if (key.length > block) this.inner.reset().updateAt(key.dataStart, key.length).finalAt(K0);
    else memory.copy(K0, key.dataStart, <usize>key.length);
    // Steps 4 and 7: K0 ^ ipad, then (K0 ^ ipad) ^ (ipad ^ opad) = K0 ^ opad, as 0x36 ^ 0x5c = 0x6a. K0 holds
    // `block` bytes, a multiple of 8, so the u64 loads and stores stay inside it.
    for (let i: usize = 0; i < <usize>block; i += 8) store<u64>(K0 + i, load<u64>(K0 + i) ^ 0x3636363636363636);
    this.innerKeyed.reset().updateAt(K0, block);
    for (let i: usize = 0; i < <usize>block; i += 8) store<u64>(K0 + i, load<u64>(K0 + i) ^ 0x6a6a6a6a6a6a6a6a);
    this.outerKeyed.reset().updateAt(K0, block);
    memory.fill(K0, 0, <usize>block);
    this.inner.copyFrom(this.innerKeyed);
    return this;
  }

  /** digestBytes is the MAC length, the hash's digest length. */
  digestBytes(): i32 {
    return this.inner.digestBytes();
  }

  /** reset drops any message in progress. */
  reset(): this {
    this.inner.copyFrom(this.innerKeyed);
    return this;
  }

  /** update appends data to the message. */
  update(data: Uint8Array): this {
    this.inner.updateAt(data.dataStart, data.length);
    return this;
  }

  /** updateAt appends the len bytes at ptr; the caller guarantees they lie inside a live buffer. */
  updateAt(ptr: usize, len: i32): this {
    this.inner.updateAt(ptr, len);
    return this;
  }

  /** digest ends the message and returns its MAC; the object is then ready for another message. */
  digest(): Uint8Array {
    const out = new Uint8Array(this.digestBytes());
    this.finalAt(out.dataStart);
    return out;
  }

  /** finalAt ends the message, writes digestBytes() bytes of MAC at out and readies the next message. */
  finalAt(out: usize): void {
    const tmp = changetype<usize>(this.innerDigest);
    this.inner.finalAt(tmp);
    this.outer.copyFrom(this.outerKeyed).updateAt(tmp, this.digestBytes()).finalAt(out);
    this.reset();
  }

  /** mac returns the MAC of data alone, discarding any message in progress. */
  mac(data: Uint8Array): Uint8Array {
    return this.reset().update(data).digest();
  }

  /**
   * verify reports whether tag is the MAC of data, comparing in constant time. Only a full-length tag can match:
   * truncated MACs (RFC 4231 §4.6) are not accepted here.
   */
  verify(data: Uint8Array, tag: Uint8Array): bool {
    return constantTimeEqual(this.mac(data), tag);
  }
}

/** HmacSha256, HmacSha384 and HmacSha512 are HMAC with a fixed hash; see Hmac. */
export class HmacSha256 extends Hmac<Sha256> {}
export class HmacSha384 extends Hmac<Sha384> {}
export class HmacSha512 extends Hmac<Sha512> {}

// One object per hash serves the one-shot functions, rekeyed each call: a guest runs one call at a time.
const NO_KEY = new Uint8Array(0);
const oneShot256 = new HmacSha256(NO_KEY);
const oneShot384 = new HmacSha384(NO_KEY);
const oneShot512 = new HmacSha512(NO_KEY);

/** hmacSha256 returns HMAC-SHA-256(key, data) (32 bytes). Keep an HmacSha256 to MAC many messages per key. */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return oneShot256.setKey(key).mac(data);
}

/** hmacSha384 returns HMAC-SHA-384(key, data) (48 bytes). */
export function hmacSha384(key: Uint8Array, data: Uint8Array): Uint8Array {
  return oneShot384.setKey(key).mac(data);
}

/** hmacSha512 returns HMAC-SHA-512(key, data) (64 bytes). */
export function hmacSha512(key: Uint8Array, data: Uint8Array): Uint8Array {
  return oneShot512.setKey(key).mac(data);
}
