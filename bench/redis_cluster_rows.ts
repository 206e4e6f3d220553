// redis.cluster.*: what Redis Cluster costs per cache operation, in connections and round trips, against standalone
// Redis in the same run: the same guest (cache_probe, the real configuration and cache stack) is built once with
// redis.address against a standalone server and once with redis.clusterAddresses against a three-master cluster.
// REQUESTS requests of ONE GET each, the way the middleware uses the cache, each on a different key so that they
// spread over the masters. Both are counted by the servers: INFO stats total_connections_received, and INFO
// commandstats cmdstat_echo (every exchange, the CLUSTER SHARDS one included, carries exactly one ECHO), summed
// over every node. Steady state is one long-lived instance (its slot map is learned once); fresh_instance drops
// every instance after its request, so each request starts by learning the map from the first seed.
import { Redis } from "ioredis";
import { loadMiddleware } from "../host-shim/index.js";
import { compileGuest } from "../test/support/guests.js";
import { send, serveMiddleware, untilIdle } from "../test/support/http.js";
import { startRedis } from "../test/support/redis.js";
import { startCluster } from "../test/support/redis_cluster.js";
import { row, type Row } from "./lib.js";

const REQUESTS = 100;

interface Cost { connections: number; roundTrips: number }

/** clusterRows measures cluster mode and its standalone reference in one run. */
export async function clusterRows(): Promise<Row[]> {
  const cluster = await startCluster(3);
  const standalone = await startRedis();
  const admin = new Redis({ port: standalone.port, host: "127.0.0.1", lazyConnect: true });
  try {
    await admin.connect();
    const wasm = await compileGuest("cache_probe");
    const single = { config: { enabled: true, address: `127.0.0.1:${standalone.port}` }, admins: [admin] };
    const multi = { config: { enabled: true, clusterAddresses: cluster.addresses }, admins: cluster.nodes.map((n) => n.admin) };
    const ref = await measure(wasm, single, 0);
    const steady = await measure(wasm, multi, 0);
    const freshRef = await measure(wasm, single, 1);
    const fresh = await measure(wasm, multi, 1);
    const same = "standalone Redis (redis.address), same guest and stack, same run";
    return [
      row("redis.cluster.get.roundtrips_per_op", steady.roundTrips, "round trips/op",
        `${same}; one long-lived instance (slot map learned once)`, ref.roundTrips),
      row("redis.cluster.get.connections_per_op", steady.connections, "connections/op",
        `${same}; one long-lived instance`, ref.connections),
      row("redis.cluster.get.roundtrips_per_op.fresh_instance", fresh.roundTrips, "round trips/op",
        `${same}; a new instance per request (CLUSTER SHARDS, then the GET)`, freshRef.roundTrips),
      row("redis.cluster.get.connections_per_op.fresh_instance", fresh.connections, "connections/op",
        `${same}; a new instance per request (the seed, and the key's master when another)`, freshRef.connections),
    ];
  } finally {
    admin.disconnect();
    await standalone.stop();
    await cluster.stop();
  }
}

async function measure(wasm: Uint8Array, target: { config: Record<string, unknown>; admins: Redis[] }, poolDrop: number): Promise<Cost> {
  const mw = await loadMiddleware(wasm, { config: { redis: target.config }, poolDrop });
  const server = await serveMiddleware(mw, "http://127.0.0.1:9");
  const request = async (key: string): Promise<void> => {
    if (poolDrop === 0) await untilIdle(mw); // the next request reuses the instance instead of racing its release
    const r = await send(server.url, { method: "POST", body: `get ${key}` });
    const line = r.body.toString();
    if (r.status !== 200 || !line.startsWith("OK ")) throw new Error(`cache_probe: ${r.status} ${line}`);
  };
  try {
    await request("bench-warm"); // builds the instance; for poolDrop 0 it stays, with its slot map
    const before = await counters(target.admins);
    for (let i = 0; i < REQUESTS; i++) await request(`bench-${i}`);
    const after = await counters(target.admins);
    return { connections: (after.connections - before.connections) / REQUESTS, roundTrips: (after.echo - before.echo) / REQUESTS };
  } finally {
    await server.close();
    await mw.close();
  }
}

async function counters(admins: Redis[]): Promise<{ connections: number; echo: number }> {
  let connections = 0, echo = 0;
  for (const a of admins) {
    connections += Number(/total_connections_received:(\d+)/.exec(await a.info("stats"))?.[1]);
    echo += Number(/cmdstat_echo:calls=(\d+)/.exec(await a.info("commandstats"))?.[1] ?? 0);
  }
  return { connections, echo };
}
