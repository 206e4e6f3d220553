// Fuzzes the guest HTTP client's response parser inside a real guest module (release build options). Every input,
// fed in random pieces, must (1) never trap, (2) end exactly as the same bytes fed whole (code, bytes consumed,
// response), (3) leave the parser refusing everything after an error, and (4) when generated from a response
// model, give back that response. FUZZ_RUNS (default 100000) is the total across generators; FUZZ_SEED replays
// one run.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Code, HttpClientGuest, type ParseOptions, type Parsed, toHex } from "./http_client_guest.js";
import { ascii, concat, encode, expected, feeds, mutated, soup, spec } from "./http_client_arbitraries.js";

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 100000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const VALID_CODES = new Set<number>([Code.Ok, Code.Io, Code.BadResponse, Code.TooLarge, Code.Incomplete]);

let guest: HttpClientGuest;
const codes = new Map<number, number>();
let inputs = 0;

before(async () => {
  guest = await HttpClientGuest.create();
});

/** parse runs one input through the guest; it throws on a self-check failure or an impossible code. */
function parse(data: Uint8Array, pieces: number[], o: ParseOptions) {
  const got = guest.parse(data, pieces, o);
  inputs++;
  codes.set(got.code, (codes.get(got.code) ?? 0) + 1);
  if (!VALID_CODES.has(got.code)) {
    throw new Error(`guest self-check failed with code ${got.code} (${JSON.stringify(o)}, feeds ${JSON.stringify(pieces.slice(0, 64))})\n` +
      `  input (hex) ${shortHex(data)}`);
  }
  return got;
}

// Inputs of the limit tests run to megabytes: a failure shows their start and length only.
function shortHex(data: Uint8Array): string {
  return data.length <= 4096 ? toHex(data) : `${toHex(data.subarray(0, 4096))}... (${data.length} bytes)`;
}

function runs(share: number): number {
  return Math.max(1, Math.round(TOTAL_RUNS * share));
}

function fuzz<T>(name: string, share: number, arb: fc.Arbitrary<T>, check: (input: T) => void): void {
  test(`${name} (${runs(share)} runs)`, () => {
    fc.assert(fc.property(arb, check), { numRuns: runs(share), seed: SEED });
  });
}

const options: fc.Arbitrary<ParseOptions> = fc.record({ head: fc.boolean(), eof: fc.boolean(), tight: fc.boolean() });

function same(got: Parsed | null, want: Parsed, data: Uint8Array): void {
  assert.ok(got !== null, `no response for ${shortHex(data)}`);
  assert.deepEqual({ ...got, body: toHex(got.body) }, { ...want, body: toHex(want.body) }, `input ${shortHex(data)}`);
}

fuzz("random bytes in random pieces", 0.15, fc.tuple(fc.uint8Array({ maxLength: 96 }), feeds, options),
  ([data, pieces, o]) => { parse(data, pieces, o); });

fuzz("HTTP-alphabet soup in random pieces", 0.2, fc.tuple(soup, feeds, options),
  ([data, pieces, o]) => { parse(data, pieces, o); });

fuzz("mutated responses in random pieces", 0.3, fc.tuple(mutated, feeds, options),
  ([m, pieces, o]) => { parse(m.data, pieces, { ...o, head: m.s.head }); });

fuzz("generated responses parse to the response they encode", 0.25, fc.tuple(spec(), feeds, fc.boolean()),
  ([s, pieces, eof]) => {
    const data = encode(s);
    const got = parse(data, pieces, { head: s.head, eof: eof || s.framing === "close" });
    assert.equal(got.code, Code.Ok, `code ${got.code} for ${toHex(data)}`);
    same(got.response, expected(s), data);
  });

fuzz("generated responses against tight limits: the response or TooLarge", 0.1, fc.tuple(spec(), feeds),
  ([s, pieces]) => {
    const data = encode(s);
    const got = parse(data, pieces, { head: s.head, eof: true, tight: true });
    if (got.code === Code.Ok) same(got.response, expected(s), data);
    else assert.equal(got.code, Code.TooLarge, `input ${toHex(data)}`);
  });

test("inputs far beyond each default limit are refused with their code, not by a trap", () => {
  const head = (fields: string) => ascii(`HTTP/1.1 200 OK\r\n${fields}\r\n`);
  const big = (n: number, c = 0x61) => new Uint8Array(n).fill(c);
  // Exactly 1 MiB on the wire fits; one byte more does not.
  const fitHead = (n: number) => head(`Content-Length: ${n}\r\n`);
  let n = (1 << 20) - fitHead(0).length - 1;
  while (fitHead(n).length + n > 1 << 20) n--;
  assert.equal(parse(concat([fitHead(n), big(n)]), [], {}).code, Code.Ok);
  assert.equal(parse(concat([fitHead(n + 1), big(n + 1)]), [], {}).code, Code.TooLarge);
  assert.equal(parse(concat([head("Content-Length: 2097152\r\n"), big(2 << 20)]), [], {}).code, Code.TooLarge);
  assert.equal(parse(concat([head(""), big(3 << 20)]), Array(60).fill(65536), { eof: true }).code, Code.TooLarge);
  assert.equal(parse(concat([head("Transfer-Encoding: chunked\r\n"), ascii("1\r\nx\r\n".repeat(300000))]), [], {}).code, Code.TooLarge);
  assert.equal(parse(concat([head("Transfer-Encoding: chunked\r\n"), ascii("f".repeat(5000))]), [], {}).code, Code.TooLarge);
  assert.equal(parse(concat([head("Transfer-Encoding: chunked\r\n"), ascii("f".repeat(1000) + "\r\n")]), [], {}).code, Code.TooLarge);
  assert.equal(parse(head("X: y\r\n".repeat(200000)), [], {}).code, Code.TooLarge);
  assert.equal(parse(concat([ascii("HTTP/1.1 200 OK\r\nX: "), big(10 << 20)]), [], {}).code, Code.TooLarge);
  assert.equal(parse(ascii("HTTP/1.1 100 Continue\r\n\r\n".repeat(1000)), [], {}).code, Code.BadResponse);
  assert.equal(parse(big(5 << 20, 0x0a), [], {}).code, Code.BadResponse);
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const byCode = [...codes.entries()].sort((a, b) => a[0] - b[0]).map(([c, k]) => `${c}:${k}`).join(" ");
  t.diagnostic(`${inputs} inputs; results by code ${byCode}; guest memory ${guest.memoryBytes() >> 10} KiB`);
  if (TOTAL_RUNS >= 100000) {
    for (const c of VALID_CODES) assert.ok(codes.has(c), `no input produced code ${c}`);
  }
});
