// Strict parser for the two URL shapes the middleware handles: absolute http(s) URLs (RFC 3986 §4.3, redirect and
// provider endpoints) and origin-form request targets (RFC 9112 §3.2.1, what get_uri returns). Components are kept
// as written, percent-escapes included; dot segments are not resolved.

import { Authority, parseAuthority } from "./host";
import { codeAt, inClass, lowerAscii, PATH, QUERY } from "./chars";
import { HttpErr } from "./errors";
import { hexValue } from "../encoding/hex";

/** MAX_URL_LENGTH: the default limit on a URL's length, in UTF-16 units (8 times the common 8 KiB request line). */
export const MAX_URL_LENGTH: i32 = 65536;

/** Url holds the components of a parsed URL, raw (still percent-encoded). */
export class Url {
  /** "http" or "https", lowercased; "" for an origin-form target. */
  scheme: string = "";
  /** The host as parseAuthority canonicalises it; "" for an origin-form target. */
  host: string = "";
  /** The explicit port, or -1. */
  port: i32 = -1;
  /** The path, beginning with "/" ("/" when an absolute URL has none). */
  path: string = "/";
  /** The query without its "?", or null when there is no "?". */
  query: string | null = null;
  /** The fragment without its "#", or null when there is no "#". */
  fragment: string | null = null;

  /** isAbsolute reports whether the URL carried a scheme and authority. */
  get isAbsolute(): bool { return this.scheme.length != 0; }

  /** effectivePort is the explicit port, or the scheme's default (80, 443); -1 for an origin-form target. */
  get effectivePort(): i32 {
    if (this.port >= 0) return this.port;
    if (this.scheme == "https") return 443;
    return this.scheme == "http" ? 80 : -1;
  }

  /** requestTarget is the origin-form of this URL: path, then "?" and the query when present. */
  requestTarget(): string {
    const q = this.query;
    return q === null ? this.path : this.path + "?" + q;
  }
}

/**
 * UrlParser parses URLs into Url objects. On failure parse methods return null and leave `err` and `offset` (where
 * parsing stopped). It accepts no whitespace, control or non-ASCII characters, no backslash, and no userinfo.
 */
export class UrlParser {
  err: HttpErr = HttpErr.Ok;
  offset: i32 = 0;
  /** Longest accepted input, in UTF-16 units. */
  maxLength: i32 = MAX_URL_LENGTH;
  private authority: Authority = new Authority();

  /**
   * parse reads an absolute http(s) URL or an origin-form reference (`/path?query#fragment`). A reference that
   * starts with "//" is scheme-relative, so it is rejected as BadUrl, as is every relative-path reference.
   */
  parse(s: string): Url | null {
    if (!this.begin(s)) return null;
    if (s.length > 0 && codeAt(s, 0) == 0x2f) {
      // RFC 3986 §4.2: "//" opens a network-path reference, which names another authority.
      if (s.length > 1 && codeAt(s, 1) == 0x2f) return this.fail(HttpErr.BadUrl, 1);
      return this.rest(s, 0, new Url(), true);
    }
    return this.absolute(s);
  }

  /**
   * parseRequestTarget reads an origin-form request target (RFC 9112 §3.2.1): a path that starts with "/", then
   * an optional query. "//x" is a path here, and a "#" is refused (clients never send fragments).
   */
  parseRequestTarget(s: string): Url | null {
    if (!this.begin(s)) return null;
    if (s.length == 0 || codeAt(s, 0) != 0x2f) return this.fail(HttpErr.BadUrl, 0);
    return this.rest(s, 0, new Url(), false);
  }

  private begin(s: string): bool {
    this.err = HttpErr.Ok;
    this.offset = 0;
    if (s.length <= this.maxLength) return true;
    this.fail(HttpErr.TooLarge, 0);
    return false;
  }

  // scheme "://" authority, then the path, query and fragment.
  private absolute(s: string): Url | null {
    const len = s.length;
    let colon = 0;
    // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), ended by ":".
    while (colon < len && isSchemeChar(codeAt(s, colon), colon == 0)) colon++; // colon < len
    if (colon == 0 || colon == len || codeAt(s, colon) != 0x3a) return this.fail(HttpErr.BadUrl, colon);
    const scheme = lowerAscii(s.substring(0, colon));
    if (scheme != "http" && scheme != "https") return this.fail(HttpErr.BadScheme, 0);
    // RFC 9110 §4.2.1-§4.2.2: http(s) URIs always carry an authority, so "//" must follow the scheme.
    if (colon + 2 >= len || codeAt(s, colon + 1) != 0x2f || codeAt(s, colon + 2) != 0x2f) {
      return this.fail(HttpErr.BadUrl, colon + 1);
    }
    const start = colon + 3;
    let end = start;
    while (end < len) {
      const c = codeAt(s, end); // end < len
      if (c == 0x2f || c == 0x3f || c == 0x23) break;
      end++;
    }
    const e = parseAuthority(s, start, end, this.authority);
    if (e != HttpErr.Ok) return this.fail(e, start);
    const url = new Url();
    url.scheme = scheme;
    url.host = this.authority.host;
    url.port = this.authority.port;
    return this.rest(s, end, url, true);
  }

  // Reads path, "?" query and "#" fragment from `from`, checking every character and escape.
  private rest(s: string, from: i32, url: Url, allowFragment: bool): Url | null {
    const len = s.length;
    let i = this.scan(s, from, PATH);
    if (i < 0) return null;
    if (i > from) url.path = s.substring(from, i);
    if (i < len && codeAt(s, i) == 0x3f) { // i < len
      const q = this.scan(s, i + 1, QUERY);
      if (q < 0) return null;
      url.query = s.substring(i + 1, q);
      i = q;
    }
    if (i < len && codeAt(s, i) == 0x23 && allowFragment) { // i < len
      const f = this.scan(s, i + 1, QUERY);
      if (f < 0) return null;
      url.fragment = s.substring(i + 1, f);
      i = f;
    }
    if (i < len) return this.fail(HttpErr.BadCharacter, i);
    return url;
  }

  // Advances over characters of class cls and valid escapes; returns the first offset that is neither "%XX" nor
  // in cls, or -1 with err set for a broken escape or a character no URL part allows.
  private scan(s: string, from: i32, cls: u32): i32 {
    const len = s.length;
    let i = from;
    while (i < len) {
      const c = codeAt(s, i); // i < len
      if (c == 0x25) {
        // RFC 3986 §2.1: "%" always begins a triplet of "%" and two hex digits.
        if (i + 2 >= len || hexValue(codeAt(s, i + 1)) < 0 || hexValue(codeAt(s, i + 2)) < 0) {
          this.fail(HttpErr.BadPercent, i);
          return -1;
        }
        i += 3;
      } else if (inClass(c, cls)) {
        i++;
      } else {
        if (c == 0x3f || c == 0x23) return i; // "?" and "#" end a part; the caller decides what may follow
        this.fail(HttpErr.BadCharacter, i);
        return -1;
      }
    }
    return i;
  }

  private fail(e: HttpErr, at: i32): Url | null {
    this.err = e;
    this.offset = at;
    return null;
  }
}

// RFC 3986 §3.1: a scheme begins with a letter, then letters, digits, "+", "-" or ".".
function isSchemeChar(c: u32, first: bool): bool {
  if ((c | 0x20) - 0x61 < 26) return true;
  return !first && (c - 0x30 < 10 || c == 0x2b || c == 0x2d || c == 0x2e);
}
