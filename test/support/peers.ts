// Misbehaving network peers for tests: a port nobody listens on, and a listener whose accept queue is full.

import net from "node:net";
import { Worker } from "node:worker_threads";

const LOOPBACK = "127.0.0.1";

/** closedPort returns a loopback port that was free a moment ago: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, LOOPBACK, resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** FullBacklog is a listener that accepts nothing; release() lets it go, close() also ends its worker. */
export interface FullBacklog { port: number; release(): void; close(): Promise<void> }

/**
 * fullBacklog listens with backlog 1 in a worker whose event loop then blocks, so nothing is ever accepted: the
 * kernel queues the connections made here and drops the SYNs of any later one, which then cannot complete.
 */
export async function fullBacklog(): Promise<FullBacklog> {
  const gate = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(`
    const { parentPort, workerData } = require("node:worker_threads");
    const srv = require("node:net").createServer();
    srv.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
      parentPort.postMessage(srv.address().port);
      Atomics.wait(workerData, 0, 0);
      srv.close();
    });`, { eval: true, workerData: gate });
  const port = await new Promise<number>((resolve, reject) => { worker.once("message", resolve); worker.once("error", reject); });
  const fillers: net.Socket[] = [];
  const release = (): void => { for (const s of fillers) s.destroy(); Atomics.store(gate, 0, 1); Atomics.notify(gate, 0); };
  // Connect until one connection stays pending: from then on the accept queue is full.
  for (let connected = true; connected && fillers.length < 16;) {
    const s = net.connect(port, LOOPBACK);
    s.on("error", () => undefined);
    fillers.push(s);
    connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      s.once("connect", () => { clearTimeout(timer); resolve(true); });
    });
  }
  return { port, release, close: async () => { release(); await worker.terminate(); } };
}
