// The connections of the request being served, opened lazily and all closed before the request ends
// (traefik-wasm-host.md §5.8: open and close within one request, never keep an fd across requests).
//
// Use from the middleware:
//   handle_request:  conns.begin();  … conns.get(host, port, connectMs) … ;  if next is not called: conns.closeAll()
//   handle_response: … ;  conns.closeAll()
// A retry is the caller's policy: on an error for which conn.retryable() is true, call get() again (it connects
// afresh) and repeat the exchange once.

import { beginNetRequest, Conn } from "./conn";
import { NetErr, NetStatus } from "./errors";

/** MAX_REQUEST_CONNECTIONS bounds the distinct host:port pairs one request may connect to. */
export const MAX_REQUEST_CONNECTIONS: i32 = 8;

/**
 * RequestConnections holds at most one connection per host:port for the current request. It may live in a
 * global (handle_request and handle_response of one request run on the same instance, §2.4), because begin()
 * and closeAll() bracket every request and no Conn survives closeAll().
 */
export class RequestConnections extends NetStatus {
  /** How many connects get() made since begin(), for diagnostics. */
  connects: i32 = 0;
  private readonly conns: Array<Conn> = new Array<Conn>();

  /**
   * begin starts a request: it forgets connections a previous request failed to close (after a trap, say)
   * without closing their fds, since those numbers may now belong to other requests, and makes every older
   * Conn inert (beginNetRequest). It returns how many open connections were forgotten, for a warning log.
   */
  begin(): i32 {
    let forgotten = 0;
    for (let i = 0; i < this.conns.length; i++) {
      if (this.conns[i].fd >= 0) forgotten++;
    }
    this.forget();
    this.connects = 0;
    beginNetRequest();
    this.ok();
    return forgotten;
  }

  /**
   * get returns the open connection to host:port, marked reused, or connects one within connectTimeoutMs (also
   * when an earlier error closed it). It returns null with the reason in `err` and `detail`.
   */
  get(host: string, port: i32, connectTimeoutMs: i32): Conn | null {
    for (let i = 0; i < this.conns.length; i++) {
      const c = this.conns[i];
      if (c.port != port || c.host != host) continue;
      if (c.isOpen) {
        c.reused = true;
        this.ok();
        return c;
      }
      return this.connect(c, host, port, connectTimeoutMs);
    }
    if (this.conns.length >= MAX_REQUEST_CONNECTIONS) {
      this.fail(NetErr.TooMany, "more than " + MAX_REQUEST_CONNECTIONS.toString() + " connections in one request");
      return null;
    }
    const c = new Conn();
    this.conns.push(c);
    return this.connect(c, host, port, connectTimeoutMs);
  }

  /** openCount is the number of connections currently open. */
  get openCount(): i32 {
    let n = 0;
    for (let i = 0; i < this.conns.length; i++) {
      if (this.conns[i].isOpen) n++;
    }
    return n;
  }

  /** closeAll closes every connection and forgets them; it returns how many were open. Safe to call twice. */
  closeAll(): i32 {
    let closed = 0;
    for (let i = 0; i < this.conns.length; i++) {
      const c = this.conns[i];
      if (c.isOpen) closed++;
      c.close();
    }
    this.forget();
    return closed;
  }

  // Most requests open no connection: an empty list is left as it is.
  private forget(): void {
    if (this.conns.length > 0) this.conns.length = 0;
  }

  private connect(c: Conn, host: string, port: i32, connectTimeoutMs: i32): Conn | null {
    this.connects++;
    if (c.connect(host, port, connectTimeoutMs) != NetErr.Ok) {
      this.fail(c.err, c.detail);
      return null;
    }
    this.ok();
    return c;
  }
}
