// wazero's own wasi_snapshot_preview1, which Traefik serves to a guest that imports no socket function
// (traefik-wasm-host.md §4.2, left column): real walltime, but a fake monotonic clock and a deterministic random
// stream that restart with every instance, clocks that never sleep, stdio thrown away, and the mounts' files in
// the instance's own fd table.

import { EBADF, EINVAL, ENOTSUP, ESUCCESS } from "./errno.js";
import { environImports, stdioWrite, unimplemented, type GuestMemory, type StdioSink, type WasiImports } from "./common.js";
import { fileImports } from "./file_imports.js";
import { LocalFiles } from "./local_files.js";
import type { Preopen } from "./mounts.js";

const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;
const EVENT_CLOCK = 0;
const SUBSCRIPTION_SIZE = 48;
const EVENT_SIZE = 32;

/**
 * wazeroImports builds one instance's preview1 host; its clock, random state and file descriptors belong to that
 * instance. preopens are settings.mounts, read-only whatever their suffix (host-shim/wasi/path_open.ts).
 */
export function wazeroImports(mem: GuestMemory, environ: string[], stdio: StdioSink, preopens: Preopen[] = []): WasiImports {
  let monotonicReads = 0n;
  const random = seededRandom(42);
  return {
    ...unimplemented(),
    ...environImports(mem, environ),
    ...fileImports(() => mem.memory(), new LocalFiles(preopens)),
    fd_write: stdioWrite(mem, stdio),
    clock_time_get(id: number, _precision: bigint, out: number): number {
      const view = new DataView(mem.memory().buffer);
      if (id === CLOCK_REALTIME) view.setBigUint64(out, realtimeNanos(), true);
      // wazero's platform.NewFakeNanotime: 0 on the first read, then one more millisecond per read.
      else if (id === CLOCK_MONOTONIC) view.setBigUint64(out, 1_000_000n * monotonicReads++, true);
      else return EINVAL;
      return ESUCCESS;
    },
    random_get(buf: number, len: number): number {
      const bytes = new Uint8Array(mem.memory().buffer, buf, len);
      for (let i = 0; i < len; i++) bytes[i] = random();
      return ESUCCESS;
    },
    poll_oneoff: (inPtr: number, outPtr: number, nsubs: number, neventsPtr: number) =>
      fakePoll(mem, inPtr, outPtr, nsubs, neventsPtr),
    // Nothing is preopened on this path, so the preview1 socket calls have no descriptor to work on.
    sock_accept: () => EBADF, sock_recv: () => EBADF, sock_send: () => EBADF, sock_shutdown: () => EBADF,
  };
}

/** realtimeNanos is wall-clock time in ns with µs resolution, as Go's time.Now gives on Linux. */
export function realtimeNanos(): bigint {
  const ms = BigInt(Date.now());
  const micros = process.hrtime.bigint() / 1000n % 1000n;
  return ms * 1_000_000n + micros * 1000n;
}

// Relative clocks "sleep" without waiting; absolute clocks and fd subscriptions are not supported here.
function fakePoll(mem: GuestMemory, inPtr: number, outPtr: number, nsubs: number, neventsPtr: number): number {
  if (nsubs === 0) return EINVAL;
  const view = new DataView(mem.memory().buffer);
  for (let i = 0; i < nsubs; i++) {
    const sub = inPtr + i * SUBSCRIPTION_SIZE;
    const event = outPtr + i * EVENT_SIZE;
    const tag = view.getUint8(sub + 8);
    const absolute = (view.getUint16(sub + 40, true) & 1) === 1;
    view.setBigUint64(event, view.getBigUint64(sub, true), true);
    view.setUint16(event + 8, tag === EVENT_CLOCK && !absolute ? ESUCCESS : ENOTSUP, true);
    view.setUint8(event + 10, tag);
  }
  view.setUint32(neventsPtr, nsubs, true);
  return ESUCCESS;
}

// A fixed-seed generator: every new instance replays the same bytes, as wazero's math/rand(42) source does.
// The exact Go byte stream is not reproduced; what guests can observe (repetition across instances) is.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 24) & 0xff;
  };
}
