// Plumbing for bench/oidc.bench.ts: requests handed straight to a middleware's shim request flow (no HTTP
// front server, whose loopback round trip would only add noise to a subtraction of a few microseconds), a minimal
// RESP connection for node references, Redis counters, and the provider's own time read from node's HTTP
// diagnostics channels.

import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import net from "node:net";
import { Readable } from "node:stream";
import type { Redis } from "ioredis";
import type { DownstreamRequest, DownstreamResponse, Middleware, Next } from "../host-shim/index.js";

/** Answer is what one request through a middleware produced. */
export interface Answer {
  status: number;
  /** response headers, lowercase names; set-cookie may repeat */
  headers: [string, string][];
  /** the request headers the next handler got (lowercase names), or null when the guest answered itself */
  forwarded: Map<string, string> | null;
}

/**
 * Direct sends requests into mw.handle, the shim's whole request flow (instance pool, worker, http_handler ABI,
 * socket bridge, next, handle_response), with a node:http-shaped request and response in memory. handle resolves
 * once the instance is back in the pool, so back-to-back calls reuse one instance (poolDrop 0) without a race.
 * The next handler answers 200 with an empty body at once.
 */
export class Direct {
  private forwarded: Map<string, string> | null = null;
  private readonly next: Next = async (req: DownstreamRequest): Promise<DownstreamResponse> => {
    this.forwarded = new Map(req.headers.map(([n, v]) => [n.toLowerCase(), v]));
    return { status: 200, headers: [], body: Readable.from([]) };
  };

  constructor(private readonly mw: Middleware, private readonly host: string) {}

  async send(path: string, headers: [string, string][]): Promise<Answer> {
    this.forwarded = null;
    const res = new MemoryResponse();
    await this.mw.handle(fakeRequest(path, this.host, headers), res as unknown as ServerResponse, this.next);
    if (!res.ended) throw new Error(`${path}: the shim finished without ending the response`);
    return { status: res.status, headers: res.headers, forwarded: this.forwarded };
  }
}

function fakeRequest(path: string, host: string, headers: [string, string][]): IncomingMessage {
  const body = new Readable({ read() { this.push(null); } });
  const lower: Record<string, string> = { host };
  for (const [n, v] of headers) lower[n.toLowerCase()] = v;
  return Object.assign(body, {
    method: "GET", url: path, httpVersionMajor: 1, httpVersionMinor: 1, headers: lower,
    rawHeaders: ["Host", host, ...headers.flat()],
    socket: { remoteAddress: "127.0.0.1", remotePort: 50000 },
  }) as unknown as IncomingMessage;
}

// The part of ServerResponse the shim's request flow uses.
class MemoryResponse {
  headersSent = false;
  ended = false;
  status = 0;
  headers: [string, string][] = [];

  writeHead(status: number, flat: string[] = []): this {
    this.headersSent = true;
    this.status = status;
    for (let i = 0; i + 1 < flat.length; i += 2) this.headers.push([flat[i].toLowerCase(), flat[i + 1]]);
    return this;
  }

  write(): boolean {
    return true;
  }

  end(): this {
    if (!this.headersSent) this.writeHead(200);
    this.ended = true;
    return this;
  }

  destroy(): void {
    this.ended = true;
  }
}

/** median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** elapsedUs runs fn once and returns its wall time in microseconds with its result. */
export async function elapsedUs<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const out = await fn();
  return [Number(process.hrtime.bigint() - start) / 1000, out];
}

const TIMEOUT_MS = 5000;

/**
 * RespConnection is one fresh TCP connection to Redis speaking just enough RESP for the node references: commands
 * whose replies are a simple string, an error, an integer or a bulk string.
 */
export class RespConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve(reply: Buffer | string | null): void; reject(err: Error): void } | null = null;

  private constructor(private readonly sock: net.Socket) {
    sock.on("data", (d: Buffer) => {
      this.buffered = this.buffered.length === 0 ? d : Buffer.concat([this.buffered, d]);
      this.settle();
    });
    sock.on("error", (err) => this.fail(err));
    sock.on("close", () => this.fail(new Error("redis closed the connection")));
    // A bound on every wait: a silent server fails the bench instead of hanging it.
    sock.setTimeout(TIMEOUT_MS, () => sock.destroy(new Error(`redis: no reply within ${TIMEOUT_MS} ms`)));
  }

  static open(port: number): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const sock = net.connect({ host: "127.0.0.1", port, timeout: TIMEOUT_MS });
      sock.once("timeout", () => sock.destroy(new Error(`redis: no connection within ${TIMEOUT_MS} ms`)));
      sock.setNoDelay(true);
      sock.once("error", reject);
      sock.once("connect", () => { sock.off("error", reject); resolve(new RespConnection(sock)); });
    });
  }

  /** command sends one command and resolves with its reply: a bulk string as bytes, null for nil, else text. */
  command(...args: (string | Buffer)[]): Promise<Buffer | string | null> {
    const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
    for (const a of args) {
      const b = typeof a === "string" ? Buffer.from(a) : a;
      parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from("\r\n"));
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.sock.write(Buffer.concat(parts));
    });
  }

  close(): void {
    this.waiting = null;
    this.sock.destroy();
  }

  private fail(err: Error): void {
    const w = this.waiting;
    this.waiting = null;
    w?.reject(err);
  }

  private settle(): void {
    const eol = this.buffered.indexOf("\r\n");
    if (eol < 0 || this.waiting === null) return;
    const line = this.buffered.subarray(0, eol).toString();
    let reply: Buffer | string | null;
    let used: number;
    if (line[0] === "$") {
      const n = Number(line.slice(1));
      if (n < 0) {
        reply = null;
        used = eol + 2;
      } else {
        if (this.buffered.length < eol + 2 + n + 2) return;
        reply = Buffer.from(this.buffered.subarray(eol + 2, eol + 2 + n));
        used = eol + 2 + n + 2;
      }
    } else if (line[0] === "-") {
      const w = this.waiting;
      this.waiting = null;
      this.buffered = this.buffered.subarray(eol + 2);
      return w.reject(new Error(`redis: ${line.slice(1)}`));
    } else {
      reply = line.slice(1);
      used = eol + 2;
    }
    this.buffered = this.buffered.subarray(used);
    const w = this.waiting;
    this.waiting = null;
    w.resolve(reply);
  }
}

/** RedisCounters are Redis's own counts, from INFO stats and INFO commandstats. */
export interface RedisCounters {
  connections: number;
  /** every command's calls except INFO (which is how they are read) */
  commands: number;
  /** ECHO calls: the guest ends every exchange with one ECHO, so this counts the guest's round trips */
  echo: number;
  get: number;
  byCommand: Map<string, number>;
}

export async function redisCounters(client: Redis): Promise<RedisCounters> {
  const stats = await client.info("stats");
  const cmd = await client.info("commandstats");
  const byCommand = new Map<string, number>();
  for (const m of cmd.matchAll(/cmdstat_([a-z|_-]+):calls=(\d+)/g)) byCommand.set(m[1], Number(m[2]));
  let commands = 0;
  for (const [name, calls] of byCommand) if (name !== "info") commands += calls;
  return {
    connections: Number(/total_connections_received:(\d+)/.exec(stats)?.[1] ?? NaN),
    commands, echo: byCommand.get("echo") ?? 0, get: byCommand.get("get") ?? 0, byCommand,
  };
}

/** delta describes after - before, per command, for error messages. */
export function describeDelta(before: RedisCounters, after: RedisCounters): string {
  const out: string[] = [];
  for (const [name, calls] of after.byCommand) {
    const d = calls - (before.byCommand.get(name) ?? 0);
    if (d !== 0 && name !== "info") out.push(`${name}+${d}`);
  }
  out.push(`connections+${after.connections - before.connections}`);
  return out.join(" ");
}

/**
 * ProviderClock sums the time the identity provider's HTTP server spent on POST requests to one path (its token
 * endpoint), from node's http.server diagnostics channels: from the parsed request (request.start, just before the
 * server's request handler runs) to the response handed to the socket (response.finish). It counts only requests
 * that arrived on the provider's port.
 */
export class ProviderClock {
  /** total nanoseconds and number of finished requests so far */
  totalNs = 0n;
  count = 0;
  private readonly started = new WeakMap<object, bigint>();
  private readonly onStart = (msg: unknown): void => {
    const req = (msg as { request: IncomingMessage }).request;
    if (req.socket.localPort === this.port && req.method === "POST" && (req.url ?? "").split("?")[0] === this.path) {
      this.started.set(req, process.hrtime.bigint());
    }
  };
  private readonly onFinish = (msg: unknown): void => {
    const at = this.started.get((msg as { request: object }).request);
    if (at === undefined) return;
    this.totalNs += process.hrtime.bigint() - at;
    this.count++;
  };

  constructor(private readonly port: number, private readonly path: string) {
    subscribe("http.server.request.start", this.onStart);
    subscribe("http.server.response.finish", this.onFinish);
  }

  close(): void {
    unsubscribe("http.server.request.start", this.onStart);
    unsubscribe("http.server.response.finish", this.onFinish);
  }
}
