// The guest's Redis client: one pipelined exchange per call over a connection of the current request
// (assembly/net, traefik-wasm-host.md §5.8), handshake only on a fresh connection, and a trailing ECHO of a random
// token whose return proves that the replies read are ours, in order (the shared fd table can hand us a stranger's).

import { CacheErr } from "./cache";
import { hexEncode } from "../encoding/hex";
import { Deadline } from "../net/deadline";
import { isRetryable, NetErr, netErrName } from "../net/errors";
import { Conn } from "../net/conn";
import { RequestConnections } from "../net/request_connections";
import { encodePipeline, RespCommand } from "../resp/writer";
import { RespErr, RespReader, respErrName } from "../resp/reader";
import { RespKind, RespValue } from "../resp/value";
import { randomBytes } from "../sys/random";
import { TlsClientConfig } from "../tls/client";
import { secureConnection } from "../tls/secure";

/** TOKEN_BYTES is the size of the ECHO token's randomness: a stranger's reply cannot carry it by chance. */
export const TOKEN_BYTES: i32 = 16;
/** READ_CHUNK is the size of the one receive buffer a client owns. */
export const READ_CHUNK: i32 = 16 * 1024;

/** RedisOptions says where and how to connect. Timeouts are in milliseconds; the config gives seconds. */
export class RedisOptions {
  host: string = "127.0.0.1";
  port: i32 = 6379;
  /** ACL user for `AUTH username password`; "" sends the legacy `AUTH password` (requirepass). */
  username: string = "";
  /** "" sends no AUTH at all. */
  password: string = "";
  /** Database for SELECT on every fresh connection; 0 sends no SELECT. */
  db: i32 = 0;
  connectTimeoutMs: i32 = 5000;
  readTimeoutMs: i32 = 3000;
  writeTimeoutMs: i32 = 3000;
  /** TLS on every connection (redis.enableTLS), or null for plain TCP. */
  tls: TlsClientConfig | null = null;
}

/**
 * RedisClient sends pipelines on the request's connection to options.host:port. `exchange` is the only
 * operation; on failure it returns null with `err` (a CacheErr) and `detail` set. It does not keep a connection
 * across requests: RequestConnections owns the socket and the middleware's closeAll() ends it.
 */
export class RedisClient {
  err: CacheErr = CacheErr.Ok;
  detail: string = "";
  /** Diagnostics: exchanges attempted and retries made since construction. */
  exchanges: i32 = 0;
  retries: i32 = 0;
  readonly options: RedisOptions;
  private conns: RequestConnections;
  private reader: RespReader = new RespReader();
  private chunk: Uint8Array = new Uint8Array(READ_CHUNK);

  constructor(conns: RequestConnections, options: RedisOptions) {
    this.conns = conns;
    this.options = options;
  }

  /**
   * exchange sends cmds in one write and returns their replies in order (error replies of the commands
   * included, as values), or null on failure: Unavailable or Timeout (network, with the NetErr detail), Rejected
   * (an error reply to the handshake or to the ECHO, e.g. WRONGPASS, NOAUTH, LOADING), Protocol (unparseable or
   * foreign replies), TooLarge (the pipeline cannot be encoded). A failed exchange closes the connection unless
   * the reply stream was whole. One retry on a fresh connection when the net layer says a retry may help
   * (stale fd, reset of a reused connection) and no reply byte had arrived; a command that reached Redis before
   * the reset may then run twice: SET NX then reports "held" (fail closed), INCR counts one more.
   */
  exchange(cmds: Array<RespCommand>): Array<RespValue> | null {
    this.err = CacheErr.Ok;
    this.detail = "";
    this.exchanges++;
    const token = randomBytes(TOKEN_BYTES);
    if (token === null) { this.fail(CacheErr.Unavailable, "redis: the host gave no random bytes"); return null; }
    const tokenHex = hexEncode(token);
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = this.attempt(cmds, tokenHex);
      if (r !== null || !this.retry) return r;
      this.retries++;
    }
    return null;
  }

  // Set by attempt when its failure may be retried on a fresh connection.
  private retry: bool = false;

  private attempt(cmds: Array<RespCommand>, tokenHex: string): Array<RespValue> | null {
    this.retry = false;
    const o = this.options;
    const c = secureConnection(this.conns, o.host, o.port, o.connectTimeoutMs, o.tls);
    if (c === null) {
      this.retry = isRetryable(this.conns.err, false);
      this.netFail(this.conns.err, this.conns.detail);
      return null;
    }
    const all = new Array<RespCommand>();
    if (!c.reused) this.handshake(all);
    const first = all.length;
    for (let i = 0; i < cmds.length; i++) all.push(cmds[i]);
    all.push(new RespCommand("ECHO").arg(tokenHex));
    const wire = encodePipeline(all);
    if (wire === null) { this.fail(CacheErr.TooLarge, "redis: pipeline larger than the encoder's bound"); return null; }
    if (c.write(wire, o.writeTimeoutMs) != NetErr.Ok) return this.connFail(c, false);
    const replies = this.readReplies(c, all.length);
    if (replies === null) return null;
    return this.check(c, replies, first, tokenHex);
  }

  private handshake(all: Array<RespCommand>): void {
    const o = this.options;
    if (o.password.length > 0) {
      const auth = new RespCommand("AUTH");
      if (o.username.length > 0) auth.arg(o.username);
      all.push(auth.arg(o.password));
    }
    if (o.db != 0) all.push(new RespCommand("SELECT").int(o.db));
  }

  // Reads exactly n replies within readTimeoutMs; anything else on the wire is a foreign or shifted stream.
  private readReplies(c: Conn, n: i32): Array<RespValue> | null {
    const reader = this.reader;
    reader.reset();
    const out = new Array<RespValue>();
    const deadline = new Deadline(this.options.readTimeoutMs);
    let received = 0;
    while (out.length < n) {
      const v = reader.next();
      if (v !== null) { out.push(v); continue; }
      if (reader.err != RespErr.Ok) return this.protocol(c, "redis: " + respErrName(reader.err) + ": " + reader.errText);
      const ms = <i32>((deadline.remainingNs() + 999_999) / 1_000_000);
      if (ms <= 0) {
        c.close(); // a late reply would otherwise be read as the answer to the next exchange
        this.fail(CacheErr.Timeout, "redis: read " + c.host + ":" + c.port.toString() + ": no complete reply in " +
          this.options.readTimeoutMs.toString() + " ms");
        return null;
      }
      const got = c.read(this.chunk, ms);
      if (got < 0) return this.connFail(c, received == 0);
      received += got;
      if (!reader.feed(this.chunk.subarray(0, got))) {
        return this.protocol(c, "redis: " + respErrName(reader.err) + ": " + reader.errText);
      }
    }
    if (reader.buffered != 0 || reader.inReply) return this.protocol(c, "redis: bytes after the last expected reply");
    return out;
  }

  // Verifies the handshake replies and the ECHO token; returns the command replies.
  private check(c: Conn, replies: Array<RespValue>, first: i32, tokenHex: string): Array<RespValue> | null {
    for (let i = 0; i < first; i++) {
      const h = replies[i];
      if (h.kind == RespKind.Error) return this.rejected(c, h);
      if (h.kind != RespKind.SimpleString || !h.textIs("OK")) return this.protocol(c, "redis: unexpected handshake reply");
    }
    const echo = replies[replies.length - 1];
    if (echo.kind == RespKind.Error) return this.rejected(c, firstError(replies, echo));
    if (echo.kind != RespKind.BulkString || !echo.textIs(tokenHex)) {
      return this.protocol(c, "redis: the integrity token did not come back: foreign or shifted reply stream");
    }
    return replies.slice(first, replies.length - 1);
  }

  private rejected(c: Conn, reply: RespValue): Array<RespValue> | null {
    c.close(); // an unauthenticated or half-selected connection must not serve a later exchange
    this.fail(CacheErr.Rejected, "redis: " + reply.text());
    return null;
  }

  private protocol(c: Conn, detail: string): Array<RespValue> | null {
    c.close(); // the stream lost its framing or is not ours: nothing more may be read from it
    this.reader.reset();
    this.fail(CacheErr.Protocol, detail);
    return null;
  }

  private connFail(c: Conn, mayRetry: bool): Array<RespValue> | null {
    this.retry = mayRetry && c.retryable();
    c.close();
    this.netFail(c.err, c.detail);
    return null;
  }

  private netFail(e: NetErr, detail: string): void {
    this.fail(e == NetErr.Timeout ? CacheErr.Timeout : CacheErr.Unavailable, netErrName(e) + ": " + detail);
  }

  private fail(e: CacheErr, detail: string): void {
    this.err = e;
    this.detail = detail;
  }
}

// The first error reply, which says why everything after it failed too (NOAUTH after a WRONGPASS, say).
function firstError(replies: Array<RespValue>, fallback: RespValue): RespValue {
  for (let i = 0; i < replies.length; i++) if (replies[i].kind == RespKind.Error) return replies[i];
  return fallback;
}
