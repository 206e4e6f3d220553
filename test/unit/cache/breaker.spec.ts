// CircuitBreaker transitions at the exact threshold and timeout boundaries, first-failure opening on an instance
// that never reached Redis, and FallbackCache routing (remote while allowed, memory while open, probe recovery).
import { CacheErr, ManualClock } from "../../../assembly/cache/cache";
import { BreakerState, breakerStateName, CircuitBreaker } from "../../../assembly/cache/breaker";
import { countsAsFailure, FallbackCache } from "../../../assembly/cache/fallback";
import { MemoryCache } from "../../../assembly/cache/memory";
import { bytes, text } from "./contract";
import { FakeRemote } from "./fake_remote";

const T0: i64 = 1_700_000_000_000;
const TIMEOUT: i64 = 60_000;
let clock = new ManualClock(T0);

// A breaker with threshold 5 and a 60 s timeout that has already seen one success, so the normal threshold applies.
function proven(): CircuitBreaker {
  clock = new ManualClock(T0);
  const b = new CircuitBreaker(clock, 5, TIMEOUT);
  b.success();
  return b;
}

function failTimes(b: CircuitBreaker, n: i32): void {
  for (let i = 0; i < n; i++) b.failure();
}

describe("CircuitBreaker thresholds", () => {
  it("names its states for the health endpoint", () => {
    expect(breakerStateName(BreakerState.Closed)).toBe("closed");
    expect(breakerStateName(BreakerState.Open)).toBe("open");
    expect(breakerStateName(BreakerState.HalfOpen)).toBe("half-open");
    expect(proven().stateName).toBe("closed");
  });
  it("stays closed after threshold - 1 failures and opens on the threshold-th", () => {
    const b = proven();
    failTimes(b, 4);
    expect(b.state).toBe(BreakerState.Closed);
    expect(b.failures).toBe(4);
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe(BreakerState.Open);
    expect(b.failures).toBe(5);
    expect(b.allow()).toBe(false);
  });
  it("counts consecutive failures only: a success resets the count", () => {
    const b = proven();
    failTimes(b, 4);
    b.success();
    expect(b.failures).toBe(0);
    failTimes(b, 4);
    expect(b.state).toBe(BreakerState.Closed);
  });
  it("opens on the first failure of an instance that never had a success", () => {
    clock = new ManualClock(T0);
    const b = new CircuitBreaker(clock, 5, TIMEOUT);
    expect(b.everSucceeded).toBe(false);
    expect(b.effectiveThreshold).toBe(1);
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe(BreakerState.Open);
    expect(b.allow()).toBe(false);
  });
  it("applies the configured threshold once the instance has seen one success", () => {
    clock = new ManualClock(T0);
    const b = new CircuitBreaker(clock, 5, TIMEOUT);
    b.success();
    expect(b.effectiveThreshold).toBe(5);
    b.failure();
    expect(b.state).toBe(BreakerState.Closed);
  });
  it("treats a threshold below 1 as 1 and a negative timeout as 0", () => {
    clock = new ManualClock(T0);
    const b = new CircuitBreaker(clock, 0, -5);
    b.success();
    b.failure();
    expect(b.state).toBe(BreakerState.Open);
    expect(b.allow()).toBe(true);
    expect(b.state).toBe(BreakerState.HalfOpen);
  });
  it("when disabled, always allows and never opens, but still counts failures", () => {
    clock = new ManualClock(T0);
    const b = new CircuitBreaker(clock, 5, TIMEOUT, false);
    failTimes(b, 100);
    expect(b.state).toBe(BreakerState.Closed);
    expect(b.failures).toBe(100);
    expect(b.allow()).toBe(true);
  });
});

describe("CircuitBreaker timeout and probe", () => {
  it("refuses until 1 ms before the timeout and admits one probe exactly at it", () => {
    const b = proven();
    failTimes(b, 5);
    clock.advance(TIMEOUT - 1);
    expect(b.allow()).toBe(false);
    expect(b.state).toBe(BreakerState.Open);
    clock.advance(1);
    expect(b.allow()).toBe(true);
    expect(b.state).toBe(BreakerState.HalfOpen);
    expect(b.allow()).toBe(false);
  });
  it("closes when the probe succeeds", () => {
    const b = proven();
    failTimes(b, 5);
    clock.advance(TIMEOUT);
    b.allow();
    b.success();
    expect(b.state).toBe(BreakerState.Closed);
    expect(b.failures).toBe(0);
    expect(b.allow()).toBe(true);
  });
  it("reopens for a whole new timeout when the probe fails", () => {
    const b = proven();
    failTimes(b, 5);
    clock.advance(TIMEOUT);
    b.allow();
    b.failure();
    expect(b.state).toBe(BreakerState.Open);
    clock.advance(TIMEOUT - 1);
    expect(b.allow()).toBe(false);
    clock.advance(1);
    expect(b.allow()).toBe(true);
  });
  it("admits the next probe at once after a neutral outcome", () => {
    const b = proven();
    failTimes(b, 5);
    clock.advance(TIMEOUT);
    b.allow();
    b.neutral();
    expect(b.state).toBe(BreakerState.HalfOpen);
    expect(b.allow()).toBe(true);
  });
  it("gives up on a probe never reported after another timeout instead of wedging", () => {
    const b = proven();
    failTimes(b, 5);
    clock.advance(TIMEOUT);
    expect(b.allow()).toBe(true);
    clock.advance(TIMEOUT - 1);
    expect(b.allow()).toBe(false);
    clock.advance(1);
    expect(b.allow()).toBe(true);
  });
});

// FallbackCache over a FakeRemote; the breaker has threshold 3 and has seen Redis work unless said otherwise.
let remote = new FakeRemote(clock);
let breaker = new CircuitBreaker(clock);

function fallback(succeeded: bool = true): FallbackCache {
  clock = new ManualClock(T0);
  remote = new FakeRemote(clock);
  breaker = new CircuitBreaker(clock, 3, TIMEOUT);
  if (succeeded) breaker.success();
  return new FallbackCache(remote, breaker, new MemoryCache(clock));
}

describe("FallbackCache routing", () => {
  it("classifies Unavailable, Timeout, Protocol and Rejected as failures, and nothing else", () => {
    expect(countsAsFailure(CacheErr.Unavailable) && countsAsFailure(CacheErr.Timeout)).toBe(true);
    expect(countsAsFailure(CacheErr.Protocol) && countsAsFailure(CacheErr.Rejected)).toBe(true);
    expect(countsAsFailure(CacheErr.Ok) || countsAsFailure(CacheErr.TooLarge)).toBe(false);
    expect(countsAsFailure(CacheErr.InvalidTtl) || countsAsFailure(CacheErr.NotInteger)).toBe(false);
  });
  it("serves from the remote while closed; a miss is not a failure", () => {
    const c = fallback();
    expect(c.set("k", bytes("v"), 1000)).toBe(true);
    expect(text(c.get("k"))).toBe("v");
    for (let i = 0; i < 10; i++) expect(c.get("absent")).toBeNull();
    expect(c.err).toBe(CacheErr.Ok);
    expect(breaker.failures).toBe(0);
    expect(c.servedLocally).toBe(false);
    expect(c.degraded()).toBe(false);
    expect(remote.calls).toBe(12);
  });
  it("reports a remote failure without falling back until the breaker opens at the threshold", () => {
    const c = fallback();
    remote.failWith = CacheErr.Unavailable;
    expect(c.get("k")).toBeNull();
    expect(c.err).toBe(CacheErr.Unavailable);
    expect(c.servedLocally).toBe(false);
    c.get("k");
    expect(c.degraded()).toBe(false);
    c.get("k");
    expect(c.degraded()).toBe(true);
    expect(c.detail.includes("circuit breaker open")).toBe(true, c.detail);
    expect(remote.calls).toBe(3);
  });
  it("counts Rejected (WRONGPASS) and Timeout as failures", () => {
    const c = fallback();
    remote.failWith = CacheErr.Rejected;
    c.get("k"); c.get("k");
    remote.failWith = CacheErr.Timeout;
    c.set("k", bytes("v"), 1000);
    expect(breaker.state).toBe(BreakerState.Open);
  });
  it("does not count NotInteger, TooLarge or InvalidTtl as failures", () => {
    const c = fallback();
    for (let i = 0; i < 5; i++) {
      c.set("n", bytes("x"), 1000);
      c.incr("n", 1000);
      expect(c.err).toBe(CacheErr.NotInteger);
      c.set("n", bytes("x"), 0);
      expect(c.err).toBe(CacheErr.InvalidTtl);
      c.get("k".repeat(5000));
      expect(c.err).toBe(CacheErr.TooLarge);
    }
    expect(breaker.state).toBe(BreakerState.Closed);
    expect(breaker.failures).toBe(0);
  });
  it("opens on the first failure of a fresh instance and then serves memory without remote calls", () => {
    const c = fallback(false);
    remote.failWith = CacheErr.Timeout;
    c.get("k");
    expect(breaker.state).toBe(BreakerState.Open);
    const before = remote.calls;
    expect(c.set("k", bytes("local"), 1000)).toBe(true);
    expect(c.err).toBe(CacheErr.Ok);
    expect(c.servedLocally).toBe(true);
    expect(text(c.get("k"))).toBe("local");
    expect(c.setIfAbsent("jti", bytes("1"), 1000)).toBe(true);
    expect(c.setIfAbsent("jti", bytes("1"), 1000)).toBe(false);
    expect(c.incr("n", 1000)).toBe(1);
    expect(text(c.getDel("k"))).toBe("local");
    expect(c.del("jti")).toBe(true);
    expect(remote.calls).toBe(before);
    expect(c.degraded()).toBe(true);
  });
  it("probes the remote at the timeout, closes on success and drops what memory held during the outage", () => {
    const c = fallback();
    remote.failWith = CacheErr.Unavailable;
    c.get("a"); c.get("a"); c.get("a");
    c.set("session", bytes("outage"), 1_000_000);
    clock.advance(TIMEOUT - 1);
    expect(text(c.get("session"))).toBe("outage");
    expect(c.servedLocally).toBe(true);
    remote.failWith = CacheErr.Ok;
    clock.advance(1);
    const before = remote.calls;
    expect(c.get("session")).toBeNull(); // the probe: the remote never had it
    expect(remote.calls).toBe(before + 1);
    expect(breaker.state).toBe(BreakerState.Closed);
    expect(c.degraded()).toBe(false);
    expect(c.local.count).toBe(0);
  });
  it("reopens when the half-open probe fails, serving memory for another timeout", () => {
    const c = fallback();
    remote.failWith = CacheErr.Unavailable;
    c.get("a"); c.get("a"); c.get("a");
    clock.advance(TIMEOUT);
    c.get("a");
    expect(c.servedLocally).toBe(false);
    expect(breaker.state).toBe(BreakerState.Open);
    const before = remote.calls;
    clock.advance(TIMEOUT - 1);
    c.get("a");
    expect(c.servedLocally).toBe(true);
    expect(remote.calls).toBe(before);
  });
  it("with the breaker disabled, never falls back", () => {
    clock = new ManualClock(T0);
    remote = new FakeRemote(clock);
    breaker = new CircuitBreaker(clock, 3, TIMEOUT, false);
    const c = new FallbackCache(remote, breaker, new MemoryCache(clock));
    remote.failWith = CacheErr.Unavailable;
    for (let i = 0; i < 10; i++) c.get("k");
    expect(remote.calls).toBe(10);
    expect(c.servedLocally).toBe(false);
    expect(c.degraded()).toBe(false);
  });
});
