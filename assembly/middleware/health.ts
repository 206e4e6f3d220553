// The health endpoint (redis-cache-design.txt "Health Check Endpoint"):
//   {"status":"healthy"|"degraded"|"unhealthy","cache":{"mode":…,"redis":{"connected":bool,"latency":"2ms"},
//    "circuit_breaker":{"state":"closed"|"open"|"half-open","failures":n}}}
// 200 when healthy, 503 otherwise, Cache-Control: no-store. The "redis" part is omitted in memory mode.
//
// With enableHealthCheck, a PING measures Redis, at most once per healthCheckInterval per instance (its result is
// reused in between), and only when the breaker allows: while it is open the endpoint answers from its state
// without touching the network, and once circuitBreakerTimeout has passed the PING is the breaker's half-open
// probe. The outcome is reported to the breaker. Without enableHealthCheck the answer comes from the breaker
// alone: no PING, no latency.
//
// Status: "unhealthy" when the breaker is open or the last PING failed; "degraded" when Redis answered but the
// breaker is half-open or has counted failures since; "healthy" otherwise.

import { BreakerState, CircuitBreaker } from "../cache/breaker";
import { countsAsFailure } from "../cache/fallback";
import { JsonWriter } from "../json/write";
import { monotonicNs } from "../net/deadline";
import { RespCommand } from "../resp/writer";
import { RespKind } from "../resp/value";
import { respond } from "../http/response";
import { CacheStack } from "./cache_setup";
import { RedisConfig } from "./config_redis";

// The last PING on this instance: when (clock ms, -1 = never), whether it succeeded, and its latency in µs.
let pingAt: i64 = -1;
let pingOk: bool = false;
let pingLatencyUs: i64 = 0;

/** serveHealth answers the health request; it returns RESPONDED (0). */
export function serveHealth(stack: CacheStack, c: RedisConfig): i64 {
  const w = new JsonWriter();
  const breaker = stack.breaker;
  let status = "healthy";
  let connected = true;
  let measured = false;
  if (breaker !== null) {
    if (c.enableHealthCheck) {
      refreshPing(stack, breaker, c.healthCheckIntervalMs);
      measured = pingAt >= 0;
      connected = measured && pingOk && breaker.state != BreakerState.Open;
    } else {
      connected = breaker.state == BreakerState.Closed;
    }
    if (breaker.state == BreakerState.Open || !connected) status = "unhealthy";
    else if (breaker.state != BreakerState.Closed || breaker.failures > 0) status = "degraded";
  }
  w.beginObject().key("status").string(status).key("cache").beginObject().key("mode").string(stack.mode);
  if (breaker !== null) {
    w.key("redis").beginObject().key("connected").bool(connected);
    if (measured && pingOk) w.key("latency").string(formatLatency(pingLatencyUs));
    w.endObject();
  }
  w.key("circuit_breaker").beginObject();
  w.key("state").string(breaker !== null ? breaker.stateName : "closed");
  w.key("failures").integer(breaker !== null ? <i64>breaker.failures : 0);
  w.endObject().endObject().endObject();
  return respond(status == "healthy" ? 200 : 503, "application/json; charset=utf-8", w.toBytes());
}

// PINGs Redis unless the last result is younger than intervalMs or the breaker refuses.
function refreshPing(stack: CacheStack, breaker: CircuitBreaker, intervalMs: i64): void {
  const redis = stack.redis;
  if (redis === null) return;
  const now = stack.clock.nowMs();
  if (pingAt >= 0 && now - pingAt < intervalMs) return;
  if (!breaker.allow()) return;
  const cmds = new Array<RespCommand>(1);
  cmds[0] = new RespCommand("PING");
  const start = monotonicNs();
  const replies = redis.client.exchange(cmds);
  const end = monotonicNs();
  const ok = replies !== null && replies.length == 1 && replies[0].kind == RespKind.SimpleString && replies[0].textIs("PONG");
  if (ok) breaker.success();
  else if (replies !== null || countsAsFailure(redis.client.err)) breaker.failure(); // an error reply counts too
  else breaker.neutral();
  pingAt = stack.clock.nowMs();
  pingOk = ok;
  pingLatencyUs = start >= 0 && end >= start ? (end - start) / 1000 : 0;
}

// Go's time.Duration style, rounded: "350µs" below a millisecond, else whole milliseconds such as "2ms".
function formatLatency(us: i64): string {
  if (us < 1000) return us.toString() + "µs";
  return (us / 1000).toString() + "ms";
}
