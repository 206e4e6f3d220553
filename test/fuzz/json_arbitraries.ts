// Input generators for the JSON fuzz test. Each yields bytes; together they cover random bytes, JSON-ish byte
// soup, valid documents, mutated documents, deep nesting, number edge cases and string escapes.
import fc from "fast-check";

const enc = new TextEncoder();
const bytesOf = (s: string): Uint8Array => enc.encode(s);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Fragments spliced into documents: structure, escapes, number and UTF-8 edge cases, foreign whitespace. */
const TOKENS: Uint8Array[] = [
  ...["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u003c", "\\/",
    "true", "false", "null", "0", "-0", "01", "1e309", "-1e400", "1e-400", ".5", "1.", "-", "e", "E+",
    "9007199254740993", "0.30000000000000004", " ", "\t", "\n", "\r", "\"a\":1", "\"a\"", "[]", "{}", "//", "/*",
    "NaN", "Infinity", "é", "😀", "\u2028"].map(bytesOf),
  ...[[0x00], [0x0b], [0x0c], [0x7f], [0x80], [0xbf], [0xc3], [0xc0, 0x80], [0xc2, 0xa0], [0xe0, 0x80, 0x80],
    [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf], [0xf0, 0x9f, 0x98], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff]]
    .map((b) => Uint8Array.from(b)),
];

/** Documents shaped like what the middleware parses: JOSE headers, claims, a JWKS, a discovery document. */
const REALISTIC = [
  "{\"alg\":\"RS256\",\"kid\":\"2024-01\",\"typ\":\"JWT\"}",
  "{\"iss\":\"https://idp.example.com\",\"sub\":\"248289761001\",\"aud\":[\"client\",\"other\"],\"exp\":1700003600," +
    "\"iat\":1700000000,\"nonce\":\"n-0S6_WzA2Mj\",\"email_verified\":true,\"name\":\"Jane \\u003cDoe\\u003e\"}",
  "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"a\",\"use\":\"sig\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN\",\"e\":\"AQAB\"}," +
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36\"}]}",
  "{\"issuer\":\"https://idp.example.com\",\"authorization_endpoint\":\"https://idp.example.com/auth\"," +
    "\"token_endpoint\":\"https://idp.example.com/token\",\"jwks_uri\":\"https://idp.example.com/jwks\"," +
    "\"response_types_supported\":[\"code\"],\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}",
  "{\"providerURL\":\"https://idp\\u0026x\",\"scopes\":[\"openid\",\"email\"],\"timeout\":\"30\",\"redis\":null}",
];

/** randomBytes: short arbitrary byte strings; almost all are rejected early. */
export const randomBytes = fc.uint8Array({ maxLength: 48 });

const SOUP = [...bytesOf("{}[],:\" \\/\t\n\r0123456789-+.eEtrueflsnu"), 0x00, 0x80, 0xa9, 0xc3, 0xed, 0xf0, 0xff];
/** byteSoup: bytes drawn from JSON's own alphabet, so parsing gets past the first byte. */
export const byteSoup = fc.array(fc.constantFrom(...SOUP), { maxLength: 40 }).map((a) => Uint8Array.from(a));

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
/** validDocs: JSON.stringify output of random values, some with any UTF-16 unit (lone surrogates included). */
export const validDocs = fc.oneof(
  fc.json({ maxDepth: 5 }),
  fc.json({ maxDepth: 3, stringUnit: "binary" }),
  fc.json({ maxDepth: 2, stringUnit: anyCodeUnit }),
  fc.json({ maxDepth: 4 }).map((s) => JSON.stringify(JSON.parse(s), null, "\t")),
  fc.constantFrom(...REALISTIC),
).map(bytesOf);

type Mutation = { kind: number; pos: number; len: number; bit: number; token: Uint8Array };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.integer({ min: 0, max: 5 }),
  pos: fc.nat(),
  len: fc.integer({ min: 1, max: 8 }),
  bit: fc.integer({ min: 0, max: 7 }),
  token: fc.constantFrom(...TOKENS),
});

function mutate(doc: Uint8Array, muts: Mutation[]): Uint8Array {
  let b = doc;
  for (const m of muts) {
    const at = b.length === 0 ? 0 : m.pos % (b.length + 1);
    switch (m.kind) {
      case 0: // flip one bit
        if (at < b.length) { b = b.slice(); b[at] ^= 1 << m.bit; }
        break;
      case 1: // truncate
        b = b.slice(0, at);
        break;
      case 2: // insert a token
        b = concat([b.subarray(0, at), m.token, b.subarray(at)]);
        break;
      case 3: // delete a run
        b = concat([b.subarray(0, at), b.subarray(at + m.len)]);
        break;
      case 4: // replace a run with a token
        b = concat([b.subarray(0, at), m.token, b.subarray(at + m.len)]);
        break;
      default: // duplicate a run in place, e.g. a member into `"a":1,"a":1`
        b = concat([b.subarray(0, at + m.len), b.subarray(at, at + m.len), b.subarray(at + m.len)]);
    }
  }
  return b;
}

/** mutatedDocs: valid documents after one to four bit flips, truncations, insertions, deletions or splices. */
export const mutatedDocs = fc.tuple(validDocs, fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([doc, muts]) => mutate(doc, muts));

const OPENERS: Array<[string, string]> = [["[", "]"], ["{\"k\":", "}"], ["[0,", "]"], ["{\"a\":1,\"b\":", "}"]];
/** deepNesting: nesting around the depth limit (and far past it), sometimes left unclosed. */
export const deepNesting = fc.oneof(fc.integer({ min: 28, max: 36 }), fc.integer({ min: 0, max: 400 }))
  .chain((depth) => fc.tuple(
    fc.array(fc.constantFrom(...OPENERS), { minLength: depth, maxLength: depth }),
    fc.constantFrom("0", "[]", "{}", "\"x\"", "null", ""),
    fc.option(fc.nat(), { freq: 4 }),
  ))
  .map(([levels, inner, cut]) => {
    let closers = levels.map(([, c]) => c).reverse().join("");
    if (cut !== null) closers = closers.slice(0, cut % (closers.length + 1));
    return bytesOf(levels.map(([o]) => o).join("") + inner + closers);
  });

const KEYS = ["\"a\"", "\"\\u0061\"", "\"b\"", "\"k1\"", "\"k2\"", "\"k3\"", "\"k4\"", "\"k5\"", "\"k6\"",
  "\"k7\"", "\"k8\"", "\"k9\"", "\"\"", "\"\\ud83d\\ude00\"", "\"😀\""];
/** collidingKeys: objects whose names come from a small set (escaped spellings included), past 8 members too. */
export const collidingKeys = fc.letrec<{ value: string; object: string }>((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.constantFrom("1", "null", "\"v\"", "[]"), tie("object")),
  object: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie("value")), { maxLength: 14 })
    .map((members) => "{" + members.map(([k, v]) => k + ":" + v).join(",") + "}"),
})).object.map(bytesOf);

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
/** numberTokens: numbers of every shape: long mantissas, extreme exponents, leading zeros, missing digits. */
export const numberTokens = fc.tuple(
  fc.constantFrom("", "-", "", "+"),
  fc.oneof(digits(1, 3), digits(15, 25), digits(1, 400), fc.constantFrom("0", "00", "")),
  fc.option(fc.tuple(digits(0, 30), fc.nat(400)).map(([d, z]) => "." + "0".repeat(z % 4 === 0 ? z : 0) + d)),
  fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), fc.oneof(digits(0, 3),
    fc.integer({ min: 290, max: 345 }).map(String), digits(10, 25)))
    .map((p) => p.join(""))),
).map((p) => bytesOf(p.map((x) => x ?? "").join("")));

/** halfwayNumbers: the exact midpoint between a double and its successor, optionally nudged, as decimal. */
export const halfwayNumbers = fc.tuple(
  fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
  // Digits past the 800 the parser keeps still break ties: "0" * 900 + "1" must round up.
  fc.constantFrom("", "", "1", "0000000001", "0".repeat(900), "0".repeat(900) + "1"),
).map(([d, nudge]) => bytesOf(midpoint(d) + (midpoint(d).includes(".") ? nudge : nudge === "" ? "" : ".0" + nudge)));

// The decimal expansion of (2m+1) * 2^(e-1), the midpoint above d = m * 2^e; always exact.
function midpoint(d: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const m = biased === 0 ? frac : frac | (1n << 52n);
  const e = (biased === 0 ? 1 : biased) - 1075; // d = m * 2^e
  const num = 2n * m + 1n; // midpoint = num * 2^(e-1)
  const p = e - 1;
  if (p >= 0) return (num << BigInt(p)).toString();
  const scaled = (num * 5n ** BigInt(-p)).toString().padStart(-p + 1, "0"); // num * 2^p = num * 5^-p / 10^-p
  return scaled.slice(0, scaled.length + p) + "." + scaled.slice(scaled.length + p);
}

/** stringTokens: quoted runs of escapes and raw UTF-8 (valid and not). */
export const stringTokens = fc.array(fc.oneof(
  fc.constantFrom(...TOKENS),
  fc.string({ unit: "binary", maxLength: 4 }).map(bytesOf),
  fc.uint8Array({ minLength: 1, maxLength: 4 }),
), { maxLength: 8 }).map((parts) => concat([bytesOf("\""), ...parts, bytesOf("\"")]));
