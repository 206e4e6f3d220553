// cache.redis.*: RedisCache (assembly/cache/redis.ts) in the redis_probe guest, run through the real shim (wasi-go
// style sockets bridged to the host) against a real redis-server; the reference is ioredis doing the same
// operation against the same server in the same run, sequential awaits.
//
// Time rows: one HTTP request carries OPS operations in its body, and we report request time / OPS, so the HTTP
// hop and the single connect per request are amortised away and what remains is the guest's exchange (encode,
// one sock_send, poll_oneoff, sock_recv, decode, ECHO check) over the shim's socket bridge. Cost rows: REQUESTS
// requests of ONE GET each, the way the middleware uses the cache, counted by Redis itself (INFO stats
// total_connections_received; INFO commandstats cmdstat_echo, since every exchange carries exactly one ECHO).
import { Redis } from "ioredis";
import { loadMiddleware } from "../host-shim/index.js";
import { compileGuest } from "../test/support/guests.js";
import { send, serveMiddleware } from "../test/support/http.js";
import { startRedis } from "../test/support/redis.js";
import { row, timeAsync, type Row } from "./lib.js";
import { sentinelRows } from "./redis_sentinel_rows.js";
import { clusterRows } from "./redis_cluster_rows.js";

const OPS = 200;
const ITERATIONS = 10;
const REDIS_OPS = 2000;
const REQUESTS = 100;
const TTL_MS = 3_600_000;
const PREFIX = "traefikoidc:";
const KEY = "v1:session:0123456789abcdef0123456789abcdef0123456789abcdef01234";
const VALUE = Buffer.alloc(200, 0x5a);

export async function bench(): Promise<Row[]> {
  const redis = await startRedis();
  const client = new Redis({ port: redis.port, host: "127.0.0.1", lazyConnect: true });
  const mw = await loadMiddleware(await compileGuest("redis_probe"), { poolDrop: 0 });
  const server = await serveMiddleware(mw, "http://127.0.0.1:9");
  const headers = { "x-redis-port": String(redis.port), "x-redis-prefix": PREFIX };
  const request = async (ops: string[]): Promise<string[]> => {
    const r = await send(server.url, { method: "POST", body: ops.join("\n"), headers });
    const lines = r.body.toString().split("\n");
    const bad = lines.find((l) => !l.startsWith("OK "));
    if (r.status !== 200 || bad !== undefined || lines.length !== ops.length) throw new Error(`redis_probe: ${bad ?? r.status}`);
    return lines;
  };
  try {
    await client.connect();
    await client.set(PREFIX + KEY, VALUE, "PX", TTL_MS);
    const gets = Array<string>(OPS).fill(`get ${KEY}`);
    if ((await request([`get ${KEY}`]))[0] !== `OK ${VALUE.toString("hex")}`) throw new Error("guest GET differs");
    const guestGetUs = (await timeAsync(() => request(gets), ITERATIONS)) / OPS;
    let n = 0;
    const guestSetnxUs = (await timeAsync(() => {
      const base = n++;
      return request(Array.from({ length: OPS }, (_, i) => `setnx nx:${base}:${i} ${VALUE.toString("hex")} ${TTL_MS}`));
    }, ITERATIONS)) / OPS;
    const ioGetUs = await timeAsync(() => client.getBuffer(PREFIX + KEY), REDIS_OPS);
    let m = 0;
    const ioSetnxUs = await timeAsync(() => client.set(`${PREFIX}ionx:${m++}`, VALUE, "PX", TTL_MS, "NX"), REDIS_OPS);

    const before = await counters(client);
    for (let i = 0; i < REQUESTS; i++) await request([`get ${KEY}`]);
    const after = await counters(client);
    const connectionsPerOp = (after.connections - before.connections) / REQUESTS;
    const roundTripsPerOp = (after.echo - before.echo) / REQUESTS;
    if (after.get - before.get !== REQUESTS) throw new Error(`GET calls ${after.get - before.get}, want ${REQUESTS}`);
    return [
      row("cache.redis.get", guestGetUs, "us/op", "ioredis GET 200 B value, same server, sequential await", ioGetUs),
      row("cache.redis.setnx", guestSetnxUs, "us/op", "ioredis SET NX PX 200 B value, same server, sequential await",
        ioSetnxUs),
      row("cache.redis.get.connections_per_op", connectionsPerOp, "connections/op",
        "target: 1 connect per request (a wasm guest's sockets cannot outlive the request, spec §5.8)", 1),
      row("cache.redis.get.roundtrips_per_op", roundTripsPerOp, "round trips/op",
        "incumbent Get: 3 sequential round trips (PING, GET, TTL; peers-and-pitfalls A.3.4)", 3),
      ...await sentinelRows(), // its own deployment; this server is idle meanwhile
      ...await clusterRows(), // its own cluster and standalone reference; this server is idle meanwhile
    ];
  } finally {
    client.disconnect();
    await server.close();
    await mw.close();
    await redis.stop();
  }
}

async function counters(client: Redis): Promise<{ connections: number; echo: number; get: number }> {
  const stats = await client.info("stats");
  const cmd = await client.info("commandstats");
  const calls = (name: string): number => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(cmd)?.[1] ?? 0);
  return { connections: Number(/total_connections_received:(\d+)/.exec(stats)?.[1]), echo: calls("echo"), get: calls("get") };
}
