// Waiting for one socket fd under a deadline: poll_oneoff with the fd subscription plus a relative MONOTONIC clock
// for the time left, the pattern of traefik-wasm-host.md §5.5 (stealthrocket/net does the same).

import { ClockId, EventType, poll_oneoff, WasiErrno } from "../abi/wasi";
import { Deadline } from "./deadline";

/** WAIT_TIMEOUT is waitFd's answer when the deadline passed before the fd became ready. */
export const WAIT_TIMEOUT: i32 = -1;

const SUBSCRIPTION_SIZE: usize = 48; // §5.5 layouts
const EVENT_SIZE: usize = 32;
const FD_USERDATA: u64 = 1;
const CLOCK_USERDATA: u64 = 2;
// §5.5: wasi-go polls in whole milliseconds and its clock may fire up to about 1 ms early; a wake-up with less
// than this left counts as the deadline.
const CLOCK_SLACK_NS: i64 = 1_000_000;
// A bound on wake-ups per wait, for a host that reports nothing yet returns early; real hosts need a handful.
const MAX_POLLS: i32 = 100_000;

// Two subscriptions in (2 x 48 bytes), up to two events out (2 x 32); static, the guest is single-threaded.
const SUBS = memory.data(96);
const EVENTS = memory.data(64);
const NEVENTS = memory.data(4);

/**
 * waitFd waits until fd is ready for type (FdRead or FdWrite) or the deadline passes. It returns 0 when ready
 * (which includes "in error" and "hung up": the next call on the fd reports those, §5.5), WAIT_TIMEOUT when the
 * deadline passed, or a positive WASI errno from poll_oneoff or from the fd's event (EBADF for an fd the host
 * does not know). It never waits past the deadline by more than the host's clock granularity.
 */
export function waitFd(fd: u32, type: EventType, deadline: Deadline): i32 {
  for (let polls = 0; polls < MAX_POLLS; polls++) {
    const left = deadline.remainingNs();
    subscribe(fd, type, left);
    // nsubs 2 is never 0, so EINVAL cannot come from the count (§5.5).
    const e = poll_oneoff(SUBS, EVENTS, 2, NEVENTS);
    if (e == WasiErrno.Intr) continue;
    if (e != WasiErrno.Success) return <i32>e;
    // §5.5: completed events are packed at the front; only *nevents of them are meaningful.
    let n = load<u32>(NEVENTS);
    if (n > 2) n = 2;
    for (let k: usize = 0; k < <usize>n; k++) {
      const event = EVENTS + k * EVENT_SIZE;
      if (load<u64>(event) == FD_USERDATA) return <i32>load<u16>(event, 8);
    }
    if (deadline.remainingNs() <= CLOCK_SLACK_NS) return WAIT_TIMEOUT;
  }
  return WAIT_TIMEOUT;
}

function subscribe(fd: u32, type: EventType, timeoutNs: i64): void {
  memory.fill(SUBS, 0, 2 * SUBSCRIPTION_SIZE);
  store<u64>(SUBS, FD_USERDATA);
  store<u8>(SUBS, <u8>type, 8);
  store<u32>(SUBS, fd, 16);
  const clock = SUBS + SUBSCRIPTION_SIZE;
  store<u64>(clock, CLOCK_USERDATA);
  store<u8>(clock, <u8>EventType.Clock, 8);
  store<u32>(clock, ClockId.Monotonic, 16);
  store<u64>(clock, <u64>timeoutNs, 24); // relative (flags 0); precision 0, since wasi-go adds it to the wait
}
