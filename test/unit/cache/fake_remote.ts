// FakeRemote: a stand-in for RedisCache in hybrid and fallback specs. It stores in a MemoryCache on the test's
// clock (so it honours the whole Cache contract), counts every call, and can be told to fail like a dead Redis.
import { Cache, CacheErr, Clock } from "../../../assembly/cache/cache";
import { MemoryCache } from "../../../assembly/cache/memory";

export class FakeRemote extends Cache {
  readonly store: MemoryCache;
  /** failWith, when not Ok, makes every call fail with it without touching the store. */
  failWith: CacheErr = CacheErr.Ok;
  calls: i32 = 0;
  gets: i32 = 0;
  sets: i32 = 0;
  setIfAbsents: i32 = 0;
  dels: i32 = 0;
  getDels: i32 = 0;
  incrs: i32 = 0;

  constructor(clock: Clock) {
    super();
    // Large bounds: the remote must never evict in a spec.
    this.store = new MemoryCache(clock, 1 << 20, 1 << 30);
  }

  get(key: string): Uint8Array | null {
    this.gets++;
    if (this.broken()) return null;
    const v = this.store.get(key);
    this.take();
    return v;
  }

  set(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.sets++;
    if (this.broken()) return false;
    const r = this.store.set(key, value, ttlMs);
    this.take();
    return r;
  }

  setIfAbsent(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.setIfAbsents++;
    if (this.broken()) return false;
    const r = this.store.setIfAbsent(key, value, ttlMs);
    this.take();
    return r;
  }

  del(key: string): bool {
    this.dels++;
    if (this.broken()) return false;
    const r = this.store.del(key);
    this.take();
    return r;
  }

  getDel(key: string): Uint8Array | null {
    this.getDels++;
    if (this.broken()) return null;
    const v = this.store.getDel(key);
    this.take();
    return v;
  }

  incr(key: string, ttlMs: i64): i64 {
    this.incrs++;
    if (this.broken()) return 0;
    const n = this.store.incr(key, ttlMs);
    this.take();
    return n;
  }

  // broken counts the call, clears err, and fails it when failWith is set.
  private broken(): bool {
    this.calls++;
    this.clearErr();
    if (this.failWith == CacheErr.Ok) return false;
    this.fail(this.failWith, "fake remote down");
    return true;
  }

  private take(): void {
    if (this.store.err != CacheErr.Ok) this.fail(this.store.err, this.store.detail);
  }
}
