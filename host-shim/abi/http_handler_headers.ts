// The header functions of http_handler: get_header_names, get_header_values, set_header_value, add_header_value
// and remove_header, for the four header kinds (traefik-wasm-host.md §3.2, §3.3, §3.5 "Trailers").

import { canonicalHeaderKey, compareGoStrings, TRAILER_PREFIX } from "./header_map.js";
import { GuestMemory, HostPanic, u32 } from "./guest_memory.js";
import { handlerState, mustBeforeNext, mustBeforeNextOrFeature, netHttpState } from "./phase.js";
import { FEATURE_BUFFER_RESPONSE, RequestState } from "./request_state.js";
import type { HttpHandlerHost } from "./http_handler.js";

interface HeaderKindOps {
  /** The noun of host-go's phase panics, e.g. "request trailer". */
  readonly noun: string;
  /** The feature that allows changes after next, or 0 when they never are. */
  readonly featureAfterNext: number;
  names(state: RequestState): string[];
  values(state: RequestState, name: string): readonly string[];
  set(state: RequestState, name: string, value: string): void;
  add(state: RequestState, name: string, value: string): void;
  remove(state: RequestState, name: string): void;
}

const REQUEST_HEADERS: HeaderKindOps = {
  noun: "request header",
  featureAfterNext: 0,
  // nethttp GetRequestHeaderNames: `Host` from r.Host, then every key. A `Trailer:` key is skipped without
  // shrinking the pre-sized slice, so it leaves an empty name; a guest-set `Host` key shows twice (host-go, as is).
  names: (s) => {
    const names = s.host !== "" ? ["Host"] : [];
    for (const key of s.requestHeaders.keys()) names.push(key.startsWith(TRAILER_PREFIX) ? "" : key);
    return names.sort(compareGoStrings);
  },
  // §3.3: `host` is always exactly r.Host, even when empty or when a Host header was set.
  values: (s, name) => (canonicalHeaderKey(name) === "Host" ? [s.host] : s.requestHeaders.values(name)),
  set: (s, name, value) => s.requestHeaders.set(name, value),
  add: (s, name, value) => s.requestHeaders.add(name, value),
  remove: (s, name) => s.requestHeaders.delete(name),
};

const RESPONSE_HEADERS: HeaderKindOps = {
  noun: "response header",
  featureAfterNext: FEATURE_BUFFER_RESPONSE,
  names: (s) => s.responseHeaders.keys().filter((key) => !key.startsWith(TRAILER_PREFIX)),
  values: (s, name) => s.responseHeaders.values(name),
  set: (s, name, value) => s.responseHeaders.set(name, value),
  add: (s, name, value) => s.responseHeaders.add(name, value),
  remove: (s, name) => s.responseHeaders.delete(name),
};

// §3.5: both trailer kinds edit the *response* header map under Go's `Trailer:` prefix, and add is a set.
function trailerOps(noun: string, featureAfterNext: number): HeaderKindOps {
  return {
    noun,
    featureAfterNext,
    names: (s) => s.responseHeaders.keys().filter((key) => key.startsWith(TRAILER_PREFIX))
      .map((key) => key.slice(TRAILER_PREFIX.length)).sort(compareGoStrings),
    values: (s, name) => s.responseHeaders.values(TRAILER_PREFIX + name),
    set: (s, name, value) => s.responseHeaders.set(TRAILER_PREFIX + name, value),
    add: (s, name, value) => s.responseHeaders.set(TRAILER_PREFIX + name, value),
    remove: (s, name) => s.responseHeaders.delete(TRAILER_PREFIX + name),
  };
}

const KINDS: readonly HeaderKindOps[] = [
  REQUEST_HEADERS,
  RESPONSE_HEADERS,
  trailerOps("request trailer", 0),
  trailerOps("response trailer", FEATURE_BUFFER_RESPONSE),
];

/** headerImports returns the header functions of the http_handler module. */
export function headerImports(host: HttpHandlerHost, mem: () => GuestMemory) {
  return {
    get_header_names(kind: number, buf: number, limit: number): bigint {
      const ops = kindOps(kind);
      const names = ops.names(netHttpState(host)).map((n) => n.toLowerCase());
      return mem().writeNulTerminated(buf, limit, names);
    },
    get_header_values(kind: number, name: number, nameLen: number, buf: number, limit: number): bigint {
      requireName(nameLen);
      const memory = mem();
      const n = memory.mustReadString("name", name, nameLen);
      const ops = kindOps(kind);
      return memory.writeNulTerminated(buf, limit, ops.values(netHttpState(host), n));
    },
    set_header_value(kind: number, name: number, nameLen: number, value: number, valueLen: number): void {
      const [ops, state, n, v] = mutation(host, mem(), "set", kind, name, nameLen, value, valueLen);
      ops.set(state, n, v);
    },
    add_header_value(kind: number, name: number, nameLen: number, value: number, valueLen: number): void {
      const [ops, state, n, v] = mutation(host, mem(), "add", kind, name, nameLen, value, valueLen);
      ops.add(state, n, v);
    },
    remove_header(kind: number, name: number, nameLen: number): void {
      const [ops, state, n] = mutation(host, mem(), "remove", kind, name, nameLen, 0, 0);
      ops.remove(state, n);
    },
  };
}

function kindOps(kind: number): HeaderKindOps {
  const ops = KINDS[u32(kind)];
  if (!ops) throw new HostPanic(`unsupported header kind: ${u32(kind)}`);
  return ops;
}

function requireName(nameLen: number): void {
  if (u32(nameLen) === 0) throw new HostPanic("HTTP header name cannot be empty");
}

// Host-go's order for set/add/remove: empty name, then kind and phase (mustHeaderMutable), then the reads.
function mutation(
  host: HttpHandlerHost, memory: GuestMemory, op: string, kind: number,
  name: number, nameLen: number, value: number, valueLen: number,
): [HeaderKindOps, RequestState, string, string] {
  requireName(nameLen);
  const ops = kindOps(kind);
  if (ops.featureAfterNext === 0) mustBeforeNext(host, op, ops.noun);
  else mustBeforeNextOrFeature(host, ops.featureAfterNext, op, ops.noun);
  const n = memory.mustReadString("name", name, nameLen);
  const v = memory.mustReadString("value", value, valueLen);
  return [ops, handlerState(host), n, v];
}
