// RedisCache: the Cache contract over one Redis server, the only mode whose setIfAbsent is a real ledger (shared by
// every instance and replica). Every call is ONE exchange (redis_client.ts): one pipelined write, one read of its
// replies, on the request's single connection; atomicity comes from single Redis commands (SET NX, GETDEL) or
// MULTI/EXEC (resp_cache.ts).

import { CacheErr } from "./cache";
import { RedisClient, RedisOptions } from "./redis_client";
import { RespCache } from "./resp_cache";
import { RequestConnections } from "../net/request_connections";
import { RespCommand } from "../resp/writer";
import { RespValue } from "../resp/value";

export { RedisClient, RedisOptions };

/** DEFAULT_KEY_PREFIX is the seed's `keyPrefix` default. */
export const DEFAULT_KEY_PREFIX = "traefikoidc:";

/** RedisCache runs RespCache's commands on its client's server. */
export class RedisCache extends RespCache {
  readonly client: RedisClient;

  constructor(conns: RequestConnections, options: RedisOptions, keyPrefix: string = DEFAULT_KEY_PREFIX) {
    super(keyPrefix);
    this.client = new RedisClient(conns, options);
  }

  protected send(k: string, cmds: Array<RespCommand>): Array<RespValue> | null {
    const replies = this.client.exchange(cmds);
    if (replies === null) this.failed(this.client.err, this.client.detail);
    return replies;
  }
}
