// crypto.aesgcm*: AES-GCM (assembly/crypto/gcm.ts) sealing and opening one 16 KiB TLS record, in a release-built
// fixture guest (test/fixtures/guests/aes_probe.ts) run in-process, against node:crypto doing the same in the same
// run. node:crypto is OpenSSL with AES-NI and PCLMULQDQ; the guest is constant-time bitsliced AES and a GHASH
// built from integer multiplications, since WebAssembly has neither instruction. As in crypto.bench.ts, each
// guest call runs n operations (one key schedule, then n seals or opens) and rounds alternate with node's.
import { createCipheriv, createDecipheriv } from "node:crypto";
import { InProcessGuest, type GuestBuffers } from "../test/support/inprocess_guest.js";
import { pairedNsPerOp, pattern, row, type Row } from "./lib.js";

interface BenchExports extends GuestBuffers {
  seal_n(keyLen: number, ptr: number, len: number, n: number): number;
  open_n(keyLen: number, ptr: number, len: number, n: number): number;
}

// Operations per round: about 2 to 5 ms of guest time per round on this machine.
const OPS = 40;
const RECORD = 16384;
// The nonce and associated data the guest uses (aes_probe.ts): bytes i*5+2, and a TLS 1.3 record header.
const NONCE = pattern(12, 5, 2);
const AAD = Uint8Array.of(0x17, 0x03, 0x03, 0x40, 0x10);

export async function bench(): Promise<Row[]> {
  const guest = await InProcessGuest.load<BenchExports>("aes_probe");
  const record = pattern(RECORD, 131, 7);
  const measure = (name: string, keyBytes: number, fn: "seal_n" | "open_n"): Row => {
    const key = pattern(keyBytes, 7, 1);
    const alg = `aes-${keyBytes * 8}-gcm`;
    const input = new Uint8Array(keyBytes + RECORD);
    input.set(key);
    input.set(record, keyBytes);
    const sealed = nodeSeal(alg, key, record);
    const nodeOp = fn === "seal_n" ? () => nodeSeal(alg, key, record) : () => nodeOpen(alg, key, sealed);
    const [guestNs, nodeNs] = pairedNsPerOp(OPS, () => {
      const r = guest.call(input, (x, ptr, len) => x[fn](keyBytes, ptr, len, OPS));
      if (r < 0) throw new Error(`${fn} failed in the guest: ${r}`);
    }, () => {
      for (let i = 0; i < OPS; i++) nodeOp();
    });
    const reference = `node:crypto ${fn === "seal_n" ? "createCipheriv" : "createDecipheriv"} ${alg}`;
    return row(name, guestNs, "ns/op", reference, nodeNs);
  };
  return [
    measure("crypto.aesgcm128.seal.16k", 16, "seal_n"),
    measure("crypto.aesgcm128.open.16k", 16, "open_n"),
    measure("crypto.aesgcm256.open.16k", 32, "open_n"),
  ];
}

function nodeSeal(alg: string, key: Uint8Array, plaintext: Uint8Array): Buffer {
  const c = createCipheriv(alg as "aes-128-gcm", key, NONCE, { authTagLength: 16 });
  c.setAAD(AAD);
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

function nodeOpen(alg: string, key: Uint8Array, sealed: Buffer): Buffer {
  const d = createDecipheriv(alg as "aes-128-gcm", key, NONCE, { authTagLength: 16 });
  d.setAAD(AAD);
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
}
