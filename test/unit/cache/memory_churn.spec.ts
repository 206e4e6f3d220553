// MemoryCache bookkeeping over long random runs: after every call the bounds hold, and at checkpoints audit()
// recomputes count, usedBytes, the index, the list and the expiry heap from scratch.
import { ManualClock } from "../../../assembly/cache/cache";
import { DecimalI64 } from "../../../assembly/cache/counter";
import { MemoryCache } from "../../../assembly/cache/memory";

const BIG: i64 = 1 << 30;
let clock = new ManualClock(1_700_000_000_000);

function cache(maxItems: i32, maxBytes: i64): MemoryCache {
  clock = new ManualClock(1_700_000_000_000);
  return new MemoryCache(clock, maxItems, maxBytes);
}

function filled(len: i32): Uint8Array {
  const b = new Uint8Array(len);
  b.fill(0x61);
  return b;
}

function audited(c: MemoryCache): void {
  expect(c.audit()).toBe("");
}

// xorshift32: deterministic, so a failure reproduces.
let seed: u32 = 0x9e3779b9;
function rand(n: i32): i32 {
  seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
  return <i32>(seed % <u32>n);
}

// churn runs ops random calls on c (time moving up to maxStepMs at a time) and returns the most entries and bytes it held at once, so a test can check
// that the bound it means to exercise was actually reached.
function churn(c: MemoryCache, ops: i32, keySpace: i32, maxStepMs: i32): i64 {
  let peakItems: i64 = 0, peakBytes: i64 = 0;
  for (let i = 0; i < ops; i++) {
    const key = "key:" + rand(keySpace).toString() + "/" + "x".repeat(rand(40));
    const ttl: i64 = rand(20) == 0 ? 0 : 1 + rand(2000);
    switch (rand(8)) {
      case 0: case 1: c.get(key); break;
      case 2: c.set(key, filled(rand(300)), ttl); break;
      case 3: c.setIfAbsent(key, filled(rand(300)), ttl); break;
      case 4: c.del(key); break;
      case 5: c.getDel(key); break;
      case 6: c.incr(key, ttl); break;
      default: clock.advance(rand(maxStepMs));
    }
    if (c.count > c.maxItems || c.usedBytes > c.maxBytes) {
      expect(false).toBe(true, "over a bound after op " + i.toString());
      return 0;
    }
    if (<i64>c.count > peakItems) peakItems = c.count;
    if (c.usedBytes > peakBytes) peakBytes = c.usedBytes;
    if (i % 997 == 0) audited(c);
  }
  audited(c);
  return c.maxItems < 1000 ? peakItems : peakBytes;
}

describe("MemoryCache bookkeeping under churn", () => {
  it("keeps count, usedBytes, index and expiry heap exact over 100k random ops bound by count", () => {
    expect(churn(cache(500, BIG), 100_000, 3000, 3)).toBe(500);
  });
  it("keeps count, usedBytes, index and expiry heap exact over 100k random ops bound by bytes", () => {
    // Entries are at most 4 + 4 + 40 + 300 + ENTRY_OVERHEAD_BYTES bytes, so the peak is within one entry of the bound.
    expect(churn(cache(100_000, 64 << 10), 100_000, 3000, 30)).toBeGreaterThan((64 << 10) - 600);
  });
});

// The model: what each key holds and until when, with no bounds, so every result is predictable.
const modelValue = new Map<string, Uint8Array>();
const modelUntil = new Map<string, i64>();

function modelLive(key: string): bool {
  if (!modelUntil.has(key)) return false;
  if (clock.nowMs() < modelUntil.get(key)) return true;
  modelValue.delete(key);
  modelUntil.delete(key);
  return false;
}

function modelPut(key: string, value: Uint8Array, ttl: i64): void {
  modelValue.set(key, value.slice());
  modelUntil.set(key, clock.nowMs() + ttl);
}

function same(a: Uint8Array | null, b: Uint8Array | null): bool {
  if (a === null || b === null) return a === b;
  if (a.length != b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
  return true;
}

function modelGet(key: string): Uint8Array | null {
  return modelLive(key) ? modelValue.get(key) : null;
}

// step does one random call on c and on the model and reports whether their results agree.
function step(c: MemoryCache): bool {
  const key = "k" + rand(200).toString();
  const value = filled(rand(8));
  const ttl: i64 = rand(10) == 0 ? 0 : 1 + rand(500);
  switch (rand(8)) {
    case 0: case 1: return same(c.get(key), modelGet(key));
    case 2: {
      const ok = c.set(key, value, ttl);
      if (ttl > 0) modelPut(key, value, ttl); else { modelValue.delete(key); modelUntil.delete(key); }
      return ok == (ttl > 0);
    }
    case 3: {
      const want = ttl > 0 && !modelLive(key);
      if (want) modelPut(key, value, ttl);
      return c.setIfAbsent(key, value, ttl) == want;
    }
    case 4: {
      const want = modelLive(key);
      modelValue.delete(key); modelUntil.delete(key);
      return c.del(key) == want;
    }
    case 5: {
      const want = modelGet(key);
      modelValue.delete(key); modelUntil.delete(key);
      return same(c.getDel(key), want);
    }
    case 6: {
      // Values of length 0 are not integers, and filled() bytes ("aaa") are not either: only counters count.
      if (ttl <= 0) return c.incr(key, ttl) == 0;
      const cur = modelGet(key);
      const got = c.incr(key, ttl);
      if (cur === null) { modelPut(key, Uint8Array.wrap(String.UTF8.encode("1")), ttl); return got == 1; }
      const d = new DecimalI64();
      if (!d.parse(cur)) return got == 0;
      modelValue.set(key, Uint8Array.wrap(String.UTF8.encode((d.value + 1).toString())));
      return got == d.value + 1;
    }
    default:
      clock.advance(rand(20));
      return true;
  }
}

describe("MemoryCache against a model", () => {
  it("agrees with an unbounded map-with-expiry on every result over 50k random ops when no bound is reached", () => {
    const c = cache(100_000, BIG);
    let wrong = 0, first = -1;
    for (let i = 0; i < 50_000; i++) {
      if (!step(c) && wrong++ == 0) first = i;
    }
    expect(first).toBe(-1, "first disagreement at op");
    expect(wrong).toBe(0);
    audited(c);
  });
});
