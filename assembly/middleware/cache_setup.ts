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
import { FallbackCache } from "../cache/fallback";
import { HybridCache } from "../cache/hybrid";
import { MemoryCache } from "../cache/memory";
import { RedisCache, RedisOptions } from "../cache/redis";
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
  const redis = new RedisCache(conns, o, c.keyPrefix);
  let remote: Cache = redis;
  if (c.cacheMode == "hybrid") {
    remote = new HybridCache(redis, clock, c.hybridL1TtlMs, c.hybridL1Size, <i64>c.hybridL1MemoryMB << 20);
  }
  const breaker = new CircuitBreaker(clock, c.circuitBreakerThreshold, c.circuitBreakerTimeoutMs, c.enableCircuitBreaker);
  const cache = new FallbackCache(remote, breaker, new MemoryCache(clock));
  return new CacheStack(c.cacheMode, cache, conns, clock, redis, breaker);
}
