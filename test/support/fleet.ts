// A fleet as operators run one: several replicas of the middleware (each its own build, as separate Traefik
// processes would be) behind a round-robin front that sends every request to the next replica in turn, so a
// browser's session must work wherever its requests land. The front keeps the Host header, like a load balancer,
// so every replica sees one public origin and one set of cookies.

import { readFileSync } from "node:fs";
import { loadMiddleware, type Middleware } from "../../host-shim/index.js";
import { relay } from "../../host-shim/cli/relay.js";
import { listen, serveMiddleware, type Running } from "./http.js";
import type { Idp } from "./idp.js";

export const FLEET_SESSION_KEY = "a-fleet-session-encryption-key-of-32+-bytes";
/**
 * REPLICA_HEADER is the response header in which the front names the replica (0-based) that answered. A browser
 * cannot count turns (its own favicon fetches take turns too), so it reads which replica served a page here.
 */
export const REPLICA_HEADER = "x-fleet-replica";

export interface FleetOptions {
  /** the provider; absent: the replicas are built without providerURL and pass every request through (a reference) */
  idp?: Idp;
  backendUrl: string;
  replicas?: number;
  /** Redis for `redis` or `hybrid` mode; absent: memory mode (sessions in sealed cookies). */
  redis?: { port: number; cacheMode?: "redis" | "hybrid"; extra?: Record<string, unknown> };
  /** more plugin options, applied last */
  config?: Record<string, unknown>;
  /** instance drop probability per request; default 0.3, so nothing may live in instance memory */
  poolDrop?: number;
  onLog?: (replica: number, level: string, message: string) => void;
}

export interface Replica extends Running { middleware: Middleware }

export interface Fleet {
  /** the public origin: round robin over the replicas */
  front: Running;
  replicas: Replica[];
  /** the plugin options every replica was built with */
  config: Record<string, unknown>;
  /** how many requests the front sent to each replica */
  served: number[];
  close(): Promise<void>;
}

/** startFleet builds the replicas, starts the front, and registers the front's callback and logout URIs (with an idp). */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const count = options.replicas ?? 3;
  const replicas: Replica[] = [];
  const served = new Array<number>(count).fill(0);
  let turn = 0;
  const front = await listen((req, res) => {
    const index = turn++ % count;
    served[index]++;
    relay(req, res, replicas[index].url, [REPLICA_HEADER, String(index)]);
  });
  const config = options.idp ? fleetConfig(options, options.idp, front.url) : { ...options.config };
  const plugin = new Uint8Array(readFileSync("plugin.wasm"));
  try {
    for (let i = 0; i < count; i++) {
      const middleware = await loadMiddleware(plugin, {
        config, poolDrop: options.poolDrop ?? 0.3,
        onLog: (e) => options.onLog?.(i, e.level, e.message),
      });
      replicas.push({ ...(await serveMiddleware(middleware, options.backendUrl)), middleware });
    }
    await options.idp?.updateClient(options.idp.client.id, {
      redirectUris: [`${front.url}/oauth2/callback`], postLogoutRedirectUris: [`${front.url}/`],
      ...(config.enableBackchannelLogout ? { backchannelLogoutUri: `${front.url}/oauth2/backchannel-logout` } : {}),
    });
  } catch (error) {
    await closeAll(front, replicas);
    throw error;
  }
  return { front, replicas, config, served, close: () => closeAll(front, replicas) };
}

function fleetConfig(options: FleetOptions, idp: Idp, origin: string): Record<string, unknown> {
  const { redis } = options;
  return {
    providerURL: idp.issuer, clientID: idp.client.id, clientSecret: idp.client.secret,
    sessionEncryptionKey: FLEET_SESSION_KEY, forceHTTPS: false, postLogoutRedirectURI: `${origin}/`,
    ...(redis ? {
      enableBackchannelLogout: true,
      redis: { enabled: true, address: `127.0.0.1:${redis.port}`, cacheMode: redis.cacheMode ?? "hybrid", ...redis.extra },
    } : {}),
    ...options.config,
  };
}

async function closeAll(front: Running, replicas: Replica[]): Promise<void> {
  await front.close();
  for (const r of replicas) { await r.close(); await r.middleware.close(); }
}
