// Go sync.Pool semantics for guest instances (host-go handler/middleware.go; traefik-wasm-host.md §2.4, §7.1):
// one request per instance, a new instance whenever none is idle, idle instances dropped at any "GC", trapped
// instances returned as they are, and a middleware that stays broken once a later instantiation fails.

import { Worker } from "node:worker_threads";
import type { FromWorker, Personality, ToWorker, WorkerInit } from "./protocol.js";
import type { Preopen } from "../wasi/mounts.js";
import { measureWrapperOverheadNs, type PhaseTiming } from "./phase_timing.js";

const MAX_TIMINGS = 10_000;

type PhaseReply = Extract<FromWorker, { type: "requestDone" | "responseDone" | "trapped" }>;

export interface PoolOptions {
  module: WebAssembly.Module;
  config: Uint8Array;
  personality: Personality;
  environ: string[];
  /** settings.mounts, preopened at fds 3, 4, … */
  preopens: Preopen[];
  /** The fd table a new instance's start functions use, and its release once they ran. */
  startTable(): { id: number; release(): void };
  /** Opens the bridge channel of a new worker and returns the worker's end. */
  bridgeFor(instanceId: number): WorkerInit["bridge"];
  blockingTimeoutMs: number;
  /** How far ahead of the machine's the wasi-go wall clock runs (LoadOptions.wallClockOffsetMs). */
  wallClockOffsetMs: number;
  /** Probability in [0, 1] that an instance is dropped instead of returned to the pool, to test statelessness. */
  randomDrop?: number;
  /** Fault injection: return true to make instantiation number n fail, as a failing start function would. */
  failInstantiation?: (n: number) => boolean;
  onLog(level: number, message: string): void;
  onStdio(fd: 1 | 2, bytes: Uint8Array): void;
}

/** Instance is one guest in its worker; it serves one request phase at a time. */
export class Instance {
  private pending: ((reply: PhaseReply) => void) | null = null;
  private exitError: string | null = null;
  private stopping: Promise<number> | null = null;

  constructor(readonly id: number, readonly worker: Worker) {
    worker.on("exit", (code) => this.fail(`instance ${id} exited (code ${code})`));
    worker.on("error", (err) => this.fail(`instance ${id} failed: ${err.message}`));
  }

  /** send starts a phase and resolves with the worker's answer. */
  send(msg: ToWorker, transfer: any[] = []): Promise<PhaseReply> {
    if (this.exitError) return Promise.resolve(this.lost());
    return new Promise((resolve) => {
      this.pending = resolve;
      this.worker.postMessage(msg, transfer);
    });
  }

  settle(reply: PhaseReply): void {
    const resolve = this.pending;
    this.pending = null;
    resolve?.(reply);
  }

  /**
   * terminate stops the worker; later calls share the first one's promise. (A second worker.terminate() after
   * removeAllListeners("exit") would drop the listener the first one waits on, which then never resolves.)
   */
  terminate(): Promise<number> {
    if (this.stopping === null) {
      this.worker.removeAllListeners("exit");
      this.stopping = this.worker.terminate();
    }
    return this.stopping;
  }

  private fail(error: string): void {
    this.exitError = error;
    this.settle(this.lost());
  }

  private lost(): PhaseReply {
    return { type: "trapped", phase: "request", error: this.exitError!, closed: true, outcome: null };
  }
}

export class InstancePool {
  /** Feature bits enabled during start functions, shared by the whole middleware (host-go m.features). */
  features = 0;
  /** Set when an instantiation after the build failed: host-go closed the runtime, so every request fails. */
  dead: string | null = null;
  /** Instance counts, and the largest guest linear memory seen after a phase (memory only grows: the biggest instance's). */
  readonly stats = { created: 0, dropped: 0, leaked: 0, maxMemoryBytes: 0 };
  /** The split of the most recent handle_request calls (at most MAX_TIMINGS), for benchmarks. */
  readonly requestTimings: PhaseTiming[] = [];
  /** wasi-go counts monotonic time from when the host module was built; every instance shares that zero. */
  private readonly monotonicEpoch = process.hrtime.bigint();
  private readonly idle: Instance[] = [];
  private readonly live = new Set<Instance>();
  // Instances whose worker is still starting, with what fails their creation: close() must stop them too, or
  // their threads outlive the pool.
  private readonly starting = new Map<Instance, (err: Error) => void>();
  private closed = false;
  private nextId = 1;

  constructor(private readonly opts: PoolOptions) {}

  /** build instantiates one instance eagerly, so start-function failures surface as build errors (§2.1). */
  async build(): Promise<void> {
    const first = await this.create();
    this.idle.push(first);
  }

  /** acquire takes an idle instance or creates one; a creation failure kills the middleware. */
  async acquire(): Promise<Instance> {
    if (this.closed) throw new Error("the middleware is closed");
    if (this.dead) throw new Error(this.dead);
    const idle = this.idle.pop();
    if (idle) return idle;
    try {
      return await this.create();
    } catch (err) {
      this.dead = (err as Error).message;
      throw err;
    }
  }

  /** release returns an instance, trapped or not, unless random-drop mode discards it. */
  release(instance: Instance): void {
    if (this.closed) return void this.drop(instance, false);
    if (this.opts.randomDrop && Math.random() < this.opts.randomDrop) return void this.drop(instance);
    this.idle.push(instance);
  }

  /** leak forgets an instance without returning it: host-go's reqCtx<<32|0 case (§2.5). */
  leak(instance: Instance): void {
    this.stats.leaked++;
    void this.drop(instance, false);
  }

  /** gc drops every idle instance, as a Go GC may empty a sync.Pool. */
  async gc(): Promise<void> {
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((i) => this.drop(i)));
  }

  /** recordTiming keeps one handle_request's timing, dropping the oldest beyond MAX_TIMINGS. */
  recordTiming(t: PhaseTiming): void {
    if (this.requestTimings.length >= MAX_TIMINGS) this.requestTimings.shift();
    this.requestTimings.push(t);
  }

  get idleCount(): number {
    return this.idle.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    for (const fail of this.starting.values()) fail(new Error("the middleware is closed"));
    await Promise.all([...this.live, ...this.starting.keys()].map((i) => this.drop(i, false)));
  }

  private async drop(instance: Instance, count = true): Promise<void> {
    if (count) this.stats.dropped++;
    this.live.delete(instance);
    this.starting.delete(instance);
    await instance.terminate();
  }

  private create(): Promise<Instance> {
    const id = this.nextId++;
    if (this.opts.failInstantiation?.(id)) {
      return Promise.reject(new Error(`wasm: error instantiating guest: injected fault in instance ${id}`));
    }
    const bridge = this.opts.bridgeFor(id);
    const table = this.opts.startTable();
    const init: WorkerInit = {
      module: this.opts.module, config: this.opts.config, personality: this.opts.personality,
      environ: this.opts.environ, preopens: this.opts.preopens, instanceId: id, bridge,
      fdTable: table.id, monotonicEpoch: this.monotonicEpoch, hostCallOverheadNs: measureWrapperOverheadNs(),
      blockingTimeoutMs: this.opts.blockingTimeoutMs, wallClockOffsetMs: this.opts.wallClockOffsetMs,
    };
    const worker = new Worker(new URL("./instance_worker.js", import.meta.url), {
      workerData: init, transferList: [bridge.port],
    });
    const instance = new Instance(id, worker);
    return new Promise((resolve, reject) => {
      this.starting.set(instance, reject);
      worker.on("message", (msg: FromWorker) => {
        if (msg.type === "ready" || msg.type === "startFailed") {
          table.release();
          this.starting.delete(instance);
        }
        if (msg.type === "ready") {
          this.features |= msg.features;
          this.stats.created++;
          this.live.add(instance);
          resolve(instance);
        } else if (msg.type === "startFailed") {
          void instance.terminate();
          reject(new Error(`wasm: error instantiating guest: ${msg.error}`));
        } else if (msg.type === "log") this.opts.onLog(msg.level, msg.message);
        else if (msg.type === "stdio") this.opts.onStdio(msg.fd, msg.bytes);
        else {
          if (msg.type !== "trapped") this.stats.maxMemoryBytes = Math.max(this.stats.maxMemoryBytes, msg.memoryBytes);
          instance.settle(msg);
        }
      });
      worker.once("error", (err) => reject(new Error(`wasm: error instantiating guest: ${err.message}`)));
    });
  }
}
