// jose.verify.*: RSA signature verification (assembly/crypto/rsa) in a release-built fixture guest
// (test/fixtures/guests/rsa_bench.ts), run in-process, against node:crypto.verify with the same key and token in
// the same run.
//
// The message is a JWS signing input of about 300 bytes (header.payload, as an ID token's), so each row measures
// what verifying a token's signature costs: the hash, the exponentiation and the padding check. The key is checked
// once outside the timing on both sides (rsaPublicKey; a KeyObject), as a JWKS cache would. Each guest export
// runs n verifications internally and we report time / n; guest and node:crypto rounds alternate, and each side
// reports its median round, so a busy neighbour on this shared machine slows both alike.
import { constants, generateKeyPairSync, sign, verify } from "node:crypto";
import { InProcessGuest, type GuestBuffers } from "../test/support/inprocess_guest.js";
import { pairedNsPerOp, row, type Row } from "./lib.js";

interface BenchExports extends GuestBuffers {
  key(nLen: number, ptr: number, len: number): number;
  verify_n(pss: number, hash: number, msgLen: number, ptr: number, len: number, n: number): number;
}

// Operations per round, and rounds per side; about 0.1 to 0.5 s per row on this machine.
const OPS = 50;

export async function bench(): Promise<Row[]> {
  const guest = await InProcessGuest.load<BenchExports>("rsa_bench");
  const message = signingInput();
  const measure = (name: string, bits: number, pss: boolean): Row => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: bits });
    const padding = pss ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : {};
    const signature = sign("sha256", message, { key: privateKey, ...padding });
    const jwk = publicKey.export({ format: "jwk" });
    const n = Buffer.from(jwk.n as string, "base64url"), e = Buffer.from(jwk.e as string, "base64url");
    if (guest.call(Buffer.concat([n, e]), (x, ptr, len) => x.key(n.length, ptr, len)) !== bits) {
      throw new Error(`${name}: the guest refused the key`);
    }
    const nodeKey = { key: publicKey, ...padding };
    const input = Buffer.concat([message, signature]);
    const [guestNs, nodeNs] = pairedNsPerOp(OPS, () => {
      const r = guest.call(input, (x, ptr, len) => x.verify_n(pss ? 1 : 0, 256, message.length, ptr, len, OPS));
      if (r !== OPS) throw new Error(`${name} failed in the guest: ${r}`);
    }, () => {
      for (let i = 0; i < OPS; i++) {
        if (!verify("sha256", message, nodeKey, signature)) throw new Error(`${name} failed in node:crypto`);
      }
    });
    return row(name, guestNs, "ns/op", "node:crypto verify", nodeNs);
  };
  return [
    measure("jose.verify.RS256.2048", 2048, false),
    measure("jose.verify.RS256.4096", 4096, false),
    measure("jose.verify.PS256.2048", 2048, true),
  ];
}

// signingInput is a JWS signing input of about 300 bytes: base64url(header) "." base64url(payload) of an ID token.
function signingInput(): Buffer {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const header = { alg: "RS256", typ: "JWT", kid: "bench-key-1" };
  const payload = {
    iss: "https://issuer.example.com", sub: "248289761001", aud: "traefik-oidc-wasm", nonce: "n-0S6_WzA2Mj",
    iat: 1700000000, exp: 1700003600, email: "alice@example.com",
  };
  return Buffer.from(`${b64(header)}.${b64(payload)}`);
}
