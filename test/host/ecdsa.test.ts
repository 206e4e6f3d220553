// Differential test of assembly/crypto/ecdsa.ts and the arithmetic under it, run in a release-built fixture guest
// (test/fixtures/guests/ecdsa_probe.ts) against node:crypto and BigInt: per curve, 1,000 signatures made by
// node:crypto with several fresh keys over random messages verify, single-byte changes of signature or digest
// fail (every byte of some), hostile keys and signatures are refused, and no input traps (a trap throws
// GuestTrap). Field operations are compared with BigInt, u1 * G + u2 * Q with node's ECDH.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  createECDH, createHash, createPublicKey, generateKeyPairSync, randomBytes, randomInt, sign, verify,
} from "node:crypto";
import { InProcessGuest, toHex, type GuestBuffers } from "../support/inprocess_guest.js";
import { concat, toBytes, fromBytes } from "../support/bytes.js";

interface ProbeExports extends GuestBuffers {
  public_key(curve: number, xLen: number, ptr: number, len: number): number;
  verify(curve: number, xLen: number, yLen: number, digestLen: number, ptr: number, len: number): number;
  field(curve: number, op: number, ptr: number, len: number): number;
  scalar_inverse(curve: number, ptr: number, len: number): number;
  mul(curve: number, ptr: number, len: number): number;
}

/** The probe's result codes (ecdsa_probe.ts). */
const enum Code { Done = 0, Refused = 1, BadCall = 2, KeyRefused = 3 }

type Bits = 256 | 384 | 521;
interface CurveInfo { bits: Bits; name: string; ecdh: string; hash: string; bytes: number; p: bigint; n: bigint }
const CURVES: CurveInfo[] = [
  { bits: 256, name: "P-256", ecdh: "prime256v1", hash: "sha256", bytes: 32,
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
  { bits: 384, name: "P-384", ecdh: "secp384r1", hash: "sha384", bytes: 48,
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n },
  { bits: 521, name: "P-521", ecdh: "secp521r1", hash: "sha512", bytes: 66,
    p: 2n ** 521n - 1n,
    n: BigInt("0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
      + "a51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409") },
];

// Signatures per curve, spread over KEYS fresh keys; SIGNATURES_EXHAUSTIVE of them get every byte changed.
const SIGNATURES = 1000;
const KEYS = 4;
const SIGNATURES_EXHAUSTIVE = 2;

/** EcdsaGuest runs the probe's exports with typed arguments. */
class EcdsaGuest {
  constructor(private readonly guest: InProcessGuest<ProbeExports>) {}

  /** publicKey reports whether ecPublicKey accepts (x, y). */
  publicKey(c: CurveInfo, x: Uint8Array, y: Uint8Array): boolean {
    const code = this.guest.call(concat(x, y), (g, p, l) => g.public_key(c.bits, x.length, p, l));
    assert.ok(code === Code.Done || code === Code.Refused, `public_key answered ${code}`);
    return code === Code.Done;
  }

  /** verify returns true, false, or "key" when the guest refused the key itself. */
  verify(c: CurveInfo, x: Uint8Array, y: Uint8Array, digest: Uint8Array, sig: Uint8Array): boolean | "key" {
    const code = this.guest.call(concat(x, y, digest, sig),
      (g, p, l) => g.verify(c.bits, x.length, y.length, digest.length, p, l));
    if (code === Code.KeyRefused) return "key";
    assert.ok(code === Code.Done || code === Code.Refused, `verify answered ${code}`);
    return code === Code.Done;
  }

  /** field runs field operation op (see ecdsa_probe.ts) on operands given as bigints. */
  field(c: CurveInfo, op: number, ...operands: bigint[]): bigint {
    const width = op === 6 ? (c.bits === 521 ? 136 : (c.bits / 32) * 8) : c.bytes;
    const input = concat(...operands.map((v) => toBytes(v, width)));
    const code = this.guest.call(input, (g, p, l) => g.field(c.bits, op, p, l));
    assert.equal(code, Code.Done, `field op ${op} answered ${code}`);
    return fromBytes(this.guest.output());
  }

  scalarInverse(c: CurveInfo, s: bigint): bigint {
    const code = this.guest.call(toBytes(s, c.bytes), (g, p, l) => g.scalar_inverse(c.bits, p, l));
    assert.equal(code, Code.Done);
    return fromBytes(this.guest.output());
  }

  /** mul returns u1 * G + u2 * Q as uncompressed x || y, or null for infinity. */
  mul(c: CurveInfo, u1: bigint, u2: bigint, qx: Uint8Array, qy: Uint8Array): Uint8Array | null {
    const input = concat(toBytes(u1, c.bytes), toBytes(u2, c.bytes), qx, qy);
    const code = this.guest.call(input, (g, p, l) => g.mul(c.bits, p, l));
    if (code === Code.Refused) return null;
    assert.equal(code, Code.Done, `mul answered ${code}`);
    return this.guest.output();
  }

  get unexpectedImports(): number { return this.guest.unexpectedImports; }
  takeLogs(): string[] { return this.guest.takeLogs(); }
  memoryBytes(): number { return this.guest.memoryBytes(); }
}

let guest: EcdsaGuest;
const counts = new Map<string, number>();
const count = (what: string, n = 1) => counts.set(what, (counts.get(what) ?? 0) + n);

before(async () => {
  guest = new EcdsaGuest(await InProcessGuest.load<ProbeExports>("ecdsa_probe"));
});

for (const c of CURVES) {
  describe(`${c.name} (${c.bits === 256 ? "ES256" : c.bits === 384 ? "ES384" : "ES512"})`, () => {
    test(`${SIGNATURES} node:crypto signatures verify; a changed signature or digest byte never does`, () => {
      for (let k = 0; k < KEYS; k++) {
        const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: c.name });
        const { x, y } = coordinates(publicKey);
        assert.ok(guest.publicKey(c, x, y), `fresh key refused: ${toHex(x)} ${toHex(y)}`);
        for (let i = 0; i < SIGNATURES / KEYS; i++) {
          const message = randomBytes(randomInt(0, 400));
          const sig = sign(c.hash, message, { key: privateKey, dsaEncoding: "ieee-p1363" });
          const digest = createHash(c.hash).update(message).digest();
          const where = `key ${toHex(x)},${toHex(y)} digest ${toHex(digest)} sig ${toHex(sig)}`;
          assert.equal(guest.verify(c, x, y, digest, sig), true, `refused a valid signature: ${where}`);
          count(`${c.name} valid`);
          const badSig = Buffer.from(sig);
          badSig[randomInt(0, sig.length)] ^= randomInt(1, 256);
          assert.equal(guest.verify(c, x, y, digest, badSig), false, `accepted a changed signature: ${where}`);
          const nodeOptions = { key: publicKey, dsaEncoding: "ieee-p1363" } as const;
          if (i < 10) assert.equal(verify(c.hash, message, nodeOptions, badSig), false, "node:crypto disagrees");
          const badDigest = Buffer.from(digest);
          badDigest[randomInt(0, digest.length)] ^= randomInt(1, 256);
          assert.equal(guest.verify(c, x, y, badDigest, sig), false, `accepted a changed digest: ${where}`);
          count(`${c.name} changed`, 2);
          if (k === 0 && i < SIGNATURES_EXHAUSTIVE) everyByteChanged(c, x, y, digest, sig);
        }
      }
    });

    test("hostile keys are refused without a trap, as node:crypto refuses them", () => {
      const { x, y } = coordinates(generateKeyPairSync("ec", { namedCurve: c.name }).publicKey);
      const p = toBytes(c.p, c.bytes);
      const refuse = (what: string, kx: Uint8Array, ky: Uint8Array) => {
        assert.equal(guest.publicKey(c, kx, ky), false, `${what}: accepted ${toHex(kx)} ${toHex(ky)}`);
        count(`${c.name} hostile key`);
      };
      refuse("x = p", p, y);
      refuse("y = p", x, p);
      refuse("y + p", x, toBytes(fromBytes(y) + c.p, c.bytes + 1));
      refuse("all ones", Buffer.alloc(c.bytes, 0xff), Buffer.alloc(c.bytes, 0xff));
      refuse("zero", Buffer.alloc(c.bytes), Buffer.alloc(c.bytes));
      refuse("short x", x.subarray(1), y);
      refuse("long y", x, concat(new Uint8Array(1), y));
      refuse("empty", new Uint8Array(0), new Uint8Array(0));
      for (let i = 0; i < 200; i++) {
        const off = Buffer.from(y);
        off[randomInt(0, off.length)] ^= randomInt(1, 256);
        refuse("off-curve y", x, off);
        const rx = randomBytes(c.bytes), ry = randomBytes(c.bytes);
        if (c.bits === 521) { rx[0] &= 1; ry[0] &= 1; } // below 2^521: only the curve equation can refuse
        const nodeAccepts = jwkAccepted(c, rx, ry);
        assert.equal(guest.publicKey(c, rx, ry), nodeAccepts, `random key ${toHex(rx)} ${toHex(ry)}`);
        count(`${c.name} hostile key`);
        const lx = randomBytes(randomInt(0, 2 * c.bytes)), ly = randomBytes(randomInt(0, 2 * c.bytes));
        if (lx.length !== c.bytes || ly.length !== c.bytes) refuse("random lengths", lx, ly);
      }
    });

    test("hostile signatures and digests are refused without a trap", () => {
      const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: c.name });
      const { x, y } = coordinates(publicKey);
      const message = randomBytes(64);
      const sig = sign(c.hash, message, { key: privateKey, dsaEncoding: "ieee-p1363" });
      const digest = createHash(c.hash).update(message).digest();
      const n = toBytes(c.n, c.bytes), zero = Buffer.alloc(c.bytes);
      const r = sig.subarray(0, c.bytes), s = sig.subarray(c.bytes);
      const refuse = (what: string, d: Uint8Array, bad: Uint8Array) => {
        assert.equal(guest.verify(c, x, y, d, bad), false, `${what}: accepted ${toHex(bad)} over ${toHex(d)}`);
        count(`${c.name} hostile signature`);
      };
      refuse("r = 0", digest, concat(zero, s));
      refuse("s = 0", digest, concat(r, zero));
      refuse("r = n", digest, concat(n, s));
      refuse("s = n", digest, concat(r, n));
      refuse("r = r + n", digest, concat(toBytes((fromBytes(r) + c.n) % 2n ** BigInt(8 * c.bytes), c.bytes), s));
      refuse("all ones", digest, Buffer.alloc(2 * c.bytes, 0xff));
      for (const len of [0, 1, c.bytes, 2 * c.bytes - 1, 2 * c.bytes + 1, 4 * c.bytes]) {
        refuse(`length ${len}`, digest, concat(sig, randomBytes(2 * c.bytes)).subarray(0, len));
      }
      for (let i = 0; i < 300; i++) {
        refuse("random signature", digest, randomBytes(2 * c.bytes));
        const d = randomBytes(randomInt(0, 130));
        refuse("random digest", d, sig);
        refuse("random everything", d, randomBytes(randomInt(0, 3 * c.bytes)));
      }
      // Only the leftmost len(n) bits of a digest count: on P-256 and P-384 (digest exactly len(n) bits long),
      // bytes appended to it change nothing.
      if (digest.length * 8 === c.bits) {
        assert.equal(guest.verify(c, x, y, concat(digest, randomBytes(randomInt(1, 64))), sig), true);
      }
    });

    test("field arithmetic equals BigInt mod p, at random and at the edges", () => {
      const { p } = c;
      const edges = [0n, 1n, 2n, p - 1n, p - 2n, p >> 1n, (p + 1n) >> 1n, 2n ** 32n - 1n, 2n ** 32n];
      const random = () => fromBytes(randomBytes(c.bytes + 8)) % p;
      // Every pair of edges, then random operands.
      for (let i = 0; i < 1500; i++) {
        const pair = i < edges.length ** 2;
        const a = pair ? edges[i % edges.length] : random(), b = pair ? edges[Math.floor(i / edges.length)] : random();
        assert.equal(guest.field(c, 0, a, b), (a * b) % p, `mul ${a} ${b}`);
        assert.equal(guest.field(c, 1, a), (a * a) % p, `sqr ${a}`);
        assert.equal(guest.field(c, 2, a, b), (a + b) % p, `add ${a} ${b}`);
        assert.equal(guest.field(c, 3, a, b), (((a - b) % p) + p) % p, `sub ${a} ${b}`);
        assert.equal(guest.field(c, 4, a), (p - a) % p, `neg ${a}`);
        count(`${c.name} field`, 5);
      }
      for (let i = 0; i < 20; i++) {
        const a = i < edges.length ? edges[i] : random();
        assert.equal(guest.field(c, 5, a), a === 0n ? 0n : modInverse(a, p), `inv ${a}`);
        count(`${c.name} field`);
      }
      // Reduction of wide values: random, and built from words 0, 1, 2^31, 2^32 - 1 that push the fast
      // reductions' signed carries to their extremes. P-521's reduction takes products (below 2^1042) only.
      const wideBits = c.bits === 521 ? 1042 : 2 * c.bits;
      const words = [0n, 1n, 2n, 0x7fffffffn, 0x80000000n, 0xfffffffen, 0xffffffffn];
      for (let i = 0; i < 2000; i++) {
        let t = 0n;
        if (i % 2 === 0) t = fromBytes(randomBytes(Math.ceil(wideBits / 8)));
        else for (let w = 0; w < Math.ceil(wideBits / 32); w++) t = (t << 32n) | words[randomInt(0, words.length)];
        t %= 2n ** BigInt(wideBits);
        assert.equal(guest.field(c, 6, t), t % p, `reduce ${t.toString(16)}`);
        count(`${c.name} field`);
      }
    });

    test("scalar inversion equals BigInt mod n; u1 * G + u2 * Q equals node's ECDH", () => {
      for (let i = 0; i < 200; i++) {
        const s = i < 3 ? [1n, 2n, c.n - 1n][i] : (fromBytes(randomBytes(c.bytes + 8)) % (c.n - 1n)) + 1n;
        assert.equal(guest.scalarInverse(c, s), modInverse(s, c.n), `inverse of ${s}`);
        count(`${c.name} scalar`);
      }
      const q = createECDH(c.ecdh);
      q.generateKeys();
      const Q = q.getPublicKey(), qx = Q.subarray(1, 1 + c.bytes), qy = Q.subarray(1 + c.bytes);
      const e = createECDH(c.ecdh);
      for (let i = 0; i < 60; i++) {
        const k = i < 4 ? [1n, 2n, 3n, c.n - 1n][i] : (fromBytes(randomBytes(c.bytes + 8)) % (c.n - 1n)) + 1n;
        e.setPrivateKey(toBytes(k, c.bytes));
        const kG = e.getPublicKey().subarray(1);
        assert.equal(toHex(guest.mul(c, k, 0n, qx, qy)!), toHex(kG), `${k} * G`);
        const kQx = e.computeSecret(Q);
        assert.equal(toHex(guest.mul(c, 0n, k, qx, qy)!.subarray(0, c.bytes)), toHex(kQx), `${k} * Q`);
        count(`${c.name} point`, 2);
      }
      // u1 * G + u2 * Q with Q = d * G is (u1 + u2 * d) * G, and infinity when that is 0 mod n.
      const d = fromBytes(q.getPrivateKey());
      for (let i = 0; i < 30; i++) {
        const u1 = fromBytes(randomBytes(c.bytes + 8)) % c.n, u2 = fromBytes(randomBytes(c.bytes + 8)) % c.n;
        const k = (u1 + u2 * d) % c.n;
        const got = guest.mul(c, u1, u2, qx, qy);
        if (k === 0n) { assert.equal(got, null); continue; }
        e.setPrivateKey(toBytes(k, c.bytes));
        assert.equal(toHex(got!), toHex(e.getPublicKey().subarray(1)), `${u1} * G + ${u2} * Q`);
        count(`${c.name} point`);
      }
      assert.equal(guest.mul(c, (c.n - d) % c.n, 1n, qx, qy), null, "-d * G + Q is infinity");
    });
  });
}

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const by = [...counts.entries()].map(([k, v]) => `${k}:${v}`).join(" ");
  t.diagnostic(`${total} checks; ${by}; guest memory ${guest.memoryBytes() >> 10} KiB`);
});

// everyByteChanged checks that changing any one byte of the signature, or of the digest's counted bytes, fails.
function everyByteChanged(c: CurveInfo, x: Uint8Array, y: Uint8Array, digest: Uint8Array, sig: Uint8Array): void {
  for (let j = 0; j < sig.length; j++) {
    const bad = Buffer.from(sig);
    bad[j] ^= randomInt(1, 256);
    assert.equal(guest.verify(c, x, y, digest, bad), false, `changed signature byte ${j}: ${toHex(bad)}`);
  }
  for (let j = 0; j < Math.min(digest.length, Math.ceil(c.bits / 8)); j++) {
    const bad = Buffer.from(digest);
    bad[j] ^= randomInt(1, 256);
    assert.equal(guest.verify(c, x, y, bad, sig), false, `changed digest byte ${j}: ${toHex(bad)}`);
  }
  count(`${c.name} changed`, sig.length + digest.length);
}

function coordinates(key: ReturnType<typeof createPublicKey>): { x: Buffer; y: Buffer } {
  const jwk = key.export({ format: "jwk" });
  return { x: Buffer.from(jwk.x!, "base64url"), y: Buffer.from(jwk.y!, "base64url") };
}

// jwkAccepted reports whether node:crypto takes (x, y) as a public key of the curve.
function jwkAccepted(c: CurveInfo, x: Uint8Array, y: Uint8Array): boolean {
  try {
    const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
    createPublicKey({ key: { kty: "EC", crv: c.name, x: b64(x), y: b64(y) }, format: "jwk" });
    return true;
  } catch {
    return false;
  }
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}
