// Shared helpers for the HTTP client specs: inputs from text, a one-line rendering of a response (or of the
// error a parse ended with), and feeding a response whole, split at every offset, or byte by byte.
import { HttpClientErr, httpClientErrName } from "../../../assembly/httpclient/errors";
import { ResponseLimits } from "../../../assembly/httpclient/limits";
import { ResponseParser } from "../../../assembly/httpclient/parser";
import { HttpResponse } from "../../../assembly/httpclient/response";

/** utf8 encodes s. */
export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** bytes takes each character of s (all below U+0100) as one byte, so "\xc3\xa9" is two raw bytes. */
export function bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = <u8>s.charCodeAt(i);
  return out;
}

/** limitsOf builds ResponseLimits; omitted arguments keep the defaults. */
export function limitsOf(maxResponseBytes: i32 = 1 << 20, maxHeaderBytes: i32 = 32 << 10, maxHeaders: i32 = 100): ResponseLimits {
  const l = new ResponseLimits();
  l.maxResponseBytes = maxResponseBytes;
  l.maxHeaderBytes = maxHeaderBytes;
  l.maxHeaders = maxHeaders;
  return l;
}

/** render shows a response on one line: `200 1.1 i0 "OK" [name=value,…] "body"`. */
export function render(r: HttpResponse): string {
  let out = r.status.toString() + " 1." + r.minorVersion.toString() + " i" + r.interim.toString() + " " + quote(utf8(r.reason)) + " [";
  for (let i = 0; i < r.headers.count; i++) {
    if (i > 0) out += ",";
    out += r.headers.name(i) + "=" + quote(utf8(r.headers.value(i)));
  }
  return out + "] " + quote(r.body);
}

/** outcome renders how a parser ended: the response, `ERR_… detail`, or `INCOMPLETE`. */
export function outcome(p: ResponseParser, eof: bool): string {
  if (p.err == HttpClientErr.Ok && eof) p.finish();
  if (p.err != HttpClientErr.Ok) return httpClientErrName(p.err);
  const r = p.take();
  return r === null ? "INCOMPLETE" : render(r);
}

/** parse feeds input whole (then EOF when eof) and returns the outcome. */
export function parse(input: Uint8Array, eof: bool = false, limits: ResponseLimits = new ResponseLimits(), head: bool = false): string {
  const p = new ResponseParser(limits);
  p.begin(head);
  p.feed(input);
  return outcome(p, eof);
}

/** parseText is parse on bytes(text). */
export function parseText(text: string, eof: bool = false, limits: ResponseLimits = new ResponseLimits(), head: bool = false): string {
  return parse(bytes(text), eof, limits, head);
}

/** detailOf feeds bytes(text) whole and returns the parser's detail. */
export function detailOf(text: string, eof: bool = false, limits: ResponseLimits = new ResponseLimits()): string {
  const p = new ResponseParser(limits);
  p.begin(false);
  p.feed(bytes(text));
  if (eof && p.err == HttpClientErr.Ok) p.finish();
  return p.detail;
}

/**
 * expectSplitEverywhere feeds input in two pieces split at every offset, and byte by byte, through one parser
 * reused with begin(), and expects want from each, the same as one whole feed.
 */
export function expectSplitEverywhere(input: Uint8Array, want: string, eof: bool = false, limits: ResponseLimits = new ResponseLimits(), head: bool = false): void {
  expect(parse(input, eof, limits, head)).toBe(want, "whole");
  const p = new ResponseParser(limits);
  for (let k = 0; k <= input.length; k++) {
    p.begin(head);
    if (p.feed(input.subarray(0, k))) p.feed(input.subarray(k));
    expect(outcome(p, eof)).toBe(want, "split at byte " + k.toString());
  }
  p.begin(head);
  for (let i = 0; i < input.length; i++) {
    if (!p.feed(input.subarray(i, i + 1))) break;
  }
  expect(outcome(p, eof)).toBe(want, "byte by byte");
}

// Printable ASCII as itself, CR and LF as \r \n, everything else as \xNN.
function quote(b: Uint8Array): string {
  const hex = "0123456789abcdef";
  let out = "\"";
  for (let i = 0; i < b.length; i++) {
    const c = <i32>b[i];
    if (c == 0x0d) out += "\\r";
    else if (c == 0x0a) out += "\\n";
    else if (c >= 0x20 && c < 0x7f && c != 0x5c && c != 0x22) out += String.fromCharCode(c);
    else out += "\\x" + hex.charAt(c >> 4) + hex.charAt(c & 15);
  }
  return out + "\"";
}
