// Starts a throwaway Redis Sentinel deployment for tests: a master, one replica and three sentinels, all Debian's
// `redis-server` (a sentinel is `redis-server <file> --sentinel`: the file must be writable, Sentinel rewrites it),
// on free loopback ports, without persistence. Every wait polls a condition under a deadline; there are no fixed
// sleeps. stop() kills every process started here and removes the files.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

const REDIS_BIN = process.env.REDIS_SERVER ?? "redis-server";
const LOOPBACK = "127.0.0.1";
const READY_DEADLINE_MS = 20_000;
const FAILOVER_DEADLINE_MS = 20_000;

export interface SentinelDeploymentOptions {
  masterName?: string;
  /** requirepass of the sentinels (redis.sentinelPassword); they use it among themselves too. */
  sentinelPassword?: string;
  /** requirepass and masterauth of the data nodes (redis.password); the sentinels get it as auth-pass. */
  nodePassword?: string;
  /** down-after-milliseconds: how long a killed master goes unnoticed. */
  downAfterMs?: number;
}

/** A process of the deployment: its port and role at start. */
export interface Member { port: number; address: string; kind: "master" | "replica" | "sentinel" }

export interface SentinelDeployment {
  masterName: string;
  /** The data nodes, initial master first. */
  nodes: Member[];
  sentinels: Member[];
  /** sentinelAddresses are the sentinels' host:port, the form of redis.sentinelAddresses. */
  sentinelAddresses: string[];
  /** admin returns a client of the data node on port (no reconnects: tests kill nodes), made once per port. */
  admin(port: number): Redis;
  /** namedMaster asks sentinel i (the first by default) which port is the master. */
  namedMaster(i?: number): Promise<number>;
  /**
   * untilMaster resolves with the master's port once every live sentinel names the same master, other than
   * `not`, and that node answers ROLE as a master.
   */
  untilMaster(not?: number, deadlineMs?: number): Promise<number>;
  /** failover sends SENTINEL FAILOVER to the first sentinel and returns at once with the master it replaces. */
  failover(): Promise<number>;
  /** kill SIGKILLs the data node on port: no shutdown, no last replication. */
  kill(port: number): Promise<void>;
  /** stop kills every process and removes the files; calling it again is harmless. */
  stop(): Promise<void>;
}

/** startSentinelDeployment starts the deployment and resolves once the sentinels know each other and the replica. */
export async function startSentinelDeployment(options: SentinelDeploymentOptions = {}): Promise<SentinelDeployment> {
  const name = options.masterName ?? "oidcmaster";
  const dir = mkdtempSync(join(tmpdir(), "redis-sentinel-"));
  const children = new Map<number, ChildProcess>();
  const clients = new Map<number, Redis>();
  const stop = async (): Promise<void> => {
    for (const c of clients.values()) c.disconnect();
    clients.clear();
    await Promise.all([...children.values()].map(killProcess));
    children.clear();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [masterPort, replicaPort, ...sentinelPorts] = await freePorts(5);
    const auth = options.nodePassword !== undefined ? ["--requirepass", options.nodePassword, "--masterauth", options.nodePassword] : [];
    const base = ["--bind", LOOPBACK, "--save", "", "--appendonly", "no", "--dir", dir, ...auth];
    children.set(masterPort, spawnRedis(["--port", String(masterPort), ...base]));
    children.set(replicaPort, spawnRedis(["--port", String(replicaPort), ...base, "--replicaof", LOOPBACK, String(masterPort)]));
    for (const port of sentinelPorts) {
      const file = join(dir, `sentinel-${port}.conf`);
      writeFileSync(file, sentinelConfig(port, dir, name, masterPort, options));
      children.set(port, spawnRedis([file, "--sentinel"]));
    }
    const admin = (port: number): Redis => {
      let c = clients.get(port);
      if (c === undefined) {
        const password = sentinelPorts.includes(port) ? options.sentinelPassword : options.nodePassword;
        c = new Redis({ port, host: LOOPBACK, password, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
        c.on("error", () => undefined); // a test kills nodes on purpose
        clients.set(port, c);
      }
      return c;
    };
    const ask = async <T>(port: number, ...args: string[]): Promise<T | undefined> => {
      try {
        const c = admin(port);
        if (c.status === "end") clients.delete(port); // refused before the node was up: start afresh
        return await admin(port).call(args[0], ...args.slice(1)) as T;
      } catch {
        return undefined;
      }
    };
    await until("the data nodes to replicate", READY_DEADLINE_MS, async () => {
      const info = await ask<string>(replicaPort, "INFO", "replication");
      return info?.includes("master_link_status:up") === true;
    });
    await until("every sentinel to know the others and the replica", READY_DEADLINE_MS, async () => {
      for (const port of sentinelPorts) {
        const others = await ask<unknown[]>(port, "SENTINEL", "sentinels", name);
        const replicas = await ask<string[][]>(port, "SENTINEL", "replicas", name);
        if (others?.length !== 2 || replicas?.length !== 1) return false;
        const fields = pairs(replicas[0]);
        if (fields.get("flags") !== "slave" || fields.get("master-link-status") !== "ok") return false;
      }
      return true;
    });
    const live = (): number[] => sentinelPorts.filter((p) => children.get(p)?.exitCode === null);
    const namedMaster = async (i = 0): Promise<number> => {
      const addr = await ask<string[]>(sentinelPorts[i], "SENTINEL", "get-master-addr-by-name", name);
      if (addr === undefined) throw new Error(`sentinel ${sentinelPorts[i]} did not answer`);
      return Number(addr[1]);
    };
    const untilMaster = async (not?: number, deadlineMs = FAILOVER_DEADLINE_MS): Promise<number> => {
      let found = 0;
      await until(`the sentinels to agree on a master other than ${not}`, deadlineMs, async () => {
        const named = new Set<string>();
        for (const port of live()) named.add(String((await ask<string[]>(port, "SENTINEL", "get-master-addr-by-name", name))?.[1]));
        if (named.size !== 1) return false;
        const port = Number([...named][0]);
        if (Number.isNaN(port) || port === not) return false;
        const role = await ask<unknown[]>(port, "ROLE");
        if (role?.[0] !== "master") return false;
        found = port;
        return true;
      });
      return found;
    };
    return {
      masterName: name,
      nodes: [{ port: masterPort, address: `${LOOPBACK}:${masterPort}`, kind: "master" },
        { port: replicaPort, address: `${LOOPBACK}:${replicaPort}`, kind: "replica" }],
      sentinels: sentinelPorts.map((port) => ({ port, address: `${LOOPBACK}:${port}`, kind: "sentinel" as const })),
      sentinelAddresses: sentinelPorts.map((port) => `${LOOPBACK}:${port}`),
      admin,
      namedMaster,
      untilMaster,
      failover: async () => {
        const before = await namedMaster();
        const reply = await ask<string>(sentinelPorts[0], "SENTINEL", "FAILOVER", name);
        if (reply !== "OK") throw new Error(`SENTINEL FAILOVER answered ${reply}`);
        return before;
      },
      kill: async (port) => {
        const child = children.get(port);
        if (child === undefined) throw new Error(`no process on port ${port}`);
        clients.get(port)?.disconnect();
        clients.delete(port);
        await killProcess(child);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function sentinelConfig(port: number, dir: string, name: string, masterPort: number, o: SentinelDeploymentOptions): string {
  const lines = [
    `port ${port}`, `bind ${LOOPBACK}`, `dir ${dir}`,
    `sentinel monitor ${name} ${LOOPBACK} ${masterPort} 2`,
    `sentinel down-after-milliseconds ${name} ${o.downAfterMs ?? 1000}`,
    `sentinel failover-timeout ${name} 10000`,
    `sentinel parallel-syncs ${name} 1`,
  ];
  if (o.nodePassword !== undefined) lines.push(`sentinel auth-pass ${name} ${o.nodePassword}`);
  if (o.sentinelPassword !== undefined) lines.push(`requirepass ${o.sentinelPassword}`, `sentinel sentinel-pass ${o.sentinelPassword}`);
  return lines.join("\n") + "\n";
}

function spawnRedis(args: string[]): ChildProcess {
  const child = spawn(REDIS_BIN, args, { stdio: ["ignore", "ignore", "ignore"] });
  child.on("error", () => undefined); // reported by the readiness waits
  return child;
}

// SIGKILL, then wait for the exit: a throwaway node has nothing to save, and a master's graceful shutdown would wait
// for its replicas.
async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}

// Distinct ports the OS reported free; the window before redis binds one is acceptable for tests.
async function freePorts(n: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < n) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, LOOPBACK, () => {
        const { port: p } = server.address() as net.AddressInfo;
        server.close(() => resolve(p));
      });
    });
    if (!out.includes(port)) out.push(port);
  }
  return out;
}

/** pairs turns a flat [k1, v1, k2, v2...] reply into a map. */
export function pairs(flat: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i], flat[i + 1]);
  return m;
}

async function until(what: string, deadlineMs: number, cond: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  for (let attempt = 0; ; attempt++) {
    if (await cond()) return;
    if (performance.now() > deadline) throw new Error(`${what}: not before the deadline`);
    // Back off on the event loop (not a fixed sleep): each retry is bounded by the overall deadline.
    await new Promise((resolve) => setTimeout(resolve, Math.min(10 * 2 ** attempt, 100)));
  }
}
