// Messages between the pool (main thread) and an instance's worker. Request and response phases start with a
// message; effects that must happen while the guest runs (body reads, unbuffered writes, sockets) are blocking
// bridge calls instead (host-shim/sockets/bridge.ts).

import type { MessagePort } from "node:worker_threads";
import type { RequestView, ResponseView } from "../abi/request_state.js";
import type { PhaseTiming } from "./phase_timing.js";
import type { Preopen } from "../wasi/mounts.js";

export type Personality = "wazero" | "wasi-go";

/** What a worker needs to create its instance. */
export interface WorkerInit {
  module: WebAssembly.Module;
  config: Uint8Array;
  personality: Personality;
  environ: string[];
  /** The preopened mounts, fds 3, 4, …: guest paths for fd_prestat_*, host paths for the wazero path's files. */
  preopens: Preopen[];
  instanceId: number;
  /** The worker's end of its bridge channel (host-shim/sockets/bridge.ts); the port is transferred. */
  bridge: { port: MessagePort; sab: SharedArrayBuffer };
  /** process.hrtime.bigint() when the build started: the zero of wasi-go's monotonic clock for every instance. */
  monotonicEpoch: bigint;
  /** What one timed host call adds to measured guest time (phase_timing.ts), left out of PhaseTiming.guestNs. */
  hostCallOverheadNs: number;
  /** The socket fd table start functions use (host-shim/sockets/socket_host.ts). */
  fdTable: number;
  /** Bound of every blocking call; on expiry the call fails with ETIMEDOUT. */
  blockingTimeoutMs: number;
  /** How far ahead of the machine's the wasi-go wall clock runs, in ms (a test knob). */
  wallClockOffsetMs: number;
}

export type ToWorker =
  | { type: "request"; requestId: number; view: RequestView; features: number; fdTable: number }
  | { type: "response"; reqCtx: number; downstream: ResponseView };

/** Everything the guest changed, carried back when a phase ends. */
export interface Outcome {
  method: string;
  uri: string;
  requestHeaders: [string, string][];
  /** The replacement request body from write_body(request), or null to pass the original on. */
  requestBody: Uint8Array | null;
  responseHeaders: [string, string][];
  statusCode: number;
  /** Headers already went to the client through an unbuffered write. */
  committed: boolean;
  /** The buffered response body the guest wrote, or null to keep downstream's. */
  responseBody: Uint8Array | null;
  features: number;
}

/** requestDone and responseDone carry memoryBytes, the guest's linear memory size when the phase ended. */
export type FromWorker =
  | { type: "ready"; features: number }
  | { type: "startFailed"; error: string }
  | { type: "log"; level: number; message: string }
  | { type: "stdio"; fd: 1 | 2; bytes: Uint8Array }
  | { type: "requestDone"; ctxNext: bigint; outcome: Outcome; timing: PhaseTiming; memoryBytes: number }
  | { type: "responseDone"; outcome: Outcome; memoryBytes: number }
  | { type: "trapped"; phase: "request" | "response"; error: string; closed: boolean; outcome: Outcome | null };
