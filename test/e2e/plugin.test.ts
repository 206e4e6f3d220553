// plugin.wasm, the very module Traefik loads, in the shim in front of a real HTTP backend.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { BuildError, loadMiddleware, type LoadOptions, type Middleware } from "../../host-shim/index.js";
import { echoBackend, send, serveMiddleware, type Running } from "../support/http.js";

const plugin = new Uint8Array(readFileSync("plugin.wasm"));
let backend: Running;
let mw: Middleware;
let shim: Running;

before(async () => {
  backend = await echoBackend();
  mw = await loadMiddleware(plugin, { poolDrop: 0.5 });
  shim = await serveMiddleware(mw, backend.url);
});
after(async () => {
  await shim.close();
  await mw.close();
  await backend.close();
});

test("plugin.wasm runs on the socket-capable host, as Traefik serves it", () => {
  assert.equal(mw.personality, "wasi-go");
});

test("a GET passes through unchanged: method, path, query and headers", async () => {
  const reply = await send(`${shim.url}/some/path?q=1&r=%20`, { headers: { "x-custom": "value", accept: "text/html" } });
  assert.equal(reply.status, 200);
  const seen = JSON.parse(reply.body.toString());
  assert.equal(seen.method, "GET");
  assert.equal(seen.url, "/some/path?q=1&r=%20");
  assert.equal(seen.headers["x-custom"], "value");
  assert.equal(seen.headers.accept, "text/html");
  assert.equal(reply.headers["x-backend"], "echo");
});

test("non-ASCII header bytes reach the backend untouched, as Traefik passes them", async () => {
  const utf8AsSent = Buffer.from("café ☕", "utf8").toString("latin1");
  const reply = await send(`${shim.url}/`, { headers: { "x-name": utf8AsSent } });
  assert.equal(JSON.parse(reply.body.toString()).headers["x-name"], utf8AsSent);
});

test("request bodies reach the backend byte for byte", async () => {
  const body = Buffer.alloc(200_000);
  for (let i = 0; i < body.length; i++) body[i] = (i * 7) & 0xff;
  const reply = await send(`${shim.url}/upload`, { method: "POST", body, headers: { "content-type": "application/octet-stream" } });
  const seen = JSON.parse(reply.body.toString());
  assert.equal(seen.method, "POST");
  assert.deepEqual(Buffer.from(seen.body, "base64"), body);
});

test("the example configuration in .traefik.yml builds", async () => {
  const manifest = parse(readFileSync(".traefik.yml", "utf8"));
  assert.equal(manifest.runtime, "wasm");
  assert.equal(manifest.type, "middleware");
  for (const provider of ["labels", "file", "crd"] as const) {
    const built = await loadMiddleware(plugin, { config: manifest.testData, provider });
    await built.close();
  }
});

test("an empty or null configuration builds with defaults", async () => {
  for (const config of [undefined, null, {}]) {
    const built = await loadMiddleware(plugin, { config });
    await built.close();
  }
});

async function buildFailure(options: LoadOptions): Promise<{ error: BuildError; logs: string[] }> {
  const logs: string[] = [];
  const error = await loadMiddleware(plugin, { ...options, onLog: (e) => logs.push(`${e.level}: ${e.message}`) })
    .then(() => null, (err: Error) => err);
  assert.ok(error instanceof BuildError, "the build must fail");
  return { error, logs };
}

test("an invalid value refuses the build and the log names the key and the reason", async () => {
  const { error, logs } = await buildFailure({ config: { logLevel: "verbose" } });
  assert.match(error.message, /^building Wasm middleware: creating middleware: wasm: error instantiating guest: wasm error: unreachable/);
  assert.deepEqual(logs, [`error: config: key "logLevel": must be one of debug, info, warn, error, none (got "verbose")`]);
});

test("an unknown key refuses the build rather than being ignored", async () => {
  const { logs } = await buildFailure({ config: { loglevel: "info" } });
  assert.deepEqual(logs, [`error: config: key "loglevel": unknown key`]);
});

test("a value of the wrong type refuses the build", async () => {
  const { logs } = await buildFailure({ config: { logLevel: { level: "info" } }, provider: "crd" });
  assert.deepEqual(logs, [`error: config: key "logLevel": must be a string`]);
});

test("the backend sees Traefik's forwarded headers, and spoofed ones from the client are gone", async () => {
  const reply = await send(`${shim.url}/who`, {
    headers: { "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.6", "x_forwarded_host": "evil", "x-forwarded-proto": "https" },
  });
  const seen = JSON.parse(reply.body.toString()).headers;
  assert.equal(seen["x-forwarded-for"], "127.0.0.1");
  assert.equal(seen["x-real-ip"], "127.0.0.1");
  assert.equal(seen["x-forwarded-proto"], "http");
  assert.equal(seen["x-forwarded-host"], new URL(shim.url).host);
  assert.equal(seen["x-forwarded-port"], String(new URL(shim.url).port));
  assert.equal(seen["x_forwarded_host"], undefined);
});

test("a sessionEncryptionKey shorter than 32 bytes refuses the build, naming the key but not its value", async () => {
  const { logs } = await buildFailure({ config: { sessionEncryptionKey: "too-short-secret" } });
  assert.deepEqual(logs, [`error: config: key "sessionEncryptionKey": must be at least 32 bytes (got 16)`]);
  const built = await loadMiddleware(plugin, { config: { sessionEncryptionKey: "x".repeat(32) } });
  await built.close();
});
