// Both fd-table scopes through the real pool: today's Traefik shares one table per build, the pending fix gives
// each request its own and closes it at the end (traefik-wasm-host.md §5.8).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { loadMiddleware, type LoadOptions } from "../../host-shim/index.js";
import { compileGuest } from "../support/guests.js";
import { send, serveMiddleware } from "../support/http.js";
import { startRedis, type RedisServer } from "../support/redis.js";

let redis: RedisServer;
let keeper: Uint8Array<ArrayBuffer>;
before(async () => {
  redis = await startRedis();
  keeper = await compileGuest("fd_keeper");
});
after(() => redis.stop());

async function openThenPing(options: LoadOptions): Promise<[string, string]> {
  const mw = await loadMiddleware(keeper, options);
  const server = await serveMiddleware(mw, "http://127.0.0.1:9");
  try {
    const opened = await send(server.url, { headers: { "x-probe": `open ${redis.port}` } });
    const pinged = await send(server.url, { headers: { "x-probe": "ping" } });
    return [String(opened.headers["x-result"]), String(pinged.headers["x-result"])];
  } finally {
    await server.close();
    await mw.close();
  }
}

test("middleware scope: an fd opened in one request is still open in the next (Traefik today)", async () => {
  const [opened, pinged] = await openThenPing({ fdTableScope: "middleware" });
  assert.equal(opened, "fd 3");
  assert.equal(pinged, "+PONG");
});

test("request scope: every fd a request opened is closed when it ends, so a kept fd is EBADF", async () => {
  const [opened, pinged] = await openThenPing({ fdTableScope: "request" });
  assert.equal(opened, "fd 3");
  assert.equal(pinged, "errno 8");
});
