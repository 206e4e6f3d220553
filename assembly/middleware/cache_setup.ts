// Builds the configured cache (memory, redis or hybrid) once per instance. Everything built here is a per-instance
// optimisation that may vanish with the instance (traefik-wasm-host.md §2.4): the memory stores, the hybrid L1 and
// the circuit breaker. No socket lives here: RedisCache only holds `conns`, whose begin() and closeAll() bracket
// every request (handler.ts), so each Redis connection is opened and closed within one request (§5.8).
//
// redis and hybrid modes are wrapped in FallbackCache with a CircuitBreaker. With enableCircuitBreaker=false the
// breaker is built disabled: it never opens (so the memory fallback is never used) but still counts consecutive
// failures for the health endpoint.

import { Cache, Clock } from "../cache/cache";
import { CircuitBreaker } from "../cache/breaker";
import { ClusterCache } from "../cache/cluster";
import { newClusterCache } from "../cache/cluster_link";
import { FallbackCache } from "../cache/fallback";
import { HybridCache } from "../cache/hybrid";
import { MemoryCache } from "../cache/memory";
import { RedisCache, RedisOptions } from "../cache/redis";
import { SentinelCache, SentinelOptions } from "../cache/sentinel";
import { monotonicNs } from "../net/deadline";
import { RequestConnections } from "../net/request_connections";
import { RedisConfig } from "./config_redis";

/** MonotonicClock reads WASI's monotonic clock in ms; if the host ever refuses, it stays at its last reading. */
export class MonotonicClock implements Clock {
  private last: i64 = 0;

  nowMs(): i64 {
    const ns = monotonicNs();
    if (ns >= 0 && ns / 1_000_000 > this.last) this.last = ns / 1_000_000;
    return this.last;
  }
}

/** CacheStack is one instance's cache: `cache` is what callers use; the other fields serve the health endpoint. */
export class CacheStack {
  constructor(
    readonly mode: string,
    readonly cache: Cache,
    readonly conns: RequestConnections,
    readonly clock: Clock,
    /** null in memory mode. */
    readonly redis: RedisCache | null,
    /** null in memory mode. */
    readonly breaker: CircuitBreaker | null,
    /** Set with redis.clusterAddresses, and then `redis` is null: the health endpoint reports the cluster's masters. */
    readonly cluster: ClusterCache | null = null,
    /** Set with redis.sentinelAddresses: it points `redis` at the master the sentinels name before every call. */
    readonly sentinel: SentinelCache | null = null,
  ) {}
}

/** buildCache builds the cache of mode c.cacheMode over conns. */
export function buildCache(c: RedisConfig, conns: RequestConnections, clock: Clock): CacheStack {
  if (c.cacheMode == "memory") {
    return new CacheStack("memory", new MemoryCache(clock), conns, clock, null, null);
  }
  const o = new RedisOptions();
  o.host = c.host;
  o.port = c.port;
  o.username = c.username;
  o.password = c.password;
  o.db = c.db;
  o.connectTimeoutMs = c.connectTimeoutMs;
  o.readTimeoutMs = c.readTimeoutMs;
  o.writeTimeoutMs = c.writeTimeoutMs;
  o.tls = c.tls;
  const cluster = c.clusterSeeds.length > 0 ? newClusterCache(conns, o, c.clusterSeeds, c.keyPrefix, clock) : null;
  const redis = cluster === null ? new RedisCache(conns, o, c.keyPrefix) : null;
  let remote: Cache = cluster !== null ? cluster : redis!;
  const sentinel = redis !== null && c.sentinels.length > 0 ? new SentinelCache(redis, conns, sentinelOptions(c), clock) : null;
  if (sentinel !== null) remote = sentinel;
  if (c.cacheMode == "hybrid") {
    remote = new HybridCache(remote, clock, c.hybridL1TtlMs, c.hybridL1Size, <i64>c.hybridL1MemoryMB << 20);
  }
  const breaker = new CircuitBreaker(clock, c.circuitBreakerThreshold, c.circuitBreakerTimeoutMs, c.enableCircuitBreaker);
  const cache = new FallbackCache(remote, breaker, new MemoryCache(clock));
  return new CacheStack(c.cacheMode, cache, conns, clock, redis, breaker, cluster, sentinel);
}

// The sentinels' own credentials; the replicas asked for ROLE take the data nodes' (username, password).
function sentinelOptions(c: RedisConfig): SentinelOptions {
  const s = new SentinelOptions();
  s.sentinels = c.sentinels;
  s.masterName = c.sentinelMasterName;
  s.username = c.sentinelUsername;
  s.password = c.sentinelPassword;
  s.nodeUsername = c.username;
  s.nodePassword = c.password;
  s.connectTimeoutMs = c.connectTimeoutMs;
  s.readTimeoutMs = c.readTimeoutMs;
  s.writeTimeoutMs = c.writeTimeoutMs;
  s.tls = c.tls;
  return s;
}
