// The worker-side wasi_snapshot_preview1 socket functions (WasmEdge v2 as wasi-go v0.8.0 serves them, §5.2), and
// the file functions of the mounts, whose fds live in the same main-thread table. Guest memory is read and written
// here; only plain data crosses the bridge to the main thread, which owns the sockets and files. Each import
// returns a WASI errno and never throws: a bad guest pointer is EFAULT, anything else EIO.

import type { BridgeClient, BridgeReply } from "./bridge.js";
import type { AddrInfoQuery } from "./dns.js";
import { Errno } from "./errno.js";
import { errnoGuard, GuestMemory } from "./guest_memory.js";
import type { SockAddr } from "./inet.js";
import { type Clocks, pollOneoff } from "./poll_oneoff.js";
import { type FileBackend, fileImports } from "../wasi/file_imports.js";
import type { WasiImports } from "../wasi/common.js";

// §5.6: options taking struct linger / timeval are refused before value_len or the fd are looked at.
const SO_LINGER = 9, SO_RCVTIMEO = 11, SO_SNDTIMEO = 12;

/** Stdio receives the guest's fd 1 and 2 writes, which stay in the worker (Traefik passes them through, §4.2). */
export interface Stdio { write(fd: 1 | 2, bytes: Uint8Array): void }

export interface SocketImportOptions {
  /** Clock sources for ABSTIME poll subscriptions; use the same ones as clock_time_get. */
  clocks?: Clocks;
  /**
   * Send without waiting for the main thread: sock_send/fd_write report every byte written at once, saving one
   * thread round trip per send. Unlike wasi-go, a send's failure then surfaces at the socket's next call, and a
   * full send buffer never blocks or answers EAGAIN (assemblyscript-notes.md pitfall). Default false.
   */
  deferSends?: boolean;
}

const defaultClocks: Clocks = {
  realtime: () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6)),
  monotonic: () => process.hrtime.bigint(),
};

/**
 * socketImports returns the socket, file and other fd functions of wasi_snapshot_preview1 for one guest instance.
 * scope() gives the fd table id of the request being served (SocketScope.beginRequest on the main thread). Every fd
 * above 2 goes to the main thread, which answers for whatever the fd is there: a socket, a file or a mount.
 */
export function socketImports(
  memory: () => WebAssembly.Memory, client: BridgeClient, scope: () => number, stdio: Stdio,
  options: SocketImportOptions = {},
): WasiImports {
  const mem = new GuestMemory(memory);
  const clocks = options.clocks ?? defaultClocks;
  const call = (op: string, payload: Record<string, unknown>): BridgeReply => client.call(op, { t: scope(), ...payload });
  const storeFd = (reply: BridgeReply, fdOut: number): number => {
    if (reply.errno === Errno.SUCCESS) mem.setU32(fdOut, reply.fd as number);
    return reply.errno;
  };
  const recvInto = (fd: number, iovs: number, iovsLen: number, flags: number): BridgeReply => {
    const max = mem.iovecs(iovs, iovsLen).reduce((n, [, len]) => n + len, 0);
    const reply = call("sock.recv", { fd, max, flags });
    if (reply.errno === Errno.SUCCESS) mem.scatter(iovs, iovsLen, reply.data as Uint8Array);
    return reply;
  };
  const recv = (fd: number, iovs: number, iovsLen: number, flags: number, nread: number, roflags: number): number => {
    const reply = recvInto(fd, iovs, iovsLen, flags);
    if (reply.errno !== Errno.SUCCESS) return reply.errno;
    mem.setU32(nread, (reply.data as Uint8Array).length);
    mem.view().setUint16(roflags, 0, true); // DATA_TRUNCATED never applies to TCP
    return Errno.SUCCESS;
  };
  const send = (fd: number, iovs: number, iovsLen: number, nwritten: number): number => {
    const data = mem.gather(iovs, iovsLen);
    if (options.deferSends) {
      client.post("sock.send", { t: scope(), fd, data });
      mem.setU32(nwritten, data.length);
      return Errno.SUCCESS;
    }
    const reply = call("sock.send", { fd, data });
    if (reply.errno === Errno.SUCCESS) mem.setU32(nwritten, reply.n as number);
    return reply.errno;
  };
  const withAddr = (desc: number, port: number, fn: (addr: SockAddr) => number): number => {
    const addr = mem.readAddr(desc, port);
    return addr === undefined ? Errno.INVAL : fn(addr);
  };
  const localOrPeer = (peer: boolean) => (fd: number, desc: number, portOut: number): number => {
    const reply = call("sock.addr", { fd, peer });
    if (reply.errno !== Errno.SUCCESS) return reply.errno;
    const addr = reply.addr as SockAddr;
    const errno = mem.writeAddr(desc, addr);
    if (errno === Errno.SUCCESS) mem.setU32(portOut, addr.port);
    return errno;
  };

  const fns: Record<string, (...args: number[]) => number> = {
    sock_open: (family, type, fdOut) => storeFd(call("sock.open", { family, type }), fdOut),
    sock_bind: (fd, desc, port) => withAddr(desc, port, (addr) => call("sock.bind", { fd, addr }).errno),
    sock_listen: (fd, backlog) => call("sock.listen", { fd, backlog }).errno,
    sock_accept: (fd, flags, fdOut) => storeFd(call("sock.accept", { fd, flags }), fdOut),
    sock_connect: (fd, desc, port) => withAddr(desc, port, (addr) => call("sock.connect", { fd, addr }).errno),
    sock_recv: (fd, iovs, iovsLen, flags, nread, roflags) => recv(fd, iovs, iovsLen, flags, nread, roflags),
    // §5.2: on TCP, recvmsg yields no peer address, so wasi-go fails with EINVAL after the data was consumed
    // into the guest's buffers. Runtime UNVERIFIED upstream; emulated from the code.
    sock_recv_from: (fd, iovs, iovsLen, _desc, flags) => {
      const reply = recvInto(fd, iovs, iovsLen, flags);
      return reply.errno === Errno.SUCCESS ? Errno.INVAL : reply.errno;
    },
    sock_send: (fd, iovs, iovsLen, _siflags, nwritten) => send(fd, iovs, iovsLen, nwritten),
    sock_send_to: (fd, _iovs, _iovsLen, desc, port) => withAddr(desc, port, () => call("sock.send_to", { fd }).errno),
    sock_shutdown: (fd, how) => call("sock.shutdown", { fd, how }).errno,
    sock_getsockopt: (fd, level, name, valuePtr, valueLen) => {
      if (name === SO_LINGER || name === SO_RCVTIMEO || name === SO_SNDTIMEO) return Errno.NOTSUP;
      if (valueLen !== 4) return Errno.INVAL; // §5.6: value_len is passed by value and must be 4
      const reply = call("sock.getopt", { fd, level, name });
      if (reply.errno === Errno.SUCCESS) mem.view().setInt32(valuePtr, reply.value as number, true);
      return reply.errno;
    },
    sock_setsockopt: (fd, level, name, valuePtr, valueLen) => {
      if (name === SO_LINGER || name === SO_RCVTIMEO || name === SO_SNDTIMEO) return Errno.NOTSUP;
      if (valueLen !== 4) return Errno.INVAL;
      return call("sock.setopt", { fd, level, name, value: mem.view().getInt32(valuePtr, true) }).errno;
    },
    sock_getlocaladdr: localOrPeer(false),
    sock_getpeeraddr: localOrPeer(true),
    sock_getaddrinfo: (name, nameLen, service, serviceLen, hints, resPtr, maxResLen, resLenOut) => {
      // §5.4: checked before anything else, on the lengths before the trailing NUL is dropped.
      if ((nameLen === 0 && serviceLen === 0) || maxResLen === 1) return Errno.INVAL;
      const v = mem.view();
      const query: AddrInfoQuery = {
        name: mem.string(name, nameLen).replace(/\0$/, ""), service: mem.string(service, serviceLen).replace(/\0$/, ""),
        flags: v.getUint16(hints, true), family: v.getUint8(hints + 2), socktype: v.getUint8(hints + 3),
        protocol: v.getUint32(hints + 4, true), max: maxResLen,
      };
      const reply = client.call("dns.getaddrinfo", query);
      if (reply.errno !== Errno.SUCCESS) return reply.errno;
      const n = mem.writeAddrInfos(resPtr, reply.addrs as SockAddr[]);
      if (n < 0) return -n;
      mem.setU32(resLenOut, n);
      return Errno.SUCCESS;
    },
    fd_write: (fd, iovs, iovsLen, nwritten) => {
      if (fd === 1 || fd === 2) {
        const bytes = mem.gather(iovs, iovsLen);
        stdio.write(fd, bytes);
        mem.setU32(nwritten, bytes.length);
        return Errno.SUCCESS;
      }
      if (fd === 0) return Errno.BADF;
      return send(fd, iovs, iovsLen, nwritten);
    },
    fd_fdstat_set_flags: (fd, flags) => (fd <= 2 ? Errno.SUCCESS : call("fd.setflags", { fd, flags }).errno),
    poll_oneoff: (inPtr, outPtr, nsubs, nevents) => pollOneoff(mem, client, scope(), clocks, inPtr, outPtr, nsubs, nevents),
  };
  for (const [name, fn] of Object.entries(fns)) fns[name] = errnoGuard(fn);
  return { ...fns, ...fileImports(memory, bridgeFiles(call)) };
}

// The wasi-go FileBackend: every file op is answered on the main thread (socket_host.ts registerFiles).
function bridgeFiles(call: (op: string, payload: Record<string, unknown>) => BridgeReply): FileBackend {
  const ask = <R>(op: string, payload: Record<string, unknown>): R => call(op, payload) as R;
  return {
    open: (dirfd, req) => ask("path.open", { dirfd, req }),
    read: (fd, max) => ask("fd.read", { fd, max }),
    pread: (fd, max, offset) => ask("fd.pread", { fd, max, offset }),
    seek: (fd, delta, whence) => ask("fd.seek", { fd, delta, whence }),
    tell: (fd) => ask("fd.tell", { fd }),
    filestat: (fd) => ask("fd.filestat", { fd }),
    fdstat: (fd) => ask("fd.fdstat", { fd }),
    close: (fd) => call("fd.close", { fd }).errno,
  };
}
