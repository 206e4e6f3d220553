// TCP client connections over the WasmEdge v2 socket extension: non-blocking sockets, every wait bounded by a
// deadline through poll_oneoff (traefik-wasm-host.md §5.5). The layer knows nothing of Redis or HTTP.
//
// PER-REQUEST DISCIPLINE (§5.8). Current Traefik shares one fd table between all concurrent requests of a
// middleware, and the pending fix (PR #13617) closes every fd when its request ends. So a connection is opened
// lazily inside one request and closed before that request ends (at the latest at the end of handle_response);
// no fd is ever kept in a global across requests, and no socket is opened in _start. RequestConnections
// (request_connections.ts) is the holder that enforces this; beginNetRequest() makes any Conn that slipped
// through inert, so a forgotten fd is never used or closed in a later request.

import {
  EventType, FdFlags, fd_close, fd_fdstat_set_flags, SockLevel, SockOpt, SockType, sock_connect, sock_getsockopt,
  sock_open, sock_recv, sock_send, sock_setsockopt, WasiErrno,
} from "../abi/wasi";
import { Deadline } from "./deadline";
import { errnoName, isRetryable, NetErr, netErrOfErrno, NetStatus } from "./errors";
import { IpAddr } from "./ip";
import { resolve } from "./resolve";
import { WAIT_TIMEOUT, waitFd } from "./wait";

/** MAX_SEND_CHUNK bounds one sock_send, so a large write goes out in pieces the host copies cheaply. */
export const MAX_SEND_CHUNK: i32 = 64 * 1024;

// Host-call scratch, static because the guest is single-threaded and the host only touches it during a call.
const FD_OUT = memory.data(4);
const COUNT_OUT = memory.data(4);
const RO_FLAGS = memory.data(4);
const IOV = memory.data(8);
const ADDR_DESC = memory.data(8);
const SOCKADDR = memory.data(128);
const OPT_VALUE = memory.data(4);

// Bumped at the start of every request; a Conn remembers the value it connected under.
let requestEpoch: u32 = 0;

/**
 * ConnLayer is a protocol spoken over a connection's bytes (TLS, assembly/tls). Once installed, Conn.write and
 * Conn.read go through it, so the HTTP client and the Redis client speak to a TLS server exactly as to a plain one;
 * the layer itself moves bytes with rawWrite and rawRead. It lives and dies with the connection.
 */
export abstract class ConnLayer {
  /** write sends len bytes at ptr through the layer, with the same contract as Conn.write. */
  abstract write(conn: Conn, ptr: usize, len: i32, timeoutMs: i32): NetErr;
  /** read receives at least one byte of the layer's payload into cap bytes at ptr, as Conn.read does. */
  abstract read(conn: Conn, ptr: usize, cap: i32, timeoutMs: i32): i32;
  /** closing runs once, while the socket is still open, just before Conn.close closes it (TLS: close_notify). */
  abstract closing(conn: Conn): void;
}

/**
 * beginNetRequest marks the start of a request (call it first thing in handle_request). Every Conn connected
 * before it becomes inert: its operations fail with BadFd (retryable) and close() forgets its fd without
 * closing it, because by now that fd number may be another request's socket (§5.8).
 */
export function beginNetRequest(): void {
  requestEpoch++;
}

/**
 * Conn is one TCP client connection. Operations return a NetErr (or a count) and leave `err` and `detail` set.
 * After any failure the connection is closed; connect again if `retryable()` says a retry may help. Reads and
 * writes never wait past their timeout (plus the host clock's millisecond granularity); a DNS lookup inside
 * connect cannot be interrupted (resolve.ts).
 */
export class Conn extends NetStatus {
  /** The host and port of the last connect. */
  host: string = "";
  port: i32 = 0;
  /** The address connected to, null when not connected. */
  peer: IpAddr | null = null;
  /** Set by RequestConnections when it hands out this connection again; Reset and Closed are then retryable. */
  reused: bool = false;
  /** Counters for diagnostics: sock_send calls, sends that took less than offered, waits on poll_oneoff. */
  sends: i32 = 0;
  partialSends: i32 = 0;
  waits: i32 = 0;
  private fdValue: i32 = -1;
  private epoch: u32 = 0;
  private layer: ConnLayer | null = null;

  /** fd is the socket's fd, or -1. */
  get fd(): i32 { return this.fdValue; }

  /** isOpen says whether the connection can be used in this request. */
  get isOpen(): bool { return this.fdValue >= 0 && this.epoch == requestEpoch; }

  /** hasLayer says whether a layer (TLS) carries this connection's bytes. */
  get hasLayer(): bool { return this.layer !== null; }

  /** installLayer routes write and read through layer until the connection closes. */
  installLayer(layer: ConnLayer): void { this.layer = layer; }

  /** retryable applies isRetryable to the last error and whether this connection was reused. */
  retryable(): bool { return isRetryable(this.err, this.reused); }

  /**
   * connect resolves host (resolve.ts) and tries each address in order, IPv4 first, until one accepts, all within
   * connectTimeoutMs (the lookup included; a timeout of 0 cannot connect). An open connection is closed first.
   */
  connect(host: string, port: i32, connectTimeoutMs: i32): NetErr {
    this.close();
    this.host = host;
    this.port = port;
    this.reused = false;
    const deadline = new Deadline(connectTimeoutMs);
    const addrs = resolve(host, port, this);
    if (addrs === null) return this.err;
    if (deadline.expired()) {
      return this.fail(NetErr.Timeout, "connect " + host + ": resolving took the whole " +
        deadline.timeoutMs.toString() + " ms");
    }
    let e = NetErr.Io;
    for (let i = 0; i < addrs.length; i++) {
      e = this.connectTo(addrs[i], port, deadline);
      if (e == NetErr.Ok || e == NetErr.Timeout) return e;
    }
    return e;
  }

  /** write sends all of data within writeTimeoutMs, through partial sends and EAGAIN waits. */
  write(data: Uint8Array, writeTimeoutMs: i32): NetErr {
    // data is the caller's, so it stays alive (and, in a non-moving heap, in place) for the whole call.
    return this.writeUnsafe(data.dataStart, data.length, writeTimeoutMs);
  }

  /** writeUnsafe is write for len bytes at ptr, which must stay valid for the call. */
  @unsafe writeUnsafe(ptr: usize, len: i32, writeTimeoutMs: i32): NetErr {
    const layer = this.layer;
    if (layer !== null) return layer.write(this, ptr, len, writeTimeoutMs);
    return this.rawWrite(ptr, len, writeTimeoutMs);
  }

  /** rawWrite is writeUnsafe on the socket itself, below any layer: for the layer's own use. */
  @unsafe rawWrite(ptr: usize, len: i32, writeTimeoutMs: i32): NetErr {
    if (!this.live("write")) return this.err;
    const deadline = new Deadline(writeTimeoutMs);
    let done = 0;
    while (done < len) {
      const chunk = min(len - done, MAX_SEND_CHUNK);
      store<u32>(IOV, <u32>(ptr + <usize>done));
      store<u32>(IOV, <u32>chunk, 4);
      const e = sock_send(<u32>this.fdValue, IOV, 1, 0, COUNT_OUT);
      this.sends++;
      if (e == WasiErrno.Success) {
        const n = <i32>min<u32>(load<u32>(COUNT_OUT), <u32>chunk);
        if (n > 0) {
          if (n < chunk) this.partialSends++;
          done += n;
          continue;
        }
      } else if (e != WasiErrno.Again && e != WasiErrno.Intr) {
        return this.ioFailed("write", e);
      }
      // §5.5 step 5: the send would block; wait for room, but never past the deadline.
      const w = deadline.expired() ? WAIT_TIMEOUT : this.waitFor(EventType.FdWrite, deadline);
      if (w == WAIT_TIMEOUT) {
        return this.timedOut("write", done.toString() + " of " + len.toString() + " bytes sent in", deadline);
      }
      if (w != 0) return this.ioFailed("write", <u32>w);
    }
    return this.ok();
  }

  /**
   * read receives at least one byte into buf within readTimeoutMs and returns the count, or returns -1 with
   * `err` set: Closed when the peer closed the connection (EOF), Timeout, Reset… An empty buf returns 0.
   */
  read(buf: Uint8Array, readTimeoutMs: i32): i32 {
    return this.readUnsafe(buf.dataStart, buf.length, readTimeoutMs);
  }

  /** readUnsafe is read into cap bytes at ptr, which must stay valid for the call. */
  @unsafe readUnsafe(ptr: usize, cap: i32, readTimeoutMs: i32): i32 {
    const layer = this.layer;
    if (layer !== null) return layer.read(this, ptr, cap, readTimeoutMs);
    return this.rawRead(ptr, cap, readTimeoutMs);
  }

  /** rawRead is readUnsafe on the socket itself, below any layer: for the layer's own use. */
  @unsafe rawRead(ptr: usize, cap: i32, readTimeoutMs: i32): i32 {
    if (!this.live("read")) return -1;
    if (cap <= 0) { this.ok(); return 0; }
    const deadline = new Deadline(readTimeoutMs);
    for (;;) {
      store<u32>(IOV, <u32>ptr);
      store<u32>(IOV, <u32>cap, 4);
      const e = sock_recv(<u32>this.fdValue, IOV, 1, 0, COUNT_OUT, RO_FLAGS);
      if (e == WasiErrno.Success) {
        const n = load<u32>(COUNT_OUT);
        if (n == 0) { // §5.5 step 5: EOF is a successful read of 0 bytes
          const where = this.where();
          this.close();
          this.fail(NetErr.Closed, "read " + where + ": peer closed the connection");
          return -1;
        }
        this.ok();
        return n > <u32>cap ? cap : <i32>n;
      }
      if (e != WasiErrno.Again && e != WasiErrno.Intr) { this.ioFailed("read", e); return -1; }
      const w = deadline.expired() ? WAIT_TIMEOUT : this.waitFor(EventType.FdRead, deadline);
      if (w == WAIT_TIMEOUT) { this.timedOut("read", "no data in", deadline); return -1; }
      if (w != 0) { this.ioFailed("read", <u32>w); return -1; }
    }
    return -1; // not reached: the loop only exits by returning
  }

  /**
   * close closes the socket; calling it again, or on a connection that never opened, does nothing. The one fd it
   * does not close is one from an earlier request (see beginNetRequest): that number is no longer ours.
   */
  close(): void {
    const layer = this.layer;
    this.layer = null; // first: the layer's last write may fail, and a failed write closes the connection
    if (layer !== null && this.isOpen) layer.closing(this);
    const fd = this.fdValue;
    this.fdValue = -1;
    this.peer = null;
    if (fd >= 0 && this.epoch == requestEpoch) fd_close(<u32>fd); // the fd is gone whatever fd_close answers
  }

  private connectTo(addr: IpAddr, port: i32, deadline: Deadline): NetErr {
    const where = addr.hostPort(port);
    let e = sock_open(addr.family, SockType.Stream, FD_OUT);
    if (e != WasiErrno.Success) return this.fail(netErrOfErrno(e), "socket " + where + ": " + errnoName(e));
    const fd = load<u32>(FD_OUT);
    // §5.5 step 1: sockets start blocking, and a blocking connect or read has no timeout at all (§5.6).
    e = fd_fdstat_set_flags(fd, <u16>FdFlags.NonBlock);
    if (e == WasiErrno.Success) e = sock_connect(fd, sockaddr(addr), <u32>port);
    if (e == WasiErrno.InProgress || e == WasiErrno.Again || e == WasiErrno.Intr) {
      // §5.5 steps 2-4: EINPROGRESS, then wait for writability, then SO_ERROR (already a WASI errno) says how
      // the connect ended.
      this.waits++;
      const w = waitFd(fd, EventType.FdWrite, deadline);
      if (w == WAIT_TIMEOUT) {
        fd_close(fd);
        return this.fail(NetErr.Timeout, "connect " + where + ": no answer in " + deadline.timeoutMs.toString() + " ms");
      }
      e = w != 0 ? <u16>w : soError(fd);
    }
    if (e != WasiErrno.Success) {
      if (stillOurs(e)) fd_close(fd);
      return this.fail(netErrOfErrno(e), "connect " + where + ": " + errnoName(e));
    }
    // §5.6: TCP_NODELAY is settable; a request/response protocol must not sit out Nagle's delay. Best effort.
    store<i32>(OPT_VALUE, 1);
    sock_setsockopt(fd, SockLevel.Tcp, SockOpt.TcpNoDelay, OPT_VALUE, 4);
    this.fdValue = <i32>fd;
    this.epoch = requestEpoch;
    this.peer = addr;
    return this.ok();
  }

  // A usable fd, or the reason there is none: never connected, closed, or carried over from an earlier request.
  private live(op: string): bool {
    if (this.fdValue < 0) {
      this.fail(NetErr.NotOpen, op + ": not connected");
      return false;
    }
    if (this.epoch != requestEpoch) {
      this.close(); // forgets the fd without closing it
      this.fail(NetErr.BadFd, op + ": connection from an earlier request");
      return false;
    }
    return true;
  }

  private waitFor(type: EventType, deadline: Deadline): i32 {
    this.waits++;
    return waitFd(<u32>this.fdValue, type, deadline);
  }

  private ioFailed(op: string, errno: u32): NetErr {
    const where = this.where();
    if (stillOurs(errno)) this.close();
    else this.fdValue = -1;
    return this.fail(netErrOfErrno(errno), op + " " + where + ": " + errnoName(errno));
  }

  private timedOut(op: string, what: string, deadline: Deadline): NetErr {
    const where = this.where();
    this.close(); // a late reply would otherwise be read as the answer to the next request
    return this.fail(NetErr.Timeout, op + " " + where + ": " + what + " " + deadline.timeoutMs.toString() + " ms");
  }

  private where(): string {
    const peer = this.peer;
    return peer !== null ? peer.hostPort(this.port) : this.host + ":" + this.port.toString();
  }
}

/**
 * stillOurs says whether the fd may be closed after errno. Not after BadFd errnos (EBADF, EISCONN, EALREADY,
 * ENOTSOCK, ENOTCONN): on current Traefik they mean the number was freed or handed to another request by the
 * shared fd table (§5.8), and closing it would break that request; its owner closes it.
 */
function stillOurs(errno: u32): bool {
  return netErrOfErrno(errno) != NetErr.BadFd;
}

// §5.3: a V2 sockaddr, 128 bytes: u16 LE family, then the address bytes; the port travels as an argument.
function sockaddr(addr: IpAddr): usize {
  memory.fill(SOCKADDR, 0, 128);
  store<u16>(SOCKADDR, <u16>addr.family);
  const len = addr.byteLength;
  for (let i = 0; i < len; i++) store<u8>(SOCKADDR + 2 + <usize>i, addr.bytes[i]);
  store<u32>(ADDR_DESC, <u32>SOCKADDR);
  store<u32>(ADDR_DESC, 128, 4);
  return ADDR_DESC;
}

// SO_ERROR's value, or the errno of asking for it.
function soError(fd: u32): u16 {
  store<i32>(OPT_VALUE, 0);
  const e = sock_getsockopt(fd, SockLevel.Socket, SockOpt.Error, OPT_VALUE, 4);
  if (e != WasiErrno.Success) return e;
  const v = load<i32>(OPT_VALUE);
  return v < 0 || v > 0xffff ? <u16>WasiErrno.Io : <u16>v;
}
