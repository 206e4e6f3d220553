// The Cache contract as one suite that every mode runs (oauth2-proxy's RunSessionStoreTests): a mode's spec calls
// runCacheSuite with a factory and a way to move its time. as-pect callbacks cannot capture locals, so the suite
// reads both through module globals; each spec file is its own module, so one suite per file.
import { Cache, CacheErr, cacheErrName, ManualClock, MAX_KEY_BYTES } from "../../../assembly/cache/cache";

/** CacheFactory returns a fresh, empty cache that reads time from clock. */
export type CacheFactory = (clock: ManualClock) => Cache;
/** Advance moves the cache's time forward by ms (for memory: clock.advance; a Redis mode may do more). */
export type Advance = (clock: ManualClock, ms: i64) => void;

let factory: CacheFactory | null = null;
let advancer: Advance | null = null;
let clock = new ManualClock(0);

// The suite starts its clock away from 0 so that nothing passes by accident on a zero time.
const T0: i64 = 1_700_000_000_000;

/** fresh returns a new cache from the current factory, with a new clock at T0. */
export function fresh(): Cache {
  clock = new ManualClock(T0);
  return factory!(clock);
}

/** advance moves the current cache's time by ms. */
export function advance(ms: i64): void {
  advancer!(clock, ms);
}

/** bytes encodes s as UTF-8. */
export function bytes(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** text decodes b, with "<null>" for a miss so assertions read well. */
export function text(b: Uint8Array | null): string {
  return b === null ? "<null>" : String.UTF8.decode(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}

/** expectOk asserts that the last call on c left no error. */
export function expectOk(c: Cache): void {
  expect(cacheErrName(c.err)).toBe("OK", c.detail);
  expect(c.detail).toBe("");
}

/** runCacheSuite registers the contract's tests for one mode. */
export function runCacheSuite(mode: string, make: CacheFactory, move: Advance): void {
  factory = make;
  advancer = move;
  describe(mode + " get and set", () => {
    it("misses an absent key with null and no error", () => {
      const c = fresh();
      expect(c.get("nope")).toBeNull();
      expectOk(c);
    });
    it("returns what was set, byte for byte", () => {
      const c = fresh();
      expect(c.set("k", bytes("value\x00\xff"), 1000)).toBe(true);
      expectOk(c);
      expect(text(c.get("k"))).toBe("value\x00\xff");
      expectOk(c);
    });
    it("stores an empty value, which is a hit, not a miss", () => {
      const c = fresh();
      expect(c.set("k", new Uint8Array(0), 1000)).toBe(true);
      const v = c.get("k");
      expect(v).not.toBeNull();
      expect(v!.length).toBe(0);
    });
    it("accepts the empty key", () => {
      const c = fresh();
      expect(c.set("", bytes("x"), 1000)).toBe(true);
      expect(text(c.get(""))).toBe("x");
    });
    it("copies values in and out: mutating either side leaves the cache alone", () => {
      const c = fresh();
      const input = bytes("abc");
      c.set("k", input, 1000);
      input[0] = 0x7a;
      const out = c.get("k")!;
      out[1] = 0x7a;
      expect(text(c.get("k"))).toBe("abc");
    });
    it("overwrites the value and the TTL", () => {
      const c = fresh();
      c.set("k", bytes("one"), 100);
      advance(50);
      c.set("k", bytes("two"), 100);
      advance(99);
      expect(text(c.get("k"))).toBe("two");
      advance(1);
      expect(c.get("k")).toBeNull();
    });
  });

  describe(mode + " TTL", () => {
    it("keeps an entry readable until 1 ms before setTime + ttl and drops it exactly at setTime + ttl", () => {
      const c = fresh();
      c.set("k", bytes("v"), 1000);
      advance(999);
      expect(text(c.get("k"))).toBe("v");
      advance(1);
      expect(c.get("k")).toBeNull();
      expectOk(c);
    });
    it("lives 1 ms with a ttl of 1", () => {
      const c = fresh();
      c.set("k", bytes("v"), 1);
      expect(text(c.get("k"))).toBe("v");
      advance(1);
      expect(c.get("k")).toBeNull();
    });
    it("refuses ttl 0 and negative ttls with InvalidTtl and stores nothing", () => {
      const c = fresh();
      expect(c.set("k", bytes("v"), 0)).toBe(false);
      expect(c.err).toBe(CacheErr.InvalidTtl);
      expect(c.set("k", bytes("v"), -1)).toBe(false);
      expect(c.err).toBe(CacheErr.InvalidTtl);
      expect(c.set("k", bytes("v"), i64.MIN_VALUE)).toBe(false);
      expect(c.get("k")).toBeNull();
    });
    it("removes the old value when a set is refused for its ttl, so no stale value survives", () => {
      const c = fresh();
      c.set("k", bytes("old"), 1000);
      expect(c.set("k", bytes("new"), 0)).toBe(false);
      expect(c.get("k")).toBeNull();
    });
    it("keeps an entry with the largest ttl instead of wrapping its expiry into the past", () => {
      const c = fresh();
      expect(c.set("k", bytes("v"), i64.MAX_VALUE)).toBe(true);
      advance(1_000_000_000);
      expect(text(c.get("k"))).toBe("v");
    });
  });

  describe(mode + " setIfAbsent", () => {
    it("lets the first caller win and the second lose with no error, keeping the first value", () => {
      const c = fresh();
      expect(c.setIfAbsent("state", bytes("a"), 1000)).toBe(true);
      expectOk(c);
      expect(c.setIfAbsent("state", bytes("b"), 1000)).toBe(false);
      expectOk(c);
      expect(text(c.get("state"))).toBe("a");
    });
    it("does not extend the winner's TTL when a loser tries", () => {
      const c = fresh();
      c.setIfAbsent("jti", bytes("a"), 100);
      advance(60);
      c.setIfAbsent("jti", bytes("b"), 100);
      advance(40);
      expect(c.get("jti")).toBeNull();
    });
    it("wins again once the claim has expired, and not 1 ms before", () => {
      const c = fresh();
      c.setIfAbsent("jti", bytes("a"), 100);
      advance(99);
      expect(c.setIfAbsent("jti", bytes("b"), 100)).toBe(false);
      advance(1);
      expect(c.setIfAbsent("jti", bytes("b"), 100)).toBe(true);
      expect(text(c.get("jti"))).toBe("b");
    });
    it("wins again after the claim is deleted", () => {
      const c = fresh();
      c.setIfAbsent("jti", bytes("a"), 1000);
      c.del("jti");
      expect(c.setIfAbsent("jti", bytes("b"), 1000)).toBe(true);
    });
    it("refuses ttl <= 0 with InvalidTtl and never hands out a win, leaving an existing claim alone", () => {
      const c = fresh();
      expect(c.setIfAbsent("jti", bytes("a"), 0)).toBe(false);
      expect(c.err).toBe(CacheErr.InvalidTtl);
      expect(c.setIfAbsent("jti", bytes("a"), 0)).toBe(false);
      c.setIfAbsent("jti", bytes("a"), 1000);
      expect(c.setIfAbsent("jti", bytes("b"), -5)).toBe(false);
      expect(text(c.get("jti"))).toBe("a");
    });
  });

  describe(mode + " del and getDel", () => {
    it("del reports true for a live entry and false with no error for an absent or expired one", () => {
      const c = fresh();
      c.set("a", bytes("1"), 100);
      c.set("b", bytes("2"), 10);
      expect(c.del("a")).toBe(true);
      expect(c.get("a")).toBeNull();
      expect(c.del("a")).toBe(false);
      expectOk(c);
      advance(10);
      expect(c.del("b")).toBe(false);
      expectOk(c);
    });
    it("getDel returns the value once and then misses", () => {
      const c = fresh();
      c.set("code", bytes("v"), 1000);
      expect(text(c.getDel("code"))).toBe("v");
      expect(c.getDel("code")).toBeNull();
      expectOk(c);
      expect(c.get("code")).toBeNull();
    });
    it("getDel misses an expired entry", () => {
      const c = fresh();
      c.set("code", bytes("v"), 10);
      advance(10);
      expect(c.getDel("code")).toBeNull();
      expectOk(c);
    });
  });

  describe(mode + " incr", () => {
    it("creates an absent counter at 1 and counts up", () => {
      const c = fresh();
      expect(c.incr("n", 1000)).toBe(1);
      expectOk(c);
      expect(c.incr("n", 1000)).toBe(2);
      expect(c.incr("n", 1000)).toBe(3);
      expect(text(c.get("n"))).toBe("3");
    });
    it("sets the TTL at creation only: increments do not extend the window", () => {
      const c = fresh();
      c.incr("n", 100);
      advance(99);
      expect(c.incr("n", 100)).toBe(2);
      advance(1);
      expect(c.get("n")).toBeNull();
      expect(c.incr("n", 100)).toBe(1);
    });
    it("increments a value set as decimal bytes, negative ones included", () => {
      const c = fresh();
      c.set("n", bytes("-5"), 1000);
      expect(c.incr("n", 1000)).toBe(-4);
      c.set("m", bytes("-9223372036854775808"), 1000);
      expect(c.incr("m", 1000)).toBe(i64.MIN_VALUE + 1);
    });
    it("refuses a value that is not a strict decimal i64 with NotInteger and leaves it unchanged", () => {
      const c = fresh();
      const bad = ["", "abc", "+1", "01", "-0", " 1", "1 ", "1.0", "-", "9223372036854775808", "99999999999999999999"];
      for (let i = 0; i < bad.length; i++) {
        c.set("n", bytes(bad[i]), 1000);
        expect(c.incr("n", 1000)).toBe(0, bad[i]);
        expect(c.err).toBe(CacheErr.NotInteger, bad[i]);
        expect(text(c.get("n"))).toBe(bad[i]);
      }
    });
    it("refuses to overflow i64.MAX with NotInteger", () => {
      const c = fresh();
      c.set("n", bytes("9223372036854775807"), 1000);
      expect(c.incr("n", 1000)).toBe(0);
      expect(c.err).toBe(CacheErr.NotInteger);
      expect(text(c.get("n"))).toBe("9223372036854775807");
    });
    it("refuses ttl <= 0 with InvalidTtl, creating nothing and leaving an existing counter alone", () => {
      const c = fresh();
      expect(c.incr("n", 0)).toBe(0);
      expect(c.err).toBe(CacheErr.InvalidTtl);
      expect(c.get("n")).toBeNull();
      c.incr("n", 1000);
      expect(c.incr("n", -1)).toBe(0);
      expect(c.err).toBe(CacheErr.InvalidTtl);
      expect(text(c.get("n"))).toBe("1");
    });
  });

  describe(mode + " keys and errors", () => {
    it("accepts a key of exactly MAX_KEY_BYTES and refuses one byte more with TooLarge on every call", () => {
      const c = fresh();
      const max = "k".repeat(MAX_KEY_BYTES);
      expect(c.set(max, bytes("v"), 1000)).toBe(true);
      expect(text(c.get(max))).toBe("v");
      const over = max + "k";
      expect(c.set(over, bytes("v"), 1000)).toBe(false);
      expect(c.err).toBe(CacheErr.TooLarge);
      expect(c.get(over)).toBeNull();
      expect(c.err).toBe(CacheErr.TooLarge);
      expect(c.setIfAbsent(over, bytes("v"), 1000)).toBe(false);
      expect(c.err).toBe(CacheErr.TooLarge);
      expect(c.del(over)).toBe(false);
      expect(c.err).toBe(CacheErr.TooLarge);
      expect(c.getDel(over)).toBeNull();
      expect(c.err).toBe(CacheErr.TooLarge);
      expect(c.incr(over, 1000)).toBe(0);
      expect(c.err).toBe(CacheErr.TooLarge);
    });
    it("measures keys in UTF-8 bytes, not characters", () => {
      const c = fresh();
      const half = MAX_KEY_BYTES / 2;
      expect(c.set("é".repeat(half), bytes("v"), 1000)).toBe(true);
      expect(c.set("é".repeat(half) + "x", bytes("v"), 1000)).toBe(false);
      expect(c.err).toBe(CacheErr.TooLarge);
    });
    it("clears err and detail on the next successful call", () => {
      const c = fresh();
      c.set("k", bytes("v"), 0);
      expect(c.err).toBe(CacheErr.InvalidTtl);
      expect(c.detail.length).toBeGreaterThan(0);
      c.get("k");
      expectOk(c);
    });
  });
}
