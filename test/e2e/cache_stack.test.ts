// The cache as plugin.wasm builds it from its configuration (memory, redis and hybrid modes behind the circuit
// breaker, and the SecretStore over them), driven by the cache_probe guest in the real shim against redis-servers
// started here. Middleware builds stand in for Traefik replicas; the servers are stopped and started again on the
// same port to play an outage. Tests that follow one instance's breaker or L1 keep one instance (poolDrop 0, and
// each request waits for it to be idle again); the rest drop instances at random.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Redis } from "ioredis";
import net from "node:net";
import { startCacheProbe, type ProbeLine } from "../support/cache_probe.js";
import { compileGuest } from "../support/guests.js";
import { type RedisServer, startRedis } from "../support/redis.js";

const LOOPBACK = "127.0.0.1";
const SESSION_KEY = "an-operator-secret-of-at-least-32-bytes!";
let probeWasm: Uint8Array<ArrayBuffer>;
const cleanups: (() => unknown)[] = [];

before(async () => { probeWasm = await compileGuest("cache_probe"); });
after(async () => { for (const fn of cleanups.reverse()) await fn(); });

interface Outcome { lines: ProbeLine[]; local: string[]; breaker: string; failures: number; mode: string }
type Replica = (...ops: string[]) => Promise<Outcome>;

/** replica builds the probe with this redis section (and the session key), as one Traefik replica would. */
async function replica(redis: Record<string, unknown>, poolDrop = 0.5): Promise<Replica> {
  const probe = await startCacheProbe(probeWasm, { sessionEncryptionKey: SESSION_KEY, redis }, { poolDrop }, cleanups, { followInstance: poolDrop === 0 });
  return async (...ops) => {
    const { lines, local, h } = await probe(...ops);
    return { lines, local, breaker: h["x-cache-breaker"], failures: Number(h["x-cache-failures"]), mode: h["x-cache-mode"] };
  };
}

async function server(options: Parameters<typeof startRedis>[0] = {}): Promise<{ redis: RedisServer; admin: Redis }> {
  const redis = await startRedis(options);
  // No reconnects: several tests stop this server on purpose.
  const admin = new Redis({ port: redis.port, host: LOOPBACK, password: options.password, lazyConnect: true, retryStrategy: () => null });
  admin.on("error", () => undefined);
  await admin.connect();
  cleanups.push(async () => { admin.disconnect(); await redis.stop(); });
  return { redis, admin };
}

const hex = (s: string): string => Buffer.from(s).toString("hex");
const results = (o: Outcome): string[] => o.lines.map((l) => `${l.err} ${l.result}`);

async function until<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`${what}: not before the deadline`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("secrets in Redis", () => {
  for (const mode of ["redis", "hybrid"] as const) {
    test(`${mode}: no secret appears in any key or value after a run (keyspace scan)`, async () => {
      const { redis, admin } = await server();
      const r = await replica({ enabled: true, address: `${LOOPBACK}:${redis.port}`, cacheMode: mode });
      const secrets: string[] = [];
      for (let i = 0; i < 20; i++) {
        const sid = `sid${i}SECRETsessionid${i}x`, state = `st${i}SECRETstate${i}`, jti = `jti${i}SECRETtokenid`;
        const value = `refreshtokenSECRETvalue${i}`;
        secrets.push(sid, state, jti, value);
        const o = await r(`sput session ${sid} ${value} 60000`, `sput state ${state} ${value} 60000`,
          `sclaim jti ${jti} 60000`, `sget session ${sid}`, `stake state ${state}`, `sput state ${state} ${value} 60000`);
        assert.deepEqual(results(o), ["OK 1", "OK 1", "OK 1", `OK ${hex(value)}`, `OK ${hex(value)}`, "OK 1"]);
      }
      const keys = await admin.keys("*");
      assert.equal(keys.length, 60, "session, state and jti entries for 20 logins");
      for (const key of keys) {
        assert.match(key, /^traefikoidc:v1:(session|state|jti):[A-Za-z0-9_-]{43}$/);
        const stored = (await admin.getBuffer(key))!;
        const forms = [stored.toString("latin1"), stored.toString("hex"), stored.toString("base64"), stored.toString("base64url")];
        for (const s of secrets) {
          assert.ok(!key.includes(s) && !forms.some((f) => f.includes(s) || f.includes(hex(s))), `${s} leaked under ${key}`);
        }
        assert.ok(!forms[0].includes("SECRET"), `${key} holds plaintext`);
      }
    });
  }

  test("an entry altered in Redis reads as absent with ERR_CACHE_PROTOCOL, never as its bytes", async () => {
    const { redis, admin } = await server();
    const r = await replica({ enabled: true, address: `${LOOPBACK}:${redis.port}` });
    const key = (await r("sput session alice tokens 60000", "skey session alice")).lines[1].result;
    const stored = (await admin.getBuffer(`traefikoidc:${key}`))!;
    stored[stored.length - 1] ^= 0x01;
    await admin.set(`traefikoidc:${key}`, stored);
    const o = await r("sget session alice");
    assert.deepEqual([o.lines[0].err, o.lines[0].result], ["ERR_CACHE_PROTOCOL", "nil"]);
    assert.match(o.lines[0].detail, /does not open/);
    assert.equal(o.breaker, "closed", "a bad value says nothing about Redis' health");
  });
});

describe("replicas sharing one Redis", () => {
  test("redis mode: two builds see each other's writes, deletes and single-use claims at once", async () => {
    const { redis } = await server();
    const config = { enabled: true, address: `${LOOPBACK}:${redis.port}` };
    const [a, b] = [await replica(config), await replica(config)];
    assert.deepEqual(results(await a(`set k ${hex("v1")} 60000`, "sclaim jti t1 60000")), ["OK 1", "OK 1"]);
    assert.deepEqual(results(await b("get k", "sclaim jti t1 60000", "del k")), [`OK ${hex("v1")}`, "OK 0", "OK 1"]);
    assert.deepEqual(results(await a("get k")), ["OK nil"]);
  });

  test("hybrid: a delete on one replica is honoured by the other once hybridL1TTL has passed", async () => {
    const { redis, admin } = await server();
    const config = { enabled: true, address: `${LOOPBACK}:${redis.port}`, cacheMode: "hybrid", hybridL1TTL: 1 };
    const [a, b] = [await replica(config, 0), await replica(config, 0)];
    assert.deepEqual(results(await a(`set k ${hex("v1")} 60000`)), ["OK 1"]);
    assert.ok(Number(await admin.pttl("traefikoidc:k")) > 55_000, "the TTL asked for is the TTL in Redis");
    assert.deepEqual(results(await b("get k")), [`OK ${hex("v1")}`]); // now in b's L1
    const filled = performance.now();
    assert.deepEqual(results(await a("del k")), ["OK 1"]);
    // Until the bound, b may still answer from its L1 (documented); from the bound on it must not.
    await until("hybridL1TTL to pass", async () => (performance.now() > filled + 1000 ? true : undefined));
    assert.deepEqual(results(await b("get k")), ["OK nil"]);
    assert.equal(await admin.exists("traefikoidc:k"), 0);
  });
});

describe("outages", () => {
  test("Redis killed mid-run: failures up to the threshold, then memory at once, then Redis again after it returns", async () => {
    const { redis } = await server();
    const port = redis.port;
    const r = await replica({ enabled: true, address: `${LOOPBACK}:${port}`, circuitBreakerThreshold: 3, circuitBreakerTimeout: 1, connectTimeout: 1 }, 0);
    assert.deepEqual(results(await r(`set before ${hex("x")} 60000`)), ["OK 1"]);
    await redis.stop();

    const failing = await r(`set a ${hex("1")} 60000`, `set b ${hex("2")} 60000`, `set c ${hex("3")} 60000`, `set d ${hex("4")} 60000`, "get d");
    assert.deepEqual(failing.lines.map((l) => l.err), ["ERR_CACHE_UNAVAILABLE", "ERR_CACHE_UNAVAILABLE", "ERR_CACHE_UNAVAILABLE", "OK", "OK"]);
    assert.match(failing.lines[2].detail, /circuit breaker open$/);
    assert.deepEqual(failing.local, ["0", "0", "0", "1", "1"], "after the third failure memory serves, without a connect");
    assert.equal(failing.lines[4].result, hex("4"));
    assert.equal(failing.breaker, "open");

    const back = await startRedis({ port });
    cleanups.push(() => back.stop());
    const closed = await until("the breaker to close after Redis returns", async () => {
      const o = await r(`set after ${hex("y")} 60000`);
      return o.breaker === "closed" && o.local[0] === "0" ? o : undefined;
    });
    assert.deepEqual(results(closed), ["OK 1"]);
    const admin = new Redis({ port, host: LOOPBACK });
    cleanups.push(() => admin.disconnect());
    assert.equal(await admin.get("traefikoidc:after"), "y");
    assert.deepEqual(results(await r("get d")), ["OK nil"], "what memory held during the outage is dropped, never served later");
  });

  test("instances dropped at random during an outage: every request answered, a new instance goes to memory after one failure", async () => {
    const { redis } = await server();
    const r = await replica({ enabled: true, address: `${LOOPBACK}:${redis.port}`, circuitBreakerThreshold: 5, circuitBreakerTimeout: 3600 });
    await redis.stop();
    let local = 0;
    for (let i = 0; i < 30; i++) {
      const o = await r(`set k${i} ${hex("v")} 60000`, `get k${i}`);
      assert.ok(o.lines.every((l) => l.err === "OK" || l.err === "ERR_CACHE_UNAVAILABLE"), JSON.stringify(o.lines));
      if (o.local[1] === "1") local++;
    }
    assert.ok(local >= 15, `gets served from memory: ${local} of 30`);
  });

  test("a wrong password is ERR_CACHE_REJECTED with the server's text, and opens the breaker", async () => {
    const { redis } = await server({ password: "right" });
    const r = await replica({ enabled: true, address: `${LOOPBACK}:${redis.port}`, password: "wrong", circuitBreakerThreshold: 1 }, 0);
    const o = await r(`set k ${hex("v")} 60000`, "get k");
    assert.equal(o.lines[0].err, "ERR_CACHE_REJECTED");
    assert.match(o.lines[0].detail, /WRONGPASS/);
    assert.deepEqual([results(o)[1], o.local[1], o.breaker], ["OK nil", "1", "open"]);
  });

  test("a listener that never answers costs readTimeout once, then the breaker serves from memory", async () => {
    const accepted: net.Socket[] = [];
    const silent = net.createServer((s) => void accepted.push(s)); // never reads, so never sees the guest's FIN
    await new Promise<void>((resolve) => silent.listen(0, LOOPBACK, resolve));
    cleanups.push(() => new Promise((resolve) => { for (const s of accepted) s.destroy(); silent.close(resolve); }));
    const port = (silent.address() as net.AddressInfo).port;
    const r = await replica({ enabled: true, address: `${LOOPBACK}:${port}`, readTimeout: 1, circuitBreakerThreshold: 1 }, 0);
    const o = await r(`set k ${hex("v")} 60000`, "get k");
    assert.equal(o.lines[0].err, "ERR_CACHE_TIMEOUT");
    assert.deepEqual([results(o)[1], o.local[1], o.breaker], ["OK nil", "1", "open"]);
  });
});
