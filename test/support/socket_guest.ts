// TEST-ONLY harness: runs a socket fixture guest in a worker thread whose blocking socket calls are served by a
// SocketHost on this (main) thread through the bridge. The real instance pool is host-shim/pool's job.

import { Worker } from "node:worker_threads";
import { type BridgeHandler, type BridgeReply, BridgeRouter, type BridgeServer, createBridgeChannel, serveBridge } from "../../host-shim/sockets/bridge.js";
import { SocketHost } from "../../host-shim/sockets/socket_host.js";
import type { WorkerRequest } from "./socket_guest_worker.js";

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

export interface SocketGuestOptions {
  host: SocketHost;
  /** Extra main-thread ops, served next to the host's. */
  extraOps?: Record<string, BridgeHandler>;
  blockingTimeoutMs?: number;
  spinMicros?: number;
  deferSends?: boolean;
}

/** SocketGuest is one guest instance in its own worker. */
export class SocketGuest {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>();

  private constructor(private readonly worker: Worker, private readonly server: BridgeServer) {
    worker.on("message", (m: { id: number; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m);
    });
    worker.on("error", (err) => { for (const p of this.pending.values()) p.reject(err); this.pending.clear(); });
  }

  static start(wasm: WebAssembly.Module, options: SocketGuestOptions): SocketGuest {
    const router = new BridgeRouter();
    options.host.register(router);
    for (const [op, handler] of Object.entries(options.extraOps ?? {})) router.register(op, handler);
    const ends = createBridgeChannel();
    const server = serveBridge(ends.mainPort, ends.sab, router);
    const worker = new Worker(new URL("./socket_guest_worker.js", import.meta.url), {
      workerData: { module: wasm, port: ends.workerPort, sab: ends.sab, blockingTimeoutMs: options.blockingTimeoutMs,
        spinMicros: options.spinMicros, deferSends: options.deferSends },
      transferList: [ends.workerPort],
    });
    return new SocketGuest(worker, server);
  }

  /** call runs export fn with fd table `table`; resolves its result and how long the worker spent in it. */
  async call(table: number, fn: string, ...args: number[]): Promise<{ result: number; ms: number }> {
    return this.send({ kind: "call", table, fn, args });
  }

  async read(ptr: number, len: number): Promise<Uint8Array> {
    return (await this.send({ kind: "read", ptr, len })).bytes;
  }

  async write(ptr: number, bytes: Uint8Array): Promise<void> {
    await this.send({ kind: "write", ptr, bytes });
  }

  /** trace returns the i32s the guest noted since reset_trace. */
  async trace(): Promise<number[]> {
    const ptr = (await this.call(0, "trace_ptr")).result, len = (await this.call(0, "trace_len")).result;
    const bytes = await this.read(ptr, 4 * len);
    await this.call(0, "reset_trace");
    return Array.from(new Int32Array(bytes.buffer, bytes.byteOffset, len));
  }

  /** output returns, and forgets, the guest's stdout/stderr writes as "fd:text". */
  async output(): Promise<string[]> {
    return (await this.send({ kind: "output" })).output;
  }

  /** bridge makes a raw BridgeClient.call from the worker thread. */
  async bridge(op: string, payload: unknown, timeoutMs?: number): Promise<{ reply: BridgeReply; ms: number }> {
    return this.send({ kind: "bridge", op, payload, timeoutMs });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
    this.server.close();
  }

  private send(req: Request): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id });
    });
  }
}
