// The production stack for cacheMode "hybrid" with the circuit breaker on: FallbackCache over HybridCache over a
// remote (here a FakeRemote on the same ManualClock), against the shared Cache contract while Redis is healthy.
import { Cache, ManualClock } from "../../../assembly/cache/cache";
import { CircuitBreaker } from "../../../assembly/cache/breaker";
import { FallbackCache } from "../../../assembly/cache/fallback";
import { HybridCache } from "../../../assembly/cache/hybrid";
import { MemoryCache } from "../../../assembly/cache/memory";
import { runCacheSuite } from "./contract";
import { FakeRemote } from "./fake_remote";

function makeStack(clock: ManualClock): Cache {
  const hybrid = new HybridCache(new FakeRemote(clock), clock, 3_600_000);
  return new FallbackCache(hybrid, new CircuitBreaker(clock), new MemoryCache(clock));
}

function moveClock(clock: ManualClock, ms: i64): void {
  clock.advance(ms);
}

runCacheSuite("FallbackCache(HybridCache)", makeStack, moveClock);
