// cache.l1.*: MemoryCache (assembly/cache/memory.ts) in a release-built fixture guest (cache_bench.ts), run
// in-process, sized like the hybrid L1 defaults (500 entries, 10 MiB) with 64-byte keys and 200-byte values; the
// reference is what the L1 saves: ioredis doing the same GET / SET against a real redis-server, sequential awaits.
//
// cache.l1.hit is the contract's get, which copies the value out; cache.l1.hit.shared is MemoryCache.getShared,
// which does not. Guest exports run OPS operations per call and we report time / OPS, so the JS->wasm call is not counted (the
// middleware calls the cache from inside the guest). The guest's clock is a field read; in Traefik it is a
// clock_time_get host call per lookup, which this number does not include.
import { Redis } from "ioredis";
import { InProcessGuest, type GuestBuffers } from "../test/support/inprocess_guest.js";
import { startRedis } from "../test/support/redis.js";
import { row, timeAsync, type Row } from "./lib.js";

interface BenchExports extends GuestBuffers {
  setup(items: number, keyLen: number, valueLen: number): number;
  key_out(i: number): number;
  value_out(i: number): number;
  hits_n(n: number): number;
  shared_hits_n(n: number): number;
  sets_n(n: number): number;
}

const ITEMS = 500;
const KEY_BYTES = 64;
const VALUE_BYTES = 200;
// Guest: OPS operations per round, ROUNDS rounds. Redis: REDIS_OPS round trips per round (about 0.1 ms each).
const OPS = 20_000;
const ROUNDS = 25;
const REDIS_OPS = 2000;
const REDIS_ROUNDS = 5;
const TTL_MS = 3_600_000;
const NONE = new Uint8Array(0);

export async function bench(): Promise<Row[]> {
  const guest = await InProcessGuest.load<BenchExports>("cache_bench");
  const held = guest.call(NONE, (x) => x.setup(ITEMS, KEY_BYTES, VALUE_BYTES));
  if (held !== ITEMS) throw new Error(`cache_bench setup held ${held} entries, want ${ITEMS}`);
  guest.call(NONE, (x) => x.key_out(0));
  const key = Buffer.from(guest.output());
  guest.call(NONE, (x) => x.value_out(0));
  const value = Buffer.from(guest.output());
  if (key.length !== KEY_BYTES || value.length !== VALUE_BYTES) throw new Error("cache_bench key or value size");

  const hitNs = guestNsPerOp(guest, "hits_n");
  const sharedNs = guestNsPerOp(guest, "shared_hits_n");
  const setNs = guestNsPerOp(guest, "sets_n");

  const redis = await startRedis();
  const client = new Redis({ port: redis.port, host: "127.0.0.1", lazyConnect: true });
  try {
    await client.connect();
    await client.set(key, value, "PX", TTL_MS);
    const got = await client.getBuffer(key);
    if (got === null || !got.equals(value)) throw new Error("redis GET did not return the value just set");
    const getUs = await timeAsync(() => client.getBuffer(key), REDIS_OPS, REDIS_ROUNDS);
    const setUs = await timeAsync(() => client.set(key, value, "PX", TTL_MS), REDIS_OPS, REDIS_ROUNDS);
    return [
      row("cache.l1.hit", hitNs, "ns/op", "ioredis GET 64 B key / 200 B value, sequential await", getUs * 1000),
      row("cache.l1.hit.shared", sharedNs, "ns/op", "ioredis GET 64 B key / 200 B value, sequential await",
        getUs * 1000),
      row("cache.l1.set", setNs, "ns/op", "ioredis SET PX 64 B key / 200 B value, sequential await", setUs * 1000),
    ];
  } finally {
    client.disconnect();
    await redis.stop();
  }
}

// guestNsPerOp runs fn (OPS operations per call) after a warm-up and returns the median round in ns per operation.
function guestNsPerOp(guest: InProcessGuest<BenchExports>, fn: "hits_n" | "shared_hits_n" | "sets_n"): number {
  const once = (): void => {
    const r = guest.call(NONE, (x) => x[fn](OPS));
    if (r < 0) throw new Error(`${fn} failed in the guest: ${r}`);
  };
  for (let i = 0; i < 5; i++) once();
  const perOp: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    once();
    perOp.push(Number(process.hrtime.bigint() - start) / OPS);
  }
  perOp.sort((a, b) => a - b);
  return perOp[Math.floor(ROUNDS / 2)];
}
