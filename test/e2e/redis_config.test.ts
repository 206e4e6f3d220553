// The `redis` configuration section of plugin.wasm through the real shim: every validation error names its key
// (labels-style strings and CRD-typed values alike), unknown keys refuse the build, and REDIS_* variables listed in
// settings.envs apply only to keys absent from the config.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BuildError, loadMiddleware, type LoadOptions } from "../../host-shim/index.js";
import { send, serveMiddleware, echoBackend } from "../support/http.js";

const plugin = new Uint8Array(readFileSync("plugin.wasm"));

async function buildLogs(options: LoadOptions): Promise<string[]> {
  const logs: string[] = [];
  const error = await loadMiddleware(plugin, { ...options, onLog: (e) => logs.push(`${e.level}: ${e.message}`) })
    .then(async (mw) => { await mw.close(); return null; }, (err: Error) => err);
  assert.ok(error instanceof BuildError, `the build must fail for ${JSON.stringify(options.config)}`);
  return logs;
}

const cases: Array<[string, Record<string, unknown>, string]> = [
  ["db out of range", { enabled: true, address: "127.0.0.1:6379", db: 16 }, `key "redis.db": must be a whole number from 0 to 15`],
  ["negative db", { db: -1 }, `key "redis.db": must be a whole number from 0 to 15`],
  ["unknown cacheMode", { enabled: true, address: "r:6379", cacheMode: "cluster" }, `key "redis.cacheMode": must be one of memory, redis, hybrid (got "cluster")`],
  ["a Redis mode without enabled", { cacheMode: "hybrid" }, `key "redis.cacheMode": "hybrid" needs redis.enabled=true`],
  ["address without port", { enabled: true, address: "redis" }, `key "redis.address": must be host:port (got "redis")`],
  ["address with a bad port", { enabled: true, address: "redis:99999" }, `key "redis.address": port must be a number from 1 to 65535 (got "99999")`],
  ["address with a non-numeric port", { enabled: true, address: "redis:63x9" }, `key "redis.address": port must be a number from 1 to 65535`],
  ["IPv6 without brackets", { enabled: true, address: "::1:6379" }, `key "redis.address": an IPv6 address must be written in brackets`],
  ["enabled without address", { enabled: true }, `key "redis.address": required when redis.enabled is true`],
  ["negative poolSize", { poolSize: -1 }, `key "redis.poolSize": must be a whole number from 1 to 1024`],
  ["negative hybridL1Size", { hybridL1Size: -5 }, `key "redis.hybridL1Size": must be a whole number from 0 to 1000000`],
  ["negative hybridL1MemoryMB", { hybridL1MemoryMB: -1 }, `key "redis.hybridL1MemoryMB": must be a whole number from 0 to 1024`],
  ["negative connectTimeout", { connectTimeout: -1 }, `key "redis.connectTimeout": must be a whole number from 1 to 600`],
  ["negative readTimeout", { readTimeout: -3 }, `key "redis.readTimeout": must be a whole number from 1 to 600`],
  ["negative writeTimeout", { writeTimeout: -3 }, `key "redis.writeTimeout": must be a whole number from 1 to 600`],
  ["negative circuitBreakerTimeout", { circuitBreakerTimeout: -1 }, `key "redis.circuitBreakerTimeout": must be a whole number from 0 to 86400`],
  ["zero circuitBreakerThreshold", { circuitBreakerThreshold: 0 }, `key "redis.circuitBreakerThreshold": must be a whole number from 1 to 1000000`],
  ["negative healthCheckInterval", { healthCheckInterval: -30 }, `key "redis.healthCheckInterval": must be a whole number from 0 to 86400`],
  ["negative hybridL1TTL", { hybridL1TTL: -1 }, `key "redis.hybridL1TTL": must be a whole number from 0 to 86400`],
  ["enableTLS without trust anchors", { enabled: true, address: "r:6379", enableTLS: true },
    `key "redis.caCertPath": /etc/ssl/certs/ca-certificates.crt: not under any mounted directory (none is mounted: list one in the plugin's settings.mounts); it is the default bundle: mount /etc/ssl/certs, or set redis.caCertPEM or redis.caCertPath`],
  ["caCertPEM and caCertPath together", { caCertPEM: "x", caCertPath: "/x.pem" }, `key "redis.caCertPath": caCertPEM and caCertPath are mutually exclusive: set one`],
  ["a caCertPEM without a certificate", { caCertPEM: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" }, `key "redis.caCertPEM": no certificate in the PEM text`],
  ["a non-boolean enabled", { enabled: "yes" }, `key "redis.enabled": must be true or false`],
  ["an unknown key inside redis", { adress: "r:6379" }, `key "redis.adress": unknown key`],
];

for (const [name, redis, expected] of cases) {
  test(`redis config: ${name} refuses the build naming the key (file, labels and CRD typing)`, async () => {
    for (const provider of ["file", "labels", "crd"] as const) {
      const logs = await buildLogs({ config: { redis }, provider });
      assert.equal(logs.length, 1, provider);
      assert.ok(logs[0].startsWith(`error: config: ${expected}`), `${provider}: ${logs[0]}`);
    }
  });
}

test("redis config: labels-style strings are validated like typed values", async () => {
  const logs = await buildLogs({ config: { redis: { enabled: "true", address: "127.0.0.1:6379", db: "16" } } });
  assert.deepEqual(logs, [`error: config: key "redis.db": must be a whole number from 0 to 15`]);
});

test("redis config: `redis` must be an object", async () => {
  const logs = await buildLogs({ config: { redis: "on" }, provider: "crd" });
  assert.deepEqual(logs, [`error: config: key "redis": must be an object`]);
});

test("redis config: an empty `redis` section builds under every provider (the file provider sends it as \"\")", async () => {
  for (const provider of ["file", "labels", "crd"] as const) {
    const mw = await loadMiddleware(plugin, { config: { redis: {} }, provider });
    await mw.close();
  }
});

test("redis config: healthPath must be a path", async () => {
  const logs = await buildLogs({ config: { healthPath: "health" } });
  assert.deepEqual(logs, [`error: config: key "healthPath": must be a path starting with "/", without "?" or "#"`]);
});

test("redis config: every option with a valid value builds, typed and as strings", async () => {
  const redis = {
    enabled: true, address: "[::1]:6379", password: "p", username: "u", db: 15, keyPrefix: "x:", cacheMode: "hybrid",
    poolSize: 20, connectTimeout: 1, readTimeout: 2, writeTimeout: 2, enableTLS: false, tlsSkipVerify: false,
    enableCircuitBreaker: false, circuitBreakerThreshold: 3, circuitBreakerTimeout: 10, enableHealthCheck: false,
    healthCheckInterval: 0, hybridL1Size: 100, hybridL1MemoryMB: 1, hybridL1TTL: 5,
  };
  for (const provider of ["file", "labels", "crd"] as const) {
    const mw = await loadMiddleware(plugin, { config: { redis, healthPath: "/hc" }, provider });
    await mw.close();
  }
});

test("redis config: a REDIS_* variable listed in settings.envs applies when the key is absent, and is named in errors", async () => {
  const envs = ["REDIS_ENABLED", "REDIS_ADDRESS", "REDIS_DB"];
  const logs = await buildLogs({
    config: {}, settings: { envs }, env: { REDIS_ENABLED: "true", REDIS_ADDRESS: "127.0.0.1:6379", REDIS_DB: "16" },
  });
  assert.deepEqual(logs, [`error: config: key "redis.db": must be a whole number from 0 to 15 (from environment variable REDIS_DB)`]);
  // The same variables are ignored for keys the config sets.
  const mw = await loadMiddleware(plugin, {
    config: { redis: { db: 3 } }, settings: { envs }, env: { REDIS_DB: "16" },
  });
  await mw.close();
  // A variable not listed in settings.envs never reaches the guest.
  const unlisted = await loadMiddleware(plugin, { config: {}, settings: { envs: [] }, env: { REDIS_DB: "16" } });
  await unlisted.close();
  // Listed but unset (Traefik passes NAME=""): treated as absent.
  const unset = await loadMiddleware(plugin, { config: {}, settings: { envs: ["REDIS_DB", "REDIS_ENABLED"] }, env: {} });
  await unset.close();
});

test("redis config: REDIS_ENABLE_TLS=true without trust anchors is refused, never a silent plain-text connection", async () => {
  const logs = await buildLogs({
    config: { redis: { enabled: true, address: "127.0.0.1:6379" } },
    settings: { envs: ["REDIS_ENABLE_TLS"] }, env: { REDIS_ENABLE_TLS: "true" },
  });
  assert.equal(logs.length, 1);
  assert.match(logs[0], /^error: config: key "redis\.caCertPath": \/etc\/ssl\/certs\/ca-certificates\.crt: not under any mounted directory/);
});

test("redis config: env fallbacks select the mode the health endpoint reports", async () => {
  const backend = await echoBackend();
  const envs = ["REDIS_ENABLED", "REDIS_ADDRESS", "REDIS_CACHE_MODE"];
  const env = { REDIS_ENABLED: "true", REDIS_ADDRESS: "127.0.0.1:1", REDIS_CACHE_MODE: "hybrid" };
  for (const [config, mode] of [[{}, "hybrid"], [{ redis: { cacheMode: "redis" } }, "redis"]] as const) {
    const mw = await loadMiddleware(plugin, { config, settings: { envs }, env });
    const shim = await serveMiddleware(mw, backend.url);
    const reply = await send(`${shim.url}/.well-known/oidc-health`);
    assert.equal(JSON.parse(reply.body.toString()).cache.mode, mode);
    await shim.close();
    await mw.close();
  }
  await backend.close();
});
