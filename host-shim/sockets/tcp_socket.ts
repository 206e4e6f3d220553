// One guest TCP socket on the main thread: a net.Socket (or net.Server once listening) plus the kernel-like state
// wasi-go's callers observe (traefik-wasm-host.md §5.5): a receive queue, a pending SO_ERROR, EOF, shutdown flags.
// Operations that can block have a "ready" test and a "now" form that returns undefined when it would block;
// callers wait with wait()/waitAny(), which retry on every state change.

import net from "node:net";
import { Errno, errnoOf } from "./errno.js";
import { ipText, type SockAddr, sockAddrOf } from "./inet.js";
import { waitAny } from "./wait.js";

// Stand-ins for the kernel's socket buffers: past these a blocking call waits and a non-blocking one gets EAGAIN.
const RECV_BUFFER_LIMIT = 256 * 1024;
const SEND_BUFFER_LIMIT = 256 * 1024;
const CLOSE_LINGER_MS = 10_000;

type State = "idle" | "connecting" | "connected" | "failed" | "listening" | "closed";

/** Claim is the part of a bridge call a socket needs: its deadline and the commit before an effect. */
export interface Claim { deadline: number; commit(): boolean }

/** RecvResult is what a receive produced: data (empty at EOF) or an errno. */
export interface RecvResult { errno: number; data?: Uint8Array; [field: string]: unknown }

/** SocketEntry is the socket behind one guest fd. It never throws; failures come back as WASI errnos. */
export class SocketEntry {
  nonblock = false;
  /** The SO_ERROR value, already a WASI errno (§5.5 step 4); reported once, then cleared, as Linux does. */
  pendingError = 0;
  readonly options = new Map<string, number>();
  private state: State = "idle";
  private sock?: net.Socket;
  private server?: net.Server;
  private bound?: SockAddr;
  private readonly rx: Buffer[] = [];
  private rxLen = 0;
  private eof = false;
  private readShut = false;
  private writeShut = false;
  private readonly backlog: SocketEntry[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(readonly family: number, accepted?: net.Socket) {
    if (accepted !== undefined) this.attach(accepted, "connected");
  }

  get closed(): boolean { return this.state === "closed"; }

  /** connect starts a TCP connect; blocking sockets wait for its outcome, non-blocking ones get EINPROGRESS. */
  connect(peer: SockAddr, claim: Claim): number | Promise<number> {
    if (peer.family !== this.family) return Errno.AFNOSUPPORT; // §5.7: family mismatch on connect
    switch (this.state) {
      case "closed": return Errno.BADF;
      case "connecting": return Errno.ALREADY; // §5.5 step 2
      case "connected": case "listening": return Errno.ISCONN;
      case "failed": return this.takeConnectError(); // Linux reports the failure once, then allows a retry
    }
    if (!claim.commit()) return Errno.TIMEDOUT; // the worker gave up before this call was even read
    const sock = new net.Socket({ allowHalfOpen: true }); // a peer's FIN must not close our write side
    this.attach(sock, "connecting");
    sock.connect({ host: ipText(peer.addr), port: peer.port, localAddress: this.bound ? ipText(this.bound.addr) : undefined,
      localPort: this.bound?.port || undefined });
    if (this.nonblock) return Errno.INPROGRESS;
    return this.wait(() => (this.state === "connecting" ? undefined : true), claim.deadline).then((done) => {
      if (done === undefined) { // our bound, not the kernel's SYN retries (§5.5), ended the wait
        this.reset();
        return Errno.TIMEDOUT;
      }
      return this.state === "connected" ? Errno.SUCCESS : this.takeConnectError();
    });
  }

  /** recvReady says whether recvNow would complete now, without its side effects. */
  recvReady(max: number, waitAll: boolean): boolean {
    switch (this.state) {
      case "connecting": return false;
      case "connected": break;
      default: return true; // closed, unconnected or listening: an immediate error
    }
    if (this.readShut) return true;
    if (this.rxLen > 0) return !(waitAll && this.rxLen < max && !this.eof && this.pendingError === 0);
    return this.pendingError !== 0 || this.eof;
  }

  /** recvNow takes up to max queued bytes (or peeks), or says it would block. */
  recvNow(max: number, peek: boolean, waitAll: boolean): RecvResult | undefined {
    if (!this.recvReady(max, waitAll)) return undefined;
    if (this.state === "closed") return { errno: Errno.BADF };
    if (this.state !== "connected") return { errno: this.takeError() || Errno.NOTCONN };
    if (this.rxLen > 0 && !this.readShut) return { errno: Errno.SUCCESS, data: this.take(max, peek) };
    if (this.pendingError !== 0 && !this.readShut) return { errno: this.takeError() };
    return { errno: Errno.SUCCESS, data: new Uint8Array(0) }; // EOF is a 0-byte read (§5.5 step 5)
  }

  /** sendNow queues data whole, or says it would block; errors of earlier sends surface here, as in the kernel. */
  sendNow(data: Uint8Array): number | undefined {
    switch (this.state) {
      case "closed": return -Errno.BADF;
      case "connecting": return undefined;
      // Linux tcp_sendmsg on a socket that never connected fails with EPIPE (INFERRED from the kernel source).
      case "idle": case "failed": case "listening": return -(this.takeError() || Errno.PIPE);
    }
    if (this.pendingError !== 0) return -this.takeError();
    const sock = this.sock!;
    if (this.writeShut || sock.destroyed || sock.writableEnded) return -Errno.PIPE;
    if (sock.writableLength >= SEND_BUFFER_LIMIT) return undefined;
    if (data.length > 0) sock.write(data);
    return data.length;
  }

  /**
   * sendDeferred is a send whose caller did not wait (SocketImportOptions.deferSends): the data is queued even
   * past the send buffer, and a failure becomes the pending error that the socket's next call reports.
   */
  sendDeferred(data: Uint8Array): number {
    const n = this.sendNow(data);
    if (n === undefined) this.sock!.write(data);
    else if (n < 0 && this.state !== "closed") this.pendingError = -n;
    return Errno.SUCCESS;
  }

  /** shutdown implements sock_shutdown: RD=1, WR=2, both=3; anything but a connected socket is ENOTCONN (§5.2). */
  shutdown(how: number): number {
    if (this.state === "closed") return Errno.BADF;
    if (how < 1 || how > 3) return Errno.INVAL;
    if (this.state !== "connected") return Errno.NOTCONN;
    if ((how & 1) !== 0) this.readShut = true;
    if ((how & 2) !== 0 && !this.writeShut) {
      this.writeShut = true;
      this.sock!.end();
    }
    this.wake();
    return Errno.SUCCESS;
  }

  /** bind records the local address; the port is only taken by the later listen or connect. */
  bind(addr: SockAddr): number {
    if (addr.family !== this.family) return Errno.AFNOSUPPORT;
    if (this.state !== "idle" || this.bound !== undefined) return Errno.INVAL; // Linux: already bound
    this.bound = addr;
    return Errno.SUCCESS;
  }

  /** listen opens a net.Server on the bound address (any address, ephemeral port if unbound). */
  listen(backlog: number): number | Promise<number> {
    if (this.state === "listening") return Errno.SUCCESS;
    if (this.state !== "idle") return this.state === "closed" ? Errno.BADF : Errno.INVAL;
    const server = net.createServer({ allowHalfOpen: true }, (s) => {
      this.backlog.push(new SocketEntry(this.family, s));
      this.wake();
    });
    this.server = server;
    this.state = "listening";
    const host = this.bound ? ipText(this.bound.addr) : this.family === 1 ? "0.0.0.0" : "::";
    return new Promise((resolve) => {
      // Kept for the server's life: an unhandled 'error' would be thrown on the main thread.
      server.on("error", (err) => { if (!server.listening) { this.state = "idle"; resolve(errnoOf(err)); } });
      server.listen({ host, port: this.bound?.port ?? 0, backlog: Math.max(1, backlog) }, () => resolve(Errno.SUCCESS));
    });
  }

  /** acceptNow pops a queued connection, or says it would block. */
  acceptNow(): SocketEntry | number | undefined {
    if (this.state === "closed") return Errno.BADF;
    if (this.state !== "listening") return Errno.INVAL; // Linux accept(2) on a non-listening socket
    return this.backlog.shift();
  }

  /** address returns getsockname (local) or getpeername (peer) as plain data. */
  address(peer: boolean): SockAddr | number {
    if (this.state === "closed") return Errno.BADF;
    if (peer) {
      if (this.state !== "connected") return Errno.NOTCONN;
      return sockAddrOf(this.sock!.remoteAddress, this.sock!.remotePort) ?? Errno.NOTCONN;
    }
    const info = this.server?.address();
    const local = typeof info === "object" && info !== null ? sockAddrOf(info.address, info.port)
      : sockAddrOf(this.sock?.localAddress, this.sock?.localPort);
    return local ?? this.bound ?? { family: this.family, addr: new Uint8Array(this.family === 1 ? 4 : 16), port: 0 };
  }

  /**
   * readable/writable are poll(2)'s POLLIN and POLLOUT, with error and hang-up counting as ready (§5.5). An
   * unconnected TCP socket polls as POLLHUP on Linux, hence ready both ways.
   */
  readable(): boolean {
    return this.state === "listening" ? this.backlog.length > 0 : this.recvReady(1, false);
  }

  writable(): boolean {
    return this.state !== "listening" && this.sendReady();
  }

  /** sendReady says whether sendNow would complete now. */
  sendReady(): boolean {
    if (this.state === "connecting") return false;
    if (this.state !== "connected") return true;
    const sock = this.sock!;
    return this.pendingError !== 0 || this.writeShut || sock.destroyed || sock.writableLength < SEND_BUFFER_LIMIT;
  }

  /** applyOption pushes KEEPALIVE and NODELAY to the live socket; the others are only recorded. */
  applyOption(key: string, value: number): void {
    this.options.set(key, value);
    if (key === "0/7") this.sock?.setKeepAlive(value !== 0);
    if (key === "6/15") this.sock?.setNoDelay(value !== 0);
  }

  get listening(): boolean { return this.state === "listening"; }

  /** close flushes what Node still buffers, then closes; blocked waiters wake up and see EBADF. */
  close(): void {
    if (this.state === "closed") return;
    this.state = "closed";
    const sock = this.sock;
    if (sock !== undefined && !sock.destroyed) {
      sock.resume(); // unread data is dropped from now on
      if (sock.connecting || sock.writableLength === 0) sock.destroy();
      else {
        // Like close(2), let queued data drain, but not forever if the peer stops reading.
        sock.end(() => sock.destroy());
        setTimeout(() => sock.destroy(), CLOSE_LINGER_MS).unref();
      }
    }
    this.server?.close();
    for (const pending of this.backlog.splice(0)) pending.close();
    this.wake();
  }

  /** wait retries attempt on every state change until it yields a value, or resolves undefined at deadline. */
  wait<R>(attempt: () => R | undefined, deadline: number): Promise<R | undefined> {
    return waitAny([this], attempt, deadline - performance.now());
  }

  /** subscribe registers a state-change callback; the returned function removes it. */
  subscribe(onChange: () => void): () => void {
    this.waiters.add(onChange);
    return () => this.waiters.delete(onChange);
  }

  private attach(sock: net.Socket, state: State): void {
    this.sock = sock;
    this.state = state;
    if (this.options.get("0/7")) sock.setKeepAlive(true);
    if (this.options.has("6/15")) sock.setNoDelay(this.options.get("6/15") !== 0);
    // A socket dropped by reset() may still emit; only the current one may change the entry.
    const current = (): boolean => this.sock === sock && this.state !== "closed";
    sock.on("connect", () => { if (current() && this.state === "connecting") this.state = "connected"; this.wake(); });
    sock.on("data", (chunk: Buffer) => {
      if (!current()) return;
      this.rx.push(chunk);
      this.rxLen += chunk.length;
      if (this.rxLen >= RECV_BUFFER_LIMIT) sock.pause();
      this.wake();
    });
    sock.on("end", () => { if (current()) this.eof = true; this.wake(); });
    sock.on("drain", () => this.wake());
    // This listener also keeps an 'error' from ever being thrown on the main thread.
    sock.on("error", (err) => {
      if (!current()) return;
      this.pendingError = errnoOf(err);
      if (this.state === "connecting") this.state = "failed";
      this.wake();
    });
    sock.on("close", () => {
      if (!current()) return;
      if (this.state === "connecting") { this.state = "failed"; this.pendingError ||= Errno.CONNABORTED; }
      this.eof = true;
      this.wake();
    });
  }

  private take(max: number, peek: boolean): Uint8Array {
    const all = this.rx.length === 1 ? this.rx[0] : Buffer.concat(this.rx, this.rxLen);
    const n = Math.min(max, all.length);
    // Copy into an exact-size buffer: structured clone would otherwise ship the whole pooled ArrayBuffer.
    const out = new Uint8Array(all.subarray(0, n));
    if (peek) return out;
    const rest = all.subarray(n);
    this.rx.length = 0;
    if (rest.length > 0) this.rx.push(rest);
    this.rxLen = rest.length;
    if (this.rxLen < RECV_BUFFER_LIMIT && this.sock?.isPaused()) this.sock.resume();
    return out;
  }

  private takeError(): number {
    const e = this.pendingError;
    this.pendingError = 0;
    return e;
  }

  private takeConnectError(): number {
    const e = this.takeError() || Errno.CONNABORTED;
    this.reset();
    return e;
  }

  private reset(): void {
    this.sock?.destroy();
    this.sock = undefined;
    this.state = "idle";
    this.rx.length = 0;
    this.rxLen = 0;
    this.eof = this.readShut = this.writeShut = false;
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
