// RespCache: the Cache contract as Redis commands, whatever carries them: GET, SET PX, SET NX PX, DEL, GETDEL
// (Redis >= 6.2) and, for incr, MULTI + SET k 0 NX PX + INCR + EXEC. Every call is ONE exchange about ONE key, so a
// transport may route it (RedisCache: the request's single connection; ClusterCache: the key's master). Keys are
// keyPrefix + key, sent as UTF-8 bulk strings; values are sent and returned byte for byte; TTLs are Redis' own.

import { Cache, CacheErr, keyTooLong } from "./cache";
import { RespCommand } from "../resp/writer";
import { RespKind, RespValue } from "../resp/value";

/** RespCache runs the Cache contract's commands over send(), which subclasses implement. */
export abstract class RespCache extends Cache {
  constructor(readonly keyPrefix: string) {
    super();
  }

  get(key: string): Uint8Array | null {
    this.clearErr();
    if (!this.keyOk(key)) return null;
    const k = this.keyPrefix + key;
    return this.bytesReply(this.one(k, new RespCommand("GET").arg(k)));
  }

  set(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.clearErr();
    if (!this.keyOk(key)) return false;
    const k = this.keyPrefix + key;
    if (ttlMs <= 0) {
      // The contract: a refused set leaves no entry, so a stale value cannot outlive the write that replaced it.
      this.one(k, new RespCommand("DEL").arg(k));
      const extra = this.err == CacheErr.Ok ? "" : "; the DEL of the old value failed too: " + this.detail;
      return this.fail(CacheErr.InvalidTtl, "ttl must be positive" + extra);
    }
    const r = this.one(k, new RespCommand("SET").arg(k).bytes(value).arg("PX").int(ttlMs));
    if (r === null) return false;
    return isOk(r) ? true : this.unexpected("SET", r);
  }

  setIfAbsent(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.clearErr();
    if (!this.keyOk(key)) return false;
    if (ttlMs <= 0) return this.fail(CacheErr.InvalidTtl, "ttl must be positive");
    const k = this.keyPrefix + key;
    const r = this.one(k, new RespCommand("SET").arg(k).bytes(value).arg("NX").arg("PX").int(ttlMs));
    if (r === null) return false;
    if (r.kind == RespKind.Null) return false; // someone else holds the key: err stays Ok
    return isOk(r) ? true : this.unexpected("SET NX", r);
  }

  del(key: string): bool {
    this.clearErr();
    if (!this.keyOk(key)) return false;
    const k = this.keyPrefix + key;
    const r = this.one(k, new RespCommand("DEL").arg(k));
    if (r === null) return false;
    if (r.kind != RespKind.Integer) return this.unexpected("DEL", r);
    return r.integer > 0;
  }

  getDel(key: string): Uint8Array | null {
    this.clearErr();
    if (!this.keyOk(key)) return null;
    const k = this.keyPrefix + key;
    return this.bytesReply(this.one(k, new RespCommand("GETDEL").arg(k)));
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
    const replies = this.exchange(k, cmds);
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

  // One command about key k in one exchange: its reply, or null with err set (an error reply becomes Rejected).
  private one(k: string, cmd: RespCommand): RespValue | null {
    const cmds = new Array<RespCommand>(1);
    cmds[0] = cmd;
    const replies = this.exchange(k, cmds);
    return replies === null ? null : replies[0];
  }

  /**
   * send carries cmds, all about key k (prefixed), in one exchange and returns their replies, or null with the
   * transport's err and detail in failure (see failed).
   */
  protected abstract send(k: string, cmds: Array<RespCommand>): Array<RespValue> | null;

  /** rejection words an error reply of the last exchange for the log. */
  protected rejection(text: string): string {
    return "redis: " + text;
  }

  /** failed records a transport failure: its err (Protocol when it gave none) and detail. */
  protected failed(err: CacheErr, detail: string): void {
    this.fail(err != CacheErr.Ok ? err : CacheErr.Protocol, detail);
  }

  // send, with a missing or short answer and the commands' error replies (Rejected) turned into failures.
  private exchange(k: string, cmds: Array<RespCommand>): Array<RespValue> | null {
    const replies = this.send(k, cmds);
    if (replies === null) return null;
    if (replies.length != cmds.length) { this.fail(CacheErr.Protocol, "redis: " + replies.length.toString() + " replies to " + cmds.length.toString() + " commands"); return null; }
    for (let i = 0; i < replies.length; i++) {
      if (replies[i].kind == RespKind.Error) { this.fail(CacheErr.Rejected, this.rejection(replies[i].text())); return null; }
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
