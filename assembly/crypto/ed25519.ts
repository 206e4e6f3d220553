// Ed25519 signature verification (RFC 8032 §5.1.7), for JWS "EdDSA" with JWK "OKP"/"Ed25519" keys (RFC 8037).
// Verification handles public data only (key, message, signature), so it is not constant time; there is no
// signing here.
//
// The check is the cofactorless one, [S]B = R + [k]A, done by encoding [S]B - [k]A and comparing the bytes with R
// as OpenSSL (hence node:crypto), BoringSSL and Go's crypto/ed25519 do: under any key both accept, a signature
// node:crypto accepts is accepted here and the other way round (test/host/ed25519.test.ts checks it, mixed-order
// keys included, where the two equations differ). RFC 8032 §5.1.7 allows it ("sufficient, but not
// required"); the cofactored [8][S]B = [8]R + [8][k]A would accept a few more, crafted, signatures. Comparing
// encodings also means R is never decoded: an R that is no point, or a non-canonical encoding of one, simply
// never equals the canonical encoding computed here.

import { Sha512 } from "./sha512";
import { scalarIsCanonical, scalarReduce } from "./ed25519_scalar";
import {
  A_TABLE_POINTS, POINT_BYTES, doubleScalarMul, oddMultiples, pointDecode, pointEncode, pointIsSmallOrder,
} from "./ed25519_point";

/** ED25519_PUBLIC_KEY_BYTES and ED25519_SIGNATURE_BYTES are the only accepted lengths (RFC 8032 §5.1.5, §5.1.6). */
export const ED25519_PUBLIC_KEY_BYTES: i32 = 32;
export const ED25519_SIGNATURE_BYTES: i32 = 64;
// The size of a key's table of odd multiples.
const TABLE_BYTES: i32 = A_TABLE_POINTS * <i32>POINT_BYTES;

// One hash and scratch serve every call: a guest runs one call at a time, and finalAt leaves the hash reset.
const hasher = new Sha512();
const POINT = memory.data(160, 8);
const DIGEST = memory.data(64, 8);
const K = memory.data(32, 8);
const R_CHECK = memory.data(32, 8);

/**
 * Ed25519PublicKey is a decoded public key: its 32-byte encoding (hashed into every signature check) and the odd
 * multiples of its point A, computed once here so that each verification skips them. Build it with
 * ed25519PublicKey (ed25519Verify refuses a key whose fields were put together otherwise); nothing changes it
 * afterwards, so one key may serve any number of verifications.
 */
export class Ed25519PublicKey {
  /** encoded is a copy of the 32 bytes the key was decoded from (the JWK's `x`). */
  readonly encoded: Uint8Array;
  /** table holds A, 3A, ..., in the cached form ed25519_point.ts adds; internal to this module. */
  readonly table: StaticArray<u8>;

  constructor(encoded: Uint8Array, table: StaticArray<u8>) {
    this.encoded = encoded;
    this.table = table;
  }
}

/**
 * ed25519PublicKey decodes publicKey, the 32-byte encoding (JWK OKP `x`), and returns null when the length is
 * wrong or it does not decode to a curve point (RFC 8032 §5.1.3: a y not below p and an x = 0 with the sign bit
 * set are refused, never reduced). It also refuses the eight points of small order (order 1, 2, 4 or 8): no key
 * pair produces one, since an honest A = [a]B has order L, and with such a key [k]A takes at most eight values,
 * so anyone can forge (R = [S]B verifies for every message under the neutral point). node:crypto accepts them.
 */
export function ed25519PublicKey(encoded: Uint8Array): Ed25519PublicKey | null {
  if (encoded.length != ED25519_PUBLIC_KEY_BYTES) return null;
  if (!pointDecode(POINT, encoded.dataStart)) return null;
  if (pointIsSmallOrder(POINT)) return null;
  const table = new StaticArray<u8>(TABLE_BYTES);
  // The table's data starts at its reference (changetype), and the key keeps the array alive.
  oddMultiples(changetype<usize>(table), POINT, A_TABLE_POINTS);
  return new Ed25519PublicKey(encoded.slice(), table);
}

/**
 * ed25519Verify reports whether signature, 64 bytes R || S, is key's Ed25519 signature of message (for JWS, the
 * signing input `header.payload`), by RFC 8032 §5.1.7 with the cofactorless equation (see the module comment).
 * It returns false for a wrong length, an S not below L, an R that is not the encoding of [S]B - [k]A (which
 * covers an R that does not decode), or any other wrong signature. Never traps.
 */
export function ed25519Verify(key: Ed25519PublicKey, message: Uint8Array, signature: Uint8Array): bool {
  if (signature.length != ED25519_SIGNATURE_BYTES) return false;
  // A key put together by hand rather than by ed25519PublicKey: its table would be read out of bounds.
  if (key.table.length != TABLE_BYTES || key.encoded.length != ED25519_PUBLIC_KEY_BYTES) return false;
  const r = signature.dataStart, s = r + 32;
  // §5.1.7 step 1: S must be below L, or anyone could add L to a valid S (signature malleability).
  if (!scalarIsCanonical(s)) return false;
  // Step 2: k = SHA-512(R || A || M) mod L, streamed without copying the message.
  hasher.updateAt(r, 32).updateAt(key.encoded.dataStart, 32).updateAt(message.dataStart, message.length);
  hasher.finalAt(DIGEST);
  scalarReduce(K, DIGEST);
  // Step 3, cofactorless: encode [S]B - [k]A and compare with R.
  doubleScalarMul(POINT, s, K, changetype<usize>(key.table));
  pointEncode(R_CHECK, POINT);
  return memory.compare(R_CHECK, r, 32) == 0;
}
