// Parses Cookie request headers (RFC 6265 §4.2.1, §5.4) into name/value pairs. Browsers send cookies set by
// every application on the domain, so a pair that breaks the grammar is skipped rather than failing the header.

import { codeAt, COOKIE_OCTET, inClass, TCHAR } from "./chars";
import { HttpErr } from "./errors";

/** CookieLimits bounds what one CookieJar accepts. */
export class CookieLimits {
  /** Most cookies kept; parse() reports TooMany past it (RFC 6265 §6.1 asks servers to handle at least 50). */
  maxCookies: i32 = 180;
  /** Most header text, in UTF-16 units, summed over every parse() call since reset(). */
  maxLength: i32 = 65536;
  /** Longest name plus value in UTF-16 units (RFC 6265 §6.1: at least 4096 bytes per cookie); longer are skipped. */
  maxCookieLength: i32 = 4096;
}

/** Cookie is one name/value pair from a Cookie header, the value without surrounding double quotes. */
export class Cookie {
  constructor(public name: string, public value: string) {}
}

/**
 * CookieJar holds the cookies of one request in header order, duplicates kept. Feed it each Cookie header value
 * with parse(); get() returns the first cookie of a name, the one with the longest path or oldest creation time,
 * which RFC 6265 §5.4 step 2 has the browser send first.
 */
export class CookieJar {
  /** HttpErr.Ok, or TooLarge / TooMany from the last parse() that went over a limit. */
  err: HttpErr = HttpErr.Ok;
  /** Pairs skipped as invalid: no "=", a name that is not a token, a bad value, or too long. */
  skipped: i32 = 0;
  private limits: CookieLimits;
  private cookies: Array<Cookie> = new Array<Cookie>();
  private consumed: i32 = 0; // header text read since reset(), in UTF-16 units

  constructor(limits: CookieLimits = new CookieLimits()) {
    this.limits = limits;
  }

  /** reset forgets every cookie, for the next request. */
  reset(): void {
    this.err = HttpErr.Ok;
    this.skipped = 0;
    this.cookies.length = 0;
    this.consumed = 0;
  }

  /**
   * parse adds the cookies of one Cookie header value: pairs split at ";", each trimmed of spaces and tabs, name
   * and value split at the first "=". It returns Ok, TooLarge (the header was not read: the text limit would be
   * passed) or TooMany (cookies past maxCookies were dropped).
   */
  parse(header: string): HttpErr {
    const len = header.length;
    if (len > this.limits.maxLength - this.consumed) {
      this.err = HttpErr.TooLarge;
      return HttpErr.TooLarge;
    }
    this.consumed += len;
    let start = 0;
    while (start < len) {
      let end = start;
      while (end < len && codeAt(header, end) != 0x3b) end++; // end < len
      if (!this.pair(header, start, end)) {
        this.err = HttpErr.TooMany;
        return HttpErr.TooMany;
      }
      start = end + 1;
    }
    return HttpErr.Ok;
  }

  /** length is the number of cookies held. */
  get length(): i32 { return this.cookies.length; }

  /** at returns cookie i, or null when i is out of range. */
  at(i: i32): Cookie | null {
    return <u32>i < <u32>this.cookies.length ? unchecked(this.cookies[i]) : null; // the unsigned test bounds i
  }

  /** get returns the value of the first cookie named name (names are case-sensitive), or null. */
  get(name: string): string | null {
    for (let i = 0, n = this.cookies.length; i < n; i++) {
      const c = unchecked(this.cookies[i]); // i < n
      if (c.name == name) return c.value;
    }
    return null;
  }

  /** getAll returns the values of every cookie named name, in header order. */
  getAll(name: string): Array<string> {
    const out = new Array<string>();
    for (let i = 0, n = this.cookies.length; i < n; i++) {
      const c = unchecked(this.cookies[i]); // i < n
      if (c.name == name) out.push(c.value);
    }
    return out;
  }

  // Reads the pair in header[start, end). Returns false only when the count limit stops parsing.
  private pair(header: string, start: i32, end: i32): bool {
    while (start < end && isOws(codeAt(header, start))) start++; // start < end
    while (end > start && isOws(codeAt(header, end - 1))) end--; // end - 1 >= start
    if (start == end) return true; // "a=1; ; b=2" and a trailing ";" are not cookies
    let eq = start;
    while (eq < end && codeAt(header, eq) != 0x3d) eq++; // eq < end
    let nameEnd = eq;
    while (nameEnd > start && isOws(codeAt(header, nameEnd - 1))) nameEnd--; // nameEnd - 1 >= start
    let valueStart = eq + 1;
    while (valueStart < end && isOws(codeAt(header, valueStart))) valueStart++; // valueStart < end
    // RFC 6265 §4.1.1: cookie-pair = cookie-name "=" cookie-value, and cookie-name is a token (RFC 9110 §5.6.2).
    if (eq == end || !isToken(header, start, nameEnd)) return this.skip();
    let valueEnd = end;
    // cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE ); the quotes are not part of the value.
    if (valueEnd - valueStart >= 2 && codeAt(header, valueStart) == 0x22 && codeAt(header, valueEnd - 1) == 0x22) {
      valueStart++;
      valueEnd--;
    }
    if ((nameEnd - start) + (valueEnd - valueStart) > this.limits.maxCookieLength) return this.skip();
    for (let i = valueStart; i < valueEnd; i++) {
      if (!inClass(codeAt(header, i), COOKIE_OCTET)) return this.skip(); // i < valueEnd <= len
    }
    if (this.cookies.length >= this.limits.maxCookies) return false;
    this.cookies.push(new Cookie(header.substring(start, nameEnd), header.substring(valueStart, valueEnd)));
    return true;
  }

  private skip(): bool {
    this.skipped++;
    return true;
  }
}

/** isToken reports whether s[start, end) is a non-empty RFC 9110 §5.6.2 token. */
export function isToken(s: string, start: i32, end: i32): bool {
  if (start >= end || start < 0 || end > s.length) return false;
  for (let i = start; i < end; i++) if (!inClass(codeAt(s, i), TCHAR)) return false; // 0 <= i < end <= length
  return true;
}

// RFC 9110 §5.6.3 OWS: space or horizontal tab.
// @ts-ignore: decorator
@inline function isOws(c: u32): bool {
  return c == 0x20 || c == 0x09;
}
