// RedisCache: the Cache contract over Redis, the only mode whose setIfAbsent is a real ledger (shared by every
// instance and replica). Every call is ONE exchange (redis_client.ts): one pipelined write, one read of its replies,
// on the request's single connection; atomicity comes from single Redis commands (SET NX, GETDEL) or MULTI/EXEC.

import { Cache, CacheErr, keyTooLong } from "./cache";
import { RedisClient, RedisOptions } from "./redis_client";
import { RequestConnections } from "../net/request_connections";
import { RespCommand } from "../resp/writer";
import { RespKind, RespValue } from "../resp/value";

export { RedisClient, RedisOptions };

/** DEFAULT_KEY_PREFIX is the seed's `keyPrefix` default. */
export const DEFAULT_KEY_PREFIX = "traefikoidc:";

/**
 * RedisCache implements Cache with GET, SET PX, SET NX PX, DEL, GETDEL (Redis >= 6.2) and, for incr, MULTI +
 * SET k 0 NX PX + INCR + EXEC. Keys are keyPrefix + key, sent as UTF-8 bulk strings; values are sent and returned
 * byte for byte. TTLs are Redis' own (PX): the Clock of the memory mode plays no part here.
 */
export class RedisCache extends Cache {
  readonly keyPrefix: string;
  readonly client: RedisClient;

  constructor(conns: RequestConnections, options: RedisOptions, keyPrefix: string = DEFAULT_KEY_PREFIX) {
    super();
    this.client = new RedisClient(conns, options);
    this.keyPrefix = keyPrefix;
  }

  get(key: string): Uint8Array | null {
    this.clearErr();
    if (!this.keyOk(key)) return null;
    return this.bytesReply(this.one(new RespCommand("GET").arg(this.keyPrefix + key)));
  }

  set(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.clearErr();
    if (!this.keyOk(key)) return false;
    if (ttlMs <= 0) {
      // The contract: a refused set leaves no entry, so a stale value cannot outlive the write that replaced it.
      this.one(new RespCommand("DEL").arg(this.keyPrefix + key));
      const extra = this.err == CacheErr.Ok ? "" : "; the DEL of the old value failed too: " + this.detail;
      return this.fail(CacheErr.InvalidTtl, "ttl must be positive" + extra);
    }
    const r = this.one(new RespCommand("SET").arg(this.keyPrefix + key).bytes(value).arg("PX").int(ttlMs));
    if (r === null) return false;
    return isOk(r) ? true : this.unexpected("SET", r);
  }

  setIfAbsent(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.clearErr();
    if (!this.keyOk(key)) return false;
    if (ttlMs <= 0) return this.fail(CacheErr.InvalidTtl, "ttl must be positive");
    const cmd = new RespCommand("SET").arg(this.keyPrefix + key).bytes(value).arg("NX").arg("PX").int(ttlMs);
    const r = this.one(cmd);
    if (r === null) return false;
    if (r.kind == RespKind.Null) return false; // someone else holds the key: err stays Ok
    return isOk(r) ? true : this.unexpected("SET NX", r);
  }

  del(key: string): bool {
    this.clearErr();
    if (!this.keyOk(key)) return false;
    const r = this.one(new RespCommand("DEL").arg(this.keyPrefix + key));
    if (r === null) return false;
    if (r.kind != RespKind.Integer) return this.unexpected("DEL", r);
    return r.integer > 0;
  }

  getDel(key: string): Uint8Array | null {
    this.clearErr();
    if (!this.keyOk(key)) return null;
    return this.bytesReply(this.one(new RespCommand("GETDEL").arg(this.keyPrefix + key)));
  }

  /**
   * incr runs `MULTI, SET k 0 NX PX ttl, INCR k, EXEC` in one exchange: the TTL is set only when the counter is
   * created, and the transaction keeps the key from expiring between the two commands (which would leave a counter
   * without TTL forever). Works on every Redis version; one round trip.
   */
  incr(key: string, ttlMs: i64): i64 {
    this.clearErr();
    if (ttlMs <= 0) { this.fail(CacheErr.InvalidTtl, "ttl must be positive"); return 0; }
    if (!this.keyOk(key)) return 0;
    const k = this.keyPrefix + key;
    const cmds = new Array<RespCommand>();
    cmds.push(new RespCommand("MULTI"));
    cmds.push(new RespCommand("SET").arg(k).arg("0").arg("NX").arg("PX").int(ttlMs));
    cmds.push(new RespCommand("INCR").arg(k));
    cmds.push(new RespCommand("EXEC"));
    const replies = this.exchange(cmds);
    if (replies === null) return 0;
    const exec = replies[3];
    const counted = exec.at(1);
    if (exec.kind != RespKind.Array || exec.length != 2 || counted === null) { this.unexpected("EXEC", exec); return 0; }
    if (counted.kind == RespKind.Error) {
      const text = counted.text();
      // Redis: "ERR value is not an integer or out of range", "ERR increment or decrement would overflow".
      const notInteger = text.includes("not an integer") || text.includes("overflow");
      this.fail(notInteger ? CacheErr.NotInteger : CacheErr.Rejected, "redis: " + text);
      return 0;
    }
    if (counted.kind != RespKind.Integer) { this.unexpected("INCR", counted); return 0; }
    return counted.integer;
  }

  // One command in one exchange: its reply, or null with err set (an error reply becomes Rejected).
  private one(cmd: RespCommand): RespValue | null {
    const cmds = new Array<RespCommand>(1);
    cmds[0] = cmd;
    const replies = this.exchange(cmds);
    return replies === null ? null : replies[0];
  }

  // exchange with the client's error copied here, and error replies of the commands turned into Rejected.
  private exchange(cmds: Array<RespCommand>): Array<RespValue> | null {
    const replies = this.client.exchange(cmds);
    if (replies === null || replies.length != cmds.length) {
      this.fail(this.client.err != CacheErr.Ok ? this.client.err : CacheErr.Protocol, this.client.detail);
      return null;
    }
    for (let i = 0; i < replies.length; i++) {
      if (replies[i].kind == RespKind.Error) { this.fail(CacheErr.Rejected, "redis: " + replies[i].text()); return null; }
    }
    return replies;
  }

  private bytesReply(r: RespValue | null): Uint8Array | null {
    if (r === null || r.kind == RespKind.Null) return null;
    if (r.kind != RespKind.BulkString) { this.unexpected("GET", r); return null; }
    return r.bytes; // already a copy made by the reader, owned by nobody else
  }

  private keyOk(key: string): bool {
    if (!keyTooLong(this.keyPrefix + key)) return true;
    return this.fail(CacheErr.TooLarge, "key too long");
  }

  private unexpected(what: string, r: RespValue): bool {
    return this.fail(CacheErr.Protocol, "redis: unexpected reply kind " + (<i32>r.kind).toString() + " to " + what);
  }
}

function isOk(r: RespValue): bool {
  return r.kind == RespKind.SimpleString && r.textIs("OK");
}
