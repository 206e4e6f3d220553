// Shared setup of the socket host tests: the compiled fixture guest running in a worker against a SocketHost,
// loopback servers, and the cleanup of everything they started.

import assert from "node:assert/strict";
import net from "node:net";
import { SocketHost } from "../../host-shim/sockets/socket_host.js";
import { compileGuest } from "./guests.js";
import { SocketGuest, type SocketGuestOptions } from "./socket_guest.js";

/** REPLY_AT is where tests ask the guest to receive, as an offset into its buf. */
export const REPLY_AT = 1024;

/** resp encodes a Redis command as a RESP array of bulk strings. */
export const resp = (...args: string[]): string =>
  `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join("")}`;

export class SocketFixture {
  private readonly cleanups: (() => unknown)[] = [];

  private constructor(
    readonly wasm: WebAssembly.Module,
    /** Each test takes fresh tables with beginRequest and closes them with host.closeTable. */
    readonly host: SocketHost,
    readonly guest: SocketGuest,
    /** Address of the guest's 64 KiB exchange buffer (the same in every instance of the module). */
    readonly buf: number,
  ) {}

  static async start(): Promise<SocketFixture> {
    const wasm = new WebAssembly.Module((await compileGuest("sockets")) as Uint8Array<ArrayBuffer>);
    const host = new SocketHost();
    const guest = SocketGuest.start(wasm, { host });
    return new SocketFixture(wasm, host, guest, (await guest.call(0, "buf_ptr")).result);
  }

  beginRequest(): number {
    return this.host.createTable();
  }

  /** guestWith starts another instance of the fixture guest; it is closed with the fixture. */
  guestWith(options: Partial<SocketGuestOptions>): SocketGuest {
    const g = SocketGuest.start(this.wasm, { host: this.host, ...options });
    this.onClose(() => g.close());
    return g;
  }

  onClose(fn: () => unknown): void { this.cleanups.push(fn); }

  /** server listens on 127.0.0.1; onConnection decides what the peer does (by default: accept, never write). */
  async server(onConnection: (s: net.Socket) => void = () => undefined): Promise<number> {
    const sockets = new Set<net.Socket>();
    const srv = net.createServer((s) => { sockets.add(s); s.on("error", () => undefined); onConnection(s); });
    await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
    this.onClose(() => new Promise((resolve) => { for (const s of sockets) s.destroy(); srv.close(resolve); }));
    return (srv.address() as net.AddressInfo).port;
  }

  /** closedPort is a loopback port that was free a moment ago, so connecting to it is refused. */
  async closedPort(): Promise<number> {
    const srv = net.createServer();
    await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise((resolve) => srv.close(resolve));
    return port;
  }

  /** exchange sends request on fd from guest g and returns the replyLen bytes it then receives. */
  async exchange(g: SocketGuest, table: number, fd: number, request: string, replyLen: number): Promise<string> {
    await g.write(this.buf, Buffer.from(request));
    assert.equal((await g.call(table, "send_buf", fd, 0, request.length)).result, request.length);
    assert.equal((await g.call(table, "recv_exact", fd, REPLY_AT, replyLen)).result, replyLen);
    return Buffer.from(await g.read(this.buf + REPLY_AT, replyLen)).toString();
  }

  async close(): Promise<void> {
    for (const fn of this.cleanups.reverse()) await fn();
    await this.guest.close();
    this.host.closeAll();
  }
}
