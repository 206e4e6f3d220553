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
// When the last PING failed, "redis" adds "error": why, as the client saw it (connection refused, a TLS
// certificate that did not verify, a refused password…), for the operator looking at a 503.
//
// Status: "unhealthy" when the breaker is open or the last PING failed; "degraded" when Redis answered but the
// breaker is half-open or has counted failures since; "healthy" otherwise.
//
// Redis Cluster (redis.clusterAddresses): "redis" adds "topology":"cluster", "nodes" (masters and replicas in the
// slot map) and "masters":[{"node":"host:port","slots":n,"connected":bool,"latency":…}]; the PING goes to every
// master (at most MAX_REQUEST_CONNECTIONS - 1: one connection may be the seed's), "connected" means all answered
// and "latency" is the slowest. "circuit_breaker" adds "node", the node of the last failure, while failures > 0.
//
// Redis Sentinel (redis.sentinelAddresses): "redis" adds "topology":"sentinel", "masterName", "master" (host:port
// of the master in use or last named; absent before any sentinel answered) and "sentinel" (the one that answered).
// The PING goes to that master, asking a sentinel first when this instance's answer is older than MASTER_TTL_MS,
// which the latency then includes. "circuit_breaker" adds "node" as for the cluster: the master or sentinel of the
// last failure.

import { BreakerState, CircuitBreaker } from "../cache/breaker";
import { countsAsFailure } from "../cache/fallback";
import { ClusterCache } from "../cache/cluster";
import { SentinelCache } from "../cache/sentinel";
import { MasterPing, pingMasters } from "../cache/cluster_link";
import { MAX_REQUEST_CONNECTIONS } from "../net/request_connections";
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
let pingError: string = "";
// Per master, the answers of the last cluster PING.
let masterPings: Array<MasterPing> = [];

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
    if (measured && !pingOk && pingError.length > 0) w.key("error").string(pingError);
    if (stack.cluster !== null) writeCluster(w, stack.cluster!, measured);
    if (stack.sentinel !== null) writeSentinel(w, stack.sentinel!);
    w.endObject();
  }
  w.key("circuit_breaker").beginObject();
  w.key("state").string(breaker !== null ? breaker.stateName : "closed");
  w.key("failures").integer(breaker !== null ? <i64>breaker.failures : 0);
  const failed = stack.cluster !== null ? stack.cluster!.router.failedNode : "";
  if (breaker !== null && breaker.failures > 0 && failed.length > 0) w.key("node").string(failed);
  const sentinelFailed = stack.sentinel !== null ? stack.sentinel!.failedNode : "";
  if (breaker !== null && breaker.failures > 0 && sentinelFailed.length > 0) w.key("node").string(sentinelFailed);
  w.endObject().endObject().endObject();
  return respond(status == "healthy" ? 200 : 503, "application/json; charset=utf-8", w.toBytes());
}

// PINGs Redis unless the last result is younger than intervalMs or the breaker refuses.
function refreshPing(stack: CacheStack, breaker: CircuitBreaker, intervalMs: i64): void {
  const redis = stack.redis;
  if (redis === null && stack.cluster === null) return;
  const now = stack.clock.nowMs();
  if (pingAt >= 0 && now - pingAt < intervalMs) return;
  if (!breaker.allow()) return;
  if (redis === null) {
    pingCluster(stack.cluster!, breaker);
    pingAt = stack.clock.nowMs();
    return;
  }
  const cmds = new Array<RespCommand>(1);
  cmds[0] = new RespCommand("PING");
  const start = monotonicNs();
  const sentinel = stack.sentinel;
  const replies = sentinel !== null ? sentinel.exchange(cmds) : redis.client.exchange(cmds);
  const end = monotonicNs();
  const err = sentinel !== null ? sentinel.err : redis.client.err;
  const ok = replies !== null && replies.length == 1 && replies[0].kind == RespKind.SimpleString && replies[0].textIs("PONG");
  if (ok) breaker.success();
  else if (replies !== null || countsAsFailure(err)) breaker.failure(); // an error reply counts too
  else breaker.neutral();
  pingAt = stack.clock.nowMs();
  pingOk = ok;
  pingError = ok ? "" : replies === null ? (sentinel !== null ? sentinel.detail : redis.client.detail) : "PING was not answered with PONG";
  pingLatencyUs = start >= 0 && end >= start ? (end - start) / 1000 : 0;
}

// PINGs every master of the cluster; the breaker hears one outcome: success only if all of them answered.
function pingCluster(cluster: ClusterCache, breaker: CircuitBreaker): void {
  const pings = pingMasters(cluster.router, MAX_REQUEST_CONNECTIONS - 1);
  let ok = pings.length > 0;
  let slowest: i64 = 0;
  for (let i = 0; i < pings.length; i++) {
    if (!pings[i].ok) ok = false;
    if (pings[i].latencyUs > slowest) slowest = pings[i].latencyUs;
  }
  if (ok) breaker.success();
  else if (pings.length > 0 || countsAsFailure(cluster.router.err)) breaker.failure();
  else breaker.neutral();
  masterPings = pings;
  pingOk = ok;
  pingLatencyUs = slowest;
}

// The cluster's part of "redis": from the last PING when there was one, else the slot map as learned by traffic.
function writeCluster(w: JsonWriter, cluster: ClusterCache, measured: bool): void {
  const map = cluster.router.slotMap;
  w.key("topology").string("cluster").key("nodes").integer(map !== null ? <i64>map.nodes.length : 0);
  w.key("masters").beginArray();
  if (measured) {
    for (let i = 0; i < masterPings.length; i++) {
      const p = masterPings[i];
      w.beginObject().key("node").string(p.node.address).key("slots").integer(<i64>p.slots).key("connected").bool(p.ok);
      if (p.ok) w.key("latency").string(formatLatency(p.latencyUs));
      w.endObject();
    }
  } else if (map !== null) {
    const masters = map.masters();
    for (let i = 0; i < masters.length; i++) {
      w.beginObject().key("node").string(masters[i].address).key("slots").integer(<i64>map.slotsOf(masters[i])).endObject();
    }
  }
  w.endArray();
}

// The sentinel part of "redis": the master name, and the master and sentinel of the last answer, once there is one.
function writeSentinel(w: JsonWriter, sentinel: SentinelCache): void {
  w.key("topology").string("sentinel").key("masterName").string(sentinel.options.masterName);
  const master = sentinel.master;
  if (master.length > 0) w.key("master").string(master);
  const answered = sentinel.sentinel;
  if (answered.length > 0) w.key("sentinel").string(answered);
}

// Go's time.Duration style, rounded: "350µs" below a millisecond, else whole milliseconds such as "2ms".
function formatLatency(us: i64): string {
  if (us < 1000) return us.toString() + "µs";
  return (us / 1000).toString() + "ms";
}
