// poll_oneoff as wasi-go v0.8.0's unix System implements it (traefik-wasm-host.md §5.5), on the worker side:
// clocks are handled here (a clock-only poll sleeps in this thread); fd subscriptions are waited on by the main
// thread through the bridge. Nothing waits longer than the bridge's blockingTimeoutMs.

import type { BridgeClient } from "./bridge.js";
import { Errno } from "./errno.js";
import type { GuestMemory } from "./guest_memory.js";

const SUBSCRIPTION_SIZE = 48;
const EVENT_SIZE = 32;
const EVENT_CLOCK = 0, EVENT_FD_READ = 1, EVENT_FD_WRITE = 2;
const SUBCLOCK_ABSTIME = 1;
const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1;
// Extra time the worker grants the main thread to answer a clock-bounded fd poll.
const REPLY_GRACE_MS = 50;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Clocks are the guest's clock_time_get sources, in ns; ABSTIME subscriptions are measured against them. */
export interface Clocks {
  realtime(): bigint;
  monotonic(): bigint;
}

interface Event { userdata: bigint; errno: number; type: number }

/** pollOneoff implements poll_oneoff(in, out, nsubs, *nevents) for fds of table t. */
export function pollOneoff(
  mem: GuestMemory, client: BridgeClient, t: number, clocks: Clocks,
  inPtr: number, outPtr: number, nsubs: number, neventsPtr: number,
): number {
  if ((nsubs | 0) <= 0) return Errno.INVAL; // §5.5: nsubs == 0 is EINVAL
  const v = mem.view();
  const marks: (Event | undefined)[] = new Array(nsubs).fill(undefined);
  const fdSubs: { i: number; fd: number; type: number; userdata: bigint }[] = [];
  let clockIdx = -1, clockMs = Infinity;
  for (let i = 0; i < nsubs; i++) {
    const at = inPtr + SUBSCRIPTION_SIZE * i;
    const userdata = v.getBigUint64(at, true), type = v.getUint8(at + 8);
    if (type === EVENT_FD_READ || type === EVENT_FD_WRITE) {
      const fd = v.getUint32(at + 16, true);
      // Stdio is Traefik's own: stdin reads EOF, stdout and stderr take writes, so all three poll ready.
      if (fd <= 2) marks[i] = { userdata, errno: Errno.SUCCESS, type };
      else fdSubs.push({ i, fd, type, userdata });
    } else if (type === EVENT_CLOCK) {
      const id = v.getUint32(at + 16, true);
      const now = id === CLOCK_REALTIME ? clocks.realtime() : id === CLOCK_MONOTONIC ? clocks.monotonic() : undefined;
      if (now === undefined) { marks[i] = { userdata, errno: Errno.NOTSUP, type }; continue; }
      // The wait is timeout + precision; an ABSTIME timeout is measured against the subscribed clock (§5.5).
      let ns = v.getBigUint64(at + 24, true) + v.getBigUint64(at + 32, true);
      if ((v.getUint16(at + 40, true) & SUBCLOCK_ABSTIME) !== 0) ns -= now;
      const ms = ns > 0n ? Number(ns) / 1e6 : 0;
      if (ms < clockMs) { clockIdx = i; clockMs = ms; }
    } // unknown tags never complete, as in wasi-go
  }

  const start = performance.now();
  const clockAt = start + clockMs;
  const bound = start + client.blockingTimeoutMs;
  // Views made before a bridge call are not reused after it (memory may have grown).
  const clockSub = (): Event => ({ userdata: mem.view().getBigUint64(inPtr + SUBSCRIPTION_SIZE * clockIdx, true), errno: 0, type: 0 });
  // An already-complete event makes wasi-go poll with timeout 0, and its zero deadline then fires the clock too.
  const forced = marks.some((m) => m !== undefined);
  if (forced && clockIdx >= 0) marks[clockIdx] = clockSub();
  for (;;) {
    const now = performance.now();
    if (fdSubs.length > 0) {
      const waitMs = forced ? 0 : clockIdx >= 0 ? Math.max(0, clockAt - now) : -1;
      const callMs = Math.max(0, Math.min(bound - now, waitMs < 0 ? Infinity : waitMs + REPLY_GRACE_MS));
      const reply = client.call("poll", { t, subs: fdSubs.map(({ i, fd, type }) => ({ i, fd, type })), timeoutMs: waitMs }, callMs);
      if (reply.errno === Errno.SUCCESS) {
        for (const r of reply.ready as { i: number; errno: number }[]) {
          const sub = fdSubs.find((s) => s.i === r.i)!;
          marks[r.i] = { userdata: sub.userdata, errno: r.errno, type: sub.type };
        }
      } else if (reply.errno !== Errno.TIMEDOUT || clockIdx < 0) {
        return reply.errno;
      }
    } else if (!forced) {
      Atomics.wait(sleeper, 0, 0, Math.max(0, Math.min(clockAt, bound) - now)); // a clock-only poll really sleeps
    }
    // The clock fires once its deadline is less than 1 ms away: wasi-go polls in whole milliseconds (§5.5).
    if (clockIdx >= 0 && marks[clockIdx] === undefined && performance.now() >= clockAt - 1) marks[clockIdx] = clockSub();
    if (marks.some((m) => m !== undefined)) break;
    if (performance.now() >= bound) return Errno.TIMEDOUT;
  }
  writeEvents(mem, outPtr, marks);
  mem.setU32(neventsPtr, marks.filter((m) => m !== undefined).length);
  return Errno.SUCCESS;
}

/**
 * writeEvents lays the events out as wasi-go does in place: all nsubs slots zeroed, completed events packed at the
 * front with nbytes and flags never filled, and beyond them whatever completed event sat at that index, still
 * carrying wasi-go's type+1 "done" marker. Guests must read only *nevents entries.
 */
function writeEvents(mem: GuestMemory, outPtr: number, marks: (Event | undefined)[]): void {
  const packed = marks.filter((m) => m !== undefined);
  const v = mem.view();
  for (let k = 0; k < marks.length; k++) {
    const at = outPtr + EVENT_SIZE * k;
    for (let b = 0; b < EVENT_SIZE; b += 8) v.setBigUint64(at + b, 0n, true);
    const e = k < packed.length ? packed[k] : marks[k] === undefined ? undefined : { ...marks[k]!, type: marks[k]!.type + 1 };
    if (e === undefined) continue;
    v.setBigUint64(at, e.userdata, true);
    v.setUint16(at + 8, e.errno, true);
    v.setUint8(at + 10, e.type);
  }
}
