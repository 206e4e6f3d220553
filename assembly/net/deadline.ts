// Deadlines over clock_time_get(MONOTONIC). With the socket extension Traefik serves wasi-go, whose monotonic clock
// is real (traefik-wasm-host.md §4.2). Without it the clock is fake (+1 ms per read, §8 item 4), which still makes
// every deadline expire, so no wait loop here can spin forever on either host.

import { clock_time_get, ClockId, WasiErrno } from "../abi/wasi";

/** MAX_TIMEOUT_MS caps every timeout the layer accepts: 10 minutes, far above any sane network wait. */
export const MAX_TIMEOUT_MS: i32 = 600_000;

// Out-parameter of clock_time_get; the guest is single-threaded, so one static slot serves every call.
const TIME_OUT = memory.data(8);

/** monotonicNs returns the host's monotonic time in nanoseconds, or -1 when the host refuses to tell. */
export function monotonicNs(): i64 {
  if (clock_time_get(ClockId.Monotonic, 1, TIME_OUT) != WasiErrno.Success) return -1;
  const now = load<i64>(TIME_OUT);
  return now < 0 ? -1 : now;
}

/** elapsedMs returns the whole milliseconds since startNs (a monotonicNs value), or 0 if the clock failed. */
export function elapsedMs(startNs: i64): i32 {
  const now = monotonicNs();
  if (startNs < 0 || now < startNs) return 0;
  const ms = (now - startNs) / 1_000_000;
  return ms > <i64>i32.MAX_VALUE ? i32.MAX_VALUE : <i32>ms;
}

/**
 * Deadline is a point on the monotonic clock, timeoutMs after its creation. Timeouts are clamped to
 * [0, MAX_TIMEOUT_MS]; 0 means "only what is ready now". A host whose clock fails yields an already expired
 * deadline: operations then complete only if they need no waiting, and never wait unbounded.
 */
export class Deadline {
  readonly timeoutMs: i32;
  private readonly endNs: i64;

  constructor(timeoutMs: i32) {
    const ms = timeoutMs < 0 ? 0 : timeoutMs > MAX_TIMEOUT_MS ? MAX_TIMEOUT_MS : timeoutMs;
    this.timeoutMs = ms;
    const start = monotonicNs();
    this.endNs = start < 0 ? -1 : start + <i64>ms * 1_000_000;
  }

  /** remainingNs returns the nanoseconds left, 0 once the deadline has passed or the clock failed. */
  remainingNs(): i64 {
    if (this.endNs < 0) return 0;
    const now = monotonicNs();
    if (now < 0) return 0;
    const left = this.endNs - now;
    return left > 0 ? left : 0;
  }

  /** expired says whether no time is left. */
  expired(): bool {
    return this.remainingNs() == 0;
  }
}
