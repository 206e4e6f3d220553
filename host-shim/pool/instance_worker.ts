// One guest instance, alone in its worker thread: instantiates the module with Traefik's two host modules, runs
// the start functions, then serves one request at a time. Blocking host calls go to the main thread through the
// bridge; everything else about the request lives here in a RequestState.

import { parentPort, workerData } from "node:worker_threads";
import { httpHandlerImports, type HttpHandlerHost } from "../abi/http_handler.js";
import { RequestState, type RequestIo } from "../abi/request_state.js";
import { BridgeClient } from "../sockets/bridge.js";
import { socketImports } from "../sockets/socket_imports.js";
import type { StdioSink, WasiImports } from "../wasi/common.js";
import { ProcExit } from "../wasi/exit.js";
import { wasiGoClocks, wasiGoImports } from "../wasi/wasi_go.js";
import { wazeroImports } from "../wasi/wazero.js";
import { prestatImports } from "../wasi/mounts.js";
import { START_SECTION_EXPORT } from "../abi/wasm_sections.js";
import { formatGuestError } from "./guest_error.js";
import type { FromWorker, Outcome, ToWorker, WorkerInit } from "./protocol.js";
import { HostClock } from "./phase_timing.js";

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (msg: FromWorker) => port.postMessage(msg);
const bridge = new BridgeClient(init.bridge.port, init.bridge.sab, { blockingTimeoutMs: init.blockingTimeoutMs });

let memory: WebAssembly.Memory | null = null;
let requestId = 0;
/** The socket fd table of the current request; each request names its own (shared or per-request scope). */
let fdTable = init.fdTable;
/** Set once proc_exit closed the module (wazero path, or during start): every later call fails. */
let closedBy: ProcExit | null = null;

const host: HttpHandlerHost = {
  memory: () => memory!,
  config: init.config,
  request: null,
  features: 0,
  log: (level, message) => post({ type: "log", level, message }),
};

const io: RequestIo = {
  readRequestBody: (max) => mainThread("body.read", { max }) as unknown as { data: Uint8Array; eof: boolean },
  commitResponse: (status, headers) => { mainThread("response.commit", { status, headers }); },
  writeResponse: (chunk) => { mainThread("response.write", { chunk }); },
};

// A failed body read or client write panics in host-go, which the guest sees as a trap (§3.3 read_body).
function mainThread(op: string, payload: object) {
  const reply = bridge.call(op, { requestId, ...payload });
  if (reply.errno !== 0) throw new Error(`${op} failed with errno ${reply.errno}`);
  return reply;
}

const hostClock = new HostClock(init.hostCallOverheadNs);
const exports = instantiate();
if (exports) port.on("message", (msg: ToWorker) => (msg.type === "request" ? onRequest(msg) : onResponse(msg)));

function instantiate(): WebAssembly.Exports | null {
  const mem = { memory: () => memory! };
  const stdio: StdioSink = (fd, bytes) => post({ type: "stdio", fd, bytes });
  const wasi: WasiImports = {
    ...(init.personality === "wazero" ? wazeroImports(mem, init.environ, stdio, init.preopens) : wasiGoSystem(mem)),
    ...prestatImports(mem, init.preopens),
  };
  try {
    const instance = new WebAssembly.Instance(init.module, {
      http_handler: hostClock.wrap(httpHandlerImports(host)),
      wasi_snapshot_preview1: hostClock.wrap(wasi),
    } as WebAssembly.Imports);
    memory = instance.exports.memory as WebAssembly.Memory;
    runStart(instance.exports);
    post({ type: "ready", features: host.features });
    return instance.exports;
  } catch (err) {
    post({ type: "startFailed", error: formatGuestError(err) });
    return null;
  }
}

function wasiGoSystem(mem: { memory(): WebAssembly.Memory }): WasiImports {
  const clocks = wasiGoClocks(init.monotonicEpoch, init.wallClockOffsetMs);
  const stdio = { write: (fd: 1 | 2, bytes: Uint8Array) => post({ type: "stdio", fd, bytes }) };
  return wasiGoImports(mem, init.environ, clocks, socketImports(mem.memory, bridge, () => fdTable, stdio, { clocks }));
}

// Traefik's wazero runs the start section, then calls `_start` then `_initialize`, whichever exist (the start
// section comes as an export, see exportStartSection). An exit with code 0 leaves the module instantiated but
// closed; any other code fails the instantiation (traefik-wasm-host.md §2.7).
function runStart(ex: WebAssembly.Exports): void {
  for (const name of [START_SECTION_EXPORT, "_start", "_initialize"]) {
    const fn = ex[name];
    if (typeof fn !== "function") continue;
    try {
      (fn as () => void)();
    } catch (err) {
      if (err instanceof ProcExit && err.code === 0) { closedBy = err; return; }
      throw err;
    }
  }
}

function onRequest(msg: Extract<ToWorker, { type: "request" }>): void {
  requestId = msg.requestId;
  fdTable = msg.fdTable;
  const state = new RequestState(msg.view, msg.features, io);
  host.request = state;
  try {
    const [ctxNext, timing] = hostClock.time(() => callGuest(() => (exports!.handle_request as () => bigint)()));
    post({ type: "requestDone", ctxNext: BigInt.asUintN(64, ctxNext), outcome: outcomeOf(state), timing, memoryBytes: memory!.buffer.byteLength });
  } catch (err) {
    trapped("request", err, state);
  }
}

function onResponse(msg: Extract<ToWorker, { type: "response" }>): void {
  const state = host.request!;
  state.enterResponse(msg.downstream);
  try {
    callGuest(() => (exports!.handle_response as (a: number, b: number) => void)(msg.reqCtx, msg.downstream.isError ? 1 : 0));
    post({ type: "responseDone", outcome: outcomeOf(state), memoryBytes: memory!.buffer.byteLength });
  } catch (err) {
    trapped("response", err, state);
  } finally {
    host.request = null;
  }
}

function callGuest<T>(fn: () => T): T {
  if (closedBy) throw closedBy;
  return fn();
}

// On the wazero path proc_exit closes the module for good; wasi-go's exit handler panics first, so the instance
// stays usable (traefik-wasm-host.md §2.7). Either way this call fails.
function trapped(phase: "request" | "response", err: unknown, state: RequestState): void {
  if (err instanceof ProcExit && init.personality === "wazero") closedBy = err;
  if (phase === "response") host.request = null;
  post({ type: "trapped", phase, error: formatGuestError(err), closed: closedBy !== null, outcome: outcomeOf(state) });
}

function outcomeOf(state: RequestState): Outcome {
  return {
    method: state.method,
    uri: state.uri,
    requestHeaders: state.requestHeaders.pairs(),
    requestBody: state.requestBodyWritten ? Buffer.concat(state.requestBodyWritten) : null,
    responseHeaders: state.responseHeaders.pairs(),
    statusCode: state.statusCode,
    committed: state.committed,
    responseBody: state.responseBodyWritten ? Buffer.concat(state.responseBodyWritten) : null,
    features: state.features,
  };
}
