// shim.request.passthrough: one request through plugin.wasm in the shim, against the same front server and
// proxy without the middleware, same backend, same run.

import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { loadMiddleware, proxyTo, type Next } from "../host-shim/index.js";
import { row, timeAsync, type Row } from "./lib.js";

const ITERATIONS = 1000;

export async function bench(): Promise<Row[]> {
  const backend = await serve((_req, res) => res.end("ok"));
  const next = proxyTo(backend.url);
  const mw = await loadMiddleware(new Uint8Array(readFileSync("plugin.wasm")));
  const withPlugin = await serve((req, res) => void mw.handle(req, res, next));
  const plain = await serve((req, res) => void forward(req, res, next));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const shimUs = await timeAsync(() => get(withPlugin.url, agent), ITERATIONS);
    const plainUs = await timeAsync(() => get(plain.url, agent), ITERATIONS);
    return [row("shim.request.passthrough", shimUs, "us/request", "same proxy without middleware", plainUs)];
  } finally {
    agent.destroy();
    await Promise.all([withPlugin.close(), plain.close(), backend.close()]);
    await mw.close();
  }
}

async function forward(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
  const down = await next({ method: req.method ?? "GET", uri: req.url ?? "/", host: req.headers.host ?? "", clientIp: "127.0.0.1", headers: [], body: req });
  res.writeHead(down.status, down.headers.flat());
  down.body.pipe(res);
}

function get(url: string, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      res.resume();
      res.on("end", resolve);
    }).on("error", reject).end();
  });
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
