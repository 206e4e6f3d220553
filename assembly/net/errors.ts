// Error codes of the network layer, their stable names, the errno -> NetErr mapping and the retry rule. Every
// WASI errno a socket call can return lands on exactly one NetErr here; nothing in assembly/net traps on I/O.

import { WasiErrno } from "../abi/wasi";

/** NetErr says why a network operation failed. Values are stable. */
export const enum NetErr {
  Ok = 0,
  /** The peer refused the connection (ECONNREFUSED): nothing listens there. */
  Refused = 1,
  /** The caller's deadline passed first (connect, read or write), or the host gave up (ETIMEDOUT). */
  Timeout = 2,
  /** The connection broke while in use: ECONNRESET, ECONNABORTED or EPIPE. */
  Reset = 3,
  /** The peer closed the connection cleanly: a read returned 0 bytes (EOF, traefik-wasm-host.md §5.5 step 5). */
  Closed = 4,
  /** The name did not resolve: getaddrinfo failed (ECANCELED in wasi-go, §5.4) or returned no usable address. */
  DnsFailed = 5,
  /** No route to the address, or the address family is unavailable (EHOSTUNREACH, ENETUNREACH, EAFNOSUPPORT…). */
  Unreachable = 6,
  /**
   * The fd is stale or not ours: EBADF, EISCONN, EALREADY, ENOTSOCK, ENOTCONN, or a connection carried over from an
   * earlier request. On current Traefik this is the shared fd-table race (§5.8, traefik/traefik#11629): retryable.
   */
  BadFd = 7,
  /** The caller passed a host or port that cannot be used (checked before any host call). */
  BadAddress = 8,
  /** The connection is not open: never connected, or already closed (a caller bug, no host call was made). */
  NotOpen = 9,
  /** The host lacks the socket extension or refuses the operation (ENOSYS, ENOTSUP). */
  Unsupported = 10,
  /** More connections in one request than RequestConnections allows. */
  TooMany = 11,
  /** Any other errno; the detail names it. */
  Io = 12,
  /** The TLS layer (assembly/tls) refused the peer or the peer's bytes: the detail names the cause. Not retryable. */
  Tls = 13,
}

/** netErrName returns the stable operator-facing name of e, such as "ERR_NET_TIMEOUT". */
export function netErrName(e: NetErr): string {
  switch (e) {
    case NetErr.Ok: return "OK";
    case NetErr.Refused: return "ERR_NET_REFUSED";
    case NetErr.Timeout: return "ERR_NET_TIMEOUT";
    case NetErr.Reset: return "ERR_NET_RESET";
    case NetErr.Closed: return "ERR_NET_CLOSED";
    case NetErr.DnsFailed: return "ERR_NET_DNS_FAILED";
    case NetErr.Unreachable: return "ERR_NET_UNREACHABLE";
    case NetErr.BadFd: return "ERR_NET_BAD_FD";
    case NetErr.BadAddress: return "ERR_NET_BAD_ADDRESS";
    case NetErr.NotOpen: return "ERR_NET_NOT_OPEN";
    case NetErr.Unsupported: return "ERR_NET_UNSUPPORTED";
    case NetErr.TooMany: return "ERR_NET_TOO_MANY";
    case NetErr.Io: return "ERR_NET_IO";
    case NetErr.Tls: return "ERR_NET_TLS";
  }
  return "ERR_NET_UNKNOWN";
}

/**
 * isRetryable says whether one retry on a fresh connection may succeed. BadFd always may: on current Traefik the
 * fd table is shared by concurrent requests, so a stale or stolen fd is a race, not a verdict (§5.8). Reset and
 * Closed may only when the connection had already served an exchange (reused), because a peer that dropped an
 * idle connection will take a new one; on a fresh connection they are the peer's answer. Retrying is the
 * caller's policy (the cache layer retries once); nothing here retries by itself.
 */
export function isRetryable(e: NetErr, reused: bool): bool {
  if (e == NetErr.BadFd) return true;
  return reused && (e == NetErr.Reset || e == NetErr.Closed);
}

/** netErrOfErrno maps a WASI errno (§5.7) to its NetErr; 0 maps to Ok. */
export function netErrOfErrno(errno: u32): NetErr {
  switch (errno) {
    case WasiErrno.Success: return NetErr.Ok;
    case WasiErrno.ConnRefused: return NetErr.Refused;
    case WasiErrno.TimedOut: return NetErr.Timeout;
    case WasiErrno.ConnReset: case WasiErrno.ConnAborted: case WasiErrno.Pipe: return NetErr.Reset;
    case WasiErrno.Canceled: return NetErr.DnsFailed; // §5.4: wasi-go reports every lookup failure as ECANCELED
    case WasiErrno.HostUnreach: case WasiErrno.NetUnreach: case WasiErrno.NetDown: case WasiErrno.AfNoSupport:
    case WasiErrno.AddrNotAvail: return NetErr.Unreachable;
    case WasiErrno.BadF: case WasiErrno.IsConn: case WasiErrno.Already: case WasiErrno.NotSock:
    case WasiErrno.NotConn: return NetErr.BadFd; // §5.8: what the shared fd-table race looks like
    case WasiErrno.NoSys: case WasiErrno.NotSup: return NetErr.Unsupported;
  }
  return NetErr.Io;
}

/** errnoName returns "ECONNREFUSED"-style text for the errnos the layer meets, else "errno N", for details. */
export function errnoName(errno: u32): string {
  switch (errno) {
    case WasiErrno.AddrNotAvail: return "EADDRNOTAVAIL";
    case WasiErrno.AfNoSupport: return "EAFNOSUPPORT";
    case WasiErrno.Again: return "EAGAIN";
    case WasiErrno.Already: return "EALREADY";
    case WasiErrno.BadF: return "EBADF";
    case WasiErrno.Canceled: return "ECANCELED";
    case WasiErrno.ConnAborted: return "ECONNABORTED";
    case WasiErrno.ConnRefused: return "ECONNREFUSED";
    case WasiErrno.ConnReset: return "ECONNRESET";
    case WasiErrno.Fault: return "EFAULT";
    case WasiErrno.HostUnreach: return "EHOSTUNREACH";
    case WasiErrno.Intr: return "EINTR";
    case WasiErrno.Inval: return "EINVAL";
    case WasiErrno.Io: return "EIO";
    case WasiErrno.IsConn: return "EISCONN";
    case WasiErrno.MFile: return "EMFILE";
    case WasiErrno.NetDown: return "ENETDOWN";
    case WasiErrno.NetUnreach: return "ENETUNREACH";
    case WasiErrno.NFile: return "ENFILE";
    case WasiErrno.NoSys: return "ENOSYS";
    case WasiErrno.NotConn: return "ENOTCONN";
    case WasiErrno.NotSock: return "ENOTSOCK";
    case WasiErrno.NotSup: return "ENOTSUP";
    case WasiErrno.Pipe: return "EPIPE";
    case WasiErrno.TimedOut: return "ETIMEDOUT";
  }
  return "errno " + errno.toString();
}

/**
 * NetStatus carries the outcome of the last operation: `err` (Ok after success) and a short `detail` for logs,
 * such as `connect 127.0.0.1:6379: ECONNREFUSED`. Details are for operators, never for client responses.
 */
export class NetStatus {
  err: NetErr = NetErr.Ok;
  detail: string = "";

  /** fail records e with detail and returns e, so callers can `return this.fail(…)`. */
  fail(e: NetErr, detail: string): NetErr {
    this.err = e;
    this.detail = detail;
    return e;
  }

  /** ok records success and returns Ok. */
  ok(): NetErr {
    this.err = NetErr.Ok;
    this.detail = "";
    return NetErr.Ok;
  }
}
