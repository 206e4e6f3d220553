// jose.verify.EdDSA: Ed25519 verification (assembly/crypto/ed25519.ts) in a release-built fixture guest
// (test/fixtures/guests/ed25519_bench.ts), run in-process, against node:crypto verifying the same signature with
// the same key in the same run.
//
// As in crypto.bench.ts, each guest export runs n verifications internally and we report time / n, and guest and
// node:crypto rounds alternate, each side reporting its median round. The message is about the size of a JWS
// signing input (base64url header and claims, ~300 bytes). The guest decodes the key once per round, as the
// middleware keeps decoded JWKS keys; node:crypto gets a KeyObject made once, its equivalent.
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { InProcessGuest, type GuestBuffers } from "../test/support/inprocess_guest.js";
import { pairedNsPerOp, pattern, row, type Row } from "./lib.js";
import { concat } from "../test/support/bytes.js";

interface BenchExports extends GuestBuffers {
  verify_n(ptr: number, len: number, n: number): number;
  decode_verify_n(ptr: number, len: number, n: number): number;
}
type Export = "verify_n" | "decode_verify_n";

// Operations per round, and rounds per side; about 1 to 2 s per row on this machine.
const OPS = 40;

export async function bench(): Promise<Row[]> {
  const guest = await InProcessGuest.load<BenchExports>("ed25519_bench");
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const message = pattern(300, 131, 7);
  const signature = sign(null, message, privateKey);
  const x = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  const input = concat(x, signature, message);
  const measure = (name: string, fn: Export, ref: string, nodeOp: () => boolean): Row => {
    const [guestNs, nodeNs] = pairedNsPerOp(OPS, () => {
      const r = guest.call(input, (g, ptr, len) => g[fn](ptr, len, OPS));
      if (r !== 1) throw new Error(`${fn} did not verify in the guest: ${r}`);
    }, () => {
      for (let i = 0; i < OPS; i++) if (!nodeOp()) throw new Error("node:crypto did not verify");
    });
    return row(name, guestNs, "ns/op", ref, nodeNs);
  };
  const jwkKey = (): KeyObject => createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: x.toString("base64url") }, format: "jwk" });
  return [
    measure("jose.verify.EdDSA", "verify_n", "node:crypto verify (KeyObject made once)",
      () => verify(null, message, publicKey, signature)),
    measure("jose.verify.EdDSA.newkey", "decode_verify_n", "node:crypto createPublicKey (JWK) + verify",
      () => verify(null, message, jwkKey(), signature)),
  ];
}
