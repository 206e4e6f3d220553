// loadBalancer services (test/fixtures/traefik/dynamic_load_balancer.yml): servers taken in turn, the Host header
// passed or not, and Traefik's 502 when a server is down.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runTraefik, taggedBackend, type TraefikRun } from "../support/traefik.js";
import { send, type Running } from "../support/http.js";

let a: Running;
let b: Running;
let run: TraefikRun;

before(async () => {
  [a, b] = await Promise.all([taggedBackend("a"), taggedBackend("b")]);
  run = await runTraefik("static.yml", "dynamic_load_balancer.yml", { BACKEND_A: a.url, BACKEND_B: b.url });
});
after(async () => {
  await run?.close();
  await Promise.all([a?.close(), b?.close()]);
});

async function echo(host: string): Promise<{ tag: string; headers: Record<string, string> }> {
  return JSON.parse((await send(`${run.url()}/`, { headers: { host } })).body.toString());
}

test("round robin alternates between two servers, the first declared first, as Traefik's balancer does", async () => {
  const tags = [];
  for (let i = 0; i < 4; i++) tags.push((await echo("pair.example.com")).tag);
  assert.deepEqual(tags, ["a", "b", "a", "b"]);
});

test("the client's Host reaches the server, unless passHostHeader is false", async () => {
  assert.equal((await echo("pair.example.com")).headers.host, "pair.example.com");
  assert.equal((await echo("own-host.example.com")).headers.host, new URL(a.url).host);
});

test("a server that is down answers 502 Bad Gateway", async () => {
  const reply = await send(`${run.url()}/`, { headers: { host: "down.example.com" } });
  assert.equal(reply.status, 502);
  assert.match(reply.body.toString(), /^Bad Gateway/);
});
