// redis.sentinel.*: what Redis Sentinel costs per cache operation, in connections and round trips, against standalone
// Redis in the same run: the same guest (cache_probe, the real configuration and cache stack) is built once with
// redis.address and once with redis.sentinelAddresses, against one deployment (a master, a replica, three
// sentinels). REQUESTS requests of ONE operation each, the way the middleware uses the cache. Connections are
// counted by the servers (INFO stats total_connections_received on every node); round trips are the master's ECHO
// calls (one per exchange) plus the guest's own count of exchanges with sentinels and replicas (x-sentinel-queries:
// sentinels know no ECHO, and their INFO has no command statistics).
// Steady state is one long-lived instance (its memo of the master lasts MASTER_TTL_MS, 2 s); fresh_instance drops
// every instance after its request, so each request starts by asking a sentinel.
import { loadMiddleware } from "../host-shim/index.js";
import { compileGuest } from "../test/support/guests.js";
import { send, serveMiddleware, untilIdle } from "../test/support/http.js";
import { type SentinelDeployment, startSentinelDeployment } from "../test/support/redis_sentinel.js";
import { row, type Row } from "./lib.js";

const REQUESTS = 100;
const TTL_MS = 600_000;
const VALUE_HEX = Buffer.alloc(200, 0x5a).toString("hex");

interface Cost { connections: number; roundTrips: number }

/** sentinelRows measures sentinel mode and its standalone reference in one deployment. */
export async function sentinelRows(): Promise<Row[]> {
  const d = await startSentinelDeployment();
  try {
    const wasm = await compileGuest("cache_probe");
    const standalone = { enabled: true, address: d.nodes[0].address };
    const sentinel = { enabled: true, sentinelAddresses: d.sentinelAddresses, sentinelMasterName: d.masterName };
    const getRef = await measure(d, wasm, standalone, 0, "get");
    const get = await measure(d, wasm, sentinel, 0, "get");
    const getFreshRef = await measure(d, wasm, standalone, 1, "get");
    const getFresh = await measure(d, wasm, sentinel, 1, "get");
    const setRef = await measure(d, wasm, standalone, 0, "set");
    const set = await measure(d, wasm, sentinel, 0, "set");
    const ref = "standalone Redis (redis.address), same guest and stack, same run";
    return [
      row("redis.sentinel.get.connections_per_op", get.connections, "connections/op", `${ref}; one long-lived instance (a sentinel is asked once per 2 s)`, getRef.connections),
      row("redis.sentinel.get.roundtrips_per_op", get.roundTrips, "round trips/op", `${ref}; one long-lived instance (a sentinel is asked once per 2 s)`, getRef.roundTrips),
      row("redis.sentinel.get.connections_per_op.fresh_instance", getFresh.connections, "connections/op",
        `${ref}; a new instance per request`, getFreshRef.connections),
      row("redis.sentinel.get.roundtrips_per_op.fresh_instance", getFresh.roundTrips, "round trips/op",
        `${ref}; a new instance per request`, getFreshRef.roundTrips),
      row("redis.sentinel.set.roundtrips_per_op", set.roundTrips, "round trips/op",
        `${ref}; the write then waits for the replica (WAIT)`, setRef.roundTrips),
    ];
  } finally {
    await d.stop();
  }
}

async function measure(d: SentinelDeployment, wasm: Uint8Array, redis: Record<string, unknown>, poolDrop: number,
  op: "get" | "set"): Promise<Cost> {
  const mw = await loadMiddleware(wasm, { config: { redis }, poolDrop });
  const server = await serveMiddleware(mw, "http://127.0.0.1:9");
  let n = 0;
  const request = async (): Promise<number> => {
    if (poolDrop === 0) await untilIdle(mw); // the next request reuses the instance instead of racing its release
    const body = op === "get" ? "get bench" : `set bench:${n++} ${VALUE_HEX} ${TTL_MS}`;
    const r = await send(server.url, { method: "POST", body });
    const line = r.body.toString();
    if (r.status !== 200 || !line.startsWith("OK ")) throw new Error(`cache_probe: ${r.status} ${line}`);
    return Number(r.headers["x-sentinel-queries"] ?? 0);
  };
  try {
    await request(); // builds the instance; for poolDrop 0 it stays
    const before = await counters(d);
    let queries = 0;
    for (let i = 0; i < REQUESTS; i++) queries += await request();
    const after = await counters(d);
    return { connections: (after.connections - before.connections) / REQUESTS, roundTrips: (after.echo - before.echo + queries) / REQUESTS };
  } finally {
    await server.close();
    await mw.close();
  }
}

// Connections received by every node, and ECHO calls on the data nodes (the guest's exchanges with them).
async function counters(d: SentinelDeployment): Promise<{ connections: number; echo: number }> {
  let connections = 0, echo = 0;
  for (const m of [...d.nodes, ...d.sentinels]) {
    const admin = d.admin(m.port);
    connections += Number(/total_connections_received:(\d+)/.exec(await admin.info("stats"))?.[1]);
    if (m.kind !== "sentinel") echo += Number(/cmdstat_echo:calls=(\d+)/.exec(await admin.info("commandstats"))?.[1] ?? 0);
  }
  return { connections, echo };
}
