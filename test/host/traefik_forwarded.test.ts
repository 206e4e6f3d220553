// The entrypoint's X-Forwarded-* handling (test/fixtures/traefik/static_forwarded.yml): Traefik's own values from an
// untrusted client, the client's kept with forwardedHeaders.insecure or from a peer inside trustedIPs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { runTraefik, taggedBackend, type TraefikRun } from "../support/traefik.js";
import { send, type Running } from "../support/http.js";

const FORWARDED_SENT = {
  "x-forwarded-for": "203.0.113.9",
  "x-forwarded-host": "spoofed.example.com",
  "x-forwarded-proto": "https",
  "x-forwarded-port": "443",
  "x-forwarded-server": "spoofed-server",
  "x-real-ip": "203.0.113.9",
};
const CLIENT_SENT = { host: "svc.example.com", ...FORWARDED_SENT };
let backend: Running;
let run: TraefikRun;

before(async () => {
  backend = await taggedBackend("echo");
  run = await runTraefik("static_forwarded.yml", "dynamic_echo.yml", { BACKEND_ECHO: backend.url });
});
after(async () => {
  await run?.close();
  await backend?.close();
});

/** forwardedSeen is what the backend received in X-Forwarded-* and X-Real-Ip for a request on entryPoint. */
async function forwardedSeen(entryPoint: string): Promise<Record<string, string>> {
  const reply = await send(`${run.url(entryPoint)}/`, { headers: CLIENT_SENT });
  const headers: Record<string, string> = JSON.parse(reply.body.toString()).headers;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith("x-forwarded-") || name === "x-real-ip"));
}

const TRAEFIK_OWN = {
  "x-forwarded-for": "127.0.0.1",
  "x-forwarded-host": "svc.example.com",
  "x-forwarded-proto": "http",
  "x-forwarded-port": "80",
  "x-forwarded-server": hostname(),
  "x-real-ip": "127.0.0.1",
};
// X-Forwarded-Server is always Traefik's own, trusted or not.
const CLIENT_KEPT = { ...FORWARDED_SENT, "x-forwarded-for": "203.0.113.9, 127.0.0.1", "x-forwarded-server": hostname() };

test("an untrusted client's X-Forwarded-* headers are replaced by Traefik's own", async () => {
  assert.deepEqual(await forwardedSeen("untrusted"), TRAEFIK_OWN);
});

test("forwardedHeaders.insecure keeps the client's headers; the proxy appends the peer to X-Forwarded-For", async () => {
  assert.deepEqual(await forwardedSeen("insecure"), CLIENT_KEPT);
});

test("trustedIPs: a peer inside them keeps its headers, a peer outside does not", async () => {
  assert.deepEqual(await forwardedSeen("trusted"), CLIENT_KEPT);
  assert.deepEqual(await forwardedSeen("elsewhere"), TRAEFIK_OWN);
});
