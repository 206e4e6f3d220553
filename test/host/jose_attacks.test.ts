// The attack corpus of issue 5, run through the release-built jose_probe guest: every token here must be refused
// with its own code (and, where it matters, the reason in the message), never by a trap. Tokens whose attack lies
// past the signature are validly signed with node:crypto over hand-written bytes, since jose will not produce
// duplicate names, unknown crit or b64:false; so each one fails on the rule under test, not on its signature.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import {
  constants, createHash, createHmac, generateKeyPair, sign, type KeyObject,
} from "node:crypto";
import { promisify } from "node:util";
import { JOSE_ERR_NAMES, JoseErr, JoseGuest } from "../fuzz/jose_guest.js";

const NOW = 1_800_000_000;
const ISSUER = "https://issuer.example";
const AUDIENCE = "client-1";
const CLAIMS = JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: "u1", exp: NOW + 600, iat: NOW - 10 });

// Group orders n (FIPS 186-4 §D.1.2), for r and s at the edges of [1, n - 1].
const ORDER: Record<string, bigint> = {
  ES256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  ES384: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  ES512: BigInt("0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
    + "a51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409"),
};
const HALF: Record<string, number> = { ES256: 32, ES384: 48, ES512: 66 };

interface Pair { publicKey: KeyObject; privateKey: KeyObject; jwk: Record<string, unknown> }

let guest: JoseGuest;
const rsa: Pair[] = [];
const ec: Record<string, Pair> = {};
let ed: Pair;
let attacker: { rsa: Pair; ec: Pair; ed: Pair };
let refused = 0;

async function pair(type: "rsa" | "ec" | "ed25519", options: object = {}): Promise<Pair> {
  const generate = promisify(generateKeyPair);
  const { publicKey, privateKey } = await generate(type as "rsa", options as { modulusLength: number });
  return { publicKey, privateKey, jwk: publicKey.export({ format: "jwk" }) as Record<string, unknown> };
}

before(async () => {
  guest = await JoseGuest.create();
  const rsaKeys = await Promise.all([0, 1, 2, 3, 4, 5].map(() => pair("rsa", { modulusLength: 2048 })));
  rsa.push(...rsaKeys.slice(0, 5));
  for (const [alg, crv] of [["ES256", "P-256"], ["ES384", "P-384"], ["ES512", "P-521"]]) {
    ec[alg] = await pair("ec", { namedCurve: crv });
  }
  ed = await pair("ed25519");
  attacker = { rsa: rsaKeys[5], ec: await pair("ec", { namedCurve: "P-256" }), ed: await pair("ed25519") };
  guest.setOptions({ issuer: ISSUER, audience: AUDIENCE });
});

const b64 = (b: Uint8Array | string): string => Buffer.from(b).toString("base64url");
const withKid = (p: Pair, kid: string, extra: object = {}): object => ({ ...p.jwk, kid, ...extra });

/** signRaw signs the exact header and payload text with node:crypto, as alg requires. */
function signRaw(alg: string, key: KeyObject, header: string, payload: string = CLAIMS): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${b64(signature(alg, key, input))}`;
}

function signature(alg: string, key: KeyObject, input: string): Buffer {
  const hash = `sha${alg.slice(2)}`;
  if (alg.startsWith("RS")) return sign(hash, Buffer.from(input), key);
  if (alg.startsWith("PS")) {
    const saltLength = Number(alg.slice(2)) / 8;
    return sign(hash, Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
  }
  if (alg.startsWith("ES")) return sign(hash, Buffer.from(input), { key, dsaEncoding: "ieee-p1363" });
  return sign(null, Buffer.from(input), key);
}

/** refuse verifies token (string or bytes) against jwks and asserts the code and, if given, a part of the message. */
function refuse(what: string, jwks: object, token: string | Uint8Array, code: number, text?: string): void {
  const loaded = guest.loadJwks(jwks);
  assert.equal(loaded.code, 0, `${what}: JWKS refused: ${loaded.text}`);
  const got = guest.verifyJwt(token, NOW);
  assert.equal(got.code, code, `${what}: expected ${JOSE_ERR_NAMES[code]}, got ${got.text}`);
  if (text !== undefined) {
    assert.ok(got.text.includes(text), `${what}: message ${JSON.stringify(got.text)} lacks ${JSON.stringify(text)}`);
  }
  refused++;
}

function accept(what: string, jwks: object, token: string): void {
  const loaded = guest.loadJwks(jwks);
  assert.equal(loaded.code, 0, loaded.text);
  const got = guest.verifyJwt(token, NOW);
  assert.equal(got.code, JoseErr.Ok, `${what}: control token refused: ${got.text}`);
}

const one = (p: Pair, kid = "k1", extra: object = {}): object => ({ keys: [withKid(p, kid, extra)] });

test("control: the untouched tokens of this corpus verify", () => {
  accept("RS256", one(rsa[0]), signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"k1"}'));
  accept("PS384", one(rsa[0]), signRaw("PS384", rsa[0].privateKey, '{"alg":"PS384","kid":"k1"}'));
  for (const alg of ["ES256", "ES384", "ES512"]) {
    accept(alg, one(ec[alg]), signRaw(alg, ec[alg].privateKey, `{"alg":"${alg}","kid":"k1"}`));
  }
  accept("EdDSA", one(ed), signRaw("EdDSA", ed.privateKey, '{"alg":"EdDSA","kid":"k1"}'));
});

test("alg none and its case variants are refused, with or without a signature or kid", () => {
  for (const alg of ["none", "None", "NONE", "nOnE", "NonE", "noNE"]) {
    for (const header of [`{"alg":"${alg}"}`, `{"alg":"${alg}","kid":"k1"}`, `{"typ":"JWT","alg":"${alg}"}`]) {
      for (const sig of ["", b64("x"), b64(createHmac("sha256", "").update("x").digest())]) {
        const token = `${b64(header)}.${b64(CLAIMS)}.${sig}`;
        refuse(`alg ${alg}`, one(rsa[0]), token, JoseErr.AlgNotAllowed, "unsecured JWS");
      }
    }
  }
});

test("HS256/384/512 MACed with the RSA public key (n, the PEM, the JWK text) are refused", () => {
  const n = Buffer.from(rsa[0].jwk.n as string, "base64url");
  const pem = rsa[0].publicKey.export({ type: "spki", format: "pem" });
  const der = rsa[0].publicKey.export({ type: "spki", format: "der" });
  const pkcs1 = rsa[0].publicKey.export({ type: "pkcs1", format: "pem" });
  for (const bits of [256, 384, 512]) {
    for (const secret of [n, pem, der, pkcs1, JSON.stringify(rsa[0].jwk)]) {
      for (const header of [`{"alg":"HS${bits}"}`, `{"alg":"HS${bits}","kid":"k1"}`]) {
        const input = `${b64(header)}.${b64(CLAIMS)}`;
        const mac = createHmac(`sha${bits}`, secret).update(input).digest();
        refuse(`HS${bits}`, one(rsa[0]), `${input}.${b64(mac)}`, JoseErr.AlgNotAllowed, "HMAC");
      }
    }
  }
});

test("kid absent while several keys match: bounded tries, forged or too many keys refused", () => {
  const four = { keys: rsa.slice(0, 4).map((k, i) => withKid(k, `k${i}`)) };
  const five = { keys: rsa.map((k, i) => withKid(k, `k${i}`)) };
  accept("kid-less, signer among four", four, signRaw("RS256", rsa[3].privateKey, '{"alg":"RS256"}'));
  refuse("kid-less, signer among five", five, signRaw("RS256", rsa[3].privateKey, '{"alg":"RS256"}'),
    JoseErr.JwksMultipleMatchingKeys, "5 keys fit RS256 and the token has no kid; at most 4 are tried");
  refuse("kid-less, attacker key, four candidates", four, signRaw("RS256", attacker.rsa.privateKey, '{"alg":"RS256"}'),
    JoseErr.SignatureInvalid, "under each of the 4 keys that fit RS256");
  refuse("kid-less, attacker key, five candidates", five, signRaw("PS256", attacker.rsa.privateKey, '{"alg":"PS256"}'),
    JoseErr.JwksMultipleMatchingKeys);
  // Keys sharing one kid are bounded the same way.
  const shared = { keys: rsa.map((k) => withKid(k, "same")) };
  refuse("five keys share the kid", shared, signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"same"}'),
    JoseErr.JwksMultipleMatchingKeys, "keys share kid \"same\"");
  // The attacker's key inline in the header is never used (CVE-2018-0114 style).
  const inline = JSON.stringify({ alg: "RS256", jwk: attacker.rsa.jwk });
  refuse("header jwk, no kid", one(rsa[0]), signRaw("RS256", attacker.rsa.privateKey, inline),
    JoseErr.SignatureInvalid);
  const inlineKid = JSON.stringify({ alg: "ES256", kid: "k1", jwk: attacker.ec.jwk, jku: "https://evil.example/jwks" });
  refuse("header jwk and jku, kid of a real key", one(ec.ES256), signRaw("ES256", attacker.ec.privateKey, inlineKid),
    JoseErr.SignatureInvalid);
});

test("kid not found is refused, naming the kid and the set's kids", () => {
  const set = { keys: [withKid(rsa[0], "key-2024"), withKid(rsa[1], "key-2025")] };
  refuse("unknown kid", set, signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"key-2026"}'),
    JoseErr.JwksNoMatchingKey, 'kid "key-2026" not in JWKS (kids: "key-2024", "key-2025")');
  refuse("kid differs in case", set, signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"KEY-2024"}'),
    JoseErr.JwksNoMatchingKey);
  refuse("kid with a line break", set, signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"a\\nERR fake"}'),
    JoseErr.JwksNoMatchingKey, 'kid "a\\nERR fake" not in JWKS');
  refuse("empty set", { keys: [] }, signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"k1"}'),
    JoseErr.JwksNoMatchingKey, "the JWKS is empty");
});

test("wrong curve and wrong key type for the algorithm are refused", () => {
  refuse("ES256 with a P-384 key", one(ec.ES384), signRaw("ES384", ec.ES384.privateKey, '{"alg":"ES256","kid":"k1"}'),
    JoseErr.JwksNoMatchingKey, "is an EC P-384 key; ES256 needs an EC P-256 key");
  refuse("ES512 with a P-256 key", one(ec.ES256), signRaw("ES256", ec.ES256.privateKey, '{"alg":"ES512","kid":"k1"}'),
    JoseErr.JwksNoMatchingKey);
  refuse("RS256 with an EC key", one(ec.ES256), signRaw("ES256", ec.ES256.privateKey, '{"alg":"RS256","kid":"k1"}'),
    JoseErr.JwksNoMatchingKey, "RS256 needs an RSA key");
  refuse("EdDSA with an RSA key", one(rsa[0]), signRaw("RS256", rsa[0].privateKey, '{"alg":"EdDSA","kid":"k1"}'),
    JoseErr.JwksNoMatchingKey);
  refuse("JWK alg RS256 used for PS256", one(rsa[0], "k1", { alg: "RS256" }),
    signRaw("PS256", rsa[0].privateKey, '{"alg":"PS256","kid":"k1"}'), JoseErr.JwksNoMatchingKey, 'is for alg "RS256"');
  refuse("use enc", one(rsa[0], "k1", { use: "enc" }),
    signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"k1"}'), JoseErr.JwksNoMatchingKey, 'has use "enc"');
  refuse("key_ops without verify", one(rsa[0], "k1", { key_ops: ["encrypt"] }),
    signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"k1"}'), JoseErr.JwksNoMatchingKey);
  // The P-256 key declared as P-384: its coordinates have the wrong length for the curve.
  refuse("crv P-384 on P-256 coordinates", one(ec.ES256, "k1", { crv: "P-384" }),
    signRaw("ES384", ec.ES384.privateKey, '{"alg":"ES384","kid":"k1"}'), JoseErr.JwksNoMatchingKey,
    "P-384 needs 48 each");
  refuse("PS256 signature under an RS256 header", one(rsa[0]), (() => {
    const input = `${b64('{"alg":"RS256","kid":"k1"}')}.${b64(CLAIMS)}`;
    return `${input}.${b64(signature("PS256", rsa[0].privateKey, input))}`;
  })(), JoseErr.SignatureInvalid);
});

test("points not on the curve, small-order Ed25519 keys and e = 1 make the key unusable", () => {
  for (const alg of ["ES256", "ES384", "ES512"]) {
    const y = Buffer.from(ec[alg].jwk.y as string, "base64url");
    y[y.length - 1] ^= 1;
    refuse(`${alg} point off the curve`, one(ec[alg], "k1", { y: b64(y) }),
      signRaw(alg, ec[alg].privateKey, `{"alg":"${alg}","kid":"k1"}`), JoseErr.JwksNoMatchingKey, "is not a point on");
    const zero = b64(new Uint8Array(HALF[alg]));
    refuse(`${alg} point (0, 0)`, one(ec[alg], "k1", { x: zero, y: zero }),
      signRaw(alg, ec[alg].privateKey, `{"alg":"${alg}","kid":"k1"}`), JoseErr.JwksNoMatchingKey);
  }
  // Ed25519's neutral point: with it, R = [S]B verifies any message; the key is refused, so is the forgery.
  const identity = new Uint8Array(32);
  identity[0] = 1;
  const forged = new Uint8Array(64);
  forged[0] = 1; // R = identity encoding, S = 0
  const header = b64('{"alg":"EdDSA","kid":"k1"}');
  refuse("Ed25519 identity key", { keys: [{ kty: "OKP", crv: "Ed25519", x: b64(identity), kid: "k1" }] },
    `${header}.${b64(CLAIMS)}.${b64(forged)}`, JoseErr.JwksNoMatchingKey, "not an Ed25519 point of full order");
  // e = 1: the "signature" is the PKCS #1 v1.5 encoded message itself, which would verify if the key were accepted.
  const input = `${b64('{"alg":"RS256","kid":"k1"}')}.${b64(CLAIMS)}`;
  const em = publicEncodedMessage(input, 256);
  refuse("e = 1", one(rsa[0], "k1", { e: "AQ" }), `${input}.${b64(em)}`, JoseErr.JwksNoMatchingKey,
    "exponent e = 1 is refused");
  const rs256 = signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"k1"}');
  refuse("even modulus", one(rsa[0], "k1", { n: b64(evenModulus(rsa[0])) }), rs256, JoseErr.JwksNoMatchingKey,
    "the modulus is even");
  const privateJwk = { ...(rsa[0].privateKey.export({ format: "jwk" }) as object), kid: "k1" };
  refuse("private key in the JWKS", { keys: [privateJwk] }, rs256, JoseErr.JwksNoMatchingKey, "private key material");
});

test("signatures of the wrong length, with r or s zero or n, or an RSA value past the modulus are refused", () => {
  for (const alg of ["ES256", "ES384", "ES512"]) {
    const good = signRaw(alg, ec[alg].privateKey, `{"alg":"${alg}","kid":"k1"}`);
    const [h, p, s] = good.split(".");
    const sig = Buffer.from(s, "base64url");
    const half = HALF[alg];
    const n = Buffer.from(ORDER[alg].toString(16).padStart(half * 2, "0"), "hex");
    const variants: [string, Buffer][] = [
      ["one byte short", sig.subarray(1)], ["one byte long", Buffer.concat([sig, Buffer.from([0])])],
      ["empty", Buffer.alloc(0)], ["r = 0", Buffer.concat([Buffer.alloc(half), sig.subarray(half)])],
      ["s = 0", Buffer.concat([sig.subarray(0, half), Buffer.alloc(half)])], ["r = s = 0", Buffer.alloc(2 * half)],
      ["r = n", Buffer.concat([n, sig.subarray(half)])], ["s = n", Buffer.concat([sig.subarray(0, half), n])],
      ["DER", derOf(sig, half)], ["r = s = 0xff..", Buffer.alloc(2 * half, 0xff)],
    ];
    for (const [what, bad] of variants) {
      refuse(`${alg} ${what}`, one(ec[alg]), `${h}.${p}.${b64(bad)}`, JoseErr.SignatureInvalid);
    }
  }
  const good = signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"k1"}');
  const [h, p, s] = good.split(".");
  const sig = Buffer.from(s, "base64url");
  const n = Buffer.from(rsa[0].jwk.n as string, "base64url");
  const rsaVariants: [string, Buffer][] = [
    ["257 bytes (leading zero)", Buffer.concat([Buffer.from([0]), sig])], ["255 bytes", sig.subarray(1)],
    ["equal to n", n], ["above n", Buffer.alloc(256, 0xff)], ["zero", Buffer.alloc(256)],
    ["512 bytes", Buffer.concat([sig, sig])],
  ];
  for (const [what, bad] of rsaVariants) {
    refuse(`RS256 ${what}`, one(rsa[0]), `${h}.${p}.${b64(bad)}`, JoseErr.SignatureInvalid);
  }
  refuse("RS256 513 bytes", one(rsa[0]), `${h}.${p}.${b64(Buffer.alloc(513, 1))}`, JoseErr.JwsTooLarge);
  const edGood = signRaw("EdDSA", ed.privateKey, '{"alg":"EdDSA","kid":"k1"}').split(".");
  const edSig = Buffer.from(edGood[2], "base64url");
  refuse("EdDSA 63 bytes", one(ed), `${edGood[0]}.${edGood[1]}.${b64(edSig.subarray(1))}`, JoseErr.SignatureInvalid,
    "needs 64");
  // S + L: the same signature with a non-canonical S (RFC 8032 §5.1.7 step 1).
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  const S = BigInt("0x" + Buffer.from(edSig.subarray(32)).reverse().toString("hex")) + L;
  const sPlusL = Buffer.from(S.toString(16).padStart(64, "0"), "hex").reverse();
  refuse("EdDSA S + L", one(ed), `${edGood[0]}.${edGood[1]}.${b64(Buffer.concat([edSig.subarray(0, 32), sPlusL]))}`,
    JoseErr.SignatureInvalid);
});

test("truncated tokens are refused at every length, oversized ones before decoding", () => {
  const token = signRaw("ES256", ec.ES256.privateKey, '{"alg":"ES256","kid":"k1"}');
  guest.loadJwks(one(ec.ES256));
  for (let len = 0; len < token.length; len++) {
    const got = guest.verifyJwt(token.slice(0, len), NOW);
    assert.notEqual(got.code, JoseErr.Ok, `prefix of ${len} characters verified`);
    refused++;
  }
  const big = signRaw("ES256", ec.ES256.privateKey, '{"alg":"ES256","kid":"k1"}',
    JSON.stringify({ iss: ISSUER, aud: AUDIENCE, exp: NOW + 60, pad: "x".repeat(13000) }));
  refuse("17 KiB token", one(ec.ES256), big, JoseErr.JwsTooLarge, "token is");
  refuse("1 MiB token", one(ec.ES256), "a".repeat(1 << 20), JoseErr.JwsTooLarge);
  const longHeader = signRaw("ES256", ec.ES256.privateKey,
    JSON.stringify({ alg: "ES256", kid: "k1", x: "y".repeat(2100) }));
  refuse("2 KiB header", one(ec.ES256), longHeader, JoseErr.JwsTooLarge, "header is");
  refuse("5 parts (JWE)", one(ec.ES256), `${token}.a.b`, JoseErr.JwsInvalid, "JWE");
  refuse("4 parts", one(ec.ES256), `${token}.`, JoseErr.JwsInvalid, "4 parts");
  refuse("2 parts", one(ec.ES256), token.slice(0, token.lastIndexOf(".")), JoseErr.JwsInvalid, "2 parts");
});

test("characters outside base64url are refused in every part", () => {
  const token = signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"k1"}');
  const [h, p, s] = token.split(".");
  const bad = ["+", "/", "=", " ", "\n", "%", "\0", "~", "."];
  for (const c of bad) {
    const name = JSON.stringify(c);
    refuse(`${name} in header`, one(rsa[0]), `${h.slice(0, 5)}${c}${h.slice(5)}.${p}.${s}`, JoseErr.JwsInvalid);
    refuse(`${name} in payload`, one(rsa[0]), `${h}.${p.slice(0, 9)}${c}${p.slice(9)}.${s}`, JoseErr.JwsInvalid);
    refuse(`${JSON.stringify(c)} in signature`, one(rsa[0]), `${h}.${p}.${s}${c}`, JoseErr.JwsInvalid);
  }
  refuse("padded signature", one(rsa[0]), `${h}.${p}.${s}==`, JoseErr.JwsInvalid);
  for (const bytes of [[0xc3, 0xa9], [0xff], [0x80], [0xe2, 0x80, 0xa8]]) {
    const t = Buffer.concat([
      Buffer.from(`${h}.${p.slice(0, 4)}`), Buffer.from(bytes), Buffer.from(`${p.slice(4)}.${s}`),
    ]);
    refuse(`bytes ${bytes} in payload`, one(rsa[0]), t, JoseErr.JwsInvalid, "is not base64url");
  }
  // Standard base64 of the same signature (it differs from base64url wherever the signature has - or _).
  if (/[-_]/.test(s)) {
    const standard = s.replace(/-/g, "+").replace(/_/g, "/");
    refuse("base64 with + and /", one(rsa[0]), `${h}.${p}.${standard}`, JoseErr.JwsInvalid);
  }
});

test("duplicate member names in the header, the claims or a JWK are refused", () => {
  const dupHeader = signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"k1","alg":"none"}');
  refuse("header repeats alg", one(rsa[0]), dupHeader, JoseErr.JwsInvalid, "ERR_JSON_DUPLICATE_KEY");
  const dupKid = signRaw("RS256", rsa[0].privateKey, '{"kid":"k1","alg":"RS256","kid":"k2"}');
  refuse("header repeats kid", one(rsa[0]), dupKid, JoseErr.JwsInvalid, "ERR_JSON_DUPLICATE_KEY");
  const dupClaims = `{"iss":"${ISSUER}","aud":"${AUDIENCE}","exp":${NOW + 60},"iss":"https://evil.example"}`;
  refuse("claims repeat iss", one(rsa[0]), signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"k1"}', dupClaims),
    JoseErr.JwtInvalid, "ERR_JSON_DUPLICATE_KEY");
  const nested = `{"iss":"${ISSUER}","aud":"${AUDIENCE}","exp":${NOW + 60},"o":{"a":1,"a":2}}`;
  const nestedToken = signRaw("RS256", rsa[0].privateKey, '{"alg":"RS256","kid":"k1"}', nested);
  refuse("claims repeat a nested name", one(rsa[0]), nestedToken, JoseErr.JwtInvalid);
  const jwkText = JSON.stringify(withKid(rsa[0], "k1"));
  const dupJwk = `{"keys":[${jwkText.slice(0, -1)},"n":"${attacker.rsa.jwk.n}"}]}`;
  const loaded = guest.loadJwks(dupJwk);
  assert.equal(loaded.code, JoseErr.JwksInvalid, loaded.text);
  assert.ok(loaded.text.includes("ERR_JSON_DUPLICATE_KEY"), loaded.text);
  refused++;
});

test("crit with any entry, a malformed crit, and b64:false are refused", () => {
  const crits = [
    ['{"alg":"ES256","kid":"k1","crit":["exp"],"exp":1}', JoseErr.NotSupported, 'crit lists "exp"'],
    ['{"alg":"ES256","kid":"k1","crit":["http://example.com/ext"],"http://example.com/ext":true}',
      JoseErr.NotSupported, ""],
    ['{"alg":"ES256","kid":"k1","crit":["b64"],"b64":false}', JoseErr.NotSupported, 'crit lists "b64"'],
    ['{"alg":"ES256","kid":"k1","crit":["b64"],"b64":true}', JoseErr.NotSupported, ""],
    ['{"alg":"ES256","kid":"k1","crit":[]}', JoseErr.JwsInvalid, "non-empty array"],
    ['{"alg":"ES256","kid":"k1","crit":"exp"}', JoseErr.JwsInvalid, ""],
    ['{"alg":"ES256","kid":"k1","crit":[""]}', JoseErr.JwsInvalid, ""],
    ['{"alg":"ES256","kid":"k1","b64":false}', JoseErr.NotSupported, "RFC 7797"],
    ['{"alg":"ES256","kid":"k1","b64":0}', JoseErr.NotSupported, ""],
  ] as const;
  for (const [header, code, text] of crits) {
    refuse(header, one(ec.ES256), signRaw("ES256", ec.ES256.privateKey, header), code, text || undefined);
  }
  // b64:false as RFC 7797 means it: the payload unencoded in the signing input.
  const header = '{"alg":"ES256","kid":"k1","b64":false,"crit":["b64"]}';
  const input = `${b64(header)}.${CLAIMS}`;
  const sig = b64(signature("ES256", ec.ES256.privateKey, input));
  refuse("detached-style b64:false", one(ec.ES256), `${b64(header)}.${b64(CLAIMS)}.${sig}`, JoseErr.NotSupported);
});

test("signed tokens that are not acceptable JWTs are refused after the signature", () => {
  const h = '{"alg":"ES256","kid":"k1"}';
  const claims = (c: object): string => JSON.stringify({ iss: ISSUER, aud: AUDIENCE, exp: NOW + 60, ...c });
  const cases: [string, string, number, string][] = [
    ["expired", claims({ exp: NOW - 42 }), JoseErr.JwtExpired, "token expired 42 s ago"],
    ["not yet valid", claims({ nbf: NOW + 30 }), JoseErr.ClaimInvalid, "nbf"],
    ["other issuer", claims({ iss: "https://evil.example" }), JoseErr.ClaimInvalid, "iss"],
    ["other audience", JSON.stringify({ iss: ISSUER, aud: ["x", "y"], exp: NOW + 60 }), JoseErr.ClaimInvalid, "aud"],
    ["no exp", JSON.stringify({ iss: ISSUER, aud: AUDIENCE }), JoseErr.ClaimInvalid, "exp"],
    ["exp as a string", claims({ exp: String(NOW + 60) }), JoseErr.JwtInvalid, "exp"],
    ["claims are an array", "[1,2]", JoseErr.JwtInvalid, "not a JSON object"],
    ["claims are not JSON", "not json", JoseErr.JwtInvalid, "not valid JSON"],
    ["claims are a nested JWT", "eyJhbGciOiJub25lIn0.e30.", JoseErr.JwtInvalid, ""],
    ["lone surrogate escape", claims({}).replace(/}$/, ',"s":"\\ud800"}'), JoseErr.JwtInvalid, ""],
  ];
  for (const [what, payload, code, text] of cases) {
    refuse(what, one(ec.ES256), signRaw("ES256", ec.ES256.privateKey, h, payload), code, text || undefined);
  }
  const invalidUtf8 = Buffer.concat([Buffer.from(`{"iss":"${ISSUER}","aud":"${AUDIENCE}","exp":${NOW + 60},"s":"`),
    Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
  const input = `${b64(h)}.${b64(invalidUtf8)}`;
  refuse("invalid UTF-8 in claims", one(ec.ES256), `${input}.${b64(signature("ES256", ec.ES256.privateKey, input))}`,
    JoseErr.JwtInvalid, "ERR_JSON_BAD_UTF8");
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  t.diagnostic(`${refused} attack tokens refused with the expected code, none trapped`);
});

// EMSA-PKCS1-v1_5 of input with SHA-256 (RFC 8017 §9.2), k bytes: what an RSA "signature" under e = 1 would be.
function publicEncodedMessage(input: string, k: number): Buffer {
  const prefix = Buffer.from("3031300d060960864801650304020105000420", "hex");
  const digest = createHash("sha256").update(input).digest();
  const t = Buffer.concat([prefix, digest]);
  return Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(k - t.length - 3, 0xff), Buffer.from([0]), t]);
}

function evenModulus(p: Pair): Buffer {
  const n = Buffer.from(p.jwk.n as string, "base64url");
  n[n.length - 1] &= 0xfe;
  return n;
}

// An ECDSA signature in ASN.1 DER (what some signers wrongly put in a JWS): SEQUENCE { INTEGER r, INTEGER s }.
function derOf(sig: Buffer, half: number): Buffer {
  const int = (b: Buffer): Buffer => {
    let v = b;
    while (v.length > 1 && v[0] === 0) v = v.subarray(1);
    if (v[0] & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(sig.subarray(0, half)), int(sig.subarray(half))]);
  return body.length < 128 ? Buffer.concat([Buffer.from([0x30, body.length]), body])
    : Buffer.concat([Buffer.from([0x30, 0x81, body.length]), body]);
}
