// Responses the guest answers itself: redirects and small JSON or HTML errors. Each helper sets the headers, then
// the status (which commits them when the response is not buffered: traefik-wasm-host.md §8.8), then the body, and
// returns RESPONDED, the exact 0 handle_request must return so the host neither calls next nor leaks the
// instance (§2.5).

import { set_status_code, write_body, BodyKind, HeaderKind } from "../abi/http_handler";
import { codeAt } from "./chars";
import { setHeader } from "./headers";
import { htmlEscape } from "./html";
import { utf8Encode } from "../encoding/utf8";
import { JsonWriter } from "../json/write";

/** RESPONDED is handle_request's result once the guest has answered: exactly 0, request context included. */
export const RESPONDED: i64 = 0;
/** MAX_MESSAGE_LENGTH bounds each text placed in an error body, in UTF-16 units; longer text is cut. */
export const MAX_MESSAGE_LENGTH: i32 = 1024;

/**
 * respond sends status with an optional body of contentType, marked `Cache-Control: no-store` and
 * `X-Content-Type-Options: nosniff`. A status outside 100..599 becomes 500. Returns RESPONDED.
 */
export function respond(status: i32, contentType: string | null, body: Uint8Array | null): i64 {
  const length = body === null ? 0 : body.length;
  if (contentType !== null) setHeader(HeaderKind.Response, "content-type", contentType);
  setHeader(HeaderKind.Response, "content-length", length.toString());
  // RFC 9111 §5.2.2.5: responses about one user's login must never be reused from a cache.
  setHeader(HeaderKind.Response, "cache-control", "no-store");
  setHeader(HeaderKind.Response, "x-content-type-options", "nosniff");
  set_status_code(<u32>(status >= 100 && status <= 599 ? status : 500));
  // body stays referenced by this frame during the host call.
  if (body !== null && length > 0) write_body(BodyKind.Response, body.dataStart, <u32>length);
  return RESPONDED;
}

/**
 * redirect answers with status (301, 302, 303, 307 or 308; anything else becomes 302) and Location, no body.
 * A location that is empty or holds anything but visible ASCII (RFC 9110 §10.2.2: a URI-reference, so no
 * spaces, controls or raw UTF-8) cannot be sent safely: the guest answers 500 instead. Returns RESPONDED.
 * It does not check where location points: run checkRedirect on targets that came from the request.
 */
export function redirect(location: string, status: i32 = 302): i64 {
  if (!isVisibleAscii(location)) return jsonError(500, "server_error", "invalid redirect location");
  const code = status == 301 || status == 303 || status == 307 || status == 308 ? status : 302;
  setHeader(HeaderKind.Response, "location", location);
  return respond(code, null, null);
}

/**
 * jsonError answers `{"error":error,"error_description":description}` (the OAuth 2.0 error shape, RFC 6749
 * §5.2) as application/json in UTF-8. A status outside 400..599 becomes 500. Returns RESPONDED.
 */
export function jsonError(status: i32, error: string, description: string): i64 {
  const w = new JsonWriter();
  w.beginObject().key("error").string(clip(error)).key("error_description").string(clip(description)).endObject();
  return respond(errorStatus(status), "application/json; charset=utf-8", w.toBytes());
}

/**
 * htmlError answers a minimal HTML page with title as heading and message as paragraph, both HTML-escaped, under
 * a Content-Security-Policy that allows nothing to load or frame it. A status outside 400..599 becomes 500.
 * Returns RESPONDED.
 */
export function htmlError(status: i32, title: string, message: string): i64 {
  const code = errorStatus(status);
  const t = htmlEscape(clip(title));
  const page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + code.toString() + " " +
    t + "</title></head>\n<body><h1>" + t + "</h1><p>" + htmlEscape(clip(message)) + "</p></body></html>\n";
  setHeader(HeaderKind.Response, "content-security-policy", "default-src 'none'; frame-ancestors 'none'");
  return respond(code, "text/html; charset=utf-8", utf8Encode(page));
}

function errorStatus(status: i32): i32 {
  return status >= 400 && status <= 599 ? status : 500;
}

/**
 * clipText cuts s to at most max UTF-16 units (max >= 2) without splitting a surrogate pair, and appends mark when
 * it cut: for peer-supplied text in responses and log lines, which must not carry a hostile megabyte.
 */
export function clipText(s: string, max: i32 = MAX_MESSAGE_LENGTH, mark: string = ""): string {
  if (s.length <= max) return s;
  let end = max;
  if (codeAt(s, end - 1) - 0xd800 < 0x400) end--; // end - 1 < s.length; a high surrogate would lose its pair
  return s.substring(0, end) + mark;
}

function clip(s: string): string {
  return clipText(s);
}

function isVisibleAscii(s: string): bool {
  const n = s.length;
  if (n == 0) return false;
  for (let i = 0; i < n; i++) {
    const c = codeAt(s, i); // i < n
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}
