// FallbackCache: a breaker-guarded remote Cache (RedisCache, or a HybridCache over it) with a per-instance
// MemoryCache to serve from while the breaker is open ("Circuit breaker: automatic fallback to memory cache during
// Redis outages", redis-cache-design.txt).
//
// Which outcomes count against the remote (breaker.failure):
// - Unavailable, Timeout, Protocol: the backend or the connection is broken.
// - Rejected too. The replies behind it (NOAUTH, WRONGPASS, READONLY after a failover, OOM, MISCONF) are states
//   of the server or of our configuration, not of one key: every later call gets the same answer after paying a
//   round trip (and a connect + AUTH on a new connection). Opening the breaker stops that and makes the health
//   endpoint say "open". The cost: a stray per-key error reply (WRONGTYPE on a foreign key under our prefix) counts
//   too; it needs `threshold` in a row on an instance that has seen Redis work, one on a fresh instance.
// Successes (breaker.success): Ok, a miss (null with err Ok), a lost setIfAbsent, and NotInteger (the server
// answered). Neutral (breaker.neutral): TooLarge and InvalidTtl, refused for the caller's arguments, mostly before
// anything is sent; they say nothing about the backend.
//
// A call that fails on the remote while the breaker still allows is NOT retried on memory: it fails with the
// remote's error and the caller fails closed. Only once the breaker is open are calls served from memory, at once
// and without touching the network.
//
// LIMITATION, memory is per instance (traefik-wasm-host.md §2.4): while degraded, nothing written is shared with
// other instances or replicas, and it vanishes with the instance. In particular setIfAbsent is no ledger then: a
// login state or logout-token jti claimed here can be claimed again on another instance, so a replay is possible.
// Callers that check single-use artefacts must ask degraded() (or servedLocally after the call) and fail closed;
// callers caching re-derivable data (discovery, JWKS, sessions that can be re-established) may go on. When the
// remote works again, the memory store is cleared: values written during the outage never reached the remote, and
// keeping them would let a later outage serve entries deleted remotely in between (e.g. a logged-out session).

import { Cache, CacheErr } from "./cache";
import { BreakerState, CircuitBreaker } from "./breaker";
import { MemoryCache } from "./memory";

/** countsAsFailure says whether a remote call that ended with e counts against the breaker. */
export function countsAsFailure(e: CacheErr): bool {
  return e == CacheErr.Unavailable || e == CacheErr.Timeout || e == CacheErr.Protocol || e == CacheErr.Rejected;
}

/** countsAsNeutral says whether e is a refusal of the caller's arguments, which tells nothing about the backend. */
export function countsAsNeutral(e: CacheErr): bool {
  return e == CacheErr.TooLarge || e == CacheErr.InvalidTtl;
}

/**
 * FallbackCache implements Cache over `remote` while `breaker` allows, and over `local` while it is open. err and
 * detail are those of whichever store served the call; a failure that opens the breaker says so in detail.
 */
export class FallbackCache extends Cache {
  readonly remote: Cache;
  readonly breaker: CircuitBreaker;
  readonly local: MemoryCache;
  /** servedLocally says whether the last call was served from the per-instance memory store. */
  servedLocally: bool = false;
  private localDirty: bool = false;

  constructor(remote: Cache, breaker: CircuitBreaker, local: MemoryCache) {
    super();
    this.remote = remote;
    this.breaker = breaker;
    this.local = local;
  }

  /**
   * degraded says whether the remote is not known to be working: the breaker is open (calls go to memory) or
   * half-open (the next call is a probe). Single-use checks should fail closed while it is true.
   */
  degraded(): bool {
    return this.breaker.enabled && this.breaker.state != BreakerState.Closed;
  }

  get(key: string): Uint8Array | null {
    return this.read(key, false);
  }

  peek(key: string): Uint8Array | null {
    return this.read(key, true);
  }

  private read(key: string, shared: bool): Uint8Array | null {
    this.clearErr();
    if (this.useRemote()) {
      const v = shared ? this.remote.peek(key) : this.remote.get(key);
      this.settle();
      return v;
    }
    const v = shared ? this.local.getShared(key) : this.local.get(key);
    this.takeLocal();
    return v;
  }

  set(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.clearErr();
    if (this.useRemote()) {
      const r = this.remote.set(key, value, ttlMs);
      this.settle();
      return r;
    }
    const r = this.local.set(key, value, ttlMs);
    this.takeLocal();
    return r;
  }

  setIfAbsent(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.clearErr();
    if (this.useRemote()) {
      const r = this.remote.setIfAbsent(key, value, ttlMs);
      this.settle();
      return r;
    }
    const r = this.local.setIfAbsent(key, value, ttlMs);
    this.takeLocal();
    return r;
  }

  del(key: string): bool {
    this.clearErr();
    if (this.useRemote()) {
      const r = this.remote.del(key);
      this.settle();
      return r;
    }
    const r = this.local.del(key);
    this.takeLocal();
    return r;
  }

  getDel(key: string): Uint8Array | null {
    this.clearErr();
    if (this.useRemote()) {
      const v = this.remote.getDel(key);
      this.settle();
      return v;
    }
    const v = this.local.getDel(key);
    this.takeLocal();
    return v;
  }

  incr(key: string, ttlMs: i64): i64 {
    this.clearErr();
    if (this.useRemote()) {
      const n = this.remote.incr(key, ttlMs);
      this.settle();
      return n;
    }
    const n = this.local.incr(key, ttlMs);
    this.takeLocal();
    return n;
  }

  // useRemote asks the breaker; false means this call is served from memory.
  private useRemote(): bool {
    const remote = this.breaker.allow();
    this.servedLocally = !remote;
    if (!remote) this.localDirty = true;
    return remote;
  }

  // settle reports the remote call's outcome to the breaker and copies its error.
  private settle(): void {
    const e = this.remote.err;
    if (countsAsFailure(e)) {
      this.breaker.failure();
      const opened = this.breaker.state == BreakerState.Open ? "; circuit breaker open" : "";
      this.fail(e, this.remote.detail + opened);
      return;
    }
    if (countsAsNeutral(e)) {
      this.breaker.neutral();
    } else {
      this.breaker.success();
      if (this.localDirty) {
        this.local.clear();
        this.localDirty = false;
      }
    }
    if (e != CacheErr.Ok) this.fail(e, this.remote.detail);
  }

  private takeLocal(): void {
    if (this.local.err != CacheErr.Ok) this.fail(this.local.err, this.local.detail);
  }
}
