// HybridCache beyond the contract: L1 hits avoid the remote, deletes elsewhere are honoured within l1Ttl, ledger
// operations (setIfAbsent, getDel, incr) are never served from L1, and a failed L2 write leaves nothing in L1.
import { CacheErr, ManualClock } from "../../../assembly/cache/cache";
import { HybridCache } from "../../../assembly/cache/hybrid";
import { bytes, text } from "./contract";
import { FakeRemote } from "./fake_remote";

const T0: i64 = 1_700_000_000_000;
const L1_TTL: i64 = 1000;
let clock = new ManualClock(T0);
let remote = new FakeRemote(clock);

function hybrid(l1TtlMs: i64 = L1_TTL, maxItems: i32 = 500, maxBytes: i64 = 10 << 20): HybridCache {
  clock = new ManualClock(T0);
  remote = new FakeRemote(clock);
  return new HybridCache(remote, clock, l1TtlMs, maxItems, maxBytes);
}

describe("HybridCache reads", () => {
  it("answers repeated gets from L1 without calling the remote", () => {
    const c = hybrid();
    c.set("k", bytes("v"), 60_000);
    const before = remote.gets;
    for (let i = 0; i < 100; i++) expect(text(c.get("k"))).toBe("v");
    expect(remote.gets).toBe(before);
    expect(c.l1Hits).toBe(100);
  });
  it("reads through on an L1 miss once, then serves L1", () => {
    const c = hybrid();
    remote.set("k", bytes("remote"), 60_000); // written by another replica
    expect(text(c.get("k"))).toBe("remote");
    expect(text(c.get("k"))).toBe("remote");
    expect(remote.gets).toBe(1);
    expect(c.l2Reads).toBe(1);
  });
  it("peek answers an L1 hit with L1's own bytes, the same array each time; get copies; a set replaces the array", () => {
    const c = hybrid();
    c.set("k", bytes("v"), 60_000);
    const shared = c.peek("k")!;
    expect(c.peek("k") === shared).toBe(true);
    expect(c.get("k") === shared).toBe(false);
    c.set("k", bytes("w"), 60_000);
    expect(text(c.peek("k"))).toBe("w");
    expect(text(shared)).toBe("v");
  });
  it("does not cache misses: a value written elsewhere is seen at once", () => {
    const c = hybrid();
    expect(c.get("k")).toBeNull();
    remote.set("k", bytes("v"), 60_000);
    expect(text(c.get("k"))).toBe("v");
  });
  it("honours a delete on another replica within l1Ttl of the fill, and not before", () => {
    const c = hybrid();
    remote.set("session", bytes("s"), 3_600_000);
    c.get("session");
    remote.del("session"); // logout on another replica
    clock.advance(L1_TTL - 1);
    expect(text(c.get("session"))).toBe("s");
    clock.advance(1);
    expect(c.get("session")).toBeNull();
  });
  it("honours a replacement on another replica within l1Ttl of this instance's own set", () => {
    const c = hybrid();
    c.set("k", bytes("mine"), 3_600_000);
    remote.set("k", bytes("theirs"), 3_600_000);
    clock.advance(L1_TTL - 1);
    expect(text(c.get("k"))).toBe("mine");
    clock.advance(1);
    expect(text(c.get("k"))).toBe("theirs");
  });
  it("caches a set for the write's TTL when shorter than l1Ttl, so L1 never outlives L2", () => {
    const c = hybrid();
    c.set("k", bytes("v"), 100);
    clock.advance(99);
    expect(text(c.get("k"))).toBe("v");
    clock.advance(1);
    expect(c.get("k")).toBeNull();
  });
  it("documented bound: a read-through fill may outlive the L2 expiry by up to l1Ttl", () => {
    const c = hybrid();
    remote.set("k", bytes("v"), 10);
    c.get("k");
    clock.advance(10);
    expect(remote.store.get("k")).toBeNull();
    expect(text(c.get("k"))).toBe("v");
    clock.advance(L1_TTL - 10);
    expect(c.get("k")).toBeNull();
  });
  it("returns L2's error on a failed read-through and caches nothing", () => {
    const c = hybrid();
    remote.set("k", bytes("v"), 60_000);
    remote.failWith = CacheErr.Timeout;
    expect(c.get("k")).toBeNull();
    expect(c.err).toBe(CacheErr.Timeout);
    expect(c.l1.count).toBe(0);
  });
  it("keeps serving L1 hits while the remote is down", () => {
    const c = hybrid();
    c.set("k", bytes("v"), 60_000);
    remote.failWith = CacheErr.Unavailable;
    expect(text(c.get("k"))).toBe("v");
    expect(c.err).toBe(CacheErr.Ok);
  });
  it("with l1Ttl <= 0 has no L1: every get goes to the remote", () => {
    const c = hybrid(0);
    c.set("k", bytes("v"), 60_000);
    c.get("k"); c.get("k");
    expect(remote.gets).toBe(2);
  });
  it("still works when a value is too large for L1: it is just not cached", () => {
    const c = hybrid(L1_TTL, 500, 300);
    const big = new Uint8Array(1000);
    expect(c.set("k", big, 60_000)).toBe(true);
    expect(c.err).toBe(CacheErr.Ok);
    expect(c.get("k")!.length).toBe(1000);
    expect(c.err).toBe(CacheErr.Ok);
    expect(remote.gets).toBe(1);
  });
});

describe("HybridCache writes", () => {
  it("writes L2 before L1", () => {
    const c = hybrid();
    c.set("k", bytes("v"), 60_000);
    expect(remote.sets).toBe(1);
    expect(text(remote.store.get("k"))).toBe("v");
    expect(text(c.l1.get("k"))).toBe("v");
  });
  it("drops L1's value when the L2 write fails, so L1 never holds what L2 may not", () => {
    const c = hybrid();
    c.set("k", bytes("old"), 60_000);
    remote.failWith = CacheErr.Timeout;
    expect(c.set("k", bytes("new"), 60_000)).toBe(false);
    expect(c.err).toBe(CacheErr.Timeout);
    expect(c.detail).toBe("fake remote down");
    expect(c.l1.get("k")).toBeNull();
  });
  it("del removes from L2 and L1, and clears L1 even when L2 fails", () => {
    const c = hybrid();
    c.set("a", bytes("1"), 60_000);
    expect(c.del("a")).toBe(true);
    expect(remote.store.get("a")).toBeNull();
    expect(c.l1.get("a")).toBeNull();
    c.set("b", bytes("2"), 60_000);
    remote.failWith = CacheErr.Unavailable;
    expect(c.del("b")).toBe(false);
    expect(c.err).toBe(CacheErr.Unavailable);
    expect(c.l1.get("b")).toBeNull();
  });
});

describe("HybridCache ledger operations go to L2 only", () => {
  it("setIfAbsent asks L2 even when L1 holds the key, and drops L1's copy", () => {
    const c = hybrid();
    c.set("jti", bytes("a"), 60_000);
    remote.store.del("jti"); // expired or deleted remotely; L1 does not know
    expect(c.setIfAbsent("jti", bytes("b"), 60_000)).toBe(true);
    expect(remote.setIfAbsents).toBe(1);
    expect(c.l1.get("jti")).toBeNull();
    expect(text(c.get("jti"))).toBe("b");
  });
  it("setIfAbsent loses to a claim made on another replica that L1 has never seen", () => {
    const c = hybrid();
    remote.setIfAbsent("state", bytes("other"), 60_000);
    expect(c.setIfAbsent("state", bytes("mine"), 60_000)).toBe(false);
    expect(c.err).toBe(CacheErr.Ok);
  });
  it("getDel is answered by L2, not by L1's copy, and drops L1's copy", () => {
    const c = hybrid();
    c.set("code", bytes("v"), 60_000);
    remote.getDel("code"); // consumed on another replica
    expect(c.getDel("code")).toBeNull();
    expect(remote.getDels).toBe(2);
    expect(c.get("code")).toBeNull();
  });
  it("getDel consumes once across replicas sharing L2", () => {
    const a = hybrid();
    const b = new HybridCache(remote, clock, L1_TTL);
    a.set("code", bytes("v"), 60_000);
    b.get("code");
    expect(text(b.getDel("code"))).toBe("v");
    expect(a.getDel("code")).toBeNull();
    expect(a.get("code")).toBeNull();
  });
  it("incr counts in L2 and drops L1's copy, so a get after incr is current", () => {
    const c = hybrid();
    c.set("n", bytes("5"), 60_000);
    expect(c.get("n")).not.toBeNull();
    remote.incr("n", 60_000); // another replica
    expect(c.incr("n", 60_000)).toBe(7);
    expect(remote.incrs).toBe(2);
    expect(text(c.get("n"))).toBe("7");
  });
  it("ledger failures report L2's error and still drop L1's copy", () => {
    const c = hybrid();
    c.set("n", bytes("1"), 60_000);
    remote.failWith = CacheErr.Protocol;
    expect(c.incr("n", 60_000)).toBe(0);
    expect(c.err).toBe(CacheErr.Protocol);
    expect(c.l1.get("n")).toBeNull();
    expect(c.setIfAbsent("x", bytes("1"), 60_000)).toBe(false);
    expect(c.err).toBe(CacheErr.Protocol);
  });
});
