// HTTP plumbing for tests: an echo backend, the shim serving a middleware in front of it, and a small client.

import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { proxyTo, type Middleware, type Next } from "../../host-shim/index.js";

export interface Running { url: string; port: number; close(): Promise<void> }

/** listen serves handler on a free loopback port. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Running> {
  const server: Server = createServer(handler);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, port,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** echoBackend answers every request with JSON describing what it received. */
export function echoBackend(): Promise<Running> {
  return listen(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    res.writeHead(200, { "content-type": "application/json", "x-backend": "echo" });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: body.toString("base64") }));
  });
}

/** serveMiddleware puts mw in front of next (by default a proxy to backendUrl). */
export function serveMiddleware(mw: Middleware, next: Next | string): Promise<Running> {
  const downstream = typeof next === "string" ? proxyTo(next) : next;
  return listen((req, res) => { void mw.handle(req, res, downstream); });
}

export interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

/** send makes one request; a connection the server aborts rejects. */
export function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
      res.on("aborted", () => reject(new Error("response aborted")));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/**
 * untilIdle waits until mw has an idle instance, so that the next sequential request reuses the last one instead of
 * racing its release (the reply reaches the client before the instance is back in the pool). Tests that follow
 * one instance's memory (its breaker, its L1, its PING interval) use it with poolDrop 0.
 */
export async function untilIdle(mw: Middleware, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (mw.pool.idleCount === 0) {
    if (performance.now() > deadline) throw new Error("no idle instance before the deadline");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
