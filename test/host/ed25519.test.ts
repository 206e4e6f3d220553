// Differential test of Ed25519 verification (assembly/crypto/ed25519*.ts) inside a real guest module (release
// build options, test/fixtures/guests/ed25519_probe.ts) against node:crypto (OpenSSL) and, where node:crypto has
// no answer to compare, a BigInt transcription of RFC 8032 §5.1 kept in this file:
// - signatures node:crypto makes with fresh keys over random messages verify, and every single-byte change of
//   signature, message or key is refused by both;
// - random keys decode exactly when RFC 8032 §5.1.3 says they do, and no random signature verifies under them;
// - mixed-order keys (A + T, T of small order) get the same verdicts as node:crypto, which pins the cofactorless
//   equation both use;
// - hostile lengths never trap; the scalar reduction matches BigInt mod L;
// - the deliberate differences (small-order and non-canonical keys, which node:crypto accepts and this code
//   refuses) are spelled out as tests.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import {
  createHash, createPublicKey, generateKeyPairSync, randomBytes, randomInt, sign, verify, type KeyObject,
} from "node:crypto";
import { InProcessGuest, toHex, type GuestBuffers } from "../support/inprocess_guest.js";
import { concat } from "../support/bytes.js";

interface ProbeExports extends GuestBuffers {
  verify(keyLen: number, sigLen: number, ptr: number, len: number): number;
  set_key(ptr: number, len: number): number;
  verify_with(sigLen: number, ptr: number, len: number): number;
  decode(ptr: number, len: number): number;
  reduce(ptr: number, len: number): number;
}

/** The probe's codes (ed25519_probe.ts). */
const enum Code { False = 0, True = 1, KeyRefused = 2, BadCall = 3 }
type Verdict = "valid" | "invalid" | "key refused";

class Ed25519Guest {
  constructor(readonly guest: InProcessGuest<ProbeExports>) {}

  /** verify decodes key and verifies sig over msg in one call. */
  verify(key: Uint8Array, sig: Uint8Array, msg: Uint8Array): Verdict {
    const code = this.guest.call(concat(key, sig, msg), (x, p, l) => x.verify(key.length, sig.length, p, l));
    if (code === Code.True) return "valid";
    if (code === Code.False) return "invalid";
    if (code === Code.KeyRefused) return "key refused";
    throw new Error(`verify answered ${code}`);
  }

  /** setKey decodes key for verifyWith: false when refused. */
  setKey(key: Uint8Array): boolean {
    const code = this.guest.call(key, (x, p, l) => x.set_key(p, l));
    if (code !== 0 && code !== Code.KeyRefused) throw new Error(`set_key answered ${code}`);
    return code === 0;
  }

  /** verifyWith verifies under the key setKey decoded. */
  verifyWith(sig: Uint8Array, msg: Uint8Array): boolean {
    const code = this.guest.call(concat(sig, msg), (x, p, l) => x.verify_with(sig.length, p, l));
    if (code !== Code.True && code !== Code.False) throw new Error(`verify_with answered ${code}`);
    return code === Code.True;
  }

  /** decode re-encodes a point encoding, or null when it encodes no point. */
  decode(encoding: Uint8Array): Uint8Array | null {
    const code = this.guest.call(encoding, (x, p, l) => x.decode(p, l));
    if (code === 1) return null;
    if (code !== 0) throw new Error(`decode answered ${code}`);
    return this.guest.output();
  }

  reduce(wide: Uint8Array): Uint8Array {
    const code = this.guest.call(wide, (x, p, l) => x.reduce(p, l));
    if (code !== 0) throw new Error(`reduce answered ${code}`);
    return this.guest.output();
  }
}

let guest: Ed25519Guest;
const counts = new Map<string, number>();
const count = (what: string, n = 1): void => { counts.set(what, (counts.get(what) ?? 0) + n); };

before(async () => {
  guest = new Ed25519Guest(await InProcessGuest.load<ProbeExports>("ed25519_probe"));
});

interface Signer { key: KeyObject; priv: KeyObject; x: Uint8Array }

function freshSigner(): Signer {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return { key: publicKey, priv: privateKey, x: Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url") };
}

// Message lengths: random up to 2 KiB, or at a SHA-512 block or padding boundary once R || A (64 bytes) precede.
const BOUNDARIES = [0, 1, 47, 48, 49, 63, 64, 65, 111, 112, 113, 127, 128, 129, 2047, 2048];
function messageLength(i: number): number {
  return i < BOUNDARIES.length ? BOUNDARIES[i] : randomInt(0, 2049);
}

/** nodeVerdict is node:crypto's verdict on a raw key given as a JWK `x`; an import error counts as refused. */
function nodeVerdict(x: Uint8Array, sig: Uint8Array, msg: Uint8Array): boolean | "key refused" {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(x).toString("base64url") }, format: "jwk" });
  } catch {
    return "key refused";
  }
  return verify(null, msg, key, sig);
}

test("verifies 1,200 node:crypto signatures by 6 fresh keys over random messages of 0 to 2048 bytes, and refuses each changed", () => {
  for (let k = 0; k < 6; k++) {
    const s = freshSigner();
    assert.ok(guest.setKey(s.x), `key ${toHex(s.x)} refused`);
    for (let i = 0; i < 200; i++) {
      const msg = randomBytes(messageLength(i));
      const sig = sign(null, msg, s.priv);
      // One in ten through the one-call path that decodes the key again; the rest with the key decoded once.
      const ok = i % 10 === 0 ? guest.verify(s.x, sig, msg) === "valid" : guest.verifyWith(sig, msg);
      if (!ok) assert.fail(`valid signature refused: key ${toHex(s.x)} sig ${toHex(sig)} msg ${toHex(msg)}`);
      count("valid");
      // And one random byte changed in the signature and in the message (the next test changes every byte).
      const badSig = Buffer.from(sig);
      badSig[randomInt(0, 64)] ^= randomInt(1, 256);
      assert.equal(guest.verifyWith(badSig, msg), false, `changed signature ${toHex(badSig)} verified`);
      if (msg.length > 0) {
        const badMsg = Buffer.from(msg);
        badMsg[randomInt(0, msg.length)] ^= randomInt(1, 256);
        assert.equal(guest.verifyWith(sig, badMsg), false, `changed message ${toHex(badMsg)} verified`);
      }
      count("changed, random byte");
    }
  }
});

test("refuses every single-byte change of signature, message or key, as node:crypto does", () => {
  for (let n = 0; n < 8; n++) {
    const s = freshSigner();
    const msg = randomBytes(n < 2 ? n : randomInt(2, 160));
    const sig = sign(null, msg, s.priv);
    assert.ok(guest.setKey(s.x));
    const delta = () => randomInt(1, 256);
    for (let i = 0; i < sig.length; i++) {
      const bad = Buffer.from(sig);
      bad[i] ^= delta();
      assert.equal(guest.verifyWith(bad, msg), false, `signature byte ${i}: ${toHex(bad)}`);
      assert.equal(verify(null, msg, s.key, bad), false, "node:crypto accepted a changed signature");
      count("changed signature");
    }
    for (let i = 0; i < msg.length; i++) {
      const bad = Buffer.from(msg);
      bad[i] ^= delta();
      assert.equal(guest.verifyWith(sig, bad), false, `message byte ${i}`);
      assert.equal(verify(null, bad, s.key, sig), false, "node:crypto accepted a changed message");
      count("changed message");
    }
    for (let i = 0; i < s.x.length; i++) {
      const bad = Buffer.from(s.x);
      bad[i] ^= delta();
      assert.notEqual(guest.verify(bad, sig, msg), "valid", `key byte ${i}: ${toHex(bad)}`);
      assert.equal(nodeVerdict(bad, sig, msg), false, "node:crypto accepted a changed key");
      count("changed key");
    }
  }
});

test("random keys decode exactly when RFC 8032 §5.1.3 says, and verify nothing, as with node:crypto", () => {
  let decoded = 0;
  for (let i = 0; i < 600; i++) {
    const x = randomBytes(32);
    const want = refDecode(x);
    const got = guest.decode(x);
    assert.equal(got === null ? null : toHex(got), want === null ? null : toHex(refEncode(want)), `decode ${toHex(x)}`);
    // Random keys are small order with probability 2^-252: accepted as keys exactly when they decode.
    assert.equal(guest.setKey(x), want !== null, `key ${toHex(x)}`);
    if (want !== null) decoded++;
    // A random signature, and one whose S is reduced below L so that the range check does not answer first.
    const sig = randomBytes(64);
    const reduced = Buffer.from(sig);
    reduced[63] &= 0x0f;
    for (const s of [sig, reduced]) {
      const msg = randomBytes(randomInt(0, 200));
      const verdict = guest.verify(x, s, msg);
      assert.notEqual(verdict, "valid", `random signature verified under random key ${toHex(x)}`);
      assert.equal(nodeVerdict(x, s, msg), false);
      count("random key");
    }
  }
  // About half of all y have an x: a sanity bound that the comparison saw both outcomes.
  assert.ok(decoded > 200 && decoded < 400, `${decoded} of 600 random keys decoded`);
});

test("a key A + T, T of small order, gets node:crypto's verdict: valid exactly when [k]T = 0 (cofactorless)", () => {
  // Signatures made here with A's secret scalar but hashed with A + T verify cofactorlessly iff [k]T is neutral,
  // e.g. for T of order 2 iff k is even; a cofactored verifier would accept all of them.
  const s = freshSigner();
  const seed = Buffer.from(s.priv.export({ format: "jwk" }).d!, "base64url");
  const h = createHash("sha512").update(seed).digest();
  h[0] &= 248; h[31] &= 127; h[31] |= 64; // RFC 8032 §5.1.5 step 2
  const a = le(h.subarray(0, 32));
  assert.equal(toHex(refEncode(refMul(a, BASE))), toHex(s.x), "derived scalar does not match node:crypto's key");
  let accepted = 0, refused = 0;
  for (const t of [SMALL_ORDER[1], SMALL_ORDER[4], SMALL_ORDER[6]]) { // orders 2, 8, 8
    const mixed = refEncode(refAdd(refMul(a, BASE), refDecode(hexBytes(t))!));
    assert.ok(guest.setKey(mixed), `mixed-order key ${toHex(mixed)} refused`);
    for (let i = 0; i < 24; i++) {
      const msg = randomBytes(randomInt(0, 100));
      const r = le(randomBytes(64)) % L;
      const R = refEncode(refMul(r, BASE));
      const k = le(createHash("sha512").update(R).update(mixed).update(msg).digest()) % L;
      const sig = Buffer.concat([R, toLe((r + k * a) % L)]);
      const want = nodeVerdict(mixed, sig, msg);
      assert.equal(guest.verifyWith(sig, msg), want, `key ${toHex(mixed)} sig ${toHex(sig)} msg ${toHex(msg)}`);
      if (want === true) accepted++; else refused++;
      count("mixed-order key");
    }
  }
  assert.ok(accepted > 0 && refused > 0, `accepted ${accepted}, refused ${refused}: the case did not split`);
});

test("hostile lengths and bytes never trap, and get node:crypto's verdict", () => {
  const s = freshSigner();
  const msg = randomBytes(100);
  const sig = sign(null, msg, s.priv);
  // A prefix of the real key or signature followed by random bytes, or random bytes, of a length that is right a
  // third of the time: so some inputs are valid, most nearly so, and every length from 0 to 2x appears.
  const pick = (real: Uint8Array, right: number): Buffer => {
    const n = randomInt(0, 3) === 0 ? right : randomInt(0, 2 * right + 1);
    return randomInt(0, 2) === 0 ? randomBytes(n) : Buffer.concat([real, randomBytes(2 * right)]).subarray(0, n);
  };
  let valid = 0;
  for (let i = 0; i < 500; i++) {
    const key = pick(s.x, 32), sg = pick(sig, 64);
    const verdict = guest.verify(key, sg, msg);
    const want = nodeVerdict(key, sg, msg);
    const real = toHex(key) === toHex(s.x) && toHex(sg) === toHex(sig);
    if (key.length !== 32) {
      assert.equal(verdict, "key refused", `key length ${key.length}`);
      assert.equal(want, "key refused", "node:crypto imported a key of the wrong length");
    }
    assert.equal(verdict === "valid", real, `key ${toHex(key)} sig ${toHex(sg)}`);
    assert.equal(want === true, real, "node:crypto disagrees on a hostile input");
    if (real) valid++;
    count("hostile");
  }
  assert.ok(valid > 0, "no valid combination was drawn");
  // Every value of the bytes that steer decoding and range checks: y's low byte, and the byte holding the sign bit
  // and the top of y, in the key and in R; the low and top byte of S.
  for (let v = 0; v < 256; v++) {
    for (const at of [0, 31]) {
      const key = Buffer.from(s.x); key[at] = v;
      const r = Buffer.from(sig); r[at] = v;
      const sv = Buffer.from(sig); sv[32 + at] = v;
      for (const [k, sg] of [[key, sig], [s.x, r], [s.x, sv]]) {
        const real = toHex(k) === toHex(s.x) && toHex(sg) === toHex(sig);
        assert.equal(guest.verify(k, sg, msg) === "valid", real, `key ${toHex(k)} sig ${toHex(sg)}`);
        assert.equal(nodeVerdict(k, sg, msg) === true, real, `node:crypto: key ${toHex(k)} sig ${toHex(sg)}`);
        count("hostile");
      }
    }
  }
});

test("scalar reduction mod L matches BigInt, including the extremes", () => {
  const edges = [new Uint8Array(64), new Uint8Array(64).fill(0xff), toLe(L, 64), toLe(L - 1n, 64), toLe(L + 1n, 64),
    toLe(L * (2n ** 259n), 64), toLe(2n ** 252n, 64), toLe(L * L, 64), toLe(2n ** 504n - 1n, 64)];
  for (let i = 0; i < 3000; i++) {
    const wide = i < edges.length ? edges[i] : randomBytes(64);
    assert.equal(toHex(guest.reduce(wide)), toHex(toLe(le(wide) % L)), `reduce ${toHex(wide)}`);
    count("reduce");
  }
});

test("deliberate differences: small-order and non-canonical keys, which node:crypto accepts, are refused", () => {
  // With the neutral point as key, R = [S]B verifies for every message: node:crypto accepts these forgeries,
  // including through a non-canonical y (1 + p) and an x = 0 with the sign bit set. ed25519PublicKey refuses all.
  const forgery = Buffer.concat([refEncode(BASE), toLe(1n)]);
  const msg = Buffer.from("any message at all");
  for (const x of ["0100000000000000000000000000000000000000000000000000000000000000",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0100000000000000000000000000000000000000000000000000000000000080"]) {
    assert.equal(nodeVerdict(hexBytes(x), forgery, msg), true, `node:crypto no longer accepts ${x}: update this test`);
    assert.equal(guest.verify(hexBytes(x), forgery, msg), "key refused", x);
  }
  for (const x of SMALL_ORDER) assert.equal(guest.setKey(hexBytes(x)), false, `small-order key ${x}`);
  // y + p for valid points with y = 3 .. 18: node:crypto reduces y, RFC 8032 §5.1.3 refuses.
  for (let y = 0n; y < 19n; y++) {
    if (refDecode(toLe(y)) === null) continue;
    assert.equal(guest.setKey(toLe(y + P)), false, `non-canonical y = ${y} + p`);
  }
});

test("summary", (t) => {
  assert.equal(guest.guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const by = [...counts.entries()].map(([k, v]) => `${k}:${v}`).join(" ");
  t.diagnostic(`${by}; guest memory ${guest.guest.memoryBytes() >> 10} KiB`);
});

// A BigInt transcription of RFC 8032 §5.1 (the §6 Python, extended coordinates), slow and plain: the oracle for
// decoding, and the signer for the mixed-order keys.
type Point = [bigint, bigint, bigint, bigint];
const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const modP = (a: bigint): bigint => ((a % P) + P) % P;
function powP(b: bigint, e: bigint): bigint {
  let r = 1n;
  for (b = modP(b); e > 0n; e >>= 1n, b = b * b % P) if (e & 1n) r = r * b % P;
  return r;
}
const D = modP(-121665n * powP(121666n, P - 2n));
const SQRTM1 = powP(2n, (P - 1n) / 4n);
const SMALL_ORDER = [
  "0100000000000000000000000000000000000000000000000000000000000000",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
];

function refDecode(bytes: Uint8Array): Point | null {
  const b = Buffer.from(bytes);
  const sign = b[31] >> 7;
  b[31] &= 0x7f;
  const y = le(b);
  if (y >= P) return null;
  const u = modP(y * y - 1n), v = modP(D * y * y + 1n);
  let x = modP(u * powP(v, 3n) * powP(u * powP(v, 7n), (P - 5n) / 8n));
  const check = modP(v * x * x);
  if (check === modP(-u)) x = modP(x * SQRTM1);
  else if (check !== u) return null;
  if (x === 0n && sign === 1) return null;
  if (Number(x & 1n) !== sign) x = modP(-x);
  return [x, y, 1n, modP(x * y)];
}

function refEncode(p: Point): Uint8Array {
  const zi = powP(p[2], P - 2n);
  const x = modP(p[0] * zi), out = toLe(modP(p[1] * zi));
  out[31] |= Number(x & 1n) << 7;
  return out;
}

function refAdd(p: Point, q: Point): Point {
  const a = modP((p[1] - p[0]) * (q[1] - q[0])), b = modP((p[1] + p[0]) * (q[1] + q[0]));
  const c = modP(2n * D * p[3] * q[3]), d = modP(2n * p[2] * q[2]);
  const e = b - a, f = d - c, g = d + c, h = b + a;
  return [modP(e * f), modP(g * h), modP(f * g), modP(e * h)];
}

function refMul(k: bigint, p: Point): Point {
  let r: Point = [0n, 1n, 1n, 0n];
  for (; k > 0n; k >>= 1n, p = refAdd(p, p)) if (k & 1n) r = refAdd(r, p);
  return r;
}

const BASE = refDecode(hexBytes("5866666666666666666666666666666666666666666666666666666666666666"))!;

function le(bytes: Uint8Array): bigint {
  return BigInt("0x" + (Buffer.from(bytes).reverse().toString("hex") || "0"));
}

function toLe(v: bigint, n = 32): Buffer {
  return Buffer.from(v.toString(16).padStart(2 * n, "0"), "hex").reverse();
}

function hexBytes(s: string): Buffer {
  return Buffer.from(s, "hex");
}
