// The cache contract: a byte store by key with a TTL, implemented by the memory, Redis and hybrid modes (the
// oauth2-proxy persistence.Store level; sessions and tickets live above it). No call throws: failures are codes.

export { Clock, ManualClock } from "./clock";

/**
 * MAX_KEY_BYTES bounds a key's UTF-8 length in every mode. Keys are `<prefix>:v1:<kind>:<id>` with hashed ids
 * (style.md §8.4), far below this; the bound keeps a bad prefix from making every command and map slot huge.
 */
export const MAX_KEY_BYTES: i32 = 1024;

/** CacheErr says why the last call on a Cache failed. Ok (0) after a success, and after a miss. Values are stable. */
export const enum CacheErr {
  Ok = 0,
  /** The backend cannot be reached: connection refused or reset, DNS failure, circuit breaker open. */
  Unavailable = 1,
  /** The backend did not answer before the deadline. The write may or may not have happened. */
  Timeout = 2,
  /** The backend answered something the client cannot parse or did not expect. The connection is unusable. */
  Protocol = 3,
  /** The server refused the command: NOAUTH, WRONGPASS, READONLY, OOM, MISCONF, or any other error reply. */
  Rejected = 4,
  /** The key is longer than MAX_KEY_BYTES, or the entry cannot fit in the store's byte bound at all. */
  TooLarge = 5,
  /** ttlMs <= 0. Nothing is stored: an entry that should already be gone must not be kept (see Cache.set). */
  InvalidTtl = 6,
  /** incr found a value that is not a strict decimal i64, or incrementing it would overflow. */
  NotInteger = 7,
}

/** CACHE_ERR_LAST is the highest CacheErr value, for tests that walk every code. */
export const CACHE_ERR_LAST: i32 = 7;

/** cacheErrName returns the stable operator-facing name of e, such as "ERR_CACHE_UNAVAILABLE". */
export function cacheErrName(e: CacheErr): string {
  switch (e) {
    case CacheErr.Ok: return "OK";
    case CacheErr.Unavailable: return "ERR_CACHE_UNAVAILABLE";
    case CacheErr.Timeout: return "ERR_CACHE_TIMEOUT";
    case CacheErr.Protocol: return "ERR_CACHE_PROTOCOL";
    case CacheErr.Rejected: return "ERR_CACHE_REJECTED";
    case CacheErr.TooLarge: return "ERR_CACHE_TOO_LARGE";
    case CacheErr.InvalidTtl: return "ERR_CACHE_INVALID_TTL";
    case CacheErr.NotInteger: return "ERR_CACHE_NOT_INTEGER";
  }
  return "ERR_CACHE_UNKNOWN";
}

/**
 * Cache is the contract of every cache mode. Each call first clears `err` and `detail`; a failed call leaves a
 * code in `err` and operator-facing text in `detail` (never shown to clients). A miss is not a failure.
 *
 * Rules shared by every mode:
 * - An entry set with ttlMs lives for exactly ttlMs: it is readable while now < setTime + ttlMs and gone from
 *   setTime + ttlMs on (Redis keeps it 1 ms longer, at now == expiry; nothing here depends on that millisecond).
 * - ttlMs <= 0 is refused with InvalidTtl on every writing call. "Store forever" would let a lifetime computed as
 *   `exp - now` that has already run out keep a dead session or token cached until evicted; "store and report
 *   success" would make setIfAbsent hand out wins without recording them, i.e. allow replays.
 * - A refused set (InvalidTtl, TooLarge) leaves no entry for that key: a stale value must never outlive a write
 *   that replaced it elsewhere. A refused setIfAbsent or incr changes nothing: an existing entry is someone's
 *   claim, or a counter that must not be reset by a caller's mistake.
 * - Values are copied in and out: the caller may modify the bytes it passed or received without touching the cache.
 *   peek is the one exception, for readers that never modify what they get.
 * - Counters (incr) are stored as decimal ASCII, as Redis stores them, so `get` of a counter reads "42".
 */
export abstract class Cache {
  /** err is the outcome of the last call: Ok, or why it failed. */
  err: CacheErr = CacheErr.Ok;
  /** detail says more about a failure for the logs, e.g. the server's error line; "" when err is Ok. */
  detail: string = "";

  /** get returns a copy of key's value, or null: on a miss with err Ok, or on a failure with err set. */
  abstract get(key: string): Uint8Array | null;

  /**
   * peek is get for a caller that never modifies the bytes, so a layer holding them in memory may hand out its own
   * instead of a copy (the hybrid L1 on every session read). Unless a layer says otherwise, it is get.
   */
  peek(key: string): Uint8Array | null {
    return this.get(key);
  }

  /** set stores value under key for ttlMs, replacing any value and TTL; false with err set if it did not. */
  abstract set(key: string, value: Uint8Array, ttlMs: i64): bool;

  /**
   * setIfAbsent stores value for ttlMs only if key holds nothing, and returns true only to the one caller that
   * stored it (Redis `SET NX PX`). false with err Ok means someone else holds the key; false with err set means the
   * outcome is unknown and the caller must fail closed. This is the single-use ledger (login states, logout-token
   * jti): it is sound only where the store is shared, i.e. Redis. See memory.ts for what it means per instance.
   */
  abstract setIfAbsent(key: string, value: Uint8Array, ttlMs: i64): bool;

  /** del removes key. true if a live entry was removed, false with err Ok if there was none. */
  abstract del(key: string): bool;

  /**
   * getDel removes key and returns its value, atomically (Redis GETDEL): of two concurrent callers at most one gets
   * the value. null on a miss (err Ok) or a failure (err set).
   */
  abstract getDel(key: string): Uint8Array | null;

  /**
   * incr adds 1 to the counter at key and returns the new value. An absent key is created as 1 with a TTL of
   * ttlMs; an existing counter keeps its TTL (a steady stream of increments never extends a window). On failure
   * it returns 0 with err set: check err, since 0 is also a valid counter value.
   */
  abstract incr(key: string, ttlMs: i64): i64;

  /** clearErr resets err and detail at the start of a call; cheap when the last call succeeded. */
  protected clearErr(): void {
    if (this.err == CacheErr.Ok) return;
    this.err = CacheErr.Ok;
    this.detail = "";
  }

  /** fail records e and detail and returns false, so a guard can end with `return this.fail(...)`. */
  protected fail(e: CacheErr, detail: string): bool {
    this.err = e;
    this.detail = detail;
    return false;
  }
}

/**
 * keyTooLong reports whether key's UTF-8 form exceeds MAX_KEY_BYTES. A key of at most MAX_KEY_BYTES / 3 UTF-16
 * units cannot (one unit encodes to at most 3 bytes), so ordinary keys are never measured.
 */
export function keyTooLong(key: string): bool {
  if (key.length <= MAX_KEY_BYTES / 3) return false;
  return String.UTF8.byteLength(key) > MAX_KEY_BYTES;
}
