// Redis Sentinel (assembly/cache/sentinel*.ts) through the real configuration and cache stack (the cache_probe
// guest) and through plugin.wasm (build refusals, health endpoint), run by the shim against real processes started
// here from Debian's redis-server: a master, a replica and three sentinels per deployment, passwords on the data
// nodes and on the sentinels. Two deployments: one for the resolution tests and a forced failover (SENTINEL
// FAILOVER) under load, one whose master is killed (SIGKILL) under load.
//
// "Acknowledged" below means what a caller of the cache sees: the guest answered OK for the write and Redis served
// it (not the per-instance memory the breaker falls back to while open). Redis' own async replication can lose
// such writes when a master dies; the guest closes that gap by confirming writes against the replicas (WAIT, then
// ROLE; see sentinel.ts), which is why both failovers below expect no acknowledged write to be missing.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { loadMiddleware, type LoadOptions } from "../../host-shim/index.js";
import { startCacheProbe, type ProbeReply } from "../support/cache_probe.js";
import { configRefusal } from "../support/config_refusal.js";
import { compileGuest } from "../support/guests.js";
import { echoBackend, send, serveMiddleware } from "../support/http.js";
import { closedPort } from "../support/peers.js";
import { type SentinelDeployment, startSentinelDeployment } from "../support/redis_sentinel.js";

const NODE_PASSWORD = "node-secret";
const SENTINEL_PASSWORD = "sentinel-secret";
const HEALTH = "/.well-known/oidc-health";
const LOAD_DEADLINE_MS = 25_000;
const plugin = new Uint8Array(readFileSync("plugin.wasm"));
let probeWasm: Uint8Array<ArrayBuffer>;
let main: SentinelDeployment;
let killed: SentinelDeployment;
const cleanups: (() => unknown)[] = [];

before(async () => {
  const options = { nodePassword: NODE_PASSWORD, sentinelPassword: SENTINEL_PASSWORD };
  [probeWasm, main, killed] = await Promise.all([compileGuest("cache_probe"), startSentinelDeployment(options),
    startSentinelDeployment(options)]);
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  await main?.stop();
  await killed?.stop();
});

/** redisSection is the `redis` configuration of a replica using deployment d through its sentinels. */
function redisSection(d: SentinelDeployment, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    enabled: true, sentinelAddresses: d.sentinelAddresses.join(","), sentinelMasterName: d.masterName,
    sentinelPassword: SENTINEL_PASSWORD, password: NODE_PASSWORD, circuitBreakerTimeout: 1, ...extra,
  };
}

type Outcome = ProbeReply;
type Probe = (...ops: string[]) => Promise<Outcome>;

/**
 * probe builds the cache_probe guest with this redis section, as one Traefik replica would. Unless concurrent,
 * each request must leave no socket open (with concurrent requests the shared fd table shows the others' sockets).
 */
function probe(redis: Record<string, unknown>, options: LoadOptions = {}, concurrent = false): Promise<Probe> {
  return startCacheProbe(probeWasm, { redis }, options, cleanups, { concurrent });
}

const hex = (s: string): string => Buffer.from(s).toString("hex");
const results = (o: Outcome): string[] => o.lines.map((l) => `${l.err} ${l.result}`);

describe("configuration (plugin.wasm refuses the build, naming the key)", () => {
  const refusals: Array<[string, Record<string, unknown>, string, string]> = [
    ["both address and sentinelAddresses", { enabled: true, address: "r:6379", sentinelAddresses: "s:26379", sentinelMasterName: "m" },
      "redis.sentinelAddresses", "redis.sentinelAddresses and redis.address are mutually exclusive: set one"],
    ["sentinelAddresses without sentinelMasterName", { enabled: true, sentinelAddresses: ["s1:26379", "s2:26379"] },
      "redis.sentinelMasterName", "required with redis.sentinelAddresses: the name the sentinels monitor the master under"],
    ["a sentinel address without port", { enabled: true, sentinelAddresses: "s1:26379, s2", sentinelMasterName: "m" },
      "redis.sentinelAddresses", `item 1 must be host:port (got "s2")`],
    ["an IPv6 sentinel without brackets", { sentinelAddresses: "::1:26379", sentinelMasterName: "m" },
      "redis.sentinelAddresses", `item 0 an IPv6 address must be written in brackets, as [::1]:26379 (got "::1:26379")`],
    ["more sentinels than a request may reach", { enabled: true, sentinelAddresses: "a:1,b:1,c:1,d:1,e:1,f:1", sentinelMasterName: "m" },
      "redis.sentinelAddresses", "at most 5 addresses"],
    ["sentinelMasterName alone", { enabled: true, address: "r:6379", sentinelMasterName: "m" },
      "redis.sentinelMasterName", "needs redis.sentinelAddresses"],
    ["sentinelPassword alone", { enabled: true, address: "r:6379", sentinelPassword: "p" },
      "redis.sentinelPassword", "needs redis.sentinelAddresses"],
  ];
  for (const [name, redis, key, reason] of refusals) {
    test(name, async () => {
      assert.deepEqual(await configRefusal(plugin, { config: { redis } }), { key, reason, line: `config: key "${key}": ${reason}` });
    });
  }

  test("REDIS_SENTINEL_* variables fill absent keys, and their errors name the variable", async () => {
    const envs = ["REDIS_ENABLED", "REDIS_SENTINEL_ADDRESSES", "REDIS_SENTINEL_MASTER_NAME"];
    const refusal = await configRefusal(plugin, { settings: { envs },
      env: { REDIS_ENABLED: "true", REDIS_SENTINEL_ADDRESSES: "s1:26379,s2", REDIS_SENTINEL_MASTER_NAME: "m" } });
    assert.equal(refusal?.line, `config: key "redis.sentinelAddresses": item 1 must be host:port (got "s2") (from environment variable REDIS_SENTINEL_ADDRESSES)`);
    const r = await probe({ password: NODE_PASSWORD, sentinelPassword: SENTINEL_PASSWORD }, { settings: { envs },
      env: { REDIS_ENABLED: "true", REDIS_SENTINEL_ADDRESSES: main.sentinelAddresses.join(","), REDIS_SENTINEL_MASTER_NAME: main.masterName } });
    assert.deepEqual(results(await r(`set env-k ${hex("v")} 60000`, "get env-k")), ["OK 1", `OK ${hex("v")}`]);
  });
});

describe("resolution", () => {
  test("every operation runs on the master the sentinels name; writes wait for the replica; nothing stays open", async () => {
    const [master, replica] = main.nodes;
    const r = await probe(redisSection(main));
    const o = await r(`set k ${hex("v1")} 60000`, "get k", `setnx n ${hex("x")} 60000`, `setnx n ${hex("y")} 60000`,
      "incr c 60000", "incr c 60000", "getdel k", "get k", "del n", "del n");
    assert.deepEqual(results(o), ["OK 1", `OK ${hex("v1")}`, "OK 1", "OK 0", "OK 1", "OK 2", `OK ${hex("v1")}`, "OK nil", "OK 1", "OK 0"]);
    assert.equal(o.h["x-sentinel-master"], master.address);
    assert.equal(o.h["x-sentinel-confirms"], "6", "the set, the won setnx, both incr, the getdel and the first del waited; reads, the lost setnx and the empty del did not");
    assert.equal(await main.admin(master.port).get("traefikoidc:c"), "2");
    assert.equal(await main.admin(replica.port).get("traefikoidc:c"), "2", "a confirmed write is on the replica");
  });

  test("a sentinel that is down is skipped: the next one in the list answers", async () => {
    const dead = `127.0.0.1:${await closedPort()}`;
    const r = await probe(redisSection(main, { sentinelAddresses: [dead, ...main.sentinelAddresses] }));
    const o = await r(`set skip ${hex("v")} 60000`);
    assert.deepEqual(results(o), ["OK 1"]);
    assert.equal(o.h["x-sentinel-master"], main.nodes[0].address);
  });

  test("an unknown master name is ERR_CACHE_UNAVAILABLE naming every sentinel asked, and opens the breaker", async () => {
    const r = await probe(redisSection(main, { sentinelMasterName: "nosuchmaster" }), { poolDrop: 0 });
    const o = await r(`set k ${hex("v")} 60000`);
    assert.equal(o.lines[0].err, "ERR_CACHE_UNAVAILABLE");
    for (const s of main.sentinelAddresses) assert.ok(o.lines[0].detail.includes(`sentinel ${s}: does not know a master named "nosuchmaster"`), o.lines[0].detail);
    assert.equal(o.h["x-cache-breaker"], "open");
  });

  test("a wrong sentinelPassword is refused by the sentinel and reported with its words", async () => {
    const r = await probe(redisSection(main, { sentinelPassword: "wrong" }));
    const o = await r(`set k ${hex("v")} 60000`);
    assert.equal(o.lines[0].err, "ERR_CACHE_UNAVAILABLE");
    assert.match(o.lines[0].detail, new RegExp(`sentinel ${main.sentinelAddresses[0]}: WRONGPASS`));
  });

  test("the health endpoint reports the topology: sentinel, master name, master and the sentinel that answered", async () => {
    const backend = await echoBackend();
    const mw = await loadMiddleware(plugin, { config: { redis: redisSection(main, { healthCheckInterval: 0 }) }, poolDrop: 0 });
    const shim = await serveMiddleware(mw, backend.url);
    cleanups.push(async () => { await shim.close(); await mw.close(); await backend.close(); });
    const reply = await send(`${shim.url}${HEALTH}`);
    const body = JSON.parse(reply.body.toString());
    assert.equal(reply.status, 200, reply.body.toString());
    assert.equal(body.status, "healthy");
    const { latency, ...redis } = body.cache.redis;
    assert.match(latency, /^\d+(µs|ms)$/);
    assert.deepEqual(redis, { connected: true, topology: "sentinel", masterName: main.masterName, master: main.nodes[0].address,
      sentinel: main.sentinelAddresses[0] });
  });
});

interface LoadReport {
  acked: Map<string, string>; failed: number; local: number; requests: number; ackedOn: Map<string, number>;
  /** deposed counts writes the guest refused to acknowledge because a replica had taken over the master it wrote to. */
  deposed: number;
}

/**
 * load runs `workers` sequential writers through r until stopWhen() says so (checked between requests) or the
 * deadline: each request sets a fresh key and reads the previous one back. It records every acknowledged write.
 */
async function load(r: Probe, workers: number, stopWhen: (report: LoadReport) => boolean): Promise<LoadReport> {
  const report: LoadReport = { acked: new Map(), failed: 0, local: 0, requests: 0, ackedOn: new Map(), deposed: 0 };
  const deadline = performance.now() + LOAD_DEADLINE_MS;
  await Promise.all(Array.from({ length: workers }, async (_, w) => {
    let previous = "";
    for (let i = 0; !stopWhen(report); i++) {
      if (performance.now() > deadline) throw new Error(`load: the stop condition was not met before the deadline (${JSON.stringify({ ...report, acked: report.acked.size, ackedOn: [...report.ackedOn] })})`);
      const key = `w${w}-${i}`, value = `value-${w}-${i}`;
      const o = await r(`set ${key} ${hex(value)} 600000`, `get ${previous || key}`);
      report.requests++;
      report.deposed += Number(o.h["x-sentinel-deposed"]);
      const [set] = o.lines;
      if (o.local[0] === "1") report.local++;
      else if (set.err === "OK" && set.result === "1") {
        report.acked.set(key, value);
        const on = o.h["x-sentinel-master"];
        report.ackedOn.set(on, (report.ackedOn.get(on) ?? 0) + 1);
        previous = key;
      } else report.failed++;
    }
  }));
  return report;
}

/** missing lists the acknowledged writes that the master the sentinels name now does not hold. */
async function missing(d: SentinelDeployment, acked: Map<string, string>): Promise<string[]> {
  const master = d.admin(await d.untilMaster());
  const keys = [...acked.keys()];
  const values = keys.length > 0 ? await master.mget(keys.map((k) => `traefikoidc:${k}`)) : [];
  return keys.filter((k, i) => values[i] !== acked.get(k));
}

describe("failover under load", () => {
  test("SENTINEL FAILOVER: requests keep being answered, the new master takes writes, no acknowledged write is lost", async (t) => {
    const r = await probe(redisSection(main), {}, true);
    const before = main.nodes[0];
    let replaced: string | undefined;
    let triggered = false;
    const report = await load(r, 2, (rep) => {
      if (!triggered && rep.acked.size >= 40) {
        triggered = true;
        void main.failover().then(() => main.untilMaster(before.port)).then((port) => { replaced = `127.0.0.1:${port}`; });
      }
      return replaced !== undefined && (rep.ackedOn.get(replaced) ?? 0) >= 40;
    });
    t.diagnostic(`requests ${report.requests}, acknowledged ${report.acked.size} (${[...report.ackedOn].map(([m, n]) => `${n} on ${m}`).join(", ")}), failed ${report.failed} (${report.deposed} on a replaced master), served from memory ${report.local}`);
    assert.notEqual(replaced, before.address);
    assert.ok((report.ackedOn.get(before.address) ?? 0) >= 40, "writes were acknowledged by the old master before the failover");
    assert.deepEqual(await missing(main, report.acked), [], "acknowledged writes missing on the new master");

    const health = await send(`${(await healthShim(main)).url}${HEALTH}`);
    assert.equal(JSON.parse(health.body.toString()).cache.redis.master, replaced, "the health endpoint names the new master");
  });

  test("master killed (SIGKILL): requests keep being answered, writes resume on the promoted replica, no acknowledged write is lost", async (t) => {
    const r = await probe(redisSection(killed), {}, true);
    const [before, replica] = killed.nodes;
    let promoted = false;
    let triggered = false;
    const report = await load(r, 2, (rep) => {
      if (!triggered && rep.acked.size >= 40) {
        triggered = true;
        void killed.kill(before.port).then(() => killed.untilMaster(before.port)).then(() => { promoted = true; });
      }
      return promoted && (rep.ackedOn.get(replica.address) ?? 0) >= 40;
    });
    t.diagnostic(`requests ${report.requests}, acknowledged ${report.acked.size} (${[...report.ackedOn].map(([m, n]) => `${n} on ${m}`).join(", ")}), failed ${report.failed} (${report.deposed} on a replaced master), served from memory ${report.local}`);
    assert.deepEqual(await missing(killed, report.acked), [], "acknowledged writes missing on the promoted replica");
  });
});

// plugin.wasm with health checks on every request, one instance, in front of an echo backend.
async function healthShim(d: SentinelDeployment): Promise<{ url: string }> {
  const backend = await echoBackend();
  const mw = await loadMiddleware(plugin, { config: { redis: redisSection(d, { healthCheckInterval: 0 }) }, poolDrop: 0 });
  const shim = await serveMiddleware(mw, backend.url);
  cleanups.push(async () => { await shim.close(); await mw.close(); await backend.close(); });
  return shim;
}
