// HKDF with HMAC-SHA-256 (RFC 5869): derives independent keys (session encryption, cookie signing) from one
// configured secret. Lengths come from our own code, but are still checked and answered with null, never a trap.

import { HmacSha256 } from "./hmac";
import { SHA256_BYTES } from "./sha256";

/** HKDF_SHA256_MAX_BYTES is the longest output expand can give: 255 * HashLen (RFC 5869 §2.3). */
export const HKDF_SHA256_MAX_BYTES: i32 = 255 * SHA256_BYTES;

/**
 * hkdfSha256Extract returns PRK = HMAC-SHA-256(salt, ikm), 32 bytes (RFC 5869 §2.2). An empty salt stands for
 * HashLen zero bytes, as the RFC says; HMAC zero-pads keys, so both give the same PRK.
 */
export function hkdfSha256Extract(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  const key = salt.length == 0 ? new Uint8Array(SHA256_BYTES) : salt;
  return new HmacSha256(key).mac(ikm);
}

/**
 * hkdfSha256Expand returns `length` bytes of output keying material from prk and info (RFC 5869 §2.3), or null
 * when length is negative or above HKDF_SHA256_MAX_BYTES, or prk is shorter than HashLen.
 */
export function hkdfSha256Expand(prk: Uint8Array, info: Uint8Array, length: i32): Uint8Array | null {
  // RFC 5869 §2.3: L <= 255*HashLen; PRK is "of at least HashLen octets".
  if (length < 0 || length > HKDF_SHA256_MAX_BYTES || prk.length < SHA256_BYTES) return null;
  const okm = new Uint8Array(length);
  const mac = new HmacSha256(prk);
  const t = new Uint8Array(SHA256_BYTES);
  const counter = new Uint8Array(1);
  // T(i) = HMAC-Hash(PRK, T(i-1) | info | i) for i = 1..N, with T(0) empty; OKM is the first L octets of T(1)|T(2)|...
  for (let done = 0, i = 1; done < length; i++) {
    if (i > 1) mac.update(t);
    counter[0] = <u8>i;
    mac.update(info).update(counter).finalAt(t.dataStart);
    const n = min(SHA256_BYTES, length - done); // done + n <= length, the size of okm
    memory.copy(okm.dataStart + <usize>done, t.dataStart, <usize>n);
    done += n;
  }
  return okm;
}

/** hkdfSha256 is extract then expand (RFC 5869 §2); null under the same conditions as hkdfSha256Expand. */
export function hkdfSha256(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, length: i32): Uint8Array | null {
  return hkdfSha256Expand(hkdfSha256Extract(salt, ikm), info, length);
}
