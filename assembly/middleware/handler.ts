// The middleware's request entry points. The health endpoint is answered here; every other request passes on
// unchanged (the OIDC layers plug in here). Connections are per request: begin() at the start of handle_request,
// closeAll() before returning 0, or at the end of handle_response when next was called (traefik-wasm-host.md §5.8).

import { logDisabledCheck, logWarn } from "../http/log";
import { externalOrigin, requestUri } from "../http/request";
import { jsonError } from "../http/response";
import { OidcContext, OidcKeys } from "../oidc/context";
import { CALL_NEXT, handleOidc } from "../oidc/flow";
import { unixSeconds } from "../sys/clock";
import { RequestConnections } from "../net/request_connections";
import { buildCache, CacheStack, MonotonicClock } from "./cache_setup";
import { Config } from "./config";
import { serveHealth } from "./health";

/** CTX_NEXT asks the host to call the next handler, with request context 0. */
const CTX_NEXT: i64 = 1;

let config: Config = new Config();
const conns = new RequestConnections();
let stack: CacheStack | null = null;
let oidc: OidcContext | null = null;

/** initHandler keeps the validated config and builds this instance's cache and OIDC machinery; once per instance. */
export function initHandler(c: Config): void {
  config = c;
  warnSkippedVerification(c);
  const s = buildCache(c.redis, conns, new MonotonicClock());
  stack = s;
  const keys = c.keys;
  if (c.oidc.enabled && keys !== null) {
    const k = new OidcKeys(keys.redisKeyHash, keys.sessionEncryption, keys.cookieMac);
    for (let i = 0; i < c.previousKeys.length; i++) {
      const p = c.previousKeys[i];
      k.addPrevious(p.redisKeyHash, p.sessionEncryption, p.cookieMac);
    }
    oidc = new OidcContext(c.oidc, s.cache, s.redis !== null, conns, k);
  }
}

// Loud on purpose, and at every instance start: a skipped check must never go unnoticed in the logs.
function warnSkippedVerification(c: Config): void {
  if (c.oidc.tls !== null && c.oidc.insecureSkipVerify) {
    logDisabledCheck("insecureSkipVerify is on: the identity provider's TLS certificate is NOT verified; anyone on the path " +
      "can impersonate the provider and forge logins. Use caCertPEM or caCertPath instead.");
  }
  if (c.redis.tls !== null && c.redis.tlsSkipVerify) {
    logDisabledCheck("redis.tlsSkipVerify is on: the Redis server's TLS certificate is NOT verified; anyone on the path can " +
      "read and change sessions. Use redis.caCertPEM or redis.caCertPath instead.");
  }
}

/** handleRequest decides what happens to one request; it must return exactly 0 when not calling next (§2.5). */
export function handleRequest(): i64 {
  const forgotten = conns.begin();
  if (forgotten > 0) logWarn("a previous request left " + forgotten.toString() + " connection(s) open");
  const uri = requestUri();
  const path = pathOf(uri);
  const s = stack;
  if (s !== null && path == config.healthPath) {
    const r = serveHealth(s, config.redis);
    conns.closeAll();
    return r;
  }
  const o = oidc;
  if (o === null) return CTX_NEXT;
  const r = authenticate(o, uri, path);
  conns.closeAll(); // nothing below needs a socket: none is held while the backend answers
  return r == CALL_NEXT ? CTX_NEXT : r;
}

// The external origin and the time are needed by every decision; without either the request cannot be judged.
function authenticate(o: OidcContext, uri: string, path: string): i64 {
  const origin = externalOrigin();
  if (origin === null) return jsonError(400, "invalid_request", "malformed Host or X-Forwarded-Host");
  const now = unixSeconds();
  if (now < 0) return jsonError(503, "temporarily_unavailable", "no clock");
  return handleOidc(o, uri, path, origin, now);
}

/** handleResponse runs after the next handler when handleRequest asked for it. */
export function handleResponse(reqCtx: i32, isError: bool): void {
  conns.closeAll();
}

function pathOf(uri: string): string {
  const q = uri.indexOf("?");
  return q >= 0 ? uri.substring(0, q) : uri;
}
