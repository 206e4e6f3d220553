// ClusterCache: the Cache contract over Redis Cluster. Every call sends RespCache's commands (resp_cache.ts), one
// exchange about one key, to the master of its key's slot through ClusterRouter (MOVED, ASK, slot map).
//
// One key per call, so one slot per call. No operation of the Cache contract touches two keys: incr's MULTI block
// names its one key twice, and the callers' pairs (a document and its `:lock`, a session and its indexes) are
// separate calls that need no common slot, so no key carries a hash tag and keys spread over every master. A
// future operation on two keys must give them one tag, `{id}` (cluster_slots.ts keyHashSlot), or Redis refuses it
// with CROSSSLOT. Neither SELECT nor a db is ever sent: a cluster has database 0 only (config_redis.ts refuses
// redis.db with redis.clusterAddresses).

import { ClusterRouter } from "./cluster_router";
import { keyHashSlot } from "./cluster_slots";
import { RespCache } from "./resp_cache";
import { RespCommand } from "../resp/writer";
import { RespValue } from "../resp/value";

/**
 * ClusterCache implements Cache with GET, SET PX, SET NX PX, DEL, GETDEL and MULTI + SET NX PX + INCR + EXEC, each
 * on the master serving keyPrefix + key. err and detail are the router's on a failed exchange, Rejected for an
 * error reply (CLUSTERDOWN, NOAUTH, OOM…); detail names the node either way.
 */
export class ClusterCache extends RespCache {
  constructor(readonly router: ClusterRouter, keyPrefix: string) {
    super(keyPrefix);
  }

  protected send(k: string, cmds: Array<RespCommand>): Array<RespValue> | null {
    const router = this.router;
    const replies = router.exchange(keyHashSlot(k), cmds);
    if (replies === null) this.failed(router.err, router.detail);
    return replies;
  }

  // The breaker counts a Rejected too: the health endpoint names its node.
  protected rejection(text: string): string {
    const node = this.router.lastNode!; // set by the exchange that returned the error reply
    this.router.failedNode = node.address;
    return "redis cluster node " + node.address + ": " + text;
  }
}
