// Input generators for the JOSE fuzz test: tokens (random bytes, base64url soup, structured tokens with hostile
// headers, mutations of validly signed tokens) and JWKS documents (mutated real sets, structured random keys).
// Generators that need real keys take the corpus the test builds at start-up.
import fc from "fast-check";

export interface Corpus {
  /** Validly signed tokens, verifiable against `jwks` at the test's clock. */
  tokens: string[];
  /** The JWKS document the guest holds while tokens are fuzzed. */
  jwks: string;
  /** Its kids. */
  kids: string[];
}

const enc = new TextEncoder();
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const b64 = (b: Uint8Array | string): string => Buffer.from(b).toString("base64url");
const latin1 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "latin1"));

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** randomBytes: short arbitrary byte strings, refused at the first check. */
export const randomBytes = fc.uint8Array({ maxLength: 64 });

/** b64Soup: base64url characters with dots and a few foreign bytes, so parsing gets past the part count. */
const SOUP = [...enc.encode(B64URL + "...."), 0x2b, 0x2f, 0x3d, 0x20, 0x00, 0xc3, 0xff];
export const b64Soup = fc.array(fc.constantFrom(...SOUP), { maxLength: 160 }).map((a) => Uint8Array.from(a));

const ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519",
  "none", "None", "NONE", "HS256", "HS512", "ES256K", "RSA-OAEP", "", "rs256"];
const SIGNATURE_LENGTHS = [0, 1, 31, 32, 63, 64, 65, 95, 96, 131, 132, 133, 255, 256, 257, 384, 512, 513];

/** structuredTokens: headers of hostile shapes over random payloads and signatures of telling lengths. */
export function structuredTokens(corpus: Corpus): fc.Arbitrary<Uint8Array> {
  const value = fc.oneof(
    fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 8 }), fc.constant([]), fc.constant({}),
  );
  const header = fc.record({
    alg: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ALGS) }, { weight: 1, arbitrary: value }),
    kid: fc.oneof(fc.constantFrom(...corpus.kids, "missing", ""), value),
    typ: fc.constantFrom("JWT", "at+jwt", "application/logout+jwt", 3),
    crit: fc.oneof(fc.constant(["exp"]), fc.constant([]), fc.constant(["b64"]), value),
    b64: fc.oneof(fc.boolean(), value),
    jwk: fc.constant({ kty: "oct", k: "AAAA" }),
    jku: fc.constant("https://evil.example/jwks"),
  }, { requiredKeys: [] });
  const headerText = fc.oneof(
    { weight: 8, arbitrary: header.map((h) => JSON.stringify(h)) },
    // A second alg in front of the first: duplicate member names.
    { weight: 1, arbitrary: header.map((h) => JSON.stringify(h).replace(/^\{/, "{\"alg\":\"RS256\",")) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
  );
  const payload = fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc.record({
      iss: fc.constantFrom("https://issuer.example", "other", 1),
      aud: fc.oneof(fc.constant("client-1"), fc.constant(["client-1", "x"]), fc.constant([1])),
      exp: fc.oneof(fc.integer(), fc.double(), fc.constant("1")),
      nbf: fc.integer(), iat: fc.integer(),
    }, { requiredKeys: [] }).map((c) => JSON.stringify(c)),
  );
  const signature = fc.oneof(fc.constantFrom(...SIGNATURE_LENGTHS), fc.nat({ max: 700 }))
    .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
  return fc.tuple(headerText, payload, signature)
    .map(([h, p, s]) => enc.encode(`${b64(h)}.${b64(p)}.${b64(s)}`));
}

type TokenMutation = { kind: number; pos: number; len: number; byte: number; other: number };
const tokenMutation: fc.Arbitrary<TokenMutation> = fc.record({
  kind: fc.integer({ min: 0, max: 7 }),
  pos: fc.nat(),
  len: fc.integer({ min: 1, max: 12 }),
  byte: fc.integer({ min: 0, max: 255 }),
  other: fc.nat(),
});

/** mutatedTokens: validly signed tokens after one to four edits: characters, runs, truncation, parts swapped. */
export function mutatedTokens(corpus: Corpus): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.nat({ max: corpus.tokens.length - 1 }), fc.array(tokenMutation, { minLength: 1, maxLength: 4 }))
    .map(([i, muts]) => muts.reduce((b, m) => mutateToken(b, m, corpus), latin1(corpus.tokens[i])));
}

function mutateToken(b: Uint8Array, m: TokenMutation, corpus: Corpus): Uint8Array {
  const at = b.length === 0 ? 0 : m.pos % (b.length + 1);
  switch (m.kind) {
    case 0: // another base64url character
    case 1:
      if (at < b.length) { b = b.slice(); b[at] = B64URL.charCodeAt(m.byte % 64); }
      return b;
    case 2: // any byte
      if (at < b.length) { b = b.slice(); b[at] = m.byte; }
      return b;
    case 3: // delete a run
      return concat([b.subarray(0, at), b.subarray(at + m.len)]);
    case 4: { // insert a run of base64url characters or a dot
      const run = m.byte < 32 ? "." : B64URL.slice(m.byte % 52, m.byte % 52 + m.len);
      return concat([b.subarray(0, at), enc.encode(run), b.subarray(at)]);
    }
    case 5: // truncate
      return b.subarray(0, at);
    case 6: { // one part from another valid token
      const parts = Buffer.from(b).toString("latin1").split(".");
      const donor = corpus.tokens[m.other % corpus.tokens.length].split(".");
      const k = m.byte % 3;
      if (parts.length === 3) parts[k] = donor[k];
      return latin1(parts.join("."));
    }
    default: { // a part duplicated or dropped
      const parts = Buffer.from(b).toString("latin1").split(".");
      if (m.byte & 1) parts.splice(m.other % (parts.length + 1), 0, parts[m.pos % parts.length]);
      else parts.splice(m.other % parts.length, 1);
      return latin1(parts.join("."));
    }
  }
}

const KTY = ["RSA", "EC", "OKP", "oct", "AKP", "", "rsa"];
const CRV = ["P-256", "P-384", "P-521", "Ed25519", "X25519", "secp256k1", "Ed448"];
// Lengths around every size the JWK readers check: coordinates, Ed25519 keys, moduli, exponents.
const MEMBER_LENGTHS = [0, 1, 3, 8, 9, 31, 32, 33, 47, 48, 49, 65, 66, 67, 255, 256, 257, 384, 512, 513];

/** structuredJwks: key sets of random keys with every member at a telling length or of a wrong type. */
export const structuredJwks: fc.Arbitrary<Uint8Array> = (() => {
  const bytes = fc.oneof(fc.constantFrom(...MEMBER_LENGTHS), fc.nat({ max: 600 }))
    .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }))
    .map((b) => {
      if (b.length > 0 && (b[b.length - 1] & 1) === 0) b[b.length - 1] |= 1; // odd moduli reach key setup more often
      return b64(b);
    });
  const member = fc.oneof({ weight: 8, arbitrary: bytes }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) });
  const key = fc.record({
    kty: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...KTY) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
    ),
    crv: fc.constantFrom(...CRV),
    kid: fc.oneof(fc.string({ maxLength: 6 }), fc.integer()),
    alg: fc.constantFrom("RS256", "ES256", "EdDSA", "PS512", "HS256", 5),
    use: fc.constantFrom("sig", "enc", "", null),
    key_ops: fc.oneof(fc.constant(["verify"]), fc.constant(["sign", "sign"]), fc.constant("verify"), fc.constant([1])),
    n: member, e: fc.oneof(fc.constantFrom("AQAB", "AQ", "Aw", "Ag", "AAAAAAAAAAAB", ""), member),
    x: member, y: member, d: member,
  }, { requiredKeys: ["kty"] });
  const entry = fc.oneof({ weight: 10, arbitrary: key }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) });
  return fc.oneof(
    { weight: 10, arbitrary: fc.array(entry, { maxLength: 6 }).map((keys) => JSON.stringify({ keys })) },
    { weight: 1, arbitrary: fc.array(entry, { minLength: 60, maxLength: 70 }).map((keys) => JSON.stringify({ keys })) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  ).map((s) => enc.encode(s));
})();

const LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
const NUMBERS = [0, -0, 1, -1, 1.5, 1e300, -1e300, 2 ** 53, 2 ** 63, 1_800_000_000, 1_800_000_000.5, 1_799_999_999];
/**
 * claimSets: claims of every registered name, each usually the value the probe's options accept and otherwise a
 * value of any JSON type, extreme times included, so that every check is reached and some sets pass them all.
 */
export function claimSets(now: number): fc.Arbitrary<Uint8Array> {
  const usually = <T>(good: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: other });
  const anyTime = fc.oneof(fc.constantFrom(...NUMBERS), fc.double(), fc.jsonValue({ maxDepth: 1 }));
  const text = fc.oneof(fc.constantFrom("client-1", "n-0S6_WzA2Mj", "s1", ""), fc.string({ maxLength: 6 }),
    fc.jsonValue({ maxDepth: 1 }));
  const claims = fc.record({
    iss: usually(fc.constant("https://issuer.example"), text),
    aud: usually(fc.constantFrom("client-1", ["client-1", "api"]), fc.oneof(text, fc.array(text, { maxLength: 4 }))),
    exp: usually(fc.integer({ min: now - 100, max: now + 5000 }), anyTime),
    iat: usually(fc.integer({ min: now - 4000, max: now + 100 }), anyTime),
    nbf: usually(fc.integer({ min: now - 100, max: now + 100 }), anyTime),
    azp: text, sub: text, sid: text, jti: text, nonce: text,
    events: usually(fc.constant({ [LOGOUT_EVENT]: {} }), fc.jsonValue({ maxDepth: 2 })),
  }, { requiredKeys: [] });
  return fc.oneof(
    { weight: 8, arbitrary: claims.map((c) => enc.encode(JSON.stringify(c))) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((s) => enc.encode(s)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) },
  );
}

type DocMutation = { kind: number; pos: number; len: number; bit: number; text: string };
const FRAGMENTS = ["{", "}", "[", "]", ",", ":", "\"", "\"kty\":\"RSA\",", "\"d\":\"AA\",", "\"kid\":\"a\",", "null",
  "\"keys\":[],", "AQAB", "\\u0000", "\u00e9"];
const docMutation: fc.Arbitrary<DocMutation> = fc.record({
  kind: fc.integer({ min: 0, max: 3 }),
  pos: fc.nat(),
  len: fc.integer({ min: 1, max: 16 }),
  bit: fc.integer({ min: 0, max: 7 }),
  text: fc.constantFrom(...FRAGMENTS),
});

/** mutatedJwks: the test's real JWKS document after one to three byte-level edits. */
export function mutatedJwks(corpus: Corpus): fc.Arbitrary<Uint8Array> {
  return fc.array(docMutation, { minLength: 1, maxLength: 3 }).map((muts) => {
    let b: Uint8Array = enc.encode(corpus.jwks);
    for (const m of muts) {
      const at = m.pos % (b.length + 1);
      if (m.kind === 0 && at < b.length) { b = b.slice(); b[at] ^= 1 << m.bit; }
      else if (m.kind === 1) b = concat([b.subarray(0, at), b.subarray(at + m.len)]);
      else if (m.kind === 2) b = concat([b.subarray(0, at), enc.encode(m.text), b.subarray(at)]);
      else b = concat([b.subarray(0, at), b.subarray(at, at + m.len), b.subarray(at)]); // repeat a run
    }
    return b;
  });
}
