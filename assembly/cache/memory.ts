// MemoryCache: an LRU byte store with per-entry TTL, bounded by item count and by bytes. In Traefik it lives in
// ONE pooled wasm instance: it is dropped whenever Go's GC drops the instance, and it is never shared, not even
// between instances inside one Traefik process (traefik-wasm-host.md §2.4). So it may only hold what can be
// re-fetched or re-derived (the hybrid L1, discovery, JWKS). It is no ledger: a setIfAbsent win here says nothing
// about other instances or replicas, and claims vanish under eviction, so single-use checks must go to Redis.

import { Cache, CacheErr, Clock, keyTooLong } from "./cache";
import { DecimalI64, formatI64 } from "./counter";
import { ExpiryHeap } from "./expiry_heap";

/** DEFAULT_MAX_ITEMS is hybridL1Size's default. */
export const DEFAULT_MAX_ITEMS: i32 = 500;
/** DEFAULT_MAX_BYTES is hybridL1MemoryMB's default, 10 MiB. */
export const DEFAULT_MAX_BYTES: i64 = 10 << 20;
/**
 * ENTRY_OVERHEAD_BYTES is charged per entry on top of its key's UTF-8 length and its value's length: the fixed
 * heap cost in this runtime (AS TLSF blocks are payload + 20 bytes, 16-byte aligned). Key string header 32, value
 * Uint8Array 32 plus its ArrayBuffer header 24, Map<string,i32> slot 14 to 36 (load factor, growth), 40 bytes of
 * rows (list, size, expiry heap) up to 80 while an Array grows: 142 to 204. Keys are UTF-16 in memory, one more
 * byte per ASCII character, not charged. So maxBytes bounds live entries to within about 20%; wasm memory never
 * shrinks and the incremental GC frees with a lag, so an instance's pages can exceed it.
 */
export const ENTRY_OVERHEAD_BYTES: i64 = 192;
// Expired entries dropped from the front of the expiry heap on every write even when nothing needs the room,
// so dead values do not wait for pressure to be freed. Bounded so that no single call does unbounded work.
// @ts-ignore: decorator
@inline const PURGE_PER_WRITE: i32 = 2;

const EMPTY = new Uint8Array(0);

/**
 * MemoryCache implements Cache in instance memory. get is O(1): two Map probes (has, then get, since get aborts
 * on a miss), one clock read, a relink. Writes and removals are O(log n) through the expiry heap, which is what
 * lets expired entries go before live ones. A hit allocates only the copy that get returns (getShared skips it):
 * list links are integers in rows reused through a free list.
 */
export class MemoryCache extends Cache {
  /** maxItems bounds the number of entries; below 1 nothing can be stored. */
  readonly maxItems: i32;
  /** maxBytes bounds the sum of entryBytes over all entries. */
  readonly maxBytes: i64;
  private clock: Clock;
  private index: Map<string, i32> = new Map<string, i32>();
  // One row per slot; prev/next link live entries from head (most recent) to tail, and free slots through next.
  private keys: Array<string> = new Array<string>();
  private values: Array<Uint8Array> = new Array<Uint8Array>();
  private sizes: Array<i64> = new Array<i64>();
  private prev: Array<i32> = new Array<i32>();
  private next: Array<i32> = new Array<i32>();
  private head: i32 = -1;
  private tail: i32 = -1;
  private free: i32 = -1;
  private items: i32 = 0;
  private used: i64 = 0;
  private expiry: ExpiryHeap = new ExpiryHeap();
  // The last key looked up and its slot (-1: none), for live(); remove() forgets a slot it frees.
  private lastKey: string = "";
  private lastSlot: i32 = -1;
  private decimal: DecimalI64 = new DecimalI64();

  constructor(clock: Clock, maxItems: i32 = DEFAULT_MAX_ITEMS, maxBytes: i64 = DEFAULT_MAX_BYTES) {
    super();
    this.clock = clock;
    this.maxItems = maxItems > 0 ? maxItems : 0;
    this.maxBytes = maxBytes > 0 ? maxBytes : 0;
  }

  /** entryBytes is what an entry for key with a value of valueLength bytes counts against maxBytes. */
  static entryBytes(key: string, valueLength: i32): i64 {
    return <i64>String.UTF8.byteLength(key) + <i64>valueLength + ENTRY_OVERHEAD_BYTES;
  }

  /** count is the number of entries held, expired ones not yet dropped included. */
  get count(): i32 {
    return this.items;
  }

  /** usedBytes is the sum of entryBytes over the entries held. */
  get usedBytes(): i64 {
    return this.used;
  }

  get(key: string): Uint8Array | null {
    const slot = this.hit(key);
    return slot < 0 ? null : this.values[slot].slice();
  }

  /**
   * getShared is get without the copy: it returns the cache's own bytes, so a hit allocates nothing. The caller
   * must never modify them (zeroing included): that would change the entry for every later reader. A later set
   * replaces the entry's array instead of writing into it, so the bytes returned stay as they are. Not part of the
   * Cache contract: other modes return fresh bytes anyway.
   */
  getShared(key: string): Uint8Array | null {
    const slot = this.hit(key);
    return slot < 0 ? null : this.values[slot];
  }

  set(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.clearErr();
    if (!this.admissible(key, value.length, ttlMs)) {
      this.removeKey(key);
      return false;
    }
    this.store(key, value.slice(), ttlMs);
    return true;
  }

  setIfAbsent(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.clearErr();
    if (!this.admissible(key, value.length, ttlMs)) return false;
    const slot = this.live(key);
    if (slot >= 0) {
      this.touch(slot);
      return false;
    }
    this.store(key, value.slice(), ttlMs);
    return true;
  }

  del(key: string): bool {
    const slot = this.find(key);
    if (slot < 0) return false;
    this.remove(slot);
    return true;
  }

  getDel(key: string): Uint8Array | null {
    const slot = this.find(key);
    if (slot < 0) return null;
    // Copied although the entry goes: getShared readers may still hold these bytes, and this caller may write.
    const value = this.values[slot].slice();
    this.remove(slot);
    return value;
  }

  incr(key: string, ttlMs: i64): i64 {
    this.clearErr();
    // Checked even when the counter exists and keeps its TTL: the caller has a bug either way.
    if (ttlMs <= 0) { this.fail(CacheErr.InvalidTtl, "ttl must be positive"); return 0; }
    if (keyTooLong(key)) { this.fail(CacheErr.TooLarge, "key too long"); return 0; }
    const slot = this.live(key);
    if (slot < 0) {
      const one = formatI64(1);
      if (!this.admissible(key, one.length, ttlMs)) return 0;
      this.store(key, one, ttlMs);
      return 1;
    }
    const old = this.values[slot];
    if (!this.decimal.parse(old)) { this.fail(CacheErr.NotInteger, "value is not an integer or out of range"); return 0; }
    if (this.decimal.value == i64.MAX_VALUE) { this.fail(CacheErr.NotInteger, "increment would overflow"); return 0; }
    const n = this.decimal.value + 1;
    const bytes = formatI64(n);
    const size = this.sizes[slot] - <i64>old.length + <i64>bytes.length;
    if (size > this.maxBytes) { this.fail(CacheErr.TooLarge, "entry larger than maxBytes"); return 0; }
    this.values[slot] = bytes;
    this.resize(slot, size);
    return n;
  }

  /** clear drops every entry, keeping the allocated rows for reuse. */
  clear(): void {
    while (this.tail >= 0) this.remove(this.tail);
  }

  /**
   * audit recomputes the bookkeeping from scratch and returns "" when it matches, or what is wrong. O(n): for
   * tests, which run it after long random sequences.
   */
  audit(): string {
    let n = 0, bytes: i64 = 0, last = -1;
    for (let s = this.head; s >= 0; s = this.next[s]) {
      if (this.prev[s] != last) return "prev link broken at slot " + s.toString();
      if (!this.index.has(this.keys[s]) || this.index.get(this.keys[s]) != s) return "index misses slot " + s.toString();
      if (this.sizes[s] != MemoryCache.entryBytes(this.keys[s], this.values[s].length)) return "size of slot " + s.toString();
      bytes += this.sizes[s];
      last = s;
      if (++n > this.items) return "list longer than count";
    }
    if (last != this.tail) return "tail is not the last entry";
    if (n != this.items) return "count " + this.items.toString() + " but " + n.toString() + " linked";
    if (bytes != this.used) return "usedBytes " + this.used.toString() + " but entries sum to " + bytes.toString();
    if (this.index.size != n) return "index holds " + this.index.size.toString() + " keys";
    if (this.expiry.size != n) return "expiry heap holds " + this.expiry.size.toString();
    if (n > this.maxItems || bytes > this.maxBytes) return "over a bound";
    return "";
  }

  // hit starts a read: it returns key's live slot, made the most recent, or -1 (see find).
  private hit(key: string): i32 {
    const slot = this.find(key);
    if (slot >= 0) this.touch(slot);
    return slot;
  }

  // find starts a call that takes only a key: it returns key's live slot, or -1 on a miss or a too long key.
  private find(key: string): i32 {
    this.clearErr();
    if (keyTooLong(key)) { this.fail(CacheErr.TooLarge, "key too long"); return -1; }
    return this.live(key);
  }

  // admissible checks a write's arguments: a positive TTL, a key within MAX_KEY_BYTES, an entry that fits.
  private admissible(key: string, valueLength: i32, ttlMs: i64): bool {
    if (ttlMs <= 0) return this.fail(CacheErr.InvalidTtl, "ttl must be positive");
    if (keyTooLong(key)) return this.fail(CacheErr.TooLarge, "key too long");
    // Refused up front so that an oversized value never evicts anything.
    if (this.maxItems < 1 || MemoryCache.entryBytes(key, valueLength) > this.maxBytes) {
      return this.fail(CacheErr.TooLarge, "entry larger than maxBytes");
    }
    return true;
  }

  // live returns key's slot if it holds an unexpired entry, else -1; an expired entry it finds is dropped.
  private live(key: string): i32 {
    let slot = this.lastSlot;
    // Callers that memo their key names look up the very same string object again and again: it finds its slot
    // without hashing. A slot changes hands only through remove(), which forgets it.
    if (slot < 0 || !same(key, this.lastKey)) {
      // Map.get aborts on a missing key, so has() comes first.
      if (!this.index.has(key)) return -1;
      slot = this.index.get(key);
      this.lastKey = key;
      this.lastSlot = slot;
    }
    if (this.clock.nowMs() < this.expiry.expiresAt(slot)) return slot;
    this.remove(slot);
    return -1;
  }

  // store puts value (owned by the cache from here on) under key for ttlMs; the arguments are admissible.
  private store(key: string, value: Uint8Array, ttlMs: i64): void {
    const now = this.clock.nowMs();
    // Saturate instead of wrapping: a huge TTL must not wrap into the past.
    const at = now > 0 && ttlMs > i64.MAX_VALUE - now ? i64.MAX_VALUE : now + ttlMs;
    const size = MemoryCache.entryBytes(key, value.length);
    if (this.index.has(key)) {
      const slot = this.index.get(key);
      this.values[slot] = value;
      this.expiry.update(slot, at);
      this.resize(slot, size);
      return;
    }
    this.makeRoom(size, 1, -1, now);
    const slot = this.allocSlot();
    this.keys[slot] = key;
    this.values[slot] = value;
    this.sizes[slot] = size;
    this.linkFront(slot);
    this.expiry.insert(slot, at);
    this.index.set(key, slot);
    this.items++;
    this.used += size;
  }

  // resize records slot's new size, makes it the most recent entry and evicts others until the bounds hold again.
  private resize(slot: i32, size: i64): void {
    this.used += size - this.sizes[slot];
    this.sizes[slot] = size;
    this.touch(slot);
    this.makeRoom(0, 0, slot, this.clock.nowMs());
  }

  // makeRoom evicts until `bytes` more bytes and `items` more entries fit, expired entries first, then the least
  // recently used; it never evicts keep. It also drops up to PURGE_PER_WRITE expired entries nobody needs gone.
  private makeRoom(bytes: i64, items: i32, keep: i32, now: i64): void {
    let purged = 0;
    while (true) {
      const over = this.items + items > this.maxItems || this.used + bytes > this.maxBytes;
      const top = this.expiry.top();
      const expired = top >= 0 && top != keep && this.expiry.expiresAt(top) <= now;
      if (expired && (over || purged < PURGE_PER_WRITE)) {
        this.remove(top);
        purged++;
        continue;
      }
      if (!over || this.tail < 0 || this.tail == keep) return;
      this.remove(this.tail);
    }
  }

  private removeKey(key: string): void {
    if (this.index.has(key)) this.remove(this.index.get(key));
  }

  private remove(slot: i32): void {
    if (slot == this.lastSlot) this.lastSlot = -1;
    this.index.delete(this.keys[slot]);
    this.unlink(slot);
    this.expiry.remove(slot);
    this.items--;
    this.used -= this.sizes[slot];
    // Drop the references so the GC can free them while the row waits on the free list.
    this.keys[slot] = "";
    this.values[slot] = EMPTY;
    this.sizes[slot] = 0;
    this.next[slot] = this.free;
    this.free = slot;
  }

  private allocSlot(): i32 {
    const reused = this.free;
    if (reused >= 0) {
      this.free = this.next[reused];
      return reused;
    }
    const slot = this.keys.length;
    this.keys.push("");
    this.values.push(EMPTY);
    this.sizes.push(0);
    this.prev.push(-1);
    this.next.push(-1);
    this.expiry.grow(slot + 1);
    return slot;
  }

  // touch makes slot the most recently used entry.
  private touch(slot: i32): void {
    if (this.head == slot) return;
    this.unlink(slot);
    this.linkFront(slot);
  }

  private linkFront(slot: i32): void {
    this.prev[slot] = -1;
    this.next[slot] = this.head;
    if (this.head >= 0) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail < 0) this.tail = slot;
  }

  private unlink(slot: i32): void {
    const p = this.prev[slot], n = this.next[slot];
    if (p >= 0) this.next[p] = n; else this.head = n;
    if (n >= 0) this.prev[n] = p; else this.tail = p;
  }
}

// same says whether a and b are one string object (not merely equal strings).
// @ts-ignore: decorator
@inline function same(a: string, b: string): bool {
  return changetype<usize>(a) == changetype<usize>(b);
}
