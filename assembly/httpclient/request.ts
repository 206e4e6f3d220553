// An HTTP/1.1 request and its wire form (RFC 9112 §3, §5). The client owns the framing headers (Host,
// Content-Length, Connection: close): callers cannot set them, and no name or value a caller passes can add a
// line to the request (request splitting), since every CR, LF, NUL and other control character is refused.

import { codeAt, equalsIgnoreCase, inClass, isControl, TCHAR } from "../http/chars";
import { utf8Encode } from "../encoding/utf8";
import { HttpClientErr, HttpClientStatus } from "./errors";
import { FORM_CONTENT_TYPE, FormBody } from "./form";
import { Target } from "./target";

/** USER_AGENT is the product token every request carries unless the caller sets its own User-Agent. */
export const USER_AGENT: string = "traefik-oidc-wasm";
/** DEFAULT_ACCEPT: discovery, JWKS and token endpoints all answer JSON. */
export const DEFAULT_ACCEPT: string = "application/json";
/** MAX_REQUEST_BODY bounds a request body: a token request is a few hundred bytes. */
export const MAX_REQUEST_BODY: i32 = 1 << 20;
/** MAX_EXTRA_HEADERS bounds the headers a caller adds to one request. */
export const MAX_EXTRA_HEADERS: i32 = 32;
/** MAX_METHOD_LENGTH bounds a method name; every real one is under 10 characters. */
export const MAX_METHOD_LENGTH: i32 = 32;

// Headers the client writes itself from the request's framing: a caller's copy would contradict it.
const OWNED: StaticArray<string> = [
  "host", "content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection", "te", "trailer",
  "upgrade",
];

/**
 * HttpRequest is one request: method, absolute http URL, the few headers token and metadata calls need, any
 * others through header(), and an optional body. Content-Length is sent for a body, and for POST, PUT and PATCH
 * without one (RFC 9110 §8.6); requests never use chunked encoding.
 */
export class HttpRequest {
  method: string;
  url: string;
  /** Accept value; "" sends none. A header("Accept", …) replaces it. */
  accept: string = DEFAULT_ACCEPT;
  /** Authorization value (see basicAuthorization), or null for none. */
  authorization: string | null = null;
  /** Content-Type of the body, or null for none. */
  contentType: string | null = null;
  body: Uint8Array | null = null;
  private names: Array<string> = new Array<string>();
  private values: Array<string> = new Array<string>();

  constructor(method: string, url: string) {
    this.method = method;
    this.url = url;
  }

  /** get returns a GET request for url. */
  static get(url: string): HttpRequest {
    return new HttpRequest("GET", url);
  }

  /** postForm returns a POST of form to url, typed application/x-www-form-urlencoded. */
  static postForm(url: string, form: FormBody): HttpRequest {
    const r = new HttpRequest("POST", url);
    r.contentType = FORM_CONTENT_TYPE;
    r.body = form.encode();
    return r;
  }

  /** header adds one header line, sent after the built-in ones; checked when the request is encoded. */
  header(name: string, value: string): HttpRequest {
    this.names.push(name);
    this.values.push(value);
    return this;
  }

  /** headerCount, headerName and headerValue list the headers added with header(), in order ("" past the end). */
  get headerCount(): i32 { return this.names.length; }
  headerName(i: i32): string { return i >= 0 && i < this.names.length ? this.names[i] : ""; }
  headerValue(i: i32): string { return i >= 0 && i < this.values.length ? this.values[i] : ""; }

  /** idempotent says whether resending after a lost connection is safe (RFC 9110 §9.2.2): GET and HEAD here. */
  get idempotent(): bool {
    return this.method == "GET" || this.method == "HEAD";
  }

  /** hasHeader says whether header() added this name (any case); it then replaces the built-in header. */
  hasHeader(lowerName: string): bool {
    for (let i = 0; i < this.names.length; i++) if (equalsIgnoreCase(this.names[i], lowerName)) return true;
    return false;
  }
}

/**
 * encodeRequest returns the request's bytes for target: the request line, Host, User-Agent, Accept,
 * Authorization, the caller's headers, Content-Type and Content-Length, `Connection: close`, then the body.
 * It returns null with BadRequest when the method or a header name is not a token (RFC 9110 §9.1, §5.1), a value
 * holds a control character other than HTAB (§5.5), a header is one the client owns, or the body is too large.
 */
export function encodeRequest(req: HttpRequest, target: Target, status: HttpClientStatus): Uint8Array | null {
  if (!checkRequest(req, status)) return null;
  let head = req.method + " " + target.requestTarget + " HTTP/1.1\r\nHost: " + target.hostHeader + "\r\n";
  if (!req.hasHeader("user-agent")) head += "User-Agent: " + USER_AGENT + "\r\n";
  if (req.accept.length > 0 && !req.hasHeader("accept")) head += "Accept: " + req.accept + "\r\n";
  const auth = req.authorization;
  if (auth !== null && !req.hasHeader("authorization")) head += "Authorization: " + auth + "\r\n";
  for (let i = 0; i < req.headerCount; i++) head += req.headerName(i) + ": " + req.headerValue(i) + "\r\n";
  const body = req.body;
  const type = req.contentType;
  if (type !== null && body !== null && !req.hasHeader("content-type")) head += "Content-Type: " + type + "\r\n";
  const m = req.method;
  if (body !== null || m == "POST" || m == "PUT" || m == "PATCH") {
    head += "Content-Length: " + (body !== null ? body.length : 0).toString() + "\r\n";
  }
  head += "Connection: close\r\n\r\n";
  const headBytes = utf8Encode(head);
  status.ok();
  if (body === null) return headBytes;
  const out = new Uint8Array(headBytes.length + body.length);
  out.set(headBytes, 0);
  out.set<Uint8Array>(body, headBytes.length); // body is not null here
  return out;
}

function checkRequest(req: HttpRequest, status: HttpClientStatus): bool {
  const m = req.method;
  if (m.length > MAX_METHOD_LENGTH || !isToken(m)) return status.fail(HttpClientErr.BadRequest, "method is not a token");
  if (!isFieldValue(req.accept)) return badValue(status, "Accept");
  const auth = req.authorization;
  if (auth !== null && !isFieldValue(auth)) return badValue(status, "Authorization");
  const type = req.contentType;
  if (type !== null && !isFieldValue(type)) return badValue(status, "Content-Type");
  if (req.headerCount > MAX_EXTRA_HEADERS) {
    return status.fail(HttpClientErr.BadRequest, "more than " + MAX_EXTRA_HEADERS.toString() + " headers");
  }
  for (let i = 0; i < req.headerCount; i++) {
    const name = req.headerName(i);
    // The name is not echoed until it is known to be a token: it could carry CR LF into a log line.
    if (!isToken(name)) return status.fail(HttpClientErr.BadRequest, "header #" + (i + 1).toString() + ": name is not a token");
    if (isOwned(name)) return status.fail(HttpClientErr.BadRequest, "header " + name + " is set by the client itself");
    if (!isFieldValue(req.headerValue(i))) return badValue(status, name);
  }
  const body = req.body;
  if (body !== null && body.length > MAX_REQUEST_BODY) {
    return status.fail(HttpClientErr.BadRequest, "body larger than " + MAX_REQUEST_BODY.toString() + " bytes");
  }
  return true;
}

function badValue(status: HttpClientStatus, name: string): bool {
  // The value is never echoed: it may be a credential.
  return status.fail(HttpClientErr.BadRequest, "header " + name + ": value holds CR, LF, NUL or another control character");
}

// RFC 9110 §5.6.2: token = 1*tchar.
function isToken(s: string): bool {
  const n = s.length;
  if (n == 0) return false;
  for (let i = 0; i < n; i++) if (!inClass(codeAt(s, i), TCHAR)) return false; // i < n
  return true;
}

// RFC 9110 §5.5: no CTL but HTAB; CR, LF and NUL would end or split the line. Non-ASCII goes out as UTF-8.
function isFieldValue(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = codeAt(s, i); // i < n
    if (isControl(c) && c != 0x09) return false;
  }
  return true;
}

function isOwned(name: string): bool {
  for (let i = 0; i < OWNED.length; i++) if (equalsIgnoreCase(name, OWNED[i])) return true;
  return false;
}
