// How the body of a response is delimited, decided from its status and fields by RFC 9112 §6.3, in that order:
// no body (HEAD, 204, 304), Transfer-Encoding: chunked, Content-Length, else until the server closes. Framing
// that two parsers could read differently (the root of response smuggling) is refused, not guessed.

import { equalsIgnoreCase } from "../http/chars";
import { HttpClientErr, HttpClientStatus } from "./errors";
import { HttpHeaders } from "./headers";

/** BodyKind is how the body ends. */
export const enum BodyKind {
  /** No body, whatever the fields say (RFC 9112 §6.3 item 1). */
  None = 0,
  /** Exactly `length` bytes (item 5). */
  Length = 1,
  /** Chunked transfer coding (item 4, §7.1). */
  Chunked = 2,
  /** Every byte until the server closes the connection (item 7). */
  UntilClose = 3,
}

/** Framing is a decided body framing; length is meaningful for Length only. */
export class Framing {
  kind: BodyKind = BodyKind.None;
  length: i64 = 0;
}

/** CONTENT_LENGTH_HUGE stands for any Content-Length at or above it; no limit comes near it. */
export const CONTENT_LENGTH_HUGE: i64 = 1 << 50;

/**
 * decideFraming fills out for a final response to a request that was (or not) HEAD, and returns true; or returns
 * false with BadResponse when the framing fields are invalid. The fields are checked on every response, with or
 * without a body: Transfer-Encoding with Content-Length (§6.3 item 3), Transfer-Encoding in HTTP/1.0 (§6.1),
 * any transfer coding but a single "chunked" (we never send TE, so a server may not apply another, §7.4), and a
 * Content-Length that is not digits or whose repeated values differ (§6.3 item 5, RFC 9110 §8.6).
 */
export function decideFraming(status: i32, head: bool, minor: i32, headers: HttpHeaders, out: Framing, st: HttpClientStatus): bool {
  const te = headers.getAll("transfer-encoding");
  const cl = headers.getAll("content-length");
  out.kind = BodyKind.None;
  out.length = 0;
  if (te.length > 0) {
    if (cl.length > 0) return st.fail(HttpClientErr.BadResponse, "both Transfer-Encoding and Content-Length (RFC 9112 §6.3)");
    if (minor == 0) return st.fail(HttpClientErr.BadResponse, "Transfer-Encoding in an HTTP/1.0 response (RFC 9112 §6.1)");
    if (!isChunkedOnly(te)) return st.fail(HttpClientErr.BadResponse, "a transfer coding other than a single chunked");
  }
  let length: i64 = -1;
  if (cl.length > 0) {
    length = contentLength(cl);
    if (length < 0) return st.fail(HttpClientErr.BadResponse, "invalid or conflicting Content-Length");
  }
  if (head || status == 204 || status == 304 || status < 200) return true;
  if (te.length > 0) {
    out.kind = BodyKind.Chunked;
  } else if (length >= 0) {
    out.kind = BodyKind.Length;
    out.length = length;
  } else {
    out.kind = BodyKind.UntilClose;
  }
  return true;
}

// The Transfer-Encoding lines name exactly one coding, chunked (any case); empty list elements are ignored
// (RFC 9110 §5.6.1).
function isChunkedOnly(lines: Array<string>): bool {
  let chunked = 0;
  for (let l = 0; l < lines.length; l++) {
    const items = lines[l].split(",");
    for (let k = 0; k < items.length; k++) {
      const item = trimOws(items[k]);
      if (item.length == 0) continue;
      if (!equalsIgnoreCase(item, "chunked")) return false;
      chunked++;
    }
  }
  return chunked == 1;
}

// The one value all Content-Length lines and list elements agree on, or -1. Values at or above
// CONTENT_LENGTH_HUGE read as CONTENT_LENGTH_HUGE, so twenty digits cannot overflow.
function contentLength(lines: Array<string>): i64 {
  let value: i64 = -1;
  for (let l = 0; l < lines.length; l++) {
    const items = lines[l].split(",");
    for (let k = 0; k < items.length; k++) {
      const v = decimal(trimOws(items[k]));
      if (v < 0 || (value >= 0 && v != value)) return -1;
      value = v;
    }
  }
  return value;
}

// 1*DIGIT, saturating at CONTENT_LENGTH_HUGE; -1 for anything else (sign, space, empty, hex).
function decimal(s: string): i64 {
  const n = s.length;
  if (n == 0) return -1;
  let v: i64 = 0;
  for (let i = 0; i < n; i++) {
    const d = <i32>s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v >= CONTENT_LENGTH_HUGE ? CONTENT_LENGTH_HUGE : v * 10 + <i64>d;
  }
  return v >= CONTENT_LENGTH_HUGE ? CONTENT_LENGTH_HUGE : v;
}

function trimOws(s: string): string {
  let a = 0, b = s.length;
  while (a < b && isOws(s.charCodeAt(a))) a++;
  while (b > a && isOws(s.charCodeAt(b - 1))) b--;
  return a == 0 && b == s.length ? s : s.substring(a, b);
}

function isOws(c: i32): bool {
  return c == 0x20 || c == 0x09;
}
