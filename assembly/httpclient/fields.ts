// The line grammars of an HTTP/1.1 response, each over one line without its terminator: the status line
// (RFC 9112 §4), a field line (§5) and a chunk-size line (§7.1). Pure functions over bytes; nothing here traps.
// Only a bad status line is quoted in a detail (it tells an operator what answered: TLS, HTML, SSH…); field and
// chunk lines are not, as they may carry cookies or, in a token response, token bytes.

import { utf8DecodeLossyUnsafe } from "../encoding/utf8";
import { inClass, lowerAscii, TCHAR } from "../http/chars";
import { HttpClientErr, HttpClientStatus } from "./errors";
import { HttpHeaders } from "./headers";
import { HttpResponse } from "./response";

/** CHUNK_SIZE_HUGE stands for any chunk size at or above it; no limit comes near, so it is simply too large. */
export const CHUNK_SIZE_HUGE: i64 = 1 << 40;
/** CHUNK_SIZE_BAD is parseChunkSize's answer for a line that is not `1*HEXDIG [BWS chunk-ext]`. */
export const CHUNK_SIZE_BAD: i64 = -1;
// How much of a bad line a detail shows, escaped.
const EXCERPT_BYTES: i32 = 32;

/**
 * parseStatusLine reads `HTTP/1.x SP 3DIGIT [SP reason-phrase]` from line[0, len) into out. Any HTTP/1 minor
 * version is read as 1.1 would be (RFC 9112 §2.3), other majors are refused; the status must be 100..599
 * (RFC 9110 §15); the reason may hold HTAB, SP, VCHAR and obs-text only. A missing SP after the code is
 * tolerated, as common servers omit it with an empty reason.
 */
export function parseStatusLine(line: Uint8Array, len: i32, out: HttpResponse, status: HttpClientStatus): bool {
  if (len > line.length || len < 12 || !isHttp1(line)) {
    return status.fail(HttpClientErr.BadResponse, "not an HTTP/1.x status line: " + excerpt(line, len));
  }
  // Indices 7 to 11 exist: 12 <= len <= line.length.
  const minor = <i32>unchecked(line[7]) - 0x30;
  const d0 = <i32>unchecked(line[9]) - 0x30, d1 = <i32>unchecked(line[10]) - 0x30, d2 = <i32>unchecked(line[11]) - 0x30;
  if (minor < 0 || minor > 9 || unchecked(line[8]) != 0x20 || d0 < 1 || d0 > 5 || <u32>d1 > 9 || <u32>d2 > 9) {
    return status.fail(HttpClientErr.BadResponse, "bad status line: " + excerpt(line, len));
  }
  if (len > 12 && unchecked(line[12]) != 0x20) { // len > 12
    return status.fail(HttpClientErr.BadResponse, "bad status line: " + excerpt(line, len));
  }
  for (let i = 13; i < len; i++) {
    if (isCtl(unchecked(line[i]))) { // i < len <= line.length
      return status.fail(HttpClientErr.BadResponse, "control character in the reason phrase: " + excerpt(line, len));
    }
  }
  out.minorVersion = minor;
  out.status = d0 * 100 + d1 * 10 + d2;
  out.reason = len > 13 ? utf8DecodeLossyUnsafe(line.dataStart + 13, len - 13) : "";
  return true;
}

/**
 * parseFieldLine reads `field-name ":" OWS field-value OWS` from line[0, len) and, when headers is not null,
 * adds it (name lowercased, value decoded from UTF-8 with invalid bytes as U+FFFD). It refuses obs-fold (a line
 * starting with SP or HTAB: RFC 9112 §5.2 deprecates it and we fail closed rather than unfold), whitespace before
 * the colon (§5.1), a name that is not a token, and any control character in the value but HTAB: NUL, bare CR
 * and the rest (RFC 9110 §5.5 lets a recipient reject them).
 */
export function parseFieldLine(line: Uint8Array, len: i32, headers: HttpHeaders | null, status: HttpClientStatus): bool {
  if (len > line.length || len <= 0) return status.fail(HttpClientErr.BadResponse, "empty field line");
  const first = unchecked(line[0]); // 0 < len <= line.length
  if (first == 0x20 || first == 0x09) {
    return status.fail(HttpClientErr.BadResponse, "obsolete line folding (RFC 9112 §5.2)");
  }
  let colon = 0;
  while (colon < len && inClass(unchecked(line[colon]), TCHAR)) colon++; // colon < len
  if (colon == 0 || colon == len || unchecked(line[colon]) != 0x3a) { // colon < len once read
    return status.fail(HttpClientErr.BadResponse, "bad field line: the name is not a token, or whitespace precedes ':'");
  }
  let start = colon + 1;
  while (start < len && isOws(unchecked(line[start]))) start++; // start < len
  let end = len;
  while (end > start && isOws(unchecked(line[end - 1]))) end--; // start <= end - 1 < len
  for (let i = start; i < end; i++) {
    if (isCtl(unchecked(line[i]))) { // i < end <= len
      return status.fail(HttpClientErr.BadResponse, "control character in the value of field " +
        utf8DecodeLossyUnsafe(line.dataStart, colon));
    }
  }
  if (headers !== null) {
    // The name is all tchar, hence ASCII: decoding cannot replace anything.
    headers.add(lowerAscii(utf8DecodeLossyUnsafe(line.dataStart, colon)), utf8DecodeLossyUnsafe(line.dataStart + <usize>start, end - start));
  }
  return true;
}

/**
 * parseChunkSize returns the size on a chunk-size line `1*HEXDIG [BWS ";" chunk-ext]` (RFC 9112 §7.1.1), with
 * extensions ignored but checked for control characters, or CHUNK_SIZE_BAD. Sizes are strict hex: no sign, no
 * "0x", no space before the digits. A size of CHUNK_SIZE_HUGE or more returns CHUNK_SIZE_HUGE: however many
 * digits arrive, the value cannot overflow (§7.1: "anticipate potentially large hexadecimal numerals").
 */
export function parseChunkSize(line: Uint8Array, len: i32): i64 {
  if (len > line.length) return CHUNK_SIZE_BAD;
  let size: i64 = 0;
  let i = 0;
  while (i < len) {
    const d = hexDigit(unchecked(line[i])); // i < len <= line.length
    if (d < 0) break;
    size = size >= CHUNK_SIZE_HUGE ? CHUNK_SIZE_HUGE : (size << 4) | <i64>d;
    i++;
  }
  if (i == 0) return CHUNK_SIZE_BAD;
  while (i < len && isOws(unchecked(line[i]))) i++; // i < len
  if (i < len && unchecked(line[i]) != 0x3b) return CHUNK_SIZE_BAD; // ';'
  for (; i < len; i++) if (isCtl(unchecked(line[i]))) return CHUNK_SIZE_BAD; // i < len
  return size >= CHUNK_SIZE_HUGE ? CHUNK_SIZE_HUGE : size;
}

/** excerpt renders up to 32 bytes of line[0, len) for a log: printable ASCII as is, the rest as \xNN. */
export function excerpt(line: Uint8Array, len: i32): string {
  const hex = "0123456789abcdef";
  const n = min(min(len, line.length), EXCERPT_BYTES);
  let out = "\"";
  for (let i = 0; i < n; i++) {
    const c = <i32>unchecked(line[i]); // i < n <= line.length
    if (c >= 0x20 && c < 0x7f && c != 0x22 && c != 0x5c) out += String.fromCharCode(c);
    else out += "\\x" + hex.charAt(c >> 4) + hex.charAt(c & 15);
  }
  return out + (len > n ? "\"..." : "\"");
}

// "HTTP/1." at the start; the caller checked that 12 bytes exist, so the unchecked reads stay inside.
function isHttp1(line: Uint8Array): bool {
  return unchecked(line[0]) == 0x48 && unchecked(line[1]) == 0x54 && unchecked(line[2]) == 0x54 &&
    unchecked(line[3]) == 0x50 && unchecked(line[4]) == 0x2f && unchecked(line[5]) == 0x31 && unchecked(line[6]) == 0x2e;
}

// A CTL other than HTAB (RFC 5234 B.1), which no field value, reason or extension may hold.
function isCtl(c: u8): bool {
  return (c < 0x20 && c != 0x09) || c == 0x7f;
}

// OWS / BWS: SP or HTAB (RFC 9110 §5.6.3).
function isOws(c: u8): bool {
  return c == 0x20 || c == 0x09;
}

function hexDigit(c: u8): i32 {
  if (c >= 0x30 && c <= 0x39) return <i32>c - 0x30;
  const l = <i32>(c | 0x20);
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}
