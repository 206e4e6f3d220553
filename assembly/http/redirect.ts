// Same-origin check for redirect targets (the post-login "return to" URL), against open redirects: a target is
// accepted only if every reading of it, by a browser or by a server that decodes it again, stays on our origin.

import { codeAt, isControl } from "./chars";
import { HttpErr, HttpStatus } from "./errors";
import { Origin } from "./origin";
import { percentDecode } from "./percent";
import { UrlParser } from "./url";

/** MAX_REDIRECT_LENGTH bounds a redirect target, in UTF-16 units. */
export const MAX_REDIRECT_LENGTH: i32 = 8192;
// Decoding rounds a path is checked through: catches "%2F", "%252F" and "%25252F".
// @ts-ignore: decorator
@inline const DECODE_ROUNDS: i32 = 3;

/**
 * checkRedirect returns Ok when target is a path on this origin (`/path?query#fragment`) or an absolute http(s)
 * URL whose scheme, host and port equal origin's (a null origin accepts paths only). Otherwise:
 * - CrossOrigin: another origin, or a scheme-relative `//host`;
 * - UnsafeRedirect: empty, relative-path (`evil.com`, `?x`), `https:` without `//`, or holding a backslash, whitespace, control or
 *   non-ASCII character, or a path that decodes (up to 3 times) to one starting with `//` or holding a
 *   backslash, control character or "." / ".." segment;
 * - TooLarge beyond MAX_REDIRECT_LENGTH, or the URL parser's error (BadScheme for `javascript:`, BadPercent, ...).
 */
export function checkRedirect(target: string, origin: Origin | null): HttpErr {
  const len = target.length;
  if (len > MAX_REDIRECT_LENGTH) return HttpErr.TooLarge;
  if (len == 0) return HttpErr.UnsafeRedirect;
  // WHATWG URL parsing drops tabs and newlines anywhere, trims C0 controls and spaces, and reads "\" as "/" in
  // http(s) URLs, so "/\evil", "/\t/evil" and " //evil" all reach another host. None of them are ever needed.
  for (let i = 0; i < len; i++) {
    const c = codeAt(target, i); // i < len
    if (c >= 0x80 || c == 0x20 || c == 0x5c || isControl(c)) return HttpErr.UnsafeRedirect;
  }
  const first = codeAt(target, 0); // len > 0
  // RFC 3986 §4.2: "//" starts a network-path reference: another authority, whatever follows.
  if (first == 0x2f && len > 1 && codeAt(target, 1) == 0x2f) return HttpErr.CrossOrigin;
  const parser = new UrlParser();
  const url = parser.parse(target);
  if (url === null) {
    // BadUrl: neither "/..." nor "scheme://...". "evil.com" or "?next" would resolve relative to the page, and
    // "https:evil.com" is completed by browsers with the page's or another host.
    return parser.err == HttpErr.BadUrl ? HttpErr.UnsafeRedirect : parser.err;
  }
  if (url.isAbsolute) {
    if (origin === null || !origin.matches(url.scheme, url.host, url.port)) return HttpErr.CrossOrigin;
  }
  return checkPath(url.path);
}

/**
 * safeRedirect returns target when checkRedirect accepts it, else fallback (which the caller controls, such as
 * "/"). A null target yields fallback.
 */
export function safeRedirect(target: string | null, origin: Origin | null, fallback: string = "/"): string {
  if (target === null) return fallback;
  return checkRedirect(target, origin) == HttpErr.Ok ? target : fallback;
}

// A server or framework behind us may decode the path again before using it as a Location, so each decoding is
// held to the rules a raw target must meet. A round that finds a "%" that is no escape ends the checks: such a
// "%" cannot turn into a slash. Bytes that decode to invalid UTF-8 (overlong "/" as %C0%AF) are refused.
function checkPath(path: string): HttpErr {
  const status = new HttpStatus();
  let p = path;
  for (let round = 0; round <= DECODE_ROUNDS; round++) {
    const e = checkDecoded(p);
    if (e != HttpErr.Ok) return e;
    if (round == DECODE_ROUNDS || !p.includes("%")) break;
    const next = percentDecode(p, false, status);
    if (next === null) {
      if (status.err == HttpErr.BadPercent && round > 0) break;
      return HttpErr.UnsafeRedirect;
    }
    p = next;
  }
  return HttpErr.Ok;
}

// Rules for one reading of the path: it starts with exactly one "/", and holds no backslash, control character,
// or dot segment ("/./", "/../", or a final "/." or "/..", which RFC 3986 §5.2.4 would resolve away).
function checkDecoded(p: string): HttpErr {
  const len = p.length;
  if (len == 0 || codeAt(p, 0) != 0x2f) return HttpErr.UnsafeRedirect;
  if (len > 1 && codeAt(p, 1) == 0x2f) return HttpErr.UnsafeRedirect;
  let segment = 1;
  for (let i = 1; i <= len; i++) {
    const c = i < len ? codeAt(p, i) : 0x2f; // i < len, or the end treated as a closing "/"
    if (c == 0x5c || isControl(c)) return HttpErr.UnsafeRedirect;
    if (c != 0x2f) continue;
    const n = i - segment;
    if ((n == 1 || n == 2) && codeAt(p, segment) == 0x2e && (n == 1 || codeAt(p, segment + 1) == 0x2e)) {
      return HttpErr.UnsafeRedirect;
    }
    segment = i + 1;
  }
  return HttpErr.Ok;
}
