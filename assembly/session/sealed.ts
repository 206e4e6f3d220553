// Sealed cookies: a value the browser keeps for us but can neither read, alter, extend nor move to another cookie.
//
// Format v1:  "v1." || base64url(nonce (12 bytes) || ChaCha20-Poly1305(key, nonce, plaintext, aad))
//   plaintext  le64(issuedAt) || le64(expiresAt) || payload       (Unix seconds, two's complement)
//   aad        "traefik-oidc-wasm/sealed-cookie/v1" || 0x00 || cookie name (ASCII)
// base64url is RFC 4648 §5 without padding, strict (one spelling per value). The times are inside the plaintext, so
// the browser learns nothing from the cookie but its length. The aad binds the name (a value copied into another
// cookie fails to open) and a purpose that no other sealing under the same key uses (SecretStore's aad is a cache
// key starting "v1:"), so a Redis value can never be replayed as a cookie nor the reverse. A cookie sealed by
// another middleware, with another key, fails as Forged.
//
// Key rotation: CookieKeys holds the current key, which alone seals and is tried first, and up to
// MAX_PREVIOUS_KEYS older ones that only open. Trial opening costs one Poly1305 pass per key tried, and a forged
// value costs all of them: hence the small cap. Times come from the caller; nothing here reads a clock.

import { AEAD_KEY_BYTES, AEAD_NONCE_BYTES, AEAD_TAG_BYTES, open, seal } from "../crypto/aead";
import { base64UrlDecodeString, base64UrlEncode } from "../encoding/base64";
import { randomBytes } from "../sys/random";
import { isCookieName, MAX_CHUNKED_LENGTH } from "./chunks";
import { SessionErr, SessionStatus, sessionFail, sessionOk } from "./errors";

/** SEALED_PREFIX starts every v1 value; another prefix is another (or no) format. */
export const SEALED_PREFIX: string = "v1.";
/** SEALED_PURPOSE is the aad's first part (see the file comment). */
export const SEALED_PURPOSE: string = "traefik-oidc-wasm/sealed-cookie/v1";
const TIMES_BYTES: i32 = 16;
// Nonce, times and tag: what a sealed value holds besides the payload.
const OVERHEAD_BYTES: i32 = AEAD_NONCE_BYTES + TIMES_BYTES + AEAD_TAG_BYTES;

/** MAX_PREVIOUS_KEYS bounds the keys tried after the current one. */
export const MAX_PREVIOUS_KEYS: i32 = 3;
/** MAX_SEALED_LENGTH: the longest sealed value, what MAX_CHUNKS cookies carry; longer is TooLarge, unread. */
export const MAX_SEALED_LENGTH: i32 = MAX_CHUNKED_LENGTH;
/**
 * MAX_COOKIE_PAYLOAD_BYTES: the largest payload whose sealed value fits MAX_SEALED_LENGTH (22752 bytes). Unpadded
 * base64url spends ceil(4n / 3) characters on n bytes, so L characters carry floor(3L / 4); 3 are SEALED_PREFIX.
 */
export const MAX_COOKIE_PAYLOAD_BYTES: i32 = ((MAX_SEALED_LENGTH - 3) * 3) / 4 - OVERHEAD_BYTES;

/**
 * CookieKeys are the keys of one middleware's cookies: `current` (32 bytes) seals and is tried first when
 * opening; `previous` (at most MAX_PREVIOUS_KEYS, 32 bytes each) only open, so a rotated-out key keeps existing
 * sessions readable until they expire and is never used to write. A set breaking these rules is refused (BadKey).
 */
export class CookieKeys {
  constructor(readonly current: Uint8Array, readonly previous: Array<Uint8Array> = new Array<Uint8Array>()) {}

  /** valid reports whether every key is 32 bytes and there are at most MAX_PREVIOUS_KEYS previous keys. */
  get valid(): bool {
    const previous = this.previous;
    if (this.current.length != AEAD_KEY_BYTES || previous.length > MAX_PREVIOUS_KEYS) return false;
    for (let i = 0, n = previous.length; i < n; i++) {
      if (unchecked(previous[i]).length != AEAD_KEY_BYTES) return false; // i < n
    }
    return true;
  }

  /** key returns key i of the opening order: 0 the current one, i >= 1 previous[i - 1]. The caller bounds i. */
  key(i: i32): Uint8Array {
    return i == 0 ? this.current : this.previous[i - 1];
  }
}

/**
 * OpenedCookie is what openCookie returns: the payload, the times sealed with it, and which key opened it
 * (0: the current key; i >= 1: previous[i - 1]). A stale cookie opened with a previous key: re-seal it.
 */
export class OpenedCookie {
  constructor(
    readonly payload: Uint8Array,
    readonly issuedAt: i64,
    readonly expiresAt: i64,
    readonly keyIndex: i32,
  ) {}

  /** stale reports a cookie opened by a previous key, which the caller should re-seal with the current one. */
  get stale(): bool { return this.keyIndex != 0; }
}

/**
 * sealCookie returns the v1 sealed value of payload for the cookie named name, valid from issuedAt until (not at)
 * expiresAt, under keys.current with a fresh random nonce. It returns null with: BadKey, BadName, BadTimes
 * (expiresAt <= issuedAt), TooLarge (payload over MAX_COOKIE_PAYLOAD_BYTES) or NoRandom (fail closed).
 */
export function sealCookie(
  keys: CookieKeys, name: string, payload: Uint8Array, issuedAt: i64, expiresAt: i64,
  status: SessionStatus | null = null,
): string | null {
  if (!keys.valid) return sessionFail<string>(status, SessionErr.BadKey);
  if (!isCookieName(name)) return sessionFail<string>(status, SessionErr.BadName);
  if (expiresAt <= issuedAt) return sessionFail<string>(status, SessionErr.BadTimes);
  if (payload.length > MAX_COOKIE_PAYLOAD_BYTES) return sessionFail<string>(status, SessionErr.TooLarge);
  const nonce = randomBytes(AEAD_NONCE_BYTES);
  if (nonce === null) return sessionFail<string>(status, SessionErr.NoRandom);
  const plain = new Uint8Array(TIMES_BYTES + payload.length);
  // Little-endian stores into the first 16 bytes, which plain has.
  store<i64>(plain.dataStart, issuedAt);
  store<i64>(plain.dataStart, expiresAt, 8);
  plain.set<Uint8Array>(payload, TIMES_BYTES);
  const body = seal(keys.current, nonce, plain, aadFor(name));
  plain.fill(0); // the plaintext may hold tokens; leave no copy behind in the heap
  if (body === null) return sessionFail<string>(status, SessionErr.TooLarge);
  const out = new Uint8Array(AEAD_NONCE_BYTES + body.length);
  out.set<Uint8Array>(nonce, 0);
  out.set<Uint8Array>(body, AEAD_NONCE_BYTES);
  sessionOk(status);
  return SEALED_PREFIX + base64UrlEncode(out);
}

/**
 * openCookie checks and opens a v1 value read from the cookie named name, at time now. It returns null with:
 * BadKey, BadName, TooLarge (longer than MAX_SEALED_LENGTH, not read), Malformed (no v1 prefix, not strict
 * base64url, shorter than a nonce, the times and a tag), Forged (the tag fails under every key: altered, moved
 * from another cookie name, or sealed by another key) or Expired (now >= expiresAt). The checks run in that
 * order, and nothing of the plaintext is looked at before a tag verified.
 */
export function openCookie(
  keys: CookieKeys, name: string, value: string, now: i64, status: SessionStatus | null = null,
): OpenedCookie | null {
  if (!keys.valid) return sessionFail<OpenedCookie>(status, SessionErr.BadKey);
  if (!isCookieName(name)) return sessionFail<OpenedCookie>(status, SessionErr.BadName);
  if (value.length > MAX_SEALED_LENGTH) return sessionFail<OpenedCookie>(status, SessionErr.TooLarge);
  if (!value.startsWith(SEALED_PREFIX)) return sessionFail<OpenedCookie>(status, SessionErr.Malformed);
  const bytes = base64UrlDecodeString(value.substring(SEALED_PREFIX.length));
  if (bytes === null || bytes.length < OVERHEAD_BYTES) return sessionFail<OpenedCookie>(status, SessionErr.Malformed);
  const nonce = bytes.subarray(0, AEAD_NONCE_BYTES);
  const body = bytes.subarray(AEAD_NONCE_BYTES);
  const aad = aadFor(name);
  const tried = 1 + keys.previous.length;
  let plain: Uint8Array | null = null;
  let index = 0;
  while (index < tried) {
    plain = open(keys.key(index), nonce, body, aad); // index <= previous.length
    if (plain !== null) break;
    index++;
  }
  if (plain === null) return sessionFail<OpenedCookie>(status, SessionErr.Forged);
  // body >= 32 bytes, so plain >= 16: both times are inside it.
  const issuedAt = load<i64>(plain.dataStart);
  const expiresAt = load<i64>(plain.dataStart, 8);
  if (now >= expiresAt) return sessionFail<OpenedCookie>(status, SessionErr.Expired);
  sessionOk(status);
  return new OpenedCookie(plain.subarray(TIMES_BYTES), issuedAt, expiresAt, index);
}

/** sealedLength returns the length of the sealed value of a payload of n bytes (for size planning). */
export function sealedLength(n: i32): i32 {
  const raw = OVERHEAD_BYTES + n;
  const rem = raw % 3;
  return SEALED_PREFIX.length + (raw / 3) * 4 + (rem == 0 ? 0 : rem + 1);
}

// The aad: SEALED_PURPOSE, 0x00, the name. The name is a token (ASCII), and 0x00 is in no token, so the split is
// unambiguous.
function aadFor(name: string): Uint8Array {
  const p = SEALED_PURPOSE.length;
  const out = new Uint8Array(p + 1 + name.length);
  for (let i = 0; i < p; i++) out[i] = <u8>SEALED_PURPOSE.charCodeAt(i);
  for (let i = 0, n = name.length; i < n; i++) out[p + 1 + i] = <u8>name.charCodeAt(i);
  return out;
}
