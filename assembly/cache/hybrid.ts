// HybridCache: a per-instance MemoryCache (L1) in front of a shared Cache (L2: RedisCache in production, a fake in
// tests), the seed's "hybrid" mode. L1 only saves round trips for reads; L2 stays the source of truth.
//
// Staleness bound. L1 is per instance (traefik-wasm-host.md §2.4) and nothing tells it about writes made elsewhere,
// so every L1 entry lives at most l1TtlMs (hybridL1TTL): a del or set on one replica is seen by every replica
// within l1TtlMs. The L1 TTL is min(l1TtlMs, the write's TTL) when this instance wrote the value, so such an entry
// never outlives its L2 entry. On a read-through fill L2's remaining TTL is unknown (it would cost a PTTL per
// miss), so the fill lives l1TtlMs and may outlive the L2 entry's expiry by up to l1TtlMs: the same bound as a
// remote delete. Callers that need exact expiry (sessions, tokens) check the expiry embedded in the value anyway.
//
// Ledger operations (setIfAbsent, getDel, incr) go to L2 only: a per-instance L1 cannot decide who won a claim,
// who consumed a code or what a shared counter is. They drop L1's copy of the key so this instance's next get
// reads the new state from L2.

import { Cache, CacheErr, Clock } from "./cache";
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ITEMS, MemoryCache } from "./memory";

/**
 * DEFAULT_L1_TTL_MS is hybridL1TTL's default, 10 s: the longest another replica may keep serving a value after it
 * was deleted or replaced (e.g. a session after logout). Lower it for tighter revocation, at the cost of hit rate.
 */
export const DEFAULT_L1_TTL_MS: i64 = 10_000;

/**
 * HybridCache implements Cache as L1 (MemoryCache, bounded by hybridL1Size and hybridL1MemoryMB) over l2.
 * - get: an L1 hit never touches L2; on a miss, L2, and an L2 hit fills L1 for l1TtlMs.
 * - set: L2 first, then L1 for min(ttlMs, l1TtlMs). If L2 fails, the key is dropped from L1 (a Timeout may or may
 *   not have written, and L1 must not keep a value L2 may not have) and the call fails with L2's error.
 * - del: L2 and L1. The result and error are L2's; L1 is cleared even when L2 fails.
 * - setIfAbsent, getDel, incr: L2 only; L1's copy of the key is dropped whatever the outcome.
 * err and detail are always L2's: L1 refusing an entry (too large for its bounds) only means it is not cached.
 * l1TtlMs <= 0 turns L1 off: every call goes to L2.
 */
export class HybridCache extends Cache {
  readonly l1: MemoryCache;
  readonly l2: Cache;
  readonly l1TtlMs: i64;
  /** l1Hits counts gets answered by L1, l2Reads gets that went to L2, for the health endpoint's hit rate. */
  l1Hits: i64 = 0;
  l2Reads: i64 = 0;

  constructor(
    l2: Cache,
    clock: Clock,
    l1TtlMs: i64 = DEFAULT_L1_TTL_MS,
    l1MaxItems: i32 = DEFAULT_MAX_ITEMS,
    l1MaxBytes: i64 = DEFAULT_MAX_BYTES,
  ) {
    super();
    const ttl: i64 = l1TtlMs > 0 ? l1TtlMs : 0;
    this.l2 = l2;
    this.l1TtlMs = ttl;
    this.l1 = new MemoryCache(clock, ttl > 0 ? l1MaxItems : 0, l1MaxBytes);
  }

  get(key: string): Uint8Array | null {
    return this.read(key, false);
  }

  /** peek answers an L1 hit with L1's own bytes, no copy. */
  peek(key: string): Uint8Array | null {
    return this.read(key, true);
  }

  private read(key: string, shared: bool): Uint8Array | null {
    this.clearErr();
    if (this.l1TtlMs > 0) {
      const hit = shared ? this.l1.getShared(key) : this.l1.get(key);
      if (hit !== null) {
        this.l1Hits++;
        return hit;
      }
    }
    this.l2Reads++;
    const v = this.l2.get(key);
    if (v === null) {
      this.takeErr();
      return null;
    }
    this.fill(key, v, this.l1TtlMs);
    return v; // L2 returned a fresh copy and fill copied it again: the caller owns this one
  }

  set(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.clearErr();
    if (!this.l2.set(key, value, ttlMs)) {
      this.l1.del(key);
      this.takeErr();
      return false;
    }
    this.fill(key, value, ttlMs < this.l1TtlMs ? ttlMs : this.l1TtlMs);
    return true;
  }

  setIfAbsent(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.clearErr();
    const won = this.l2.setIfAbsent(key, value, ttlMs);
    this.takeErr();
    this.l1.del(key);
    return won;
  }

  del(key: string): bool {
    this.clearErr();
    const removed = this.l2.del(key);
    this.takeErr();
    this.l1.del(key);
    return removed;
  }

  getDel(key: string): Uint8Array | null {
    this.clearErr();
    const v = this.l2.getDel(key);
    this.takeErr();
    this.l1.del(key);
    return v;
  }

  incr(key: string, ttlMs: i64): i64 {
    this.clearErr();
    const n = this.l2.incr(key, ttlMs);
    this.takeErr();
    this.l1.del(key);
    return n;
  }

  /** invalidate drops key from L1 only, e.g. when told by other means that the value changed elsewhere. */
  invalidate(key: string): void {
    this.l1.del(key);
  }

  /** clearL1 drops every L1 entry; L2 is untouched. */
  clearL1(): void {
    this.l1.clear();
  }

  // fill caches value in L1 for ttlMs (copied by MemoryCache). A refusal (too large for L1) just means no caching.
  private fill(key: string, value: Uint8Array, ttlMs: i64): void {
    if (ttlMs <= 0) {
      this.l1.del(key);
      return;
    }
    this.l1.set(key, value, ttlMs);
  }

  // takeErr copies L2's outcome of the call just made.
  private takeErr(): void {
    if (this.l2.err != CacheErr.Ok) this.fail(this.l2.err, this.l2.detail);
  }
}
