// Starts a throwaway Redis Cluster for tests: `masters` redis-server processes with cluster mode on, on loopback
// ports whose cluster bus port (port + 10000) is free too, joined by `redis-cli --cluster create`, and stops it.
// Every wait polls a condition under a deadline; there are no fixed sleeps.

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { type RedisServer, startRedis } from "./redis.js";

const REDIS_CLI = process.env.REDIS_CLI ?? "redis-cli";
const BUS_OFFSET = 10_000;
const READY_DEADLINE_MS = 20_000;
const run = promisify(execFile);

/** ClusterNodeHandle is one node: its port, cluster id, an admin client (no cluster routing) and its process. */
export interface ClusterNodeHandle {
  port: number;
  address: string;
  id: string;
  admin: Redis;
  server: RedisServer;
}

export interface RedisCluster {
  nodes: ClusterNodeHandle[];
  /** addresses are the nodes' host:port, the form of redis.clusterAddresses. */
  addresses: string[];
  /** slotOf asks the cluster (CLUSTER KEYSLOT) for key's slot. */
  slotOf(key: string): Promise<number>;
  /** ownerOf says which node serves slot, by the given node's view (the first node's by default). */
  ownerOf(slot: number, viewer?: ClusterNodeHandle): Promise<ClusterNodeHandle>;
  /** holders lists the nodes that hold key: CLUSTER GETKEYSINSLOT on each, which never redirects, even mid-migration. */
  holders(key: string): Promise<ClusterNodeHandle[]>;
  /** stats reads one INFO section of every node as name -> number maps, e.g. errorstat_MOVED -> count. */
  stats(section: "commandstats" | "errorstats" | "stats"): Promise<Map<string, number>[]>;
  /** stop kills every node and removes the cluster's files; calling it again is harmless. */
  stop(): Promise<void>;
}

/** startCluster starts `masters` nodes (no replicas), creates the cluster and resolves once every node says ok. */
export async function startCluster(masters = 3): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), "redis-cluster-"));
  const nodes: ClusterNodeHandle[] = [];
  const stop = async (): Promise<void> => {
    for (const n of nodes.splice(0)) {
      n.admin.disconnect();
      await n.server.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freeClusterPort(nodes.map((n) => n.port));
      const server = await startRedis({
        port,
        args: ["--cluster-enabled", "yes", "--cluster-config-file", join(dir, `nodes-${port}.conf`), "--dir", dir,
          "--cluster-node-timeout", "5000"],
      });
      const admin = new Redis({ port, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => null });
      admin.on("error", () => undefined); // a test may stop this node on purpose
      await admin.connect();
      nodes.push({ port, address: `127.0.0.1:${port}`, id: await admin.call("CLUSTER", "MYID") as string, admin, server });
    }
    await run(REDIS_CLI, ["--cluster", "create", ...nodes.map((n) => n.address), "--cluster-yes"]);
    await until("every node to report cluster_state:ok with all slots", async () => {
      for (const n of nodes) {
        const info = await n.admin.call("CLUSTER", "INFO") as string;
        if (!info.includes("cluster_state:ok") || !info.includes(`cluster_known_nodes:${masters}`)) return false;
        if (!info.includes("cluster_slots_ok:16384")) return false;
      }
      return true;
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const byId = (id: string): ClusterNodeHandle => {
    const n = nodes.find((x) => x.id === id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  };
  return {
    nodes,
    addresses: nodes.map((n) => n.address),
    slotOf: async (key) => Number(await nodes[0].admin.call("CLUSTER", "KEYSLOT", key)),
    ownerOf: async (slot, viewer = nodes[0]) => {
      const ranges = await viewer.admin.call("CLUSTER", "SLOTS") as [number, number, [string, number, string]][];
      const range = ranges.find(([from, to]) => from <= slot && slot <= to);
      if (range === undefined) throw new Error(`slot ${slot} has no owner`);
      return byId(range[2][2]);
    },
    holders: async (key) => {
      const slot = Number(await nodes[0].admin.call("CLUSTER", "KEYSLOT", key));
      const out: ClusterNodeHandle[] = [];
      for (const n of nodes) {
        const keys = await n.admin.call("CLUSTER", "GETKEYSINSLOT", slot, 100_000) as string[];
        if (keys.includes(key)) out.push(n);
      }
      return out;
    },
    stats: async (section) => Promise.all(nodes.map(async (n) => parseInfo(await n.admin.info(section)))),
    stop,
  };
}

/** until polls check with a short backoff until it is true, or throws once the deadline has passed. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = READY_DEADLINE_MS): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (await check()) return;
    if (performance.now() > deadline) throw new Error(`${what}: not before the deadline`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(10 * 2 ** attempt, 200)));
  }
}

// INFO lines `name:count=3,…` or `name:3` as name -> the first number. Command names keep their `|`: `cluster|shards`.
function parseInfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^([\w|-]+):(?:\w+=)?(\d+)/gm)) out.set(m[1], Number(m[2]));
  return out;
}

// A port p such that p and p + 10000 both bind on loopback now, below the ephemeral range so p + 10000 <= 65535.
async function freeClusterPort(taken: number[]): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.some((t) => Math.abs(t - port) < 2 || Math.abs(t + BUS_OFFSET - port) < 2)) continue;
    if (await bindable(port) && await bindable(port + BUS_OFFSET)) return port;
  }
  throw new Error("no free port pair (port, port + 10000) found");
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
