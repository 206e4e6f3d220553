// tls.*: the guest TLS 1.3 client (assembly/tls) in the tls_probe guest, run through the real shim against a local
// `openssl s_server`; the reference is Node's own TLS client (node:tls, OpenSSL) against the same server in the
// same run. Handshake rows time TCP connect plus a full handshake with the chain verified against its root
// (reported by the guest itself, so the HTTP hop that carries each probe request is left out); the bulk row is
// the throughput of application data received over one established connection (AES-128-GCM).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import tls from "node:tls";
import { randomBytes } from "node:crypto";
import { loadMiddleware } from "../host-shim/index.js";
import { compileGuest } from "../test/support/guests.js";
import { send, serveMiddleware } from "../test/support/http.js";
import { type Issued, Pki } from "../test/support/pki.js";
import { opensslServer, type OpensslServer } from "../test/support/tls_servers.js";
import { row, type Row } from "./lib.js";

const HANDSHAKES = 40;
const BULK_BYTES = 16 << 20;
const BULK_ROUNDS = 3;

type Probe = (headers: Record<string, string>, trust: string) => Promise<Record<string, string>>;

export async function bench(): Promise<Row[]> {
  const pki = Pki.create();
  const mw = await loadMiddleware(await compileGuest("tls_probe"), { poolDrop: 0 });
  const server = await serveMiddleware(mw, "http://127.0.0.1:9");
  const servers: OpensslServer[] = [];
  const probe: Probe = async (headers, trust) => {
    const r = await send(server.url, { method: "POST", headers, body: trust });
    const h = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v ?? "")]));
    if (r.status !== 200 || h["x-tls-err"] !== "OK") throw new Error(`tls_probe: ${h["x-tls-err"]} ${h["x-tls-detail"]}`);
    return h;
  };
  try {
    const rsaRoot = pki.issue({ subject: "/CN=Bench RSA Root", ca: true, key: "rsa2048" });
    const rsaMid = pki.issue({ subject: "/CN=Bench RSA Intermediate", issuer: rsaRoot, ca: true, key: "rsa2048" });
    const rsaLeaf = pki.issue({ subject: "/CN=localhost", issuer: rsaMid, dns: ["localhost"], key: "rsa2048" });
    const ecRoot = pki.issue({ subject: "/CN=Bench P-256 Root", ca: true, key: "p256" });
    const ecMid = pki.issue({ subject: "/CN=Bench P-256 Intermediate", issuer: ecRoot, ca: true, key: "p256" });
    const ecLeaf = pki.issue({ subject: "/CN=localhost", issuer: ecMid, dns: ["localhost"], key: "p256" });
    writeFileSync(join(pki.dir, "bulk.bin"), randomBytes(BULK_BYTES));
    const start = async (leaf: Issued, mid: Issued, args: string[]): Promise<OpensslServer> => {
      const s = await opensslServer(leaf.certPath, leaf.keyPath, ["-cert_chain", pki.writeBundle(`${leaf.spec.key}.chain`, mid),
        "-tls1_3", ...args], pki.dir);
      servers.push(s);
      return s;
    };
    const rsa = await start(rsaLeaf, rsaMid, ["-www"]);
    const ec = await start(ecLeaf, ecMid, ["-www"]);
    const bulk = await start(ecLeaf, ecMid, ["-WWW"]);
    const [rsaGuest, rsaNode] = await handshakes(probe, rsa.port, rsaRoot);
    const [ecGuest, ecNode] = await handshakes(probe, ec.port, ecRoot);
    const [bulkGuest, bulkNode] = await throughput(probe, bulk.port, ecRoot);
    return [
      row("tls.handshake.rsa2048", rsaGuest, "us/handshake", "node:tls connect + handshake, RSA-2048 chain verified, same server", rsaNode),
      row("tls.handshake.p256", ecGuest, "us/handshake", "node:tls connect + handshake, P-256 chain verified, same server", ecNode),
      row("tls.bulk.decrypt", bulkGuest, "MB/s", "node:tls receiving the same 16 MiB, AES-128-GCM, same server", bulkNode),
    ];
  } finally {
    for (const s of servers) await s.close();
    await server.close();
    await mw.close();
    pki.cleanup();
  }
}

// Median microseconds of connect + handshake: the guest's own clock, then node's, alternating in rounds.
async function handshakes(probe: Probe, port: number, root: Issued): Promise<[number, number]> {
  const headers = { "x-tls": `127.0.0.1 ${port}`, "x-tls-name": "localhost" };
  const guest: number[] = [], node: number[] = [];
  for (let i = 0; i < 3; i++) { await probe(headers, root.certPem); await nodeHandshake(port, root); } // warm-up
  for (let i = 0; i < HANDSHAKES; i++) {
    const h = await probe(headers, root.certPem);
    guest.push(Number(h["x-tls-connect-us"]) + Number(h["x-tls-handshake-us"]));
    node.push(await nodeHandshake(port, root));
  }
  return [median(guest), median(node)];
}

function nodeHandshake(port: number, root: Issued): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const s = tls.connect({ host: "127.0.0.1", port, servername: "localhost", ca: [root.certPem], minVersion: "TLSv1.3" }, () => {
      const us = (performance.now() - start) * 1000;
      s.destroy();
      resolve(us);
    });
    s.on("error", reject);
  });
}

// Median MB/s receiving BULK_BYTES of a file s_server -WWW serves, from the request to the last byte.
async function throughput(probe: Probe, port: number, root: Issued): Promise<[number, number]> {
  const headers = { "x-tls": `127.0.0.1 ${port}`, "x-tls-name": "localhost", "x-tls-script": `http:/bulk.bin|drain:${BULK_BYTES}`,
    "x-tls-read-ms": "30000" };
  const guest: number[] = [], node: number[] = [];
  for (let i = 0; i < BULK_ROUNDS; i++) {
    const h = await probe(headers, root.certPem);
    guest.push(BULK_BYTES / Number(h["x-tls-drain-us"]));
    node.push(await nodeBulk(port, root));
  }
  return [median(guest), median(node)];
}

function nodeBulk(port: number, root: Issued): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: "127.0.0.1", port, servername: "localhost", ca: [root.certPem], minVersion: "TLSv1.3" }, () => {
      const start = performance.now();
      let got = 0;
      s.on("data", (d: Buffer) => {
        got += d.length;
        if (got >= BULK_BYTES) {
          const mbPerS = BULK_BYTES / ((performance.now() - start) * 1000);
          s.destroy();
          resolve(mbPerS);
        }
      });
      s.write("GET /bulk.bin HTTP/1.0\r\nHost: localhost\r\n\r\n");
    });
    s.on("error", reject);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
