// Differential test of assembly/jose inside a real guest module (release build options, test/fixtures/guests/
// jose_probe.ts) against the `jose` package: for every algorithm the guest verifies, JOSE_TOKENS (default 1,000)
// JWTs signed by jose with freshly generated keys and random claims verify in the guest against a JWKS built with
// jose's exportJWK, and yield the same claims; the same tokens with one byte changed in header, payload or
// signature fail (and a sample of those fails in jose too). About a tenth of the tokens carry no kid and are
// verified against a set of that algorithm's keys only, through the kid-less path (select.ts).
// RSA keys are a pool of 2048, 3072 and 4096-bit keys shared by RS* and PS*; EC and Ed25519 keys are per curve.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPair, randomInt, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import * as jose from "jose";
import fc from "fast-check";
import { JOSE_ERR_NAMES, JoseErr, JoseGuest } from "../fuzz/jose_guest.js";

const TOKENS_PER_ALG = Math.max(1000, Number(process.env.JOSE_TOKENS ?? 1000));
const NOW = 1_800_000_000;
const ISSUER = "https://issuer.example";
const AUDIENCE = "client-1";
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const ALGS = [
  "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519",
] as const;
type Alg = (typeof ALGS)[number];

interface Key {
  kid: string;
  family: string;
  bits: number;
  privateKey: KeyObject | CryptoKey;
  jwk: jose.JWK;
}

let guest: JoseGuest;
const keys: Key[] = [];
let fullJwks: jose.JWK[] = [];
const stats = {
  verified: 0, kidless: 0, tampered: 0, joseRejected: 0, nonCanonical: 0, byCode: new Map<string, number>(),
};

// Which keys may sign each algorithm: the RSA pool for RS* and PS*, one curve's keys for ES*, Ed25519 for EdDSA.
function familyOf(alg: Alg): string {
  if (alg.startsWith("RS") || alg.startsWith("PS")) return "RSA";
  if (alg === "EdDSA" || alg === "Ed25519") return "Ed25519";
  return alg; // ES256, ES384, ES512: one curve each
}

before(async () => {
  guest = await JoseGuest.create();
  const rsa = promisify(generateKeyPair);
  const rsaBits = [2048, 2048, 3072, 4096];
  const rsaKeys = await Promise.all(rsaBits.map((bits) => rsa("rsa", { modulusLength: bits })));
  for (const [i, k] of rsaKeys.entries()) {
    const jwk = await jose.exportJWK(k.publicKey);
    keys.push({ kid: `rsa-${i}`, family: "RSA", bits: rsaBits[i], privateKey: k.privateKey, jwk });
  }
  for (const family of ["ES256", "ES384", "ES512", "Ed25519"]) {
    for (let i = 0; i < 3; i++) {
      const k = await jose.generateKeyPair(family, { extractable: true });
      const jwk = await jose.exportJWK(k.publicKey);
      // Optional members a provider may publish; each must still let the key verify its own algorithm.
      if (i === 0 && family !== "Ed25519") jwk.alg = family;
      if (i === 1) jwk.use = "sig";
      if (i === 2) jwk.key_ops = ["verify"];
      keys.push({ kid: `${family.toLowerCase()}-${i}`, family, bits: 0, privateKey: k.privateKey, jwk });
    }
  }
  fullJwks = keys.map((k) => ({ ...k.jwk, kid: k.kid }));
  guest.setOptions({ issuer: ISSUER, audience: AUDIENCE });
});

// Random claims around the registered ones the verifier checks: aud as a string or an array holding the client,
// times that pass at NOW, and up to six extra members of any JSON (valid Unicode: the guest refuses lone
// surrogates, which JSON.parse accepts).
const extraClaims = fc.dictionary(
  fc.string({ unit: "grapheme", maxLength: 12 }).filter((k) => !["iss", "aud", "exp", "nbf", "iat"].includes(k)),
  fc.jsonValue({ maxDepth: 2, stringUnit: "grapheme" }),
  { maxKeys: 6 },
);

function randomClaims(): jose.JWTPayload {
  const [extra] = fc.sample(extraClaims, 1);
  const claims: jose.JWTPayload = { ...extra, iss: ISSUER, exp: NOW + 1 + randomInt(1_000_000) };
  claims.aud = randomInt(3) === 0 ? ["api", AUDIENCE, `x${randomInt(100)}`] : AUDIENCE;
  if (randomInt(2) === 0) claims.iat = NOW - randomInt(3600);
  if (randomInt(3) === 0) claims.nbf = NOW - randomInt(60);
  if (randomInt(2) === 0) claims.sub = `user-${randomInt(1e9)}`;
  return claims;
}

// RSA tokens mostly use 2048-bit keys: 4096-bit signing costs jose ~8 ms, and the pool still covers every size.
function pickKey(alg: Alg, pool: Key[]): Key {
  if (familyOf(alg) !== "RSA") return pool[randomInt(pool.length)];
  const r = randomInt(100);
  const bits = r < 60 ? 2048 : r < 85 ? 3072 : 4096;
  const sized = pool.filter((k) => k.bits === bits);
  return sized[randomInt(sized.length)];
}

interface Signed { token: string; kid: boolean; key: Key }

async function signTokens(alg: Alg, count: number): Promise<Signed[]> {
  const pool = keys.filter((k) => k.family === familyOf(alg));
  const out: Promise<Signed>[] = [];
  for (let i = 0; i < count; i++) {
    const key = pickKey(alg, pool);
    const withKid = randomInt(10) !== 0;
    const header: jose.JWTHeaderParameters = { alg };
    if (withKid) header.kid = key.kid;
    if (randomInt(3) === 0) header.typ = ["JWT", "at+jwt", "application/jwt"][randomInt(3)];
    out.push(new jose.SignJWT(randomClaims()).setProtectedHeader(header).sign(key.privateKey)
      .then((token) => ({ token, kid: withKid, key })));
  }
  return Promise.all(out);
}

// The kid-less set for alg: that family's keys, at most three (select.ts tries at most four), one of them the signer.
function kidlessSet(alg: Alg, signer: Key): jose.JWK[] {
  const family = keys.filter((k) => k.family === familyOf(alg));
  const others = family.filter((k) => k !== signer).slice(0, 2);
  return [...others, signer].map((k) => ({ ...k.jwk, kid: k.kid }));
}

// One byte of one part changed: to another base64url character mostly, or to any other byte value.
function tamper(token: string): { bytes: Uint8Array; part: string } {
  const bytes = Buffer.from(token, "latin1");
  const dot1 = token.indexOf("."), dot2 = token.lastIndexOf(".");
  const parts: [string, number, number][] = [
    ["header", 0, dot1], ["payload", dot1 + 1, dot2], ["signature", dot2 + 1, token.length],
  ];
  const [part, from, to] = parts[randomInt(3)];
  const at = from + randomInt(to - from);
  const old = bytes[at];
  let v = old;
  while (v === old) v = randomInt(5) === 0 ? randomInt(256) : B64URL.charCodeAt(randomInt(64));
  bytes[at] = v;
  return { bytes, part };
}

// Whether changed is token with only the unused low bits of the signature's last character changed: the same
// signature in a second spelling, which RFC 4648 §3.5 lets a decoder refuse and the guest does (strict base64url),
// while jose (like Buffer) decodes it to the same bytes and accepts the token.
function nonCanonicalSpelling(token: string, changed: Uint8Array): boolean {
  const a = token.split("."), b = Buffer.from(changed).toString("latin1").split(".");
  if (b.length !== 3 || a[0] !== b[0] || a[1] !== b[1] || !/^[A-Za-z0-9_-]*$/.test(b[2])) return false;
  return Buffer.from(a[2], "base64url").equals(Buffer.from(b[2], "base64url"));
}

function count(code: number): void {
  const name = JOSE_ERR_NAMES[code] ?? `code ${code}`;
  stats.byCode.set(name, (stats.byCode.get(name) ?? 0) + 1);
}

for (const alg of ALGS) {
  const title = `${alg}: ${TOKENS_PER_ALG} jose-signed JWTs verify with the same claims; ` +
    "each with one byte changed fails";
  test(title, async () => {
    const signed = await signTokens(alg, TOKENS_PER_ALG);
    const withKid = signed.filter((s) => s.kid), kidless = signed.filter((s) => !s.kid);
    const loaded = guest.loadJwks({ keys: fullJwks });
    assert.equal(loaded.code, 0, loaded.text);
    const refusedKeys = loaded.text.split("\n").filter((line) => line !== "" && !line.includes(": OK "));
    assert.deepEqual(refusedKeys, [], "a generated key was refused");
    const rejections: Uint8Array[] = [];
    const check = (s: Signed): void => {
      const got = guest.verifyJwt(s.token, NOW);
      const how = `${s.key.kid}, ${s.kid ? "kid" : "no kid"}`;
      assert.equal(got.code, JoseErr.Ok, `${alg} (${how}) refused: ${got.text}\n  ${s.token}`);
      assert.deepEqual(JSON.parse(got.text), jose.decodeJwt(s.token), `claims differ for ${s.token}`);
      stats.verified++;
      const { bytes, part } = tamper(s.token);
      const bad = guest.verifyJwt(bytes, NOW);
      const text = Buffer.from(bytes).toString("latin1");
      assert.notEqual(bad.code, JoseErr.Ok, `${alg}: token with a changed ${part} byte verified:\n  ${text}`);
      assert.ok(bad.code in JOSE_ERR_NAMES, `unknown code ${bad.code}`);
      assert.notEqual(bad.code, JoseErr.OptionsInvalid);
      count(bad.code);
      stats.tampered++;
      if (nonCanonicalSpelling(s.token, bytes)) stats.nonCanonical++;
      else if (rejections.length < 20) rejections.push(bytes);
    };
    for (const s of withKid) check(s);
    for (const s of kidless) {
      const set = guest.loadJwks({ keys: kidlessSet(alg, s.key) });
      assert.equal(set.code, 0, set.text);
      check(s);
      stats.kidless++;
    }
    // A sample of the changed tokens, in jose: it must refuse them too.
    const jwks = jose.createLocalJWKSet({ keys: fullJwks });
    for (const bytes of rejections) {
      const options = { issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(NOW * 1000) };
      await assert.rejects(jose.jwtVerify(Buffer.from(bytes).toString("latin1"), jwks, options));
      stats.joseRejected++;
    }
  });
}

test("a signature spelled with non-zero unused bits: jose accepts it, the guest refuses it (strict base64url)", async () => {
  for (const alg of ["ES256", "EdDSA"] as const) {
    const key = keys.find((k) => k.family === familyOf(alg))!;
    const token = await new jose.SignJWT({ iss: ISSUER, aud: AUDIENCE, exp: NOW + 60 })
      .setProtectedHeader({ alg, kid: key.kid }).sign(key.privateKey);
    const last = B64URL.indexOf(token[token.length - 1]);
    const respelled = token.slice(0, -1) + B64URL[(last & ~15) | ((last + 1) & 15)]; // 64 bytes: 4 unused bits
    assert.ok(nonCanonicalSpelling(token, Buffer.from(respelled)));
    await jose.jwtVerify(respelled, jose.createLocalJWKSet({ keys: fullJwks }),
      { issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(NOW * 1000) });
    guest.loadJwks({ keys: fullJwks });
    const got = guest.verifyJwt(respelled, NOW);
    assert.equal(got.code, JoseErr.JwsInvalid, got.text);
    assert.ok(got.text.includes("ERR_ENCODING_TRAILING_BITS"), got.text);
  }
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const byCode = [...stats.byCode.entries()].sort().map(([k, v]) => `${k}:${v}`).join(" ");
  t.diagnostic(`${stats.verified} tokens verified (${stats.kidless} without kid), ${stats.tampered} changed tokens ` +
    `refused (${byCode}), ${stats.joseRejected} also refused by jose, ${stats.nonCanonical} non-canonical ` +
    `signature spellings that only the guest refuses; guest memory ${guest.memoryBytes() >> 10} KiB`);
  assert.ok(stats.verified >= ALGS.length * TOKENS_PER_ALG);
});
