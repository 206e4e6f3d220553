// The shim as Traefik with plugin.wasm as a local plugin (test/fixtures/traefik/static.yml): the plugin in a router's
// chain, chained with itself, fed settings.envs, refused by a router when its build fails, and disabled with the
// other plugins when plugins-local/ does not hold it. Without providerURL the plugin passes requests through and
// answers its health endpoint, which is how these tests see it in the chain.
import { after, before, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { layOut, runTraefik, taggedBackend, type TraefikRun } from "../support/traefik.js";
import { send, type Running } from "../support/http.js";

const HEALTH = "/.well-known/oidc-health";
let backend: Running;

before(async () => { backend = await taggedBackend("app"); });
after(() => backend?.close());

/** start runs the shim for one test, which stops it when it ends. */
async function start(t: TestContext, dynamicFixture: string, env: NodeJS.ProcessEnv = {}, dir?: string): Promise<TraefikRun> {
  const run = await runTraefik("static.yml", dynamicFixture, { BACKEND_APP: backend.url, ...env }, dir);
  t.after(() => run.close());
  return run;
}

function get(run: TraefikRun, host: string, path = "/") {
  return send(`${run.url()}${path}`, { headers: { host } });
}

function pick(object: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, object[k]]));
}

test("plugin.wasm serves in its router's chain: it answers its health endpoint and passes other requests on", async (t) => {
  const run = await start(t, "dynamic_plugin.yml");
  const health = await get(run, "app.example.com", HEALTH);
  assert.equal(health.status, 200);
  assert.equal(JSON.parse(health.body.toString()).cache.mode, "memory");
  const passed = await get(run, "app.example.com", "/page");
  assert.equal(JSON.parse(passed.body.toString()).url, "/page");
  // A router without the middleware sends the health path to the backend.
  assert.equal(JSON.parse((await get(run, "plain.example.com", HEALTH)).body.toString()).tag, "app");
  assert.ok(run.traefik.middlewares.get("oidc-auth@file"), "the build is exposed by its qualified name");
  assert.match(run.logs[0], / INF Loading plugins\.\.\. plugins=\["oidc"\]$/);
  assert.match(run.logs[1], / INF Plugins loaded\. plugins=\["oidc"\]$/);
});

test("two plugin middlewares chain: each answers its own health path, the backend is behind both", async (t) => {
  const run = await start(t, "dynamic_plugin.yml");
  assert.equal((await get(run, "chained.example.com", "/health-a")).status, 200);
  assert.equal((await get(run, "chained.example.com", "/health-b")).status, 200);
  const passed = await send(`${run.url()}/page?q=1`, { method: "POST", headers: { host: "chained.example.com" }, body: "through both" });
  const seen = JSON.parse(passed.body.toString());
  assert.deepEqual(pick(seen, "method", "url", "body"), { method: "POST", url: "/page?q=1", body: "through both" });
  // The entrypoint's headers are set once, and the client appears once in X-Forwarded-For.
  assert.deepEqual(pick(seen.headers, "x-forwarded-for", "x-real-ip", "x-forwarded-host"), {
    "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1", "x-forwarded-host": "chained.example.com",
  });
});

test("settings.envs reach the plugin: the REDIS_* variables listed there select the cache mode it reports", async (t) => {
  // Nothing listens on port 1: the health endpoint still names the mode the environment chose.
  const run = await start(t, "dynamic_plugin.yml", { REDIS_ENABLED: "true", REDIS_ADDRESS: "127.0.0.1:1", REDIS_CACHE_MODE: "hybrid" });
  const health = await get(run, "app.example.com", HEALTH);
  assert.equal(JSON.parse(health.body.toString()).cache.mode, "hybrid");
});

test("a middleware that fails to build takes its router out, logged with the router, the middleware and the key", async (t) => {
  const run = await start(t, "dynamic_bad_plugin.yml");
  assert.equal((await get(run, "refused.example.com")).status, 404);
  assert.equal((await get(run, "undeclared.example.com")).status, 404);
  assert.equal(JSON.parse((await get(run, "fine.example.com")).body.toString()).tag, "app");
  const plugin = run.logs.find((l) => l.includes("middlewareName=misconfigured@file"));
  assert.match(plugin ?? "", / ERR config: key "sessionTimeout": unknown key entryPointName=web middlewareName=misconfigured@file middlewareType=wasm routerName=refused@file$/);
  const router = run.logs.find((l) => l.includes("building Wasm middleware"));
  assert.match(router ?? "", / ERR error="building Wasm middleware: creating middleware: wasm: error instantiating guest: .*" entryPointName=web routerName=refused@file$/);
  assert.ok(run.logs.some((l) => l.endsWith(`ERR error="middleware \\"nowhere@file\\" does not exist" entryPointName=web routerName=undeclared@file`)));
  assert.equal(run.traefik.middlewares.size, 0);
});

test("a plugin missing from plugins-local disables the plugins, as in Traefik: their routers 404, the others serve", async (t) => {
  const dir = layOut("static.yml", "dynamic_plugin.yml");
  rmSync(join(dir, "plugins-local"), { recursive: true });
  const run = await start(t, "dynamic_plugin.yml", {}, dir);
  assert.equal((await get(run, "app.example.com", HEALTH)).status, 404);
  assert.equal(JSON.parse((await get(run, "plain.example.com")).body.toString()).tag, "app");
  const disabled = run.logs.find((l) => l.includes("Plugins are disabled"));
  assert.match(disabled ?? "", / ERR Plugins are disabled because an error has occurred\. error="failed to read the plugin manifest .*\.traefik\.yml: ENOENT.*" plugins=\["oidc"\]$/);
});
