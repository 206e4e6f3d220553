// `make demo`: plugin.wasm in the shim in front of an echo backend, the way Traefik would run it, until Ctrl-C.
// The full multi-replica OIDC demo (identity provider, Redis, several replicas) replaces this as the layers land.

import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { loadMiddleware, proxyTo } from "../index.js";

const port = Number(process.env.PORT ?? 8080);
const backend = createServer((req, res) => {
  res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
  res.end(`echo backend: ${req.method} ${req.url}\n${JSON.stringify(req.headers, null, 2)}\n`);
});
await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
const backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;

const middleware = await loadMiddleware(new Uint8Array(readFileSync("plugin.wasm")), {
  config: { logLevel: "info" },
  onLog: (e) => console.log(`[plugin ${e.level}] ${e.message}`),
});
const next = proxyTo(backendUrl);
const front = createServer((req, res) => void middleware.handle(req, res, next));
await new Promise<void>((resolve) => front.listen(port, "127.0.0.1", resolve));

console.log(`plugin.wasm (${middleware.personality} host) is serving http://127.0.0.1:${port}/ in front of ${backendUrl}`);
console.log(`try: curl -i http://127.0.0.1:${port}/hello`);
console.log("Ctrl-C stops everything this demo started.");

process.once("SIGINT", async () => {
  front.close();
  backend.close();
  await middleware.close();
  process.exit(0);
});
