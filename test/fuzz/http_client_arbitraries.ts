// Responses for the HTTP client fuzz test: a JS model of an HTTP/1.x response (interim responses, fields,
// framing by Content-Length, chunks or the close, trailers, every line end the parser accepts), its wire bytes,
// what the guest must make of it, and fast-check generators for well-formed and damaged input.
import fc from "fast-check";
import type { Parsed } from "./http_client_guest.js";

export interface Field { name: string; value: Uint8Array; padBefore: string; padAfter: string }
export interface Chunk { size: number; ext: string }
export interface Spec {
  minor: 0 | 1;
  interim: { status: number; reason: string; fields: Field[] }[];
  status: number;
  reason: Uint8Array;
  omitSpace: boolean; // "HTTP/1.1 200" with no SP, allowed only for an empty reason
  fields: Field[];
  framing: "length" | "chunked" | "close" | "none";
  lengthSpelling: string[]; // Content-Length lines for "length" (or for a bodyless response), all the same value
  teSpelling: string;
  framingAt: number; // index among fields where the framing lines go
  body: Uint8Array;
  chunks: Chunk[];
  lastExt: string;
  trailers: Field[];
  head: boolean;
  lf: boolean[]; // per line: bare LF instead of CRLF (cycled)
}

export function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** noBody says whether the parser must read no body: HEAD, 204 and 304 (RFC 9112 §6.3 item 1). */
export function noBody(s: Spec): boolean {
  return s.head || s.status === 204 || s.status === 304;
}

/** encode writes the response as a server would. */
export function encode(s: Spec): Uint8Array {
  const out: Uint8Array[] = [];
  let line = 0;
  const eol = (): Uint8Array => ascii(s.lf[line++ % s.lf.length] ? "\n" : "\r\n");
  const field = (f: Field): void => { out.push(ascii(`${f.name}:${f.padBefore}`), f.value, ascii(f.padAfter), eol()); };
  for (const i of s.interim) {
    out.push(ascii(`HTTP/1.${s.minor} ${i.status} ${i.reason}`), eol());
    i.fields.forEach(field);
    out.push(eol());
  }
  out.push(ascii(`HTTP/1.${s.minor} ${s.status}${s.omitSpace && s.reason.length === 0 ? "" : " "}`), s.reason, eol());
  const framing: Uint8Array[][] = [];
  if (s.framing === "length" || (s.framing === "none" && s.lengthSpelling.length > 0)) {
    for (const v of s.lengthSpelling) framing.push([ascii(`Content-Length: ${v}`)]);
  }
  if (s.framing === "chunked") framing.push([ascii(`Transfer-Encoding: ${s.teSpelling}`)]);
  s.fields.forEach((f, i) => {
    if (i === s.framingAt) for (const l of framing) out.push(...l, eol());
    field(f);
  });
  if (s.framingAt >= s.fields.length) for (const l of framing) out.push(...l, eol());
  out.push(eol());
  if (noBody(s) || s.framing === "none") return concat(out);
  if (s.framing !== "chunked") return concat([...out, s.body]);
  let at = 0;
  for (const c of s.chunks) {
    out.push(ascii(c.size.toString(16) + c.ext), eol(), s.body.subarray(at, at + c.size), eol());
    at += c.size;
  }
  out.push(ascii(`0${s.lastExt}`), eol());
  s.trailers.forEach(field);
  out.push(eol());
  return concat(out);
}

const lossy = new TextDecoder();

/** expected is what the guest must return for s: fields lowercased and trimmed, framing lines in place. */
export function expected(s: Spec): Parsed {
  const headers: [string, string][] = [];
  const framing: [string, string][] = [];
  if (s.framing === "length" || (s.framing === "none" && s.lengthSpelling.length > 0)) {
    for (const v of s.lengthSpelling) framing.push(["content-length", v]);
  }
  if (s.framing === "chunked") framing.push(["transfer-encoding", s.teSpelling.trim()]);
  s.fields.forEach((f, i) => {
    if (i === s.framingAt) headers.push(...framing);
    headers.push([f.name.toLowerCase(), lossy.decode(f.value)]);
  });
  if (s.framingAt >= s.fields.length) headers.push(...framing);
  return {
    status: s.status, minor: s.minor, interim: s.interim.length, headers, reason: lossy.decode(s.reason),
    body: noBody(s) || s.framing === "none" ? new Uint8Array(0) : s.body,
  };
}

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const name = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 12 })
  .filter((n) => !["content-length", "transfer-encoding"].includes(n.toLowerCase()));
// Field-value bytes: VCHAR and obs-text, with SP and HTAB only inside (RFC 9110 §5.5).
const vbyte = fc.oneof(fc.integer({ min: 0x21, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }));
const value = fc.tuple(fc.array(fc.tuple(fc.array(vbyte, { minLength: 1, maxLength: 6 }), fc.constantFrom("", " ", "\t", " \t ")), { maxLength: 4 }))
  .map(([parts]) => {
    const bytes: number[] = [];
    parts.forEach(([word, gap], i) => { if (i > 0) bytes.push(...ascii(gap || " ")); bytes.push(...word); });
    return Uint8Array.from(bytes);
  });
const pad = fc.constantFrom("", "", " ", "\t", "  ", " \t");
const field: fc.Arbitrary<Field> = fc.record({ name, value, padBefore: pad, padAfter: pad });
const reasonBytes = fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(0x09), fc.integer({ min: 0x80, max: 0xff })), { maxLength: 16 })
  .map((b) => Uint8Array.from(b));
const chunkExt = fc.constantFrom("", "", "", ";a", ";a=b", " ;x=\"q;r\"", "\t;k", ";n=1;m");

function partition(total: number, cuts: number[]): number[] {
  const points = [...new Set(cuts.map((c) => c % (total + 1)))].filter((c) => c > 0 && c < total).sort((a, b) => a - b);
  const sizes: number[] = [];
  let prev = 0;
  for (const p of [...points, total]) { sizes.push(p - prev); prev = p; }
  return total === 0 ? [] : sizes;
}

/** spec generates well-formed responses, with bodies up to maxBody bytes. */
export function spec(maxBody = 300): fc.Arbitrary<Spec> {
  return fc.record({
    minor: fc.constantFrom(0 as const, 1 as const, 1 as const),
    interim: fc.array(fc.record({ status: fc.constantFrom(100, 102, 103, 199), reason: fc.constantFrom("", "Continue", "Early Hints"), fields: fc.array(field, { maxLength: 2 }) }), { maxLength: 2 }),
    status: fc.oneof(fc.integer({ min: 200, max: 599 }), fc.constantFrom(200, 204, 304, 404)),
    reason: reasonBytes,
    omitSpace: fc.boolean(),
    fields: fc.array(field, { maxLength: 6 }),
    framingKind: fc.constantFrom("length", "chunked", "close", "none"),
    clValue: fc.nat({ max: 5000 }),
    clCopies: fc.array(fc.constantFrom("plain", "zeros", "list"), { minLength: 1, maxLength: 2 }),
    teSpelling: fc.constantFrom("chunked", "Chunked", "CHUNKED", " chunked", "chunked ", ", chunked", "chunked,"),
    framingAt: fc.nat({ max: 7 }),
    body: fc.uint8Array({ maxLength: maxBody }),
    cuts: fc.array(fc.nat({ max: 1000 }), { maxLength: 6 }),
    exts: fc.array(chunkExt, { minLength: 8, maxLength: 8 }),
    lastExt: chunkExt,
    trailers: fc.array(field, { maxLength: 3 }),
    head: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
    lf: fc.array(fc.integer({ min: 0, max: 3 }).map((n) => n === 0), { minLength: 1, maxLength: 8 }),
  }).map((r): Spec => {
    let framing = r.framingKind as Spec["framing"];
    if (framing === "chunked" && r.minor === 0) framing = "length"; // RFC 9112 §6.1: no chunked in HTTP/1.0
    const bodyless = r.head || r.status === 204 || r.status === 304;
    if (framing === "none" && !bodyless) framing = "close";
    const length = framing === "length" && !bodyless ? r.body.length : r.clValue;
    const lengthSpelling = framing === "length" || framing === "none"
      ? (framing === "none" && r.clCopies.length === 1 && r.clCopies[0] === "plain" ? [] : r.clCopies.map((c) =>
        c === "plain" ? `${length}` : c === "zeros" ? `00${length}` : `${length}, ${length}`))
      : [];
    const sizes = partition(r.body.length, r.cuts);
    return {
      minor: r.minor, interim: r.interim, status: r.status, reason: r.reason, omitSpace: r.omitSpace, fields: r.fields,
      framing, lengthSpelling, teSpelling: r.teSpelling, framingAt: r.framingAt, body: r.body,
      chunks: sizes.map((size, i) => ({ size, ext: r.exts[i % r.exts.length] })), lastExt: r.lastExt,
      trailers: r.trailers, head: r.head, lf: r.lf,
    };
  });
}

/** feeds: feed sizes, empty feeds included; bytes beyond them arrive as one last feed. */
export const feeds = fc.array(fc.integer({ min: 0, max: 16 }), { maxLength: 48 });

const TOKENS = ["HTTP/1.1 ", "HTTP/1.0 ", "HTTP/2 ", "200 OK", "100 Continue", "101 ", "204 ", "304 ", "199 ", "\r\n", "\n",
  "\r", ":", " ", "\t", "Content-Length: ", "content-length:", "Transfer-Encoding: ", "chunked", "gzip", "0", "1", "5",
  "ff", "FFFFFFFFFFFFFFFFF", ";", "=", ",", "x", "\0", "\x7f", "\xff", "99999999999999999999", "\r\n\r\n", "0\r\n\r\n",
  "X: y\r\n", "5\r\nhello\r\n", "HTTP/1.1 200 OK\r\n"].map(ascii);

/** soup: tokens of HTTP's alphabet strung together, so parsing gets past the status line now and then. */
export const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).map(concat);

type Mutation = { kind: "set" | "insert" | "delete" | "dup" | "cut"; at: number; n: number; token: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("set", "set", "insert", "insert", "delete", "dup", "cut"),
  at: fc.nat(), n: fc.integer({ min: 1, max: 8 }), token: fc.nat(),
});
const SPECIAL = [0x0d, 0x0a, 0x3a, 0x20, 0x09, 0x30, 0x66, 0x3b, 0x00, 0x7f, 0xff, 0x2c, 0x31, 0x39];

/** mutate applies damage to bytes: single bytes set, tokens inserted, ranges deleted or repeated, the end cut. */
export function mutate(bytes: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = Array.from(bytes);
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % (b.length + 1);
    switch (m.kind) {
      case "set": if (at < b.length) b[at] = m.token % 3 === 0 ? m.token & 0xff : SPECIAL[m.token % SPECIAL.length]; break;
      case "insert": b.splice(at, 0, ...TOKENS[m.token % TOKENS.length]); break;
      case "delete": b.splice(at, m.n); break;
      case "dup": b.splice(at, 0, ...b.slice(at, at + m.n * 4)); break;
      case "cut": b = b.slice(0, at); break;
    }
  }
  return Uint8Array.from(b);
}

/** mutated: well-formed responses with one to four mutations. */
export const mutated = fc.tuple(spec(120), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([s, ms]) => ({ s, data: mutate(encode(s), ms) }));
