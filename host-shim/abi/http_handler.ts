// The `http_handler` host module as Traefik serves it (http-wasm host-go v0.7.0 on net/http), for one guest instance.
// Reference: traefik-wasm-host.md §3. A host function that panics in Go throws a HostPanic carrying Go's text here.

import { decodeUtf8, GuestMemory, HostPanic, u32 } from "./guest_memory.js";
import { parseRequestURI, requestUriOf } from "./go_url.js";
import { bodyImports } from "./http_handler_body.js";
import { headerImports } from "./http_handler_headers.js";
import { mustBeforeNext, netHttpState } from "./phase.js";
import type { RequestState } from "./request_state.js";

export { HostPanic } from "./guest_memory.js";

/** What the http_handler functions of one instance need from its owner (the instance's worker). */
export interface HttpHandlerHost {
  /** The instance's exported memory (re-read every call; it can grow). */
  memory(): WebAssembly.Memory;
  /** get_config bytes. */
  readonly config: Uint8Array;
  /** The request in flight; null during start functions. */
  request: RequestState | null;
  /** Middleware-wide features; enable_features outside a request ORs into this. */
  features: number;
  /** A guest log line, with the raw ABI level (-1..3 and beyond). */
  log(level: number, message: string): void;
}

// zerolog's Level.String(), indexed by zerolog level + 1 (trace is -1). NoLevel (6) prints no level at all.
const ZEROLOG_NAMES = ["trace", "debug", "info", "warn", "error", "fatal", "panic", "", "disabled"];

/**
 * levelName maps an ABI log level to the zerolog level Traefik logs it at, WithLevel(zerolog.Level(level+1)) (§3.3
 * `log`): -1 debug, 0 info, 1 warn, 2 error, 3 fatal (the process keeps running), 4 panic (no panic), 5 "" (no
 * level), 6 "disabled" (zerolog drops the line, see logDropped), ≤-2 trace. zerolog.Level is an int8, so larger
 * levels wrap; levels above Disabled keep their number as name, as zerolog prints them.
 */
export function levelName(level: number): string {
  const z = zerologNumber(level);
  return z > 7 ? String(z) : ZEROLOG_NAMES[Math.max(z, -1) + 1]!;
}

/** logDropped tells whether Traefik drops a guest line of this ABI level: zerolog's WithLevel(Disabled) is nil. */
export function logDropped(level: number): boolean {
  return zerologNumber(level) === 7;
}

function zerologNumber(level: number): number {
  return (((level | 0) + 1) << 24) >> 24;
}

/** httpHandlerImports returns the `http_handler` import object for one guest instance. */
export function httpHandlerImports(host: HttpHandlerHost): Record<string, (...args: any[]) => any> {
  const mem = () => new GuestMemory(host.memory());
  return {
    enable_features: (features: number) => enableFeatures(host, u32(features)),
    get_config: (buf: number, limit: number) => mem().writeIfUnderLimit(buf, limit, host.config),
    log_enabled: () => 1, // Traefik's WasmLogger.IsEnabled is always true (§3.3)
    log(level: number, message: number, messageLen: number): void {
      const text = u32(messageLen) > 0 ? decodeUtf8(mem().mustRead("message", message, messageLen)) : "";
      host.log(level, text);
    },
    get_method: (buf: number, limit: number) => mem().writeStringIfUnderLimit(buf, limit, netHttpState(host).method),
    set_method(method: number, methodLen: number): void {
      const state = mustBeforeNext(host, "set", "method");
      if (u32(methodLen) === 0) throw new HostPanic("HTTP method cannot be empty");
      state.method = mem().mustReadString("method", method, methodLen);
    },
    get_uri: (buf: number, limit: number) => mem().writeStringIfUnderLimit(buf, limit, netHttpState(host).uri),
    set_uri(uri: number, uriLen: number): void {
      const state = mustBeforeNext(host, "set", "uri");
      const bytes = mem().mustRead("uri", uri, uriLen);
      state.uri = setUri(Buffer.from(bytes).toString("latin1"));
    },
    get_protocol_version(buf: number, limit: number): number {
      const proto = netHttpState(host).proto;
      if (proto === "") throw new HostPanic("HTTP protocol version cannot be empty");
      return mem().writeStringIfUnderLimit(buf, limit, proto);
    },
    get_source_addr: (buf: number, limit: number) =>
      mem().writeStringIfUnderLimit(buf, limit, netHttpState(host).sourceAddr),
    ...headerImports(host, mem),
    ...bodyImports(host, mem),
  };
}

// §3.3: the set is cumulative and every bit is accepted and echoed. Outside a request (start functions) it is the
// middleware-wide set that every later request starts from; inside one it changes only that request.
function enableFeatures(host: HttpHandlerHost, features: number): number {
  if (host.request) return (host.request.features = (host.request.features | features) >>> 0);
  return (host.features = (host.features | features) >>> 0);
}

// §3.3 set_uri: empty means `/` with no query; anything else goes through url.ParseRequestURI, whose error traps.
function setUri(raw: string): string {
  if (raw === "") return "/";
  let parsed;
  try {
    parsed = parseRequestURI(raw);
  } catch (e) {
    throw new HostPanic((e as Error).message);
  }
  return requestUriOf(parsed);
}
