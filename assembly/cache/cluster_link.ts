// The cluster's transport on the real host: one RedisClient per node (redis_client.ts: handshake on a fresh
// connection, the ECHO integrity token, one retry on a stale fd), all on the request's connections, so every node
// connection is opened within a request and closed with it (traefik-wasm-host.md §5.8). Also the health PING.

import { CacheErr, Clock } from "./cache";
import { ClusterCache } from "./cluster";
import { ClusterRouter, NodeLink } from "./cluster_router";
import { ClusterNode } from "./cluster_slots";
import { NodeAddress } from "./node_address";
import { RedisClient, RedisOptions } from "./redis_client";
import { monotonicNs } from "../net/deadline";
import { RequestConnections } from "../net/request_connections";
import { RespCommand } from "../resp/writer";
import { RespKind, RespValue } from "../resp/value";

/** MAX_LINKED_NODES bounds the per-node clients kept (each owns a read buffer); past it they are rebuilt. */
export const MAX_LINKED_NODES: i32 = 64;

/** RedisNodeLink implements NodeLink with one RedisClient per node address, built on first use. */
export class RedisNodeLink extends NodeLink {
  private clients: Map<string, RedisClient> = new Map<string, RedisClient>();

  /** base gives AUTH and the timeouts; its host, port and db are ignored (a cluster has database 0 only). */
  constructor(private conns: RequestConnections, private base: RedisOptions) {
    super();
  }

  exchange(node: ClusterNode, cmds: Array<RespCommand>): Array<RespValue> | null {
    const c = this.clientFor(node);
    const replies = c.exchange(cmds);
    this.err = c.err;
    this.detail = c.detail;
    return replies;
  }

  private clientFor(node: ClusterNode): RedisClient {
    const address = node.address;
    if (this.clients.has(address)) return this.clients.get(address);
    if (this.clients.size >= MAX_LINKED_NODES) this.clients.clear();
    const b = this.base;
    const o = new RedisOptions();
    o.host = node.host;
    o.port = node.port;
    o.username = b.username;
    o.password = b.password;
    o.db = 0;
    o.connectTimeoutMs = b.connectTimeoutMs;
    o.readTimeoutMs = b.readTimeoutMs;
    o.writeTimeoutMs = b.writeTimeoutMs;
    o.tls = b.tls;
    const c = new RedisClient(this.conns, o);
    this.clients.set(address, c);
    return c;
  }
}

/**
 * newClusterCache builds the cluster cache of one instance: seeds from redis.clusterAddresses, AUTH and timeouts
 * from options. A call follows redirections for at most connect + write + read timeout, what one standalone
 * exchange may take.
 */
export function newClusterCache(
  conns: RequestConnections, options: RedisOptions, seeds: Array<NodeAddress>, keyPrefix: string, clock: Clock,
): ClusterCache {
  const nodes = new Array<ClusterNode>();
  for (let i = 0; i < seeds.length; i++) nodes.push(new ClusterNode(seeds[i].host, seeds[i].port));
  const budget = <i64>options.connectTimeoutMs + <i64>options.writeTimeoutMs + <i64>options.readTimeoutMs;
  const router = new ClusterRouter(new RedisNodeLink(conns, options), nodes, clock, budget);
  return new ClusterCache(router, keyPrefix);
}

/** MasterPing is one master's answer to the health PING. */
export class MasterPing {
  ok: bool = false;
  latencyUs: i64 = 0;
  detail: string = "";
  constructor(readonly node: ClusterNode, readonly slots: i32) {}
}

/**
 * pingMasters learns the slot map if needed and PINGs every master in it, in node order, at most maxNodes of them
 * (each PING may need its own connection). An empty array with router.err set when no map could be learned.
 * The node of a failed PING becomes router.failedNode.
 */
export function pingMasters(router: ClusterRouter, maxNodes: i32): Array<MasterPing> {
  const out = new Array<MasterPing>();
  if (!router.ensureMap()) return out;
  const map = router.slotMap!;
  const masters = map.masters();
  for (let i = 0; i < masters.length && i < maxNodes; i++) {
    const p = new MasterPing(masters[i], map.slotsOf(masters[i]));
    const cmds = new Array<RespCommand>(1);
    cmds[0] = new RespCommand("PING");
    const start = monotonicNs();
    const replies = router.link.exchange(masters[i], cmds);
    const end = monotonicNs();
    p.ok = replies !== null && replies.length == 1 && replies[0].kind == RespKind.SimpleString && replies[0].textIs("PONG");
    p.latencyUs = start >= 0 && end >= start ? (end - start) / 1000 : 0;
    if (!p.ok) {
      p.detail = replies === null ? router.link.detail : replies.length == 1 ? "PING: " + replies[0].text() : "PING: no reply";
      router.failedNode = masters[i].address;
      if (router.link.err == CacheErr.Unavailable || router.link.err == CacheErr.Timeout) router.invalidate();
    }
    out.push(p);
  }
  return out;
}
