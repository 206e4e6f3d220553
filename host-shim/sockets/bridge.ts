// A synchronous RPC from a guest's worker thread to the main thread (traefik-wasm-host.md §7 item 6). WebAssembly
// imports must return synchronously but Node I/O is asynchronous, so the worker posts a request on a MessagePort
// and sleeps in Atomics.wait; the main thread does the I/O, posts the reply and bumps a counter in a
// SharedArrayBuffer. The main thread never blocks, and every worker-side wait is bounded.

import { MessageChannel, type MessagePort, receiveMessageOnPort } from "node:worker_threads";
import { Errno, errnoOf } from "./errno.js";

/** DEFAULT_BLOCKING_TIMEOUT_MS bounds every blocking call unless the caller configures another bound. */
export const DEFAULT_BLOCKING_TIMEOUT_MS = 30_000;
// How long a worker still waits for a call that the main thread committed to just before the worker's deadline.
const COMMITTED_GRACE_MS = 1000;
// Calls are numbered 1..2^29 and wrap, so that 2 * seq + 1 fits the claim word.
const MAX_SEQ = 1 << 29;
// Spinning before sleeping is off by default: on the 2-vCPU test machine an echo round trip measured 29 µs with
// no spin, 35 µs with 30 µs and 39 µs with 100 µs, because the spinning worker takes the CPU the main thread needs.
const DEFAULT_SPIN_MICROS = 0;
const ENOSYS = 52;

/** BridgeReply is what every op answers: errno 0 on success, plus op-specific plain data. */
export interface BridgeReply {
  errno: number;
  [field: string]: unknown;
}

/** BridgeContext is what a main-side handler knows about the call it serves. */
export interface BridgeContext {
  /** performance.now() (main-thread clock) after which the worker has given up; stop waiting by then. */
  deadline: number;
  /** Set for BridgeClient.post: nobody reads the reply, so a handler must keep any error for a later call. */
  oneWay: boolean;
  /**
   * commit claims the call just before an irreversible effect (consuming received data, popping a connection).
   * false means the worker has already given up on it: the handler must not consume anything (its reply is
   * dropped). Once it returned true, the worker waits for the reply even past its deadline, briefly.
   */
  commit(): boolean;
}

export type BridgeHandler = (payload: any, ctx: BridgeContext) => BridgeReply | Promise<BridgeReply>;

interface Request { seq: number; op: string; payload: unknown; timeoutMs: number }
interface Response { seq: number; reply: BridgeReply }

/** BridgeEnds is one channel: give workerPort and sab to the worker, mainPort and sab to serveBridge. */
export interface BridgeEnds { sab: SharedArrayBuffer; mainPort: MessagePort; workerPort: MessagePort }

/**
 * createBridgeChannel makes the port pair and the shared words of one worker's bridge: [0] counts replies (the
 * worker sleeps on it), [1] is the claim word of the call in flight: 2*seq open, 2*seq+1 committed by the main
 * thread, 0 abandoned by the worker. Both sides move it with compareExchange, so exactly one of them wins.
 */
export function createBridgeChannel(): BridgeEnds {
  const { port1, port2 } = new MessageChannel();
  return { sab: new SharedArrayBuffer(8), mainPort: port1, workerPort: port2 };
}

export interface BridgeClientOptions {
  /** Upper bound of a call's wait; on expiry the call returns ETIMEDOUT (73). Default 30000. */
  blockingTimeoutMs?: number;
  /** How long to spin on the counter before sleeping; 0 (the default) sleeps at once. */
  spinMicros?: number;
}

/**
 * BridgeClient is the worker side. call() blocks the calling thread until the main thread answers or the
 * bound expires (extended by at most COMMITTED_GRACE_MS when the main thread had already committed the call);
 * it never throws. One call is in flight at a time per client; a reply that arrives after its call timed out
 * is recognised by its sequence number and dropped.
 */
export class BridgeClient {
  readonly blockingTimeoutMs: number;
  private readonly counter: Int32Array;
  private readonly spinMs: number;
  private seq = 0;

  constructor(private readonly port: MessagePort, sab: SharedArrayBuffer, options: BridgeClientOptions = {}) {
    this.counter = new Int32Array(sab, 0, 2);
    this.blockingTimeoutMs = options.blockingTimeoutMs ?? DEFAULT_BLOCKING_TIMEOUT_MS;
    this.spinMs = (options.spinMicros ?? DEFAULT_SPIN_MICROS) / 1000;
  }

  /** call runs op on the main thread and returns its reply, or { errno: ETIMEDOUT } after timeoutMs. */
  call(op: string, payload: unknown, timeoutMs: number = this.blockingTimeoutMs): BridgeReply {
    const seq = (this.seq = (this.seq % MAX_SEQ) + 1);
    const start = performance.now();
    let deadline = start + timeoutMs;
    let committed = false;
    Atomics.store(this.counter, 1, 2 * seq);
    try {
      this.port.postMessage({ seq, op, payload, timeoutMs } satisfies Request);
    } catch (err) {
      return { errno: errnoOf(err) }; // e.g. a payload that cannot be cloned
    }
    for (;;) {
      // Load the counter before draining the port: a reply posted after the drain bumps it past `seen`,
      // so the wait below returns at once instead of missing the wake-up.
      const seen = Atomics.load(this.counter, 0);
      const reply = this.take(seq);
      if (reply !== undefined) return reply;
      let now = performance.now();
      if (now >= deadline) {
        // Abandon the call unless the main thread already committed to it: then its reply carries an effect
        // (consumed data, a new fd) that must not be lost, and it is imminent.
        if (committed || Atomics.compareExchange(this.counter, 1, 2 * seq, 0) === 2 * seq) return { errno: Errno.TIMEDOUT };
        committed = true;
        deadline = now + COMMITTED_GRACE_MS;
      }
      if (now - start < this.spinMs) {
        while (Atomics.load(this.counter, 0) === seen && (now = performance.now()) - start < this.spinMs) { /* spin */ }
        continue;
      }
      Atomics.wait(this.counter, 0, seen, deadline - now);
    }
  }

  /**
   * post sends op without waiting for, or ever reading, its reply. The main thread handles messages in order,
   * so the next call() sees its effects; the handler gets ctx.oneWay and must keep errors for a later call.
   */
  post(op: string, payload: unknown): void {
    this.port.postMessage({ seq: 0, op, payload, timeoutMs: this.blockingTimeoutMs } satisfies Request);
  }

  private take(seq: number): BridgeReply | undefined {
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      const response = m.message as Response;
      if (response.seq === seq) return response.reply;
    }
    return undefined;
  }
}

/**
 * BridgeRouter maps op names to main-thread handlers. The socket host registers its ops here; the pool can
 * register others (e.g. reading a streamed request body) on the same router. A handler returns its reply
 * directly when it can (the fast path) or a promise; a throw or rejection becomes an errno reply.
 */
export class BridgeRouter {
  private readonly handlers = new Map<string, BridgeHandler>();

  register(op: string, handler: BridgeHandler): this {
    if (this.handlers.has(op)) throw new Error(`bridge op ${op} registered twice`);
    this.handlers.set(op, handler);
    return this;
  }

  dispatch(op: string, payload: unknown, ctx: BridgeContext): BridgeReply | Promise<BridgeReply> {
    const handler = this.handlers.get(op);
    return handler === undefined ? { errno: ENOSYS } : handler(payload, ctx);
  }
}

/** BridgeServer is one served worker channel; close() detaches it (it also closes when the worker exits). */
export interface BridgeServer { close(): void }

/** serveBridge answers the requests of one worker's channel with router, on the main thread. */
export function serveBridge(port: MessagePort, sab: SharedArrayBuffer, router: BridgeRouter): BridgeServer {
  const counter = new Int32Array(sab, 0, 2);
  let open = true;
  const respond = (seq: number, reply: BridgeReply): void => {
    if (!open || seq === 0) return;
    try {
      port.postMessage({ seq, reply } satisfies Response);
    } catch (err) {
      port.postMessage({ seq, reply: { errno: errnoOf(err) } } satisfies Response);
    }
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  };
  port.on("message", (request: Request) => {
    const { seq } = request;
    const commit = (): boolean => {
      if (seq === 0) return true;
      const was = Atomics.compareExchange(counter, 1, 2 * seq, 2 * seq + 1);
      return was === 2 * seq || was === 2 * seq + 1;
    };
    const ctx: BridgeContext = { deadline: performance.now() + request.timeoutMs, oneWay: seq === 0, commit };
    let out: BridgeReply | Promise<BridgeReply>;
    try {
      out = router.dispatch(request.op, request.payload, ctx);
    } catch (err) {
      respond(request.seq, { errno: errnoOf(err) });
      return;
    }
    if (out instanceof Promise) {
      out.then((reply) => respond(request.seq, reply), (err) => respond(request.seq, { errno: errnoOf(err) }));
    } else {
      respond(request.seq, out);
    }
  });
  const close = (): void => {
    if (!open) return;
    open = false;
    port.close();
  };
  port.once("close", close);
  return { close };
}
