// The time source of every cache mode, injected so that tests move time by hand instead of sleeping. This layer
// reads no host clock itself: the middleware wires a monotonic one (clock_time_get, as net/deadline.ts does).

/**
 * Clock returns the current time in milliseconds. Expiry is stored as an absolute time on this clock, so it should
 * be monotonic: a wall clock stepped backwards would keep entries alive for longer than their TTL.
 */
export interface Clock {
  nowMs(): i64;
}

/** ManualClock is a Clock that only moves when told to, for tests and benchmarks. */
export class ManualClock implements Clock {
  constructor(public now: i64 = 0) {}

  nowMs(): i64 {
    return this.now;
  }

  /** advance moves the clock forward (or backward, for a negative ms) by ms milliseconds. */
  advance(ms: i64): void {
    this.now += ms;
  }
}
