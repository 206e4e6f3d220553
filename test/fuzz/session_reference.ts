// A reference of assembly/session written from its documented formats alone, on node:crypto: the sealed cookie
// (sealed.ts), the chunk layout (chunks.ts) and the payload record (payload.ts). The fuzz test holds the guest to
// it, code for code, so the comments in those files are what the bytes really are.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** The guest's SessionErr values (assembly/session/errors.ts). */
export const enum Err {
  Ok = 0, Absent = 1, Malformed = 2, Duplicate = 3, Forged = 4, Expired = 5, TooLarge = 6, BadKey = 7, BadName = 8,
  BadTimes = 9, NoRandom = 10, BadValue = 11, BadAttribute = 12, PayloadTruncated = 13, PayloadOverflow = 14,
  PayloadLimit = 15, PayloadBadUtf8 = 16, PayloadMalformed = 17,
}

/** The fixture guest's keys (test/fixtures/guests/fuzz_session.ts): KEY_A current, KEY_B previous. */
export const KEY_A = pattern(32, 7, 1);
export const KEY_B = pattern(32, 11, 5);

export const PREFIX = "v1.";
export const PURPOSE = "traefik-oidc-wasm/sealed-cookie/v1";
export const MAX_CHUNKS = 8;
export const MAX_CHUNK_VALUE = 3800;
export const MAX_SET_COOKIE_LINE = 4096;
export const MAX_SEALED_LENGTH = MAX_CHUNKS * MAX_CHUNK_VALUE - 2;
const NONCE = 12, TAG = 16, TIMES = 16;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export interface Opened { payload: Uint8Array; issuedAt: bigint; expiresAt: bigint; keyIndex: number }

/** isCookieName is chunks.ts's rule: an RFC 9110 token of at most 128 characters. */
export function isCookieName(name: string): boolean {
  return name.length <= 128 && TOKEN.test(name);
}

/** aad is PURPOSE || 0x00 || name. */
export function aad(name: string): Buffer {
  return Buffer.concat([Buffer.from(PURPOSE, "latin1"), Buffer.of(0), Buffer.from(name, "latin1")]);
}

/** nodeSeal seals as sealed.ts documents: "v1." || base64url(nonce || AEAD(le64 iat || le64 exp || payload)). */
export function nodeSeal(key: Uint8Array, name: string, payload: Uint8Array, iat: bigint, exp: bigint,
  nonce: Uint8Array = randomBytes(NONCE)): string {
  const plain = Buffer.alloc(TIMES + payload.length);
  plain.writeBigInt64LE(iat, 0);
  plain.writeBigInt64LE(exp, 8);
  plain.set(payload, TIMES);
  const c = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: TAG });
  c.setAAD(aad(name), { plaintextLength: plain.length });
  const body = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
  return PREFIX + Buffer.concat([nonce, body]).toString("base64url");
}

/** strictBase64url decodes s only when it is the one unpadded base64url spelling of its bytes (RFC 4648 §5). */
export function strictBase64url(s: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const b = Buffer.from(s, "base64url");
  return b.toString("base64url") === s ? b : null;
}

/** nodeOpen opens value as openCookie does, checks in the same order, and returns the same code. */
export function nodeOpen(keys: Uint8Array[], name: string, value: string, now: bigint): { err: Err; opened?: Opened } {
  if (!isCookieName(name)) return { err: Err.BadName };
  if (value.length > MAX_SEALED_LENGTH) return { err: Err.TooLarge };
  if (!value.startsWith(PREFIX)) return { err: Err.Malformed };
  const raw = strictBase64url(value.slice(PREFIX.length));
  if (raw === null || raw.length < NONCE + TIMES + TAG) return { err: Err.Malformed };
  const nonce = raw.subarray(0, NONCE), ct = raw.subarray(NONCE, raw.length - TAG), tag = raw.subarray(raw.length - TAG);
  for (let i = 0; i < keys.length; i++) {
    const d = createDecipheriv("chacha20-poly1305", keys[i], nonce, { authTagLength: TAG });
    d.setAAD(aad(name), { plaintextLength: ct.length });
    d.setAuthTag(tag);
    let plain: Buffer;
    try {
      plain = Buffer.concat([d.update(ct), d.final()]);
    } catch {
      continue;
    }
    const issuedAt = plain.readBigInt64LE(0), expiresAt = plain.readBigInt64LE(8);
    if (now >= expiresAt) return { err: Err.Expired };
    return { err: Err.Ok, opened: { payload: new Uint8Array(plain.subarray(TIMES)), issuedAt, expiresAt, keyIndex: i } };
  }
  return { err: Err.Forged };
}

/** refReadChunks reassembles name from cookie pairs (in header order) as readChunks does. */
export function refReadChunks(pairs: Array<[string, string]>, name: string): { err: Err; value?: string } {
  const only = (n: string, missing: Err): { err: Err; value?: string } => {
    const found = pairs.filter(([k]) => k === n);
    if (found.length === 0) return { err: missing };
    if (found.length > 1) return { err: Err.Duplicate };
    return { err: Err.Ok, value: found[0][1] };
  };
  const head = only(name, Err.Absent);
  if (head.value === undefined) return head;
  const h = head.value;
  const count = h.length >= 2 ? h.charCodeAt(0) - 0x30 : -1;
  if (count < 1 || count > MAX_CHUNKS || h[1] !== "~") return { err: Err.Malformed };
  if (h.length > MAX_CHUNK_VALUE) return { err: Err.TooLarge };
  let out = h.slice(2);
  for (let k = 1; k < count; k++) {
    const part = only(`${name}.${k}`, Err.Malformed);
    if (part.value === undefined) return part;
    if (part.value.length > MAX_CHUNK_VALUE) return { err: Err.TooLarge };
    out += part.value;
  }
  return { err: Err.Ok, value: out };
}

/** A payload field: a string, an int, a list of strings or bytes. */
export type Field = { s: string } | { i: bigint } | { l: string[] } | { b: Uint8Array };

/** encodeRecord writes format 1 of payload.ts: 0x01, schema, uvarint count, then tagged fields. */
export function encodeRecord(schema: number, fields: Field[]): Uint8Array {
  const out: number[] = [1, schema];
  uvarint(out, BigInt(fields.length));
  const text = (s: string) => {
    const b = Buffer.from(s, "utf8");
    uvarint(out, BigInt(b.length));
    out.push(...b);
  };
  for (const f of fields) {
    if ("s" in f) { out.push(1); text(f.s); }
    else if ("i" in f) { out.push(2); uvarint(out, BigInt.asUintN(64, (f.i << 1n) ^ (f.i >> 63n))); }
    else if ("l" in f) { out.push(3); uvarint(out, BigInt(f.l.length)); f.l.forEach(text); }
    else { out.push(4); uvarint(out, BigInt(f.b.length)); out.push(...f.b); }
  }
  return Uint8Array.from(out);
}

/** dumpRecord is the fixture guest's dump of a record (fuzz_session.ts `dump`). */
export function dumpRecord(schema: number, fields: Field[]): string {
  const item = (t: string) => `${t.length}:${t}`;
  return `${schema}:` + fields.map((f) => {
    if ("s" in f) return "s" + item(f.s);
    if ("i" in f) return `i${f.i};`;
    if ("l" in f) return `l${f.l.length}:` + f.l.map(item).join("");
    return "b" + Buffer.from(f.b).toString("hex") + ";";
  }).join("");
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** decodeRecord reads format 1 as payload.ts documents it and returns the same code decodePayload gives. */
export function decodeRecord(b: Uint8Array): { err: Err; schema?: number; fields?: Field[] } {
  if (b.length > 16384) return { err: Err.PayloadLimit };
  let at = 0;
  class Stop { constructor(readonly err: Err) {} }
  const byte = (): number => {
    if (at >= b.length) throw new Stop(Err.PayloadTruncated);
    return b[at++];
  };
  const varint = (): bigint => {
    let v = 0n;
    for (let i = 0; i < 10; i++) {
      const x = byte();
      if (i === 9 && x > 1) throw new Stop(Err.PayloadOverflow);
      v |= BigInt(x & 0x7f) << BigInt(7 * i);
      if (x < 0x80) {
        if (x === 0 && i > 0) throw new Stop(Err.PayloadMalformed);
        return v;
      }
    }
    throw new Error("unreachable");
  };
  const count = (limit: number): number => {
    const v = varint();
    if (v > BigInt(limit)) throw new Stop(Err.PayloadLimit);
    return Number(v);
  };
  const run = (): Uint8Array => {
    const n = count(4096);
    if (n > b.length - at) throw new Stop(Err.PayloadTruncated);
    at += n;
    return b.subarray(at - n, at);
  };
  const text = (): string => {
    try {
      return utf8.decode(run());
    } catch (e) {
      if (e instanceof Stop) throw e;
      throw new Stop(Err.PayloadBadUtf8);
    }
  };
  try {
    if (byte() !== 1) throw new Stop(Err.PayloadMalformed);
    const schema = byte();
    const n = count(64);
    const fields: Field[] = [];
    for (let i = 0; i < n; i++) {
      const tag = byte();
      if (tag === 1) fields.push({ s: text() });
      else if (tag === 2) {
        const u = varint();
        fields.push({ i: BigInt.asIntN(64, (u >> 1n) ^ -(u & 1n)) });
      } else if (tag === 3) {
        const k = count(256);
        const l: string[] = [];
        for (let j = 0; j < k; j++) l.push(text());
        fields.push({ l });
      } else if (tag === 4) fields.push({ b: run().slice() });
      else throw new Stop(Err.PayloadMalformed);
    }
    if (at !== b.length) throw new Stop(Err.PayloadMalformed);
    return { err: Err.Ok, schema, fields };
  } catch (e) {
    if (e instanceof Stop) return { err: e.err };
    throw e;
  }
}

function uvarint(out: number[], v: bigint): void {
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

export function pattern(n: number, mul: number, add: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * mul + add) & 0xff;
  return out;
}

/** The fixture guest's attribute sets for `chunk` (fuzz_session.ts): 0 plain, 1 with Domain, long Path, Expires. */
export const ATTR_SETS = 2;

/** refSetCookie renders one Set-Cookie line as SetCookie.build does for attribute set attrSet. */
export function refSetCookie(name: string, value: string, attrSet: number, deletion: boolean): string {
  let s = `${name}=${value}; Path=${attrSet === 1 ? "/" + "p".repeat(600) : "/"}`;
  if (attrSet === 1) s += "; Domain=login.example.com";
  s += `; Max-Age=${deletion ? 0 : 3600}`;
  if (deletion) s += "; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
  else if (attrSet === 1) s += `; Expires=${new Date(1_700_000_000_000).toUTCString()}`;
  return s + "; Secure; HttpOnly; SameSite=Lax";
}

/** isCookieOctet is RFC 6265 §4.1.1 cookie-octet. */
export function isCookieOctet(c: number): boolean {
  return c === 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
    (c >= 0x5d && c <= 0x7e);
}

/** refBudget is chunkBudget: the Set-Cookie line of the longest chunk name stays within MAX_SET_COOKIE_LINE. */
export function refBudget(name: string, attrSet: number): number {
  return Math.min(MAX_CHUNK_VALUE, MAX_SET_COOKIE_LINE - refSetCookie(`${name}.${MAX_CHUNKS - 1}`, "", attrSet, false).length);
}

/**
 * refChunkLines is chunkCookies: the lines for every chunk, then deletions of the chunk names carried holds past
 * the count, with the same checks in the same order.
 */
export function refChunkLines(name: string, value: string, attrSet: number, carried: Set<string>): { err: Err; lines?: string[] } {
  if (!isCookieName(name)) return { err: Err.BadName };
  if (value.length > MAX_SEALED_LENGTH) return { err: Err.TooLarge };
  for (let i = 0; i < value.length; i++) if (!isCookieOctet(value.charCodeAt(i))) return { err: Err.BadValue };
  // RFC 6265bis §4.1.3: a __Host- cookie may carry no Domain (prefixes match case-insensitively).
  if (attrSet === 1 && name.toLowerCase().startsWith("__host-")) return { err: Err.BadAttribute };
  const budget = refBudget(name, attrSet);
  const count = Math.ceil((value.length + 2) / budget);
  if (count > MAX_CHUNKS) return { err: Err.TooLarge };
  const lines: string[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    const take = k === 0 ? budget - 2 : budget;
    const part = (k === 0 ? `${count}~` : "") + value.slice(at, at + take);
    at += take;
    lines.push(refSetCookie(k === 0 ? name : `${name}.${k}`, part, attrSet, false));
  }
  for (let k = count; k < MAX_CHUNKS; k++) {
    if (carried.has(`${name}.${k}`)) lines.push(refSetCookie(`${name}.${k}`, "", attrSet, true));
  }
  return { err: Err.Ok, lines };
}
