// Fuzzes the JOSE layer inside a real guest module (release build options, test/fixtures/guests/jose_probe.ts):
// random and mutated tokens through verifyJwt against a JWKS of real keys, random and mutated JWKS documents
// through parseJwks and key selection, and claims sets through verifyClaims and every claims.ts helper. Every
// input must (1) never trap, (2) end with a code its path can produce, (3) verify only if it is one of the validly
// signed seed tokens, byte for byte.
// FUZZ_RUNS (default 100000) is the total across generators; FUZZ_SEED replays one run.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { constants, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import fc from "fast-check";
import { JOSE_ERR_NAMES, JoseErr, JoseGuest, toHex } from "./jose_guest.js";
import {
  b64Soup, claimSets, mutatedJwks, mutatedTokens, randomBytes, structuredJwks, structuredTokens, type Corpus,
} from "./jose_arbitraries.js";

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 100000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const NOW = 1_800_000_000;

let guest: JoseGuest;
let corpus: Corpus;
let seeds: Set<string>;
const codes = new Map<string, number>();
let inputs = 0;

// Seed tokens per algorithm: mostly the cheap ones to verify, since a mutated signature costs a full verification.
const SEED_PLAN: [string, string, number][] = [
  ["RS256", "rsa", 12], ["PS256", "rsa", 6], ["RS512", "rsa", 4], ["ES256", "p256", 10], ["ES384", "p384", 3],
  ["ES512", "p521", 2], ["EdDSA", "ed", 10], ["Ed25519", "ed", 3],
];

before(async () => {
  guest = await JoseGuest.create();
  const keys: Record<string, { kid: string; privateKey: KeyObject; jwk: object }> = {};
  const add = (name: string, pair: { publicKey: KeyObject; privateKey: KeyObject }): void => {
    const kid = `${name}-kid`;
    keys[name] = { kid, privateKey: pair.privateKey, jwk: { ...pair.publicKey.export({ format: "jwk" }), kid } };
  };
  add("rsa", generateKeyPairSync("rsa", { modulusLength: 2048 }));
  add("p256", generateKeyPairSync("ec", { namedCurve: "P-256" }));
  add("p384", generateKeyPairSync("ec", { namedCurve: "P-384" }));
  add("p521", generateKeyPairSync("ec", { namedCurve: "P-521" }));
  add("ed", generateKeyPairSync("ed25519"));
  const tokens: string[] = [];
  for (const [alg, name, n] of SEED_PLAN) {
    for (let i = 0; i < n; i++) {
      const header = i % 4 === 3 ? { alg } : { alg, kid: keys[name].kid }; // some kid-less: each alg has one key
      const aud = i % 2 ? "client-1" : ["client-1", "x"];
      const claims = { iss: "https://issuer.example", aud, exp: NOW + 600, n: i };
      tokens.push(signToken(alg, keys[name].privateKey, header, claims));
    }
  }
  const jwks = JSON.stringify({ keys: Object.values(keys).map((k) => k.jwk) });
  corpus = { tokens, jwks, kids: Object.values(keys).map((k) => k.kid) };
  seeds = new Set(tokens);
  assert.equal(guest.loadJwks(jwks).code, 0);
  guest.setOptions({ issuer: "https://issuer.example", audience: "client-1" });
  for (const t of tokens) assert.equal(guest.verifyJwt(t, NOW).code, JoseErr.Ok, `seed token refused: ${t}`);
});

function signToken(alg: string, key: KeyObject, header: object, claims: object): string {
  const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString("base64url");
  const input = `${b64(header)}.${b64(claims)}`;
  const hash = alg === "EdDSA" || alg === "Ed25519" ? null : `sha${alg.slice(2)}`;
  const options = alg.startsWith("PS") ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
    : alg.startsWith("ES") ? { key, dsaEncoding: "ieee-p1363" as const } : key;
  return `${input}.${sign(hash, Buffer.from(input), options).toString("base64url")}`;
}

function tally(kind: string, code: number): void {
  const name = `${kind}:${JOSE_ERR_NAMES[code] ?? code}`;
  codes.set(name, (codes.get(name) ?? 0) + 1);
  inputs++;
}

/** checkToken verifies one token; a trap throws GuestTrap (with the input) out of the property. */
function checkToken(input: Uint8Array): void {
  const got = guest.verifyJwt(input, NOW);
  tally("token", got.code);
  assert.ok(got.code in JOSE_ERR_NAMES && got.code !== JoseErr.OptionsInvalid && got.code !== JoseErr.JwksInvalid,
    `unexpected code ${got.code} for ${toHex(input)}`);
  if (got.code === JoseErr.Ok) {
    assert.ok(seeds.has(Buffer.from(input).toString("latin1")), `a token that is not a seed verified: ${toHex(input)}`);
  }
}

function checkJwks(input: Uint8Array): void {
  const code = guest.fuzzJwks(input);
  tally("jwks", code);
  assert.ok(code === JoseErr.Ok || code === JoseErr.JwksInvalid, `unexpected code ${code} for JWKS ${toHex(input)}`);
}

function runs(share: number): number {
  return Math.max(1, Math.round(TOTAL_RUNS * share));
}

function fuzz(name: string, share: number, arb: () => fc.Arbitrary<Uint8Array>, check: (b: Uint8Array) => void): void {
  test(`${name} (${runs(share)} runs)`, () => {
    fc.assert(fc.property(arb(), (input) => { check(input); }), { numRuns: runs(share), seed: SEED });
  });
}

test("seed tokens and fixed edge cases", () => {
  for (const t of corpus.tokens) checkToken(Buffer.from(t, "latin1"));
  for (const s of ["", ".", "..", "...", "a.b.c", "e30.e30.", "e30.e30.e30", "eyJhbGciOiJub25lIn0.e30."]) {
    checkToken(Buffer.from(s));
  }
  checkToken(new Uint8Array(1 << 20).fill(0x41));
  checkToken(new Uint8Array(16384).fill(0x2e));
  for (const s of ["", "{}", "[]", "{\"keys\":null}", "{\"keys\":[{}]}", "{\"keys\":[[[[[[[[[]]]]]]]]]}"]) {
    checkJwks(Buffer.from(s));
  }
  checkJwks(Buffer.from(`{"keys":[${"{},".repeat(100000)}{}]}`));
});

function checkClaims(input: Uint8Array): void {
  const code = guest.fuzzClaims(input, NOW);
  tally("claims", code);
  const allowed: number[] = [JoseErr.Ok, JoseErr.JwtInvalid, JoseErr.JwtExpired, JoseErr.ClaimInvalid];
  assert.ok(allowed.includes(code), `unexpected code ${code} for claims ${toHex(input)}`);
}

fuzz("random bytes as tokens", 0.08, () => randomBytes, checkToken);
fuzz("base64url soup as tokens", 0.11, () => b64Soup, checkToken);
fuzz("structured tokens with hostile headers", 0.2, () => structuredTokens(corpus), checkToken);
fuzz("mutated validly signed tokens", 0.3, () => mutatedTokens(corpus), checkToken);
fuzz("structured JWKS documents", 0.12, () => structuredJwks, checkJwks);
fuzz("mutated real JWKS documents", 0.11, () => mutatedJwks(corpus), checkJwks);

test(`claims sets as verified payloads, with typ, maxAge and skew set (${runs(0.08)} runs)`, () => {
  const strict = { typ: "at+jwt", maxAge: 3600, clockSkew: 30 };
  guest.setOptions({ issuer: "https://issuer.example", audience: "client-1", ...strict });
  try {
    fc.assert(fc.property(claimSets(NOW), (input) => { checkClaims(input); }), { numRuns: runs(0.08), seed: SEED });
  } finally {
    guest.setOptions({ issuer: "https://issuer.example", audience: "client-1" });
  }
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const by = [...codes.entries()].sort().map(([k, v]) => `${k}=${v}`).join(" ");
  t.diagnostic(`${inputs} inputs, no trap; ${by}; guest memory ${guest.memoryBytes() >> 10} KiB`);
  if (TOTAL_RUNS >= 100000) assert.ok(inputs >= 100000, `only ${inputs} inputs`);
});
