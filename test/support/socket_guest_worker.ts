// TEST-ONLY worker that runs one socket fixture guest the way the pool will: the guest's socket imports block
// this thread on the bridge while the main thread does the I/O. Driven by test/support/socket_guest.ts.

import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { BridgeClient } from "../../host-shim/sockets/bridge.js";
import { socketImports } from "../../host-shim/sockets/socket_imports.js";

interface Init {
  module: WebAssembly.Module; port: MessagePort; sab: SharedArrayBuffer; blockingTimeoutMs?: number; spinMicros?: number;
  deferSends?: boolean;
}

export type WorkerRequest =
  | { id: number; kind: "call"; table: number; fn: string; args: number[] }
  | { id: number; kind: "read"; ptr: number; len: number }
  | { id: number; kind: "write"; ptr: number; bytes: Uint8Array }
  | { id: number; kind: "bridge"; op: string; payload: unknown; timeoutMs?: number }
  | { id: number; kind: "output" };

const init = workerData as Init;
const client = new BridgeClient(init.port, init.sab, { blockingTimeoutMs: init.blockingTimeoutMs, spinMicros: init.spinMicros });
let table = 0;
const output: string[] = [];
const ENOSYS = 52;
let memory: WebAssembly.Memory | undefined;
const wasi = socketImports(() => memory!, client, () => table, {
  write: (fd, bytes) => output.push(`${fd}:${Buffer.from(bytes).toString()}`),
}, { deferSends: init.deferSends });
const imports: WebAssembly.Imports = {};
for (const imp of WebAssembly.Module.imports(init.module)) {
  const ns = (imports[imp.module] ??= {}) as Record<string, unknown>;
  if (imp.module === "wasi_snapshot_preview1") ns[imp.name] = wasi[imp.name] ?? (() => ENOSYS);
  else if (imp.module === "http_handler" && imp.name === "log") ns[imp.name] = () => undefined;
  else ns[imp.name] = () => { throw new Error(`unexpected import ${imp.module}.${imp.name}`); };
}
const instance = new WebAssembly.Instance(init.module, imports);
memory = instance.exports.memory as WebAssembly.Memory;
(instance.exports._initialize as (() => void) | undefined)?.();

parentPort!.on("message", (req: WorkerRequest) => {
  try {
    switch (req.kind) {
      case "call": {
        table = req.table;
        const start = performance.now();
        const result = (instance.exports[req.fn] as (...a: number[]) => number)(...req.args);
        parentPort!.postMessage({ id: req.id, result: result ?? 0, ms: performance.now() - start });
        break;
      }
      case "read":
        parentPort!.postMessage({ id: req.id, bytes: new Uint8Array(memory!.buffer.slice(req.ptr, req.ptr + req.len)) });
        break;
      case "write":
        new Uint8Array(memory!.buffer).set(req.bytes, req.ptr);
        parentPort!.postMessage({ id: req.id });
        break;
      case "bridge": {
        const start = performance.now();
        const reply = client.call(req.op, req.payload, req.timeoutMs);
        parentPort!.postMessage({ id: req.id, reply, ms: performance.now() - start });
        break;
      }
      case "output":
        parentPort!.postMessage({ id: req.id, output: output.splice(0) });
        break;
    }
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: String(err) });
  }
});
