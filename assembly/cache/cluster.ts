// ClusterCache: the Cache contract over Redis Cluster. Every call sends RedisCache's commands (redis.ts), one for
// one and checked the same way, to the master of its key's slot through ClusterRouter (MOVED, ASK, slot map).
//
// One key per call, so one slot per call. No operation of the Cache contract touches two keys: incr's MULTI block
// names its one key twice, and the callers' pairs (a document and its `:lock`, a session and its indexes) are
// separate calls that need no common slot, so no key carries a hash tag and keys spread over every master. A
// future operation on two keys must give them one tag, `{id}` (cluster_slots.ts keyHashSlot), or Redis refuses it
// with CROSSSLOT. Neither SELECT nor a db is ever sent: a cluster has database 0 only (config_redis.ts refuses
// redis.db with redis.clusterAddresses).
//
// The commands mirror RedisCache's because RedisCache builds its own single-node client; a change to one is a
// change to both, and test/host/redis_cluster.test.ts runs the same operations against a real cluster.

import { Cache, CacheErr, keyTooLong } from "./cache";
import { ClusterRouter } from "./cluster_router";
import { keyHashSlot } from "./cluster_slots";
import { RespCommand } from "../resp/writer";
import { RespKind, RespValue } from "../resp/value";

/**
 * ClusterCache implements Cache with GET, SET PX, SET NX PX, DEL, GETDEL and MULTI + SET NX PX + INCR + EXEC, each
 * on the master serving keyPrefix + key. err and detail are the router's on a failed exchange, Rejected for an
 * error reply (CLUSTERDOWN, NOAUTH, OOM…); detail names the node either way.
 */
export class ClusterCache extends Cache {
  constructor(readonly router: ClusterRouter, readonly keyPrefix: string) {
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

  /** incr: RedisCache.incr's transaction, on one master; an ASK puts ASKING before MULTI (it holds for the block). */
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

  // One command on key k's slot: its reply, or null with err set (an error reply becomes Rejected).
  private one(k: string, cmd: RespCommand): RespValue | null {
    const cmds = new Array<RespCommand>(1);
    cmds[0] = cmd;
    const replies = this.exchange(k, cmds);
    return replies === null ? null : replies[0];
  }

  private exchange(k: string, cmds: Array<RespCommand>): Array<RespValue> | null {
    const router = this.router;
    const replies = router.exchange(keyHashSlot(k), cmds);
    if (replies === null || replies.length != cmds.length) {
      this.fail(router.err != CacheErr.Ok ? router.err : CacheErr.Protocol, router.detail);
      return null;
    }
    for (let i = 0; i < replies.length; i++) {
      if (replies[i].kind != RespKind.Error) continue;
      const node = router.lastNode!; // set by the exchange that returned these replies
      router.failedNode = node.address; // the breaker counts a Rejected: the health endpoint names its node
      this.fail(CacheErr.Rejected, "redis cluster node " + node.address + ": " + replies[i].text());
      return null;
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
