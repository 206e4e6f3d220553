// Shared helpers for the session specs: keys, bytes from text and back, and a browser's view of Set-Cookie lines
// (which cookies it would send back), so chunking is tested the way a round trip through a browser goes.
import { CookieJar } from "../../../assembly/http/cookie";
import { SetCookie } from "../../../assembly/http/set_cookie";
import { CookieKeys } from "../../../assembly/session/sealed";

/** key returns 32 bytes of value fill. */
export function key(fill: u8): Uint8Array {
  const k = new Uint8Array(32);
  k.fill(fill);
  return k;
}

/** keysOf builds a CookieKeys from a current fill and previous fills. */
export function keysOf(current: u8, previous: Array<u8> = []): CookieKeys {
  const prev = new Array<Uint8Array>();
  for (let i = 0; i < previous.length; i++) prev.push(key(previous[i]));
  return new CookieKeys(key(current), prev);
}

/** bytes encodes s as UTF-8. */
export function bytes(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** text decodes UTF-8 bytes, and null as "null". */
export function text(b: Uint8Array | null): string {
  if (b === null) return "null";
  return String.UTF8.decode(b.slice().buffer);
}

/** toHex encodes bytes as lowercase hex, and null as "null". */
export function toHex(b: Uint8Array | null): string {
  if (b === null) return "null";
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
  return s;
}

/** pattern returns n bytes that differ from position to position. */
export function pattern(n: i32, seed: i32 = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = <u8>(i * 31 + seed * 17 + (i >> 8));
  return out;
}

/** repeat returns n copies of the character c. */
export function repeat(c: string, n: i32): string {
  return c.repeat(n);
}

/** attrs returns the attributes template the chunk specs use: Path=/, Max-Age=3600, the secure defaults. */
export function attrs(): SetCookie {
  const a = new SetCookie("", "");
  a.maxAge = 3600;
  return a;
}

/** nameOf returns the cookie name of a Set-Cookie line. */
export function nameOf(line: string): string {
  return line.substring(0, line.indexOf("="));
}

/** pairOf returns the `name=value` of a Set-Cookie line. */
export function pairOf(line: string): string {
  const semi = line.indexOf(";");
  return semi < 0 ? line : line.substring(0, semi);
}

/** isDeletion reports a Set-Cookie line that removes its cookie (Max-Age=0). */
export function isDeletion(line: string): bool {
  return line.includes("; Max-Age=0;") || line.endsWith("; Max-Age=0");
}

/** header joins name=value pairs as one Cookie header. */
export function header(pairs: Array<string>): string {
  return pairs.join("; ");
}

/** browserSends returns the Cookie header a browser sends after storing lines (deletions left out). */
export function browserSends(lines: Array<string>): string {
  const pairs = new Array<string>();
  for (let i = 0; i < lines.length; i++) if (!isDeletion(lines[i])) pairs.push(pairOf(lines[i]));
  return header(pairs);
}

/** jarOf parses one Cookie header into a fresh jar. */
export function jarOf(cookieHeader: string): CookieJar {
  const jar = new CookieJar();
  jar.parse(cookieHeader);
  return jar;
}
