// TLS servers for the guest's TLS client to talk to (test/host/tls.test.ts, bench/tls.bench.ts): `openssl s_server`
// from Debian's openssl 3.0 as a child process (its stdin takes commands such as "K" for a KeyUpdate, its stdout
// shows what it received), Node's own tls server, and raw TCP peers that misbehave on purpose.

import { spawn } from "node:child_process";
import net from "node:net";
import tls from "node:tls";
import { closedPort } from "./peers.js";

const START_MS = 10_000;

/** OpensslServer is one running `openssl s_server`; close() kills it and waits for it to exit. */
export interface OpensslServer {
  port: number;
  /** output is everything the server printed on stdout and stderr so far. */
  output(): string;
  /** command writes one line to the server's stdin (s_server sends it, or runs it as a command such as "K"). */
  command(line: string): void;
  /** waitFor resolves once the output matches pattern, and rejects after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * opensslServer starts `openssl s_server -accept 127.0.0.1:<free port> -cert certPath -key keyPath ...args` in cwd
 * (where -WWW serves files from) and resolves once it accepts connections. It retries on another port if the one
 * picked was taken meanwhile.
 */
export async function opensslServer(certPath: string, keyPath: string, args: string[], cwd?: string): Promise<OpensslServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await closedPort();
    const child = spawn("openssl", ["s_server", "-accept", `127.0.0.1:${port}`, "-cert", certPath, "-key", keyPath, ...args],
      { stdio: ["pipe", "pipe", "pipe"], cwd });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => { out += d.toString("latin1"); });
    child.stderr!.on("data", (d: Buffer) => { out += d.toString("latin1"); });
    child.stdin!.on("error", () => undefined);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const server: OpensslServer = {
      port,
      output: () => out,
      command: (line) => { child.stdin!.write(line + "\n"); },
      waitFor: (pattern, timeoutMs = START_MS) => waitFor(() => out, pattern, timeoutMs, exited),
      close: async () => { child.kill("SIGTERM"); await exited; },
    };
    try {
      await server.waitFor(/ACCEPT/);
      return server;
    } catch (err) {
      await server.close();
      if (attempt >= 3 || !/in use/i.test(out)) throw new Error(`openssl s_server did not start: ${(err as Error).message}\n${out}`);
    }
  }
}

/** NodeServer is a node:tls server on a loopback port, with the sockets it accepted. */
export interface NodeServer { port: number; sockets: Set<tls.TLSSocket>; close(): Promise<void> }

/** nodeTlsServer serves options (TLS 1.3 only unless options say otherwise) with onSecure for each connection. */
export async function nodeTlsServer(options: tls.TlsOptions, onSecure: (s: tls.TLSSocket) => void): Promise<NodeServer> {
  const sockets = new Set<tls.TLSSocket>();
  const srv = tls.createServer({ minVersion: "TLSv1.3", ...options }, (s) => {
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
    onSecure(s);
  });
  srv.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve, reject) => { srv.once("error", reject); srv.listen(0, "127.0.0.1", resolve); });
  const port = (srv.address() as net.AddressInfo).port;
  return {
    port, sockets,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); srv.close(() => resolve()); }),
  };
}

/** RawPeer is a plain TCP server whose behaviour a test scripts per connection. */
export interface RawPeer { port: number; received: Buffer[]; close(): Promise<void> }

/** rawPeer calls onConnection for each accepted socket; received collects what each connection sent first. */
export async function rawPeer(onConnection: (s: net.Socket, firstData: Buffer) => void): Promise<RawPeer> {
  const sockets = new Set<net.Socket>();
  const received: Buffer[] = [];
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
    s.once("data", (d: Buffer) => { received.push(d); onConnection(s, d); });
  });
  await new Promise<void>((resolve, reject) => { srv.once("error", reject); srv.listen(0, "127.0.0.1", resolve); });
  const port = (srv.address() as net.AddressInfo).port;
  return {
    port, received,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); srv.close(() => resolve()); }),
  };
}

async function waitFor(text: () => string, pattern: RegExp, timeoutMs: number, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => { gone = true; });
  const deadline = performance.now() + timeoutMs;
  while (!pattern.test(text())) {
    if (gone) throw new Error(`the server exited before printing ${pattern}`);
    if (performance.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

