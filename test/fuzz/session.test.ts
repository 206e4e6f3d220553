// Fuzzes assembly/session inside a release-built guest (test/fixtures/guests/fuzz_session.ts) and holds it to a
// reference written from the documented formats on node:crypto (session_reference.ts):
// - sealed values: guest-sealed values open in node:crypto and node-sealed ones in the guest (the format is what
//   sealed.ts says); mutated values and random text are refused with the reference's code, never opened;
// - chunks: the Set-Cookie lines equal the reference's byte for byte, and a Cookie header a browser would send
//   back, mutated (chunks dropped, duplicated, reordered, stale, altered), gives the reference's outcome through
//   jar, readChunks, openCookie and decodePayload;
// - payload records: generated ones decode to their fields, random and mutated bytes get the reference decoder's
//   code, every proper prefix is refused.
// No input may trap. FUZZ_RUNS (default 100000) is about the number of guest calls; FUZZ_SEED replays one run.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  BAD_CALL, SELF_CHECK, SessionGuest, STAGE_CHUNKS, STAGE_JAR, STAGE_OPEN, STAGE_PAYLOAD, toHex,
} from "./session_guest.js";
import {
  ATTR_SETS, decodeRecord, dumpRecord, encodeRecord, Err, type Field, isCookieName, isCookieOctet, KEY_A, KEY_B, MAX_CHUNKS,
  MAX_SEALED_LENGTH, nodeOpen, nodeSeal, refBudget, refChunkLines, refReadChunks,
} from "./session_reference.js";

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 100000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const NAME = "oidc_session";
const NAMES = [NAME, "__Host-s", "st_0123abcd", "a"];
const IAT = 1_700_000_000n;
const KEYS = [KEY_A, KEY_B];

let guest: SessionGuest;
let calls = 0;
const codes = new Map<string, number>();

before(async () => {
  guest = await SessionGuest.create();
});

function tally(what: string, code: number): void {
  calls++;
  const key = `${what}:${code}`;
  codes.set(key, (codes.get(key) ?? 0) + 1);
}

function runs(share: number): number {
  return Math.max(1, Math.round(TOTAL_RUNS * share));
}

function fuzz<T>(name: string, share: number, arb: fc.Arbitrary<T>, check: (input: T) => void): void {
  test(`${name} (${runs(share)} runs)`, () => {
    fc.assert(fc.property(arb, check), { numRuns: runs(share), seed: SEED });
  });
}

// ---- generators ----

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const OCTETS = Array.from({ length: 0x7f }, (_, c) => String.fromCharCode(c)).filter((c) => isCookieOctet(c.charCodeAt(0)));
const name = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...OCTETS), minLength: 1, maxLength: 12 }) });
const string = fc.string({ unit: "binary", maxLength: 24 });
const int64 = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -300n, max: 300n }));
const field: fc.Arbitrary<Field> = fc.oneof(
  string.map((s) => ({ s })),
  int64.map((i) => ({ i })),
  fc.array(string, { maxLength: 6 }).map((l) => ({ l })),
  fc.uint8Array({ maxLength: 40 }).map((b) => ({ b })),
);
const record = fc.record({ schema: fc.integer({ min: 0, max: 255 }), fields: fc.array(field, { maxLength: 12 }) });
// A record with up to three large bytes fields, so its sealed value spans several cookies.
const bigRecord = fc.record({
  schema: fc.integer({ min: 0, max: 255 }),
  fields: fc.array(field, { maxLength: 6 }),
  padding: fc.array(fc.tuple(fc.integer({ min: 0, max: 4096 }), fc.integer()), { maxLength: 3 }),
}).map(({ schema, fields, padding }) => ({
  schema, fields: [...fields, ...padding.map(([n, seed]): Field => ({ b: prng(seed, n) }))],
}));
const nonce = fc.uint8Array({ minLength: 12, maxLength: 12 });
const times = fc.record({ iat: fc.bigInt({ min: IAT - 1000n, max: IAT + 1000n }), life: fc.bigInt({ min: 1n, max: 86400n }) });

type Mutation = { kind: "flip" | "set" | "insert" | "delete" | "truncate" | "swap" | "dup"; at: number; to: number; ch: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("flip", "set", "insert", "delete", "truncate", "swap", "dup"),
  at: fc.nat(), to: fc.nat(),
  ch: fc.oneof(fc.constantFrom(...BASE64URL), fc.constantFrom("=", ".", "~", "+", "/", " ", "v", "1", "\u00e9", "\ud800")),
});

function mutate(s: string, m: Mutation): string {
  const i = m.at % (s.length + 1), j = m.to % (s.length + 1);
  switch (m.kind) {
    case "flip": return i < s.length ? s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << (m.to % 16))) + s.slice(i + 1) : s + m.ch;
    case "set": return s.slice(0, i) + m.ch + s.slice(i + 1);
    case "insert": return s.slice(0, i) + m.ch + s.slice(i);
    case "delete": return s.slice(0, i) + s.slice(i + 1);
    case "truncate": return s.slice(0, i);
    case "swap": {
      if (i >= s.length || j >= s.length) return s.slice(0, i);
      const a = [...s];
      [a[i], a[j]] = [a[j], a[i]];
      return a.join("");
    }
    case "dup": return s.slice(0, i) + s.slice(i, i + 1 + (m.to % 40)) + s.slice(i);
  }
}

function prng(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed | 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

// Record bytes: random, behind a format byte, or a generated record with up to three byte-level changes.
const byteMutation = fc.record({ kind: fc.integer({ min: 0, max: 4 }), at: fc.nat(), v: fc.integer({ min: 0, max: 255 }) });
const payloadBytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.uint8Array({ maxLength: 64 }).map((b) => Uint8Array.from([1, ...b])),
  fc.tuple(record, fc.array(byteMutation, { minLength: 1, maxLength: 3 })).map(([r, ms]) => {
    let b = Array.from(encodeRecord(r.schema, r.fields));
    for (const m of ms) {
      const i = m.at % (b.length + 1);
      if (m.kind === 0) b[i] = m.v;
      else if (m.kind === 1) b.splice(i, 0, m.v);
      else if (m.kind === 2) b.splice(i, 1);
      else if (m.kind === 3) b = b.slice(0, i);
      else b[i] = (b[i] ?? 0) ^ (1 << (m.v & 7));
    }
    return Uint8Array.from(b.map((x) => x & 0xff));
  }),
);

// ---- sealed values ----

function expectOpened(what: string, got: { code: number; output: Uint8Array }, payload: Uint8Array,
  iat: bigint, exp: bigint, keyIndex: number): void {
  assert.equal(got.code, 0, `${what}: guest refused with ${got.code}`);
  const view = Buffer.from(got.output);
  assert.equal(view.readBigInt64LE(0), iat, what);
  assert.equal(view.readBigInt64LE(8), exp, what);
  assert.equal(view[16], keyIndex, what);
  assert.equal(toHex(view.subarray(17)), toHex(payload), what);
}

fuzz("guest-sealed values open in node:crypto with the documented format", 0.03,
  fc.tuple(name, record, times, fc.boolean()), ([n, r, t, old]) => {
    const payload = encodeRecord(r.schema, r.fields);
    const exp = t.iat + t.life;
    const sealed = guest.seal(n, payload, t.iat, exp, old);
    tally("seal", sealed.code);
    assert.equal(sealed.code, isCookieName(n) ? Err.Ok : Err.BadName);
    if (sealed.code !== Err.Ok) return;
    const opened = nodeOpen([old ? KEY_B : KEY_A], n, sealed.value, t.iat);
    assert.equal(opened.err, Err.Ok, `node:crypto refused ${sealed.value}`);
    assert.equal(toHex(opened.opened!.payload), toHex(payload));
    assert.equal(opened.opened!.issuedAt, t.iat);
    assert.equal(opened.opened!.expiresAt, exp);
    // Sealed with the previous key alone: the current key does not open it; with KEYS, only the current one does.
    assert.equal(nodeOpen([old ? KEY_A : KEY_B], n, sealed.value, t.iat).err, Err.Forged);
    const back = guest.open(n, sealed.value, t.iat);
    tally("open", back.code);
    expectOpened("guest reopens", back, payload, t.iat, exp, old ? 1 : 0);
  });

fuzz("node:crypto-sealed values open in the guest, with the reference's outcome at any time", 0.03,
  fc.tuple(name, record, times, fc.integer({ min: 0, max: 2 }), nonce, fc.bigInt({ min: -3n, max: 3n })),
  ([n, r, t, key, iv, skew]) => {
    const payload = encodeRecord(r.schema, r.fields);
    const exp = t.iat + t.life;
    const sealed = nodeSeal(key === 2 ? new Uint8Array(32).fill(9) : KEYS[key], n, payload, t.iat, exp, iv);
    const now = skew === 0n ? t.iat : exp + skew;
    const want = nodeOpen(KEYS, n, sealed, now);
    const got = guest.open(n, sealed, now);
    tally("open", got.code);
    assert.equal(got.code, want.err, `value ${sealed} at ${now}`);
    if (want.err === Err.Ok) expectOpened("node-sealed", got, payload, t.iat, exp, key);
    assert.equal(want.err, !isCookieName(n) ? Err.BadName : key === 2 ? Err.Forged : now >= exp ? Err.Expired : Err.Ok);
  });

fuzz("mutated sealed values and names are refused with the reference's code, never opened", 0.2,
  fc.tuple(fc.uint8Array({ maxLength: 300 }), nonce, fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean()),
  ([payload, iv, ms, onName]) => {
    const sealed = nodeSeal(KEY_A, NAME, payload, IAT, IAT + 100n, iv);
    const value = onName ? sealed : ms.reduce(mutate, sealed);
    const cookie = onName ? ms.reduce(mutate, NAME) : NAME;
    const want = nodeOpen(KEYS, cookie, value, IAT);
    const got = guest.open(cookie, value, IAT);
    tally("open", got.code);
    assert.equal(got.code, want.err, `name ${JSON.stringify(cookie)} value ${JSON.stringify(value)}`);
    if (value !== sealed || cookie !== NAME) assert.notEqual(got.code, Err.Ok, "a changed value opened");
  });

const sealedish = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 120 }).map((s) => "v1." + s),
  fc.tuple(fc.integer({ min: MAX_SEALED_LENGTH - 3, max: MAX_SEALED_LENGTH + 1 }), fc.constantFrom("A", "g", "_"))
    .map(([n, c]) => "v1." + c.repeat(n - 3)),
  fc.string({ unit: fc.constantFrom(...OCTETS), maxLength: 80 }),
);

fuzz("random text as a sealed value gets the reference's code", 0.08, sealedish, (value) => {
  const want = nodeOpen(KEYS, NAME, value, IAT);
  const got = guest.open(NAME, value, IAT);
  tally("open", got.code);
  assert.equal(got.code, want.err, JSON.stringify(value.slice(0, 200)));
  assert.notEqual(got.code, Err.Ok);
});

// ---- chunks ----


// A value for the chunk writer: lengths near each chunk boundary of both attribute sets, or anywhere; rarely a
// character that is not a cookie-octet.
const chunkValue = fc.record({
  attrSet: fc.integer({ min: 0, max: ATTR_SETS - 1 }),
  k: fc.integer({ min: 1, max: MAX_CHUNKS + 1 }),
  delta: fc.integer({ min: -3, max: 3 }),
  uniform: fc.oneof({ weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: MAX_SEALED_LENGTH + 10 }) }),
  seed: fc.integer(),
  bad: fc.oneof({ weight: 9, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom(" ", ";", ",", "\"", "\\", "\u00e9", "\u007f")) }),
});

fuzz("chunk lines equal the reference's, stay within 4096, and read back whole", 0.03,
  fc.tuple(fc.constantFrom(...NAMES), chunkValue, fc.subarray([1, 2, 3, 4, 5, 6, 7, 8, 9])),
  ([n, v, carriedIdx]) => {
    const budget = refBudget(n, v.attrSet);
    const len = Math.max(0, v.uniform ?? v.k * budget - 2 + v.delta);
    const bytes = prng(v.seed, len);
    let value = Buffer.from(bytes.map((b) => BASE64URL.charCodeAt(b & 63))).toString("latin1");
    if (v.bad !== null && len > 0) value = value.slice(0, v.bad[0] % len) + v.bad[1] + value.slice(v.bad[0] % len + 1);
    const carried = new Set(carriedIdx.map((k) => `${n}.${k}`));
    const carriedHeader = [...carried].map((c) => `${c}=old`).concat(["other=1"]).join("; ");
    const got = guest.chunk(n, carriedHeader, value, v.attrSet);
    tally("chunk", got.code);
    const want = refChunkLines(n, value, v.attrSet, carried);
    assert.equal(got.code, want.err);
    if (want.err !== Err.Ok) return;
    assert.deepEqual(got.lines, want.lines);
    for (const line of got.lines) assert.ok(line.length <= 4096, `a Set-Cookie line of ${line.length}`);
    const header = got.lines.filter((l) => !l.includes("; Max-Age=0;")).map((l) => l.slice(0, l.indexOf(";"))).join("; ");
    const back = guest.readChunks(n, header);
    tally("read_chunks", back.code);
    assert.equal(back.code, 0);
    assert.equal(back.value, value);
  });

type HeaderMutation = { kind: number; at: number; to: number; text: string };
const headerMutation: fc.Arbitrary<HeaderMutation> = fc.record({
  kind: fc.integer({ min: 0, max: 10 }), at: fc.nat(), to: fc.nat(),
  text: fc.oneof(fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 8 }), fc.constantFrom("0", "9", "~", "x")),
});

// Applies one browser-side accident or attack to cookie pairs: reorder, drop, duplicate, stale chunk, other
// cookies, a changed count, an altered or cut chunk.
function mutatePairs(pairs: Array<[string, string]>, m: HeaderMutation, n: string): Array<[string, string]> {
  const out = pairs.map(([k, v]): [string, string] => [k, v]);
  if (out.length === 0) return m.kind === 5 ? [[`${n}.1`, m.text]] : out;
  const i = m.at % out.length, j = m.to % out.length;
  switch (m.kind) {
    case 0: return out;
    case 1: [out[i], out[j]] = [out[j], out[i]]; return out;
    case 2: out.splice(i, 1); return out;
    case 3: out.splice(j, 0, out[i]); return out;
    case 4: out.splice(j, 0, [out[i][0], out[i][1] + m.text]); return out;
    case 5: out.push([`${n}.${1 + (m.to % 9)}`, m.text || "x"]); return out;
    case 6: out.splice(j, 0, [m.to % 2 === 0 ? `${n}x` : `${n}.0`, "1~" + m.text]); return out;
    case 7: {
      const h = out.findIndex(([k]) => k === n);
      if (h >= 0) out[h] = [n, m.text.slice(0, 1) + out[h][1].slice(1)];
      return out;
    }
    case 8: out[i] = [out[i][0], mutate(out[i][1], { kind: "set", at: m.to, to: 0, ch: m.text.slice(0, 1) || "A" })]; return out;
    case 9: out[i] = [out[i][0], out[i][1].slice(0, m.to % (out[i][1].length + 1))]; return out;
    default: return out.reverse();
  }
}

fuzz("a browser's Cookie header, mutated, reads as the reference says through jar, chunks, open, payload", 0.15,
  fc.tuple(fc.constantFrom(...NAMES), bigRecord, nonce, fc.array(headerMutation, { maxLength: 2 }), fc.bigInt({ min: 0n, max: 200n }),
    fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: payloadBytes })),
  ([n, r, iv, ms, age, junk]) => {
    // Mostly a record; one time in ten bytes that may not be one, which the last stage must refuse as the reference does.
    const payload = junk === null ? encodeRecord(r.schema, r.fields) : junk;
    const sealed = nodeSeal(KEY_A, n, payload, IAT, IAT + 100n, iv);
    const lines = refChunkLines(n, sealed, 0, new Set()).lines!;
    let pairs = lines.map((l): [string, string] => {
      const pair = l.slice(0, l.indexOf(";"));
      return [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
    });
    for (const m of ms) pairs = mutatePairs(pairs, m, n);
    const now = IAT + age;
    const got = guest.readCookie(n, pairs.map(([k, v]) => `${k}=${v}`).join("; "), now);
    tally("read_cookie", got.code);
    const chunks = refReadChunks(pairs, n);
    let want: number;
    if (chunks.err !== Err.Ok) want = STAGE_CHUNKS | chunks.err;
    else {
      const opened = nodeOpen(KEYS, n, chunks.value!, now);
      const record = decodeRecord(payload).err;
      want = opened.err !== Err.Ok ? STAGE_OPEN | opened.err : record !== Err.Ok ? STAGE_PAYLOAD | record : 0;
    }
    assert.equal(got.code, want, `pairs ${JSON.stringify(pairs.map(([k, v]) => [k, v.length]))}`);
    if (want === 0) assert.equal(toHex(got.output), toHex(payload));
  });

const headerPair = fc.tuple(
  fc.oneof(fc.constantFrom(NAME, ...Array.from({ length: 10 }, (_, k) => `${NAME}.${k}`), `${NAME}.01`, `${NAME}_1`, " " + NAME, ""),
    fc.string({ maxLength: 8 })),
  fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 10 }), fc.string({ unit: fc.constantFrom(...BASE64URL, "."), maxLength: 80 }))
      .map(([k, s]) => `${k}~v1.${s}`),
    fc.string({ unit: fc.constantFrom(...OCTETS), maxLength: 60 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.string({ maxLength: 10 }).map((s) => `"${s}"`),
  ),
  fc.constantFrom("; ", ";", " ; ", ";\t", ", ", "=", ""),
);

fuzz("random Cookie headers never trap and end with a valid code", 0.2,
  fc.oneof({ weight: 4, arbitrary: fc.array(headerPair, { maxLength: 12 }).map((ps) => ps.map(([k, v, sep]) => `${k}=${v}${sep}`).join("")) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) }),
  (header) => {
    const got = guest.readCookie(NAME, header, IAT);
    tally("read_cookie", got.code);
    const stage = got.code & ~0xff, code = got.code & 0xff;
    const valid = got.code === 0 || (stage === STAGE_JAR && code <= 2) || (stage >= STAGE_CHUNKS && stage <= STAGE_PAYLOAD && code <= 17);
    assert.ok(valid, `code ${got.code} for ${JSON.stringify(header)}`);
  });

// ---- payload records ----

fuzz("generated records decode in the guest to their fields", 0.07, record, (r) => {
  const got = guest.payload(encodeRecord(r.schema, r.fields));
  tally("payload", got.code);
  assert.equal(got.code, 0);
  assert.equal(got.dump, dumpRecord(r.schema, r.fields));
});

fuzz("random and mutated record bytes get the reference decoder's code, and its fields", 0.15, payloadBytes, (b) => {
  const got = guest.payload(b);
  tally("payload", got.code);
  const want = decodeRecord(b);
  assert.equal(got.code, want.err, toHex(b));
  if (want.err === Err.Ok) assert.equal(got.dump, dumpRecord(want.schema!, want.fields!));
});

test(`every proper prefix of a generated record is refused (${runs(0.001)} records)`, () => {
  fc.assert(fc.property(record, (r) => {
    const b = encodeRecord(r.schema, r.fields);
    for (let n = 0; n < b.length; n++) {
      const got = guest.payload(b.subarray(0, n));
      tally("payload", got.code);
      assert.equal(got.code, Err.PayloadTruncated, `prefix ${n} of ${toHex(b)}`);
    }
  }), { numRuns: runs(0.001), seed: SEED });
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log and random_get");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  for (const [k] of codes) assert.ok(!k.endsWith(`:${SELF_CHECK}`) && !k.endsWith(`:${BAD_CALL}`), k);
  const byCode = [...codes.entries()].sort().map(([c, n]) => `${c}=${n}`).join(" ");
  t.diagnostic(`${calls} guest calls; ${guest.randomCalls} nonces drawn; results ${byCode}; guest memory ${guest.memoryBytes() >> 10} KiB`);
  if (TOTAL_RUNS >= 100000) {
    assert.ok(calls >= 100000, `only ${calls} guest calls`);
    for (const code of [Err.Malformed, Err.Forged, Err.Expired, Err.TooLarge]) assert.ok(codes.has(`open:${code}`), `open never gave ${code}`);
    for (const code of [Err.Absent, Err.Malformed, Err.Duplicate]) {
      assert.ok(codes.has(`read_cookie:${STAGE_CHUNKS | code}`), `read_cookie never stopped in chunks with ${code}`);
    }
    for (let code = Err.PayloadTruncated; code <= Err.PayloadMalformed; code++) assert.ok(codes.has(`payload:${code}`), `payload never gave ${code}`);
    const stages = [...codes.keys()].filter((k) => k.startsWith("read_cookie:")).map((k) => Number(k.slice(12)) & ~0xff);
    assert.ok(stages.includes(STAGE_PAYLOAD), "read_cookie never stopped at the payload stage");
    assert.ok(codes.has(`chunk:${Err.TooLarge}`) && codes.has(`chunk:${Err.BadValue}`), "chunk refusals not reached");
  }
});
