// MemoryCache beyond the shared contract: LRU order, the count and byte bounds at ±1, size accounting, expired
// entries going first, getShared. memory_churn.spec.ts checks the bookkeeping over long random runs.
import { CacheErr, ManualClock } from "../../../assembly/cache/cache";
import { ENTRY_OVERHEAD_BYTES, MemoryCache } from "../../../assembly/cache/memory";
import { bytes, text } from "./contract";

const BIG: i64 = 1 << 30;
const T0: i64 = 1_700_000_000_000;
let clock = new ManualClock(T0);

function cache(maxItems: i32, maxBytes: i64 = BIG): MemoryCache {
  clock = new ManualClock(T0);
  return new MemoryCache(clock, maxItems, maxBytes);
}

function has(c: MemoryCache, key: string): bool {
  return c.get(key) !== null;
}

function filled(len: i32): Uint8Array {
  const b = new Uint8Array(len);
  b.fill(0x61);
  return b;
}

function audited(c: MemoryCache): void {
  expect(c.audit()).toBe("");
}

describe("MemoryCache LRU order", () => {
  it("evicts the least recently set entry when one more than maxItems is set", () => {
    const c = cache(3);
    c.set("a", bytes("1"), 1000); c.set("b", bytes("2"), 1000); c.set("c", bytes("3"), 1000);
    c.set("d", bytes("4"), 1000);
    expect(c.count).toBe(3);
    expect(has(c, "a")).toBe(false);
    expect(has(c, "b") && has(c, "c") && has(c, "d")).toBe(true);
    audited(c);
  });
  it("a get refreshes recency: the entry read last survives the next eviction", () => {
    const c = cache(3);
    c.set("a", bytes("1"), 1000); c.set("b", bytes("2"), 1000); c.set("c", bytes("3"), 1000);
    c.get("a");
    c.set("d", bytes("4"), 1000);
    expect(has(c, "b")).toBe(false);
    expect(has(c, "a")).toBe(true);
  });
  it("an overwrite refreshes recency", () => {
    const c = cache(3);
    c.set("a", bytes("1"), 1000); c.set("b", bytes("2"), 1000); c.set("c", bytes("3"), 1000);
    c.set("a", bytes("1'"), 1000);
    c.set("d", bytes("4"), 1000);
    expect(has(c, "b")).toBe(false);
    expect(text(c.get("a"))).toBe("1'");
  });
  it("a losing setIfAbsent refreshes the claim's recency, so probing a claim keeps it", () => {
    const c = cache(3);
    c.set("a", bytes("1"), 1000); c.set("b", bytes("2"), 1000); c.set("c", bytes("3"), 1000);
    expect(c.setIfAbsent("a", bytes("x"), 1000)).toBe(false);
    c.set("d", bytes("4"), 1000);
    expect(has(c, "b")).toBe(false);
    expect(text(c.get("a"))).toBe("1");
  });
  it("del and getDel free their row: the next set fits without evicting", () => {
    const c = cache(3);
    c.set("a", bytes("1"), 1000); c.set("b", bytes("2"), 1000); c.set("c", bytes("3"), 1000);
    c.del("b");
    c.set("d", bytes("4"), 1000);
    c.getDel("c");
    c.set("e", bytes("5"), 1000);
    expect(has(c, "a") && has(c, "d") && has(c, "e")).toBe(true);
    expect(c.count).toBe(3);
    audited(c);
  });
});

describe("MemoryCache count bound", () => {
  it("holds maxItems - 1 and maxItems entries without evicting and drops exactly one at maxItems + 1", () => {
    const c = cache(5);
    for (let i = 0; i < 4; i++) c.set("k" + i.toString(), bytes("v"), 1000);
    expect(c.count).toBe(4);
    c.set("k4", bytes("v"), 1000);
    expect(c.count).toBe(5);
    for (let i = 0; i < 5; i++) expect(has(c, "k" + i.toString())).toBe(true);
    c.set("k5", bytes("v"), 1000);
    expect(c.count).toBe(5);
    expect(has(c, "k0")).toBe(false);
    for (let i = 1; i < 6; i++) expect(has(c, "k" + i.toString())).toBe(true);
  });
  it("keeps only the latest entry when maxItems is 1", () => {
    const c = cache(1);
    c.set("a", bytes("1"), 1000);
    c.set("b", bytes("2"), 1000);
    expect(has(c, "a")).toBe(false);
    expect(text(c.get("b"))).toBe("2");
  });
  it("stores nothing when maxItems is 0 or negative: every write is TooLarge", () => {
    const c = cache(0);
    expect(c.set("a", bytes("1"), 1000)).toBe(false);
    expect(c.err).toBe(CacheErr.TooLarge);
    expect(c.setIfAbsent("a", bytes("1"), 1000)).toBe(false);
    expect(c.incr("n", 1000)).toBe(0);
    expect(c.err).toBe(CacheErr.TooLarge);
    const d = cache(-3);
    expect(d.set("a", bytes("1"), 1000)).toBe(false);
    expect(d.count).toBe(0);
  });
});

describe("MemoryCache byte bound", () => {
  it("charges key UTF-8 bytes + value bytes + ENTRY_OVERHEAD_BYTES per entry", () => {
    expect(MemoryCache.entryBytes("abc", 10)).toBe(13 + ENTRY_OVERHEAD_BYTES);
    expect(MemoryCache.entryBytes("é", 0)).toBe(2 + ENTRY_OVERHEAD_BYTES);
    const c = cache(10);
    c.set("abc", filled(10), 1000);
    expect(c.usedBytes).toBe(13 + ENTRY_OVERHEAD_BYTES);
  });
  it("fits three entries in exactly 3 entries' bytes and evicts one for a fourth", () => {
    const e = MemoryCache.entryBytes("k0", 10);
    const c = cache(100, 3 * e);
    for (let i = 0; i < 3; i++) c.set("k" + i.toString(), filled(10), 1000);
    expect(c.count).toBe(3);
    expect(c.usedBytes).toBe(3 * e);
    c.set("k3", filled(10), 1000);
    expect(c.count).toBe(3);
    expect(has(c, "k0")).toBe(false);
    audited(c);
  });
  it("holds only two entries when the bound is one byte short of three, and three when one byte over", () => {
    const e = MemoryCache.entryBytes("k0", 10);
    const c = cache(100, 3 * e - 1);
    for (let i = 0; i < 3; i++) c.set("k" + i.toString(), filled(10), 1000);
    expect(c.count).toBe(2);
    expect(has(c, "k0")).toBe(false);
    const d = cache(100, 3 * e + 1);
    for (let i = 0; i < 3; i++) d.set("k" + i.toString(), filled(10), 1000);
    expect(d.count).toBe(3);
  });
  it("accepts an entry of exactly maxBytes, evicting everything else", () => {
    const c = cache(100, 1000);
    c.set("a", bytes("1"), 1000); c.set("b", bytes("2"), 1000);
    expect(c.set("big", filled(<i32>(1000 - 3 - ENTRY_OVERHEAD_BYTES)), 1000)).toBe(true);
    expect(c.count).toBe(1);
    expect(c.usedBytes).toBe(1000);
    audited(c);
  });
  it("refuses an entry one byte over maxBytes with TooLarge and evicts nothing", () => {
    const c = cache(100, 1000);
    c.set("a", bytes("1"), 1000); c.set("b", bytes("2"), 1000);
    const before = c.usedBytes;
    expect(c.set("big", filled(<i32>(1000 - 3 - ENTRY_OVERHEAD_BYTES + 1)), 1000)).toBe(false);
    expect(c.err).toBe(CacheErr.TooLarge);
    expect(c.count).toBe(2);
    expect(c.usedBytes).toBe(before);
    expect(c.setIfAbsent("big", filled(2000), 1000)).toBe(false);
    expect(c.err).toBe(CacheErr.TooLarge);
    expect(has(c, "a") && has(c, "b")).toBe(true);
  });
  it("removes the key's old value when a set is refused as too large, so no stale value survives", () => {
    const c = cache(100, 1000);
    c.set("k", bytes("old"), 1000);
    expect(c.set("k", filled(2000), 1000)).toBe(false);
    expect(c.get("k")).toBeNull();
    expect(c.usedBytes).toBe(0);
  });
});

describe("MemoryCache size accounting", () => {
  it("updates usedBytes by the difference when a value is overwritten with a longer or shorter one", () => {
    const c = cache(10);
    c.set("k", filled(100), 1000);
    expect(c.usedBytes).toBe(MemoryCache.entryBytes("k", 100));
    c.set("k", filled(7), 1000);
    expect(c.usedBytes).toBe(MemoryCache.entryBytes("k", 7));
    expect(c.count).toBe(1);
    audited(c);
  });
  it("evicts other entries, never the entry itself, when an overwrite grows past maxBytes", () => {
    const e = MemoryCache.entryBytes("k0", 10);
    const c = cache(100, 3 * e);
    for (let i = 0; i < 3; i++) c.set("k" + i.toString(), filled(10), 1000);
    c.set("k0", filled(10 + <i32>e), 1000);
    expect(has(c, "k0")).toBe(true);
    expect(c.count).toBe(2);
    expect(c.usedBytes).toBeLessThanOrEqual(3 * e);
    audited(c);
  });
  it("grows a counter's entry by one byte from 9 to 10", () => {
    const c = cache(10);
    c.set("n", bytes("9"), 1000);
    const before = c.usedBytes;
    expect(c.incr("n", 1000)).toBe(10);
    expect(c.usedBytes).toBe(before + 1);
    audited(c);
  });
  it("gives an entry's bytes back on del and getDel, and getDel hands over the bytes", () => {
    const c = cache(10);
    c.set("a", filled(50), 1000); c.set("b", filled(60), 1000);
    c.del("a");
    expect(c.usedBytes).toBe(MemoryCache.entryBytes("b", 60));
    expect(c.getDel("b")!.length).toBe(60);
    expect(c.usedBytes).toBe(0);
    expect(c.count).toBe(0);
    audited(c);
  });
  it("clear drops every entry and later sets reuse the rows", () => {
    const c = cache(10);
    for (let i = 0; i < 10; i++) c.set("k" + i.toString(), filled(i), 1000);
    c.clear();
    expect(c.count).toBe(0);
    expect(c.usedBytes).toBe(0);
    for (let i = 0; i < 10; i++) c.set("j" + i.toString(), filled(i), 1000);
    expect(c.count).toBe(10);
    audited(c);
  });
});

describe("MemoryCache expiry", () => {
  it("drops an expired entry lazily: it still counts until a read finds it", () => {
    const c = cache(10);
    c.set("a", bytes("1"), 10);
    clock.advance(10);
    expect(c.count).toBe(1);
    expect(c.get("a")).toBeNull();
    expect(c.count).toBe(0);
    audited(c);
  });
  it("evicts expired entries before live ones when making room, even ones used more recently", () => {
    const c = cache(5);
    c.set("live", bytes("1"), 1000);
    for (let i = 0; i < 4; i++) c.set("short" + i.toString(), bytes("2"), 10);
    clock.advance(10);
    c.set("new", bytes("3"), 1000);
    expect(has(c, "live")).toBe(true);
    expect(has(c, "new")).toBe(true);
    audited(c);
  });
  it("drops up to two expired entries on any write, even without pressure", () => {
    const c = cache(100);
    for (let i = 0; i < 3; i++) c.set("short" + i.toString(), bytes("2"), 10);
    clock.advance(10);
    c.set("x", bytes("1"), 1000);
    expect(c.count).toBe(2);
    audited(c);
  });
  it("keeps entries alive when the clock goes backwards (so Clock must be monotonic)", () => {
    const c = cache(10);
    c.set("a", bytes("1"), 10);
    clock.advance(-1000);
    clock.advance(1009);
    expect(has(c, "a")).toBe(true);
  });
});

describe("MemoryCache getShared", () => {
  it("returns the cache's own bytes: the same array on every hit, no copy", () => {
    const c = cache(10);
    c.set("k", bytes("v"), 1000);
    const a = c.getShared("k")!;
    expect(text(a)).toBe("v");
    expect(changetype<usize>(c.getShared("k"))).toBe(changetype<usize>(a));
  });
  it("misses, expires and refreshes recency exactly like get", () => {
    const c = cache(2);
    expect(c.getShared("nope")).toBeNull();
    c.set("a", bytes("1"), 10); c.set("b", bytes("2"), 1000);
    c.getShared("a");
    c.set("c", bytes("3"), 1000);
    expect(has(c, "b")).toBe(false);
    clock.advance(10);
    expect(c.getShared("a")).toBeNull();
  });
  it("leaves bytes already handed out unchanged when the entry is overwritten or taken by getDel", () => {
    const c = cache(10);
    c.set("k", bytes("old"), 1000);
    const shared = c.getShared("k")!;
    c.set("k", bytes("new"), 1000);
    expect(text(shared)).toBe("old");
    const taken = c.getDel("k")!;
    taken[0] = 0x7a;
    c.set("j", bytes("abc"), 1000);
    const s2 = c.getShared("j")!;
    c.getDel("j")![0] = 0x7a;
    expect(text(s2)).toBe("abc");
  });
});

// live() finds the slot of a key looked up again as the very same string object without hashing; these prove the
// shortcut never answers for a row that changed hands.
describe("MemoryCache repeated lookups of one key object", () => {
  it("misses after the key is deleted, and finds the new value after it is set again", () => {
    const c = cache(4);
    const key = "v1:session:" + "k".repeat(43);
    c.set(key, bytes("one"), 1000);
    expect(text(c.getShared(key)!)).toBe("one");
    c.del(key);
    expect(c.getShared(key)).toBeNull();
    c.set("other", bytes("x"), 1000); // takes the freed row
    expect(c.getShared(key)).toBeNull();
    c.set(key, bytes("two"), 1000);
    expect(text(c.getShared(key)!)).toBe("two");
    audited(c);
  });
  it("misses after the key's row was evicted and reused by another key", () => {
    const c = cache(1);
    const key = "k".repeat(20);
    c.set(key, bytes("one"), 1000);
    expect(c.getShared(key) !== null).toBe(true);
    c.set("intruder", bytes("x"), 1000);
    expect(c.getShared(key)).toBeNull();
    expect(text(c.getShared("intruder")!)).toBe("x");
    audited(c);
  });
  it("misses the empty key once it is deleted, although a freed row holds an empty string", () => {
    const c = cache(2);
    c.set("", bytes("empty"), 1000);
    expect(text(c.getShared("")!)).toBe("empty");
    c.del("");
    expect(c.getShared("")).toBeNull();
    audited(c);
  });
  it("expires a remembered key on time", () => {
    const c = cache(2);
    const key = "k".repeat(20);
    c.set(key, bytes("one"), 1000);
    expect(c.getShared(key) !== null).toBe(true);
    clock.advance(1000);
    expect(c.getShared(key)).toBeNull();
  });
});
