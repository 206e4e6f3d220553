// The body and status functions of http_handler: read_body, write_body, get_status_code and set_status_code
// (traefik-wasm-host.md §3.3, §3.4, §3.5), following host-go v0.7.0 `handler/middleware.go` and nethttp's host.go.

import { GuestMemory, HostPanic, u32 } from "./guest_memory.js";
import { mustBeforeNext, mustBeforeNextOrFeature, netHttpState, requireBufferingWriter } from "./phase.js";
import { FEATURE_BUFFER_REQUEST, FEATURE_BUFFER_RESPONSE, RequestState } from "./request_state.js";
import type { HttpHandlerHost } from "./http_handler.js";

/** One Read of a Go io.Reader: data, and whether the stream ended (io.EOF). */
type Read = (max: number) => { data: Uint8Array; eof: boolean };

const EMPTY = new Uint8Array(0);
const EOF_READ: Read = () => ({ data: EMPTY, eof: true });

/** bodyImports returns the body and status functions of the http_handler module. */
export function bodyImports(host: HttpHandlerHost, mem: () => GuestMemory) {
  return {
    read_body(kind: number, buf: number, limit: number): bigint {
      const read = bodyReader(host, u32(kind));
      // §3.3: buf_limit 0 traps, after the reader was created, as in host-go.
      if (u32(limit) === 0) throw new HostPanic("buf_limit==0 reading body");
      return fill(mem().mustView("body", buf, u32(limit)), read);
    },
    write_body(kind: number, body: number, bodyLen: number): void {
      const write = bodyWriter(host, u32(kind));
      write(mem().mustRead("body", body, bodyLen));
    },
    get_status_code(): number {
      // §3.3: no phase check in host-go; the writer type assertion traps without buffer_response, even before next.
      const state = netHttpState(host);
      requireBufferingWriter(state);
      return state.statusCode === 0 ? 200 : state.statusCode;
    },
    set_status_code(code: number): void {
      const state = mustBeforeNextOrFeature(host, FEATURE_BUFFER_RESPONSE, "set", "status code");
      if (state.buffersResponse) {
        state.statusCode = u32(code);
        return;
      }
      writeHeader(state, u32(code));
    },
  };
}

// Host-go's readBody: keep reading until buf_limit bytes or an error; io.EOF sets the eof bit (§3.1, §3.3).
function fill(out: Uint8Array, read: Read): bigint {
  let n = 0;
  let eof = false;
  while (n < out.length && !eof) {
    const chunk = read(out.length - n);
    const data = chunk.data.subarray(0, out.length - n);
    out.set(data, n);
    n += data.length;
    eof = chunk.eof;
  }
  return eof ? (1n << 32n) | BigInt(n) : BigInt(n);
}

function bodyReader(host: HttpHandlerHost, kind: number): Read {
  if (kind === 0) return requestReader(mustBeforeNextOrFeature(host, FEATURE_BUFFER_REQUEST, "read", "request body"));
  if (kind === 1) return responseReader(mustBeforeNextOrFeature(host, FEATURE_BUFFER_RESPONSE, "read", "response body"));
  throw new HostPanic(`unsupported body kind: ${kind}`);
}

function requestReader(state: RequestState): Read {
  // §3.4: after next the guest's reader was closed and r.Body went downstream; Traefik's answer is UNVERIFIED
  // (EOF or an error). The shim answers EOF.
  if (state.afterNext) return EOF_READ;
  state.requestBodyReader ??= state.requestBodyWritten !== null ? "written" : "original";
  return state.requestBodyReader === "written" ? (max) => drainWritten(state, max) : (max) => readOriginal(state, max);
}

function readOriginal(state: RequestState, max: number): { data: Uint8Array; eof: boolean } {
  try {
    return state.io.readRequestBody(max);
  } catch (e) {
    throw new HostPanic(`error reading body: ${(e as Error).message}`);
  }
}

// write_body(request) put a bytes.Buffer in place of r.Body; reading that body consumes the buffer.
function drainWritten(state: RequestState, max: number): { data: Uint8Array; eof: boolean } {
  const written = state.requestBodyWritten!;
  const all = Buffer.concat(written);
  if (all.length === 0) return { data: EMPTY, eof: true };
  const data = all.subarray(0, max);
  written.splice(0, written.length, ...(all.length > max ? [all.subarray(max)] : []));
  return { data, eof: false };
}

// §3.3: read_body(response) reads a bytes.Reader over the buffered body as it was at the first call.
function responseReader(state: RequestState): Read {
  requireBufferingWriter(state);
  state.responseBodySnapshot ??= bufferedBody(state);
  return (max) => {
    const snapshot = state.responseBodySnapshot!;
    if (state.responseReadOffset >= snapshot.length) return { data: EMPTY, eof: true };
    const data = snapshot.subarray(state.responseReadOffset, state.responseReadOffset + max);
    state.responseReadOffset += data.length;
    return { data, eof: false };
  };
}

function bufferedBody(state: RequestState): Uint8Array {
  if (state.responseBodyWritten !== null) return Buffer.concat(state.responseBodyWritten);
  return state.downstream?.body ?? EMPTY;
}

type Write = (bytes: Uint8Array) => void;

function bodyWriter(host: HttpHandlerHost, kind: number): Write {
  if (kind === 0) {
    // §3.3: the first write replaces r.Body with an empty buffer; later writes append.
    const state = mustBeforeNext(host, "write", "request body");
    const written = (state.requestBodyWritten ??= []);
    return (bytes) => void (bytes.length > 0 && written.push(bytes));
  }
  if (kind === 1) {
    const state = mustBeforeNextOrFeature(host, FEATURE_BUFFER_RESPONSE, "write", "response body");
    if (state.responseBodyWriter === null) {
      state.responseBodyWriter = state.buffersResponse ? "buffered" : "direct";
      if (state.buffersResponse) state.responseBodyWritten = []; // host-go resets the buffered body
    }
    if (state.responseBodyWriter === "direct") return (bytes) => writeToClient(state, bytes);
    return (bytes) => void (bytes.length > 0 && state.responseBodyWritten!.push(bytes));
  }
  throw new HostPanic(`unsupported body kind: ${kind}`);
}

// §3.3: an unbuffered write goes straight to the client; Go's Write sends an implicit 200 first, even when empty.
function writeToClient(state: RequestState, bytes: Uint8Array): void {
  if (!state.committed) commit(state, 200);
  if (bytes.length === 0) return;
  try {
    state.io.writeResponse(bytes);
  } catch (e) {
    throw new HostPanic(`error writing body: ${(e as Error).message}`);
  }
}

// §3.3, §8 item 8: without buffering set_status_code is Go's WriteHeader, which commits the headers at once. A
// second call is ignored (Go logs "superfluous response.WriteHeader call"); Go rejects codes outside 100..999.
function writeHeader(state: RequestState, code: number): void {
  if (state.committed) return;
  if (code < 100 || code > 999) throw new HostPanic(`invalid WriteHeader code ${code}`);
  commit(state, code);
}

function commit(state: RequestState, code: number): void {
  state.statusCode = code;
  state.committed = true;
  state.io.commitResponse(code, state.responseHeaders.pairs());
}
