// ClusterRouter: sends a pipeline that touches one hash slot to the master serving it, and follows the cluster's
// MOVED and ASK redirections (cluster specification, "Redirection and resharding").
//
// The slot map is a per-instance memo (traefik-wasm-host.md §2.4: instances are dropped at any time): a fresh
// router learns it with one CLUSTER SHARDS (CLUSTER SLOTS before Redis 7) from a seed, then routes directly.
// - MOVED: the slot has a new master. The map takes it at once, and the retry on that master carries a CLUSTER
//   SHARDS in the same pipeline, so a resharding that moved many slots is learned whole without an extra round trip.
// - ASK: the slot is migrating and this key is already on the target. ASKING and the command go to the target,
//   once, and the map is not changed: the next command of that slot still starts at the source.
// - A node that cannot be reached (or times out) marks the map stale: the next call learns it again, seeds first,
//   since a failover may have promoted a replica elsewhere.
// At most MAX_REDIRECTIONS are followed per call, and none once the call's budget has passed.

import { CacheErr, Clock } from "./cache";
import { ClusterNode, formatAddress, parseRedirect, Redirect, SlotMap } from "./cluster_slots";
import { loadShards, loadSlots } from "./cluster_topology";
import { RespCommand } from "../resp/writer";
import { RespKind, RespValue } from "../resp/value";

/** MAX_REDIRECTIONS bounds the MOVED and ASK replies followed in one call. */
export const MAX_REDIRECTIONS: i32 = 5;
/** MAX_LEARN_ATTEMPTS bounds the nodes asked for the slot map in one call (each may cost a connect timeout). */
export const MAX_LEARN_ATTEMPTS: i32 = 3;

/**
 * NodeLink carries one pipeline to one node and back: on the real host a RedisClient per node
 * (cluster_link.ts), in unit specs a scripted cluster. exchange returns one reply per command, error replies
 * included as values, or null with err and detail set.
 */
export abstract class NodeLink {
  err: CacheErr = CacheErr.Ok;
  detail: string = "";

  abstract exchange(node: ClusterNode, cmds: Array<RespCommand>): Array<RespValue> | null;
}

/**
 * ClusterRouter routes pipelines by slot over link. It keeps no connection: the link's connections belong to the
 * request (net/request_connections.ts). err and detail describe the last failed call; detail names the node.
 */
export class ClusterRouter {
  err: CacheErr = CacheErr.Ok;
  detail: string = "";
  /** Diagnostics since construction: redirections followed, and slot maps learned (CLUSTER SHARDS or SLOTS). */
  moved: i32 = 0;
  asked: i32 = 0;
  learned: i32 = 0;
  /** failedNode is the address of the node of the last failure, for the health endpoint; "" before any. */
  failedNode: string = "";
  /** lastNode is the node that answered the last exchange, null before any. */
  lastNode: ClusterNode | null = null;
  private map: SlotMap | null = null;
  private stale: bool = false;
  // Set once a node answered CLUSTER SHARDS with "unknown subcommand" (Redis < 7): CLUSTER SLOTS from then on.
  private useSlots: bool = false;

  /** budgetMs bounds the time over which redirections are followed, from the start of a call. */
  constructor(readonly link: NodeLink, readonly seeds: Array<ClusterNode>, private clock: Clock, readonly budgetMs: i64) {}

  /** slotMap is the map learned so far, or null; it may be stale after a failure. */
  get slotMap(): SlotMap | null {
    return this.map;
  }

  /**
   * exchange sends cmds, which must all touch keys of slot, to the slot's master and returns their replies, after
   * following redirections. null with err set: the link's failure, Rejected when the slot map cannot be learned
   * from any seed or the redirections do not end, Timeout when the budget ran out before a redirection.
   */
  exchange(slot: i32, cmds: Array<RespCommand>): Array<RespValue> | null {
    this.err = CacheErr.Ok;
    this.detail = "";
    if (!this.ensureMap()) return null;
    const start = this.clock.nowMs();
    let node = this.firstNode(slot);
    let asking = false, refresh = false;
    for (let hop = 0; ; hop++) {
      const replies = this.send(node, cmds, asking, refresh);
      if (replies === null) return null;
      const r = redirectIn(replies, node.host);
      if (r === null) return replies;
      const what = (r.ask ? "ASK " : "MOVED ") + r.slot.toString() + " " + formatAddress(r.host, r.port);
      if (hop >= MAX_REDIRECTIONS) {
        return this.fail(CacheErr.Rejected, node, "slot " + slot.toString() + " still redirected after " +
          MAX_REDIRECTIONS.toString() + " redirections (last: " + what + ")");
      }
      if (this.clock.nowMs() - start >= this.budgetMs) {
        return this.fail(CacheErr.Timeout, node, "no time left to follow " + what);
      }
      const target = this.map!.nodeAt(r.host, r.port);
      if (target === null) return this.fail(CacheErr.Protocol, node, what + " names more nodes than this client accepts");
      if (r.ask) {
        this.asked++;
      } else {
        this.moved++;
        this.map!.assign(r.slot, r.slot, target);
      }
      asking = r.ask;
      refresh = !r.ask;
      node = target;
    }
    return null; // not reached: the loop only exits by returning
  }

  /** invalidate marks the map stale: the next call learns it again (a master stopped answering, say). */
  invalidate(): void {
    if (this.map !== null) this.stale = true;
  }

  /**
   * ensureMap learns the slot map when there is none or it is stale; false with err set when no candidate gave
   * one. Candidates are the seeds, then the masters of the stale map; the node of the last failure goes last.
   */
  ensureMap(): bool {
    if (this.map !== null && !this.stale) return true;
    const candidates = this.candidates();
    let problems = "";
    let answered = false;
    let err = CacheErr.Unavailable;
    for (let i = 0; i < candidates.length && i < MAX_LEARN_ATTEMPTS; i++) {
      const node = candidates[i];
      const why = this.learnFrom(node);
      if (why.length == 0) return true;
      if (this.link.err == CacheErr.Ok) answered = true;
      else err = this.link.err;
      problems += (problems.length > 0 ? "; " : "") + node.address + ": " + why;
    }
    this.err = answered ? CacheErr.Rejected : err;
    this.detail = "redis cluster: no slot map from " + problems;
    if (candidates.length > 0) this.failedNode = candidates[0].address;
    return false;
  }

  // Asks node for the topology (once more with CLUSTER SLOTS if it does not know SHARDS); "" once the map is set.
  private learnFrom(node: ClusterNode): string {
    for (;;) {
      const cmds = new Array<RespCommand>(1);
      cmds[0] = this.topologyCommand();
      const replies = this.link.exchange(node, cmds);
      if (replies === null || replies.length != 1) return this.link.detail;
      const r = replies[0];
      if (r.kind == RespKind.Error && !this.useSlots && unknownSubcommand(r)) {
        this.useSlots = true;
        continue;
      }
      if (r.kind == RespKind.Error) return r.text();
      return this.adopt(r, node);
    }
    return ""; // not reached: the loop only exits by returning
  }

  // Replaces the map with the one in a topology reply from node; "" on success, else why it was not usable.
  private adopt(r: RespValue, node: ClusterNode): string {
    if (r.kind == RespKind.Error) {
      if (!this.useSlots && unknownSubcommand(r)) this.useSlots = true;
      return r.text();
    }
    const m = new SlotMap();
    const why = this.useSlots ? loadSlots(m, r, node.host) : loadShards(m, r, node.host);
    if (why.length > 0) return why;
    m.source = node;
    this.map = m;
    this.stale = false;
    this.learned++;
    return "";
  }

  // One pipeline to node: [ASKING] cmds [topology]. Returns the replies of cmds only.
  private send(node: ClusterNode, cmds: Array<RespCommand>, asking: bool, refresh: bool): Array<RespValue> | null {
    const all = new Array<RespCommand>();
    if (asking) all.push(new RespCommand("ASKING"));
    for (let i = 0; i < cmds.length; i++) all.push(cmds[i]);
    if (refresh) all.push(this.topologyCommand());
    const replies = this.link.exchange(node, all);
    if (replies === null || replies.length != all.length) {
      const e = this.link.err != CacheErr.Ok ? this.link.err : CacheErr.Protocol;
      // A node that cannot be reached may have been failed over: learn the map again before the next call.
      if (e == CacheErr.Unavailable || e == CacheErr.Timeout) this.invalidate();
      return this.fail(e, node, this.link.detail);
    }
    this.lastNode = node;
    if (refresh) this.adopt(replies[replies.length - 1], node); // an unusable map keeps the MOVED correction
    const first = asking ? 1 : 0;
    return replies.slice(first, first + cmds.length);
  }

  private topologyCommand(): RespCommand {
    return new RespCommand("CLUSTER").arg(this.useSlots ? "SLOTS" : "SHARDS");
  }

  // The slot's master; for a slot no master claims, the map's source (it will redirect or say CLUSTERDOWN).
  private firstNode(slot: i32): ClusterNode {
    const map = this.map!;
    const m = map.masterOf(slot);
    if (m !== null) return m;
    const s = map.source;
    return s !== null ? s : this.seeds[0];
  }

  // The seeds, then the masters of the old map, each address once; the node of the last failure goes last.
  private candidates(): Array<ClusterNode> {
    const all = this.seeds.slice(0);
    const old = this.map;
    if (old !== null) {
      const masters = old.masters();
      for (let i = 0; i < masters.length; i++) all.push(masters[i]);
    }
    const out = new Array<ClusterNode>();
    let failed: ClusterNode | null = null;
    for (let i = 0; i < all.length; i++) {
      const n = all[i];
      if (hasAddress(out, n.address) || (failed !== null && failed.address == n.address)) continue;
      if (n.address == this.failedNode) failed = n;
      else out.push(n);
    }
    if (failed !== null) out.push(failed);
    return out;
  }

  private fail(e: CacheErr, node: ClusterNode, detail: string): Array<RespValue> | null {
    this.err = e;
    this.detail = "redis cluster node " + node.address + ": " + detail;
    this.failedNode = node.address;
    return null;
  }
}

function hasAddress(nodes: Array<ClusterNode>, address: string): bool {
  for (let i = 0; i < nodes.length; i++) if (nodes[i].address == address) return true;
  return false;
}

// The first MOVED or ASK among replies: in a MULTI block the queued command carries it and EXEC says EXECABORT.
function redirectIn(replies: Array<RespValue>, host: string): Redirect | null {
  for (let i = 0; i < replies.length; i++) {
    if (replies[i].kind != RespKind.Error) continue;
    const r = parseRedirect(replies[i], host);
    if (r !== null) return r;
  }
  return null;
}

// Redis 6: "ERR Unknown subcommand or wrong number of arguments for 'SHARDS'…"; Redis 7: "ERR unknown subcommand…".
function unknownSubcommand(r: RespValue): bool {
  return r.text().toLowerCase().includes("unknown subcommand");
}
