// Cookie chunking: a value too long for one cookie is spread over `<name>`, `<name>.1` … `<name>.7`, so a session
// that grows (many groups, peers-and-pitfalls.md #15, #57, #86) is refused loudly here, never dropped by a browser.
//
// Layout. The head cookie `<name>` holds `<n>~` and the first part; `<name>.k` holds part k, for k in 1..n-1. The
// count n (one digit, 1..MAX_CHUNKS) is written even when n is 1, so that every head parses the same way and a
// stale `<name>.k` left by a longer value (k >= n) is ignored on reading and deleted on writing.
//
// Names. "." joins the name and the index: it is an RFC 9110 tchar (valid in a cookie name) and, unlike "_" or
// "-", rarely ends a configured cookie name, so `<name>.1` does not collide with another name an operator picks.
// A chunk inherits the head's `__Host-`/`__Secure-` prefix and with it the prefix rules. Cookies named `<name>.<k>`
// on the same domain by another application are read as our chunks (and deleted past n): pick a distinct name.
//
// Sizes. RFC 6265bis §5.6 has browsers drop a cookie whose name plus value passes 4096 bytes; older clients counted
// the attributes too (RFC 2109 §6.3). So each Set-Cookie line we write, attributes included, stays within
// MAX_SET_COOKIE_LINE, and each value within MAX_CHUNK_VALUE: chunkBudget() is the smaller of the two.

import { codeAt, COOKIE_OCTET, inClass } from "../http/chars";
import { CookieJar, isToken } from "../http/cookie";
import { HttpErr } from "../http/errors";
import { SetCookie } from "../http/set_cookie";
import { SessionErr, SessionStatus, sessionFail, sessionOk } from "./errors";

/** MAX_CHUNKS: most cookies one value may span; one digit, so it must stay at most 9. */
export const MAX_CHUNKS: i32 = 8;
/** MAX_CHUNK_VALUE: longest value of one chunk cookie, frame included (296 bytes under 4096 for name and attributes). */
export const MAX_CHUNK_VALUE: i32 = 3800;
/** MAX_SET_COOKIE_LINE: longest Set-Cookie value written, name, value and attributes together (RFC 2109 §6.3). */
export const MAX_SET_COOKIE_LINE: i32 = 4096;
/** MAX_COOKIE_NAME_LENGTH: longest base name accepted; a chunk name adds 2 characters. */
export const MAX_COOKIE_NAME_LENGTH: i32 = 128;
/** CHUNK_SEPARATOR joins a name and a chunk index: `<name>.1`. */
export const CHUNK_SEPARATOR: string = ".";
/** FRAME_LENGTH: the `<n>~` at the start of the head value. */
export const FRAME_LENGTH: i32 = 2;
/** MAX_CHUNKED_LENGTH: the longest value chunkCookies accepts (attributes short enough to leave the full budget). */
export const MAX_CHUNKED_LENGTH: i32 = MAX_CHUNKS * MAX_CHUNK_VALUE - FRAME_LENGTH;

// "~" ends the count: a cookie-octet that base64url and our sealed prefix never use.
const FRAME_MARK: u32 = 0x7e;

/** isCookieName reports whether name is a token of at most MAX_COOKIE_NAME_LENGTH characters. */
export function isCookieName(name: string): bool {
  return name.length <= MAX_COOKIE_NAME_LENGTH && isToken(name, 0, name.length);
}

/** chunkName returns the cookie name of chunk index: name itself for 0, `<name>.<index>` after. */
export function chunkName(name: string, index: i32): string {
  return index == 0 ? name : name + CHUNK_SEPARATOR + index.toString();
}

/**
 * chunkBudget returns the longest value one chunk of name may hold with attrs: MAX_CHUNK_VALUE, or less when the
 * attributes are long enough that the Set-Cookie line of the longest chunk name would pass MAX_SET_COOKIE_LINE.
 * It returns -1 (status BadName, BadAttribute or TooLarge, with httpErr) when the builder refuses name or attrs.
 */
export function chunkBudget(name: string, attrs: SetCookie, status: SessionStatus | null = null): i32 {
  if (!isCookieName(name)) {
    sessionFail<string>(status, SessionErr.BadName);
    return -1;
  }
  const empty = render(chunkName(name, MAX_CHUNKS - 1), "", attrs, false, status);
  if (empty === null) return -1;
  const budget = min(MAX_CHUNK_VALUE, MAX_SET_COOKIE_LINE - empty.length);
  // A Path and a Domain at their 1024-byte caps still leave over 1900 bytes; this guards the arithmetic only.
  if (budget <= FRAME_LENGTH) {
    sessionFail<string>(status, SessionErr.TooLarge);
    return -1;
  }
  sessionOk(status);
  return budget;
}

/**
 * chunkCookies returns the Set-Cookie values that store value under name: one per chunk, each with the attributes
 * of attrs (its name and value are ignored), followed by a deletion for every `<name>.<k>` that carried (the
 * request's cookies; null when there are none) holds past the new count, with the same Path and Domain so that it matches.
 * It returns null for a bad name (BadName), a value character outside cookie-octet (BadValue, offset), attributes
 * the builder refuses (BadAttribute, httpErr) or a value needing more than MAX_CHUNKS chunks (TooLarge).
 */
export function chunkCookies(
  name: string, value: string, attrs: SetCookie, carried: CookieJar | null, status: SessionStatus | null = null,
): Array<string> | null {
  const len = value.length;
  if (!isCookieName(name)) return sessionFail<Array<string>>(status, SessionErr.BadName);
  if (len > MAX_CHUNKED_LENGTH) return sessionFail<Array<string>>(status, SessionErr.TooLarge);
  for (let i = 0; i < len; i++) {
    // RFC 6265 §4.1.1: a value is cookie-octets only; i < len.
    if (!inClass(codeAt(value, i), COOKIE_OCTET)) return sessionFail<Array<string>>(status, SessionErr.BadValue, i);
  }
  const budget = chunkBudget(name, attrs, status);
  if (budget < 0) return null;
  const count = (len + FRAME_LENGTH + budget - 1) / budget;
  if (count > MAX_CHUNKS) return sessionFail<Array<string>>(status, SessionErr.TooLarge);
  const out = new Array<string>();
  let at = 0;
  for (let k = 0; k < count; k++) {
    const end = min(len, at + (k == 0 ? budget - FRAME_LENGTH : budget));
    const part = k == 0 ? frame(count) + value.substring(at, end) : value.substring(at, end);
    at = end;
    const line = render(chunkName(name, k), part, attrs, false, status);
    if (line === null) return null;
    out.push(line);
  }
  if (carried !== null && !deleteCarried(out, name, count, attrs, carried, status)) return null;
  sessionOk(status);
  return out;
}

/**
 * clearChunkedCookies returns the Set-Cookie deletions (Max-Age=0, Expires in 1970, attrs' Path and Domain) of the
 * head `<name>` and of every chunk carried holds, or of every possible chunk name when carried is null: logout, or
 * a cookie that failed to open. Null only when the builder refuses name or attrs (status as in chunkCookies).
 */
export function clearChunkedCookies(
  name: string, attrs: SetCookie, carried: CookieJar | null, status: SessionStatus | null = null,
): Array<string> | null {
  if (!isCookieName(name)) return sessionFail<Array<string>>(status, SessionErr.BadName);
  const out = new Array<string>();
  const head = render(name, "", attrs, true, status);
  if (head === null) return null;
  out.push(head);
  if (!deleteCarried(out, name, 1, attrs, carried, status)) return null;
  sessionOk(status);
  return out;
}

/**
 * readChunks reassembles the value stored under name from the request's cookies, or returns null with: Absent (no
 * `<name>` cookie), Duplicate (two cookies of the head's or a needed chunk's name), Malformed (a head without a
 * valid `<n>~` frame, or a chunk below n missing), TooLarge (a chunk longer than MAX_CHUNK_VALUE) or BadName.
 * Chunks at index n or above are ignored: they are leftovers of a longer value.
 */
export function readChunks(jar: CookieJar, name: string, status: SessionStatus | null = null): string | null {
  if (!isCookieName(name)) return sessionFail<string>(status, SessionErr.BadName);
  const head = single(jar, name, SessionErr.Absent, status);
  if (head === null) return null;
  if (head.length < FRAME_LENGTH) return sessionFail<string>(status, SessionErr.Malformed);
  const count = <i32>codeAt(head, 0) - 0x30; // head.length >= 2
  if (count < 1 || count > MAX_CHUNKS || codeAt(head, 1) != FRAME_MARK) {
    return sessionFail<string>(status, SessionErr.Malformed);
  }
  if (head.length > MAX_CHUNK_VALUE) return sessionFail<string>(status, SessionErr.TooLarge);
  let out = head.substring(FRAME_LENGTH);
  for (let k = 1; k < count; k++) {
    // A chunk the head counts but the request lacks is Malformed: the value cannot be whole.
    const part = single(jar, chunkName(name, k), SessionErr.Malformed, status);
    if (part === null) return null;
    if (part.length > MAX_CHUNK_VALUE) return sessionFail<string>(status, SessionErr.TooLarge);
    out += part;
  }
  sessionOk(status);
  return out;
}

// The value of the one cookie named name, or null with `missing` (none) or Duplicate (more than one).
function single(jar: CookieJar, name: string, missing: SessionErr, status: SessionStatus | null): string | null {
  let found: string | null = null;
  for (let i = 0, n = jar.length; i < n; i++) {
    const c = jar.at(i);
    if (c === null || c.name != name) continue;
    if (found !== null) return sessionFail<string>(status, SessionErr.Duplicate);
    found = c.value;
  }
  return found !== null ? found : sessionFail<string>(status, missing);
}

// Appends to out a deletion of each chunk name from index `from` on that carried holds (every one when null).
function deleteCarried(
  out: Array<string>, name: string, from: i32, attrs: SetCookie, carried: CookieJar | null,
  status: SessionStatus | null,
): bool {
  for (let k = from; k < MAX_CHUNKS; k++) {
    const chunk = chunkName(name, k);
    if (carried !== null && carried.get(chunk) === null) continue;
    const line = render(chunk, "", attrs, true, status);
    if (line === null) return false;
    out.push(line);
  }
  return true;
}

function frame(count: i32): string {
  return String.fromCharCode(0x30 + count) + String.fromCharCode(FRAME_MARK);
}

// Builds one Set-Cookie value with attrs' attributes; a deletion gets Max-Age=0 and the 1970 Expires of
// SetCookie.deletion. On a refusal, records the builder's reason on status.
function render(name: string, value: string, attrs: SetCookie, deletion: bool, status: SessionStatus | null): string | null {
  const c = new SetCookie(name, value);
  c.path = attrs.path;
  c.domain = attrs.domain;
  c.httpOnly = attrs.httpOnly;
  c.secure = attrs.secure;
  c.sameSite = attrs.sameSite;
  c.maxAge = deletion ? 0 : attrs.maxAge;
  c.expires = deletion ? 0 : attrs.expires;
  const line = c.build();
  if (line !== null) return line;
  const e = c.err == HttpErr.BadCookieName ? SessionErr.BadName
    : c.err == HttpErr.TooLarge ? SessionErr.TooLarge : SessionErr.BadAttribute;
  sessionFail<string>(status, e);
  if (status !== null) status.httpErr = c.err;
  return null;
}
