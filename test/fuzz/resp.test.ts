// Fuzzes the guest RESP reader and writer inside a real guest module (release build options). Every input, fed
// in random chunks, must (1) never trap, (2) decode exactly as the same bytes fed whole, (3) leave the reader
// poisoned after a protocol error, and (4) when generated from a reply tree, decode back to that tree. Commands
// must encode byte for byte as a JS encoder does. FUZZ_RUNS (default 100000) is the total across generators;
// FUZZ_SEED replays one run.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { type Arg, BAD_CALL, INCOMPLETE, Mode, RespGuest, toHex } from "./resp_guest.js";
import { canonical, chunking, concat, encode, mutated, pipeline, replyTree, soup } from "./resp_arbitraries.js";

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 100000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
// RespErr (assembly/resp/errors.ts): the codes a run may end with, besides Ok and INCOMPLETE.
const LAST_RESP_ERR = 13;
const BUFFER_FULL = 13;

let guest: RespGuest;
const codes = new Map<number, number>();
let inputs = 0;

before(async () => {
  guest = await RespGuest.create();
});

/** decode runs one input through the guest and returns its result; it throws on any self-check failure. */
function decode(data: Uint8Array, chunks: number[], mode: Mode, checkWhole = true) {
  const got = guest.decode(data, chunks, mode, checkWhole);
  inputs++;
  codes.set(got.code, (codes.get(got.code) ?? 0) + 1);
  const valid = got.code === INCOMPLETE || (got.code >= 0 && got.code <= LAST_RESP_ERR);
  if (!valid) {
    throw new Error(`guest self-check failed with code ${got.code} (mode ${mode}, chunks ${JSON.stringify(chunks)})\n` +
      `  input (hex) ${toHex(data)}`);
  }
  return got;
}

function runs(share: number): number {
  return Math.max(1, Math.round(TOTAL_RUNS * share));
}

function fuzz<T>(name: string, share: number, arb: fc.Arbitrary<T>, check: (input: T) => void): void {
  test(`${name} (${runs(share)} runs)`, () => {
    fc.assert(fc.property(arb, check), { numRuns: runs(share), seed: SEED });
  });
}

const mode = fc.constantFrom(Mode.Default, Mode.Tight);

fuzz("random bytes in random chunks", 0.15, fc.tuple(fc.uint8Array({ maxLength: 64 }), chunking, mode),
  ([data, chunks, m]) => { decode(data, chunks, m); });

fuzz("RESP-alphabet soup in random chunks", 0.22, fc.tuple(soup, chunking, mode),
  ([data, chunks, m]) => { decode(data, chunks, m); });

fuzz("mutated replies in random chunks", 0.2, fc.tuple(mutated, chunking, mode),
  ([data, chunks, m]) => { decode(data, chunks, m); });

fuzz("generated replies decode to the tree they encode", 0.25, fc.tuple(pipeline, chunking), ([nodes, chunks]) => {
  const data = concat(nodes.flatMap((n) => encode(n)));
  const want = concat(nodes.flatMap((n) => canonical(n)));
  // The expected output is the oracle here, so the guest's whole-feed cross-check is skipped.
  const got = decode(data, chunks, Mode.Default, false);
  assert.equal(got.code, 0, `input ${toHex(data)}`);
  assert.equal(got.replies, nodes.length);
  assert.equal(toHex(got.output), toHex(want), `input ${toHex(data)}`);
});

fuzz("generated replies against tight limits", 0.1, fc.tuple(replyTree, chunking), ([node, chunks]) => {
  const got = decode(concat(encode(node)), chunks, Mode.Tight);
  if (got.code === 0) assert.equal(toHex(got.output), toHex(concat(canonical(node))));
  else assert.notEqual(got.code, INCOMPLETE, "a whole reply cannot end incomplete");
});

const text = fc.string({ unit: "binary", maxLength: 12 });
const arg: fc.Arbitrary<Arg> = fc.oneof(
  text.map((t) => ({ text: t })),
  fc.uint8Array({ maxLength: 24 }).map((b) => ({ bytes: b })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => ({ int: n })),
);

fuzz("commands encode as arrays of bulk strings, byte for byte", 0.08,
  fc.tuple(text, fc.array(arg, { maxLength: 8 })), ([name, rest]) => {
    const args: Arg[] = [{ text: name }, ...rest];
    const got = guest.encode(args);
    assert.equal(got.code, 0);
    const want = concat([
      new TextEncoder().encode(`*${args.length}\r\n`),
      ...args.flatMap((a) => {
        const b = "bytes" in a ? a.bytes : new TextEncoder().encode("text" in a ? a.text : String(a.int));
        return [new TextEncoder().encode(`$${b.length}\r\n`), b, new TextEncoder().encode("\r\n")];
      }),
    ]);
    assert.equal(toHex(got.output), toHex(want));
  });

test("inputs far beyond each default limit are rejected with its code, not by a trap", () => {
  const ascii = (s: string) => new TextEncoder().encode(s);
  const big = (n: number, c = 0x61) => new Uint8Array(n).fill(c);
  assert.equal(decode(ascii("*1\r\n".repeat(200000)), [], Mode.Default).code, 8);
  assert.equal(decode(ascii("*1\r\n".repeat(31) + "*0\r\n"), [], Mode.Default).code, 0);
  assert.equal(decode(ascii("*65536\r\n"), [], Mode.Default).code, 9);
  const flat = decode(ascii("*65535\r\n" + ":1\r\n".repeat(65535)), [], Mode.Default);
  assert.deepEqual([flat.code, flat.replies], [0, 1]);
  assert.equal(decode(ascii("$1048577\r\n"), [], Mode.Default).code, 10);
  const mib = concat([ascii("$1048576\r\n"), big(1 << 20), ascii("\r\n")]);
  assert.deepEqual([decode(mib, [], Mode.Default).code, decode(mib, [], Mode.Default).replies], [0, 1]);
  assert.equal(decode(concat([ascii("+"), big(70000)]), [], Mode.Default).code, 11);
  const bulk = concat([ascii("$1000000\r\n"), big(1000000), ascii("\r\n")]);
  const huge = concat([ascii("*5\r\n"), bulk, bulk, bulk, bulk, bulk]);
  assert.equal(decode(huge, Array(80).fill(65536), Mode.Default).code, 12);
  assert.equal(decode(ascii("+OK\r\n".repeat(2 << 20)), [], Mode.Default).code, BUFFER_FULL);
  assert.equal(decode(ascii(":99999999999999999999\r\n"), [], Mode.Default).code, 4);
  const invalid = guest.encode([{ bytes: new Uint8Array(0) }]);
  assert.equal(invalid.code, BAD_CALL, "fuzz_command requires a text command name");
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const byCode = [...codes.entries()].sort((a, b) => a[0] - b[0]).map(([c, n]) => `${c}:${n}`).join(" ");
  t.diagnostic(`${inputs} inputs; results by code ${byCode}; guest memory ${guest.memoryBytes() >> 10} KiB`);
  // With the default run count, every error code should have been reached at least once.
  if (TOTAL_RUNS >= 100000) {
    for (let c = 0; c <= LAST_RESP_ERR; c++) assert.ok(codes.has(c), `no input produced code ${c}`);
    assert.ok(codes.has(INCOMPLETE), "no input ended mid-reply");
  }
});
