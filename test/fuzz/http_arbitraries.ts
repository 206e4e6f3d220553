// Input generators for the encoding and HTTP fuzz tests: random bytes and strings, soups of each grammar's own
// tokens (so inputs get past the first character), valid inputs built from parts, and mutations of valid inputs.
import fc from "fast-check";
import { NO_EXPIRES, wellFormed, type SetCookieSpec } from "./http_oracles.js";

type Mutation = { kind: number; pos: number; len: number; token: string };
const mutation = (tokens: string[]): fc.Arbitrary<Mutation> => fc.record({
  kind: fc.integer({ min: 0, max: 4 }), pos: fc.nat(), len: fc.integer({ min: 1, max: 6 }), token: fc.constantFrom(...tokens),
});

/** mutated applies 1-4 edits (replace, insert, delete, truncate, duplicate) drawn from tokens to base's strings. */
export function mutated(base: fc.Arbitrary<string>, tokens: string[]): fc.Arbitrary<string> {
  return fc.tuple(base, fc.array(mutation(tokens), { minLength: 1, maxLength: 4 })).map(([s, edits]) => {
    for (const m of edits) {
      const at = s.length === 0 ? 0 : m.pos % (s.length + 1);
      if (m.kind === 0) s = s.slice(0, at) + m.token + s.slice(at + 1);
      else if (m.kind === 1) s = s.slice(0, at) + m.token + s.slice(at);
      else if (m.kind === 2) s = s.slice(0, at) + s.slice(at + m.len);
      else if (m.kind === 3) s = s.slice(0, at);
      else s = s.slice(0, at) + s.slice(at, at + m.len) + s.slice(at);
    }
    return s;
  });
}

/** soup joins up to maxLength tokens. */
export const soup = (tokens: string[], maxLength = 24): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...tokens), { maxLength }).map((a) => a.join(""));

const latin1 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "latin1"));
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
/** Strings of any UTF-16 units, lone surrogates included. */
export const anyString = fc.oneof(fc.string({ unit: anyUnit, maxLength: 24 }), fc.string({ unit: "binary", maxLength: 24 }));

// --- base64 and hex ---------------------------------------------------------------------------------------------

const B64_TOKENS = [..."ABCXYZabcxyz0189+/-_=", "==", "===", " ", "\n", ".", "\0", "\x80", "\xff", "Zg", "Zh", "Zm9"];
/** base64Texts yields candidate texts for one variant: valid encodings, their mutations, and alphabet soup. */
export function base64Texts(url: boolean): fc.Arbitrary<string> {
  const valid = fc.uint8Array({ maxLength: 48 }).map((b) => Buffer.from(b).toString(url ? "base64url" : "base64"));
  return fc.oneof(
    { arbitrary: valid, weight: 2 },
    { arbitrary: mutated(valid, B64_TOKENS), weight: 4 },
    { arbitrary: soup(B64_TOKENS, 16), weight: 2 },
    { arbitrary: fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString("latin1")), weight: 1 },
  );
}
/** base64Bytes: base64Texts as the bytes the byte decoder reads (one byte per character). */
export const base64Bytes = (url: boolean): fc.Arbitrary<Uint8Array> => base64Texts(url).map(latin1);
/** base64Wide: texts with characters above U+00FF, some sharing a low byte with the alphabet. */
export const base64Wide = soup([...B64_TOKENS, "\u0141", "\u0241", "\u012b", "é", "😀", "\ud800"], 12);

const HEX_TOKENS = [..."0123456789abcdefABCDEF", "g", "G", " ", "x", "0x", "\u0661", "\u0141"];
export const hexTexts = fc.oneof(
  fc.uint8Array({ maxLength: 32 }).map((b) => Buffer.from(b).toString("hex")),
  mutated(fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b).toString("hex")), HEX_TOKENS),
  soup(HEX_TOKENS, 12),
).map((s) => Uint8Array.from(Buffer.from(s, "utf8")));

// --- UTF-8 ------------------------------------------------------------------------------------------------------

const UTF8_SPECIAL = [[0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf],
  [0xf0, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff], [0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98],
  [0xef, 0xbb, 0xbf], [0xf4, 0x8f, 0xbf, 0xbf], [0x00], [0x7f], [0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48]];
const UTF8_BYTES = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xee, 0xef,
  0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];
const text = fc.oneof(fc.string({ unit: "binary", maxLength: 24 }), fc.string({ unit: "grapheme", maxLength: 12 }));
const encoded = text.map((s) => new TextEncoder().encode(s));

/** utf8Inputs: random bytes, valid UTF-8, valid UTF-8 with invalid sequences spliced in, and lead/continuation soup. */
export const utf8Inputs: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 32 }),
  encoded,
  fc.tuple(encoded, fc.nat(), fc.constantFrom(...UTF8_SPECIAL), fc.nat({ max: 3 })).map(([b, pos, special, cut]) => {
    const at = pos % (b.length + 1);
    const out = Uint8Array.from([...b.slice(0, at), ...special, ...b.slice(at)]);
    return out.slice(0, out.length - (cut === 3 ? 1 : 0));
  }),
  fc.tuple(fc.nat({ max: 20 }), fc.array(fc.constantFrom(...UTF8_BYTES), { maxLength: 16 }))
    .map(([ascii, tail]) => Uint8Array.from([...new Array<number>(ascii).fill(0x61), ...tail])),
);

// --- cookies ----------------------------------------------------------------------------------------------------

const COOKIE_TOKENS = ["a", "sid", "SID", "__Host-x", "x1", "=", "=", ";", ";", "; ", " ", "\t", "\"", ",", "\\", "v1.abc-_",
  "YWJj==", "\u0001", "\u007f", "é", "\ud800", "\n", "%3B", "a=b", "==", "()", "[]", "{}", "!#$%&'*+-.^_`|~"];
const cookiePair = fc.tuple(soup(["a", "b", "sid", "_", "-", "1", "__Host-", "é", " "], 3), soup(["v", "1", "=", "-", "\"", " ", ","], 4))
  .map(([n, v]) => `${n}=${v}`);
const cookieHeader = fc.array(cookiePair, { maxLength: 8 }).map((pairs) => pairs.join("; "));
export const cookieHeaders = fc.oneof(cookieHeader, mutated(cookieHeader, COOKIE_TOKENS), soup(COOKIE_TOKENS, 24), anyString);
/** cookieLimits: the defaults, or small ones that every limit path can reach. */
export const cookieLimits = fc.constantFrom(
  { maxCookies: 180, maxLength: 65536, maxCookieLength: 4096 },
  { maxCookies: 3, maxLength: 40, maxCookieLength: 8 },
  { maxCookies: 1, maxLength: 12, maxCookieLength: 4 },
);

const GOOD_NAMES = ["sid", "__Host-sid", "__Secure-sid", "__HOST-x", "__secure-y", "_", "a!#$%&'*+-.^_`|~z", "__Host", "x"];
const BAD_NAMES = ["a b", "a;b", "", "a\r\nb", "é", "x=y", "a,b", "(a)"];
const GOOD_VALUES = ["", "abc", "v1.a-b_c", "%3B", "YWJj==", "x".repeat(4094), "!#$%&'()*+-./:<=>?@[]^_`{|}~"];
const BAD_VALUES = ["a;b", "a b", "a,b", "\"q\"", "a\r\nSet-Cookie: x=1", "\0", "é", "a\\b", "x".repeat(4096)];
const GOOD_PATHS = ["/", "/app", "/a/b-c_d.e", "/x:y@z,w=v"];
const BAD_PATHS = ["", "app", "/a;b", "/a\r\n", "/é", "/" + "p".repeat(1024)];
const GOOD_DOMAINS = ["example.com", "a.b.c", "1.2.3.4", "a_b", "xn--ls8h.example", "a".repeat(63) + ".com"];
const BAD_DOMAINS = [".example.com", "example.com.", "a..b", "1.2.3", "0x7f", "ex ample", "example.com:443", "[::1]", "é.com",
  "a".repeat(64) + ".com"];
const MAX_HTTP_DATE = 253402300799;
// Valid attributes outweigh invalid ones, so that most specs get far enough for their header to be compared.
export const setCookieSpecs: fc.Arbitrary<SetCookieSpec> = fc.record({
  name: fc.oneof({ arbitrary: fc.constantFrom(...GOOD_NAMES), weight: 8 }, fc.constantFrom(...BAD_NAMES), soup(COOKIE_TOKENS, 4))
    .map(wellFormed),
  value: fc.oneof({ arbitrary: fc.constantFrom(...GOOD_VALUES), weight: 6 }, fc.constantFrom(...BAD_VALUES), soup(COOKIE_TOKENS, 6))
    .map(wellFormed),
  path: fc.oneof({ arbitrary: fc.constantFrom(...GOOD_PATHS), weight: 8 }, fc.constant(null), fc.constantFrom(...BAD_PATHS),
    soup(["/", "a", ";", " ", "\n", "é", "%"], 6).map(wellFormed)),
  domain: fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: fc.constantFrom(...GOOD_DOMAINS), weight: 3 },
    fc.constantFrom(...BAD_DOMAINS), soup(["a", ".", "-", "_", "1", "0x", ":", " "], 8)),
  maxAge: fc.oneof({ arbitrary: fc.constantFrom(-1, 0, 3600), weight: 4 }, fc.integer({ min: -5, max: 2 ** 31 })),
  expires: fc.oneof({ arbitrary: fc.constant(NO_EXPIRES), weight: 4 }, fc.integer({ min: 0, max: MAX_HTTP_DATE }),
    fc.constantFrom(0, 784111777, MAX_HTTP_DATE, MAX_HTTP_DATE + 1, -1)),
  httpOnly: fc.constantFrom(0 as const, 1 as const),
  secure: fc.constantFrom(0 as const, 1 as const),
  sameSite: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
});

// --- URLs -------------------------------------------------------------------------------------------------------

const PCHARS = [..."azAZ09-._~!$&'()*+,;=:@", "%20", "%2F", "%C3%A9", "[", "]", "{", "}", "|", "^", "`"];
const segment = soup(PCHARS, 4);
const pathArb = fc.array(segment, { maxLength: 4 }).map((segs) => segs.map((s) => "/" + s).join(""));
const queryArb = fc.option(soup([...PCHARS, "/", "?", "=", "&"], 6));
const labelArb = soup([..."abcz019-_"], 6).filter((l) => l.length > 0 && l.length <= 63);
const hostArb = fc.oneof(
  fc.array(labelArb, { minLength: 1, maxLength: 3 }).map((ls) => ls.join("."))
    .filter((h) => !/(^|\.)(\d+|0x[0-9a-f]*)$/i.test(h) && !/(^|\.)xn--/i.test(h)),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join(".")),
  fc.constantFrom("[::1]", "[2001:db8::1]", "[::ffff:1.2.3.4]", "[1:2:3:4:5:6:7:8]", "[fe80::]"),
);

/** ValidUrl is a URL built from parts, with the parts the parser must report. */
export interface ValidUrl { text: string; scheme: string; host: string; port: number; path: string; query: string | null; fragment: string | null }
export const validUrls: fc.Arbitrary<ValidUrl> = fc.record({
  scheme: fc.constantFrom("http", "https", "HTTPS", "Http"), host: hostArb, port: fc.option(fc.integer({ min: 1, max: 65535 })),
  path: pathArb, query: queryArb, fragment: queryArb, relative: fc.boolean(),
}).map((u) => {
  const tail = u.path + (u.query === null ? "" : "?" + u.query) + (u.fragment === null ? "" : "#" + u.fragment);
  // A relative reference must start with exactly one "/": "//x" would name an authority.
  const relative = u.relative && u.path !== "" && !u.path.startsWith("//");
  return {
    text: relative ? tail : `${u.scheme}://${u.host}${u.port === null ? "" : ":" + u.port}${tail}`,
    scheme: relative ? "" : u.scheme.toLowerCase(), host: relative ? "" : u.host.toLowerCase(),
    port: relative || u.port === null ? -1 : u.port, path: u.path === "" ? "/" : u.path, query: u.query, fragment: u.fragment,
  };
});
const URL_TOKENS = ["http", "https", "HTTP", "javascript", "://", ":", "/", "//", "?", "#", "@", "[", "]", "::1", "%", "%2F", "%zz",
  "%2", "a", "example.com", "0x7f", "127.0.0.1", "1.2.3", ".", "..", "8080", "0", "65536", " ", "\\", "é", "\t", "\0", "\"", "<",
  "xn--", "_", "-", "&", "=", "\ud800"];
export const urlTexts = fc.oneof(
  { arbitrary: mutated(validUrls.map((u) => u.text), URL_TOKENS), weight: 4 },
  { arbitrary: soup(URL_TOKENS, 16), weight: 3 },
  { arbitrary: anyString, weight: 1 },
);

// --- queries and percent-encoding -------------------------------------------------------------------------------

const pairsArb = fc.array(fc.tuple(text, text), { maxLength: 5 });
export const queryPairsArb = pairsArb;
const QUERY_TOKENS = ["&", "=", "+", "%", "%2", "%20", "%2B", "%26", "%3D", "%C3%A9", "%C3", "%A9", "%FF", "%C0%80", "%zz", "a", "b",
  "é", "😀", "\ud800", "\udc00", " ", "#", "%00"];
export const queryTexts = fc.oneof(
  pairsArb.map((p) => new URLSearchParams(p).toString()),
  mutated(pairsArb.map((p) => new URLSearchParams(p).toString()), QUERY_TOKENS),
  soup(QUERY_TOKENS, 20),
  anyString,
);
export const percentTexts = fc.oneof(soup(QUERY_TOKENS, 16), anyString, text.map((s) => encodeURIComponent(s)));

// --- redirect targets -------------------------------------------------------------------------------------------

const REDIRECT_TOKENS = ["/", "/", "//", "\\", "%2F", "%2f", "%5C", "%5c", "%252F", "%25", "%2e", "%2E", ".", "..", "evil.com",
  "app.example.com", "https:", "http:", "https://", "HTTPS://APP.EXAMPLE.COM", "@", "#", "?", "%09", "\t", "\n", " ", ":",
  ":443", ":444", "javascript:", "a", "b", "%00", "é", "%E2%80%AE", "\u3002", "%C0%AF", "x=1", "&", "\0", "%23", "%3F"];
export const redirectTargets = fc.oneof(
  soup(REDIRECT_TOKENS, 10),
  mutated(pathArb.map((p) => p || "/"), REDIRECT_TOKENS),
  fc.tuple(fc.constantFrom("https://app.example.com", "https://app.example.com:443", "HTTPS://APP.EXAMPLE.COM"), soup(REDIRECT_TOKENS, 6))
    .map(([o, rest]) => o + rest),
);
