// Fuzzes the guest JSON parser and writer inside a real guest module (release build options). Every input must
// (1) never trap, (2) be accepted exactly when JSON.parse accepts it and it is within our stricter rules
// (json_oracle.ts), and (3) when accepted, serialize to JSON that re-parses equal, in the guest and in JSON.parse.
// FUZZ_RUNS (default 100000) is the total across generators; FUZZ_SEED replays one run.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { FuzzGuest, toHex } from "./json_guest.js";
import { expectation, JsonErr, sameJson } from "./json_oracle.js";
import {
  byteSoup, collidingKeys, deepNesting, halfwayNumbers, mutatedDocs, numberTokens, randomBytes, stringTokens, validDocs,
} from "./json_arbitraries.js";

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 100000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const CORPUS = "test/fuzz/corpus/json.txt";
// fuzz_json's own codes (test/fixtures/guests/fuzz_json.ts).
const REPARSE_FAILED = 100;
const ROUND_TRIP_MISMATCH = 200;

let guest: FuzzGuest;
const codes = new Map<number, number>();
let inputs = 0;

before(async () => {
  guest = await FuzzGuest.create();
});

/** check runs one input through the guest and the oracle, returning the guest's code; it throws on any failure. */
function check(input: Uint8Array): number {
  const got = guest.run(input);
  inputs++;
  codes.set(got.code, (codes.get(got.code) ?? 0) + 1);
  const fail = (why: string): never => {
    throw new Error(`${why}\n  input (hex) ${toHex(input)}\n  input (text) ${JSON.stringify(latin1(input))}`);
  };
  if (got.code >= REPARSE_FAILED && got.code < ROUND_TRIP_MISMATCH) fail(`guest output did not re-parse: ${got.code}`);
  if (got.code === ROUND_TRIP_MISMATCH) fail("guest round trip mismatch: re-parsed output differs");
  if (got.code > ROUND_TRIP_MISMATCH) fail(`guest refused the call: code ${got.code}`);
  const want = expectation(input);
  if (want.accept) {
    if (got.code !== JsonErr.Ok) fail(`guest rejected valid JSON with code ${got.code} at ${got.offset}`);
    const text = new TextDecoder("utf-8", { fatal: true }).decode(got.output!);
    let reparsed: unknown;
    try {
      reparsed = JSON.parse(text);
    } catch {
      fail(`JSON.parse rejected guest output ${JSON.stringify(text)}`);
    }
    if (!sameJson(reparsed, want.value)) fail(`guest output ${text} differs from JSON.parse of the input`);
  } else {
    if (got.code === JsonErr.Ok) fail("guest accepted input that must be rejected");
    if (got.code > JsonErr.TrailingBytes) fail(`unknown error code ${got.code}`);
    if (want.codes !== null && !want.codes.has(got.code)) {
      fail(`guest rejected with ${got.code}, expected one of ${[...want.codes].join(",")}`);
    }
  }
  return got.code;
}

function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
}

function runs(share: number): number {
  return Math.max(1, Math.round(TOTAL_RUNS * share));
}

function fuzz(name: string, share: number, arb: fc.Arbitrary<Uint8Array>): void {
  test(`${name} (${runs(share)} runs)`, () => {
    fc.assert(fc.property(arb, (input) => { check(input); }), { numRuns: runs(share), seed: SEED });
  });
}

test("regression corpus: never traps, agrees with JSON.parse", () => {
  for (const line of readFileSync(CORPUS, "utf8").split("\n")) {
    const hex = line.replace(/#.*/, "").trim();
    if (hex === "") continue;
    check(Uint8Array.from(Buffer.from(hex, "hex")));
  }
});

test("inputs far beyond each limit are rejected with its code, not by a trap", () => {
  const enc = new TextEncoder();
  assert.equal(check(enc.encode("[".repeat(200000))), JsonErr.TooDeep);
  assert.equal(check(enc.encode("{\"a\":".repeat(200000))), JsonErr.TooDeep);
  assert.equal(check(enc.encode("[" + "0,".repeat(100000) + "0]")), JsonErr.TooManyMembers);
  assert.equal(check(enc.encode("[" + "0,".repeat(9998) + "0]")), JsonErr.Ok);
  assert.equal(check(new Uint8Array((1 << 20) + 1).fill(0x20)), JsonErr.TooLarge);
  assert.equal(check(enc.encode(`"${"x".repeat((1 << 20) - 2)}"`)), JsonErr.Ok);
});

fuzz("random bytes", 0.12, randomBytes);
fuzz("JSON-alphabet byte soup", 0.15, byteSoup);
fuzz("valid documents from fc.json()", 0.2, validDocs);
fuzz("mutated documents", 0.23, mutatedDocs);
fuzz("nesting around maxDepth", 0.05, deepNesting);
fuzz("objects with colliding member names", 0.05, collidingKeys);
fuzz("number tokens", 0.1, numberTokens);
fuzz("exact halfway numbers", 0.04, halfwayNumbers);
fuzz("string escapes and raw UTF-8", 0.06, stringTokens);

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const byCode = [...codes.entries()].sort((a, b) => a[0] - b[0]).map(([c, n]) => `${c}:${n}`).join(" ");
  t.diagnostic(`${inputs} inputs; results by code ${byCode}; guest memory ${guest.memoryBytes() >> 10} KiB`);
  // With the default run count, every error code should have been reached at least once.
  if (TOTAL_RUNS >= 100000) {
    for (let c = 0; c <= JsonErr.TrailingBytes; c++) assert.ok(codes.has(c), `no input produced code ${c}`);
  }
});
