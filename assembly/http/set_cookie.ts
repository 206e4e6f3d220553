// Builds Set-Cookie header values (RFC 6265 §4.1, with the prefixes and SameSite of RFC 6265bis). Every field is
// validated, and a value that would need quoting or escaping is refused: nothing is ever injected into the header.

import { codeAt, COOKIE_OCTET, inClass, isControl, startsWithIgnoreCase } from "./chars";
import { isToken } from "./cookie";
import { HttpErr } from "./errors";
import { isHostName } from "./host";
import { formatHttpDate } from "./http_date";

/** MAX_COOKIE_SIZE: RFC 6265bis §5.6 step 4 has browsers ignore a cookie whose name plus value passes 4096 bytes. */
export const MAX_COOKIE_SIZE: i32 = 4096;
/** MAX_ATTRIBUTE_SIZE: RFC 6265bis §5.6 has browsers ignore an attribute value longer than 1024 bytes. */
export const MAX_ATTRIBUTE_SIZE: i32 = 1024;
/** NO_EXPIRES leaves the Expires attribute out. */
export const NO_EXPIRES: i64 = i64.MIN_VALUE;

/** SameSite values (RFC 6265bis §4.1.2.7); Omit writes no attribute. */
export const enum SameSite { Omit = 0, Lax = 1, Strict = 2, None = 3 }

/**
 * SetCookie describes one cookie to set, secure by default: HttpOnly, Secure, SameSite=Lax, Path=/, no Domain,
 * no expiry (a session cookie). build() validates and renders it, or returns null with `err` set.
 */
export class SetCookie {
  err: HttpErr = HttpErr.Ok;
  /** Path attribute; null leaves it out (the browser then uses the request's directory). */
  path: string | null = "/";
  /** Domain attribute; null makes a host-only cookie. */
  domain: string | null = null;
  /** Max-Age in seconds: -1 leaves it out, 0 deletes the cookie. */
  maxAge: i64 = -1;
  /** Expires as Unix seconds, for clients without Max-Age; NO_EXPIRES leaves it out. */
  expires: i64 = NO_EXPIRES;
  httpOnly: bool = true;
  secure: bool = true;
  sameSite: SameSite = SameSite.Lax;

  constructor(public name: string, public value: string) {}

  /** deletion returns a cookie that removes name: empty value, Max-Age=0 and an Expires in 1970. */
  static deletion(name: string): SetCookie {
    const c = new SetCookie(name, "");
    c.maxAge = 0;
    c.expires = 0;
    return c;
  }

  /**
   * build renders the header value, such as `sid=abc; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax`.
   * It returns null with `err` for: a name that is not a token (BadCookieName); a value outside cookie-octet
   * (BadCookieValue); name plus value over MAX_COOKIE_SIZE (TooLarge); a bad Path, Domain, Max-Age or Expires
   * (BadAttribute); SameSite=None without Secure (InsecureSameSiteNone); a broken prefix rule (BadPrefix).
   */
  build(): string | null {
    this.err = HttpErr.Ok;
    const name = this.name;
    const value = this.value;
    // RFC 6265 §4.1.1: cookie-name is a token, cookie-value is *cookie-octet (we never write the quoted form).
    if (!isToken(name, 0, name.length)) return this.fail(HttpErr.BadCookieName);
    for (let i = 0, n = value.length; i < n; i++) {
      if (!inClass(codeAt(value, i), COOKIE_OCTET)) return this.fail(HttpErr.BadCookieValue); // i < n
    }
    if (name.length + value.length > MAX_COOKIE_SIZE) return this.fail(HttpErr.TooLarge);
    let out = name + "=" + value;
    const path = this.path;
    if (path !== null) {
      if (!isPathValue(path)) return this.fail(HttpErr.BadAttribute);
      out += "; Path=" + path;
    }
    const domain = this.domain;
    if (domain !== null) {
      // RFC 6265 §4.1.2.3: domain-value is a host name; a leading dot or a port has no place in it.
      if (domain.length > MAX_ATTRIBUTE_SIZE || !isHostName(domain, 0, domain.length)) {
        return this.fail(HttpErr.BadAttribute);
      }
      out += "; Domain=" + domain;
    }
    if (this.maxAge < -1) return this.fail(HttpErr.BadAttribute);
    if (this.maxAge >= 0) out += "; Max-Age=" + this.maxAge.toString();
    if (this.expires != NO_EXPIRES) {
      const date = formatHttpDate(this.expires);
      if (date === null) return this.fail(HttpErr.BadAttribute);
      out += "; Expires=" + date;
    }
    // RFC 6265bis §4.1.2.7: browsers reject SameSite=None on a cookie that is not Secure.
    if (this.sameSite == SameSite.None && !this.secure) return this.fail(HttpErr.InsecureSameSiteNone);
    if (!this.prefixHolds()) return this.fail(HttpErr.BadPrefix);
    if (this.secure) out += "; Secure";
    if (this.httpOnly) out += "; HttpOnly";
    if (this.sameSite == SameSite.Lax) out += "; SameSite=Lax";
    else if (this.sameSite == SameSite.Strict) out += "; SameSite=Strict";
    else if (this.sameSite == SameSite.None) out += "; SameSite=None";
    return out;
  }

  // RFC 6265bis §4.1.3: "__Secure-" needs Secure; "__Host-" needs Secure, Path=/ and no Domain. Browsers match
  // the prefixes case-insensitively (§5.7 step 21-22), so "__HOST-" is held to the same rules.
  private prefixHolds(): bool {
    if (startsWithIgnoreCase(this.name, "__Secure-")) return this.secure;
    if (!startsWithIgnoreCase(this.name, "__Host-")) return true;
    const path = this.path;
    return this.secure && this.domain === null && path !== null && path == "/";
  }

  private fail(e: HttpErr): string | null {
    this.err = e;
    return null;
  }
}

// RFC 6265 §4.1.1 path-value: any CHAR except CTLs or ";". We also require the leading "/" that makes it a path
// (§5.2.4 would silently replace anything else with the default path) and keep it ASCII and within 1024 bytes.
function isPathValue(path: string): bool {
  const n = path.length;
  if (n == 0 || n > MAX_ATTRIBUTE_SIZE || codeAt(path, 0) != 0x2f) return false;
  for (let i = 0; i < n; i++) {
    const c = codeAt(path, i); // i < n
    if (c >= 0x80 || isControl(c) || c == 0x3b) return false;
  }
  return true;
}
