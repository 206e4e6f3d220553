// Error values of the JOSE layer: one closed set of codes with stable operator-facing names (jose's), and the
// JoseError object every fallible function fills in. Messages quote attacker-chosen text only through quoted(),
// so a token cannot forge a log line.

/** JoseErr says why a JOSE operation failed. Ok (0) after success. Values and names are stable. */
export const enum JoseErr {
  Ok = 0,
  /** Not a well-formed compact JWS: part count, base64url, header JSON, header member types, `crit` syntax. */
  JwsInvalid = 1,
  /** The token, or one of its parts, is longer than its documented limit (jws.ts); checked before decoding. */
  JwsTooLarge = 2,
  /** An `alg` that is never accepted (`none` in any case, HS*), or one outside the caller's allow-list. */
  AlgNotAllowed = 3,
  /** An `alg` this layer does not implement, a `crit` extension, or `b64` (RFC 7797). */
  NotSupported = 4,
  /** The JWKS document is not JSON, not an object with a `keys` array, or exceeds its limits. */
  JwksInvalid = 5,
  /** No usable key in the JWKS fits the token: kid not found, wrong key type or curve, alg/use/key_ops refuse. */
  JwksNoMatchingKey = 6,
  /** The token has no `kid` and more keys fit it than this layer is willing to try (select.ts). */
  JwksMultipleMatchingKeys = 7,
  /** The signature does not verify: wrong length, out-of-range values or a wrong signature. One code for all. */
  SignatureInvalid = 8,
  /** The verified payload is not a JWT claims set: not JSON, not an object, or a registered claim of the wrong type. */
  JwtInvalid = 9,
  /** `exp` has passed (beyond the skew), or the token is older than the caller's maximum age. */
  JwtExpired = 10,
  /** A claim or the `typ` header does not have the expected value; `claim` names it. */
  ClaimInvalid = 11,
  /** The caller's options cannot be honoured safely (an empty issuer or audience without its insecureSkip flag). */
  OptionsInvalid = 12,
  /** A single JWK (parseJwk) that cannot be used; JWKS members carry their reason on the Jwk instead. */
  JwkInvalid = 13,
}

/** joseErrName returns the stable name of e, such as "ERR_JWT_EXPIRED". */
export function joseErrName(e: JoseErr): string {
  switch (e) {
    case JoseErr.Ok: return "OK";
    case JoseErr.JwsInvalid: return "ERR_JWS_INVALID";
    case JoseErr.JwsTooLarge: return "ERR_JWS_TOO_LARGE";
    case JoseErr.AlgNotAllowed: return "ERR_JOSE_ALG_NOT_ALLOWED";
    case JoseErr.NotSupported: return "ERR_JOSE_NOT_SUPPORTED";
    case JoseErr.JwksInvalid: return "ERR_JWKS_INVALID";
    case JoseErr.JwksNoMatchingKey: return "ERR_JWKS_NO_MATCHING_KEY";
    case JoseErr.JwksMultipleMatchingKeys: return "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
    case JoseErr.SignatureInvalid: return "ERR_JWS_SIGNATURE_INVALID";
    case JoseErr.JwtInvalid: return "ERR_JWT_INVALID";
    case JoseErr.JwtExpired: return "ERR_JWT_EXPIRED";
    case JoseErr.ClaimInvalid: return "ERR_JWT_CLAIM_VALIDATION_FAILED";
    case JoseErr.OptionsInvalid: return "ERR_JOSE_OPTIONS_INVALID";
    case JoseErr.JwkInvalid: return "ERR_JWK_INVALID";
  }
  return "ERR_JOSE_UNKNOWN";
}

/**
 * JoseError receives the outcome of a JOSE call: `code` (Ok after success), a `message` for the log that says what
 * was wrong with which value ("kid \"abc\" not in JWKS", "token expired 42 s ago"), and for claim failures the
 * claim's name. Messages are for operators: never send them to the client. One object can serve many calls.
 */
export class JoseError {
  code: JoseErr = JoseErr.Ok;
  message: string = "";
  claim: string = "";

  /** name is the stable name of code. */
  get name(): string { return joseErrName(this.code); }

  get ok(): bool { return this.code == JoseErr.Ok; }

  reset(): void {
    this.code = JoseErr.Ok;
    this.message = "";
    this.claim = "";
  }

  /** set records a failure and returns false, for bool-returning checks. */
  set(code: JoseErr, message: string, claim: string = ""): bool {
    this.code = code;
    this.message = message;
    this.claim = claim;
    return false;
  }

  /** toString is the log form: "ERR_JWT_EXPIRED: token expired 42 s ago". */
  toString(): string {
    return this.code == JoseErr.Ok ? "OK" : this.name + ": " + this.message;
  }
}

/** joseFail records a failure on err and returns null, for functions that return a value or null. */
export function joseFail<T>(err: JoseError, code: JoseErr, message: string, claim: string = ""): T | null {
  err.set(code, message, claim);
  return null;
}

// Longest quoted value in a message, in UTF-16 units of the input; longer values are cut and marked.
// @ts-ignore: decorator
@inline const MAX_QUOTED: i32 = 80;
const HEX = "0123456789abcdef";

/**
 * quoted returns s in double quotes for a log message, with `"`, `\`, every control character and everything
 * outside printable ASCII escaped (\n, \u00e9), and cut after 80 input characters with "..." after the quote.
 * Attacker-chosen values (kid, alg, claims) go through it, so they cannot break a log line or fake another one.
 */
export function quoted(s: string): string {
  const n = min(s.length, MAX_QUOTED);
  let out = "\"";
  let from = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c != 0x22 && c != 0x5c) continue;
    out += s.substring(from, i) + escape(c);
    from = i + 1;
  }
  out += s.substring(from, n) + "\"";
  return s.length > n ? out + "..." : out;
}

function escape(c: i32): string {
  if (c == 0x22) return "\\\"";
  if (c == 0x5c) return "\\\\";
  if (c == 0x0a) return "\\n";
  if (c == 0x0d) return "\\r";
  if (c == 0x09) return "\\t";
  let out = "\\u";
  for (let shift = 12; shift >= 0; shift -= 4) out += HEX.charAt((c >> shift) & 15);
  return out;
}

/**
 * secondsText writes a count of seconds for a message: the integer part of v, or the plain number when it is
 * beyond 2^53 (claims are attacker-chosen f64; converting such a value to an integer type could trap).
 */
export function secondsText(v: f64): string {
  if (!isFinite(v)) return "?";
  if (Math.abs(v) >= 9007199254740992) return v.toString();
  return (<i64>Math.trunc(v)).toString(); // |v| < 2^53: exact and in range of i64
}
