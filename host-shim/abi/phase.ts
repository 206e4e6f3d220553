// Which http_handler calls are legal when (traefik-wasm-host.md §3.4), with host-go v0.7.0's panic texts.
// Host-go finds the request state with a type assertion on a context value, in two packages: `handler`
// (middleware.go: the phase checks) and `wasm` (nethttp/host.go: the request itself). Which one a function reaches
// first decides the text it panics with when there is no request, i.e. during start (§3.4, last paragraph).

import { HostPanic } from "./guest_memory.js";
import { FEATURE_BUFFER_REQUEST, FEATURE_BUFFER_RESPONSE, FEATURE_TRAILERS, RequestState } from "./request_state.js";
import type { HttpHandlerHost } from "./http_handler.js";

const NO_HANDLER_STATE = "interface conversion: interface {} is nil, not *handler.requestState";
const NO_NETHTTP_STATE = "interface conversion: interface {} is nil, not *wasm.requestState";

/**
 * NOT_BUFFERING_RESPONSE is the panic of nethttp's `s.w.(*bufferingResponseWriter)` when buffer_response is off
 * (§3.3 get_status_code, §3.4 footnote). Go prints the writer's dynamic type; in Traefik that is whatever writer
 * wraps the plugin, so `*http.response` is a stand-in.
 */
export const NOT_BUFFERING_RESPONSE =
  "interface conversion: http.ResponseWriter is *http.response, not *wasm.bufferingResponseWriter";

const FEATURE_NAMES: Record<number, string> = {
  [FEATURE_BUFFER_REQUEST]: "buffer_request",
  [FEATURE_BUFFER_RESPONSE]: "buffer_response",
  [FEATURE_TRAILERS]: "trailers",
};

/** handlerState is host-go `handler.requestStateFromContext`. */
export function handlerState(host: HttpHandlerHost): RequestState {
  if (!host.request) throw new HostPanic(NO_HANDLER_STATE);
  return host.request;
}

/** netHttpState is nethttp's `requestStateFromContext`. */
export function netHttpState(host: HttpHandlerHost): RequestState {
  if (!host.request) throw new HostPanic(NO_NETHTTP_STATE);
  return host.request;
}

/** mustBeforeNext panics once handle_response runs: request-side changes cannot reach the next handler anymore. */
export function mustBeforeNext(host: HttpHandlerHost, op: string, kind: string): RequestState {
  const state = handlerState(host);
  if (state.afterNext) throw new HostPanic(`can't ${op} ${kind} after next handler`);
  return state;
}

/** mustBeforeNextOrFeature allows the call after next only when the feature keeps the data in the host. */
export function mustBeforeNextOrFeature(host: HttpHandlerHost, feature: number, op: string, kind: string): RequestState {
  const state = handlerState(host);
  if (state.afterNext && (state.features & feature) === 0) {
    throw new HostPanic(`can't ${op} ${kind} after next handler unless ${FEATURE_NAMES[feature]} is enabled`);
  }
  return state;
}

/** requireBufferingWriter is nethttp's type assertion on the buffering response writer. */
export function requireBufferingWriter(state: RequestState): void {
  if (!state.buffersResponse) throw new HostPanic(NOT_BUFFERING_RESPONSE);
}
