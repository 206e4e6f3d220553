// What the guest's encoders and HTTP parsers must answer, computed independently in JavaScript: strict base64 and
// hex rules written out from RFC 4648, the Cookie and Set-Cookie rules from RFC 6265, and the platform's own
// TextDecoder, URL, URLSearchParams and decodeURIComponent where their semantics match ours.

/** assembly/encoding/errors.ts EncodingErr. */
export const Enc = { Ok: 0, TooLarge: 1, BadLength: 2, BadCharacter: 3, BadPadding: 4, TrailingBits: 5, BadUtf8: 6 } as const;
/** assembly/http/errors.ts HttpErr. */
export const Http = {
  Ok: 0, TooLarge: 1, TooMany: 2, BadCookieName: 3, BadCookieValue: 4, BadAttribute: 5, BadPrefix: 6,
  InsecureSameSiteNone: 7, BadScheme: 8, BadHost: 9, BadPort: 10, BadCharacter: 11, BadPercent: 12, BadUtf8: 13,
  BadUrl: 14, CrossOrigin: 15, UnsafeRedirect: 16, BadHeader: 17,
} as const;

export interface Expect { code: number; offset: number }

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = STD.slice(0, 62) + "-_";

/** base64Expect: the code and offset a strict decoder must report for text (RFC 4648 §3.5, §4, §5). */
export function base64Expect(text: string, url: boolean): Expect {
  const alphabet = url ? URL_SAFE : STD;
  const len = text.length;
  let data = len;
  if (!url) {
    if (len % 4 !== 0) return { code: Enc.BadLength, offset: len };
    if (len > 0 && text[len - 1] === "=") data = text[len - 2] === "=" ? len - 2 : len - 1;
  } else if (len % 4 === 1) {
    return { code: Enc.BadLength, offset: len };
  }
  for (let i = 0; i < data; i++) {
    if (!alphabet.includes(text[i])) return { code: text[i] === "=" ? Enc.BadPadding : Enc.BadCharacter, offset: i };
  }
  const rem = data % 4;
  const last = data - 1;
  if (rem === 2 && (alphabet.indexOf(text[last]) & 0x0f) !== 0) return { code: Enc.TrailingBits, offset: last };
  if (rem === 3 && (alphabet.indexOf(text[last]) & 0x03) !== 0) return { code: Enc.TrailingBits, offset: last };
  return { code: Enc.Ok, offset: len };
}

/** hexExpect: the code and offset of a strict hex decoder (RFC 4648 §8, either case). */
export function hexExpect(text: string): Expect {
  if (text.length % 2 !== 0) return { code: Enc.BadLength, offset: text.length };
  const bad = text.search(/[^0-9a-fA-F]/);
  return bad < 0 ? { code: Enc.Ok, offset: text.length } : { code: Enc.BadCharacter, offset: bad };
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
const trimOws = (s: string): string => s.replace(/^[ \t]+/, "").replace(/[ \t]+$/, "");

export interface CookieLimits { maxCookies: number; maxLength: number; maxCookieLength: number }
export interface CookieResult { err: number; skipped: number; cookies: [string, string][] }

/** parseCookies: RFC 6265 §4.2.1 pairs of each "\n"-separated header value, with CookieJar's limits and skips. */
export function parseCookies(text: string, limits: CookieLimits): CookieResult {
  const out: CookieResult = { err: Http.Ok, skipped: 0, cookies: [] };
  let bytes = 0;
  for (const header of text.split("\n")) {
    if (header.length > limits.maxLength - bytes) { out.err = Http.TooLarge; continue; }
    bytes += header.length;
    for (const piece of header.split(";")) {
      const pair = trimOws(piece);
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      if (eq < 0) { out.skipped++; continue; }
      const name = trimOws(pair.slice(0, eq));
      let value = trimOws(pair.slice(eq + 1));
      if (!TOKEN.test(name)) { out.skipped++; continue; }
      if (value.length >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.slice(1, -1);
      if (name.length + value.length > limits.maxCookieLength || !COOKIE_OCTETS.test(value)) { out.skipped++; continue; }
      if (out.cookies.length >= limits.maxCookies) { out.err = Http.TooMany; break; }
      out.cookies.push([name, value]);
    }
  }
  return out;
}

export interface SetCookieSpec {
  name: string; value: string; path: string | null; domain: string | null; maxAge: number; expires: number;
  httpOnly: 0 | 1; secure: 0 | 1; sameSite: 0 | 1 | 2 | 3;
}
/** assembly/http/set_cookie.ts NO_EXPIRES (i64.MIN_VALUE, exact in f64). */
export const NO_EXPIRES = -(2 ** 63);
const MAX_HTTP_DATE = 253402300799;

/** buildSetCookie: the header SetCookie.build must produce, or the code it must fail with, in its check order. */
export function buildSetCookie(c: SetCookieSpec): { code: number; header?: string } {
  const fail = (code: number) => ({ code });
  if (!TOKEN.test(c.name)) return fail(Http.BadCookieName);
  if (!COOKIE_OCTETS.test(c.value)) return fail(Http.BadCookieValue);
  if (c.name.length + c.value.length > 4096) return fail(Http.TooLarge);
  let out = `${c.name}=${c.value}`;
  if (c.path !== null) {
    if (!/^\/[\x20-\x3A\x3C-\x7E]*$/.test(c.path) || c.path.length > 1024) return fail(Http.BadAttribute);
    out += `; Path=${c.path}`;
  }
  if (c.domain !== null) {
    if (c.domain.length > 1024 || !isHostName(c.domain)) return fail(Http.BadAttribute);
    out += `; Domain=${c.domain}`;
  }
  if (c.maxAge < -1) return fail(Http.BadAttribute);
  if (c.maxAge >= 0) out += `; Max-Age=${c.maxAge}`;
  if (c.expires !== NO_EXPIRES) {
    if (c.expires < 0 || c.expires > MAX_HTTP_DATE) return fail(Http.BadAttribute);
    out += `; Expires=${new Date(c.expires * 1000).toUTCString()}`;
  }
  if (c.sameSite === 3 && !c.secure) return fail(Http.InsecureSameSiteNone);
  const lower = c.name.toLowerCase();
  if (lower.startsWith("__secure-") && !c.secure) return fail(Http.BadPrefix);
  if (lower.startsWith("__host-") && (!c.secure || c.domain !== null || c.path !== "/")) return fail(Http.BadPrefix);
  if (c.secure) out += "; Secure";
  if (c.httpOnly) out += "; HttpOnly";
  out += ["", "; SameSite=Lax", "; SameSite=Strict", "; SameSite=None"][c.sameSite];
  return { code: Http.Ok, header: out };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** isHostName: LDH-and-underscore labels, 1..63 each, 253 in all; a numeric last label means strict IPv4. */
export function isHostName(s: string): boolean {
  if (s.length < 1 || s.length > 253 || !/^[A-Za-z0-9._-]+$/.test(s)) return false;
  const labels = s.split(".");
  if (labels.some((l) => l.length === 0 || l.length > 63)) return false;
  return /^(\d+|0[xX][0-9a-fA-F]*)$/.test(labels[labels.length - 1]) ? IPV4.test(s) : true;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** wellFormed replaces lone surrogates with U+FFFD (String.prototype.toWellFormed, which tsc's ES2022 lib lacks). */
export function wellFormed(s: string): string {
  return s.replace(new RegExp(LONE_SURROGATE.source, "g"), "\ufffd");
}

/** decodeStrict: decodeURIComponent, refusing what it refuses, and lone surrogates too (ours are text only). */
export function decodeStrict(s: string): string | null {
  if (LONE_SURROGATE.test(s)) return null;
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** queryPairs: URLSearchParams' pairs when every part decodes strictly, else null (ours then fails). */
export function queryPairs(s: string): [string, string][] | null {
  for (const piece of s.split("&")) {
    for (const part of piece.split("=")) if (decodeStrict(part.replaceAll("+", " ")) === null) return null;
  }
  return [...new URLSearchParams(s)];
}

/** encodeComponent: RFC 3986 unreserved kept, everything else escaped (MDN's fixedEncodeURIComponent). */
export function encodeComponent(s: string): string {
  return encodeURIComponent(wellFormed(s)).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** encodePath: encodeURI's set minus "?" and "#", which is RFC 3986 pchar and "/". */
export function encodePath(s: string): string {
  return encodeURI(wellFormed(s)).replace(/[?#]/g, (c) => (c === "?" ? "%3F" : "%23"));
}

/** encodeForm: what URLSearchParams writes for one name. */
export function encodeForm(s: string): string {
  return new URLSearchParams([[s, ""]]).toString().slice(0, -1);
}

export interface UrlParts { scheme: string; host: string; port: number; path: string; query: string | null; fragment: string | null }

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };
// Characters WHATWG URL escapes in some components and we keep raw (or the reverse): compare them decoded.
const normalize = (s: string): string => s.replace(/%(60|7B|7D|5E|27)/gi, (m) => decodeURIComponent(m));
const hasDotSegment = (path: string): boolean => path.split("/").some((seg) => /^(\.|%2e){1,2}$/i.test(seg));

/**
 * compareWithWhatwg returns why the guest's parts of an accepted input disagree with `new URL`, or null when
 * they agree. WHATWG is more lenient, so only acceptance and the components are compared, and not paths with dot
 * segments (WHATWG resolves them) or hosts with "xn--" labels (WHATWG checks their Punycode).
 */
export function compareWithWhatwg(input: string, p: UrlParts): string | null {
  if (/(^|\.)xn--/i.test(p.host)) return null;
  let u: URL;
  try {
    // An origin-form target is appended to a base origin, so "//x" stays a path as it is for a request target.
    u = p.scheme === "" ? new URL("http://base.invalid" + input) : new URL(input);
  } catch {
    return "new URL rejects it";
  }
  if (p.scheme !== "") {
    if (u.protocol !== p.scheme + ":") return `scheme ${u.protocol}`;
    const host = p.host.startsWith("[") ? new URL(`http://${p.host}/`).hostname : p.host;
    if (u.hostname !== host) return `host ${u.hostname}`;
    const port = u.port === "" ? DEFAULT_PORT[p.scheme] : Number(u.port);
    if (port !== (p.port < 0 ? DEFAULT_PORT[p.scheme] : p.port)) return `port ${u.port}`;
  }
  if (!hasDotSegment(p.path) && normalize(u.pathname) !== normalize(p.path)) return `path ${u.pathname}`;
  if (normalize(u.search) !== normalize(p.query ? "?" + p.query : "")) return `query ${u.search}`;
  if (normalize(u.hash) !== normalize(p.fragment ? "#" + p.fragment : "")) return `fragment ${u.hash}`;
  return null;
}

const BASE = "https://app.example.com/some/page";
const ORIGIN = "https://app.example.com";

/**
 * redirectEscapes returns how an accepted redirect target leaves https://app.example.com, or null: resolved by a
 * browser, and resolved again after each of up to three decodings by a server that unescapes it once more.
 */
export function redirectEscapes(target: string): string | null {
  let t = target;
  for (let round = 0; round <= 3; round++) {
    let u: URL;
    try {
      u = new URL(t, BASE);
    } catch {
      return round === 0 ? "new URL rejects it" : null;
    }
    if (u.origin !== ORIGIN) return `round ${round}: ${JSON.stringify(t)} resolves to ${u.origin}`;
    const path = u.pathname;
    if (path.startsWith("//")) return `round ${round}: path ${path} starts with //`;
    try {
      t = decodeURIComponent(t);
    } catch {
      return null;
    }
  }
  return null;
}
