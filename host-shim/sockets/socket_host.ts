// The main-thread half of the WasmEdge v2 socket extension as wasi-go v0.8.0 serves it (traefik-wasm-host.md §5):
// fd tables and the socket ops, registered on a BridgeRouter. Workers send plain data (fds, addresses, bytes);
// guest memory never leaves the worker. Nothing here blocks: waits are promises bounded by the call's deadline.

import type { BridgeContext, BridgeReply, BridgeRouter } from "./bridge.js";
import { type AddrInfoQuery, type Lookup, nodeLookup, resolveAddrInfo } from "./dns.js";
import { Errno } from "./errno.js";
import { FAMILY_INET, FAMILY_INET6, type SockAddr } from "./inet.js";
import { SocketEntry } from "./tcp_socket.js";
import { waitAny } from "./wait.js";

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
  /** Number of preopened mounts: sockets get fds from 3 + preopens (§7 item 5). Default 0. */
  preopens?: number;
  /** Name resolution; tests may inject one. Default dns.lookup. */
  lookup?: Lookup;
}

/** PollSub is one fd subscription of poll_oneoff; i is its index in the guest's array. */
export interface PollSub { i: number; fd: number; type: number }

/** FdTable hands out the lowest free fd from its base, like wasi-go's descriptor table. */
export class FdTable {
  private readonly entries = new Map<number, SocketEntry>();
  constructor(private readonly base: number) {}

  add(entry: SocketEntry): number {
    let fd = this.base;
    while (this.entries.has(fd)) fd++;
    this.entries.set(fd, entry);
    return fd;
  }

  get(fd: number): SocketEntry | undefined { return this.entries.get(fd); }

  remove(fd: number): SocketEntry | undefined {
    const entry = this.entries.get(fd);
    this.entries.delete(fd);
    return entry;
  }

  closeAll(): void {
    for (const entry of this.entries.values()) entry.close();
    this.entries.clear();
  }
}

/**
 * SocketHost owns the guest sockets of one middleware build, in fd tables named by id. Every bridge call carries
 * the id of the table it uses (socketImports' scope()); which id a request gets is the scope's choice (SocketScope).
 */
export class SocketHost {
  private readonly tables = new Map<number, FdTable>();
  private nextTableId = 1;
  private readonly fdBase: number;
  private readonly lookup: Lookup;

  /** The host registers its ops on router when one is given; register() adds them to more routers. */
  constructor(router?: BridgeRouter, options: SocketHostOptions = {}) {
    this.fdBase = 3 + (options.preopens ?? 0);
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

  private table(id: number): FdTable | undefined {
    return this.tables.get(id);
  }

  /** register adds the socket ops ("sock.*", "fd.*", "poll", "dns.getaddrinfo") to router. */
  register(router: BridgeRouter): void {
    const withSocket = (fn: (e: SocketEntry, p: any, ctx: BridgeContext) => BridgeReply | Promise<BridgeReply>) =>
      (p: { t: number; fd: number }, ctx: BridgeContext): BridgeReply | Promise<BridgeReply> => {
        const entry = this.table(p.t)?.get(p.fd);
        return entry === undefined ? { errno: Errno.BADF } : fn(entry, p, ctx);
      };
    router
      .register("sock.open", (p: { t: number; family: number; type: number }, ctx) => this.open(p.t, p.family, p.type, ctx))
      .register("sock.connect", withSocket((e, p: { addr: SockAddr }, ctx) => errnoReply(e.connect(p.addr, ctx))))
      .register("sock.bind", withSocket((e, p: { addr: SockAddr }) => ({ errno: e.bind(p.addr) })))
      .register("sock.listen", withSocket((e, p: { backlog: number }) => errnoReply(e.listen(p.backlog))))
      .register("sock.accept", withSocket((e, p: { t: number; flags: number }, ctx) => this.accept(e, p.t, p.flags, ctx)))
      .register("sock.recv", withSocket((e, p: { max: number; flags: number }, ctx) => recv(e, p.max, p.flags, ctx)))
      .register("sock.send", withSocket((e, p: { data: Uint8Array }, ctx) => send(e, p.data, ctx)))
      .register("sock.send_to", withSocket((e) => ({ errno: sendToErrno(e) })))
      .register("sock.shutdown", withSocket((e, p: { how: number }) => ({ errno: e.shutdown(p.how) })))
      .register("sock.getopt", withSocket((e, p: { level: number; name: number }) => getOption(e, p.level, p.name)))
      .register("sock.setopt", withSocket((e, p: { level: number; name: number; value: number }) =>
        ({ errno: setOption(e, p.level, p.name, p.value) })))
      .register("sock.addr", withSocket((e, p: { peer: boolean }) => {
        const a = e.address(p.peer);
        return typeof a === "number" ? { errno: a } : { errno: Errno.SUCCESS, addr: a };
      }))
      .register("fd.setflags", withSocket((e, p: { flags: number }) => {
        e.nonblock = (p.flags & FDFLAG_NONBLOCK) !== 0; // other flags are accepted and ignored for sockets
        return { errno: Errno.SUCCESS };
      }))
      .register("fd.close", (p: { t: number; fd: number }) => {
        const entry = this.table(p.t)?.remove(p.fd);
        entry?.close();
        return { errno: entry === undefined ? Errno.BADF : Errno.SUCCESS };
      })
      .register("poll", (p: { t: number; subs: PollSub[]; timeoutMs: number }, ctx) => this.poll(p.t, p.subs, p.timeoutMs, ctx))
      .register("dns.getaddrinfo", (q: AddrInfoQuery) => resolveAddrInfo(q, this.lookup));
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
    const table = this.table(t);
    const entries = subs.map((s) => table?.get(s.fd));
    type Ready = { i: number; errno: number };
    const ready = (): Ready[] | undefined => {
      const out = subs.flatMap((s, k): Ready[] => {
        const e = entries[k];
        if (e === undefined || e.closed) return [{ i: s.i, errno: Errno.BADF }];
        return (s.type === EVENT_FD_READ ? e.readable() : e.writable()) ? [{ i: s.i, errno: Errno.SUCCESS }] : [];
      });
      return out.length > 0 ? out : undefined;
    };
    const live = entries.filter((e) => e !== undefined);
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
