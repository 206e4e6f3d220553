// HKDF (RFC 5869) over HMAC-SHA-256 and HMAC-SHA-384: derives independent keys from one secret (session and
// cookie keys from the configured secret; TLS 1.3 traffic secrets, RFC 8446 §7.1). One generic extract and expand
// serve both hashes. Lengths are still checked and answered with null, never a trap.

import { HashFunction } from "./hash";
import { Hmac } from "./hmac";
import { Sha256, SHA256_BYTES } from "./sha256";
import { Sha384, SHA384_BYTES } from "./sha384";

/** HKDF_SHA256_MAX_BYTES is the longest output hkdfSha256Expand can give: 255 * HashLen (RFC 5869 §2.3). */
export const HKDF_SHA256_MAX_BYTES: i32 = 255 * SHA256_BYTES;
/** HKDF_SHA384_MAX_BYTES is the longest output hkdfSha384Expand can give: 255 * 48 = 12,240 bytes. */
export const HKDF_SHA384_MAX_BYTES: i32 = 255 * SHA384_BYTES;

/**
 * hkdfSha256Extract returns PRK = HMAC-SHA-256(salt, ikm), 32 bytes (RFC 5869 §2.2). An empty salt stands for
 * HashLen zero bytes, as the RFC says; HMAC zero-pads keys, so both give the same PRK.
 */
export function hkdfSha256Extract(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return extract<Sha256>(salt, ikm);
}

/**
 * hkdfSha256Expand returns `length` bytes of output keying material from prk and info (RFC 5869 §2.3), or null
 * when length is negative or above HKDF_SHA256_MAX_BYTES, or prk is shorter than HashLen.
 */
export function hkdfSha256Expand(prk: Uint8Array, info: Uint8Array, length: i32): Uint8Array | null {
  return expand<Sha256>(prk, info, length);
}

/** hkdfSha256 is extract then expand (RFC 5869 §2); null under the same conditions as hkdfSha256Expand. */
export function hkdfSha256(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, length: i32): Uint8Array | null {
  return hkdfSha256Expand(hkdfSha256Extract(salt, ikm), info, length);
}

/**
 * hkdfSha384Extract returns PRK = HMAC-SHA-384(salt, ikm), 48 bytes (RFC 5869 §2.2), the extract of
 * TLS_AES_256_GCM_SHA384's key schedule. An empty salt stands for HashLen zero bytes, as for SHA-256.
 */
export function hkdfSha384Extract(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return extract<Sha384>(salt, ikm);
}

/**
 * hkdfSha384Expand returns `length` bytes of output keying material from prk and info (RFC 5869 §2.3), or null
 * when length is negative or above HKDF_SHA384_MAX_BYTES, or prk is shorter than HashLen (48 bytes).
 */
export function hkdfSha384Expand(prk: Uint8Array, info: Uint8Array, length: i32): Uint8Array | null {
  return expand<Sha384>(prk, info, length);
}

// extract is HKDF-Extract with HMAC over H (§2.2); the empty salt needs no special case, see hkdfSha256Extract.
function extract<H extends HashFunction>(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return new Hmac<H>(salt).mac(ikm);
}

// expand is HKDF-Expand with HMAC over H (§2.3).
function expand<H extends HashFunction>(prk: Uint8Array, info: Uint8Array, length: i32): Uint8Array | null {
  const mac = new Hmac<H>(prk);
  const hashLen = mac.digestBytes();
  // RFC 5869 §2.3: L <= 255*HashLen; PRK is "of at least HashLen octets".
  if (length < 0 || length > 255 * hashLen || prk.length < hashLen) return null;
  const okm = new Uint8Array(length);
  const t = new Uint8Array(hashLen);
  const counter = new Uint8Array(1);
  // T(i) = HMAC-Hash(PRK, T(i-1) | info | i) for i = 1..N, with T(0) empty; OKM is the first L octets of T(1)|T(2)|...
  for (let done = 0, i = 1; done < length; i++) {
    if (i > 1) mac.update(t);
    counter[0] = <u8>i;
    mac.update(info).update(counter).finalAt(t.dataStart);
    const n = min(hashLen, length - done); // done + n <= length, the size of okm
    memory.copy(okm.dataStart + <usize>done, t.dataStart, <usize>n);
    done += n;
  }
  return okm;
}
