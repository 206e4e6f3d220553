// The health endpoint of plugin.wasm through the real shim, against a redis-server that the test stops and starts
// again on the same port. Instances are dropped at random (poolDrop 0.5), so each answer is one instance's view:
// the test waits on what every instance must eventually report, never on a particular instance's memory.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import { loadMiddleware } from "../../host-shim/index.js";
import { echoBackend, send, serveMiddleware, untilIdle } from "../support/http.js";
import { type RedisServer, startRedis } from "../support/redis.js";

const plugin = new Uint8Array(readFileSync("plugin.wasm"));
const HEALTH = "/.well-known/oidc-health";
let redis: RedisServer;
let backend: Awaited<ReturnType<typeof echoBackend>>;
const cleanups: (() => unknown)[] = [];

before(async () => {
  redis = await startRedis();
  backend = await echoBackend();
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  await backend?.close();
  await redis?.stop();
});

interface Health { code: number; body: any }
type Probe = () => Promise<Health>;

/** serve builds plugin.wasm with redisConfig; poolDrop 0 keeps one instance, for tests that count its PINGs. */
async function serve(redisConfig: Record<string, unknown>, poolDrop = 0.5): Promise<Probe> {
  const mw = await loadMiddleware(plugin, { config: { redis: redisConfig }, poolDrop });
  const shim = await serveMiddleware(mw, backend.url);
  cleanups.push(async () => { await shim.close(); await mw.close(); });
  return async () => {
    if (poolDrop === 0) await untilIdle(mw);
    const reply = await send(`${shim.url}${HEALTH}`);
    return { code: reply.status, body: JSON.parse(reply.body.toString()) };
  };
}

async function until(probe: Probe, cond: (h: Health) => boolean, what: string, timeoutMs = 15_000): Promise<Health> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const h = await probe();
    if (cond(h)) return h;
    if (performance.now() > deadline) throw new Error(`${what}: not before the deadline; last answer ${JSON.stringify(h)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("memory mode: healthy, no redis part, the breaker closed", async () => {
  const probe = await serve({});
  const h = await probe();
  assert.deepEqual(h, { code: 200, body: { status: "healthy", cache: { mode: "memory", circuit_breaker: { state: "closed", failures: 0 } } } });
});

test("redis mode: a PING with its latency while Redis answers; 503 unhealthy while it is down; healthy again after", async () => {
  const address = `127.0.0.1:${redis.port}`;
  const probe = await serve({ enabled: true, address, healthCheckInterval: 0, circuitBreakerThreshold: 1, circuitBreakerTimeout: 0, connectTimeout: 1 });
  const up = await probe();
  assert.equal(up.code, 200);
  assert.equal(up.body.status, "healthy");
  assert.equal(up.body.cache.mode, "redis");
  assert.equal(up.body.cache.redis.connected, true);
  assert.match(up.body.cache.redis.latency, /^\d+(µs|ms)$/);

  await redis.stop();
  const down = await until(probe, (h) => h.code === 503, "unhealthy once Redis is gone");
  assert.equal(down.body.status, "unhealthy");
  assert.equal(down.body.cache.redis.connected, false);
  assert.equal(down.body.cache.redis.latency, undefined);
  assert.ok(down.body.cache.circuit_breaker.failures >= 1);

  redis = await startRedis({ port: redis.port });
  const back = await until(probe, (h) => h.code === 200, "healthy once Redis is back");
  assert.deepEqual([back.body.status, back.body.cache.redis.connected, back.body.cache.circuit_breaker.state], ["healthy", true, "closed"]);
});

/** traffic returns a function that reports the PINGs and connections redis-server saw since traffic was called. */
async function traffic(port: number): Promise<() => Promise<{ pings: number; connections: number }>> {
  const read = async () => {
    const admin = new Redis({ port, host: "127.0.0.1", lazyConnect: true });
    await admin.connect();
    const [stats, commands] = [await admin.info("stats"), await admin.info("commandstats")];
    admin.disconnect();
    return {
      pings: Number(/cmdstat_ping:calls=(\d+)/.exec(commands)?.[1] ?? 0),
      connections: Number(/total_connections_received:(\d+)/.exec(stats)?.[1]),
    };
  };
  const base = await read();
  return async () => {
    const now = await read();
    return { pings: now.pings - base.pings, connections: now.connections - base.connections - 1 }; // minus our own
  };
}

test("healthCheckInterval: one PING per interval per instance, the result reused in between", async () => {
  const own = await startRedis();
  cleanups.push(() => own.stop());
  const since = await traffic(own.port);
  const probe = await serve({ enabled: true, address: `127.0.0.1:${own.port}`, healthCheckInterval: 3600 }, 0);
  for (let i = 0; i < 5; i++) assert.equal((await probe()).code, 200);
  assert.deepEqual(await since(), { pings: 1, connections: 1 });
});

test("enableHealthCheck=false: no PING and no latency; the answer comes from the breaker alone", async () => {
  const own = await startRedis();
  cleanups.push(() => own.stop());
  const since = await traffic(own.port);
  const probe = await serve({ enabled: true, address: `127.0.0.1:${own.port}`, enableHealthCheck: false });
  const h = await probe();
  assert.deepEqual(h.body.cache.redis, { connected: true });
  assert.equal(h.code, 200);
  assert.deepEqual(await since(), { pings: 0, connections: 0 });
});

test("an open breaker answers 503 at once without touching the network until circuitBreakerTimeout", async () => {
  const own = await startRedis();
  const port = own.port;
  const probe = await serve({ enabled: true, address: `127.0.0.1:${port}`, healthCheckInterval: 0, circuitBreakerThreshold: 1, circuitBreakerTimeout: 3600 }, 0);
  assert.equal((await probe()).code, 200);
  await own.stop();
  const open = await until(probe, (h) => h.body.cache.circuit_breaker.state === "open", "the breaker opens");
  assert.deepEqual([open.code, open.body.status, open.body.cache.redis.connected], [503, "unhealthy", false]);
  const back = await startRedis({ port });
  cleanups.push(() => back.stop());
  const since = await traffic(port);
  for (let i = 0; i < 5; i++) assert.equal((await probe()).body.cache.circuit_breaker.state, "open");
  assert.deepEqual(await since(), { pings: 0, connections: 0 }, "no connection while the breaker is open");
});
