// Fuzzes assembly/x509 inside a real guest module (release build options, test/fixtures/guests/x509_probe.ts):
// mutations of real certificates (openssl-made and the system CA bundle's) and random DER trees through
// Certificate.parse and verifyServerChain, certificate-shaped DER built from hostile field values, PEM texts
// through TrustStore.fromPem, and server lists of real and mutated certificates. Every input must (1) never
// trap, (2) end with an X509Err code and, when it fails, a detail, (3) parse only if OpenSSL (node's
// X509Certificate) parses it too, and (4) verify only if the server's certificate is an unchanged original.
// FUZZ_RUNS (default 100000) is the total across generators; FUZZ_SEED replays one run.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { InProcessGuest, toHex, type GuestBuffers } from "../support/inprocess_guest.js";
import { Pki, type Issued } from "../support/pki.js";

interface ProbeExports extends GuestBuffers {
  load_anchors(ptr: number, len: number): number;
  verify_chain(now: bigint, hostLen: number, ptr: number, len: number): number;
  fuzz_der(now: bigint, flags: number, ptr: number, len: number): number;
  fuzz_pem(ptr: number, len: number): number;
  last_key_kind(): number;
}

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 100000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const NOW = BigInt(Math.floor(Date.now() / 1000));
const HOST = "idp.example.com";
const MAX_ERR = 16; // X509Err.NoCertificates, the last code
const BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
// fuzz_der flags (x509_probe.ts): 1 checks a TLS 1.3 signature with every scheme, 2 uses the loaded store, 4 also
// verifies the certificate sent twice. Each costs signature checks (up to a millisecond for RSA-4096), so only a
// share of the inputs carries one.
const TLS13 = 1, STORE = 2, TWICE = 4;

let guest: InProcessGuest<ProbeExports>;
let pki: Pki;
/** seeds are real certificates; leaves those whose chains (leaf first) verify for HOST against the roots. */
let seeds: Uint8Array[] = [];
let chains: Uint8Array[][] = [];
let originals: Set<string>;
const codes = new Map<string, number>();
let inputs = 0;

before(async () => {
  guest = await InProcessGuest.load<ProbeExports>("x509_probe");
  pki = Pki.create();
  const roots: Issued[] = [];
  for (const key of ["p256", "rsa2048", "ed25519", "p384"] as const) {
    const root = pki.issue({ subject: `/O=Fuzz/CN=Fuzz Root ${key}`, key, pathLen: 2,
      nameConstraints: key === "p384" ? "critical,permitted;DNS:example.com,excluded;IP:10.0.0.0/255.0.0.0" : undefined });
    const inter = pki.issue({ subject: `/CN=Fuzz Intermediate ${key}`, key, issuer: root, ca: true, pss: key === "rsa2048" });
    const leaf = pki.issue({ subject: `/CN=${HOST}`, keyName: `fuzz leaf ${key}`, key, issuer: inter,
      dns: [HOST, "*.example.com"], ips: ["192.0.2.1", "2001:db8::1"], extKeyUsage: ["serverAuth", "clientAuth"],
      extensions: key === "ed25519" ? ["1.2.3.4.5 = DER:05:00"] : [] });
    roots.push(root);
    // Copies as plain Uint8Arrays, which no mutation can reach (a Buffer's slice() shares its memory).
    const [r, i, l] = [root, inter, leaf].map((c) => Uint8Array.from(c.certDer));
    seeds.push(r, i, l);
    chains.push([l, i]);
  }
  seeds.push(Uint8Array.from(pki.issue({ subject: "/CN=odd", issuer: roots[0], ca: false, keyUsage: ["keyEncipherment"],
    extensions: ["1.2.3.4.6 = critical,ASN1:UTF8:x", "nameConstraints = permitted;dirName:dir", "[ dir ]", "O = x"] }).certDer));
  if (existsSync(BUNDLE)) {
    const blocks = readFileSync(BUNDLE, "utf8").match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    seeds.push(...blocks.filter((_, i) => i % 4 === 0).map((b) => Uint8Array.from(new X509Certificate(b).raw)));
  }
  originals = new Set(chains.map((c) => toHex(c[0])));
  const loaded = call(Buffer.from(pki.bundle(...roots)), (x, p, l) => x.load_anchors(p, l));
  assert.equal(loaded, 0);
  for (const chain of chains) assert.equal(verifyChain(chain, HOST, NOW).code, 0, "a seed chain does not verify");
});

after(() => {
  pki?.cleanup();
  const summary = [...codes.entries()].sort().map(([k, v]) => `${k}=${v}`).join(" ");
  console.log(`x509 fuzz: ${inputs} inputs, ${guest?.unexpectedImports ?? 0} unexpected imports; ${summary}`);
  assert.equal(guest?.unexpectedImports ?? 0, 0);
  assert.ok((guest?.memoryBytes() ?? 0) <= 64 << 20, `guest memory grew to ${guest?.memoryBytes()} bytes`);
});

/** call runs one export; a trap throws GuestTrap, which carries the input. */
function call(input: Uint8Array, fn: (x: ProbeExports, ptr: number, len: number) => number): number {
  return guest.call(input, fn);
}

/** outcome checks the code's range and that a failure comes with a detail, and counts it. */
function outcome(kind: string, code: number, input: Uint8Array): { code: number; detail: string } {
  inputs++;
  codes.set(`${kind}:${code}`, (codes.get(`${kind}:${code}`) ?? 0) + 1);
  const text = new TextDecoder().decode(guest.output());
  const where = `${kind} input (hex) ${toHex(input).slice(0, 4000)}`;
  assert.ok(Number.isInteger(code) && code >= 0 && code <= MAX_ERR, `code ${code} (${text}) for ${where}`);
  if (code !== 0) assert.match(text, /^ERR_X509_[A-Z_]+\n./, `no detail for ${where}`);
  return { code, detail: text };
}

function verifyChain(chain: Uint8Array[], host: string, now: bigint): { code: number; detail: string } {
  const input = Buffer.concat([Buffer.from(host), ...chain.flatMap((c) => [u32(c.length), c])]);
  return outcome("chain", call(input, (x, p, l) => x.verify_chain(now, Buffer.byteLength(host), p, l)), input);
}

/**
 * checkDer runs fuzz_der and compares with OpenSSL: what the guest parses, OpenSSL must parse, except that a key
 * the guest does not support (an 8-bit RSA modulus, another algorithm or curve) is kept undecoded where OpenSSL
 * decodes it.
 */
function checkDer(kind: string, der: Uint8Array, flags: number, now: bigint): void {
  const { code } = outcome(kind, call(der, (x, p, l) => x.fuzz_der(now, flags, p, l)), der);
  if (code === 1 || code === 2) return; // Malformed, TooLarge: refused before anything else
  const keyUnsupported = call(new Uint8Array(0), (x) => x.last_key_kind()) === 0;
  let node = true;
  try {
    new X509Certificate(der);
  } catch {
    node = false;
  }
  assert.ok(node || keyUnsupported, `the guest parsed what OpenSSL refuses: ${toHex(der)}`);
}

function checkPem(text: string): void {
  const input = Buffer.from(text, "utf16le");
  outcome("pem", call(input, (x, p, l) => x.fuzz_pem(p, l)), input);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function runs(share: number): number {
  return Math.max(1, Math.round(TOTAL_RUNS * share));
}

function fuzz<T>(name: string, share: number, arb: fc.Arbitrary<T>, check: (v: T) => void): void {
  test(`${name} (${runs(share)} runs)`, () => {
    fc.assert(fc.property(arb, (v) => { check(v); }), { numRuns: runs(share), seed: SEED });
  });
}

// DER helpers: encode a TLV with the shortest length, and list every element of a DER buffer.
function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Uint8Array.from(Buffer.concat([Uint8Array.from([tag, ...len]), content]));
}

interface Element { at: number; header: number; end: number; constructed: boolean }

/** elements lists the elements of der (outermost first), descending into constructed ones and BIT/OCTET STRINGs that hold DER. */
function elements(der: Uint8Array, from = 0, to = der.length, out: Element[] = [], depth = 0): Element[] {
  let p = from;
  while (p + 2 <= to && depth < 20) {
    const tag = der[p];
    let len = der[p + 1], header = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 3 || p + 2 + n > to) return out;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + der[p + 2 + i];
      header += n;
    }
    const end = p + header + len;
    if (end > to) return out;
    const constructed = (tag & 0x20) !== 0;
    out.push({ at: p, header, end, constructed });
    if (constructed) elements(der, p + header, end, out, depth + 1);
    else if (tag === 0x04 || (tag === 0x03 && der[p + header] === 0)) elements(der, p + header + (tag === 0x03 ? 1 : 0), end, out, depth + 1);
    p = end;
  }
  return out;
}

const seedIndex = fc.nat();
const pick = <T>(list: T[], i: number): T => list[i % list.length];

type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "set"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: Uint8Array; fix: boolean }
  | { kind: "delete"; at: number; n: number; fix: boolean }
  | { kind: "length"; which: number; form: number }
  | { kind: "tag"; which: number; tag: number }
  | { kind: "splice"; which: number; other: number; otherWhich: number };

const TAGS = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x16, 0x17, 0x18, 0x1e, 0x30, 0x31, 0x80, 0x81, 0x82,
  0x87, 0xa0, 0xa1, 0xa3, 0xa4, 0x1f, 0x00];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0x81, 0xff, 0x30, 0x05) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }), fix: fc.boolean() }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }), fix: fc.boolean() }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("length" as const), which: fc.nat(), form: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("tag" as const), which: fc.nat(), tag: fc.constantFrom(...TAGS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("splice" as const), which: fc.nat(), other: fc.nat(), otherWhich: fc.nat() }) },
);

function mutate(der: Uint8Array, m: Mutation): Uint8Array {
  const n = der.length;
  const at = (i: number) => (n === 0 ? 0 : i % n);
  const join = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));
  switch (m.kind) {
    case "flip": case "set": {
      if (n === 0) return der;
      const out = Uint8Array.from(der); // a copy: slice() of a Buffer would share the seed's memory
      out[at(m.at)] = m.kind === "flip" ? out[at(m.at)] ^ (1 << m.bit) : m.value;
      return out;
    }
    case "truncate": return Uint8Array.from(der.subarray(0, at(m.at)));
    case "insert": case "delete": {
      // With fix, the lengths around the change are re-encoded, so that the change is met inside its element.
      const p = at(m.at), cut = m.kind === "delete" ? Math.min(m.n, n - p) : 0;
      const out = join(der.subarray(0, p), m.kind === "insert" ? m.bytes : new Uint8Array(0), der.subarray(p + cut));
      if (!m.fix) return out;
      const enclosing = elements(der).filter((o) => o.at + o.header <= p && o.end >= p + cut);
      return fixLengths(out, enclosing, m.kind === "insert" ? m.bytes.length : -cut);
    }
    case "length": return changeLength(der, m.which, m.form);
    case "tag": {
      const list = elements(der);
      if (list.length === 0) return der;
      const out = Uint8Array.from(der);
      out[pick(list, m.which).at] = m.tag;
      return out;
    }
    case "splice": {
      const list = elements(der), donor = pick(seeds, m.other), donorList = elements(donor);
      if (list.length === 0 || donorList.length === 0) return der;
      const e = pick(list, m.which), d = pick(donorList, m.otherWhich);
      const spliced = join(der.subarray(0, e.at), donor.subarray(d.at, d.end), der.subarray(e.end));
      const enclosing = list.filter((o) => o.at < e.at && o.end >= e.end);
      return fixLengths(spliced, enclosing, (d.end - d.at) - (e.end - e.at));
    }
  }
}

// Rewrites one element's length (one more or less, non-minimal long forms, indefinite, or an absurd value), then
// the lengths around it, so that the parser meets the bad length at that element rather than at the outermost.
function changeLength(der: Uint8Array, which: number, form: number): Uint8Array {
  const list = elements(der);
  if (list.length === 0) return der;
  const e = pick(list, which);
  const len = e.end - e.at - e.header;
  const head = der.subarray(0, e.at + 1), body = der.subarray(e.at + e.header);
  const forms = [
    [Math.min(len + 1, 0x7f)], [Math.max(len - 1, 0)], [0x81, len & 0xff], [0x82, len >> 8, len & 0xff],
    [0x80], [0x84, 0, 0, len >> 8, len & 0xff], [0x83, 0xff, 0xff, 0xff], [0x82, 0x00, len & 0xff],
  ];
  const out = Uint8Array.from(Buffer.concat([head, Uint8Array.from(forms[form]), body]));
  const enclosing = list.filter((o) => o.at < e.at && o.end >= e.end);
  return fixLengths(out, enclosing, forms[form].length + 1 - e.header);
}

// After a splice changed an element's size by delta, re-encodes the lengths of the elements enclosing it (their
// offsets are the original's), innermost first, so the result stays DER and the parser goes deeper.
function fixLengths(der: Uint8Array, enclosing: Element[], delta: number): Uint8Array {
  let out = der;
  for (const e of [...enclosing].sort((x, y) => y.at - x.at)) {
    const oldSize = e.end + delta - e.at;
    const fixed = tlv(out[e.at], out.subarray(e.at + e.header, e.end + delta));
    out = Uint8Array.from(Buffer.concat([out.subarray(0, e.at), fixed, out.subarray(e.end + delta)]));
    delta += fixed.length - oldSize;
  }
  return out;
}

const mutatedDer = fc.record({ seed: seedIndex, mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) })
  .map(({ seed, mutations }) => mutations.reduce((d, m) => mutate(d, m), pick(seeds, seed)));

// Random DER trees: interesting tags, contents of telling lengths, nesting past DER_MAX_DEPTH now and then.
const derTree: fc.Arbitrary<Uint8Array> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true },
    fc.record({ tag: fc.constantFrom(0x01, 0x02, 0x03, 0x05, 0x06, 0x17, 0x18, 0x0c, 0x80, 0x82, 0x87), body: fc.uint8Array({ maxLength: 20 }) })
      .map(({ tag, body }) => tlv(tag, body)),
    fc.record({ tag: fc.constantFrom(0x30, 0x31, 0xa0, 0xa1, 0xa3, 0xa4, 0x04), kids: fc.array(tie("node"), { maxLength: 4 }) })
      .map(({ tag, kids }) => tlv(tag, Uint8Array.from(Buffer.concat(kids as Uint8Array[])))),
  ),
})).node as fc.Arbitrary<Uint8Array>;

const deepNesting = fc.integer({ min: 10, max: 40 }).map((n) => {
  let d: Uint8Array = Uint8Array.from([0x05, 0x00]);
  for (let i = 0; i < n; i++) d = tlv(i % 2 ? 0x30 : 0xa0, d);
  return d;
});

// Certificate-shaped DER from hostile field values: every parser below Certificate.parse gets reached.
const oid = (hex: string) => tlv(0x06, Buffer.from(hex, "hex"));
const NULL = Uint8Array.from([0x05, 0x00]);
const cat = (parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));
const seq = (...parts: Uint8Array[]) => tlv(0x30, cat(parts));
const octets = (d: Uint8Array) => tlv(0x04, d);
const bits = (d: Uint8Array, unused = 0) => tlv(0x03, cat([Uint8Array.of(unused), d]));
const bool = (v: number) => tlv(0x01, Uint8Array.from([v]));
const int = (v: readonly number[]) => tlv(0x02, Uint8Array.from(v));
const ext = (oidHex: string, critical: boolean, value: Uint8Array) =>
  seq(oid(oidHex), ...(critical ? [bool(0xff)] : []), octets(value));
// Signature AlgorithmIdentifiers: the first six are well-formed, the rest break RFC 4055 or RFC 5758.
const ALG_IDS = [
  seq(oid("2a864886f70d01010b"), NULL), seq(oid("2a864886f70d01010c")), seq(oid("2a8648ce3d040302")), seq(oid("2b6570")),
  seq(oid("2a864886f70d010105"), NULL),
  seq(oid("2a864886f70d01010a"), seq(tlv(0xa0, seq(oid("608648016503040201"))), tlv(0xa1, seq(oid("2a864886f70d010108"),
    seq(oid("608648016503040201")))), tlv(0xa2, int([32])))),
  seq(oid("2a8648ce3d040302"), NULL), seq(oid("2a864886f70d01010a")), seq(oid("2a864886f70d01010a"), seq(tlv(0xa3, int([2])))),
  seq(oid("2a864886f70d01010a"), seq(tlv(0xa1, seq(oid("2a864886f70d010101"))))), seq(oid("2a0304"), tlv(0x01, Uint8Array.from([1, 2]))),
];
const GOOD_ALGS = 6;
const ascii = fc.stringMatching(/^[A-Za-z0-9 .-]{0,12}$/).map((t) => Buffer.from(t));
const atvType = fc.constantFrom("550403", "55040a", "550406", "2a864886f70d010901", "0992268993f22c640119", "2a0304", "550461");
const nameOf = (atvs: { type: string; tag: number; value: Uint8Array }[]) =>
  seq(...atvs.map((a) => tlv(0x31, seq(oid(a.type), tlv(a.tag, a.value)))));
const goodName = fc.array(fc.record({ type: atvType, tag: fc.constantFrom(0x0c, 0x13, 0x16, 0x14), value: ascii }), { maxLength: 3 })
  .map(nameOf);
const badName = fc.array(fc.record({ type: atvType, tag: fc.constantFrom(0x0c, 0x13, 0x16, 0x1e, 0x1c, 0x14, 0x02, 0x30, 0x80, 0x1a),
  value: fc.uint8Array({ maxLength: 12 }) }), { minLength: 1, maxLength: 3 }).map(nameOf);
const goodTime = fc.oneof(
  fc.constantFrom("260101000000Z", "491231235959Z", "500101000000Z", "000229000000Z").map((t) => tlv(0x17, Buffer.from(t))),
  fc.constantFrom("20500101000000Z", "99991231235959Z", "00000101000000Z").map((t) => tlv(0x18, Buffer.from(t))),
);
const badTime = fc.oneof(
  fc.constantFrom("010229000000Z", "2601010000Z", "260101000000+0000", "991231235960Z", "20260101000000.5Z")
    .map((t) => tlv(t.length === 13 || t.length === 10 || t.length === 17 ? 0x17 : 0x18, Buffer.from(t))),
  fc.uint8Array({ maxLength: 16 }).map((b) => tlv(0x17, b)),
);
const rsaModulus = fc.integer({ min: 128, max: 512 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }))
  .map((m) => cat([Uint8Array.of(0, m[0] | 0x80), m.subarray(1)]));
const rsaKey = (n: Uint8Array, e: readonly number[]) => seq(seq(oid("2a864886f70d010101"), NULL), bits(seq(tlv(0x02, n), int(e))));
const ecKey = (curve: string, point: Uint8Array) => seq(seq(oid("2a8648ce3d0201"), oid(curve)), bits(point));
const goodSpki = fc.oneof(
  rsaModulus.map((n) => rsaKey(n, [1, 0, 1])),
  fc.constantFrom(["2a8648ce3d030107", 65], ["2b81040022", 97], ["2b81040023", 133], ["2b8104000a", 65]).chain(([curve, n]) =>
    fc.uint8Array({ minLength: (n as number) - 1, maxLength: (n as number) - 1 }).map((p) => ecKey(curve as string, Uint8Array.from([4, ...p])))),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((k) => seq(seq(oid("2b6570")), bits(k))),
  fc.uint8Array({ maxLength: 40 }).map((k) => seq(seq(oid("2a864886f70d01010a")), bits(k))),
);
const badSpki = fc.oneof(
  fc.record({ n: fc.uint8Array({ maxLength: 40 }), e: fc.constantFrom([3], [2], [0], [0x80], [0, 1]) })
    .map(({ n, e }) => rsaKey(Uint8Array.from([0, ...n]), e)),
  fc.record({ curve: fc.constantFrom("2a8648ce3d030107", "2b81040022"), point: fc.uint8Array({ maxLength: 140 }) })
    .map(({ curve, point }) => ecKey(curve, point)),
  fc.uint8Array({ maxLength: 34 }).map((k) => seq(seq(oid("2b6570"), NULL), bits(k))),
  fc.uint8Array({ maxLength: 40 }).map((k) => seq(seq(oid("2a8648ce3d0201"), tlv(0x1e, k)), bits(k))),
);
const dnsName = fc.oneof(fc.constantFrom("idp.example.com", "*.example.com", "", "a..b", "xn--*.x", "*"),
  fc.stringMatching(/^[a-z0-9*.-]{0,20}$/)).map((t) => tlv(0x82, Buffer.from(t)));
const goodGeneralName = fc.oneof(
  dnsName,
  fc.constantFrom(4, 16).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })).map((b) => tlv(0x87, b)),
  ascii.map((b) => tlv(0x81, b)),
  goodName.map((n) => tlv(0xa4, n)),
  ascii.map((b) => tlv(0x86, b)),
);
const badGeneralName = fc.oneof(
  fc.uint8Array({ maxLength: 17 }).map((b) => tlv(0x87, b)),
  fc.uint8Array({ maxLength: 6 }).map((b) => tlv(0x89, b)),
  fc.uint8Array({ maxLength: 6 }).map((b) => tlv(0x82, Uint8Array.from([0x80, ...b]))),
);
const ipConstraint = fc.record({ v6: fc.boolean(), prefix: fc.integer({ min: 0, max: 128 }), addr: fc.uint8Array({ minLength: 16, maxLength: 16 }) })
  .map(({ v6, prefix, addr }) => {
    const n = v6 ? 16 : 4, on = Math.min(prefix, n * 8);
    const mask = Array.from({ length: n }, (_, i) => (0xff00 >> Math.max(0, Math.min(8, on - 8 * i))) & 0xff);
    return tlv(0x87, Uint8Array.from([...addr.subarray(0, n), ...mask]));
  });
const subtrees = (base: fc.Arbitrary<Uint8Array>, extra: fc.Arbitrary<readonly number[]>) =>
  fc.array(fc.record({ base, extra }).map(({ base: b, extra: x }) => seq(b, Uint8Array.from(x))), { minLength: 1, maxLength: 3 })
    .map(cat);
const nameConstraints = (base: fc.Arbitrary<Uint8Array>, extra: fc.Arbitrary<readonly number[]>) =>
  fc.record({ p: fc.option(subtrees(base, extra)), x: fc.option(subtrees(base, extra)), critical: fc.boolean() })
    .map(({ p, x, critical }) => ext("551d1e", critical, seq(...(p ? [tlv(0xa0, p)] : []), ...(x ? [tlv(0xa1, x)] : []))));
// Well-formed extensions, at most one of each; the server's usual ones and a few that must be refused in use.
const goodExtensions = fc.record({
  bc: fc.option(fc.record({ ca: fc.boolean(), path: fc.option(fc.integer({ min: 0, max: 127 })) })
    .map(({ ca, path }) => ext("551d13", true, seq(...(ca ? [bool(0xff)] : []), ...(path === null ? [] : [int([path])]))))),
  // keyUsage in DER: trailing zero bits are unused bits (decipherOnly, bit 8, makes a second byte).
  ku: fc.option(fc.record({ b: fc.integer({ min: 1, max: 255 }), decipherOnly: fc.boolean() }).map(({ b, decipherOnly }) =>
    ext("551d0f", true, decipherOnly ? bits(Uint8Array.of(b, 0x80), 7) : bits(Uint8Array.of(b), 31 - Math.clz32(b & -b))))),
  eku: fc.option(fc.array(fc.constantFrom("2b06010505070301", "2b06010505070302", "551d2500", "2a0304"), { minLength: 1, maxLength: 3 })
    .map((os) => ext("551d25", false, seq(...os.map(oid))))),
  san: fc.option(fc.array(goodGeneralName, { minLength: 1, maxLength: 4 }).map((ns) => ext("551d11", false, seq(...ns)))),
  nc: fc.option(nameConstraints(fc.oneof(dnsName, ipConstraint, goodGeneralName), fc.constantFrom([], [], [0x80, 1, 0], [0x80, 1, 1], [0x81, 1, 2]))),
  aki: fc.option(fc.uint8Array({ maxLength: 20 }).map((k) => ext("551d23", false, seq(tlv(0x80, k))))),
  ski: fc.option(fc.uint8Array({ maxLength: 20 }).map((k) => ext("551d0e", false, octets(k)))),
  other: fc.option(fc.record({ critical: fc.boolean(), body: fc.uint8Array({ maxLength: 10 }) }).map(({ critical, body }) => ext("2a0304", critical, body))),
}).map((e) => Object.values(e).filter((v): v is Uint8Array => v !== null));
const badExtensions = fc.array(fc.oneof(
  fc.record({ ca: fc.constantFrom(0, 1), path: fc.constantFrom(200, -1) }).map(({ ca, path }) =>
    [ext("551d13", true, seq(bool(ca), ...(path >= 0 ? [int([0, path])] : [])))]),
  fc.record({ b: fc.uint8Array({ maxLength: 3 }), unused: fc.integer({ min: 0, max: 8 }) }).map(({ b, unused }) => [ext("551d0f", true, bits(b, unused))]),
  fc.constant([ext("551d25", false, seq())]),
  fc.array(badGeneralName, { minLength: 1, maxLength: 2 }).map((ns) => [ext("551d11", false, seq(...ns))]),
  nameConstraints(fc.oneof(badGeneralName, dnsName), fc.constantFrom([0x80, 2, 0, 1], [0x05, 0])).map((e) => [e]),
  fc.constant([ext("551d1e", true, seq())]),
  fc.uint8Array({ maxLength: 6 }).map((k) => [ext("551d0e", false, k)]),
  fc.constant([ext("551d0e", false, octets(Uint8Array.of(1))), ext("551d0e", false, octets(Uint8Array.of(2)))]),
), { minLength: 1, maxLength: 3 }).map((lists) => lists.flat());

// Certificate-shaped DER with at most one hostile field (chosen per input), so that every field's parser sees
// hostile input after well-formed fields before it.
const FIELDS = ["none", "none", "version", "serial", "signature", "issuer", "validity", "subject", "spki", "unique",
  "extensions", "outer"] as const;
const skeleton = fc.record({
  hostile: fc.constantFrom(...FIELDS),
  version: fc.constantFrom(null, [0], [1], [3], [0, 2]),
  serial: fc.constantFrom([1], [0x7f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19], [0xff], [0]),
  badSerial: fc.constantFrom([0, 1], [0, 0x80, 1], [0xff, 0x80], []),
  alg: fc.nat(), badAlg: fc.nat(),
  issuer: goodName, badIssuer: badName, subject: goodName, badSubject: badName,
  notBefore: goodTime, notAfter: goodTime, badTime,
  spki: goodSpki, badSpki,
  unique: fc.constantFrom(tlv(0x81, Uint8Array.from([0, 1])), tlv(0x82, Uint8Array.from([0])), tlv(0x81, Uint8Array.from([8]))),
  extensions: goodExtensions, badExtensions,
  signature: fc.uint8Array({ maxLength: 80 }),
}).map((c) => {
  const h = c.hostile;
  const alg = pick(ALG_IDS.slice(0, GOOD_ALGS), c.alg);
  const inner = h === "signature" ? pick(ALG_IDS.slice(GOOD_ALGS), c.badAlg) : alg;
  const extensions = h === "extensions" ? [...c.extensions, ...c.badExtensions] : c.extensions;
  const tbs = seq(
    ...(h === "version" ? (c.version === null ? [] : [tlv(0xa0, int(c.version))]) : [tlv(0xa0, int([2]))]),
    int(h === "serial" ? c.badSerial : c.serial), inner, h === "issuer" ? c.badIssuer : c.issuer,
    seq(h === "validity" ? c.badTime : c.notBefore, c.notAfter), h === "subject" ? c.badSubject : c.subject,
    h === "spki" ? c.badSpki : c.spki, ...(h === "unique" ? [c.unique] : []),
    ...(extensions.length === 0 && h !== "extensions" ? [] : [tlv(0xa3, seq(...extensions))]),
  );
  return seq(tbs, h === "outer" ? pick(ALG_IDS, c.badAlg) : inner, bits(c.signature));
});

// PEM text: markers of every kind, real and mutated base64, headers, comments, any line ending.
const pemLines = (): fc.Arbitrary<string> => {
  const b64 = seeds.slice(0, 8).map((s) => Buffer.from(s).toString("base64").match(/.{1,64}/g)!.join("\n"));
  const line = fc.oneof(
    fc.constantFrom("-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----", "-----BEGIN PRIVATE KEY-----",
      "-----END PRIVATE KEY-----", "-----BEGIN TRUSTED CERTIFICATE-----", "-----END X509 CRL-----", "-----BEGIN -----",
      "Proc-Type: 4,ENCRYPTED", "# comment", "", "   ", "\t", "AQID", "AQ==", "=", "====", "-----BEGIN CERTIFICATE"),
    fc.constantFrom(...b64),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.stringMatching(/^[A-Za-z0-9+/=]{0,64}$/),
  );
  return fc.record({ lines: fc.array(line, { maxLength: 30 }), eol: fc.constantFrom("\n", "\r\n", "\r", "\n\n") })
    .map(({ lines, eol }) => lines.join(eol));
};

const hosts = fc.oneof(
  { weight: 4, arbitrary: fc.constant(HOST) },
  fc.constantFrom(HOST, "IDP.example.com", "x.example.com", "example.com", "192.0.2.1", "2001:db8::1", "[2001:db8::1]",
    "10.0.0.1", "", "a..b", "*.example.com", "idp.example.com.", "\u212a.example.com"),
  fc.string({ maxLength: 20 }),
);
const times = fc.oneof(
  { weight: 4, arbitrary: fc.constant(NOW) },
  fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
  fc.constantFrom(0n, -1n, 253402300799n, 253402300800n, -62167219200n),
);

const flagsArb = fc.oneof({ weight: 14, arbitrary: fc.constant(0) }, fc.constantFrom(TLS13, STORE, TWICE));

fuzz("mutated certificates", 0.45, fc.record({ der: mutatedDer, flags: flagsArb, now: times }),
  ({ der, flags, now }) => checkDer("mutated", der, flags, now));

fuzz("random DER trees and deep nesting", 0.15, fc.oneof({ weight: 5, arbitrary: derTree }, deepNesting),
  (der) => checkDer("tree", der, 0, NOW));

fuzz("certificate-shaped DER from hostile fields", 0.2, fc.record({ der: skeleton, flags: fc.constantFrom(0, 0, TLS13, STORE, TWICE) }),
  ({ der, flags }) => checkDer("shaped", der, flags, NOW));

test(`PEM texts (${runs(0.15)} runs)`, () => {
  const mutatedPem = fc.record({ seed: seedIndex, at: fc.nat(), ch: fc.string({ minLength: 1, maxLength: 3 }) }).map(({ seed, at, ch }) => {
    const text = `-----BEGIN CERTIFICATE-----\n${Buffer.from(pick(seeds, seed)).toString("base64")}\n-----END CERTIFICATE-----\n`;
    const i = at % text.length;
    return text.slice(0, i) + ch + text.slice(i + 1);
  });
  fc.assert(fc.property(fc.oneof(pemLines(), mutatedPem), (text) => { checkPem(text); }), { numRuns: runs(0.15), seed: SEED });
});

test(`server lists of real and mutated certificates (${runs(0.05)} runs)`, () => {
  const cert = fc.oneof(
    { weight: 4, arbitrary: fc.nat().map((i) => pick(seeds, i)) },
    { weight: 1, arbitrary: mutatedDer },
  );
  const list = fc.oneof(
    fc.record({ chain: fc.nat(), extra: fc.array(cert, { maxLength: 3 }), order: fc.nat() }).map(({ chain, extra, order }) => {
      const [leaf, ...rest] = pick(chains, chain);
      const others = [...rest, ...extra];
      const k = others.length ? order % others.length : 0;
      return [leaf, ...others.slice(k), ...others.slice(0, k)];
    }),
    fc.array(cert, { minLength: 0, maxLength: 6 }),
  );
  fc.assert(fc.property(list, hosts, times, (chain, host, now) => {
    const { code } = verifyChain(chain, host, now);
    if (code === 0) assert.ok(originals.has(toHex(chain[0])), `verified a changed leaf: ${toHex(chain[0])}`);
  }), { numRuns: runs(0.05), seed: SEED });
});
