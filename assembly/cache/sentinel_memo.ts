// The master a sentinel named, remembered by one wasm instance for a few seconds, and the rule that says when a
// failed call means the master may have moved. The memo only saves a sentinel round trip per request: instances are
// dropped at any time (traefik-wasm-host.md §2.4), and correctness never rests on it (sentinel.ts re-asks on
// failures and confirms writes against the replicas).

import { CacheErr } from "./cache";
import { Clock } from "./clock";
import { NodeAddress } from "./node_address";

/**
 * MASTER_TTL_MS is how long a resolved master is used before a sentinel is asked again: the longest an instance
 * may keep reading from a master that was replaced without telling it (writes notice at once, see sentinel.ts).
 */
export const MASTER_TTL_MS: i64 = 2_000;

/**
 * MasterMemo remembers the last master and its replicas (MasterAnswer) with the time of the answer, and which
 * sentinel to ask first next time: the one that answered, or after a failure that suggests a failover, the next
 * one, so that a sentinel stuck on an old view is not asked first forever.
 */
export class MasterMemo {
  /** last is the master of the last answer, kept after forget() for the health endpoint; null before any. */
  last: NodeAddress | null = null;
  /** replicas of the last answer that a write waits for; dropReplica() removes those found unable to confirm. */
  replicas: Array<NodeAddress> = new Array<NodeAddress>();
  /** answeredBy is the index of the sentinel that gave the last answer; -1 before any. */
  answeredBy: i32 = -1;
  /** changes counts answers that named another master than the one before, on this instance. */
  changes: i32 = 0;
  private fresh: bool = false;
  private resolvedAt: i64 = 0;
  private start: i32 = 0;

  constructor(private clock: Clock, readonly sentinelCount: i32, readonly ttlMs: i64 = MASTER_TTL_MS) {}

  /** master returns the remembered master while it is younger than ttlMs and not forgotten; else null. */
  get master(): NodeAddress | null {
    if (!this.fresh || this.clock.nowMs() - this.resolvedAt >= this.ttlMs) return null;
    return this.last;
  }

  /** remember keeps sentinel `sentinelIndex`'s answer: master and the replicas a write must reach. */
  remember(master: NodeAddress, replicas: Array<NodeAddress>, sentinelIndex: i32): void {
    const last = this.last;
    if (last !== null && !last.equals(master)) this.changes++;
    this.last = master;
    this.replicas = replicas;
    this.answeredBy = sentinelIndex;
    this.start = sentinelIndex;
    this.resolvedAt = this.clock.nowMs();
    this.fresh = true;
  }

  /** forget makes the next call ask a sentinel; rotate starts that round with the sentinel after the last to answer. */
  forget(rotate: bool): void {
    this.fresh = false;
    if (rotate && this.answeredBy >= 0 && this.sentinelCount > 0) this.start = (this.answeredBy + 1) % this.sentinelCount;
  }

  /** dropReplica stops writes waiting for node until the next answer lists it again. */
  dropReplica(node: NodeAddress): void {
    const kept = new Array<NodeAddress>();
    for (let i = 0; i < this.replicas.length; i++) {
      if (!this.replicas[i].equals(node)) kept.push(this.replicas[i]);
    }
    this.replicas = kept;
  }

  /** order returns the sentinel indexes in the order to ask them: the chosen first, then the rest in turn. */
  order(): Array<i32> {
    const out = new Array<i32>();
    for (let i = 0; i < this.sentinelCount; i++) out.push((this.start + i) % this.sentinelCount);
    return out;
  }
}

/**
 * suggestsFailover says whether a call that failed with e (detail as RedisCache words it, `redis: <reply>`) may
 * have failed because the master moved: the node is unreachable or silent, or it answers as a replica does
 * (READONLY, MASTERDOWN) or as a master cut off from its replicas (NOREPLICAS). Other failures (Protocol, a
 * wrong password, a bad argument) say nothing about the topology and are not worth a sentinel round trip.
 */
export function suggestsFailover(e: CacheErr, detail: string): bool {
  if (e == CacheErr.Unavailable || e == CacheErr.Timeout) return true;
  if (e != CacheErr.Rejected) return false;
  const text = detail.startsWith("redis: ") ? detail.substring(7) : detail;
  return text.startsWith("READONLY ") || text.startsWith("MASTERDOWN ") || text.startsWith("NOREPLICAS ");
}
