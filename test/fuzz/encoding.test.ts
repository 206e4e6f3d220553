// Fuzzes the guest's base64, base64url, hex and UTF-8 code inside a real guest module (release build options).
// Every input must (1) never trap, (2) get exactly the code and offset the RFC 4648 / RFC 3629 rules give, and
// (3) when accepted, decode to what Buffer or TextDecoder produce; encodings must equal Buffer's.
// FUZZ_RUNS (default 100000) texts are decoded as base64/base64url (half each), with 40% more for wide strings and
// encoding; UTF-8 gets FUZZ_RUNS inputs, hex a fifth.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { describeInput, fromUtf16, FUZZ_SEED, HttpFuzzGuest, MISMATCH, runs } from "./http_guest.js";
import { base64Expect, Enc, hexExpect } from "./http_oracles.js";
import { base64Bytes, base64Wide, hexTexts, utf8Inputs } from "./http_arbitraries.js";

let guest: HttpFuzzGuest;
const codes = new Map<string, number>();

before(async () => {
  guest = await HttpFuzzGuest.create("fuzz_encoding");
});

function fuzz<T extends string | Uint8Array>(name: string, share: number, arb: fc.Arbitrary<T>, check: (input: T) => number): void {
  const n = runs(share);
  test(`${name} (${n} runs)`, () => {
    fc.assert(fc.property(arb, (input) => {
      let code: number;
      try {
        code = check(input);
      } catch (err) {
        throw new Error(`${(err as Error).message}\n  input ${describeInput(input)}`);
      }
      const key = `${name.split(" ")[0]}:${code}`;
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }), { numRuns: n, seed: FUZZ_SEED });
  });
}

function checkBase64(bytes: Uint8Array, url: boolean): number {
  const r = guest.bytes("fuzz_base64", bytes, url ? 1 : 0);
  assert.ok(r.code < MISMATCH, `guest self-check failed: ${r.code}`);
  const text = Buffer.from(bytes).toString("latin1");
  const want = base64Expect(text, url);
  assert.equal(r.code, want.code, "code");
  if (want.code === Enc.Ok) assert.deepEqual(Buffer.from(r.output), Buffer.from(text, url ? "base64url" : "base64"));
  else assert.equal(guest.offset(), want.offset, "offset");
  return r.code;
}

fuzz("base64 decoding of bytes", 0.5, base64Bytes(false), (b) => checkBase64(b, false));
fuzz("base64url decoding of bytes", 0.5, base64Bytes(true), (b) => checkBase64(b, true));

fuzz("base64/base64url decoding of strings with wide characters", 0.15, base64Wide, (s) => {
  let code = 0;
  for (const url of [false, true]) {
    const r = guest.text("fuzz_base64_string", s, url ? 1 : 0);
    const want = base64Expect(s, url);
    assert.equal(r.code, want.code, `code (${url ? "base64url" : "base64"})`);
    if (want.code !== Enc.Ok) assert.equal(guest.offset(), want.offset, "offset");
    code = r.code;
  }
  return code;
});

fuzz("base64/base64url encoding equals Buffer's", 0.25, fc.uint8Array({ maxLength: 64 }), (b) => {
  for (const url of [false, true]) {
    const r = guest.bytes("fuzz_base64_encode", b, url ? 1 : 0);
    assert.equal(r.code, 0, "guest round trip failed");
    assert.equal(fromUtf16(r.output), Buffer.from(b).toString(url ? "base64url" : "base64"));
  }
  return 0;
});

fuzz("hex decoding and encoding", 0.2, hexTexts, (b) => {
  const r = guest.bytes("fuzz_hex", b, 0);
  const text = Buffer.from(b).toString("latin1");
  const want = hexExpect(text);
  assert.equal(r.code, want.code, "code");
  if (want.code === Enc.Ok) assert.deepEqual(Buffer.from(r.output), Buffer.from(text, "hex"));
  else assert.equal(guest.offset(), want.offset, "offset");
  const e = guest.bytes("fuzz_hex", b, 1);
  assert.equal(e.code, 0, "guest round trip failed");
  assert.equal(fromUtf16(e.output), Buffer.from(b).toString("hex"));
  return r.code;
});

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder("utf-8", { ignoreBOM: true });

fuzz("UTF-8 validation and strict/lossy decoding match TextDecoder", 1, utf8Inputs, (b) => {
  const r = guest.bytes("fuzz_utf8", b);
  assert.ok(r.code < MISMATCH, `guest self-check failed: ${r.code}`);
  let valid = true;
  try {
    fatal.decode(b);
  } catch {
    valid = false;
  }
  assert.equal(r.code, valid ? Enc.Ok : Enc.BadUtf8, "strict verdict");
  assert.equal(fromUtf16(r.output), lossy.decode(b), "lossy decoding");
  return r.code;
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const summary = [...codes.entries()].sort().map(([k, n]) => `${k}=${n}`).join(" ");
  t.diagnostic(`${guest.calls} guest calls; results ${summary}; guest memory ${guest.memoryBytes() >> 10} KiB`);
  if (runs(1) >= 100000) {
    for (const c of [Enc.Ok, Enc.BadLength, Enc.BadCharacter, Enc.BadPadding, Enc.TrailingBits]) {
      assert.ok(codes.has(`base64:${c}`) || codes.has(`base64url:${c}`), `no base64 input produced code ${c}`);
    }
    assert.ok(codes.has("UTF-8:0") && codes.has("UTF-8:6"), "UTF-8 inputs did not reach both verdicts");
  }
});
