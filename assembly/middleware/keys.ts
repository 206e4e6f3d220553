// The keys the middleware uses, all derived from the operator's sessionEncryptionKey with HKDF-SHA-256
// (RFC 5869), one per purpose, so a key that leaks from one use (say a Redis key hash) says nothing of the others.

import { hkdfSha256Expand, hkdfSha256Extract } from "../crypto/hkdf";

/** MIN_SECRET_BYTES: below 32 bytes of secret the derived 256-bit keys would be weaker than they look. */
export const MIN_SECRET_BYTES: i32 = 32;
const KEY_BYTES: i32 = 32;
// A fixed, versioned salt: changing the derivation must be a visible v2, never a silent change of every key.
const SALT = "traefik-oidc-wasm/v1";

/** DerivedKeys are the independent 256-bit keys of one middleware. */
export class DerivedKeys {
  constructor(
    /** cookieMac authenticates cookies the middleware sets. */
    public cookieMac: Uint8Array,
    /** sessionEncryption is the AEAD key of session data, in cookies and in Redis. */
    public sessionEncryption: Uint8Array,
    /** redisKeyHash turns secrets (session ids, states, tokens) into Redis key names. */
    public redisKeyHash: Uint8Array,
  ) {}
}

/** deriveKeys returns the keys for secret, or null when it is shorter than MIN_SECRET_BYTES bytes of UTF-8. */
export function deriveKeys(secret: string): DerivedKeys | null {
  const ikm = Uint8Array.wrap(String.UTF8.encode(secret));
  if (ikm.length < MIN_SECRET_BYTES) return null;
  const prk = hkdfSha256Extract(bytesOf(SALT), ikm);
  return new DerivedKeys(expand(prk, "cookie-mac"), expand(prk, "session-encryption"), expand(prk, "redis-key-hash"));
}

// prk is 32 bytes and KEY_BYTES is far below HKDF's 255 * 32 limit, so expansion cannot fail here.
function expand(prk: Uint8Array, purpose: string): Uint8Array {
  const key = hkdfSha256Expand(prk, bytesOf(purpose), KEY_BYTES);
  return key !== null ? key : new Uint8Array(0);
}

function bytesOf(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}
