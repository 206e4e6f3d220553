// HybridCache against the shared Cache contract (contract.ts), over a FakeRemote (a MemoryCache) on the same
// ManualClock. l1Ttl is larger than every TTL the suite uses, so each L1 entry written by a set expires with its L2
// entry; the read-through staleness bound (a fill lives l1TtlMs) is covered in hybrid.spec.ts.
import { Cache, ManualClock } from "../../../assembly/cache/cache";
import { HybridCache } from "../../../assembly/cache/hybrid";
import { runCacheSuite } from "./contract";
import { FakeRemote } from "./fake_remote";

function makeHybrid(clock: ManualClock): Cache {
  return new HybridCache(new FakeRemote(clock), clock, 3_600_000);
}

function moveClock(clock: ManualClock, ms: i64): void {
  clock.advance(ms);
}

runCacheSuite("HybridCache", makeHybrid, moveClock);
