// e2e.*: a load run across three replicas of plugin.wasm sharing one redis-server, behind the round-robin front of
// test/support/fleet.ts (each replica its own build, as separate Traefik processes are), against the test identity
// provider. USERS users log in first through the front (not timed); then every round sends PER_ROUND authenticated
// requests, CONCURRENCY in flight, each with its user's ticket cookie; sessions live in Redis (redis mode), so every
// request reads its session there. The reference is the same load through three pass-through replicas (plugin.wasm
// without providerURL) behind the same kind of front, started in the same run, rounds alternating with ours so that a
// busy neighbour on this shared machine slows both alike. Replicas keep their instances (poolDrop 0): the steady
// state between two of Traefik's pool drops.
//
// Every answer is checked (200, and the backend saw the user's X-Forwarded-User; none through the pass-through), and
// any error or guest log line at warn or above fails the run.
// - e2e.load.throughput: requests per second over the timed rounds; e2e.load.p50, e2e.load.p99: client-side latency
//   (request sent to last byte read), nearest rank over every timed request.
// - e2e.load.errors: wrong answers and failed requests, against the number sent (ratio: the error rate).
// - e2e.load.redis_commands: INFO commandstats over the timed rounds (INFO itself left out) per request. The
//   pass-through sends none, so the reference is the incumbent's 3 commands per session read.
// - e2e.instance.memory: the largest guest linear memory of any instance of the three replicas (pool.stats).

import { Redis } from "ioredis";
import { startFleet, type Fleet } from "../test/support/fleet.js";
import { echoBackend } from "../test/support/http.js";
import { type IdpUser, startIdp } from "../test/support/idp.js";
import { startRedis } from "../test/support/redis.js";
import { UserAgent } from "../test/support/user_agent.js";
import { type Check, type LoadRequest, type LoadResult, percentile, runLoad } from "./e2e_load_support.js";
import { row, type Row } from "./lib.js";
import { describeDelta, redisCounters } from "./oidc_support.js";

const REPLICAS = 3;
const USERS = 20;
const CONCURRENCY = 12;
const WARMUP = 300;
const ROUNDS = 4;
const PER_ROUND = 500;
const REFERENCE = "pass-through replicas (plugin.wasm without providerURL), same front and load, alternating rounds";

type Cleanups = (() => Promise<unknown> | unknown)[];

export async function bench(): Promise<Row[]> {
  const cleanups: Cleanups = [];
  try {
    return await measure(cleanups);
  } finally {
    for (const fn of cleanups.reverse()) {
      try { await fn(); } catch { /* keep stopping the rest */ }
    }
  }
}

async function measure(cleanups: Cleanups): Promise<Row[]> {
  const names = Array.from({ length: USERS }, (_, i) => `user${String(i + 1).padStart(2, "0")}`);
  const accounts: IdpUser[] = names.map((name) => ({ sub: name, login: name, email: `${name}@example.com`, email_verified: true }));
  const [idp, backend, redis] = await Promise.all([startIdp({ users: accounts }), echoBackend(), startRedis()]);
  cleanups.push(() => idp.stop(), () => backend.close(), () => redis.stop());
  const admin = new Redis({ port: redis.port, host: "127.0.0.1" });
  cleanups.push(() => admin.disconnect());
  const ours = await startFleet({
    idp, backendUrl: backend.url, replicas: REPLICAS, poolDrop: 0, config: { logLevel: "warn" },
    redis: { port: redis.port, cacheMode: "redis" },
  });
  cleanups.push(() => ours.close());
  const reference = await startFleet({ backendUrl: backend.url, replicas: REPLICAS, poolDrop: 0 });
  cleanups.push(() => reference.close());

  const cookies = await Promise.all(names.map((name) => logIn(ours, name)));
  const requests = (count: number): LoadRequest[] => Array.from({ length: count }, (_, i) => authenticated(names[i % USERS], cookies[i % USERS], i));
  await load(ours, requests(WARMUP), true);
  await load(reference, requests(WARMUP), false);

  const ourRounds: LoadResult[] = [];
  const referenceRounds: LoadResult[] = [];
  const before = await redisCounters(admin);
  for (let r = 0; r < ROUNDS; r++) {
    ourRounds.push(await load(ours, requests(PER_ROUND), true));
    referenceRounds.push(await load(reference, requests(PER_ROUND), false));
  }
  const after = await redisCounters(admin);
  for (const r of ours.replicas) {
    const bad = r.middleware.logs.find((l) => l.level !== "info" && l.level !== "debug");
    if (bad !== undefined) throw new Error(`e2e.load: a replica logged at ${bad.level}: ${bad.message}`);
  }
  const timed = ROUNDS * PER_ROUND;
  const commands = (after.commands - before.commands) / timed;
  return rows(merge(ourRounds), merge(referenceRounds), commands, `${describeDelta(before, after)} over ${timed} requests`, [ours, reference]);
}

// logIn walks one user through the provider via the front and returns the Cookie header its browser would send.
async function logIn(fleet: Fleet, name: string): Promise<string> {
  const ua = new UserAgent();
  const { page } = await ua.login(`${fleet.front.url}/`, { login: name, password: `${name}-password` });
  if (page.status !== 200) throw new Error(`e2e.load: ${name} could not log in (${page.status})`);
  return ua.cookies(fleet.front.url).map((c) => `${c.name}=${c.value}`).join("; ");
}

// A script's fetch() with the user's cookies: without a session it would get 401, never a redirect.
function authenticated(name: string, cookie: string, i: number): LoadRequest {
  return { path: `/load/${name}/${i}`, headers: { cookie, accept: "*/*", "sec-fetch-mode": "cors" } };
}

// load runs requests through fleet's front; the backend must see the path's user in X-Forwarded-User when the fleet
// authenticates, and no such header through the pass-through.
async function load(fleet: Fleet, requests: LoadRequest[], authenticates: boolean): Promise<LoadResult> {
  const check: Check = (req, status, body) => {
    if (status !== 200) return `${req.path}: ${status}`;
    const seen = (JSON.parse(body) as { headers: Record<string, string> }).headers["x-forwarded-user"];
    const want = authenticates ? `${req.path.split("/")[2]}@example.com` : undefined;
    return seen === want ? null : `${req.path}: the backend saw ${seen}`;
  };
  const result = await runLoad(fleet.front.url, requests, CONCURRENCY, check);
  if (result.errors.length > 0) {
    throw new Error(`e2e.load: ${result.errors.length} of ${requests.length} requests failed: ${result.errors.slice(0, 5).join("; ")}`);
  }
  return result;
}

function merge(rounds: LoadResult[]): LoadResult {
  return {
    latenciesMs: rounds.flatMap((r) => r.latenciesMs),
    elapsedMs: rounds.reduce((sum, r) => sum + r.elapsedMs, 0),
    errors: rounds.flatMap((r) => r.errors),
  };
}

function rows(ours: LoadResult, ref: LoadResult, commands: number, commandDetail: string, fleets: [Fleet, Fleet]): Row[] {
  const throughput = (r: LoadResult): number => (r.latenciesMs.length * 1000) / r.elapsedMs;
  const memory = (f: Fleet): number => Math.max(...f.replicas.map((r) => r.middleware.pool.stats.maxMemoryBytes));
  const instances = (f: Fleet): number => f.replicas.reduce((sum, r) => sum + r.middleware.pool.stats.created, 0);
  const shape = `${REPLICAS} replicas, ${CONCURRENCY} in flight, ${ours.latenciesMs.length} requests`;
  return [
    row("e2e.load.throughput", throughput(ours), "requests/s", `${REFERENCE} (${shape})`, throughput(ref)),
    row("e2e.load.p50", percentile(ours.latenciesMs, 50), "ms", REFERENCE, percentile(ref.latenciesMs, 50)),
    row("e2e.load.p99", percentile(ours.latenciesMs, 99), "ms", REFERENCE, percentile(ref.latenciesMs, 99)),
    row("e2e.load.errors", ours.errors.length, "errors", `requests sent (ratio: error rate; must be 0; pass-through: ${ref.errors.length})`,
      ours.latenciesMs.length),
    row("e2e.load.redis_commands", commands, "commands/request",
      `incumbent Get: 3 commands (PING, GET, TTL); pass-through: none (${commandDetail})`, 3),
    row("e2e.instance.memory", memory(fleets[0]), "bytes/instance",
      `${REFERENCE}; max over ${instances(fleets[0])} instances, reference ${instances(fleets[1])}`, memory(fleets[1])),
  ];
}
