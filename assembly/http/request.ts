// The request line and the request's external origin, read through the http_handler ABI.

import { get_method, get_uri } from "../abi/http_handler";
import { HttpStatus } from "./errors";
import { requestHeader } from "./headers";
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
  const forwardedHost = requestHeader("x-forwarded-host");
  // Traefik's entrypoint sets X-Forwarded-Host on every request, so Host is read only when it is missing or empty.
  const host: string | null = forwardedHost !== null && firstListElement(forwardedHost).length > 0 ? null : requestHeader("host");
  return originFromHeaders(requestHeader("x-forwarded-proto"), forwardedHost, host, status);
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
