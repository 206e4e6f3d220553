// wasi-go's wasi_snapshot_preview1, which Traefik serves when the guest imports a socket function
// (traefik-wasm-host.md §4.2, right column): real clocks shared by every instance, crypto randomness, real
// sleeps, stdio passed through, and the WasmEdge v2 sockets (composed in from host-shim/sockets).

import { randomFillSync } from "node:crypto";
import { EINVAL, ENOSYS, ENOTSUP, ESUCCESS } from "./errno.js";
import { environImports, unimplemented, type GuestMemory, type WasiImports } from "./common.js";
import { realtimeNanos } from "./wazero.js";
import type { Clocks } from "../sockets/poll_oneoff.js";

const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;
const CLOCK_PROCESS_CPUTIME = 2;
const CLOCK_THREAD_CPUTIME = 3;

/**
 * wasiGoClocks are wasi-go's clocks: real walltime (moved ahead by the shim's wallClockOffsetMs test knob), and a
 * monotonic clock counted from one process-wide epoch (taken on the main thread, so every instance's worker reads
 * the same clock).
 */
export function wasiGoClocks(monotonicEpoch: bigint, wallClockOffsetMs = 0): Clocks {
  const ahead = BigInt(wallClockOffsetMs) * 1_000_000n;
  return { realtime: () => realtimeNanos() + ahead, monotonic: () => process.hrtime.bigint() - monotonicEpoch };
}

/**
 * wasiGoImports builds the non-socket part of wasi-go's host. `sockets` supplies the socket functions and every
 * fd-based call (fd_read, fd_write, fd_close, poll_oneoff…), since fds live in the shared table.
 */
export function wasiGoImports(mem: GuestMemory, environ: string[], clocks: Clocks, sockets: WasiImports): WasiImports {
  return {
    ...unimplemented(),
    ...environImports(mem, environ, ["wasirun-wasm-module"]),
    clock_time_get(id: number, _precision: bigint, out: number): number {
      const view = new DataView(mem.memory().buffer);
      if (id === CLOCK_REALTIME) view.setBigUint64(out, clocks.realtime(), true);
      else if (id === CLOCK_MONOTONIC) view.setBigUint64(out, clocks.monotonic(), true);
      else if (id === CLOCK_PROCESS_CPUTIME || id === CLOCK_THREAD_CPUTIME) return ENOTSUP;
      else return EINVAL;
      return ESUCCESS;
    },
    random_get(buf: number, len: number): number {
      randomFillSync(new Uint8Array(mem.memory().buffer, buf, len));
      return ESUCCESS;
    },
    proc_raise: () => ENOSYS,
    ...sockets,
  };
}
