// AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8) for session data kept in cookies and in the cache.
//
// Why this AEAD: ChaCha20 and Poly1305 are additions, XORs, rotations and multiplications, all constant time in
// software with no table lookups. WebAssembly has no AES instructions, so AES-GCM here would mean table-based
// or bitsliced AES plus a software GHASH: slower, and table lookups leak the key through cache timing.
//
// Nonces: seal with a fresh 96-bit random nonce per message (sys/random.ts). After n messages under one key, the
// chance that two share a nonce is about n^2 / 2^97, so 2^-33 at n = 2^32, the cap NIST SP 800-38D §8.3 sets for
// random 96-bit nonces. A key reaches 2^32 messages after 16 months at 100 seals a second, 50 days at 1,000:
// rotate keys before that. A repeated nonce would reveal the XOR of two plaintexts and allow forgeries.

import { chacha20BlockAt, chacha20XorAt, CHACHA20_MAX_BYTES } from "./chacha20";
import { constantTimeEqualAt } from "./ct";
import { Poly1305 } from "./poly1305";

/** AEAD_KEY_BYTES, AEAD_NONCE_BYTES and AEAD_TAG_BYTES are the RFC 8439 §2.8 lengths. */
export const AEAD_KEY_BYTES: i32 = 32;
export const AEAD_NONCE_BYTES: i32 = 12;
export const AEAD_TAG_BYTES: i32 = 16;
/** AEAD_MAX_PLAINTEXT_BYTES is the longest plaintext seal accepts (see CHACHA20_MAX_BYTES). */
export const AEAD_MAX_PLAINTEXT_BYTES: i32 = CHACHA20_MAX_BYTES - AEAD_TAG_BYTES;

// The one-time Poly1305 key (the first 32 bytes of block 0), the computed tag and the lengths block. One buffer
// and one authenticator serve every call: a guest runs one call at a time, and each call wipes them.
const POLY_KEY = memory.data(64, 16);
const TAG = memory.data(16, 16);
const LENGTHS = memory.data(16, 16);
const mac = new Poly1305();

/**
 * seal encrypts plaintext and authenticates it with aad under key and nonce, returning ciphertext || tag
 * (plaintext.length + 16 bytes). It returns null when key is not 32 bytes, nonce not 12, or plaintext is longer
 * than AEAD_MAX_PLAINTEXT_BYTES. Never seal two messages with the same key and nonce.
 */
export function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array | null {
  // RFC 8439 §2.8: a 256-bit key and a 96-bit nonce.
  if (key.length != AEAD_KEY_BYTES || nonce.length != AEAD_NONCE_BYTES) return null;
  if (plaintext.length > AEAD_MAX_PLAINTEXT_BYTES || aad.length > CHACHA20_MAX_BYTES) return null;
  const len = plaintext.length;
  const out = new Uint8Array(len + AEAD_TAG_BYTES);
  // §2.8 step 2: encryption starts at block counter 1; block 0 makes the Poly1305 key.
  chacha20XorAt(key.dataStart, nonce.dataStart, 1, plaintext.dataStart, out.dataStart, len);
  authenticate(key.dataStart, nonce.dataStart, aad, out.dataStart, len, out.dataStart + <usize>len);
  return out;
}

/**
 * open checks and decrypts sealed (ciphertext || tag) with aad under key and nonce. It returns the plaintext, or
 * null for any failure: wrong key or nonce length, input shorter than a tag, or a tag that does not match. The
 * tag is checked in constant time before anything is decrypted, so no plaintext of a forged message exists.
 */
export function open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
  // RFC 8439 §2.8: a 256-bit key and a 96-bit nonce; the input must at least hold the 16-byte tag.
  if (key.length != AEAD_KEY_BYTES || nonce.length != AEAD_NONCE_BYTES) return null;
  if (sealed.length < AEAD_TAG_BYTES || sealed.length > CHACHA20_MAX_BYTES) return null;
  if (aad.length > CHACHA20_MAX_BYTES) return null;
  const len = sealed.length - AEAD_TAG_BYTES;
  authenticate(key.dataStart, nonce.dataStart, aad, sealed.dataStart, len, TAG);
  // §2.8.1 decryption: compute the tag over the received ciphertext and compare before decrypting.
  const ok = constantTimeEqualAt(TAG, sealed.dataStart + <usize>len, AEAD_TAG_BYTES);
  memory.fill(TAG, 0, 16);
  if (!ok) return null;
  const out = new Uint8Array(len);
  chacha20XorAt(key.dataStart, nonce.dataStart, 1, sealed.dataStart, out.dataStart, len);
  return out;
}

// authenticate writes to tagOut the Poly1305 tag of aad || pad16 || ciphertext || pad16 || le64(aad length) ||
// le64(ciphertext length), keyed by block 0 of (key, nonce) (RFC 8439 §2.6, §2.8).
function authenticate(key: usize, nonce: usize, aad: Uint8Array, ct: usize, ctLen: i32, tagOut: usize): void {
  chacha20BlockAt(key, nonce, 0, POLY_KEY);
  mac.initAt(POLY_KEY);
  memory.fill(POLY_KEY, 0, 64);
  mac.updateAt(aad.dataStart, aad.length).pad16();
  mac.updateAt(ct, ctLen).pad16();
  // The lengths block: two little-endian u64 in the 16 bytes of LENGTHS.
  store<u64>(LENGTHS, <u64>aad.length);
  store<u64>(LENGTHS, <u64>ctLen, 8);
  mac.updateAt(LENGTHS, 16).finalAt(tagOut);
}
