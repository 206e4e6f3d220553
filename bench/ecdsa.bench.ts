// jose.verify.ES*: ECDSA verification in assembly/crypto/ecdsa.ts, run in a release-built fixture guest
// (test/fixtures/guests/ecdsa_bench.ts) in-process, against node:crypto.verify on the same key, message and
// signature in the same run. Both sides hash a 300-byte signing input and verify it, as a JWS verifier does per
// token; both hold the key already parsed (a KeyObject, an EcPublicKey).
//
// As in crypto.bench.ts, the guest export runs the verification OPS times internally and we report time / OPS,
// guest and node:crypto rounds alternate, and each side reports its median round.
import { generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { InProcessGuest, type GuestBuffers } from "../test/support/inprocess_guest.js";
import { pairedNsPerOp, row, type Row } from "./lib.js";

interface BenchExports extends GuestBuffers {
  verify_n(curve: number, xLen: number, msgLen: number, ptr: number, len: number, n: number): number;
}

// Verifications per round are set per curve (a P-521 verification costs
// ten times a P-256 one), for about 0.2 to 0.5 s per row on this machine.
// A signing input of a typical ID token's size: base64url header, a dot, base64url claims.
const MESSAGE = signingInput(300);

interface Case { name: string; curve: 256 | 384 | 521; namedCurve: string; hash: string; ops: number }
const CASES: Case[] = [
  { name: "jose.verify.ES256", curve: 256, namedCurve: "P-256", hash: "sha256", ops: 40 },
  { name: "jose.verify.ES384", curve: 384, namedCurve: "P-384", hash: "sha384", ops: 8 },
  { name: "jose.verify.ES512", curve: 521, namedCurve: "P-521", hash: "sha512", ops: 4 },
];

export async function bench(): Promise<Row[]> {
  const guest = await InProcessGuest.load<BenchExports>("ecdsa_bench");
  return CASES.map((c) => {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: c.namedCurve });
    const signature = sign(c.hash, MESSAGE, { key: privateKey, dsaEncoding: "ieee-p1363" });
    const { x, y } = coordinates(publicKey);
    const input = Buffer.concat([x, y, MESSAGE, signature]);
    const [guestNs, nodeNs] = pairedNsPerOp(c.ops, () => {
      const r = guest.call(input, (g, ptr, len) => g.verify_n(c.curve, x.length, MESSAGE.length, ptr, len, c.ops));
      if (r !== 1) throw new Error(`verify_n failed in the guest: ${r}`);
    }, () => {
      for (let i = 0; i < c.ops; i++) {
        if (!verify(c.hash, MESSAGE, { key: publicKey, dsaEncoding: "ieee-p1363" }, signature)) {
          throw new Error("node:crypto refused its own signature");
        }
      }
    });
    return row(c.name, guestNs / 1000, "us/op", "node:crypto verify (ieee-p1363)", nodeNs / 1000);
  });
}

// coordinates returns the key's x and y, big-endian and full length, as a JWK carries them.
function coordinates(key: KeyObject): { x: Buffer; y: Buffer } {
  const jwk = key.export({ format: "jwk" });
  return { x: Buffer.from(jwk.x!, "base64url"), y: Buffer.from(jwk.y!, "base64url") };
}

function signingInput(n: number): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = i === 36 ? 0x2e : alphabet.charCodeAt((i * 37 + 11) % 64);
  return out;
}
