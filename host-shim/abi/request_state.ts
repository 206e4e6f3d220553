// The per-request state the http_handler host functions read and change, living in the instance's worker.
// The pool serialises it across the worker boundary: a RequestView in, a RequestOutcome out.

import { HeaderMap } from "./header_map.js";

/** Feature bits of enable_features (ABI §3.2). */
export const FEATURE_BUFFER_REQUEST = 1;
export const FEATURE_BUFFER_RESPONSE = 2;
export const FEATURE_TRAILERS = 4;

/** What the worker receives about an incoming request: Go's *http.Request as host-go reads it. */
export interface RequestView {
  method: string;
  /** Escaped path plus `?query` when present, as `get_uri` returns it. */
  uri: string;
  /** `HTTP/1.1`, `HTTP/2.0`. */
  proto: string;
  /** r.RemoteAddr: `ip:port`, IPv6 in brackets. */
  sourceAddr: string;
  /** r.Host; reported as the `host` request header. */
  host: string;
  /** Request headers without Host, in arrival order. */
  headers: [string, string][];
}

/** What the downstream handler answered, given to handle_response. */
export interface ResponseView {
  status: number;
  headers: [string, string][];
  /** The buffered downstream body; empty unless buffer_response is on. */
  body: Uint8Array;
  isError: boolean;
}

/**
 * Effects that cannot wait until the guest returns: reading the streamed request body, and writing to the client
 * when the response is not buffered. Implemented by the worker as synchronous calls to the main thread.
 */
export interface RequestIo {
  /** Reads up to max bytes of the original request body; blocks until max bytes, EOF or an error. */
  readRequestBody(max: number): { data: Uint8Array; eof: boolean };
  /** Sends the status line and the current response headers to the client (Go's WriteHeader). */
  commitResponse(status: number, headers: [string, string][]): void;
  /** Writes a chunk of the response body straight to the client. */
  writeResponse(chunk: Uint8Array): void;
}

/** RequestState is one request's view and everything the guest changed in it. */
export class RequestState {
  method: string;
  uri: string;
  readonly proto: string;
  readonly sourceAddr: string;
  readonly host: string;
  readonly requestHeaders: HeaderMap;
  /** Response headers; trailers live here too, under Go's `Trailer:` key prefix (ABI §3.5). */
  readonly responseHeaders: HeaderMap;
  /** Cumulative feature bits: the middleware-wide set, plus what this request enabled. */
  features: number;
  /** True inside handle_response: the next handler has run. */
  afterNext = false;
  /** Chunks the guest wrote with write_body(request), replacing the original body; null if never called. */
  requestBodyWritten: Uint8Array[] | null = null;
  /**
   * The reader read_body(request) created on first use: the original stream, or the buffer write_body(request) had
   * already put in place of r.Body (reading it consumes requestBodyWritten, as Go's bytes.Buffer does). Host-go
   * closes an "original" reader before calling next (traefik-wasm-host.md §3.5).
   */
  requestBodyReader: "original" | "written" | null = null;
  /** The status the guest set; 0 when unset. */
  statusCode = 0;
  /** True once headers went to the client (unbuffered set_status_code or write_body). */
  committed = false;
  /** The downstream response inside handle_response. */
  downstream: ResponseView | null = null;
  /** The buffered body as it was at the first read_body(response): Go reads a snapshot of it. */
  responseBodySnapshot: Uint8Array | null = null;
  /** Read offset into responseBodySnapshot for read_body(response). */
  responseReadOffset = 0;
  /**
   * The writer write_body(response) created on first use and keeps for the request: the buffer (buffer_response
   * was on then) or the client itself. Enabling buffer_response later does not redirect a "direct" writer.
   */
  responseBodyWriter: "buffered" | "direct" | null = null;
  /** Chunks the guest wrote with write_body(response) while buffering; null if never called. */
  responseBodyWritten: Uint8Array[] | null = null;

  constructor(view: RequestView, features: number, readonly io: RequestIo) {
    this.method = view.method;
    this.uri = view.uri;
    this.proto = view.proto;
    this.sourceAddr = view.sourceAddr;
    this.host = view.host;
    this.requestHeaders = HeaderMap.from(view.headers);
    this.responseHeaders = new HeaderMap();
    this.features = features;
  }

  get buffersResponse(): boolean {
    return (this.features & FEATURE_BUFFER_RESPONSE) !== 0;
  }

  /** Enters the handle_response phase with what the downstream handler answered. */
  enterResponse(downstream: ResponseView): void {
    this.afterNext = true;
    this.downstream = downstream;
    // Go shares one header map between the guest and downstream; the proxy adds the backend's headers to it.
    for (const [name, value] of downstream.headers) this.responseHeaders.add(name, value);
    // Downstream's WriteHeader overwrites a status the guest stored before next while buffering.
    this.statusCode = downstream.status;
  }
}
