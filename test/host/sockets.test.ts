// The shim's WasmEdge v2 socket host (traefik-wasm-host.md §5) driven by a real AssemblyScript guest running in a
// worker thread: TCP against a real redis-server, connect, getaddrinfo and the fd-table scopes. Waiting, timeouts
// and socket options are in sockets_wait.test.ts.

import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { Errno, errnoOf } from "../../host-shim/sockets/errno.js";
import { SocketHost, SocketScope } from "../../host-shim/sockets/socket_host.js";
import { type RedisServer, startRedis } from "../support/redis.js";
import { REPLY_AT, resp, SocketFixture } from "../support/socket_fixture.js";
import type { SocketGuest } from "../support/socket_guest.js";

let redis: RedisServer;
let fx: SocketFixture;
let host: SocketHost;
let guest: SocketGuest;
let buf: number;
const beginRequest = (): number => fx.beginRequest();
const server = (onConnection?: (s: net.Socket) => void): Promise<number> => fx.server(onConnection);
const closedPort = (): Promise<number> => fx.closedPort();
const exchange = (g: SocketGuest, t: number, fd: number, request: string, replyLen: number): Promise<string> =>
  fx.exchange(g, t, fd, request, replyLen);

before(async () => {
  fx = await SocketFixture.start();
  ({ host, guest, buf } = fx);
  redis = await startRedis();
});

after(async () => {
  await fx?.close();
  await redis?.stop();
});

describe("TCP against redis-server", () => {
  test("PING, SET and GET through the guest's blocking socket", async () => {
    const t = beginRequest();
    const fd = (await guest.call(t, "tcp_connect", redis.port)).result;
    assert.equal(fd, 3, "the first socket of a table gets fd 3 (no mounts)");
    assert.equal(await exchange(guest, t, fd, resp("PING"), 7), "+PONG\r\n");
    assert.equal(await exchange(guest, t, fd, resp("SET", "sockets:k", "hello"), 5), "+OK\r\n");
    // GET through fd_write / fd_read, which take the same path for socket fds.
    const get = resp("GET", "sockets:k");
    await guest.write(buf, Buffer.from(get));
    assert.equal((await guest.call(t, "write_buf", fd, 0, get.length)).result, get.length);
    assert.equal((await guest.call(t, "read_buf", fd, REPLY_AT, 64)).result, 11);
    assert.equal(Buffer.from(await guest.read(buf + REPLY_AT, 11)).toString(), "$5\r\nhello\r\n");
    assert.equal((await guest.call(t, "close_fd", fd)).result, Errno.SUCCESS);
    assert.equal((await guest.call(t, "close_fd", fd)).result, Errno.BADF);
    host.closeTable(t);
  });

  test("a whole PING loop inside one guest call, with and without deferred sends", async () => {
    for (const g of [guest, fx.guestWith({ deferSends: true })]) {
      const table = beginRequest();
      assert.equal((await g.call(table, "redis_ping", redis.port, 500)).result, 0);
      host.closeTable(table);
    }
  });

  test("deferSends: a send's failure surfaces at the socket's next call", async () => {
    const g = fx.guestWith({ deferSends: true });
    const t = beginRequest();
    const fd = (await g.call(t, "open_socket", 1, 2)).result;
    assert.equal((await guest.call(t, "send_buf", fd, 0, 4)).result, -Errno.PIPE, "waiting sender: EPIPE at once");
    assert.equal((await g.call(t, "send_buf", fd, 0, 4)).result, 4, "deferred sender: reported as written");
    assert.equal((await g.call(t, "recv_exact", fd, 0, 4)).result, -Errno.PIPE, "then EPIPE on the next call");
    host.closeTable(t);
  });
});

describe("connect", () => {
  test("a blocking connect to a closed port fails with ECONNREFUSED (14)", async () => {
    assert.equal((await guest.call(beginRequest(), "connect_errno", await closedPort())).result, Errno.CONNREFUSED);
  });

  test("a 128-byte V2 sockaddr connects like the 4-byte form (§5.3)", async () => {
    const t = beginRequest();
    const port = await server();
    const fd = (await guest.call(t, "tcp_connect_v2", port)).result;
    assert.ok(fd >= 3);
    assert.equal((await guest.call(t, "peer_port", fd)).result, port);
    assert.deepEqual(await guest.trace(), [1], "getpeeraddr reports family INET in the V2 buffer");
    host.closeTable(t);
  });

  test("IPv6: a 16-byte address connects an INET6 socket; an IPv4 address on it is EAFNOSUPPORT", async () => {
    const t = beginRequest();
    const srv = net.createServer((s) => s.end("six"));
    await new Promise<void>((resolve) => srv.listen(0, "::1", resolve));
    fx.onClose(() => new Promise((resolve) => srv.close(resolve)));
    const port = (srv.address() as net.AddressInfo).port;
    const fd = (await guest.call(t, "tcp_connect6", port)).result;
    assert.ok(fd >= 3, `tcp_connect6 gave ${fd}`);
    assert.equal((await guest.call(t, "recv_exact", fd, 0, 3)).result, 3);
    assert.equal(Buffer.from(await guest.read(buf, 3)).toString(), "six");
    assert.equal((await guest.call(t, "peer_port", fd)).result, port);
    assert.deepEqual(await guest.trace(), [2], "getpeeraddr reports family INET6");
    const op = async (name: string, payload: object) => (await guest.bridge(name, { t, ...payload })).reply as any;
    const v6 = await op("sock.open", { family: 2, type: 2 });
    const mismatch = await op("sock.connect", { fd: v6.fd, addr: { family: 1, addr: Uint8Array.of(127, 0, 0, 1), port } });
    assert.equal(mismatch.errno, Errno.AFNOSUPPORT);
    host.closeTable(t);
  });

  test("non-blocking connect: EINPROGRESS, FD_WRITE event, SO_ERROR 0, then EISCONN (§5.5)", async () => {
    const t = beginRequest();
    await guest.call(t, "nb_connect", await server(), 5000, 1);
    const [setFlags, first, again, pollErrno, nevents, userdata, type, evErrno, getopt, soError, last] = await guest.trace();
    assert.deepEqual([setFlags, first, pollErrno, nevents, userdata, type, evErrno, getopt, soError, last],
      [0, Errno.INPROGRESS, 0, 1, 1, 2, 0, 0, 0, Errno.ISCONN]);
    // The second call races the loopback handshake: still connecting (EALREADY) or already done (EISCONN).
    assert.ok(again === Errno.ALREADY || again === Errno.ISCONN, `second connect gave ${again}`);
    host.closeTable(t);
  });

  test("non-blocking connect to a closed port reports ECONNREFUSED through SO_ERROR, once", async () => {
    const t = beginRequest();
    await guest.call(t, "nb_connect", await closedPort(), 5000, 0);
    const [, first, , pollErrno, nevents, userdata, type, evErrno, getopt, soError, last] = await guest.trace();
    assert.deepEqual([first, pollErrno, nevents, userdata, type, evErrno, getopt, soError],
      [Errno.INPROGRESS, 0, 1, 1, 2, 0, 0, Errno.CONNREFUSED], "the failure makes the fd writable (ready)");
    // Linux: once SO_ERROR has been read, connect on the failed socket answers ECONNABORTED.
    assert.equal(last, Errno.CONNABORTED);
    host.closeTable(t);
  });
});

describe("getaddrinfo (§5.4)", () => {
  const NAME = 8192, SERVICE = 8448;
  async function resolve(g: SocketGuest, name: string, service: string, maxRes = 4, family = 0) {
    await g.write(buf + NAME, Buffer.from(name));
    await g.write(buf + SERVICE, Buffer.from(service));
    const n = (await g.call(0, "resolve", buf + NAME, name.length, buf + SERVICE, service.length, maxRes, family)).result;
    const raw = n > 0 ? await g.read(buf + 4096, 20 * n) : new Uint8Array(0);
    const results = Array.from({ length: Math.max(n, 0) }, (_, k) => raw.subarray(20 * k, 20 * k + 20));
    return { n, results };
  }

  test("localhost resolves to 127.0.0.1 first, with a big-endian port and addrlen 16", async () => {
    const { n, results } = await resolve(guest, "localhost", "6379");
    assert.ok(n >= 1);
    assert.deepEqual(Array.from(results[0].subarray(0, 8)), [1, 16, 0x18, 0xeb, 127, 0, 0, 1]);
  });

  test("a trailing NUL is tolerated and services resolve by name", async () => {
    const { n, results } = await resolve(guest, "127.0.0.1\0", "http\0");
    assert.equal(n, 1);
    assert.deepEqual(Array.from(results[0].subarray(0, 8)), [1, 16, 0, 80, 127, 0, 0, 1]);
  });

  test("an unknown host is ECANCELED (11), not an EAI code", async () => {
    assert.equal((await resolve(guest, "no-such-host.invalid", "80")).n, -Errno.CANCELED);
  });

  test("max_res_len 1 and 0 are EINVAL; so is an unknown service", async () => {
    assert.equal((await resolve(guest, "localhost", "80", 1)).n, -Errno.INVAL);
    assert.equal((await resolve(guest, "localhost", "80", 0)).n, -Errno.INVAL);
    assert.equal((await resolve(guest, "localhost", "no-such-service")).n, -Errno.INVAL);
  });

  test("IPv4 results come first whatever the resolver order; sa_data_len 14 counts as 26", async () => {
    const h = new SocketHost(undefined, { lookup: async () => [{ address: "::1", family: 6 }, { address: "10.1.2.3", family: 4 }] });
    const g = fx.guestWith({ host: h });
    const both = await resolve(g, "dual.test", "443");
    assert.equal(both.n, 2);
    assert.deepEqual(Array.from(both.results[0].subarray(0, 8)), [1, 16, 0x01, 0xbb, 10, 1, 2, 3]);
    assert.deepEqual(Array.from(both.results[1].subarray(0, 6)), [2, 16, 0x01, 0xbb, 0, 0]);
    assert.equal(both.results[1][19], 1, "::1 ends in 1");
    // family INET6 only: the IPv6 result lands in the first struct, whose sa_data_len says 14.
    const v6 = await resolve(g, "dual.test", "443", 4, 2);
    assert.equal(v6.n, 1);
    assert.equal(v6.results[0][0], 2);
  });
});

describe("fd tables", () => {
  test("the lowest free fd is reused, from 3", async () => {
    const t = beginRequest();
    const open = async () => (await guest.call(t, "open_socket", 1, 2)).result;
    assert.deepEqual([await open(), await open(), await open()], [3, 4, 5]);
    assert.equal((await guest.call(t, "close_fd", 4)).result, 0);
    assert.equal(await open(), 4);
    assert.equal(await open(), 6);
    host.closeTable(t);
  });

  test("an fd op naming a request that ended is EBADF", async () => {
    const t = beginRequest();
    host.closeTable(t);
    assert.equal((await guest.call(t, "open_socket", 1, 2)).result, -Errno.BADF);
  });

  test('"request" scope: an fd kept across requests is EBADF in the next one', async () => {
    const scope = new SocketScope(host, "request");
    const r1 = scope.beginRequest();
    assert.equal((await guest.call(r1, "open_and_keep", redis.port)).result, 3);
    assert.equal((await guest.call(r1, "use_kept_fd")).result, 0);
    scope.endRequest(r1);
    const r2 = scope.beginRequest();
    assert.notEqual(r2, r1);
    assert.equal((await guest.call(r2, "use_kept_fd")).result, -Errno.BADF);
    scope.endRequest(r2);
  });

  test('"middleware" scope: the fd survives the request and is visible to another instance', async () => {
    const shared = new SocketHost(undefined, { preopens: 1 });
    const scope = new SocketScope(shared, "middleware");
    const g1 = fx.guestWith({ host: shared });
    const g2 = fx.guestWith({ host: shared });
    fx.onClose(() => shared.closeAll());
    const r1 = scope.beginRequest();
    const fd = (await g1.call(r1, "open_and_keep", redis.port)).result;
    assert.equal(fd, 4, "one preopened mount moves the first socket to fd 4");
    scope.endRequest(r1);
    const r2 = scope.beginRequest();
    assert.equal(r2, r1, "one table per middleware build");
    assert.equal((await g1.call(r2, "use_kept_fd")).result, 0, "still open in the next request");
    assert.equal(await exchange(g2, scope.beginRequest(), fd, resp("PING"), 7), "+PONG\r\n", "another instance uses the same fd");
    scope.close();
    assert.equal((await g1.call(r2, "use_kept_fd")).result, -Errno.BADF, "closing the build closes its sockets");
  });
});

describe("Node errors become WASI errnos (§7.6, §5.7)", () => {
  test("every error code the socket host maps, including EHOSTUNREACH and ENETUNREACH, gets its WASI errno", () => {
    // Expected numbers are the WASI preview1 errno enum, written out rather than taken from Errno.
    const expected: Record<string, number> = {
      // The mapping §7.6 lists.
      ECONNREFUSED: 14, ECONNRESET: 15, ETIMEDOUT: 73, EHOSTUNREACH: 23, ENETUNREACH: 40, EPIPE: 64,
      // Name resolution: every dns.lookup failure is ECANCELED, as in wasi-go v0.8.0 (§5.4).
      ENOTFOUND: 11, EAI_AGAIN: 11, EAI_FAIL: 11, EAI_NONAME: 11, EAI_NODATA: 11, EAI_MEMORY: 11,
      // Other libuv socket errors keep their WASI name.
      EACCES: 2, EADDRINUSE: 3, EADDRNOTAVAIL: 4, EAFNOSUPPORT: 5, EAGAIN: 6, EALREADY: 7, EBADF: 8, ECANCELED: 11,
      ECONNABORTED: 13, EINPROGRESS: 26, EINTR: 27, EINVAL: 28, EIO: 29, EISCONN: 30, EMFILE: 33, EMSGSIZE: 35,
      ENETDOWN: 38, ENFILE: 41, ENOBUFS: 42, ENOTCONN: 53, ENOTSOCK: 57, ENOTSUP: 58, EPERM: 63, EPROTO: 65,
      // libuv spellings that WASI names differently.
      EOPNOTSUPP: 58, EWOULDBLOCK: 6,
      // Node stream errors after our side closed the socket read as a write to a closed pipe.
      ERR_STREAM_DESTROYED: 64, ERR_STREAM_WRITE_AFTER_END: 64, ERR_SOCKET_CLOSED: 64,
      // Anything else is EIO.
      ESHUTDOWN: 29, ERR_SOCKET_BAD_PORT: 29,
    };
    // Shaped like the errors net and dns emit: an Error with code, errno and syscall.
    const nodeError = (code: string) => Object.assign(new Error(`connect ${code} 192.0.2.1:6379`), { code, errno: -1, syscall: "connect" });
    const actual = Object.fromEntries(Object.keys(expected).map((code) => [code, errnoOf(nodeError(code))]));
    assert.deepEqual(actual, expected);
  });

  test("a value without a string code is EIO, and errnoOf never throws", () => {
    for (const err of [new Error("plain"), { code: 111 }, "ECONNREFUSED", null, undefined, 14]) assert.equal(errnoOf(err), 29);
  });
});
