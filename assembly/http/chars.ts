// Character classes of HTTP, cookie and URL grammars as one 128-entry bit table, so each parser tests a character
// with one load. Anything at or above U+0080 is in no class: these grammars are ASCII.

/** RFC 9110 §5.6.2 tchar: the characters of a token (header and cookie names). */
// @ts-ignore: decorator
@inline export const TCHAR: u32 = 1;
/** RFC 6265 §4.1.1 cookie-octet: US-ASCII except CTLs, whitespace, DQUOTE, comma, semicolon and backslash. */
// @ts-ignore: decorator
@inline export const COOKIE_OCTET: u32 = 2;
/** RFC 3986 §2.3 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~". */
// @ts-ignore: decorator
@inline export const UNRESERVED: u32 = 4;
/**
 * A path character: RFC 3986 §3.3 pchar and "/" (with "%" for escapes), plus "[]{}|^`", which browsers send raw
 * (WHATWG URL's path percent-encode set leaves them). Excluded: CTLs, space, `"`, `#`, `<`, `>`, `?`, `\`.
 */
// @ts-ignore: decorator
@inline export const PATH: u32 = 8;
/** A query or fragment character: PATH plus "?" (RFC 3986 §3.4, §3.5). */
// @ts-ignore: decorator
@inline export const QUERY: u32 = 16;
/** Left as is by application/x-www-form-urlencoded serialization (WHATWG URL §5.2): ALPHA DIGIT * - . _ */
// @ts-ignore: decorator
@inline export const FORM_SAFE: u32 = 32;
/** A host name character we accept: ALPHA / DIGIT / "-" / "." / "_" (RFC 1123 §2.1, plus underscore). */
// @ts-ignore: decorator
@inline export const HOST: u32 = 64;
/** Strict RFC 3986 §3.3 pchar and "/", without "%": what a path encoder may leave unescaped. */
// @ts-ignore: decorator
@inline export const SEGMENT: u32 = 128;

const TABLE: usize = buildTable();

/** inClass reports whether the UTF-16 unit or byte c belongs to every class in mask. */
// @ts-ignore: decorator
@inline export function inClass(c: u32, mask: u32): bool {
  // c & 0x7f keeps the read inside the 128 entries; the range test then rejects everything non-ASCII.
  return c < 0x80 && (<u32>load<u8>(TABLE + (c & 0x7f)) & mask) == mask;
}

/** codeAt returns the UTF-16 unit of s at i. The caller guarantees 0 <= i < s.length. */
// @ts-ignore: decorator
@inline export function codeAt(s: string, i: i32): u32 {
  return <u32>load<u16>(changetype<usize>(s) + (<usize>i << 1));
}

/** isControl reports a CTL (RFC 5234 B.1: %x00-1F / %x7F). */
// @ts-ignore: decorator
@inline export function isControl(c: u32): bool {
  return c < 0x20 || c == 0x7f;
}

/** asciiLower returns c lowercased when it is 'A'..'Z', else c. */
// @ts-ignore: decorator
@inline export function asciiLower(c: u32): u32 {
  return c - 0x41 < 26 ? c | 0x20 : c;
}

/** lowerAscii returns s with 'A'..'Z' lowercased; s itself when nothing changes. */
export function lowerAscii(s: string): string {
  const len = s.length;
  let i = 0;
  while (i < len && codeAt(s, i) - 0x41 >= 26) i++; // i < len
  if (i == len) return s;
  const out = changetype<string>(__new(<usize>len << 1, idof<String>()));
  const dst = changetype<usize>(out);
  for (let k = 0; k < len; k++) store<u16>(dst + (<usize>k << 1), <u16>asciiLower(codeAt(s, k))); // k < len
  return out;
}

/** equalsIgnoreCase compares a and b with ASCII letters folded; other characters must match exactly. */
export function equalsIgnoreCase(a: string, b: string): bool {
  const len = a.length;
  if (len != b.length) return false;
  for (let i = 0; i < len; i++) if (asciiLower(codeAt(a, i)) != asciiLower(codeAt(b, i))) return false; // i < len
  return true;
}

/** startsWithIgnoreCase reports whether s begins with prefix, ASCII letters folded. */
export function startsWithIgnoreCase(s: string, prefix: string): bool {
  const len = prefix.length;
  if (s.length < len) return false;
  for (let i = 0; i < len; i++) if (asciiLower(codeAt(s, i)) != asciiLower(codeAt(prefix, i))) return false; // i < len
  return true;
}

// Fills the table once per instance from the grammar rules above.
function buildTable(): usize {
  const t = memory.data(128);
  for (let c: u32 = 0; c < 128; c++) {
    const alnum = (c - 0x30 < 10) || ((c | 0x20) - 0x61 < 26);
    let bits: u32 = 0;
    if (alnum || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c))) bits |= TCHAR;
    if (c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
      (c >= 0x5d && c <= 0x7e)) bits |= COOKIE_OCTET;
    if (alnum || c == 0x2d || c == 0x2e || c == 0x5f || c == 0x7e) bits |= UNRESERVED;
    if ((bits & UNRESERVED) != 0 || "!$&'()*+,;=:@/%[]{}|^`".includes(String.fromCharCode(c))) bits |= PATH | QUERY;
    if (c == 0x3f) bits |= QUERY;
    if ((bits & UNRESERVED) != 0 || "!$&'()*+,;=:@/".includes(String.fromCharCode(c))) bits |= SEGMENT;
    if (alnum || c == 0x2a || c == 0x2d || c == 0x2e || c == 0x5f) bits |= FORM_SAFE;
    if (alnum || c == 0x2d || c == 0x2e || c == 0x5f) bits |= HOST;
    store<u8>(t + c, <u8>bits); // c < 128 = the table's size
  }
  return t;
}
