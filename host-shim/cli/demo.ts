// `make demo`: the production shape on one machine. A development identity provider (oidc-provider with a test
// user), an echo backend, Redis when redis-server is installed (hybrid mode; memory mode otherwise), and two
// replicas of the shim running examples/file-provider/ as Traefik would, behind a round-robin front that sends
// each request to the next replica. Ctrl-C stops everything it started.

import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { startTraefik, type RunningTraefik } from "../traefik/index.js";
import { startIdp } from "../../test/support/idp.js";
import { echoBackend } from "../../test/support/http.js";
import { startRedis, type RedisServer } from "../../test/support/redis.js";
import { relay } from "./relay.js";

const EXAMPLE = join("examples", "file-provider");
const MODULE_NAME = /^MODULE_NAME := (.+)$/m.exec(readFileSync("Makefile", "utf8"))![1];
const REPLICAS = 2;
const USER = { login: "alice", password: "alice-password" };

const port = Number(process.env.PORT ?? 8080);
const stops: (() => Promise<unknown> | void)[] = [];
const stopAll = async () => {
  for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => {});
};

try {
  await main();
} catch (err) {
  console.error(`demo: ${(err as Error).message}`);
  await stopAll();
  process.exit(1);
}

async function main(): Promise<void> {
  const front = await listenFront(port);
  stops.push(() => new Promise((resolve) => { front.server.closeAllConnections(); front.server.close(resolve); }));
  const origin = `http://127.0.0.1:${front.port}`;
  const idp = await startIdp({ redirectUris: [`${origin}/oauth2/callback`], postLogoutRedirectUris: [`${origin}/`] });
  stops.push(() => idp.stop());
  const backend = await echoBackend();
  stops.push(() => backend.close());
  const redis = redisInstalled() ? await startRedis() : null;
  if (redis) stops.push(() => redis.stop());

  const workDir = prepareWorkDir();
  stops.push(() => rmSync(workDir, { recursive: true, force: true }));
  const env = demoEnv(idp.issuer, idp.client.id, idp.client.secret, backend.url, redis);
  const replicas: RunningTraefik[] = [];
  for (let i = 0; i < REPLICAS; i++) {
    const replica = await startTraefik({
      configFile: join(workDir, "traefik.yml"), workDir, env,
      log: (line) => console.log(`[replica ${i + 1}] ${line}`),
    });
    stops.push(() => replica.close());
    replicas.push(replica);
  }
  let turn = 0;
  front.serve((req, res) => relay(req, res, replicas[turn++ % REPLICAS].entryPoints.web.url));

  console.log(`\nOpen ${origin}/ and sign in as ${USER.login} / ${USER.password}.`);
  console.log(`Each request goes to the next of ${REPLICAS} replicas (examples/file-provider/ in the shim), ` +
    (redis ? `sharing Redis on 127.0.0.1:${redis.port} in hybrid mode.` : "in memory mode (no redis-server installed): sessions live in sealed cookies."));
  console.log(`Identity provider: ${idp.issuer}; echo backend: ${backend.url}; health: ${origin}/.well-known/oidc-health`);
  console.log("Ctrl-C stops everything this demo started.");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, async () => {
      await stopAll();
      process.exit(0);
    });
  }
}

// Traefik's working directory: the example's static configuration with the replica's own free port, its dynamic
// file unchanged, and the plugin where experimental.localPlugins looks for it.
function prepareWorkDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "oidc-demo-"));
  const staticConfig = parse(readFileSync(join(EXAMPLE, "traefik.yml"), "utf8"));
  staticConfig.entryPoints.web.address = "127.0.0.1:0";
  writeFileSync(join(dir, "traefik.yml"), stringify(staticConfig));
  copyFileSync(join(EXAMPLE, "dynamic.yml"), join(dir, "dynamic.yml"));
  const pluginDir = join(dir, "plugins-local", "src", MODULE_NAME);
  mkdirSync(pluginDir, { recursive: true });
  copyFileSync("plugin.wasm", join(pluginDir, "plugin.wasm"));
  copyFileSync(".traefik.yml", join(pluginDir, ".traefik.yml"));
  return dir;
}

function demoEnv(issuer: string, clientId: string, secret: string, backend: string, redis: RedisServer | null): NodeJS.ProcessEnv {
  return {
    OIDC_PROVIDER_URL: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: secret,
    OIDC_SESSION_KEY: randomBytes(48).toString("base64"), BACKEND_URL: backend,
    ...(redis ? { REDIS_ENABLED: "true", REDIS_ADDRESS: `127.0.0.1:${redis.port}`, REDIS_CACHE_MODE: "hybrid" } : {}),
  };
}

function redisInstalled(): boolean {
  return spawnSync(process.env.REDIS_SERVER ?? "redis-server", ["--version"]).status === 0;
}

// The front listens before anything else starts, so a taken port fails at once; requests are served once the
// replicas are up.
async function listenFront(wanted: number): Promise<{ server: Server; port: number; serve(h: Parameters<typeof createServer>[1]): void }> {
  let handler: Parameters<typeof createServer>[1] | null = null;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else { res.writeHead(503); res.end("starting\n"); }
  });
  await new Promise<void>((resolve, reject) => { server.once("error", reject); server.listen(wanted, "127.0.0.1", resolve); });
  return { server, port: (server.address() as AddressInfo).port, serve: (h) => { handler = h; } };
}
