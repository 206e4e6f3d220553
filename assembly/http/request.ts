// The request line and the request's external origin, read through the http_handler ABI.

import { get_method, get_uri } from "../abi/http_handler";
import { HeaderKind } from "../abi/http_handler";
import { HttpStatus, httpOk } from "./errors";
import { peekHeader, peekedBytes, requestHeader } from "./headers";
import { firstListElement, Origin, originFromHeaders } from "./origin";
import { MAX_READ_BYTES, SCRATCH, SCRATCH_SIZE } from "./scratch";
import { utf8DecodeLossyUnsafe } from "../encoding/utf8";

// Which "buf, limit -> len" getter readLine calls.
const enum Getter { Method = 0, Uri = 1 }

/** requestMethod returns the request method, such as "GET". */
export function requestMethod(): string {
  return readLine(Getter.Method);
}

/**
 * requestUri returns the escaped path and, after "?", the raw query, as Traefik's get_uri reports them (earlier
 * middlewares such as StripPrefix already applied). Parse it with UrlParser.parseRequestTarget.
 */
export function requestUri(): string {
  return readLine(Getter.Uri);
}

/**
 * externalOrigin returns the scheme, host and port the client used, from X-Forwarded-Proto and X-Forwarded-Host,
 * which Traefik's entrypoint sets (replacing what an untrusted client sent), falling back to the Host header and
 * "http". It returns null with the reason on status when they are malformed (see originFromHeaders).
 */
export function externalOrigin(status: HttpStatus | null = null): Origin | null {
  const proto = firstValueBytes("x-forwarded-proto", forwarded.proto);
  const forwardedHost = firstValueBytes("x-forwarded-host", forwarded.host);
  const last = forwarded.origin;
  if (last !== null && proto === forwarded.proto && forwardedHost === forwarded.host) {
    httpOk(status, 0);
    return last;
  }
  const fwd: string | null = forwardedHost === null ? null : decode(forwardedHost);
  // Traefik's entrypoint sets X-Forwarded-Host on every request, so Host is read only when it is missing or empty.
  const host: string | null = fwd !== null && firstListElement(fwd).length > 0 ? null : requestHeader("host");
  const protoText: string | null = proto === null ? null : decode(proto);
  const origin = originFromHeaders(protoText, fwd, host, status);
  // An origin that came from Host is not remembered: it depends on a third header.
  forwarded.origin = host === null ? origin : null;
  forwarded.proto = proto;
  forwarded.host = forwardedHost;
  return origin;
}

// The forwarded headers of the last request and the origin they gave: every request through one entrypoint
// carries the same ones, so the origin is parsed when they change, not per request (a pure function's memo).
class ForwardedMemo {
  proto: Uint8Array | null = null;
  host: Uint8Array | null = null;
  origin: Origin | null = null;
}
const forwarded = new ForwardedMemo();

// The first value of a request header as bytes, null when absent; `last` itself when the bytes equal it, so a
// caller tells "unchanged" by identity and an unchanged header allocates nothing.
function firstValueBytes(name: string, last: Uint8Array | null): Uint8Array | null {
  const len = peekHeader(HeaderKind.Request, name);
  if (len < 0) return null;
  const at = peekedBytes();
  let end = 0;
  while (end < len && load<u8>(at + <usize>end) != 0) end++; // end < len: inside the bytes the host wrote
  if (last !== null && last.length == end && memory.compare(last.dataStart, at, <usize>end) == 0) return last;
  const bytes = new Uint8Array(end);
  memory.copy(bytes.dataStart, at, <usize>end);
  return bytes;
}

function decode(bytes: Uint8Array): string {
  return utf8DecodeLossyUnsafe(bytes.dataStart, bytes.length);
}

function call(getter: Getter, buf: usize, limit: u32): u32 {
  return getter == Getter.Method ? get_method(buf, limit) : get_uri(buf, limit);
}

// Size-then-read through the scratch buffer; "" in the impossible case of a line longer than Traefik accepts.
function readLine(getter: Getter): string {
  const len = call(getter, SCRATCH, SCRATCH_SIZE);
  if (len <= SCRATCH_SIZE) return utf8DecodeLossyUnsafe(SCRATCH, <i32>len);
  if (len > MAX_READ_BYTES) return "";
  const buf = new ArrayBuffer(<i32>len);
  // buf is a local of this frame, so it stays alive across the host call and the decode.
  const again = call(getter, changetype<usize>(buf), len);
  return again <= len ? utf8DecodeLossyUnsafe(changetype<usize>(buf), <i32>again) : "";
}
