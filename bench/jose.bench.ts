// jose.verify.jwt.*: a full compact JWT verification in the guest (test/fixtures/guests/jose_bench.ts: split,
// header JSON, alg, JWKS key selection by kid, signature, claims JSON and checks) against `jose.jwtVerify` with a
// local JWKS (createLocalJWKSet, which caches imported keys as the guest keeps parsed ones), same token, same run.
//
// The guest runs OPS verifications per call and we report time / OPS; jose's side awaits OPS verifications per
// round. Rounds alternate and each side reports its median round, so a busy neighbour slows both alike.
import { generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import * as jose from "jose";
import { InProcessGuest, type GuestBuffers } from "../test/support/inprocess_guest.js";
import { row, type Row } from "./lib.js";

interface BenchExports extends GuestBuffers {
  load_jwks(ptr: number, len: number): number;
  verify_jwt_n(now: bigint, ptr: number, len: number, n: number): number;
}

const OPS = 100;
const ROUNDS = 15;
const NOW = 1_800_000_000;
const ISSUER = "https://issuer.example";
const AUDIENCE = "client-1";

export async function bench(): Promise<Row[]> {
  const guest = await InProcessGuest.load<BenchExports>("jose_bench");
  const { publicKey, privateKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  // A provider-like set: the signing key among two others, selected by kid.
  const others = await Promise.all([0, 1].map(() => promisify(generateKeyPair)("rsa", { modulusLength: 2048 })));
  const keys = [
    { ...(await jose.exportJWK(others[0].publicKey)), kid: "old", use: "sig", alg: "RS256" },
    { ...(await jose.exportJWK(publicKey)), kid: "current", use: "sig", alg: "RS256" },
    { ...(await jose.exportJWK(others[1].publicKey)), kid: "next", use: "sig", alg: "RS256" },
  ];
  if (guest.call(new TextEncoder().encode(JSON.stringify({ keys })), (x, p, l) => x.load_jwks(p, l)) !== 1) {
    throw new Error("the guest refused the JWKS");
  }
  // ID-token-like claims, about 400 bytes of token.
  const claims = { sub: "248289761001", nonce: "n-0S6_WzA2Mj", email: "jane@example.com", name: "Jane Doe" };
  const token = await new jose.SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "current", typ: "JWT" })
    .setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt(NOW - 5).setExpirationTime(NOW + 3600).sign(privateKey);
  const input = new TextEncoder().encode(token);
  const localJwks = jose.createLocalJWKSet({ keys });
  const options = { issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(NOW * 1000), algorithms: ["RS256"] };
  const [guestNs, joseNs] = await pairedAsync(() => {
    const verified = guest.call(input, (x, p, l) => x.verify_jwt_n(BigInt(NOW), p, l, OPS));
    if (verified !== 1) throw new Error("guest did not verify");
  }, async () => {
    for (let i = 0; i < OPS; i++) await jose.jwtVerify(token, localJwks, options);
  });
  return [row("jose.verify.jwt.RS256.2048", guestNs, "ns/op", "jose.jwtVerify (createLocalJWKSet)", joseNs)];
}

// pairedAsync is lib.ts's pairedNsPerOp for a reference side that awaits.
async function pairedAsync(a: () => void, b: () => Promise<void>): Promise<[number, number]> {
  for (let i = 0; i < 3; i++) { a(); await b(); }
  const ta: number[] = [], tb: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let start = process.hrtime.bigint();
    a();
    ta.push(Number(process.hrtime.bigint() - start) / OPS);
    start = process.hrtime.bigint();
    await b();
    tb.push(Number(process.hrtime.bigint() - start) / OPS);
  }
  return [median(ta), median(tb)];
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}
