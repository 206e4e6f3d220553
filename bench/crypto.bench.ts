// crypto.*: assembly/crypto in a release-built fixture guest (test/fixtures/guests/crypto_bench.ts), run in-process,
// against node:crypto doing the same operation in the same run.
//
// Each guest export runs the primitive n times internally and we report time / n. One JS->wasm call per operation
// would add the call and the copy of the input into guest memory (together a fair share of a 64-byte hash), which
// the middleware never pays: it calls these primitives from inside the guest. Guest and node:crypto rounds
// alternate, and each side reports its median round, so a busy neighbour on this shared machine slows both alike.
import { createCipheriv, createDecipheriv, createHash, createHmac } from "node:crypto";
import { InProcessGuest, type GuestBuffers } from "../test/support/inprocess_guest.js";
import { pairedNsPerOp, pattern, row, type Row } from "./lib.js";

interface BenchExports extends GuestBuffers {
  sha256_n(ptr: number, len: number, n: number): number;
  hmac256_n(ptr: number, len: number, n: number): number;
  hmac256_newkey_n(ptr: number, len: number, n: number): number;
  seal_n(ptr: number, len: number, n: number): number;
  open_n(ptr: number, len: number, n: number): number;
}
type Export = "sha256_n" | "hmac256_n" | "hmac256_newkey_n" | "seal_n" | "open_n";

// Operations per round, and rounds per side; about 0.1 to 1 s per row on this machine.
const OPS = 400;
// The key, nonce and associated data the guest uses (crypto_bench.ts): bytes i*7+1, i*5+2, i*3+3.
const KEY = pattern(32, 7, 1);
const NONCE = pattern(12, 5, 2);
const AAD = pattern(16, 3, 3);

export async function bench(): Promise<Row[]> {
  const guest = await InProcessGuest.load<BenchExports>("crypto_bench");
  const b64 = pattern(64, 131, 7), b1k = pattern(1024, 131, 7);
  const sealed = nodeSeal(b1k);
  const measure = (name: string, input: Uint8Array, fn: Export, ref: string, nodeOp: () => unknown): Row => {
    const [guestNs, nodeNs] = pairedNsPerOp(OPS, () => {
      const r = guest.call(input, (x, ptr, len) => x[fn](ptr, len, OPS));
      if (r < 0) throw new Error(`${fn} failed in the guest: ${r}`);
    }, () => {
      for (let i = 0; i < OPS; i++) nodeOp();
    });
    return row(name, guestNs, "ns/op", ref, nodeNs);
  };
  return [
    measure("crypto.sha256.64", b64, "sha256_n", "node:crypto createHash",
      () => createHash("sha256").update(b64).digest()),
    measure("crypto.sha256.1k", b1k, "sha256_n", "node:crypto createHash",
      () => createHash("sha256").update(b1k).digest()),
    measure("crypto.hmac256.64", b64, "hmac256_n", "node:crypto createHmac (keyed per call)",
      () => createHmac("sha256", KEY).update(b64).digest()),
    measure("crypto.hmac256.64.newkey", b64, "hmac256_newkey_n", "node:crypto createHmac",
      () => createHmac("sha256", KEY).update(b64).digest()),
    measure("crypto.aead.seal.1k", b1k, "seal_n", "node:crypto createCipheriv chacha20-poly1305", () => nodeSeal(b1k)),
    measure("crypto.aead.open.1k", b1k, "open_n", "node:crypto createDecipheriv chacha20-poly1305",
      () => nodeOpen(sealed)),
  ];
}

function nodeSeal(plaintext: Uint8Array): Buffer {
  const c = createCipheriv("chacha20-poly1305", KEY, NONCE, { authTagLength: 16 });
  c.setAAD(AAD, { plaintextLength: plaintext.length });
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

function nodeOpen(sealed: Buffer): Buffer {
  const d = createDecipheriv("chacha20-poly1305", KEY, NONCE, { authTagLength: 16 });
  d.setAAD(AAD, { plaintextLength: sealed.length - 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
}
