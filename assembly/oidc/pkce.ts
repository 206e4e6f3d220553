// PKCE (RFC 7636) with S256, and the other one-time random values of a login (state, nonce, session ids): 32 bytes
// from the host's crypto/rand as base64url, 43 characters, 256 bits (RFC 7636 §7.1 asks for at least 256 bits of
// entropy in the verifier).

import { sha256 } from "../crypto/sha256";
import { base64UrlEncode } from "../encoding/base64";
import { randomBytes } from "../sys/random";

const RANDOM_BYTES: i32 = 32;

/** randomToken returns 43 base64url characters of fresh randomness, or null when the host has none (fail closed). */
export function randomToken(): string | null {
  const bytes = randomBytes(RANDOM_BYTES);
  return bytes === null ? null : base64UrlEncode(bytes);
}

/** pkceChallenge is the S256 code_challenge of verifier: base64url(SHA-256(ASCII(verifier))) (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string): string {
  return base64UrlEncode(sha256(Uint8Array.wrap(String.UTF8.encode(verifier))));
}
