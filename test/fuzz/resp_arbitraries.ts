// Reply trees for the RESP fuzz test: a JS model of RESP2/RESP3 values, its wire encoding (with every spelling the
// reader must accept), its canonical form (what fuzz_resp writes back), and fast-check generators for both
// well-formed and damaged input.
import fc from "fast-check";

export type Pair = [Node, Node];
export type Node = (
  | { t: "null"; spell: "_" | "$-1" | "*-1" }
  | { t: "simple"; s: Uint8Array }
  | { t: "error"; s: Uint8Array; bulk: boolean }
  | { t: "int"; n: bigint }
  | { t: "bulk"; b: Uint8Array }
  | { t: "bool"; v: boolean }
  | { t: "double"; text: string }
  | { t: "big"; text: string }
  | { t: "verbatim"; fmt: string; b: Uint8Array }
  | { t: "agg"; type: "*" | "~" | ">"; items: Node[] }
  | { t: "map"; pairs: Pair[] }
) & { attrs?: Pair[] };

// Every string encoded here is ASCII; a plain loop is several times faster than TextEncoder for short tokens.
function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** encode writes node as a server would, in whichever spelling the node carries. */
export function encode(node: Node, out: Uint8Array[] = []): Uint8Array[] {
  if (node.attrs) {
    out.push(ascii(`|${node.attrs.length}\r\n`));
    for (const [k, v] of node.attrs) { encode(k, out); encode(v, out); }
  }
  switch (node.t) {
    case "null": out.push(ascii(node.spell + "\r\n")); break;
    case "simple": out.push(ascii("+"), node.s, ascii("\r\n")); break;
    case "error":
      if (node.bulk) out.push(ascii(`!${node.s.length}\r\n`), node.s, ascii("\r\n"));
      else out.push(ascii("-"), node.s, ascii("\r\n"));
      break;
    case "int": out.push(ascii(`:${node.n}\r\n`)); break;
    case "bulk": out.push(ascii(`$${node.b.length}\r\n`), node.b, ascii("\r\n")); break;
    case "bool": out.push(ascii(node.v ? "#t\r\n" : "#f\r\n")); break;
    case "double": out.push(ascii(`,${node.text}\r\n`)); break;
    case "big": out.push(ascii(`(${node.text}\r\n`)); break;
    case "verbatim": out.push(ascii(`=${node.b.length + 4}\r\n${node.fmt}:`), node.b, ascii("\r\n")); break;
    case "agg":
      out.push(ascii(`${node.type}${node.items.length}\r\n`));
      for (const item of node.items) encode(item, out);
      break;
    case "map":
      out.push(ascii(`%${node.pairs.length}\r\n`));
      for (const [k, v] of node.pairs) { encode(k, out); encode(v, out); }
      break;
  }
  return out;
}

/** canonical writes node as fuzz_resp serializes the decoded value: one spelling per kind. */
export function canonical(node: Node, out: Uint8Array[] = []): Uint8Array[] {
  if (node.attrs) {
    out.push(ascii(`|${node.attrs.length}\r\n`));
    for (const [k, v] of node.attrs) { canonical(k, out); canonical(v, out); }
  }
  switch (node.t) {
    case "null": out.push(ascii("_\r\n")); break;
    case "error": out.push(ascii(`!${node.s.length}\r\n`), node.s, ascii("\r\n")); break;
    case "double": out.push(ascii(`,${node.text};${doubleBits(node.text)}\r\n`)); break;
    case "agg":
      out.push(ascii(`${node.type}${node.items.length}\r\n`));
      for (const item of node.items) canonical(item, out);
      break;
    case "map":
      out.push(ascii(`%${node.pairs.length}\r\n`));
      for (const [k, v] of node.pairs) { canonical(k, out); canonical(v, out); }
      break;
    default: encode({ ...node, attrs: undefined }, out);
  }
  return out;
}

// The f64 bits of a RESP3 double's text as lowercase hex, "nan" for NaN (its bits are not specified).
function doubleBits(text: string): string {
  const v = text === "inf" || text === "+inf" ? Infinity : text === "-inf" ? -Infinity : Number(text);
  if (Number.isNaN(v)) return "nan";
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16);
}

const lineBytes = fc.uint8Array({ maxLength: 24 }).map((b) => b.filter((c) => c !== 0x0d && c !== 0x0a));
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 24 }),
  fc.constantFrom("\r\n", "*1\r\n$4\r\nPING\r\n", "", "\r", "\n").map(ascii),
  fc.uint8Array({ minLength: 50, maxLength: 200 }),
);
// Extreme exponents take the slow, exact conversion path (~0.2 ms each), so most doubles are moderate.
const doubleText = fc.oneof(
  { arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String), weight: 12 },
  fc.double().map((x) => (Number.isNaN(x) ? "nan" : x === Infinity ? "inf" : x === -Infinity ? "-inf" : String(x))),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x).toUpperCase().replace(/^(\d)/, "+$1")),
  fc.constantFrom("0", "-0", "1e400", "-1e-400", "0.30000000000000004", "2.2250738585072011e-308", "+inf"),
);

const scalar: fc.Arbitrary<Node> = fc.oneof(
  fc.constantFrom("_", "$-1", "*-1").map((spell) => ({ t: "null", spell }) as Node),
  lineBytes.map((s) => ({ t: "simple", s }) as Node),
  fc.record({ s: lineBytes, bulk: fc.constant(false) }).map((r) => ({ t: "error", ...r }) as Node),
  fc.record({ s: anyBytes, bulk: fc.constant(true) }).map((r) => ({ t: "error", ...r }) as Node),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => ({ t: "int", n }) as Node),
  anyBytes.map((b) => ({ t: "bulk", b }) as Node),
  fc.boolean().map((v) => ({ t: "bool", v }) as Node),
  doubleText.map((text) => ({ t: "double", text }) as Node),
  fc.tuple(fc.constantFrom("", "-", "+"), fc.bigInt({ min: 0n, max: 10n ** 60n }))
    .map(([sign, n]) => ({ t: "big", text: sign + n }) as Node),
  fc.record({ fmt: fc.constantFrom("txt", "mkd", "abc"), b: anyBytes }).map((r) => ({ t: "verbatim", ...r }) as Node),
);

/** replyTree: any RESP value up to depth 4, some with attributes. */
export const replyTree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.record({ type: fc.constantFrom("*", "~", ">"), items: fc.array(tie("node"), { maxLength: 4 }) })
      .map((r) => ({ t: "agg", ...r }) as Node),
    fc.array(fc.tuple(tie("node"), tie("node")), { maxLength: 3 }).map((pairs) => ({ t: "map", pairs }) as Node),
    fc.tuple(fc.array(fc.tuple(scalar, tie("node")), { minLength: 0, maxLength: 2 }), tie("node"))
      .map(([attrs, node]) => ({ ...node, attrs: node.attrs ? [...attrs, ...node.attrs] : attrs }) as Node),
  ),
})).node;

/** chunking: feed sizes, zero-length feeds included; bytes beyond them arrive as one last feed. */
export const chunking = fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 48 });

const TOKENS = ["\r\n", "\r", "\n", "*", "$", "%", "~", ">", "|", "!", "=", "+", "-", ":", "_", "#", ",", "(", "-1",
  "-2", "0", "00", "1", "4", "9223372036854775807", "9223372036854775808", "99999999999999999999", "t", "f", "inf",
  "nan", "1.5e3", "txt:", "*1\r\n", "$3\r\nabc\r\n", "|1\r\n+a\r\n:1\r\n", "%1\r\n", "*-1\r\n", "$-1\r\n", "_\r\n",
  "x", " ", "\0", "\xff"].map((s) => Uint8Array.from(s, (c) => c.charCodeAt(0)));

/** soup: tokens of RESP's alphabet strung together, so decoding gets past the first byte. */
export const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).map(concat);

type Mutation = { kind: number; pos: number; len: number; token: Uint8Array; bit: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.integer({ min: 0, max: 5 }), pos: fc.nat(), len: fc.integer({ min: 1, max: 6 }),
  token: fc.constantFrom(...TOKENS), bit: fc.integer({ min: 0, max: 7 }),
});

function mutate(input: Uint8Array, m: Mutation): Uint8Array {
  const pos = input.length === 0 ? 0 : m.pos % (input.length + 1);
  const head = input.subarray(0, pos);
  const tail = input.subarray(pos);
  switch (m.kind) {
    case 0: return concat([head, m.token, tail]);
    case 1: return concat([head, tail.subarray(m.len)]);
    case 2: return concat([head, m.token, tail.subarray(m.len)]);
    case 3: return input.subarray(0, pos);
    case 4: return concat([head, tail.subarray(0, m.len), tail]);
    default: {
      const out = input.slice();
      if (pos < out.length) out[pos] ^= 1 << m.bit;
      return out;
    }
  }
}

/** pipeline: one to three replies, to be sent back to back. */
export const pipeline = fc.array(replyTree, { minLength: 1, maxLength: 3 });

/** mutated: encoded pipelines with one to three edits. */
export const mutated = fc.tuple(pipeline, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([nodes, ms]) => ms.reduce(mutate, concat(nodes.flatMap((n) => encode(n)))));
