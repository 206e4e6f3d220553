// RedisCache (assembly/cache/redis.ts) run by the real shim as Traefik runs it, through the redis_probe guest,
// against real redis-server processes started here (open, requirepass, ACL user). Tiny node servers stand in only
// for broken peers: garbage, a wrong ECHO token, an extra reply, a reset. Every middleware drops half of its
// instances (poolDrop 0.5); every request must leave no socket open.

import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { Redis } from "ioredis";
import { loadMiddleware, type LoadOptions } from "../../host-shim/index.js";
import { compileGuest } from "../support/guests.js";
import { send, serveMiddleware } from "../support/http.js";
import { type RedisServer, startRedis } from "../support/redis.js";
import { closedPort } from "../support/peers.js";

const LOOPBACK = "127.0.0.1";
let redis: RedisServer;
let admin: Redis;
let probe: Uint8Array<ArrayBuffer>;
const cleanups: (() => unknown)[] = [];

before(async () => {
  redis = await startRedis();
  admin = new Redis({ port: redis.port, host: LOOPBACK });
  probe = await compileGuest("redis_probe");
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  admin?.disconnect();
  await redis?.stop();
});

interface Line { err: string; result: string; detail: string }
interface Outcome { lines: Line[]; h: Record<string, string> }
/** A probe call; `concurrent` skips the per-request fd check, which a shared fd table makes meaningless then. */
type Probe = (ops: string[], headers?: Record<string, string>, concurrent?: boolean) => Promise<Outcome>;

async function startProbe(options: LoadOptions = {}): Promise<Probe> {
  const mw = await loadMiddleware(probe, { poolDrop: 0.5, fdTableScope: "middleware", ...options });
  const server = await serveMiddleware(mw, "http://127.0.0.1:9"); // the probe never calls next
  cleanups.push(async () => { await server.close(); await mw.close(); });
  return async (ops, headers = {}, concurrent = false) => {
    const reply = await send(server.url, {
      method: "POST", body: ops.join("\n"),
      headers: { "x-redis-port": String(redis.port), ...headers },
    });
    assert.equal(reply.status, 200, `${ops.join("; ")}: ${reply.body.toString()}`);
    const h = Object.fromEntries(Object.entries(reply.headers).map(([k, v]) => [k, String(v ?? "")]));
    if (!concurrent) assert.equal(h["x-redis-open-fds"], "none", "no socket left open after the request");
    const lines = reply.body.toString().split("\n").filter((l) => l.length > 0).map((l) => {
      const [err, result = "", ...rest] = l.split(" ");
      return { err, result, detail: rest.join(" ") };
    });
    return { lines, h };
  };
}

const hex = (b: Uint8Array | string): string => Buffer.from(b).toString("hex");
const results = (o: Outcome): string[] => o.lines.map((l) => `${l.err} ${l.result}`);
let unique = 0;
const fresh = (what: string): string => `${what}-${process.pid}-${++unique}`;

async function stats(): Promise<{ connections: number; calls: Record<string, number> }> {
  const info = await admin.info("stats");
  const connections = Number(/total_connections_received:(\d+)/.exec(info)?.[1]);
  const calls: Record<string, number> = {};
  for (const m of (await admin.info("commandstats")).matchAll(/cmdstat_(\w+):calls=(\d+)/g)) calls[m[1]] = Number(m[2]);
  return { connections, calls };
}

for (const scope of ["middleware", "request"] as const) {
  describe(`contract in redis mode, fdTableScope "${scope}"`, () => {
    let run: Probe;
    before(async () => { run = await startProbe({ fdTableScope: scope }); });

    test("set/get byte-exact (binary value, key with CR LF and spaces), TTL visible in PTTL", async () => {
      const k = fresh("bin"), value = Uint8Array.from({ length: 256 }, (_, i) => i);
      const oddKey = `${k} \r\n*1\r\n$4\r\nPING`;
      const o = await run([`set ${k} ${hex(value)} 60000`, `get ${k}`, `set x:${hex(oddKey)} 0d0a 5000`,
        `get x:${hex(oddKey)}`, `get ${fresh("absent")}`]);
      assert.deepEqual(results(o), ["OK 1", `OK ${hex(value)}`, "OK 1", "OK 0d0a", "OK nil"]);
      assert.deepEqual(await admin.getBuffer(`traefikoidc:${k}`), Buffer.from(value));
      assert.equal(await admin.get(`traefikoidc:${oddKey}`), "\r\n");
      const pttl = await admin.pttl(`traefikoidc:${k}`);
      assert.ok(pttl > 59_000 && pttl <= 60_000, `PTTL ${pttl}`);
      assert.equal(o.h["x-redis-connects"], "1", "one connection for the whole request");
      assert.equal(o.h["x-redis-exchanges"], "5");
    });

    test("setIfAbsent: first wins; getDel: once; del reports presence", async () => {
      const k = fresh("once");
      const o = await run([`setnx ${k} 61 30000`, `setnx ${k} 62 30000`, `get ${k}`, `getdel ${k}`, `getdel ${k}`,
        `set ${k} 63 30000`, `del ${k}`, `del ${k}`]);
      assert.deepEqual(results(o), ["OK 1", "OK 0", "OK 61", "OK 61", "OK nil", "OK 1", "OK 1", "OK 0"]);
      const pttl = await run([`setnx ${fresh("t")} 00 1500`]);
      assert.deepEqual(results(pttl), ["OK 1"]);
    });

    test("incr creates with the TTL, later increments keep it; non-integer is NOT_INTEGER", async () => {
      const k = fresh("ctr"), s = fresh("str");
      const o = await run([`incr ${k} 40000`, `incr ${k} 90000`, `incr ${k} 90000`, `get ${k}`,
        `set ${s} 6162 10000`, `incr ${s} 10000`]);
      assert.deepEqual(results(o).slice(0, 4), ["OK 1", "OK 2", "OK 3", `OK ${hex("3")}`]);
      assert.equal(o.lines[5].err, "ERR_CACHE_NOT_INTEGER");
      assert.match(o.lines[5].detail, /not an integer/);
      const pttl = await admin.pttl(`traefikoidc:${k}`);
      assert.ok(pttl > 39_000 && pttl <= 40_000, `the creation TTL stays: PTTL ${pttl}`);
    });

    test("TTL <= 0 is INVALID_TTL; a refused set removes the old value; setnx and incr change nothing", async () => {
      const k = fresh("ttl"), c = fresh("ctr");
      const o = await run([`set ${k} 01 30000`, `set ${k} 02 0`, `get ${k}`, `setnx ${k} 03 -5`, `get ${k}`,
        `incr ${c} 0`, `get ${c}`]);
      assert.deepEqual(o.lines.map((l) => l.err), ["OK", "ERR_CACHE_INVALID_TTL", "OK", "ERR_CACHE_INVALID_TTL", "OK",
        "ERR_CACHE_INVALID_TTL", "OK"]);
      assert.deepEqual([o.lines[2].result, o.lines[4].result, o.lines[6].result], ["nil", "nil", "nil"]);
    });
  });
}

describe("options: prefix, db, passwords (open server unless stated)", () => {
  let run: Probe;
  before(async () => { run = await startProbe(); });

  test("keyPrefix isolates namespaces", async () => {
    const k = fresh("iso");
    await run([`set ${k} 61 30000`], { "x-redis-prefix": "a:" });
    const o = await run([`get ${k}`, `set ${k} 62 30000`], { "x-redis-prefix": "b:" });
    assert.deepEqual(results(o), ["OK nil", "OK 1"]);
    assert.deepEqual([await admin.get(`a:${k}`), await admin.get(`b:${k}`)], ["a", "b"]);
  });

  test("db selects the database on the fresh connection", async () => {
    const k = fresh("db");
    assert.deepEqual(results(await run([`set ${k} 7a 30000`, `get ${k}`], { "x-redis-db": "3" })), ["OK 1", "OK 7a"]);
    const other = new Redis({ port: redis.port, host: LOOPBACK, db: 3 });
    try {
      assert.equal(await other.get(`traefikoidc:${k}`), "z");
      assert.equal(await admin.get(`traefikoidc:${k}`), null, "not in db 0");
    } finally { other.disconnect(); }
    const bad = await run([`get ${k}`], { "x-redis-db": "99" });
    assert.equal(bad.lines[0].err, "ERR_CACHE_REJECTED");
    assert.match(bad.lines[0].detail, /DB index is out of range/);
  });

  test("requirepass: the right password works, none is NOAUTH, a wrong one is WRONGPASS", async () => {
    const locked = await startRedis({ password: "s3cret" });
    cleanups.push(() => locked.stop());
    const port = String(locked.port);
    const k = fresh("auth");
    assert.deepEqual(results(await run([`set ${k} 01 30000`, `get ${k}`], { "x-redis-port": port, "x-redis-pass": "s3cret" })),
      ["OK 1", "OK 01"]);
    const none = await run([`get ${k}`], { "x-redis-port": port });
    assert.equal(none.lines[0].err, "ERR_CACHE_REJECTED");
    assert.match(none.lines[0].detail, /^redis: NOAUTH/);
    const wrong = await run([`get ${k}`, `get ${k}`], { "x-redis-port": port, "x-redis-pass": "nope" });
    assert.deepEqual(wrong.lines.map((l) => l.err), ["ERR_CACHE_REJECTED", "ERR_CACHE_REJECTED"]);
    assert.match(wrong.lines[0].detail, /^redis: WRONGPASS/);
    assert.equal(wrong.h["x-redis-connects"], "2", "a failed handshake closes the connection: the next call redoes it");
  });

  test("ACL user: AUTH username password", async () => {
    const acl = await startRedis({ args: ["--user", "oidc", "on", ">pw1", "~traefikoidc:*", "+@all"] });
    cleanups.push(() => acl.stop());
    const h = { "x-redis-port": String(acl.port), "x-redis-user": "oidc", "x-redis-pass": "pw1" };
    const k = fresh("acl");
    assert.deepEqual(results(await run([`setnx ${k} 01 30000`, `get ${k}`], h)), ["OK 1", "OK 01"]);
    const outside = await run([`get ${k}`], { ...h, "x-redis-prefix": "other:" });
    assert.equal(outside.lines[0].err, "ERR_CACHE_REJECTED");
    assert.match(outside.lines[0].detail, /NOPERM/);
    const wrong = await run([`get ${k}`], { ...h, "x-redis-pass": "pw2" });
    assert.match(wrong.lines[0].detail, /^redis: WRONGPASS/);
  });
});

describe("failures never trap and never leave a socket", () => {
  let run: Probe;
  before(async () => { run = await startProbe(); });

  test("Redis down is UNAVAILABLE with the net detail; the next request works", async () => {
    const down = await closedPort();
    const o = await run(["get a", "setnx a 01 1000"], { "x-redis-port": String(down) });
    assert.deepEqual(o.lines.map((l) => l.err), ["ERR_CACHE_UNAVAILABLE", "ERR_CACHE_UNAVAILABLE"]);
    assert.match(o.lines[0].detail, /^ERR_NET_REFUSED: connect 127\.0\.0\.1:\d+: ECONNREFUSED$/);
    assert.deepEqual(results(await run([`get ${fresh("after")}`])), ["OK nil"]);
  });

  test("a peer that accepts and never answers is TIMEOUT within the read timeout", async () => {
    const silent = await peer(() => undefined);
    const start = performance.now();
    const o = await run(["get a"], { "x-redis-port": String(silent.port), "x-redis-read-ms": "150" });
    assert.equal(o.lines[0].err, "ERR_CACHE_TIMEOUT");
    assert.match(o.lines[0].detail, /^ERR_NET_TIMEOUT: read 127\.0\.0\.1:\d+: no data in 1\d\d ms$/);
    assert.ok(performance.now() - start < 3000, "the request was not stuck");
  });

  test("a peer answering garbage is PROTOCOL", async () => {
    const p = await peer((s) => s.on("data", () => s.write("@garbage\r\n")));
    const o = await run(["get a"], { "x-redis-port": String(p.port) });
    assert.equal(o.lines[0].err, "ERR_CACHE_PROTOCOL");
    assert.match(o.lines[0].detail, /ERR_RESP_BAD_TYPE/);
  });

  test("a reply stream with a wrong ECHO token, or one reply too many, is PROTOCOL", async () => {
    const wrongToken = await peer(fakeRedis((cmd) => cmd[0] === "ECHO" ? bulk("f".repeat(32)) : "$-1\r\n"));
    const o = await run(["get a", "get b"], { "x-redis-port": String(wrongToken.port) });
    assert.deepEqual(o.lines.map((l) => l.err), ["ERR_CACHE_PROTOCOL", "ERR_CACHE_PROTOCOL"]);
    assert.match(o.lines[0].detail, /integrity token/);
    assert.equal(o.h["x-redis-connects"], "2", "the foreign stream's connection was closed, not reused");
    const extra = await peer(fakeRedis((cmd) => cmd[0] === "ECHO" ? bulk(cmd[1]) + "+OK\r\n" : "$-1\r\n"));
    const x = await run(["get a"], { "x-redis-port": String(extra.port) });
    assert.equal(x.lines[0].err, "ERR_CACHE_PROTOCOL");
    const shifted = await peer(fakeRedis((cmd) => cmd[0] === "GET" ? "$-1\r\n$-1\r\n" : bulk(cmd[1] ?? "")));
    assert.equal((await run(["get a"], { "x-redis-port": String(shifted.port) })).lines[0].err, "ERR_CACHE_PROTOCOL");
  });

  test("a reset of the reused connection is retried once on a fresh one", async () => {
    let connections = 0;
    const p = await peer((s) => {
      const first = ++connections === 1;
      let exchanges = 0;
      fakeRedis((cmd) => cmd[0] === "ECHO" ? bulk(cmd[1]) : "+OK\r\n", () => {
        if (first && ++exchanges === 2) { s.resetAndDestroy(); return false; }
        return true;
      })(s);
    });
    const o = await run(["set a 01 1000", "set a 02 1000"], { "x-redis-port": String(p.port) });
    assert.deepEqual(results(o), ["OK 1", "OK 1"]);
    assert.deepEqual([o.h["x-redis-connects"], o.h["x-redis-retries"]], ["2", "1"]);
  });
});

describe("shared state and costs", () => {
  test("50 concurrent setIfAbsent on one key across two middleware builds: exactly one wins", async () => {
    const a = await startProbe({ fdTableScope: "middleware" });
    const b = await startProbe({ fdTableScope: "request" });
    const k = fresh("race");
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b)([`setnx ${k} ${hex(String(i))} 30000`], {}, true)));
    const lines = all.map((o) => o.lines[0]);
    assert.deepEqual(lines.filter((l) => l.err !== "OK"), [], "no call failed");
    assert.equal(lines.filter((l) => l.result === "1").length, 1);
    assert.equal(all.filter((o) => o.h["x-redis-connects"] !== "1").length, 0, "one connection per request");
    for (const run of [a, b]) assert.deepEqual(results(await run([`get ${k}`])), [`OK ${hex(await admin.get(`traefikoidc:${k}`) ?? "")}`]);
  });

  test("one connection and one exchange per request, measured by Redis INFO", async () => {
    const run = await startProbe();
    const k = fresh("cost");
    await run([`set ${k} 01 30000`]);
    const before = await stats();
    const N = 20;
    for (let i = 0; i < N; i++) assert.deepEqual(results(await run([`get ${k}`])), ["OK 01"]);
    const mid = await stats();
    const three = await run([`get ${k}`, `setnx ${k} 02 1000`, `incr ${fresh("c")} 1000`]);
    const after = await stats();
    assert.equal(mid.connections - before.connections, N, "one connection per GET request");
    assert.equal(mid.calls.get - before.calls.get, N);
    assert.equal(mid.calls.echo - before.calls.echo, N, "one exchange (one ECHO) per GET");
    assert.equal((mid.calls.ping ?? 0) - (before.calls.ping ?? 0), 0, "no health-check PING");
    assert.equal(three.h["x-redis-connects"], "1");
    assert.equal(after.connections - mid.connections, 1, "three operations share one connection");
    assert.equal(after.calls.echo - mid.calls.echo, 3, "one exchange per operation");
  });
});

// A fake Redis: parses RESP command arrays and answers each through reply; `gate` runs once per received chunk
// of whole commands and may stop the exchange (returning false).
function fakeRedis(reply: (cmd: string[]) => string, gate: () => boolean = () => true) {
  return (s: net.Socket): void => {
    let pending = Buffer.alloc(0);
    s.on("data", (d: Buffer) => {
      pending = Buffer.concat([pending, d]);
      const cmds: string[][] = [];
      for (let parsed = parseCommand(pending); parsed; parsed = parseCommand(pending)) {
        cmds.push(parsed.cmd);
        pending = pending.subarray(parsed.used);
      }
      if (cmds.length === 0 || !gate()) return;
      s.write(cmds.map(reply).join(""));
    });
  };
}

function parseCommand(b: Buffer): { cmd: string[]; used: number } | null {
  let at = 0;
  const line = (): string | null => {
    const end = b.indexOf("\r\n", at);
    if (end < 0) return null;
    const text = b.toString("latin1", at, end);
    at = end + 2;
    return text;
  };
  const head = line();
  if (head === null || head[0] !== "*") return null;
  const cmd: string[] = [];
  for (let i = 0; i < Number(head.slice(1)); i++) {
    const len = line();
    if (len === null) return null;
    const n = Number(len.slice(1));
    if (b.length < at + n + 2) return null;
    cmd.push(b.toString("latin1", at, at + n));
    at += n + 2;
  }
  return { cmd, used: at };
}

const bulk = (s: string): string => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;

async function peer(onConnection: (s: net.Socket) => void): Promise<{ port: number }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
    onConnection(s);
  });
  await new Promise<void>((resolve, reject) => { srv.once("error", reject); srv.listen(0, LOOPBACK, resolve); });
  cleanups.push(() => new Promise((resolve) => { for (const s of sockets) s.destroy(); srv.close(resolve); }));
  return { port: (srv.address() as net.AddressInfo).port };
}

