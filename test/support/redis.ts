// Starts a throwaway redis-server on a free loopback port for tests, and stops it. Readiness is polled with PING
// under a deadline; there are no fixed sleeps.

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";

const REDIS_BIN = process.env.REDIS_SERVER ?? "redis-server";
const START_DEADLINE_MS = 10_000;
const STOP_DEADLINE_MS = 5_000;

export interface RedisServer {
  port: number;
  /** stop kills the server and resolves once it has exited; calling it again is harmless. */
  stop(): Promise<void>;
}

/** Extra settings for startRedis; the defaults start an open server, as before. */
export interface RedisStartOptions {
  /** `--requirepass`: the default user's password. Readiness then counts a NOAUTH answer as up. */
  password?: string;
  /** More `redis-server` arguments, e.g. `["--user", "alice", "on", ">secret", "~*", "+@all"]`. */
  args?: string[];
  /** A port to reuse, e.g. to restart a server that a test stopped; a free one is chosen when absent. */
  port?: number;
  /** TLS only: the port speaks TLS with this certificate chain and key (PEM files); the plain port is off. */
  tls?: RedisTls;
}

/** RedisTls is a TLS-only server's certificate, key and the CA its own readiness check trusts (PEM files). */
export interface RedisTls { certPath: string; keyPath: string; caPath: string }

/**
 * startRedis spawns `redis-server` without persistence on 127.0.0.1 and a port the OS reported free, and resolves
 * once it answers PING. It rejects (and kills the process) if the server exits or misses the deadline.
 */
export async function startRedis(options: RedisStartOptions = {}): Promise<RedisServer> {
  const port = options.port ?? await freePort();
  const tlsOptions = options.tls;
  const args = tlsOptions === undefined ? ["--port", String(port)] : ["--port", "0", "--tls-port", String(port),
    "--tls-cert-file", tlsOptions.certPath, "--tls-key-file", tlsOptions.keyPath, "--tls-ca-cert-file", tlsOptions.caPath,
    "--tls-auth-clients", "no"];
  args.push("--bind", "127.0.0.1", "--save", "", "--appendonly", "no");
  if (options.password !== undefined) args.push("--requirepass", options.password);
  args.push(...(options.args ?? []));
  const child = spawn(REDIS_BIN, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_DEADLINE_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForPong(port, child, Date.now() + START_DEADLINE_MS, tlsOptions);
  } catch (err) {
    await stop();
    throw new Error(`redis-server did not start on port ${port}: ${(err as Error).message}\n${stderr}`);
  }
  return { port, stop };
}

// Binding port 0 lets the OS choose; the tiny window before redis binds it is acceptable for tests.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPong(port: number, child: ChildProcess, deadline: number, tlsOptions?: RedisTls): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    if (await pingOnce(port, tlsOptions)) return;
    if (Date.now() > deadline) throw new Error("no PONG before the deadline");
    // Back off on the event loop (not a fixed sleep): each retry is bounded by the overall deadline.
    await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** attempt, 100)));
  }
}

function pingOnce(port: number, tlsOptions?: RedisTls): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = tlsOptions === undefined ? net.connect({ host: "127.0.0.1", port })
      : tls.connect({ host: "127.0.0.1", port, ca: readFileSync(tlsOptions.caPath) });
    let reply = "";
    const done = (ok: boolean): void => { sock.destroy(); resolve(ok); };
    sock.setTimeout(1000, () => done(false));
    sock.once("error", () => done(false));
    sock.once(tlsOptions === undefined ? "connect" : "secureConnect", () => sock.write("PING\r\n"));
    sock.on("data", (d) => { reply += d.toString(); if (reply.includes("\r\n")) done(reply.startsWith("+PONG") || reply.startsWith("-NOAUTH")); });
  });
}
