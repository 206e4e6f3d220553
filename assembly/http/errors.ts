// Error codes of the HTTP helpers (cookies, Set-Cookie, URLs, queries, percent-encoding, redirect targets,
// origins, headers), their stable names, and the status object free functions fill in.

/** HttpErr says why an HTTP helper refused its input. Values are stable. */
export const enum HttpErr {
  Ok = 0,
  /** The input is longer than the limit that applies to it (checked before it is read). */
  TooLarge = 1,
  /** More cookies or query parameters than the limit; those before the limit were kept. */
  TooMany = 2,
  /** A cookie name that is empty or not an RFC 9110 token. */
  BadCookieName = 3,
  /** A cookie value with a character outside RFC 6265 cookie-octet (`;`, `,`, space, quote, CTL, non-ASCII). */
  BadCookieValue = 4,
  /** A Set-Cookie attribute value that is not allowed: Path, Domain, Max-Age or Expires. */
  BadAttribute = 5,
  /** A `__Secure-` or `__Host-` cookie that breaks its prefix's rules. */
  BadPrefix = 6,
  /** SameSite=None without Secure, which browsers reject. */
  InsecureSameSiteNone = 7,
  /** A URL scheme other than http or https, or a forwarded protocol that is neither. */
  BadScheme = 8,
  /** A host that is empty, too long, malformed, or carries userinfo. */
  BadHost = 9,
  /** A port that is empty, zero, above 65535 or not decimal. */
  BadPort = 10,
  /** A character that may not appear in this part of a URL (RFC 3986 §3.3-§3.5). */
  BadCharacter = 11,
  /** A `%` not followed by two hex digits (RFC 3986 §2.1). */
  BadPercent = 12,
  /** Percent-decoded bytes, or a string's UTF-16, that do not form valid UTF-8 text. */
  BadUtf8 = 13,
  /** A URL that is neither absolute (`scheme://authority...`) nor origin-form (`/path?query`). */
  BadUrl = 14,
  /** A redirect target on another origin, or scheme-relative (`//host`). */
  CrossOrigin = 15,
  /** A redirect target a browser could read differently: backslash, control, encoded slash or dot segment. */
  UnsafeRedirect = 16,
  /** A header name that is not a token, or a value with CR, LF, NUL or another control character. */
  BadHeader = 17,
}

/** httpErrName returns the stable operator-facing name of e, such as "ERR_HTTP_CROSS_ORIGIN". */
export function httpErrName(e: HttpErr): string {
  switch (e) {
    case HttpErr.Ok: return "OK";
    case HttpErr.TooLarge: return "ERR_HTTP_TOO_LARGE";
    case HttpErr.TooMany: return "ERR_HTTP_TOO_MANY";
    case HttpErr.BadCookieName: return "ERR_HTTP_BAD_COOKIE_NAME";
    case HttpErr.BadCookieValue: return "ERR_HTTP_BAD_COOKIE_VALUE";
    case HttpErr.BadAttribute: return "ERR_HTTP_BAD_ATTRIBUTE";
    case HttpErr.BadPrefix: return "ERR_HTTP_BAD_PREFIX";
    case HttpErr.InsecureSameSiteNone: return "ERR_HTTP_INSECURE_SAMESITE_NONE";
    case HttpErr.BadScheme: return "ERR_HTTP_BAD_SCHEME";
    case HttpErr.BadHost: return "ERR_HTTP_BAD_HOST";
    case HttpErr.BadPort: return "ERR_HTTP_BAD_PORT";
    case HttpErr.BadCharacter: return "ERR_HTTP_BAD_CHARACTER";
    case HttpErr.BadPercent: return "ERR_HTTP_BAD_PERCENT";
    case HttpErr.BadUtf8: return "ERR_HTTP_BAD_UTF8";
    case HttpErr.BadUrl: return "ERR_HTTP_BAD_URL";
    case HttpErr.CrossOrigin: return "ERR_HTTP_CROSS_ORIGIN";
    case HttpErr.UnsafeRedirect: return "ERR_HTTP_UNSAFE_REDIRECT";
    case HttpErr.BadHeader: return "ERR_HTTP_BAD_HEADER";
  }
  return "ERR_HTTP_UNKNOWN";
}

/** HttpStatus receives the outcome of a free function: `err` (Ok after success) and the input `offset` it concerns. */
export class HttpStatus {
  err: HttpErr = HttpErr.Ok;
  offset: i32 = 0;
}

/** httpFail records e at offset on status, if any, and returns null for the caller's result. */
export function httpFail<T>(status: HttpStatus | null, e: HttpErr, offset: i32): T | null {
  if (status !== null) {
    status.err = e;
    status.offset = offset;
  }
  return null;
}

/** httpOk records success on status, if any. */
export function httpOk(status: HttpStatus | null, offset: i32): void {
  if (status !== null) {
    status.err = HttpErr.Ok;
    status.offset = offset;
  }
}
