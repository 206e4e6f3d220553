// CircuitBreaker: stops an instance from calling a Redis that keeps failing, so that requests are served from the
// memory fallback at once instead of each waiting for a connect or read timeout (fallback.ts).
//
// Its state lives in ONE pooled wasm instance and vanishes whenever the host drops that instance
// (traefik-wasm-host.md §2.4); instances are created at request time, roughly one per concurrent request. A breaker
// that needed `threshold` failures to open would make EVERY new instance pay threshold × connectTimeout (5 × 5 s
// with the defaults) against a dead Redis before it stops trying, and new instances keep coming while Redis is down.
// So the breaker relearns cheaply: an instance that has never had a successful call opens on its FIRST failure.
// Once it has seen Redis work, the configured threshold applies, so a single blip on a healthy instance does not
// send it to memory for a whole timeout.

import { Clock } from "./clock";

/** DEFAULT_THRESHOLD is circuitBreakerThreshold's default: consecutive failures before the breaker opens. */
export const DEFAULT_THRESHOLD: i32 = 5;
/** DEFAULT_TIMEOUT_MS is circuitBreakerTimeout's default (60 s): how long the breaker stays open before a probe. */
export const DEFAULT_TIMEOUT_MS: i64 = 60_000;

/** BreakerState values are stable; breakerStateName gives the health endpoint's names. */
export const enum BreakerState {
  /** Calls go through; failures are counted. */
  Closed = 0,
  /** Calls are refused until timeoutMs has passed since the breaker opened. */
  Open = 1,
  /** One probe call goes through; its success closes the breaker, its failure opens it again. */
  HalfOpen = 2,
}

/** breakerStateName returns "closed", "open" or "half-open", the names the health endpoint reports. */
export function breakerStateName(s: BreakerState): string {
  switch (s) {
    case BreakerState.Closed: return "closed";
    case BreakerState.Open: return "open";
    case BreakerState.HalfOpen: return "half-open";
  }
  return "unknown";
}

/**
 * CircuitBreaker guards one backend. The caller asks allow() before each call and reports the outcome with
 * success(), failure() or neutral() (a call that says nothing about the backend's health, e.g. refused locally for
 * its arguments). A disabled breaker (enableCircuitBreaker=false) always allows and never opens; it still counts
 * failures for the health endpoint.
 *
 * Calls are synchronous and an instance serves one request at a time, so "one probe" needs no locking: after
 * allow() admits the probe, further allow() calls are refused until the probe is reported. A probe that is never
 * reported (a caller bug) does not wedge the breaker: another one is admitted after timeoutMs.
 */
export class CircuitBreaker {
  readonly enabled: bool;
  /** threshold is the number of consecutive failures that opens a breaker that has seen a success (>= 1). */
  readonly threshold: i32;
  /** timeoutMs is how long the breaker stays open before it admits a probe (>= 0). */
  readonly timeoutMs: i64;
  private clock: Clock;
  private _state: BreakerState = BreakerState.Closed;
  private _failures: i32 = 0;
  private _succeeded: bool = false;
  private openedAt: i64 = 0;
  private probeAt: i64 = 0;
  private probeOut: bool = false;

  constructor(clock: Clock, threshold: i32 = DEFAULT_THRESHOLD, timeoutMs: i64 = DEFAULT_TIMEOUT_MS, enabled: bool = true) {
    this.clock = clock;
    this.threshold = threshold > 0 ? threshold : 1;
    this.timeoutMs = timeoutMs > 0 ? timeoutMs : 0;
    this.enabled = enabled;
  }

  /** state is Closed, Open or HalfOpen. It moves from Open to HalfOpen only inside allow(). */
  get state(): BreakerState {
    return this._state;
  }

  /** stateName is breakerStateName(state). */
  get stateName(): string {
    return breakerStateName(this._state);
  }

  /** failures is the number of consecutive failures since the last success. */
  get failures(): i32 {
    return this._failures;
  }

  /** everSucceeded says whether this instance has seen one successful call; until then one failure opens. */
  get everSucceeded(): bool {
    return this._succeeded;
  }

  /** effectiveThreshold is the number of consecutive failures that opens the breaker now: 1 until a success. */
  get effectiveThreshold(): i32 {
    return this._succeeded ? this.threshold : 1;
  }

  /** allow says whether the next call may go to the backend. It admits the half-open probe once timeoutMs is up. */
  allow(): bool {
    if (!this.enabled) return true;
    if (this._state == BreakerState.Closed) return true;
    const now = this.clock.nowMs();
    if (this._state == BreakerState.Open) {
      if (now - this.openedAt < this.timeoutMs) return false;
      this._state = BreakerState.HalfOpen;
      this.probeOut = false;
    }
    // HalfOpen: one probe at a time; a probe never reported is given up on after timeoutMs.
    if (this.probeOut && now - this.probeAt < this.timeoutMs) return false;
    this.probeOut = true;
    this.probeAt = now;
    return true;
  }

  /** success records a call the backend answered: the breaker closes and the failure count resets. */
  success(): void {
    this._succeeded = true;
    this._failures = 0;
    this.probeOut = false;
    this._state = BreakerState.Closed;
  }

  /**
   * failure records a call the backend did not answer usefully. Closed: opens at effectiveThreshold consecutive
   * failures. HalfOpen: the probe failed, so the breaker opens again for another timeoutMs.
   */
  failure(): void {
    if (this._failures < i32.MAX_VALUE) this._failures++;
    this.probeOut = false;
    if (!this.enabled) return;
    if (this._state == BreakerState.HalfOpen || (this._state == BreakerState.Closed && this._failures >= this.effectiveThreshold)) {
      this._state = BreakerState.Open;
      this.openedAt = this.clock.nowMs();
    }
  }

  /** neutral records a call that says nothing about the backend; a half-open breaker admits the next probe. */
  neutral(): void {
    this.probeOut = false;
  }
}
