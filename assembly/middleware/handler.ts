// The middleware's request entry points. The health endpoint is answered here; every other request passes on
// unchanged (the OIDC layers plug in here). Connections are per request: begin() at the start of handle_request,
// closeAll() before returning 0, or at the end of handle_response when next was called (traefik-wasm-host.md §5.8).

import { logWarn } from "../http/log";
import { requestUri } from "../http/request";
import { RequestConnections } from "../net/request_connections";
import { buildCache, CacheStack, MonotonicClock } from "./cache_setup";
import { Config } from "./config";
import { serveHealth } from "./health";

/** CTX_NEXT asks the host to call the next handler, with request context 0. */
const CTX_NEXT: i64 = 1;

let config: Config = new Config();
const conns = new RequestConnections();
let stack: CacheStack | null = null;

/** initHandler keeps the validated config and builds this instance's cache; called once per instance. */
export function initHandler(c: Config): void {
  config = c;
  stack = buildCache(c.redis, conns, new MonotonicClock());
}

/** handleRequest decides what happens to one request; it must return exactly 0 when not calling next (§2.5). */
export function handleRequest(): i64 {
  const forgotten = conns.begin();
  if (forgotten > 0) logWarn("a previous request left " + forgotten.toString() + " connection(s) open");
  const s = stack;
  if (s !== null && pathOf(requestUri()) == config.healthPath) {
    const r = serveHealth(s, config.redis);
    conns.closeAll();
    return r;
  }
  return CTX_NEXT;
}

/** handleResponse runs after the next handler when handleRequest asked for it. */
export function handleResponse(reqCtx: i32, isError: bool): void {
  conns.closeAll();
}

function pathOf(uri: string): string {
  const q = uri.indexOf("?");
  return q >= 0 ? uri.substring(0, q) : uri;
}
