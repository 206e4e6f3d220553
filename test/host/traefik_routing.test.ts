// The shim as Traefik: routers chosen by rule and priority (test/fixtures/traefik/dynamic_routing.yml), a router
// with an invalid rule left out, and Go's 404 when nothing matches.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runTraefik, taggedBackend, type TraefikRun } from "../support/traefik.js";
import { send, type Running } from "../support/http.js";

const BACKENDS = ["api", "www", "docs", "ranked", "ranked-longer"];
let backends: Running[];
let run: TraefikRun;

before(async () => {
  backends = await Promise.all(BACKENDS.map(taggedBackend));
  const env = Object.fromEntries(BACKENDS.map((tag, i) => [`BACKEND_${tag.toUpperCase().replace("-", "_")}`, backends[i].url]));
  run = await runTraefik("static.yml", "dynamic_routing.yml", env);
});
after(async () => {
  await run?.close();
  await Promise.all(backends.map((b) => b.close()));
});

/** servedBy is the backend that answered a request for host and path, or the status when none did. */
async function servedBy(host: string, path = "/"): Promise<string | number> {
  const reply = await send(`${run.url()}${path}`, { headers: { host } });
  return reply.status === 200 ? JSON.parse(reply.body.toString()).tag : reply.status;
}

test("routes by Host, PathPrefix, &&, || and !", async () => {
  assert.equal(await servedBy("api.example.com"), "api");
  assert.equal(await servedBy("example.com"), "www");
  assert.equal(await servedBy("www.example.com", "/docs/guide"), "docs");
  assert.equal(await servedBy("www.example.com", "/docs/hidden"), "www");
  assert.equal(await servedBy("www.example.com", "/blog"), "www");
});

test("Host matches case-insensitively and without the Host header's port", async () => {
  assert.equal(await servedBy("API.Example.COM:8443"), "api");
});

test("the longer rule wins, unless the other router sets a higher priority", async () => {
  // docs beat www above by length; ranked (priority 100) beats ranked-longer, whose rule is longer.
  assert.equal(await servedBy("any.example.com", "/ranked/longer/page"), "ranked");
});

test("a router with an invalid rule is logged with its name and not served; the others are", async () => {
  assert.equal(await servedBy("typo.example.com"), 404);
  const line = run.logs.find((l) => l.includes("routerName=typo@file"));
  assert.match(line ?? "", / ERR error="error while parsing rule Hots\(`typo.example.com`\): unsupported function: Hots" entryPointName=web routerName=typo@file$/);
  assert.equal(await servedBy("api.example.com"), "api");
});

test("a request no router matches gets Go's 404 page not found", async () => {
  const reply = await send(`${run.url()}/`, { headers: { host: "nowhere.example.com" } });
  assert.equal(reply.status, 404);
  assert.equal(reply.body.toString(), "404 page not found\n");
  assert.equal(reply.headers["content-type"], "text/plain; charset=utf-8");
});
