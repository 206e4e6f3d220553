// The guest network layer (assembly/net) run by the real shim as Traefik runs it (wasi-go sockets, §5), driven by
// the net_probe guest against a real redis-server and loopback servers started here. Every middleware drops half
// of its instances after use (poolDrop 0.5), so nothing may rely on instance memory; every request must leave no
// socket open (the probe reports the fds still open after its closeAll()).

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { loadMiddleware, type LoadOptions } from "../../host-shim/index.js";
import { compileGuest } from "../support/guests.js";
import { send, serveMiddleware } from "../support/http.js";
import { type RedisServer, startRedis } from "../support/redis.js";
import { closedPort, fullBacklog } from "../support/peers.js";

const LOOPBACK = "127.0.0.1";
let redis: RedisServer;
let probe: Uint8Array<ArrayBuffer>;
const cleanups: (() => unknown)[] = [];

before(async () => {
  redis = await startRedis();
  probe = await compileGuest("net_probe");
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  await redis?.stop();
});

interface NetReply { err: string; detail: string; result: string; ms: number; openFds: string; wallMs: number; h: Record<string, string> }
type Probe = (command: string) => Promise<NetReply>;

/** startProbe serves the probe guest in the shim; its `net` sends one `x-net` command and reads the report. */
async function startProbe(options: LoadOptions): Promise<Probe> {
  const mw = await loadMiddleware(probe, { poolDrop: 0.5, ...options });
  const server = await serveMiddleware(mw, "http://127.0.0.1:9"); // the probe never calls next
  cleanups.push(async () => { await server.close(); await mw.close(); });
  return async (command) => {
    const start = performance.now();
    const reply = await send(server.url, { headers: { "x-net": command } });
    assert.equal(reply.status, 200, `${command}: ${reply.body.toString()}`);
    const h = Object.fromEntries(Object.entries(reply.headers).map(([k, v]) => [k, String(v ?? "")]));
    return {
      err: h["x-net-err"], detail: h["x-net-detail"], result: h["x-net-result"] ?? "", ms: Number(h["x-net-ms"]),
      openFds: h["x-net-open-fds"], wallMs: performance.now() - start, h,
    };
  };
}

/** A loopback server whose connections are counted, so tests can wait until every one is closed again. */
interface Peer { port: number; accepted: number; open: number }

async function peer(onConnection: (s: net.Socket) => void, host = LOOPBACK, options: net.ServerOpts = {}): Promise<Peer> {
  const sockets = new Set<net.Socket>();
  const p: Peer = { port: 0, accepted: 0, open: 0 };
  const srv = net.createServer(options, (s) => {
    sockets.add(s);
    p.accepted++;
    p.open++;
    s.on("error", () => undefined);
    s.on("close", () => { p.open--; sockets.delete(s); });
    onConnection(s);
  });
  await new Promise<void>((resolve, reject) => { srv.once("error", reject); srv.listen(0, host, resolve); });
  p.port = (srv.address() as net.AddressInfo).port;
  cleanups.push(() => new Promise((resolve) => { for (const s of sockets) s.destroy(); srv.close(resolve); }));
  return p;
}

/** answers "+PONG" to each PING command; resetOn (1-based) resets the connection on that PING instead. */
const pong = (resetOn = 0) => (s: net.Socket): void => {
  let pending = "", seen = 0;
  s.on("data", (d) => {
    pending += d.toString("latin1");
    for (let at = pending.indexOf("PING\r\n"); at >= 0; at = pending.indexOf("PING\r\n")) {
      pending = pending.slice(at + 6);
      if (++seen === resetOn) return void s.resetAndDestroy();
      s.write("+PONG\r\n");
    }
  });
};


async function until(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`${what}: not before the deadline`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** resumeWhenQueueSettles resumes a paused socket once its unread bytes in the kernel held still for 200 ms. */
async function resumeWhenQueueSettles(s: net.Socket): Promise<void> {
  const key = (port: number) => port.toString(16).toUpperCase().padStart(4, "0");
  const local = `0100007F:${key(s.localPort!)}`, remote = `0100007F:${key(s.remotePort!)}`;
  const unread = async (): Promise<number> => {
    const table = await readFile("/proc/net/tcp", "latin1");
    const row = table.split("\n").map((l) => l.trim().split(/\s+/)).find((f) => f[1] === local && f[2] === remote);
    return row ? parseInt(row[4].split(":")[1], 16) : -1;
  };
  const deadline = performance.now() + 8000;
  for (let last = -1, still = 0; still < 4 && performance.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await unread();
    still = now > 0 && now === last ? still + 1 : 0;
    last = now;
  }
  s.resume();
}

for (const scope of ["middleware", "request"] as const) {
  describe(`fdTableScope "${scope}"`, () => {
    let run: Probe;
    before(async () => { run = await startProbe({ fdTableScope: scope }); });

    test("PING round trips to redis by IPv4 literal reuse one connection and leave no fd open", async () => {
      const r = await run(`ping ${LOOPBACK} ${redis.port} 3`);
      assert.deepEqual([r.err, r.result, r.h["x-net-family"], r.h["x-net-connects"]], ["OK", "+PONG", "4", "1"]);
      assert.equal(r.h["x-net-fd"], "3", "the lowest free fd: nothing leaked by earlier requests");
      assert.equal(r.openFds, "none");
    });

    test("PING by the name localhost resolves through sock_getaddrinfo, IPv4 first", async () => {
      const r = await run(`ping localhost ${redis.port}`);
      assert.deepEqual([r.err, r.result, r.h["x-net-family"], r.openFds], ["OK", "+PONG", "4", "none"]);
    });

    test("PING over IPv6 to ::1, literal and bracketed", async (t) => {
      const v6 = await peer(pong(), "::1").catch((err: NodeJS.ErrnoException) => err);
      if (v6 instanceof Error) return void t.skip(`IPv6 loopback ::1 is unavailable here (${v6.code ?? v6.message})`);
      for (const host of ["::1", "[::1]"]) {
        const r = await run(`ping ${host} ${v6.port}`);
        assert.deepEqual([r.err, r.result, r.h["x-net-family"], r.openFds], ["OK", "+PONG", "6", "none"], host);
      }
    });

    test("a closed port is ERR_NET_REFUSED", async () => {
      const r = await run(`connect ${LOOPBACK} ${await closedPort()} 2000`);
      assert.equal(r.err, "ERR_NET_REFUSED");
      assert.match(r.detail, /^connect 127\.0\.0\.1:\d+: ECONNREFUSED$/);
      assert.equal(r.openFds, "none");
    });

    test("an unknown host is ERR_NET_DNS_FAILED (wasi-go's ECANCELED, §5.4)", async () => {
      const r = await run(`connect no-such-host.invalid 6379 2000`);
      assert.deepEqual([r.err, r.detail], ["ERR_NET_DNS_FAILED", "resolve no-such-host.invalid: ECANCELED"]);
    });

    test("a peer that accepts and never answers: the read times out on time, the request is not stuck", async () => {
      const silent = await peer(() => undefined);
      const r = await run(`read-timeout ${LOOPBACK} ${silent.port} 150`);
      assert.deepEqual([r.err, r.result, r.openFds], ["ERR_NET_TIMEOUT", "-1", "none"]);
      assert.ok(r.ms >= 148 && r.ms < 1000, `read took ${r.ms} ms`);
      assert.ok(r.wallMs < 3000, `request took ${r.wallMs} ms`);
      await until(() => silent.open === 0, "the guest closed the timed-out connection");
    });

    test("a peer that writes and closes: the bytes, then ERR_NET_CLOSED", async () => {
      const eof = await peer((s) => s.end("hello"));
      const r = await run(`read-eof ${LOOPBACK} ${eof.port}`);
      assert.deepEqual([r.err, r.result, r.openFds], ["ERR_NET_CLOSED", "5", "none"]);
    });

    test("a reset is ERR_NET_RESET, retryable only on a connection that had already served an exchange", async () => {
      const fresh = await run(`ping ${LOOPBACK} ${(await peer(pong(1))).port}`);
      assert.deepEqual([fresh.err, fresh.h["x-net-retryable"]], ["ERR_NET_RESET", "0"]);
      const reused = await run(`ping ${LOOPBACK} ${(await peer(pong(2))).port} 2`);
      assert.deepEqual([reused.err, reused.h["x-net-retryable"], reused.openFds], ["ERR_NET_RESET", "1", "none"]);
    });

    test("a 1 MiB SET goes out in bounded partial writes and redis stores all of it", async (t) => {
      const r = await run(`set-large ${LOOPBACK} ${redis.port} ${1 << 20}`);
      assert.deepEqual([r.err, r.result, r.openFds], ["OK", "+OK :1048576", "none"]);
      const sends = Number(/sends=(\d+)/.exec(r.h["x-net-stats"])?.[1]);
      assert.ok(sends >= 16, `1 MiB in 64 KiB sends: ${r.h["x-net-stats"]}`);
      t.diagnostic(`1 MiB SET: ${r.ms} ms, ${r.h["x-net-stats"]}`);
    });

    test("many requests, sequential and concurrent, leave no fd behind", async () => {
      const p = await peer(pong());
      const refused = await closedPort();
      for (let i = 0; i < 10; i++) {
        const r = await run(i % 3 === 2 ? `connect ${LOOPBACK} ${refused} 500` : `ping ${LOOPBACK} ${p.port} 2`);
        assert.equal(r.openFds, "none");
        if (i % 3 !== 2) assert.deepEqual([r.err, r.h["x-net-fd"]], ["OK", "3"]);
      }
      const together = await Promise.all(Array.from({ length: 6 }, () => run(`ping ${LOOPBACK} ${p.port}`)));
      assert.deepEqual(together.map((r) => r.err), Array(6).fill("OK"));
      assert.equal((await run("fds")).openFds, "none");
      await until(() => p.open === 0, "every connection closed by the guest");
      assert.equal(p.accepted, 13);
    });
  });
}

describe("timeouts and guards (shared fd table, as Traefik ships)", () => {
  let run: Probe;
  before(async () => { run = await startProbe({ fdTableScope: "middleware" }); });

  test("connect times out when the peer's accept queue is full and SYNs are dropped", async () => {
    const backlog = await fullBacklog();
    cleanups.push(() => backlog.close());
    const { port, release } = backlog;
    const r = await run(`connect ${LOOPBACK} ${port} 200`);
    release();
    assert.equal(r.err, "ERR_NET_TIMEOUT", r.detail);
    assert.equal(r.detail, `connect 127.0.0.1:${port}: no answer in 200 ms`);
    assert.ok(r.ms >= 198 && r.ms < 1200, `connect took ${r.ms} ms`);
    assert.equal(r.openFds, "none");
  });

  test("writes to a peer that never reads hit EAGAIN, wait in poll_oneoff and time out", async (t) => {
    const stalled = await peer(() => undefined, LOOPBACK, { pauseOnConnect: true });
    const r = await run(`write-flood ${LOOPBACK} ${stalled.port} ${256 << 20} 200`);
    assert.equal(r.err, "ERR_NET_TIMEOUT", r.detail);
    assert.match(r.detail, /^write 127\.0\.0\.1:\d+: \d+ of 262144 bytes sent in 200 ms$/);
    assert.ok(r.ms >= 198 && r.ms < 1200, `the last write took ${r.ms} ms`);
    assert.ok(Number(/waits=(\d+)/.exec(r.h["x-net-stats"])?.[1]) >= 1, `write waits: ${r.h["x-net-stats"]}`);
    assert.equal(r.openFds, "none");
    t.diagnostic(`stalled peer: ${r.result} bytes accepted before the timeout, ${r.h["x-net-stats"]}`);
  });

  test("a write larger than every buffer waits out a peer that stalls, then completes", async (t) => {
    // The peer reads nothing until its kernel receive queue stops growing, so every buffer between it and the
    // guest is full and the guest must get EAGAIN and wait. A timer instead raced the guest on a loaded machine.
    const slow = await peer((s) => void resumeWhenQueueSettles(s), LOOPBACK, { pauseOnConnect: true });
    const r = await run(`write-flood ${LOOPBACK} ${slow.port} ${16 << 20} 10000`);
    assert.deepEqual([r.err, r.result, r.openFds], ["OK", String(16 << 20), "none"], r.detail);
    assert.ok(Number(/waits=(\d+)/.exec(r.h["x-net-stats"])?.[1]) >= 1, `write waits: ${r.h["x-net-stats"]}`);
    t.diagnostic(`stall-then-drain 16 MiB: ${r.wallMs.toFixed(0)} ms for the request, ${r.h["x-net-stats"]}`);
  });

  test("IP literals are parsed without DNS; malformed hosts and ports are refused before any host call", async () => {
    const cases: [string, string, string][] = [
      ["resolve 10.1.2.3", "OK", "10.1.2.3"],
      ["resolve ::ffff:127.0.0.1", "OK", "::ffff:7f00:1"],
      ["resolve [2001:db8::1]", "OK", "2001:db8::1"],
      ["resolve 1:2:3:4:5:6:7:8", "OK", "1:2:3:4:5:6:7:8"],
      ["resolve ::", "OK", "::"],
      ["resolve 1::2::3", "ERR_NET_BAD_ADDRESS", ""],
      ["resolve 1:2:3:4:5:6:7:8:9", "ERR_NET_BAD_ADDRESS", ""],
      ["resolve fe80::1%eth0", "ERR_NET_BAD_ADDRESS", ""],
      ["resolve [::1", "ERR_NET_BAD_ADDRESS", ""],
      ["resolve [10.1.2.3]", "ERR_NET_BAD_ADDRESS", ""],
      ["resolve bad!host", "ERR_NET_BAD_ADDRESS", ""],
      ["resolve a..b", "ERR_NET_BAD_ADDRESS", ""],
      [`connect ${LOOPBACK} 0 100`, "ERR_NET_BAD_ADDRESS", ""],
      [`connect ${LOOPBACK} 65536 100`, "ERR_NET_BAD_ADDRESS", ""],
    ];
    for (const [command, err, result] of cases) {
      const r = await run(command);
      assert.deepEqual([r.err, r.result], [err, result], command);
    }
  });

  test("a connection kept past the start of a request is inert: BAD_FD, retryable, its fd left alone", async () => {
    const r = await run(`stale ${LOOPBACK} ${redis.port}`);
    assert.equal(r.err, "ERR_NET_BAD_FD");
    assert.equal(r.result, "retryable=1 fd-after=-1 raw-close=0", "the layer did not close the old fd itself");
    assert.equal(r.openFds, "none");
  });
});

