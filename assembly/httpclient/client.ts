// The guest's HTTP/1.1 client for server-to-server calls (discovery, JWKS, token endpoint) over the request's
// connections (assembly/net), https through the guest's TLS client (assembly/tls). One request per connection,
// `Connection: close` sent and the socket closed before send() returns: Traefik keeps no socket across requests
// (traefik-wasm-host.md §5.8), so keep-alive would buy nothing and a half-read connection must never serve a
// later call.

import { Conn } from "../net/conn";
import { Deadline } from "../net/deadline";
import { NetErr, netErrName } from "../net/errors";
import { RequestConnections } from "../net/request_connections";
import { TlsClientConfig } from "../tls/client";
import { secureConnection } from "../tls/secure";
import { HttpClientErr, HttpClientStatus } from "./errors";
import { ResponseLimits } from "./limits";
import { ResponseParser } from "./parser";
import { encodeRequest, HttpRequest } from "./request";
import { HttpResponse } from "./response";
import { parseTarget, Target } from "./target";

/** READ_CHUNK is the size of the one receive buffer a client owns. */
export const READ_CHUNK: i32 = 16 * 1024;

/** HttpClientOptions are the client's timeouts (milliseconds) and response limits. */
export class HttpClientOptions {
  /** Resolving the name and connecting, together. */
  connectTimeoutMs: i32 = 5000;
  /** Sending the whole request. */
  writeTimeoutMs: i32 = 5000;
  /** Receiving the whole response, from the end of the write to its last byte: a trickling server cannot
   *  stretch it, however often it sends. */
  readTimeoutMs: i32 = 10000;
  limits: ResponseLimits = new ResponseLimits();
  /** How https URLs are reached (trust anchors, ALPN); null refuses them with TlsNotConfigured. */
  tls: TlsClientConfig | null = null;
}

/**
 * HttpClient sends requests and returns complete responses, any status included (a 404 or 500 is a response, not
 * an error). send() returns null with `err` and `detail` when no complete, well-framed response arrived. It
 * retries once, on a fresh connection, only when the shared fd table took the socket from under it (BadFd,
 * §5.8) and resending is safe: at connect for any method; while writing, or reading before any response byte,
 * for GET and HEAD only (a POST to the token endpoint may have been received: its code is spent).
 */
export class HttpClient extends HttpClientStatus {
  /** Diagnostics: requests attempted through send() and retries made since construction. */
  requests: i32 = 0;
  retries: i32 = 0;
  readonly options: HttpClientOptions;
  private conns: RequestConnections;
  private parser: ResponseParser;
  private chunk: Uint8Array = new Uint8Array(READ_CHUNK);
  private retry: bool = false; // set by attempt() when its failure may be retried

  constructor(conns: RequestConnections, options: HttpClientOptions = new HttpClientOptions()) {
    super();
    this.conns = conns;
    this.options = options;
    this.parser = new ResponseParser(options.limits);
  }

  /** send makes one exchange and returns the final response, or null with the reason in err and detail. */
  send(req: HttpRequest): HttpResponse | null {
    this.requests++;
    const target = parseTarget(req.url, this);
    if (target === null) return null;
    if (target.tls && this.options.tls === null) {
      this.fail(HttpClientErr.TlsNotConfigured, "https://" + target.where + ": no TLS trust configured (set caCertPEM or " +
        "caCertPath, or mount /etc/ssl/certs into the plugin)");
      return null;
    }
    const wire = encodeRequest(req, target, this);
    if (wire === null) {
      this.detail = "request to " + target.where + ": " + this.detail;
      return null;
    }
    const label = req.method + " " + target.where;
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = this.attempt(req, target, wire, label);
      if (r !== null || !this.retry) return r;
      this.retries++;
    }
    return null;
  }

  private attempt(req: HttpRequest, target: Target, wire: Uint8Array, label: string): HttpResponse | null {
    this.retry = false;
    const o = this.options;
    const tls = target.tls ? o.tls : null;
    let c = secureConnection(this.conns, target.host, target.port, o.connectTimeoutMs, tls);
    // A connection someone left open to this host:port is not ours to speak HTTP on: start afresh.
    if (c !== null && c.reused) {
      c.close();
      c = secureConnection(this.conns, target.host, target.port, o.connectTimeoutMs, tls);
    }
    if (c === null) {
      const e = this.conns.err;
      this.retry = e == NetErr.BadFd;
      const code = e == NetErr.Timeout ? HttpClientErr.Timeout : e == NetErr.Tls ? HttpClientErr.Tls : HttpClientErr.Connect;
      return this.netFailed(code, e, this.conns.detail, label);
    }
    const r = this.exchange(c, req, wire, label);
    c.close(); // one request per connection, whatever happened
    return r;
  }

  private exchange(c: Conn, req: HttpRequest, wire: Uint8Array, label: string): HttpResponse | null {
    if (c.write(wire, this.options.writeTimeoutMs) != NetErr.Ok) {
      // A BadFd write may have sent part of the request: only an idempotent one may go again.
      this.retry = c.err == NetErr.BadFd && req.idempotent;
      return this.ioFailed(c, label);
    }
    const p = this.parser;
    p.begin(req.method == "HEAD");
    const readMs = this.options.readTimeoutMs;
    const deadline = new Deadline(readMs);
    while (!p.done) {
      const ms = <i32>((deadline.remainingNs() + 999_999) / 1_000_000);
      if (ms <= 0) return this.timedOut(label, readMs);
      const got = c.read(this.chunk, ms);
      if (got < 0) {
        if (c.err == NetErr.Closed) {
          if (p.finish()) break;
          return this.parseFailed(label);
        }
        if (c.err == NetErr.Timeout) return this.timedOut(label, readMs);
        this.retry = c.err == NetErr.BadFd && req.idempotent && p.consumed == 0;
        return this.ioFailed(c, label);
      }
      if (!p.feed(this.chunk.subarray(0, got))) return this.parseFailed(label);
    }
    const r = p.take();
    if (r === null) { // not reached: the loop ends only when done
      this.fail(HttpClientErr.BadResponse, label + ": no response");
      return null;
    }
    this.ok();
    return r;
  }

  private timedOut(label: string, readMs: i32): HttpResponse | null {
    this.fail(HttpClientErr.Timeout, label + ": no complete response in " + readMs.toString() + " ms (" + this.parser.where() + ")");
    return null;
  }

  private parseFailed(label: string): HttpResponse | null {
    this.fail(this.parser.err, label + ": " + this.parser.detail);
    return null;
  }

  private ioFailed(c: Conn, label: string): HttpResponse | null {
    const e = c.err;
    return this.netFailed(e == NetErr.Timeout ? HttpClientErr.Timeout : HttpClientErr.Io, e, c.detail, label);
  }

  private netFailed(e: HttpClientErr, net: NetErr, detail: string, label: string): HttpResponse | null {
    this.fail(e, label + ": " + netErrName(net) + ": " + detail);
    return null;
  }
}
