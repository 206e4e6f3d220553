// Fuzzes the guest TLS client's record layer and handshake parsers inside a real guest module (release build
// options), fed without sockets at four depths of RFC 8448's handshake (test/fixtures/guests/fuzz_tls.ts): mutated
// server records and random bytes after the ClientHello, a mutated HelloRetryRequest round, mutated plaintext of
// the encrypted flight (the trace's own, and flights carrying real certificate chains made by openssl) sealed
// under the trace's keys, and sequences of post-handshake records. Every input must never trap, end in a known
// state, and give a detail whenever it fails. FUZZ_RUNS (default 100000) is the total; FUZZ_SEED replays one run.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { Pki } from "../support/pki.js";
import { BAD_CALL, CLOSED, CONNECTED, Mode, SENT_ALERT, SERVER_ALERT, TlsFuzzGuest, toHex, WAITING } from "./tls_guest.js";
import { concat } from "../support/bytes.js";

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 100000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const MAX_MEMORY_BYTES = 64 << 20;

let guest: TlsFuzzGuest;
let pki: Pki;
const v = rfc8448();
const codes = new Map<number, number>();
let cases = 0;
// Flights (plaintext, mode 2) whose Certificate holds real chains: RSA-2048 with an intermediate, and P-256.
const chainFlights: Uint8Array[] = [];

before(async () => {
  guest = await TlsFuzzGuest.create();
  pki = Pki.create();
  const root = pki.issue({ subject: "/CN=Fuzz Root", ca: true, key: "rsa2048" });
  const mid = pki.issue({ subject: "/CN=Fuzz Intermediate", issuer: root, ca: true, key: "rsa2048" });
  const rsa = pki.issue({ subject: "/CN=server", issuer: mid, dns: ["server"], key: "rsa2048" });
  const ec = pki.issue({ subject: "/CN=server", issuer: root, dns: ["server", "*.example.com"], ips: ["192.0.2.1"], key: "p256" });
  for (const chain of [[rsa.certDer, mid.certDer, root.certDer], [ec.certDer]]) {
    chainFlights.push(concat(v.S3_ENCRYPTED_EXTENSIONS, certificateMessage(chain), v.S3_CERTIFICATE_VERIFY, v.S3_SERVER_FINISHED));
  }
});

after(() => {
  pki?.cleanup();
  const summary = [...codes.entries()].sort((a, b) => a[0] - b[0]).map(([c, n]) => `${c}:${n}`).join(" ");
  console.log(`tls fuzz: ${cases} cases, result codes ${summary}`);
});

/** run feeds one case and checks the outcome; it throws (with the input) on a trap or an unknown result. */
function run(mode: Mode, chunk: number, verifier: number, payload: Uint8Array): number {
  const got = guest.run(mode, chunk, verifier, payload);
  cases++;
  codes.set(got.code, (codes.get(got.code) ?? 0) + 1);
  const where = `mode ${mode} chunk ${chunk} verifier ${verifier}\n  payload (hex) ${toHex(payload)}`;
  const known = got.code === WAITING || got.code === CONNECTED || got.code === CLOSED || got.code === SERVER_ALERT ||
    (got.code >= SENT_ALERT && got.code < SENT_ALERT + 256);
  if (!known || got.code === BAD_CALL) throw new Error(`unknown result ${got.code}, ${where}`);
  if (got.code >= SERVER_ALERT && got.detail.length === 0) throw new Error(`a failure without a detail, ${where}`);
  return got.code;
}

function runs(share: number): number {
  return Math.max(1, Math.round(TOTAL_RUNS * share));
}

function fuzz(name: string, share: number, mode: Mode, payload: fc.Arbitrary<Uint8Array>): void {
  test(`${name} (${runs(share)} runs)`, () => {
    const arb = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 1 }), payload);
    fc.assert(fc.property(arb, ([chunk, verifier, p]) => { run(mode, chunk, verifier, p); }), { numRuns: runs(share), seed: SEED });
  });
}

test("the unaltered traces connect, at every chunking, and end with close_notify", () => {
  for (const chunk of [0, 1, 2, 5, 50, 255]) {
    for (const verifier of [0, 1]) {
      assert.equal(run(Mode.Raw, chunk, 0, concat(v.S3_SERVER_HELLO_RECORD, v.S3_SERVER_FLIGHT_RECORD)), CONNECTED);
      assert.equal(run(Mode.RawRetry, chunk, 0, concat(record(22, v.S5_HELLO_RETRY_REQUEST), record(22, v.S5_SERVER_HELLO),
        v.S5_SERVER_FLIGHT_RECORD)), CONNECTED);
      assert.equal(run(Mode.Flight, chunk, 0, v.S3_FLIGHT), CONNECTED);
      // odd verifier: assembly/x509 parses the leaf; the trace's RSA-1024 key is one it refuses.
      assert.notEqual(run(Mode.Flight, chunk, verifier, v.S3_FLIGHT), WAITING);
    }
  }
  assert.equal(run(Mode.PostHandshake, 0, 0, entries([22, v.S3_TICKET], [23, bytes("hello")], [21, bytes("0100")])), CLOSED);
});

fuzz("mutated §3 server records after the ClientHello", 0.22, Mode.Raw,
  mutated([concat(v.S3_SERVER_HELLO_RECORD, v.S3_SERVER_FLIGHT_RECORD), v.S3_SERVER_HELLO_RECORD,
    concat(record(20, bytes("01")), v.S3_SERVER_HELLO_RECORD), record(21, bytes("0228"))]));
fuzz("random bytes after the ClientHello", 0.05, Mode.Raw, fc.uint8Array({ maxLength: 600 }));
fuzz("records with plausible headers and random content", 0.08, Mode.Raw,
  fc.array(fc.tuple(fc.constantFrom(20, 21, 22, 23, 24, 0), fc.uint8Array({ maxLength: 300 })), { maxLength: 6 })
    .map((rs) => concat(...rs.map(([t, c]) => record(t, c)))));
fuzz("mutated §5 HelloRetryRequest rounds", 0.15, Mode.RawRetry,
  mutated([concat(record(22, v.S5_HELLO_RETRY_REQUEST), record(22, v.S5_SERVER_HELLO), v.S5_SERVER_FLIGHT_RECORD),
    record(22, v.S5_HELLO_RETRY_REQUEST), concat(record(22, v.S5_HELLO_RETRY_REQUEST), record(22, v.S5_HELLO_RETRY_REQUEST))]));
fuzz("mutated plaintext of the encrypted flight", 0.2, Mode.Flight, fc.constant(0).chain(() => mutated([v.S3_FLIGHT, ...chainFlights])));
fuzz("flights of random handshake messages", 0.1, Mode.Flight,
  fc.array(fc.tuple(fc.constantFrom(8, 11, 13, 15, 20, 4, 24, 2, 1, 0, 255), fc.uint8Array({ maxLength: 200 })), { maxLength: 6 })
    .map((ms) => concat(...ms.map(([t, b]) => handshake(t, b)))));
fuzz("post-handshake record sequences", 0.2, Mode.PostHandshake,
  fc.array(fc.tuple(fc.constantFrom(22, 22, 21, 23, 0, 20, 24, 0x80),
    fc.oneof(fc.constantFrom(v.S3_TICKET, bytes("1800000100"), bytes("1800000101"), bytes("1800000102"), bytes("18"),
      bytes("00000100"), bytes("0100"), bytes("0228"), bytes("015a"), bytes("0000")), fc.uint8Array({ maxLength: 64 }))),
  { maxLength: 8 }).map((es) => entries(...es)));

test("memory stays bounded after every case", () => {
  assert.ok(guest.memoryBytes() < MAX_MEMORY_BYTES, `guest memory grew to ${guest.memoryBytes()} bytes`);
  assert.equal(guest.unexpectedImports, 0);
});

// Mutations of real bytes: flips, overwrites, insertions, deletions, truncation and overwritten 16-bit lengths.
type Edit = { kind: number; at: number; value: number; extra: Uint8Array };
function mutated(bases: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const edit = fc.record({ kind: fc.integer({ min: 0, max: 5 }), at: fc.nat(), value: fc.nat(0xffff), extra: fc.uint8Array({ maxLength: 8 }) });
  return fc.tuple(fc.nat(bases.length - 1), fc.array(edit, { minLength: 1, maxLength: 4 }))
    .map(([i, edits]) => edits.reduce(apply, bases[i]));
}

function apply(b: Uint8Array, e: Edit): Uint8Array {
  const at = e.at % (b.length + 1);
  switch (e.kind) {
    case 0: { const c = b.slice(); if (at < c.length) c[at] ^= 1 << (e.value & 7); return c; }
    case 1: { const c = b.slice(); if (at < c.length) c[at] = e.value & 0xff; return c; }
    case 2: return concat(b.subarray(0, at), e.extra, b.subarray(at));
    case 3: return concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + (e.value & 15))));
    case 4: return b.subarray(0, at);
    default: { const c = b.slice(); if (at + 1 < c.length) { c[at] = e.value >> 8; c[at + 1] = e.value & 0xff; } return c; }
  }
}

function record(type: number, content: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(type, 3, 3, content.length >> 8, content.length & 0xff), content);
}

function handshake(type: number, body: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff), body);
}

// Mode 3 entries: [type][length u16][content].
function entries(...es: [number, Uint8Array][]): Uint8Array {
  return concat(...es.map(([t, c]) => concat(Uint8Array.of(t, c.length >> 8, c.length & 0xff), c)));
}

// RFC 8446 §4.4.2: a Certificate message with an empty context and no entry extensions.
function certificateMessage(chain: Uint8Array[]): Uint8Array {
  const entriesBytes = concat(...chain.map((der) => concat(u24(der.length), der, Uint8Array.of(0, 0))));
  return handshake(11, concat(Uint8Array.of(0), u24(entriesBytes.length), entriesBytes));
}

function u24(n: number): Uint8Array {
  return Uint8Array.of(n >> 16, (n >> 8) & 0xff, n & 0xff);
}

function bytes(hex: string): Uint8Array {
  return /^[0-9a-f]*$/.test(hex) && hex.length % 2 === 0 ? Uint8Array.from(Buffer.from(hex, "hex")) : new TextEncoder().encode(hex);
}

// The RFC 8448 vectors as the unit specs transcribe them (test/unit/tls/rfc8448.ts), read from that file so there
// is one copy: `export const NAME = "hex" + "hex" ...;`, where a part may also name an earlier constant.
function rfc8448(): Record<string, Uint8Array> & { S3_FLIGHT: Uint8Array } {
  const text = readFileSync("test/unit/tls/rfc8448.ts", "utf8");
  const hexes: Record<string, string> = {};
  for (const m of text.matchAll(/export const (\w+) = ((?:"[0-9a-f]*"|\w+)(?:\s*\+\s*(?:"[0-9a-f]*"|\w+))*);/g)) {
    hexes[m[1]] = [...m[2].matchAll(/"([0-9a-f]*)"|(\w+)/g)].map((p) => p[1] ?? hexes[p[2]]).join("");
  }
  const out: Record<string, Uint8Array> = {};
  for (const [k, h] of Object.entries(hexes)) out[k] = Uint8Array.from(Buffer.from(h, "hex"));
  const flight = concat(out.S3_ENCRYPTED_EXTENSIONS, out.S3_CERTIFICATE, out.S3_CERTIFICATE_VERIFY, out.S3_SERVER_FINISHED);
  return Object.assign(out, { S3_FLIGHT: flight });
}
