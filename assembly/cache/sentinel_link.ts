// One pipelined exchange with a sentinel, or with a replica for ROLE, on a connection of the current request
// (RequestConnections, traefik-wasm-host.md §5.8). Not RedisClient: a sentinel knows neither ECHO nor SELECT. The
// integrity token rides on `PING <token>`, which sentinels and data nodes both answer with the token as a bulk
// string, so replies from a stranger's socket (the shared fd table) are still recognised.

import { CacheErr } from "./cache";
import { READ_CHUNK, TOKEN_BYTES } from "./redis_client";
import { NodeAddress } from "./node_address";
import { hexEncode } from "../encoding/hex";
import { Conn } from "../net/conn";
import { Deadline } from "../net/deadline";
import { isRetryable, NetErr, netErrName } from "../net/errors";
import { RequestConnections } from "../net/request_connections";
import { encodePipeline, RespCommand } from "../resp/writer";
import { RespErr, RespReader, respErrName } from "../resp/reader";
import { RespKind, RespValue } from "../resp/value";
import { randomBytes } from "../sys/random";
import { TlsClientConfig } from "../tls/client";
import { secureConnection } from "../tls/secure";

/** LinkTimeouts are the milliseconds one exchange may spend connecting, sending and reading. */
export class LinkTimeouts {
  constructor(public connectMs: i32, public writeMs: i32, public readMs: i32) {}
}

/**
 * SentinelLink sends one pipeline to a node and returns the replies of the caller's commands, error replies
 * included as values; null on failure with `err` (Unavailable, Timeout, Rejected for an error reply to AUTH or
 * PING, Protocol, TooLarge) and `detail`; the caller names the node. The connection is authenticated first
 * when a password is given (`AUTH [username] password`) and closed after the exchange: one to a data node must not
 * be handed to RedisClient later in the request as an open, reused connection, which would skip its SELECT. One
 * retry on a fresh connection when the net layer says it may help and no reply byte had arrived, as RedisClient
 * does; only read-only commands are ever sent here.
 */
export class SentinelLink {
  err: CacheErr = CacheErr.Ok;
  detail: string = "";
  /** exchanges counts the exchanges attempted since construction, for diagnostics and the benchmark. */
  exchanges: i32 = 0;
  private conns: RequestConnections;
  private reader: RespReader = new RespReader();
  private chunk: Uint8Array = new Uint8Array(READ_CHUNK);
  private retry: bool = false;
  private tls: TlsClientConfig | null;

  constructor(conns: RequestConnections, tls: TlsClientConfig | null = null) {
    this.conns = conns;
    this.tls = tls;
  }

  exchange(node: NodeAddress, username: string, password: string, cmds: Array<RespCommand>, t: LinkTimeouts): Array<RespValue> | null {
    this.err = CacheErr.Ok;
    this.detail = "";
    this.exchanges++;
    const token = randomBytes(TOKEN_BYTES);
    if (token === null) return this.fail(CacheErr.Unavailable, "the host gave no random bytes");
    const tokenHex = hexEncode(token);
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = this.attempt(node, username, password, cmds, t, tokenHex);
      if (r !== null || !this.retry) return r;
    }
    return null;
  }

  private attempt(node: NodeAddress, username: string, password: string, cmds: Array<RespCommand>, t: LinkTimeouts,
    tokenHex: string): Array<RespValue> | null {
    this.retry = false;
    const c = secureConnection(this.conns, node.host, node.port, t.connectMs, this.tls);
    if (c === null) {
      this.retry = isRetryable(this.conns.err, false);
      return this.netFail(this.conns.err, this.conns.detail);
    }
    const all = new Array<RespCommand>();
    if (password.length > 0) {
      const auth = new RespCommand("AUTH");
      if (username.length > 0) auth.arg(username);
      all.push(auth.arg(password));
    }
    const first = all.length;
    for (let i = 0; i < cmds.length; i++) all.push(cmds[i]);
    all.push(new RespCommand("PING").arg(tokenHex));
    const wire = encodePipeline(all);
    if (wire === null) return this.fail(CacheErr.TooLarge, "pipeline larger than the encoder's bound");
    if (c.write(wire, t.writeMs) != NetErr.Ok) return this.connFail(c, false);
    const replies = this.readReplies(c, all.length, t.readMs);
    if (replies === null) return null;
    c.close();
    for (let i = 0; i < first; i++) {
      if (!replies[i].textIs("OK")) return this.broken(c, CacheErr.Rejected, replies[i].text());
    }
    const pong = replies[replies.length - 1];
    if (pong.kind == RespKind.Error) return this.broken(c, CacheErr.Rejected, pong.text());
    if (pong.kind != RespKind.BulkString || !pong.textIs(tokenHex)) {
      return this.broken(c, CacheErr.Protocol, "the integrity token did not come back: foreign or shifted reply stream");
    }
    return replies.slice(first, replies.length - 1);
  }

  // Reads exactly n replies within readMs; more bytes than that means a foreign or shifted stream.
  private readReplies(c: Conn, n: i32, readMs: i32): Array<RespValue> | null {
    const reader = this.reader;
    reader.reset();
    const out = new Array<RespValue>();
    const deadline = new Deadline(readMs);
    let received = 0;
    while (out.length < n) {
      const v = reader.next();
      if (v !== null) { out.push(v); continue; }
      if (reader.err != RespErr.Ok) return this.broken(c, CacheErr.Protocol, c.host + ": " + respErrName(reader.err));
      const ms = <i32>((deadline.remainingNs() + 999_999) / 1_000_000);
      if (ms <= 0) {
        return this.broken(c, CacheErr.Timeout, "read " + c.host + ":" + c.port.toString() + ": no complete reply in " +
          readMs.toString() + " ms");
      }
      const got = c.read(this.chunk, ms);
      if (got < 0) return this.connFail(c, received == 0);
      received += got;
      if (!reader.feed(this.chunk.subarray(0, got))) return this.broken(c, CacheErr.Protocol, c.host + ": " + respErrName(reader.err));
    }
    if (reader.buffered != 0 || reader.inReply) return this.broken(c, CacheErr.Protocol, c.host + ": bytes after the last reply");
    return out;
  }

  // The connection cannot serve another exchange: a late or foreign reply would be read as the next answer.
  private broken(c: Conn, e: CacheErr, detail: string): Array<RespValue> | null {
    c.close();
    this.reader.reset();
    return this.fail(e, detail);
  }

  private connFail(c: Conn, mayRetry: bool): Array<RespValue> | null {
    this.retry = mayRetry && c.retryable();
    c.close();
    return this.netFail(c.err, c.detail);
  }

  private netFail(e: NetErr, detail: string): Array<RespValue> | null {
    return this.fail(e == NetErr.Timeout ? CacheErr.Timeout : CacheErr.Unavailable, netErrName(e) + ": " + detail);
  }

  private fail(e: CacheErr, detail: string): Array<RespValue> | null {
    this.err = e;
    this.detail = detail;
    return null;
  }
}
