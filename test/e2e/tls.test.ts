// TLS from plugin.wasm, end to end in the shim as Traefik runs it: the identity provider served over HTTPS only
// (oidc-provider behind node's https server) and Redis with TLS only (redis-server --tls-port), each with a
// certificate chain made here (test/support/pki.ts). The guest's own TLS client (assembly/tls) does every
// handshake; the provider and Redis never see plain text. Trust comes from inline PEM or from a PEM file in a
// directory mounted into the plugin, and a configuration that could not verify refuses to start, naming its key.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { Redis } from "ioredis";
import { BuildError, loadMiddleware, type LoadOptions } from "../../host-shim/index.js";
import { echoBackend, serveMiddleware, type Running } from "../support/http.js";
import { type Idp, startIdp } from "../support/idp.js";
import { type Issued, Pki } from "../support/pki.js";
import { type RedisServer, startRedis } from "../support/redis.js";
import { UserAgent } from "../support/user_agent.js";

const plugin = new Uint8Array(readFileSync("plugin.wasm"));
const KEY = "a-session-encryption-key-of-32+-bytes";
const ALICE = { login: "alice", password: "alice-password" };

let pki: Pki;
let root: Issued;
let otherRoot: Issued;
let idp: Idp;
let redis: RedisServer;
let backend: Running;
const cleanups: (() => unknown)[] = [];
const redirectUris: string[] = [];

before(async () => {
  pki = Pki.create();
  root = pki.issue({ subject: "/CN=Test Root CA", key: "rsa2048" });
  otherRoot = pki.issue({ subject: "/CN=Someone Else's Root", key: "p256" });
  const intermediate = pki.issue({ subject: "/CN=Test Intermediate", issuer: root, key: "p256", pathLen: 0 });
  const idpCert = pki.issue({ subject: "/CN=localhost", issuer: intermediate, dns: ["localhost"], key: "p256" });
  const redisCert = pki.issue({ subject: "/CN=redis", issuer: intermediate, ips: ["127.0.0.1"], key: "rsa2048" });
  const caPath = pki.writeBundle("root.pem", root);
  [idp, redis, backend] = await Promise.all([
    startIdp({ tls: { cert: pki.bundle(idpCert, intermediate), key: idpCert.keyPem, ca: root.certPem } }),
    startRedis({ tls: { certPath: pki.writeBundle("redis-chain.pem", redisCert, intermediate), keyPath: redisCert.keyPath, caPath } }),
    echoBackend(),
  ]);
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  await Promise.all([idp?.stop(), redis?.stop(), backend?.close()]);
  pki?.cleanup();
});

function baseConfig(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    providerURL: idp.issuer, clientID: idp.client.id, clientSecret: idp.client.secret, sessionEncryptionKey: KEY,
    forceHTTPS: false, ...extra,
  };
}

/** replica builds plugin.wasm with extra options, serves it and registers its callback; logs are collected. */
async function replica(extra: Record<string, unknown>, load: Partial<LoadOptions> = {}): Promise<{ rp: Running; logs: string[] }> {
  const logs: string[] = [];
  const mw = await loadMiddleware(plugin, { ...load, config: baseConfig(extra), poolDrop: 0.3, onLog: (e) => logs.push(`${e.level}: ${e.message}`) });
  const rp = await serveMiddleware(mw, backend.url);
  cleanups.push(async () => { await rp.close(); await mw.close(); });
  redirectUris.push(`${rp.url}/oauth2/callback`);
  await idp.updateClient(idp.client.id, { redirectUris: [...redirectUris] });
  return { rp, logs };
}

/** buildError returns what the guest logged when loadMiddleware refused a configuration. */
async function buildError(extra: Record<string, unknown>): Promise<string> {
  const logs: string[] = [];
  const error = await loadMiddleware(plugin, { config: baseConfig(extra), onLog: (e) => logs.push(e.message) })
    .then(async (mw) => { await mw.close(); return null; }, (err: unknown) => err);
  assert.ok(error instanceof BuildError, `the build must fail for ${JSON.stringify(extra)}`);
  return logs.join("\n");
}

const userAgent = () => new UserAgent({ ca: root.certPem });
const redisTls = (extra: Record<string, unknown> = {}) => ({
  redis: { enabled: true, address: `127.0.0.1:${redis.port}`, enableTLS: true, caCertPEM: root.certPem, ...extra },
});

describe("TLS to the identity provider", () => {
  test("a full login against an HTTPS-only provider, trusting an inline root (caCertPEM)", async () => {
    assert.ok(idp.issuer.startsWith("https://localhost:"));
    const { rp } = await replica({ caCertPEM: root.certPem });
    const { page } = await userAgent().login(`${rp.url}/app`, ALICE);
    assert.equal(page.status, 200);
    assert.equal(JSON.parse(page.body).headers["x-forwarded-user"], "alice@example.com");
  });

  test("trust from a PEM file in a mounted directory (caCertPath)", async () => {
    const { rp } = await replica({ caCertPath: `${pki.dir}/root.pem` }, { settings: { mounts: [pki.dir] } });
    const { page } = await userAgent().login(`${rp.url}/app`, ALICE);
    assert.equal(page.status, 200);
  });

  test("a provider whose chain does not reach the configured root gets no login: 503, the cause logged", async () => {
    const { rp, logs } = await replica({ caCertPEM: otherRoot.certPem });
    const page = await userAgent().navigate(`${rp.url}/app`, { follow: false });
    assert.equal(page.status, 503);
    assert.ok(logs.some((l) => /tls handshake with localhost:\d+: .*unknown CA/i.test(l)), logs.join("\n"));
  });

  test("insecureSkipVerify logs a loud warning at every instance start, and still logs in", async () => {
    const { rp, logs } = await replica({ insecureSkipVerify: true });
    const { page } = await userAgent().login(`${rp.url}/app`, ALICE);
    assert.equal(page.status, 200);
    assert.ok(logs.some((l) => l.startsWith("warn: insecureSkipVerify is on")), logs.join("\n"));
  });

  test("an https provider without trust anchors refuses to start, naming caCertPath", async () => {
    const message = await buildError({});
    assert.match(message, /key "caCertPath": \/etc\/ssl\/certs\/ca-certificates\.crt: not under any mounted directory .*default bundle: mount \/etc\/ssl\/certs, or set caCertPEM or caCertPath/);
  });

  test("a PEM without a certificate refuses to start, naming caCertPEM", async () => {
    assert.match(await buildError({ caCertPEM: "not a certificate" }), /key "caCertPEM": no certificate in the PEM text/);
  });
});

describe("TLS to Redis", () => {
  test("sessions live in a TLS-only Redis (redis.enableTLS, redis.caCertPEM): login, then served from Redis", async () => {
    const { rp } = await replica({ caCertPEM: root.certPem, ...redisTls() });
    const ua = userAgent();
    const { page } = await ua.login(`${rp.url}/app`, ALICE);
    assert.equal(page.status, 200);
    const admin = new Redis({ host: "127.0.0.1", port: redis.port, tls: { ca: root.certPem }, lazyConnect: true });
    cleanups.push(() => admin.disconnect());
    await admin.connect();
    assert.ok((await admin.keys("traefikoidc:v1:session:*")).length >= 1, "the session is in Redis");
    const again = await ua.navigate(`${rp.url}/again`);
    assert.equal(JSON.parse(again.body).headers["x-forwarded-user"], "alice@example.com");
  });

  test("redis.enableTLS without anchors refuses to start, naming redis.caCertPath", async () => {
    const message = await buildError({ caCertPEM: root.certPem, ...redisTls({ caCertPEM: undefined }) });
    assert.match(message, /key "redis\.caCertPath": \/etc\/ssl\/certs\/ca-certificates\.crt: .*redis\.caCertPEM/);
  });

  test("redis.tlsSkipVerify warns at every instance start; a Redis with an untrusted chain is a Redis outage", async () => {
    const skipped = await replica({ caCertPEM: root.certPem, ...redisTls({ caCertPEM: undefined, tlsSkipVerify: true }) });
    assert.ok(skipped.logs.some((l) => l.startsWith("warn: redis.tlsSkipVerify is on")), skipped.logs.join("\n"));
    const { page } = await userAgent().login(`${skipped.rp.url}/app`, ALICE);
    assert.equal(page.status, 200);

    const distrusted = await replica({ caCertPEM: root.certPem, ...redisTls({ caCertPEM: otherRoot.certPem }) });
    const ua = userAgent();
    // The build's first request meets its fresh instance, whose health check PINGs Redis and says why it failed.
    const first = await ua.fetch(`${distrusted.rp.url}/.well-known/oidc-health`);
    assert.match(JSON.parse(first.body).cache.redis.error, /^ERR_NET_TLS: tls handshake with 127\.0\.0\.1:\d+: unknown CA: no trusted issuer for CN=Test Intermediate/);
    const login = await ua.login(`${distrusted.rp.url}/app`, ALICE);
    assert.equal(login.page.status, 200, "Redis down means fallback, not a failed login");
    const health = await ua.fetch(`${distrusted.rp.url}/.well-known/oidc-health`);
    assert.equal(health.status, 503, "a Redis whose certificate does not verify is a Redis that is down");
    assert.equal(JSON.parse(health.body).cache.redis.connected, false);
  });
});
