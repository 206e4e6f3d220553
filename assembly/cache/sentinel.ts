// SentinelCache: the Cache contract over the Redis master that Redis Sentinel names, following failovers without a
// restart. Each call asks a sentinel for the master (remembered for MASTER_TTL_MS per instance, sentinel_memo.ts),
// then runs on RedisCache pointed at that master; connections stay per request (traefik-wasm-host.md §5.8).
//
// Why writes are confirmed. Measured on Redis 7.0 with one replica: after `SENTINEL FAILOVER` the sentinels name
// the new master about 1 s after they promoted it, and turn the old master into a replica about 10 s later; until
// then the old master acknowledges writes, which its conversion then throws away (a full resync from the new
// master). A forced failover is not graceful, and READONLY arrives far too late to protect those writes. So a write
// (a set, a won setIfAbsent, a del or getDel that removed something, an incr) counts as done only once
//   - WAIT says every replica that Sentinel could promote has it, or
//   - failing that within the wait, none of those replicas answers ROLE as a master: no promotion has happened, the
//     write stands on the master Sentinel names, and is exposed only to the plain async-replication risk of a
//     replica lagging beyond the wait when the master dies.
// A replica that answers "master" means the master was replaced under us: the write is not acknowledged, and the call is run again on the new master if a sentinel names one within the call's
// deadline. Answers are checked before use as well: one whose replica list flags another node "promoted" (the
// failover under way) is refused, and listed nodes that do not replicate from the named master are asked for their
// replication ids, which show whether one was promoted from it (sentinel_reply.ts). Measured: the sentinels that did
// not lead the failover keep naming the old master for a while, listing the promoted replica as "disconnected",
// then as a master.
//
// Failures that suggest the master moved (unreachable, timeout, READONLY...; suggestsFailover) make the call ask a
// sentinel again, starting with the next one, and run once more, but only if the answer names another master and
// the deadline (twice one exchange's timeouts) allows. What a retry after a timeout means for each operation is
// RedisClient's retry rule: SET NX then answers "held" (fail closed), INCR may count once more, GETDEL may come back
// empty. Reads are not confirmed: an instance may read from a replaced master for up to MASTER_TTL_MS.

import { Cache, CacheErr, Clock } from "./cache";
import { RedisCache } from "./redis";
import { LinkTimeouts, SentinelLink } from "./sentinel_link";
import { MasterMemo, MASTER_TTL_MS, suggestsFailover } from "./sentinel_memo";
import { NodeAddress } from "./node_address";
import { MasterAnswer, MAX_REPLICAS, promotedFrom, readMasterAnswer, replicaLinkUp, replicaOf, roleOf } from "./sentinel_reply";
import { Deadline, MAX_TIMEOUT_MS } from "../net/deadline";
import { RequestConnections } from "../net/request_connections";
import { RespCommand } from "../resp/writer";
import { RespKind, RespValue } from "../resp/value";
import { TlsClientConfig } from "../tls/client";

/** MAX_SENTINELS bounds sentinelAddresses: a request may connect to each, and RequestConnections allows 8 in all. */
export const MAX_SENTINELS: i32 = 5;
/** MAX_CONFIRM_WAIT_MS caps how long a write waits for its replicas (WAIT) before it asks them for their ROLE. */
export const MAX_CONFIRM_WAIT_MS: i32 = 1000;

export { MASTER_TTL_MS };

/** SentinelOptions says which sentinels to ask about which master, and how to reach them. Times in ms. */
export class SentinelOptions {
  sentinels: Array<NodeAddress> = new Array<NodeAddress>();
  masterName: string = "";
  /** AUTH for the sentinels (their requirepass, or an ACL user); "" sends none. */
  username: string = "";
  password: string = "";
  /** AUTH for the replicas asked for ROLE: the data nodes' credentials, the same as the master's. */
  nodeUsername: string = "";
  nodePassword: string = "";
  connectTimeoutMs: i32 = 5000;
  readTimeoutMs: i32 = 3000;
  writeTimeoutMs: i32 = 3000;
  /** TLS to the sentinels and the replicas asked for ROLE, as to the master (redis.enableTLS), or null. */
  tls: TlsClientConfig | null = null;
}

const enum Op { Get, Set, SetIfAbsent, Del, GetDel, Incr, Exchange }

/**
 * SentinelCache implements Cache over `redis`, whose client it points at the master before every call. err and
 * detail are the call's; a detail names the master name and the node (`sentinel "mymaster" master 10.0.0.5:6379:
 * …`), so the circuit breaker's and the health endpoint's reports say which node failed.
 */
export class SentinelCache extends Cache {
  readonly redis: RedisCache;
  readonly options: SentinelOptions;
  readonly memo: MasterMemo;
  readonly link: SentinelLink;
  /** Diagnostics since construction: sentinel rounds, WAIT confirmations, writes refused on a replaced master. */
  resolutions: i32 = 0;
  confirms: i32 = 0;
  deposed: i32 = 0;
  /** failedNode is the node (master, or the last sentinel asked) of the last call that failed on the network side. */
  failedNode: string = "";
  private budgetMs: i32;
  private bytesOut: Uint8Array | null = null;
  private boolOut: bool = false;
  private intOut: i64 = 0;
  private repliesOut: Array<RespValue> | null = null;
  private callErr: CacheErr = CacheErr.Ok;
  private callDetail: string = "";

  constructor(redis: RedisCache, conns: RequestConnections, options: SentinelOptions, clock: Clock) {
    super();
    this.redis = redis;
    this.options = options;
    this.memo = new MasterMemo(clock, options.sentinels.length);
    this.link = new SentinelLink(conns, options.tls);
    const one = <i64>options.connectTimeoutMs + <i64>options.writeTimeoutMs + <i64>options.readTimeoutMs;
    this.budgetMs = <i32>min<i64>(2 * one, <i64>MAX_TIMEOUT_MS);
  }

  /** master is the master in use or last named, as host:port; "" before any sentinel answered. */
  get master(): string {
    const m = this.memo.last;
    return m !== null ? m.toString() : "";
  }

  /** sentinel is the sentinel that answered last, as host:port; "" before any answered. */
  get sentinel(): string {
    const i = this.memo.answeredBy;
    return i >= 0 && i < this.options.sentinels.length ? this.options.sentinels[i].toString() : "";
  }

  get(key: string): Uint8Array | null {
    this.run(Op.Get, key, null, 0, null);
    return this.bytesOut;
  }

  set(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.run(Op.Set, key, value, ttlMs, null);
    return this.boolOut;
  }

  setIfAbsent(key: string, value: Uint8Array, ttlMs: i64): bool {
    this.run(Op.SetIfAbsent, key, value, ttlMs, null);
    return this.boolOut;
  }

  del(key: string): bool {
    this.run(Op.Del, key, null, 0, null);
    return this.boolOut;
  }

  getDel(key: string): Uint8Array | null {
    this.run(Op.GetDel, key, null, 0, null);
    return this.bytesOut;
  }

  incr(key: string, ttlMs: i64): i64 {
    this.run(Op.Incr, key, null, ttlMs, null);
    return this.intOut;
  }

  /**
   * exchange runs cmds on the master in one RedisClient exchange (the health endpoint's PING), with the same
   * resolution and retry as the cache calls, and no confirmation: send no writes through it.
   */
  exchange(cmds: Array<RespCommand>): Array<RespValue> | null {
    this.run(Op.Exchange, "", null, 0, cmds);
    return this.repliesOut;
  }

  // One call: resolve, run on the master, confirm a write; once more on another master if that may help.
  private run(op: Op, key: string, value: Uint8Array | null, ttlMs: i64, cmds: Array<RespCommand> | null): void {
    this.clearErr();
    this.unacknowledge();
    const deadline = new Deadline(this.budgetMs);
    let failedOn: NodeAddress | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      const before = this.detail;
      const master = this.resolve(deadline);
      if (master === null) {
        if (failedOn !== null) this.detail = before + "; asking again: " + this.detail;
        return;
      }
      if (failedOn !== null && master.equals(failedOn)) return; // the same master again: its failure stands
      this.clearErr();
      if (!this.point(master, deadline)) return;
      this.invoke(op, key, value, ttlMs, cmds);
      if (this.callErr == CacheErr.Ok) {
        if (!this.wrote(op) || this.confirm(master, deadline)) return;
      } else {
        this.fail(this.callErr, this.where(master) + this.callDetail);
        if (!suggestsFailover(this.callErr, this.callDetail)) return;
      }
      this.failedNode = master.toString();
      this.memo.forget(true);
      failedOn = master;
      if (deadline.expired()) return;
    }
  }

  // The master to use: the memo's, or a sentinel's answer, asking each sentinel in turn. null with err set.
  private resolve(deadline: Deadline): NodeAddress | null {
    const known = this.memo.master;
    if (known !== null) return known;
    this.resolutions++;
    const o = this.options;
    const order = this.memo.order();
    let problems = "";
    let asked: NodeAddress | null = null;
    for (let i = 0; i < order.length; i++) {
      const t = this.timeouts(deadline);
      if (t === null) {
        problems += (problems.length > 0 ? "; " : "") + "the call's deadline passed";
        break;
      }
      const s = o.sentinels[order[i]];
      asked = s;
      const cmds = new Array<RespCommand>(2);
      cmds[0] = new RespCommand("SENTINEL").arg("get-master-addr-by-name").arg(o.masterName);
      cmds[1] = new RespCommand("SENTINEL").arg("replicas").arg(o.masterName);
      const replies = this.link.exchange(s, o.username, o.password, cmds, t);
      let problem = "";
      if (replies === null) {
        problem = this.link.detail;
      } else {
        const answer = readMasterAnswer(o.masterName, replies[0], replies[1]);
        const master = answer.master;
        if (master !== null) problem = this.checkSuspects(master, answer, t);
        if (master !== null && problem.length == 0) {
          this.memo.remember(master, answer.replicas, order[i]);
          return master;
        }
        if (master === null) problem = answer.problem;
      }
      problems += (problems.length > 0 ? "; " : "") + "sentinel " + s.toString() + ": " + problem;
    }
    this.fail(CacheErr.Unavailable, `sentinel "${o.masterName}": no usable master: ` + problems);
    if (asked !== null) this.failedNode = asked.toString();
    return null;
  }

  // "" when none of the answer's suspects (MasterAnswer.suspects) was promoted from master, and those found to be
  // working replicas of master join the ones a write waits for; else why the answer cannot be used. Measured: a
  // sentinel that did not lead the failover keeps naming the old master for up to two seconds after the promotion,
  // listing the promoted replica as "disconnected", then as reporting "master".
  private checkSuspects(master: NodeAddress, answer: MasterAnswer, t: LinkTimeouts): string {
    const suspects = answer.suspects;
    if (suspects.length == 0) return "";
    const o = this.options;
    const cmds = new Array<RespCommand>(1);
    cmds[0] = new RespCommand("INFO").arg("replication");
    const own = this.link.exchange(master, o.nodeUsername, o.nodePassword, cmds, t);
    if (own === null) return "named " + master.toString() + ", which does not answer INFO: " + this.link.detail;
    const masterInfo = own[0].text();
    for (let i = 0; i < suspects.length; i++) {
      const other = this.link.exchange(suspects[i], o.nodeUsername, o.nodePassword, cmds, t);
      if (other === null) continue; // unreachable: it takes no writes from us either
      const info = other[0].text();
      if (promotedFrom(info, masterInfo)) return "named " + master.toString() + ", but " + suspects[i].toString() + " was promoted from it";
      if (replicaOf(info) && answer.replicas.length < MAX_REPLICAS) answer.replicas.push(suspects[i]);
    }
    return "";
  }

  // Points the Redis client at master, with each timeout cut to what is left of the call's deadline.
  private point(master: NodeAddress, deadline: Deadline): bool {
    const t = this.timeouts(deadline);
    if (t === null) return this.fail(CacheErr.Timeout, this.where(master) + "the call's deadline passed");
    const c = this.redis.client.options;
    c.host = master.host;
    c.port = master.port;
    c.connectTimeoutMs = t.connectMs;
    c.writeTimeoutMs = t.writeMs;
    c.readTimeoutMs = t.readMs;
    return true;
  }

  private invoke(op: Op, key: string, value: Uint8Array | null, ttlMs: i64, cmds: Array<RespCommand> | null): void {
    const r = this.redis;
    switch (op) {
      case Op.Get: this.bytesOut = r.get(key); break;
      case Op.Set: this.boolOut = r.set(key, value!, ttlMs); break; // value is set for Set
      case Op.SetIfAbsent: this.boolOut = r.setIfAbsent(key, value!, ttlMs); break; // and for SetIfAbsent
      case Op.Del: this.boolOut = r.del(key); break;
      case Op.GetDel: this.bytesOut = r.getDel(key); break;
      case Op.Incr: this.intOut = r.incr(key, ttlMs); break;
      case Op.Exchange: {
        this.repliesOut = r.client.exchange(cmds!); // cmds is set for Exchange
        this.callErr = r.client.err;
        this.callDetail = r.client.detail;
        return;
      }
    }
    this.callErr = r.err;
    this.callDetail = r.detail;
  }

  // Whether the call just made changed data on the master, i.e. has something a failover could lose.
  private wrote(op: Op): bool {
    switch (op) {
      case Op.Set: case Op.SetIfAbsent: case Op.Del: return this.boolOut;
      case Op.GetDel: return this.bytesOut !== null;
      case Op.Incr: return true;
    }
    return false;
  }

  // The write reached every replica Sentinel could promote, or none of them has been promoted. See the header.
  private confirm(master: NodeAddress, deadline: Deadline): bool {
    const want = this.memo.replicas.length;
    if (want == 0) return true;
    this.confirms++;
    const c = this.redis.client;
    const waitMs = min(MAX_CONFIRM_WAIT_MS, c.options.readTimeoutMs / 2);
    const cmds = new Array<RespCommand>(1);
    cmds[0] = new RespCommand("WAIT").int(want).int(waitMs);
    const replies = c.exchange(cmds);
    if (replies === null || replies.length != 1) {
      return this.unconfirmed(c.err != CacheErr.Ok ? c.err : CacheErr.Protocol, this.where(master) + "WAIT: " + c.detail);
    }
    const r = replies[0];
    if (r.kind != RespKind.Integer) return this.unconfirmed(CacheErr.Unavailable, this.where(master) + "WAIT answered " + r.text());
    if (r.integer >= <i64>want) return true;
    return this.noReplicaTookOver(master, deadline);
  }

  // Asks each awaited replica for its ROLE. true when none has become a master (the write stands); false with err
  // set when one has, or when not every replica could be asked before the deadline.
  private noReplicaTookOver(master: NodeAddress, deadline: Deadline): bool {
    const replicas = this.memo.replicas.slice(0);
    const o = this.options;
    for (let i = 0; i < replicas.length; i++) {
      const node = replicas[i];
      const t = this.timeouts(deadline);
      if (t === null) return this.unconfirmed(CacheErr.Timeout, this.where(master) + "replicas did not confirm the write before the deadline");
      const cmds = new Array<RespCommand>(1);
      cmds[0] = new RespCommand("ROLE");
      const replies = this.link.exchange(node, o.nodeUsername, o.nodePassword, cmds, t);
      if (replies === null) {
        this.memo.dropReplica(node); // unreachable: it can neither confirm nor, while so, be promoted
        continue;
      }
      if (roleOf(replies[0]) == "master") {
        this.deposed++;
        return this.unconfirmed(CacheErr.Unavailable, this.where(master) + "replaced: replica " + node.toString() +
          " answers ROLE as a master, so the write there is not acknowledged");
      }
      if (!replicaLinkUp(replies[0])) this.memo.dropReplica(node);
    }
    return true;
  }

  private unconfirmed(e: CacheErr, detail: string): bool {
    this.unacknowledge();
    return this.fail(e, detail);
  }

  private unacknowledge(): void {
    this.bytesOut = null;
    this.boolOut = false;
    this.intOut = 0;
    this.repliesOut = null;
  }

  // The configured timeouts, each cut to what is left of deadline; null once nothing is left.
  private timeouts(deadline: Deadline): LinkTimeouts | null {
    const left = deadline.remainingNs() / 1_000_000;
    if (left <= 0) return null;
    const o = this.options;
    return new LinkTimeouts(capMs(o.connectTimeoutMs, left), capMs(o.writeTimeoutMs, left), capMs(o.readTimeoutMs, left));
  }

  private where(master: NodeAddress): string {
    return `sentinel "${this.options.masterName}" master ${master.toString()}: `;
  }
}

function capMs(ms: i32, left: i64): i32 {
  return <i32>min<i64>(<i64>ms, left);
}
