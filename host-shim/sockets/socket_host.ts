// The main-thread half of the WasmEdge v2 socket extension as wasi-go v0.8.0 serves it (traefik-wasm-host.md §5):
// fd tables and the socket ops, registered on a BridgeRouter. Workers send plain data (fds, addresses, bytes);
// guest memory never leaves the worker. Nothing here blocks: waits are promises bounded by the call's deadline.
// Files opened under settings.mounts share these tables with sockets, as in wasi-go's one descriptor table (§5.8).

import type { BridgeContext, BridgeReply, BridgeRouter } from "./bridge.js";
import { type AddrInfoQuery, type Lookup, nodeLookup, resolveAddrInfo } from "./dns.js";
import { Errno } from "./errno.js";
import { FAMILY_INET, FAMILY_INET6, type SockAddr } from "./inet.js";
import { SocketEntry } from "./tcp_socket.js";
import { waitAny } from "./wait.js";
import { FdTable } from "../wasi/fd_table.js";
import { FileEntry } from "../wasi/file_entry.js";
import type { Preopen } from "../wasi/mounts.js";
import { openAt, type OpenRequest } from "../wasi/path_open.js";
import { Right } from "../wasi/rights.js";

const SOCK_STREAM = 2;
const FDFLAG_NONBLOCK = 4;
const SOL_SOCKET = 0, IPPROTO_TCP = 6, TCP_NODELAY = 15;
const EVENT_FD_READ = 1;

/**
 * "middleware": one fd table per middleware build, shared by every instance and request, as in every released
 * Traefik (§5.8, traefik/traefik#11629). "request": a fresh table per request, closed when the request ends,
 * as proposed in PR #13617.
 */
export type FdTableScope = "middleware" | "request";

export interface SocketHostOptions {
  /**
   * settings.mounts, preopened at fds 3, 4, …: sockets and files get fds from 3 + their number (§7 item 5), and
   * files open below them. A bare count numbers the fds without making any file readable. Default none.
   */
  preopens?: number | Preopen[];
  /** Name resolution; tests may inject one. Default dns.lookup. */
  lookup?: Lookup;
}

/** PollSub is one fd subscription of poll_oneoff; i is its index in the guest's array. */
export interface PollSub { i: number; fd: number; type: number }

/** Entry is what a guest fd above the mounts names on the wasi-go path: a socket or a file. */
type Entry = SocketEntry | FileEntry;

/**
 * SocketHost owns the guest sockets of one middleware build, in fd tables named by id. Every bridge call carries
 * the id of the table it uses (socketImports' scope()); which id a request gets is the scope's choice (SocketScope).
 */
export class SocketHost {
  private readonly tables = new Map<number, FdTable<Entry>>();
  private nextTableId = 1;
  private readonly fdBase: number;
  /** The mounts, one per build like wasi-go's preopens, whatever table a request uses. */
  private readonly mounts: FileEntry[];
  private readonly lookup: Lookup;

  /** The host registers its ops on router when one is given; register() adds them to more routers. */
  constructor(router?: BridgeRouter, options: SocketHostOptions = {}) {
    const preopens = options.preopens ?? 0;
    this.mounts = typeof preopens === "number" ? [] : preopens.map((p) => FileEntry.mount(p, "wasi-go"));
    this.fdBase = 3 + (typeof preopens === "number" ? preopens : preopens.length);
    this.lookup = options.lookup ?? nodeLookup;
    if (router !== undefined) this.register(router);
  }

  /** createTable makes an empty fd table and returns its id (never 0, never reused). */
  createTable(): number {
    const id = this.nextTableId++;
    this.tables.set(id, new FdTable(this.fdBase));
    return id;
  }

  /** closeTable closes every socket of the table; later calls naming it get EBADF. */
  closeTable(id: number): void {
    this.tables.get(id)?.closeAll();
    this.tables.delete(id);
  }

  /** closeAll closes every table: the end of the build. */
  closeAll(): void {
    for (const id of [...this.tables.keys()]) this.closeTable(id);
  }

  private table(id: number): FdTable<Entry> | undefined {
    return this.tables.get(id);
  }

  // A mount fd names its mount in every table; other fds are the table's own.
  private node(t: number, fd: number): Entry | undefined {
    return fd >= 3 && fd < this.fdBase ? this.mounts[fd - 3] : this.table(t)?.get(fd);
  }

  /** register adds the socket and file ops ("sock.*", "fd.*", "path.open", "poll", "dns.getaddrinfo") to router. */
  register(router: BridgeRouter): void {
    // wasi-go's lookupSocketFD checks the op's right before the type: a file, never writable, fails sock_send
    // with ENOTCAPABLE and every other socket op with ENOTSOCK.
    type SocketOp = (e: SocketEntry, p: any, ctx: BridgeContext) => BridgeReply | Promise<BridgeReply>;
    const withSocket = (fn: SocketOp, onFile: number = Errno.NOTSOCK) =>
      (p: { t: number; fd: number }, ctx: BridgeContext): BridgeReply | Promise<BridgeReply> => {
        const entry = this.table(p.t)?.get(p.fd);
        if (entry === undefined) return { errno: Errno.BADF };
        return entry instanceof SocketEntry ? fn(entry, p, ctx) : { errno: onFile };
      };
    this.registerFiles(router);
    router
      .register("sock.open", (p: { t: number; family: number; type: number }, ctx) => this.open(p.t, p.family, p.type, ctx))
      .register("sock.connect", withSocket((e, p: { addr: SockAddr }, ctx) => errnoReply(e.connect(p.addr, ctx))))
      .register("sock.bind", withSocket((e, p: { addr: SockAddr }) => ({ errno: e.bind(p.addr) })))
      .register("sock.listen", withSocket((e, p: { backlog: number }) => errnoReply(e.listen(p.backlog))))
      .register("sock.accept", withSocket((e, p: { t: number; flags: number }, ctx) => this.accept(e, p.t, p.flags, ctx)))
      .register("sock.recv", withSocket((e, p: { max: number; flags: number }, ctx) => recv(e, p.max, p.flags, ctx)))
      .register("sock.send", withSocket((e, p: { data: Uint8Array }, ctx) => send(e, p.data, ctx), Errno.NOTCAPABLE))
      .register("sock.send_to", withSocket((e) => ({ errno: sendToErrno(e) })))
      .register("sock.shutdown", withSocket((e, p: { how: number }) => ({ errno: e.shutdown(p.how) })))
      .register("sock.getopt", withSocket((e, p: { level: number; name: number }) => getOption(e, p.level, p.name)))
      .register("sock.setopt", withSocket((e, p: { level: number; name: number; value: number }) =>
        ({ errno: setOption(e, p.level, p.name, p.value) })))
      .register("sock.addr", withSocket((e, p: { peer: boolean }) => {
        const a = e.address(p.peer);
        return typeof a === "number" ? { errno: a } : { errno: Errno.SUCCESS, addr: a };
      }))
      .register("fd.setflags", (p: { t: number; fd: number; flags: number }) => {
        const entry = this.node(p.t, p.fd);
        if (entry === undefined) return { errno: Errno.BADF };
        // Flags change nothing for a file read at explicit offsets; wasi-go still asks for the right.
        if (entry instanceof FileEntry) return { errno: entry.need(Right.FDSTAT_SET_FLAGS) };
        entry.nonblock = (p.flags & FDFLAG_NONBLOCK) !== 0; // other flags are accepted and ignored for sockets
        return { errno: Errno.SUCCESS };
      })
      .register("fd.close", (p: { t: number; fd: number }) => {
        if (p.fd >= 3 && p.fd < this.fdBase) return { errno: Errno.NOTSUP }; // mounts stay for the build's life
        const entry = this.table(p.t)?.remove(p.fd);
        entry?.close();
        return { errno: entry === undefined ? Errno.BADF : Errno.SUCCESS };
      })
      .register("poll", (p: { t: number; subs: PollSub[]; timeoutMs: number }, ctx) => this.poll(p.t, p.subs, p.timeoutMs, ctx))
      .register("dns.getaddrinfo", (q: AddrInfoQuery) => resolveAddrInfo(q, this.lookup));
  }

  // wasi-go's side of host-shim/wasi/file_imports.ts. fd.read serves fd_read on any fd, so it reads a socket as
  // sock_recv without flags would; pread, seek, tell and the two stats are not emulated for sockets (ENOSYS).
  private registerFiles(router: BridgeRouter): void {
    const withFile = (fn: (f: FileEntry, p: any, ctx: BridgeContext) => BridgeReply) =>
      (p: { t: number; fd: number }, ctx: BridgeContext): BridgeReply => {
        const entry = this.node(p.t, p.fd);
        if (entry === undefined) return { errno: Errno.BADF };
        return entry instanceof FileEntry ? fn(entry, p, ctx) : { errno: Errno.NOSYS };
      };
    // Reads and seeks move the file offset: only for a worker still waiting for the answer.
    const committed = (ctx: BridgeContext, effect: () => BridgeReply): BridgeReply =>
      ctx.commit() ? effect() : { errno: Errno.TIMEDOUT };
    router
      .register("path.open", (p: { t: number; dirfd: number; req: OpenRequest }, ctx) =>
        this.openFile(p.t, p.dirfd, p.req, ctx))
      .register("fd.read", (p: { t: number; fd: number; max: number }, ctx) => {
        const entry = this.node(p.t, p.fd);
        if (entry === undefined) return { errno: Errno.BADF };
        return entry instanceof SocketEntry ? recv(entry, p.max, 0, ctx) : committed(ctx, () => entry.read(p.max));
      })
      .register("fd.pread", withFile((f, p: { max: number; offset: bigint }) => f.pread(p.max, p.offset)))
      .register("fd.seek", withFile((f, p: { delta: bigint; whence: number }, ctx) =>
        committed(ctx, () => f.seek(p.delta, p.whence))))
      .register("fd.tell", withFile((f) => f.tell()))
      .register("fd.filestat", withFile((f) => f.filestat()))
      .register("fd.fdstat", withFile((f) => f.fdstat()));
  }

  private openFile(t: number, dirfd: number, req: OpenRequest, ctx: BridgeContext): BridgeReply {
    const table = this.table(t);
    if (table === undefined) return { errno: Errno.BADF };
    const dir = this.node(t, dirfd);
    if (dir instanceof SocketEntry) return { errno: Errno.NOTCAPABLE }; // a socket holds no PATH_OPEN right
    const { errno, entry } = openAt("wasi-go", dir, req);
    if (entry === undefined) return { errno };
    if (!ctx.commit()) { entry.close(); return { errno: Errno.TIMEDOUT }; } // the worker is gone: no fd for nobody
    return { errno: Errno.SUCCESS, fd: table.add(entry) };
  }

  private open(t: number, family: number, type: number, ctx: BridgeContext): BridgeReply {
    const table = this.table(t);
    if (table === undefined) return { errno: Errno.BADF };
    if (family !== FAMILY_INET && family !== FAMILY_INET6) return { errno: family === 3 ? Errno.NOTSUP : Errno.INVAL };
    if (type === 0 || type > SOCK_STREAM) return { errno: Errno.INVAL }; // §5.2: socktype 0 is EINVAL
    if (type !== SOCK_STREAM) return { errno: Errno.NOTSUP }; // UDP is not emulated
    if (!ctx.commit()) return { errno: Errno.TIMEDOUT }; // the worker is gone: no fd for nobody
    return { errno: Errno.SUCCESS, fd: table.add(new SocketEntry(family)) };
  }

  private async accept(listener: SocketEntry, t: number, flags: number, ctx: BridgeContext): Promise<BridgeReply> {
    if ((flags & ~FDFLAG_NONBLOCK) !== 0) return { errno: Errno.INVAL }; // §5.2: flags 0 or NONBLOCK only
    const attempt = (): SocketEntry | number | undefined => {
      if (listener.listening && !listener.readable()) return undefined;
      return ctx.commit() ? listener.acceptNow() : Errno.TIMEDOUT;
    };
    const now = attempt();
    const got = now !== undefined || listener.nonblock ? now : await listener.wait(attempt, ctx.deadline);
    if (got === undefined) return { errno: listener.nonblock ? Errno.AGAIN : Errno.TIMEDOUT };
    if (typeof got === "number") return { errno: got };
    const table = this.table(t);
    if (table === undefined) { got.close(); return { errno: Errno.BADF }; }
    got.nonblock = (flags & FDFLAG_NONBLOCK) !== 0;
    return { errno: Errno.SUCCESS, fd: table.add(got) };
  }

  /**
   * poll waits until one fd subscription is ready or timeoutMs passes (-1: until the call's deadline, then
   * ETIMEDOUT). Unknown fds are ready at once with EBADF (§5.5). The worker handles clocks.
   */
  private async poll(t: number, subs: PollSub[], timeoutMs: number, ctx: BridgeContext): Promise<BridgeReply> {
    const entries = subs.map((s) => this.node(t, s.fd));
    type Ready = { i: number; errno: number };
    const ready = (): Ready[] | undefined => {
      const out = subs.flatMap((s, k): Ready[] => {
        const e = entries[k];
        if (e === undefined || e.closed) return [{ i: s.i, errno: Errno.BADF }];
        // poll(2) finds a file or directory ready at once; wasi-go first asks for the poll right.
        if (e instanceof FileEntry) return [{ i: s.i, errno: e.need(Right.POLL_FD_READWRITE) }];
        return (s.type === EVENT_FD_READ ? e.readable() : e.writable()) ? [{ i: s.i, errno: Errno.SUCCESS }] : [];
      });
      return out.length > 0 ? out : undefined;
    };
    const live = entries.filter((e) => e instanceof SocketEntry);
    const bound = ctx.deadline - performance.now();
    const wait = timeoutMs < 0 ? bound : Math.min(timeoutMs, bound);
    const got = await waitAny(live, ready, wait);
    if (got !== undefined) return { errno: Errno.SUCCESS, ready: got };
    return timeoutMs < 0 || timeoutMs > bound ? { errno: Errno.TIMEDOUT } : { errno: Errno.SUCCESS, ready: [] };
  }
}

/**
 * SocketScope applies one FdTableScope for one build: beginRequest gives the table id a request's worker passes
 * as scope(), endRequest ends it. "middleware" hands every request the same table and never closes it before
 * close(); "request" hands each request a fresh table and closes its sockets at the end.
 */
export class SocketScope {
  private readonly shared?: number;

  constructor(private readonly host: SocketHost, readonly mode: FdTableScope) {
    if (mode === "middleware") this.shared = host.createTable();
  }

  beginRequest(): number {
    return this.shared ?? this.host.createTable();
  }

  endRequest(tableId: number): void {
    if (tableId !== this.shared) this.host.closeTable(tableId);
  }

  /** close ends the build's table(s): the shared table's sockets are closed too. */
  close(): void {
    if (this.shared !== undefined) this.host.closeTable(this.shared);
  }
}

function errnoReply(r: number | Promise<number>): BridgeReply | Promise<BridgeReply> {
  return typeof r === "number" ? { errno: r } : r.then((errno) => ({ errno }));
}

function recv(e: SocketEntry, max: number, flags: number, ctx: BridgeContext): BridgeReply | Promise<BridgeReply> {
  const peek = (flags & 1) !== 0, waitAll = (flags & 2) !== 0; // riflags PEEK=1, WAITALL=2 (§5.2)
  // Received bytes are consumed only once the worker is known to still be waiting for them.
  const attempt = (): BridgeReply | undefined => {
    if (!e.recvReady(max, waitAll)) return undefined;
    return ctx.commit() ? e.recvNow(max, peek, waitAll) : { errno: Errno.TIMEDOUT };
  };
  const now = attempt();
  if (now !== undefined) return now;
  if (e.nonblock) return { errno: Errno.AGAIN }; // §5.5 step 5
  return e.wait(attempt, ctx.deadline).then((r) => r ?? { errno: Errno.TIMEDOUT });
}

function send(e: SocketEntry, data: Uint8Array, ctx: BridgeContext): BridgeReply | Promise<BridgeReply> {
  if (ctx.oneWay) return { errno: e.sendDeferred(data) };
  const toReply = (n: number): BridgeReply => (n < 0 ? { errno: -n } : { errno: Errno.SUCCESS, n });
  // A send the worker gave up on must not go out: the guest, told ETIMEDOUT, may send it again.
  const attempt = (): number | undefined => (!e.sendReady() ? undefined : ctx.commit() ? e.sendNow(data) : -Errno.TIMEDOUT);
  const now = attempt();
  if (now !== undefined) return toReply(now);
  if (e.nonblock) return { errno: Errno.AGAIN };
  return e.wait(attempt, ctx.deadline).then((n) => (n === undefined ? { errno: Errno.TIMEDOUT } : toReply(n)));
}

// §5.2: sock_send_to is for UDP; on Linux a connected TCP socket answers EISCONN, an unconnected one EPIPE.
function sendToErrno(e: SocketEntry): number {
  return typeof e.address(true) === "object" ? Errno.ISCONN : Errno.PIPE;
}

/** Options by "level/name" key (§5.6); the int ones that set accepts. */
const SETTABLE = new Set(["0/0", "0/3", "0/4", "0/5", "0/6", "0/7", "0/8", `${IPPROTO_TCP}/${TCP_NODELAY}`]);

function setOption(e: SocketEntry, level: number, name: number, value: number): number {
  if (level !== SOL_SOCKET && level !== IPPROTO_TCP) return Errno.INVAL;
  if (name === 14 || name === 1 || name === 2 || name === 13) return Errno.NOTSUP; // §5.6
  const key = `${level}/${name}`;
  if (!SETTABLE.has(key)) return Errno.INVAL; // RCVLOWAT (10) and unknown options
  if ((name === 5 || name === 6) && value < 0) return Errno.INVAL;
  e.applyOption(key, value);
  return Errno.SUCCESS;
}

function getOption(e: SocketEntry, level: number, name: number): BridgeReply {
  if (level !== SOL_SOCKET && level !== IPPROTO_TCP) return { errno: Errno.INVAL };
  if (name === 14) return { errno: Errno.NOTSUP };
  const ok = (value: number): BridgeReply => ({ errno: Errno.SUCCESS, value });
  switch (`${level}/${name}`) {
    case "0/1": return ok(SOCK_STREAM); // SO_TYPE
    case "0/2": { const v = e.pendingError; e.pendingError = 0; return ok(v); } // SO_ERROR, a WASI errno (§5.5)
    case "0/13": return ok(e.listening ? 1 : 0);
    case "0/10": return ok(1); // Linux's default SO_RCVLOWAT
    // Linux reports the doubled size it stores and wasi-go halves it back (§5.6); defaults are tcp_wmem/rmem[1] / 2.
    case "0/5": return ok(e.options.get("0/5") ?? 8192);
    case "0/6": return ok(e.options.get("0/6") ?? 65536);
  }
  const key = `${level}/${name}`;
  return SETTABLE.has(key) ? ok(e.options.get(key) ?? 0) : { errno: Errno.INVAL };
}
