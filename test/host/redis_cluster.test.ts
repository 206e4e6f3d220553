// Redis Cluster (assembly/cache/cluster*.ts) as plugin.wasm builds it from redis.clusterAddresses, driven through the
// cache_probe guest in the real shim against a three-master cluster of real redis-server processes that this file
// starts and joins with `redis-cli --cluster create`. Where each key lands is read from the nodes themselves; that
// a redirection was followed is read from the nodes' INFO errorstats (MOVED, ASK sent) and commandstats (ASKING,
// CLUSTER SHARDS received). The last tests stop a master, so they come last.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { loadMiddleware } from "../../host-shim/index.js";
import { startCacheProbe, type ProbeLine } from "../support/cache_probe.js";
import { configRefusal } from "../support/config_refusal.js";
import { compileGuest } from "../support/guests.js";
import { echoBackend, send, serveMiddleware, untilIdle } from "../support/http.js";
import { type ClusterNodeHandle, type RedisCluster, startCluster, until } from "../support/redis_cluster.js";

const PREFIX = "traefikoidc:";
const SESSION_KEY = "an-operator-secret-of-at-least-32-bytes!";
const HEALTH = "/.well-known/oidc-health";
const plugin = new Uint8Array(readFileSync("plugin.wasm"));
let cluster: RedisCluster;
let probeWasm: Uint8Array<ArrayBuffer>;
const cleanups: (() => unknown)[] = [];

before(async () => {
  probeWasm = await compileGuest("cache_probe"); // first: compiling holds the event loop the cluster's start polls on
  cluster = await startCluster(3);
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  await cluster?.stop();
});

type Line = ProbeLine;
type Replica = (...ops: string[]) => Promise<Line[]>;

/** replica builds cache_probe with this redis section; poolDrop 0 keeps one instance, hence one slot map. */
async function replica(redis: Record<string, unknown>, poolDrop = 0.5): Promise<Replica> {
  const probe = await startCacheProbe(probeWasm, { sessionEncryptionKey: SESSION_KEY, redis }, { poolDrop }, cleanups, { followInstance: poolDrop === 0 });
  return async (...ops) => (await probe(...ops)).lines;
}

const clusterConfig = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ enabled: true, clusterAddresses: cluster.addresses, ...extra });
const hex = (s: string): string => Buffer.from(s).toString("hex");
const results = (lines: Line[]): string[] => lines.map((l) => `${l.err} ${l.result}`);
const sum = (maps: Map<string, number>[], name: string): number => maps.reduce((n, m) => n + (m.get(name) ?? 0), 0);
const at = (maps: Map<string, number>[], node: ClusterNodeHandle, name: string): number =>
  maps[cluster.nodes.indexOf(node)].get(name) ?? 0;

async function resetStats(): Promise<void> {
  await Promise.all(cluster.nodes.map((n) => n.admin.config("RESETSTAT")));
}

/** The one node that holds key must be the master of its slot. */
async function assertOnOwner(key: string): Promise<ClusterNodeHandle> {
  const owner = await cluster.ownerOf(await cluster.slotOf(PREFIX + key));
  const holders = await cluster.holders(PREFIX + key);
  assert.deepEqual(holders.map((n) => n.address), [owner.address], `${key} is on the master of its slot only`);
  return owner;
}

/** keysOn returns n distinct keys `<stem>-<i>` whose prefixed slots the given node serves. */
async function keysOn(node: ClusterNodeHandle, stem: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const key = `${stem}-${i}`;
    if ((await cluster.ownerOf(await cluster.slotOf(PREFIX + key))) === node) out.push(key);
  }
  return out;
}

describe("routing by hash slot", () => {
  for (const mode of ["redis", "hybrid"] as const) {
    test(`${mode}: every key lands on the master of its slot, and no node has to redirect`, async () => {
      await resetStats();
      const r = await replica(clusterConfig({ cacheMode: mode }));
      const keys = Array.from({ length: 48 }, (_, i) => `${mode}-route-${i}`);
      for (let i = 0; i < keys.length; i += 8) {
        const batch = keys.slice(i, i + 8);
        const lines = await r(...batch.map((k) => `set ${k} ${hex(k)} 60000`), ...batch.map((k) => `get ${k}`));
        assert.deepEqual(results(lines), [...batch.map(() => "OK 1"), ...batch.map((k) => `OK ${hex(k)}`)]);
      }
      const owners = new Set<string>();
      for (const k of keys) owners.add((await assertOnOwner(k)).address);
      assert.equal(owners.size, 3, "the keys spread over all three masters");
      const errors = await cluster.stats("errorstats");
      assert.deepEqual([sum(errors, "errorstat_MOVED"), sum(errors, "errorstat_ASK")], [0, 0], "routed right the first time");
    });
  }

  test("the Cache contract on the cluster: setIfAbsent, getDel, incr keeps its first TTL, refused TTL, secret store", async () => {
    const r = await replica(clusterConfig());
    const lines = await r("setnx once 61 30000", "setnx once 62 30000", "get once", "getdel once", "getdel once",
      "set gone 63 30000", "del gone", "del gone", "incr ctr 40000", "incr ctr 90000", "incr ctr 90000", "get ctr",
      "set ttl 01 30000", "set ttl 02 0", "get ttl", "sput session alice tokens 60000", "sget session alice",
      "stake session alice", "sget session alice", "skey session bob");
    assert.deepEqual(results(lines).slice(0, 13), ["OK 1", "OK 0", "OK 61", "OK 61", "OK nil", "OK 1", "OK 1", "OK 0",
      "OK 1", "OK 2", "OK 3", `OK ${hex("3")}`, "OK 1"]);
    assert.deepEqual([lines[13].err, results(lines)[14]], ["ERR_CACHE_INVALID_TTL", "OK nil"]);
    assert.deepEqual(results(lines).slice(15, 19), ["OK 1", `OK ${hex("tokens")}`, `OK ${hex("tokens")}`, "OK nil"]);
    const owner = await cluster.ownerOf(await cluster.slotOf(`${PREFIX}ctr`));
    const pttl = await owner.admin.pttl(`${PREFIX}ctr`);
    assert.ok(pttl > 39_000 && pttl <= 40_000, `the creation TTL stays: PTTL ${pttl}`);
    assert.match(lines[19].result, /^v1:session:[A-Za-z0-9_-]{43}$/, "secret store keys carry no hash tag");
    await assertOnOwner("ctr");
  });

  test("a fresh instance learns the slot map with one CLUSTER SHARDS, then each operation is one round trip", async () => {
    const r = await replica(clusterConfig(), 0);
    await resetStats();
    assert.deepEqual(results(await r("get learn-0")), ["OK nil"]);
    let cmds = await cluster.stats("commandstats");
    assert.equal(sum(cmds, "cmdstat_cluster|shards"), 1);
    assert.equal(sum(cmds, "cmdstat_echo"), 2, "one exchange for the map, one for the GET");
    for (let i = 1; i <= 9; i++) assert.deepEqual(results(await r(`get learn-${i}`)), ["OK nil"]);
    cmds = await cluster.stats("commandstats");
    assert.equal(sum(cmds, "cmdstat_cluster|shards"), 1, "the map is a memo of the instance");
    assert.equal(sum(cmds, "cmdstat_echo"), 11);
  });
});

describe("resharding", () => {
  // One instance all along, so that its slot map is what the redirections correct.
  let r: Replica;
  let slot: number;
  let source: ClusterNodeHandle, target: ClusterNodeHandle;
  before(async () => {
    r = await replica(clusterConfig(), 0);
    slot = await cluster.slotOf(`${PREFIX}{mig}`);
    source = await cluster.ownerOf(slot);
    target = cluster.nodes.find((n) => n !== source)!;
  });

  test("ASK during a slot migration: ASKING and the command go to the importing node; the map stays", async () => {
    assert.deepEqual(results(await r(`set {mig}a ${hex("A")} 60000`)), ["OK 1"]);
    assert.deepEqual((await cluster.holders(`${PREFIX}{mig}a`)).map((n) => n.address), [source.address]);
    await target.admin.call("CLUSTER", "SETSLOT", slot, "IMPORTING", source.id);
    await source.admin.call("CLUSTER", "SETSLOT", slot, "MIGRATING", target.id);
    await source.admin.call("MIGRATE", "127.0.0.1", target.port, `${PREFIX}{mig}a`, 0, 5000);
    await resetStats();

    const lines = await r("get {mig}a", `set {mig}b ${hex("B")} 60000`, "incr {mig}c 60000", "setnx {mig}d 44 60000", "get {mig}b");
    assert.deepEqual(results(lines), [`OK ${hex("A")}`, "OK 1", "OK 1", "OK 1", `OK ${hex("B")}`]);
    for (const k of ["a", "b", "c", "d"]) {
      assert.deepEqual((await cluster.holders(`${PREFIX}{mig}${k}`)).map((n) => n.address), [target.address], `{mig}${k}`);
    }
    let [errors, cmds] = await Promise.all([cluster.stats("errorstats"), cluster.stats("commandstats")]);
    assert.equal(at(cmds, target, "cmdstat_asking"), 5, "one ASKING per operation, on the importing node");
    assert.ok(at(errors, source, "errorstat_ASK") >= 5, "the migrating node answered ASK");
    assert.deepEqual([sum(errors, "errorstat_MOVED"), sum(cmds, "cmdstat_cluster|shards")], [0, 0], "ASK changes no map");

    assert.deepEqual(results(await r("get {mig}a")), [`OK ${hex("A")}`]);
    cmds = await cluster.stats("commandstats");
    assert.equal(at(cmds, target, "cmdstat_asking"), 6, "the next call of that slot starts at the source again");
  });

  test("MOVED once the move completes: the retry on the new master carries CLUSTER SHARDS, and the map is current", async () => {
    for (const n of [target, source, ...cluster.nodes.filter((x) => x !== source && x !== target)]) {
      await n.admin.call("CLUSTER", "SETSLOT", slot, "NODE", target.id);
    }
    await resetStats();
    assert.deepEqual(results(await r("get {mig}a")), [`OK ${hex("A")}`]);
    let [errors, cmds] = await Promise.all([cluster.stats("errorstats"), cluster.stats("commandstats")]);
    assert.equal(at(errors, source, "errorstat_MOVED"), 1);
    assert.equal(at(cmds, target, "cmdstat_cluster|shards"), 1, "the map came back with the retried command");
    assert.equal(sum(cmds, "cmdstat_echo"), 2, "two round trips: the MOVED, and the retry with the map");

    const lines = await r("get {mig}b", "get {mig}c", `set {mig}e ${hex("E")} 60000`, "get {mig}a");
    assert.deepEqual(results(lines), [`OK ${hex("B")}`, `OK ${hex("1")}`, "OK 1", `OK ${hex("A")}`]);
    [errors, cmds] = await Promise.all([cluster.stats("errorstats"), cluster.stats("commandstats")]);
    assert.deepEqual([sum(errors, "errorstat_MOVED"), sum(errors, "errorstat_ASK")], [1, 0], "no redirection after the refresh");
    assert.deepEqual((await cluster.holders(`${PREFIX}{mig}e`)).map((n) => n.address), [target.address]);
  });

  test("redis-cli --cluster reshard moves many slots with their keys: one MOVED refreshes the map for all of them", async () => {
    const from = cluster.nodes.find((n) => n !== target)!;
    const keys = await keysOn(from, "reshard", 24);
    assert.deepEqual(results(await r(...keys.map((k) => `set ${k} ${hex(k)} 60000`))), keys.map(() => "OK 1"));
    const before = await Promise.all(keys.map(async (k) => cluster.slotOf(PREFIX + k)));
    await promisify(execFile)(process.env.REDIS_CLI ?? "redis-cli", ["--cluster", "reshard", from.address,
      "--cluster-from", from.id, "--cluster-to", target.id, "--cluster-slots", "2500", "--cluster-yes"]);
    await until("every node to agree on the new owners", async () => {
      const views = await Promise.all(cluster.nodes.map((n) => n.admin.call("CLUSTER", "SLOTS").then((s) => JSON.stringify(sortSlots(s)))));
      return views.every((v) => v === views[0]);
    });
    const moved = (await Promise.all(before.map((s) => cluster.ownerOf(s)))).filter((n) => n === target).length;
    assert.ok(moved >= 2, `keys whose slot moved: ${moved}`);

    await resetStats();
    assert.deepEqual(results(await r(...keys.map((k) => `get ${k}`))), keys.map((k) => `OK ${hex(k)}`));
    const errors = await cluster.stats("errorstats");
    assert.equal(sum(errors, "errorstat_MOVED"), 1, `${moved} keys on moved slots, one MOVED`);
    for (const k of keys) await assertOnOwner(k);
  });
});

describe("failures", () => {
  test("redirections that never end fail after 5 with ERR_CACHE_REJECTED naming the slot", async () => {
    const [a, b] = [await fakeNode(), await fakeNode()];
    a.movedTo = b.port;
    b.movedTo = a.port;
    const r = await replica({ enabled: true, clusterAddresses: [`127.0.0.1:${a.port}`], circuitBreakerThreshold: 1 });
    const [line] = await r("get loop");
    assert.equal(line.err, "ERR_CACHE_REJECTED");
    assert.match(line.detail, /still redirected after 5 redirections \(last: MOVED \d+ 127\.0\.0\.1:\d+\)/);
    assert.equal(a.gets + b.gets, 6, "the first try and 5 redirections");
  });

  test("a server without cluster mode is refused with its own words, and nothing is routed", async () => {
    const plain = await fakeNode({ clusterDisabled: true });
    const r = await replica({ enabled: true, clusterAddresses: [`127.0.0.1:${plain.port}`] });
    const [line] = await r("get k");
    assert.equal(line.err, "ERR_CACHE_REJECTED");
    assert.match(line.detail, /no slot map from 127\.0\.0\.1:\d+: ERR This instance has cluster support disabled/);
    assert.equal(plain.gets, 0);
  });

  test("the configuration refuses db != 0, address beside clusterAddresses, and a malformed seed, naming the key", async () => {
    const seeds = cluster.addresses;
    const refusal = (redis: Record<string, unknown>) => configRefusal(plugin, { config: { redis } });
    assert.deepEqual(pick(await refusal({ enabled: true, clusterAddresses: seeds, db: 2 })),
      ["redis.db", "must be 0 with redis.clusterAddresses: Redis Cluster has database 0 only (it refuses SELECT)"]);
    assert.deepEqual(pick(await refusal({ enabled: true, clusterAddresses: seeds, address: seeds[0] })),
      ["redis.address", "redis.address and redis.clusterAddresses are mutually exclusive: set one"]);
    assert.deepEqual(pick(await refusal({ enabled: true, clusterAddresses: `${seeds[0]}, redis-2` })),
      ["redis.clusterAddresses", "item 1 must be host:port (got \"redis-2\")"]);
    assert.equal(await configRefusal(plugin, { config: {}, settings: { envs: ["REDIS_ENABLED", "REDIS_CLUSTER_ADDRESSES"] },
      env: { REDIS_ENABLED: "true", REDIS_CLUSTER_ADDRESSES: seeds.join(",") } }), null, "the list also comes from the environment");
  });
});

describe("health endpoint and circuit breaker", () => {
  test("health lists the masters with their slots; a stopped master makes it unhealthy and is named", async () => {
    const backend = await echoBackend();
    cleanups.push(() => backend.close());
    const mw = await loadMiddleware(plugin, { config: { redis: clusterConfig({ healthCheckInterval: 0, circuitBreakerTimeout: 0, connectTimeout: 1 }) }, poolDrop: 0 });
    const shim = await serveMiddleware(mw, backend.url);
    cleanups.push(async () => { await shim.close(); await mw.close(); });
    const health = async () => {
      await untilIdle(mw);
      const reply = await send(`${shim.url}${HEALTH}`);
      return { code: reply.status, body: JSON.parse(reply.body.toString()) };
    };
    const up = await health();
    assert.equal(up.code, 200, JSON.stringify(up.body));
    const redis = up.body.cache.redis;
    assert.deepEqual([up.body.status, redis.connected, redis.topology, redis.nodes], ["healthy", true, "cluster", 3]);
    assert.match(redis.latency, /^\d+(µs|ms)$/);
    assert.deepEqual(redis.masters.map((m: { node: string }) => m.node).sort(), [...cluster.addresses].sort());
    assert.equal(redis.masters.reduce((n: number, m: { slots: number }) => n + m.slots, 0), 16384);
    assert.ok(redis.masters.every((m: { connected: boolean; latency: string }) => m.connected && /^\d+(µs|ms)$/.test(m.latency)));

    const victim = cluster.nodes[2];
    const victimKey = (await keysOn(victim, "victim", 1))[0];
    const r = await replica(clusterConfig({ connectTimeout: 1 }), 0);
    await victim.server.stop();
    const [line] = await r(`get ${victimKey}`);
    assert.equal(line.err, "ERR_CACHE_UNAVAILABLE");
    assert.ok(line.detail.startsWith(`redis cluster node ${victim.address}: `), line.detail);

    const down = await health();
    assert.equal(down.code, 503);
    assert.equal(down.body.status, "unhealthy");
    assert.equal(down.body.cache.redis.connected, false);
    const entry = down.body.cache.redis.masters.find((m: { node: string }) => m.node === victim.address);
    assert.deepEqual([entry?.connected, entry?.latency], [false, undefined]);
    assert.equal(down.body.cache.circuit_breaker.node, victim.address, "the breaker names the node that failed");
  });
});

function pick(r: { key: string; reason: string } | null): [string, string] | null {
  return r === null ? null : [r.key, r.reason];
}

// CLUSTER SLOTS ranges in slot order, so that two nodes' views compare equal.
function sortSlots(ranges: unknown): unknown {
  return (ranges as [number, number, [string, number, string]][])
    .map(([from, to, master]) => [from, to, master[2]]).sort((x, y) => (x[0] as number) - (y[0] as number));
}

interface FakeNode { port: number; gets: number; movedTo: number }

/**
 * fakeNode is a node that claims every slot in CLUSTER SHARDS, answers ECHO, and answers GET with MOVED to
 * movedTo; with clusterDisabled it answers every CLUSTER command as a standalone server does.
 */
async function fakeNode(options: { clusterDisabled?: boolean } = {}): Promise<FakeNode> {
  const node: FakeNode = { port: 0, gets: 0, movedTo: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    let buffered = Buffer.alloc(0);
    sock.on("data", (d) => {
      buffered = Buffer.concat([buffered, d]);
      for (;;) {
        const parsed = parseCommand(buffered);
        if (parsed === null) break;
        buffered = buffered.subarray(parsed.used);
        sock.write(answer(node, parsed.args, options.clusterDisabled ?? false));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  node.port = (server.address() as net.AddressInfo).port;
  cleanups.push(() => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(resolve); }));
  return node;
}

function answer(node: FakeNode, args: string[], clusterDisabled: boolean): string {
  const name = args[0]?.toUpperCase();
  const bulk = (s: string): string => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  if (name === "ECHO") return bulk(args[1] ?? "");
  if (name === "CLUSTER" && clusterDisabled) return "-ERR This instance has cluster support disabled\r\n";
  if (name === "CLUSTER") {
    const self = `*12\r\n${bulk("id")}${bulk("f".repeat(40))}${bulk("port")}:${node.port}\r\n${bulk("ip")}${bulk("127.0.0.1")}` +
      `${bulk("endpoint")}${bulk("127.0.0.1")}${bulk("role")}${bulk("master")}${bulk("health")}${bulk("online")}`;
    return `*1\r\n*4\r\n${bulk("slots")}*2\r\n:0\r\n:16383\r\n${bulk("nodes")}*1\r\n${self}`;
  }
  if (name === "GET") {
    node.gets++;
    return `-MOVED 1234 127.0.0.1:${node.movedTo}\r\n`;
  }
  return "+OK\r\n";
}

// One RESP array of bulk strings from the front of buf, or null until it is complete.
function parseCommand(buf: Buffer): { args: string[]; used: number } | null {
  const line = (from: number): [string, number] | null => {
    const end = buf.indexOf("\r\n", from);
    return end < 0 ? null : [buf.toString("latin1", from, end), end + 2];
  };
  const head = line(0);
  if (head === null) return null;
  const count = Number(head[0].slice(1));
  let at = head[1];
  const args: string[] = [];
  for (let i = 0; i < count; i++) {
    const len = line(at);
    if (len === null) return null;
    const n = Number(len[0].slice(1));
    if (buf.length < len[1] + n + 2) return null;
    args.push(buf.toString("utf8", len[1], len[1] + n));
    at = len[1] + n + 2;
  }
  return { args, used: at };
}
