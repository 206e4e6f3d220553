// MemoryCache against the shared Cache contract (contract.ts), with time moved on its ManualClock.
import { Cache, ManualClock } from "../../../assembly/cache/cache";
import { MemoryCache } from "../../../assembly/cache/memory";
import { runCacheSuite } from "./contract";

function makeMemory(clock: ManualClock): Cache {
  return new MemoryCache(clock);
}

function moveClock(clock: ManualClock, ms: i64): void {
  clock.advance(ms);
}

runCacheSuite("MemoryCache", makeMemory, moveClock);
