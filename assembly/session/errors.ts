// Error codes of the session layer (sealed cookies, chunking, payload records), their stable names, and the status
// object its free functions fill in. Cookies are attacker-controlled: every refusal is one of these, never a trap.

import { HttpErr } from "../http/errors";

/** SessionErr says why a session function refused its input. Values are stable. */
export const enum SessionErr {
  Ok = 0,
  /** The request carries no cookie of that name: not an attack, just no session (yet). */
  Absent = 1,
  /** Not a value this layer writes: unknown version prefix, bad base64url, too short, a broken chunk frame or a missing chunk. */
  Malformed = 2,
  /** The request carries two cookies of one name (another Path or Domain): which one is ours is unknowable. */
  Duplicate = 3,
  /** The tag does not verify under the current key nor any previous key: altered, moved, or another key's. */
  Forged = 4,
  /** Authentic but at or past its expiresAt. */
  Expired = 5,
  /** A payload, sealed value, chunk or chunk count over its limit; checked before any work, never truncated. */
  TooLarge = 6,
  /** A key that is not 32 bytes, or more previous keys than MAX_PREVIOUS_KEYS. */
  BadKey = 7,
  /** A cookie name that is not an RFC 9110 token or is longer than MAX_COOKIE_NAME_LENGTH. */
  BadName = 8,
  /** expiresAt not after issuedAt when sealing. */
  BadTimes = 9,
  /** The host gave no randomness for a nonce: nothing was sealed (fail closed). */
  NoRandom = 10,
  /** A value to chunk with a character outside RFC 6265 cookie-octet. */
  BadValue = 11,
  /** A Set-Cookie attribute the builder refused (Path, Domain, Max-Age, Expires, prefix, SameSite); see httpErr. */
  BadAttribute = 12,
  /** A payload record that ends early: a field, a length or the declared field count is cut short. */
  PayloadTruncated = 13,
  /** A varint longer than 64 bits, or a length that does not fit in an i32. */
  PayloadOverflow = 14,
  /** A payload record over a limit: input bytes, fields, string bytes or list items. */
  PayloadLimit = 15,
  /** A payload string that is not valid UTF-8 (reading) or holds a lone surrogate (writing). */
  PayloadBadUtf8 = 16,
  /** A payload record in another format: format byte, unknown field tag, non-minimal varint, bytes after the end. */
  PayloadMalformed = 17,
}

/** sessionErrName returns the stable operator-facing name of e, such as "ERR_COOKIE_FORGED". */
export function sessionErrName(e: SessionErr): string {
  switch (e) {
    case SessionErr.Ok: return "OK";
    case SessionErr.Absent: return "ERR_COOKIE_ABSENT";
    case SessionErr.Malformed: return "ERR_COOKIE_MALFORMED";
    case SessionErr.Duplicate: return "ERR_COOKIE_DUPLICATE";
    case SessionErr.Forged: return "ERR_COOKIE_FORGED";
    case SessionErr.Expired: return "ERR_COOKIE_EXPIRED";
    case SessionErr.TooLarge: return "ERR_COOKIE_TOO_LARGE";
    case SessionErr.BadKey: return "ERR_COOKIE_BAD_KEY";
    case SessionErr.BadName: return "ERR_COOKIE_BAD_NAME";
    case SessionErr.BadTimes: return "ERR_COOKIE_BAD_TIMES";
    case SessionErr.NoRandom: return "ERR_COOKIE_NO_RANDOM";
    case SessionErr.BadValue: return "ERR_COOKIE_BAD_VALUE";
    case SessionErr.BadAttribute: return "ERR_COOKIE_BAD_ATTRIBUTE";
    case SessionErr.PayloadTruncated: return "ERR_PAYLOAD_TRUNCATED";
    case SessionErr.PayloadOverflow: return "ERR_PAYLOAD_OVERFLOW";
    case SessionErr.PayloadLimit: return "ERR_PAYLOAD_LIMIT";
    case SessionErr.PayloadBadUtf8: return "ERR_PAYLOAD_BAD_UTF8";
    case SessionErr.PayloadMalformed: return "ERR_PAYLOAD_MALFORMED";
  }
  return "ERR_SESSION_UNKNOWN";
}

/**
 * SessionStatus receives a session function's outcome: `err` (Ok after success), `offset` (for payload errors, the
 * byte where reading stopped) and `httpErr` (for BadAttribute and BadName from the Set-Cookie builder, its reason).
 * One status can serve any number of calls.
 */
export class SessionStatus {
  err: SessionErr = SessionErr.Ok;
  offset: i32 = 0;
  httpErr: HttpErr = HttpErr.Ok;
}

/** sessionOk records success on status, if any. */
export function sessionOk(status: SessionStatus | null): void {
  if (status !== null) {
    status.err = SessionErr.Ok;
    status.offset = 0;
    status.httpErr = HttpErr.Ok;
  }
}

/** sessionFail records e (at offset) on status, if any, and returns null for the caller's result. */
export function sessionFail<T>(status: SessionStatus | null, e: SessionErr, offset: i32 = 0): T | null {
  if (status !== null) {
    status.err = e;
    status.offset = offset;
    status.httpErr = HttpErr.Ok;
  }
  return null;
}
