// The socket host's waiting and odd corners (traefik-wasm-host.md §5.2, §5.5, §5.6), driven by the fixture guest in
// a worker thread against loopback servers: poll_oneoff, bounded blocking calls, the bridge's timeout protocol,
// socket options, recv_from on TCP, and server sockets through the raw bridge ops.

import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { Errno } from "../../host-shim/sockets/errno.js";
import type { SocketHost } from "../../host-shim/sockets/socket_host.js";
import { SocketFixture } from "../support/socket_fixture.js";
import type { SocketGuest } from "../support/socket_guest.js";

let fx: SocketFixture;
let host: SocketHost;
let guest: SocketGuest;
let buf: number;
const beginRequest = (): number => fx.beginRequest();
const server = (onConnection?: (s: net.Socket) => void): Promise<number> => fx.server(onConnection);

before(async () => {
  fx = await SocketFixture.start();
  ({ host, guest, buf } = fx);
});

after(async () => {
  await fx?.close();
});

describe("waiting (§5.5)", () => {
  test("a non-blocking read would block (EAGAIN); poll returns only the clock event, on time", async () => {
    const t = beginRequest();
    const fd = (await guest.call(t, "tcp_connect", await server())).result;
    const { result, ms } = await guest.call(t, "read_timeout", fd, 200);
    assert.equal(result, 1);
    assert.deepEqual(await guest.trace(), [0, Errno.AGAIN, 0, 1, 2, 0, 0], "one event: userdata 2, type CLOCK");
    assert.ok(ms >= 198 && ms < 1200, `poll took ${ms} ms`);
    host.closeTable(t);
  });

  test("a clock-only poll really sleeps", async () => {
    const { result, ms } = await guest.call(0, "poll_clock", 100);
    assert.equal(result, 1);
    assert.deepEqual(await guest.trace(), [0, 1, 7, 0, 0]);
    assert.ok(ms >= 98 && ms < 1000, `poll took ${ms} ms`);
  });

  test("nsubs 0 is EINVAL; a bad fd yields an event carrying EBADF", async () => {
    await guest.call(beginRequest(), "poll_edge_cases", 999);
    assert.deepEqual(await guest.trace(), [Errno.INVAL, 0, 1, 9, 1, Errno.BADF]);
  });

  test("a blocking recv from a silent peer ends with ETIMEDOUT after blockingTimeoutMs", async () => {
    const g = fx.guestWith({ blockingTimeoutMs: 300 });
    const t = beginRequest();
    const fd = (await g.call(t, "tcp_connect", await server())).result;
    const { result, ms } = await g.call(t, "recv_exact", fd, 0, 1);
    assert.equal(result, -Errno.TIMEDOUT);
    assert.ok(ms >= 295 && ms < 1500, `recv took ${ms} ms`);
    host.closeTable(t);
  });

  test("a bridge call whose reply never comes returns ETIMEDOUT; its late reply is dropped", async () => {
    let release: (() => void) | undefined;
    const g = fx.guestWith({ blockingTimeoutMs: 200, extraOps: {
      "test.stall": () => new Promise(() => undefined),
      "test.late": () => new Promise((resolve) => { release = () => resolve({ errno: 0, which: "late" }); }),
      "test.echo": (p: { which: string }) => ({ errno: 0, which: p.which }),
    } });
    const stalled = await g.bridge("test.stall", {});
    assert.equal(stalled.reply.errno, Errno.TIMEDOUT);
    assert.ok(stalled.ms >= 195 && stalled.ms < 1000, `stalled call took ${stalled.ms} ms`);
    assert.equal((await g.bridge("test.late", {}, 50)).reply.errno, Errno.TIMEDOUT);
    release!();
    assert.deepEqual((await g.bridge("test.echo", { which: "echo" })).reply, { errno: 0, which: "echo" });
    assert.equal((await g.bridge("no.such.op", {})).reply.errno, 52, "unknown ops are ENOSYS");
  });

  test("an abandoned call cannot commit; a committed one is awaited past the deadline", async () => {
    let release: (() => void) | undefined;
    let committedLate: boolean | undefined;
    const g = fx.guestWith({ blockingTimeoutMs: 100, extraOps: {
      "test.hold": (_p, ctx) => new Promise((resolve) => {
        release = () => { committedLate = ctx.commit(); resolve({ errno: 0 }); };
      }),
      // Commits at once, answers only after its deadline has passed (polled, so no fixed delay).
      "test.slow": (_p, ctx) => {
        ctx.commit();
        return new Promise((resolve) => {
          const tick = (): void => { if (performance.now() > ctx.deadline + 20) resolve({ errno: 0, late: true }); else setTimeout(tick, 5); };
          tick();
        });
      },
    } });
    assert.equal((await g.bridge("test.hold", {})).reply.errno, Errno.TIMEDOUT);
    release!();
    assert.equal(committedLate, false, "the main thread learns that the worker gave up");
    const slow = await g.bridge("test.slow", {});
    assert.deepEqual(slow.reply, { errno: 0, late: true });
    assert.ok(slow.ms > 100, `answered after ${slow.ms} ms`);
  });
});

describe("socket options and odd calls", () => {
  test("SO_RCVTIMEO is ENOTSUP, value_len must be 4, SO_TYPE and TCP_NODELAY work (§5.6)", async () => {
    const t = beginRequest();
    const fd = (await guest.call(t, "tcp_connect", await server())).result;
    await guest.call(t, "sockopt_checks", fd);
    assert.deepEqual(await guest.trace(), [Errno.NOTSUP, Errno.NOTSUP, 0, 2, Errno.INVAL, 0, 0, 1, Errno.INVAL, 0, 0]);
    host.closeTable(t);
  });

  test("sock_recv_from on TCP consumes the data, then fails with EINVAL (§5.2)", async () => {
    const t = beginRequest();
    const fd = (await guest.call(t, "tcp_connect", await server((s) => s.write("hello")))).result;
    assert.equal((await guest.call(t, "recv_from_tcp", fd, 0, 16)).result, Errno.INVAL);
    assert.equal(Buffer.from(await guest.read(buf, 5)).toString(), "hello");
    await guest.call(t, "read_timeout", fd, 0);
    assert.equal((await guest.trace())[1], Errno.AGAIN, "nothing is left to read");
    host.closeTable(t);
  });

  test("sock_open: socktype 0 is EINVAL, DGRAM is not emulated; shutdown needs a connection", async () => {
    const t = beginRequest();
    assert.equal((await guest.call(t, "open_socket", 1, 0)).result, -Errno.INVAL);
    assert.equal((await guest.call(t, "open_socket", 1, 1)).result, -Errno.NOTSUP);
    const fd = (await guest.call(t, "open_socket", 1, 2)).result;
    assert.equal((await guest.call(t, "shutdown_fd", fd, 2)).result, Errno.NOTCONN);
    assert.equal((await guest.call(t, "shutdown_fd", fd, 4)).result, Errno.INVAL);
    host.closeTable(t);
  });

  test("stdout writes stay in the worker and reach stdio.write", async () => {
    await guest.write(buf, Buffer.from("hi\n"));
    assert.equal((await guest.call(0, "write_buf", 1, 0, 3)).result, 3);
    assert.deepEqual(await guest.output(), ["1:hi\n"]);
  });
});

describe("server sockets, through the raw bridge ops", () => {
  test("bind, listen, accept (blocking and non-blocking) and recv on the accepted fd", async () => {
    const t = beginRequest();
    const op = async (name: string, payload: object) => (await guest.bridge(name, { t, ...payload })).reply as any;
    const { fd } = await op("sock.open", { family: 1, type: 2 });
    assert.equal((await op("sock.bind", { fd, addr: { family: 1, addr: Uint8Array.of(127, 0, 0, 1), port: 0 } })).errno, 0);
    assert.equal((await op("sock.listen", { fd, backlog: 4 })).errno, 0);
    const { addr } = await op("sock.addr", { fd, peer: false });
    assert.deepEqual(Array.from(addr.addr), [127, 0, 0, 1]);
    assert.equal((await op("fd.setflags", { fd, flags: 4 })).errno, 0);
    assert.equal((await op("sock.accept", { fd, flags: 0 })).errno, Errno.AGAIN);
    assert.equal((await op("sock.accept", { fd, flags: 1 })).errno, Errno.INVAL, "flags may only be 0 or NONBLOCK");
    const client = net.connect({ host: "127.0.0.1", port: addr.port }, () => client.end("hi"));
    client.on("error", () => undefined);
    fx.onClose(() => client.destroy());
    const polled = await op("poll", { subs: [{ i: 0, fd, type: 1 }], timeoutMs: 5000 });
    assert.deepEqual(polled.ready, [{ i: 0, errno: 0 }], "a pending connection makes the listener readable");
    const accepted = await op("sock.accept", { fd, flags: 0 });
    assert.equal(accepted.errno, 0);
    const got = await op("sock.recv", { fd: accepted.fd, max: 16, flags: 2 /* WAITALL: until EOF here */ });
    assert.equal(Buffer.from(got.data).toString(), "hi");
    assert.equal((await op("sock.recv", { fd: accepted.fd, max: 16, flags: 0 })).data.length, 0, "then EOF");
    host.closeTable(t);
  });
});
