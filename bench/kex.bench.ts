// crypto.x25519.shared and crypto.p256.ecdh.shared: one key-exchange shared secret (assembly/crypto/x25519.ts,
// ecdh_p256.ts) in a release-built fixture guest (test/fixtures/guests/kex_probe.ts) in-process, against
// node:crypto on the same private key and peer key in the same run: diffieHellman for X25519, ECDH.computeSecret
// for P-256. Both sides hold their private key already parsed, as a TLS client does between sending its key share
// and reading the server's. The guest takes the peer's key as raw bytes and decodes (and for P-256 validates) it
// in each operation; so does ECDH.computeSecret. For X25519 node gets the peer's key as a KeyObject made once:
// building one from raw bytes (createPublicKey) costs node 2 to 3 times the exchange itself, which would measure
// node's key import rather than X25519.
//
// As in ecdsa.bench.ts, the guest export repeats the operation OPS times internally and we report time / OPS,
// guest and node:crypto rounds alternate, and each side reports its median round.
import { createECDH, diffieHellman, generateKeyPairSync } from "node:crypto";
import { InProcessGuest, type GuestBuffers } from "../test/support/inprocess_guest.js";
import { pairedNsPerOp, row, type Row } from "./lib.js";

interface BenchExports extends GuestBuffers {
  x25519_shared_n(n: number, ptr: number, len: number): number;
  p256_create(ptr: number, len: number): number;
  p256_shared_n(n: number, ptr: number, len: number): number;
}

// Operations per round, for about 0.2 to 0.5 s per row on this machine.
const X25519_OPS = 20;
const P256_OPS = 10;

// warmUp runs fn for WARM_UP_MS first: V8 starts wasm in its baseline compiler and swaps in optimized code from a
// background thread, which on this busy 2-core machine sometimes lands after pairedNsPerOp's five warm-up calls.
const WARM_UP_MS = 300;
function warmUp(fn: () => void): () => void {
  const end = performance.now() + WARM_UP_MS;
  while (performance.now() < end) fn();
  return fn;
}

export async function bench(): Promise<Row[]> {
  const guest = await InProcessGuest.load<BenchExports>("kex_probe");
  return [x25519Row(guest), p256Row(guest)];
}

function x25519Row(guest: InProcessGuest<BenchExports>): Row {
  const ours = generateKeyPairSync("x25519"), peer = generateKeyPairSync("x25519");
  const scalar = ours.privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32);
  const peerRaw = peer.publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const input = Buffer.concat([scalar, peerRaw]);
  const [guestNs, nodeNs] = pairedNsPerOp(X25519_OPS, warmUp(() => {
    const r = guest.call(input, (g, ptr, len) => g.x25519_shared_n(X25519_OPS, ptr, len));
    if (r !== 0) throw new Error(`x25519_shared_n failed in the guest: ${r}`);
  }), () => {
    for (let i = 0; i < X25519_OPS; i++) diffieHellman({ privateKey: ours.privateKey, publicKey: peer.publicKey });
  });
  return row("crypto.x25519.shared", guestNs / 1000, "us/op", "node:crypto diffieHellman (x25519 KeyObjects)",
    nodeNs / 1000);
}

function p256Row(guest: InProcessGuest<BenchExports>): Row {
  const ours = createECDH("prime256v1"), peer = createECDH("prime256v1");
  ours.generateKeys();
  peer.generateKeys();
  const d = Buffer.from(ours.getPrivateKey().toString("hex").padStart(64, "0"), "hex");
  if (guest.call(d, (g, ptr, len) => g.p256_create(ptr, len)) !== 0) throw new Error("p256_create failed");
  const peerKey = peer.getPublicKey();
  const [guestNs, nodeNs] = pairedNsPerOp(P256_OPS, warmUp(() => {
    const r = guest.call(peerKey, (g, ptr, len) => g.p256_shared_n(P256_OPS, ptr, len));
    if (r !== 0) throw new Error(`p256_shared_n failed in the guest: ${r}`);
  }), () => {
    for (let i = 0; i < P256_OPS; i++) ours.computeSecret(peerKey);
  });
  return row("crypto.p256.ecdh.shared", guestNs / 1000, "us/op", "node:crypto ECDH.computeSecret", nodeNs / 1000);
}
