// Differential test of assembly/crypto/rsa (and the bignum and montgomery layers under it) inside a real guest
// module (release build options, test/fixtures/guests/rsa_probe.ts) against node:crypto and BigInt: RS256..RS512
// and PS256..PS512 signatures by fresh 2048, 3072 and 4096-bit keys verify, every single-byte change of a signature
// or message fails, keys the guest must refuse are refused, and hostile inputs never trap.
// Keys are generated per run (a few per size, in node's thread pool); messages, moduli and bytes are random too,
// and a failure prints the input as hex.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import {
  constants, createHash, createPrivateKey, createPublicKey, generateKeyPair, generatePrimeSync, privateEncrypt,
  publicDecrypt, randomBytes, randomInt, sign, verify, type KeyObject,
} from "node:crypto";
import { promisify } from "node:util";
import { InProcessGuest, toHex, type GuestBuffers } from "../support/inprocess_guest.js";
import { concat } from "../support/bytes.js";

interface ProbeExports extends GuestBuffers {
  key(nLen: number, ptr: number, len: number): number;
  verify(pss: number, hash: number, msgLen: number, ptr: number, len: number): number;
  verify_once(nLen: number, eLen: number, pss: number, hash: number, msgLen: number, ptr: number, len: number): number;
  mod_pow(nLen: number, e: bigint, ptr: number, len: number): number;
  mod_mul(nLen: number, aLen: number, ptr: number, len: number): number;
  reencode(outLen: number, ptr: number, len: number): number;
}

type Hash = 256 | 384 | 512;
interface Alg { name: string; pss: boolean; hash: Hash }
const ALGS: Alg[] = [256, 384, 512].flatMap((hash) => [
  { name: `RS${hash}`, pss: false, hash: hash as Hash },
  { name: `PS${hash}`, pss: true, hash: hash as Hash },
]);

interface Key {
  bits: number; e: number; n: Uint8Array; eBytes: Uint8Array; publicKey: KeyObject; privateKey: KeyObject;
}

// A few keys per size (generation dominates the run time), and one with e = 3, the smallest exponent allowed.
const KEY_SPECS = [
  { bits: 2048, e: 65537 }, { bits: 2048, e: 65537 }, { bits: 2048, e: 3 },
  { bits: 3072, e: 65537 }, { bits: 3072, e: 65537 },
  { bits: 4096, e: 65537 }, { bits: 4096, e: 65537 },
];
// Random messages verified per algorithm, spread over the keys.
const MESSAGES_PER_ALG = 350;

let guest: InProcessGuest<ProbeExports>;
let keys: Key[] = [];
let current: Key | null = null;
let verifications = 0;

before(async () => {
  guest = await InProcessGuest.load<ProbeExports>("rsa_probe");
  const generate = promisify(generateKeyPair);
  keys = await Promise.all(KEY_SPECS.map(async ({ bits, e }) => {
    const { publicKey, privateKey } = await generate("rsa", { modulusLength: bits, publicExponent: e });
    const jwk = publicKey.export({ format: "jwk" });
    return {
      bits, e, publicKey, privateKey,
      n: Buffer.from(jwk.n as string, "base64url"), eBytes: Buffer.from(jwk.e as string, "base64url"),
    };
  }));
});

// ---- calls into the guest ----

/** loadKey makes (n, e) the guest's current key; it returns the guest's [bits, bytes], or null if it refused. */
function loadKey(n: Uint8Array, e: Uint8Array): [number, number] | null {
  current = null;
  const code = guest.call(concat(n, e), (x, p, l) => x.key(n.length, p, l));
  if (code === 1) return null;
  assert.equal(code, 0, "key: bad call");
  const out = Buffer.from(guest.output());
  return [out.readUInt32LE(0), out.readUInt32LE(4)];
}

function useKey(k: Key): void {
  if (current === k) return;
  assert.deepEqual(loadKey(k.n, k.eBytes), [k.bits, k.bits / 8], `key of ${k.bits} bits refused`);
  current = k;
}

function guestVerify(alg: Alg, message: Uint8Array, signature: Uint8Array, hash: number = alg.hash): boolean {
  verifications++;
  const pss = alg.pss ? 1 : 0;
  const code = guest.call(concat(message, signature), (x, p, l) => x.verify(pss, hash, message.length, p, l));
  assert.ok(code === 0 || code === 1, `verify answered ${code}`);
  return code === 1;
}

function verifyOnce(n: Uint8Array, e: Uint8Array, alg: Alg, message: Uint8Array, signature: Uint8Array): number {
  const input = concat(n, e, message, signature);
  const pss = alg.pss ? 1 : 0;
  return guest.call(input, (x, p, l) => x.verify_once(n.length, e.length, pss, alg.hash, message.length, p, l));
}

function bytesResult(code: number, what: string): Uint8Array | null {
  if (code === 1) return null;
  assert.equal(code, 0, `${what}: bad call`);
  return guest.output();
}

// ---- node:crypto and BigInt references ----

function nodeSign(k: Key, alg: Alg, message: Uint8Array, saltLength = alg.hash / 8): Buffer {
  const key = alg.pss ? { key: k.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength } : k.privateKey;
  return sign(`sha${alg.hash}`, message, key);
}

function nodeVerify(k: Key, alg: Alg, message: Uint8Array, signature: Uint8Array): boolean {
  const key = alg.pss
    ? { key: k.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.hash / 8 }
    : k.publicKey;
  return verify(`sha${alg.hash}`, message, key, signature);
}

function toBig(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt("0x" + toHex(b));
}

function fromBig(v: bigint, len: number): Uint8Array {
  if (v === 0n) return new Uint8Array(len);
  const hex = v.toString(16).padStart(len * 2, "0");
  assert.ok(hex.length === len * 2, "value longer than its byte length");
  return Buffer.from(hex, "hex");
}

function modPow(b: bigint, e: bigint, n: bigint): bigint {
  let r = 1n % n;
  b %= n;
  for (; e > 0n; e >>= 1n, b = (b * b) % n) if (e & 1n) r = (r * b) % n;
  return r;
}

function randomBelow(n: bigint): bigint {
  const bytes = Math.ceil(n.toString(16).length / 2) + 8;
  return toBig(randomBytes(bytes)) % n;
}

/** randomOdd returns a random odd integer of exactly `bits` bits (bits >= 2). */
function randomOdd(bits: number): bigint {
  const v = toBig(randomBytes(Math.ceil(bits / 8))) & ((1n << BigInt(bits)) - 1n);
  return v | (1n << BigInt(bits - 1)) | 1n;
}

function byteLen(v: bigint): number {
  return v === 0n ? 0 : Math.ceil(v.toString(16).length / 2);
}

// ---- montgomery and bignum against BigInt ----

// Moduli lengths: anywhere, or near the points where the digit count changes (every 56 bits) and the RSA sizes.
function randomBits(): number {
  const r = randomInt(4);
  if (r === 0) return randomInt(2, 4097);
  if (r === 1) return Math.min(4096, Math.max(2, 56 * randomInt(1, 74) + randomInt(-2, 3)));
  if (r === 2) return [2048, 3072, 4096][randomInt(3)] + randomInt(-3, 1);
  return randomInt(2, 300);
}

// Exponents: the edge values, or random ones of up to 64 bits. BigInt's modPow is slow on long moduli, so those
// get exponents of up to 17 bits, and the 64-bit edge values one time in four.
const EXPONENTS = [0n, 1n, 2n, 3n, 4n, 65537n, (1n << 64n) - 1n, 1n << 63n];
function randomExponent(bits: number): bigint {
  if (randomInt(3) === 0) return EXPONENTS[randomInt(bits > 512 && randomInt(4) > 0 ? 6 : EXPONENTS.length)];
  const e = toBig(randomBytes(8)) >> BigInt(randomInt(64));
  return bits > 512 ? e & 0x1ffffn : e;
}

test("modPow equals BigInt for random odd moduli of 2 to 4096 bits and any 64-bit exponent (500 runs)", () => {
  for (let run = 0; run < 500; run++) {
    const bits = randomBits();
    const n = randomOdd(bits);
    const base = randomInt(8) === 0 ? [0n, 1n, n - 1n][randomInt(3)] : randomBelow(n);
    const e = randomExponent(bits);
    const nb = fromBig(n, byteLen(n)), bb = fromBig(base, byteLen(base));
    const got = bytesResult(guest.call(concat(nb, bb), (x, p, l) => x.mod_pow(nb.length, e, p, l)), "mod_pow");
    const want = fromBig(modPow(base, e, n), nb.length);
    const what = `n=${n.toString(16)} base=${base.toString(16)} e=${e}`;
    assert.equal(got === null ? "null" : toHex(got), toHex(want), what);
  }
});

test("modMul equals BigInt, including operands with leading zero bytes (400 runs)", () => {
  for (let run = 0; run < 400; run++) {
    const n = randomOdd(randomBits());
    const a = randomBelow(n), b = randomInt(6) === 0 ? n - 1n : randomBelow(n);
    const nb = fromBig(n, byteLen(n)), ab = fromBig(a, byteLen(n) + randomInt(3)), bb = fromBig(b, byteLen(b));
    const code = guest.call(concat(nb, ab, bb), (x, p, l) => x.mod_mul(nb.length, ab.length, p, l));
    const got = bytesResult(code, "mod_mul");
    assert.equal(got === null ? "null" : toHex(got), toHex(fromBig((a * b) % n, nb.length)), `n=${n.toString(16)}`);
  }
});

test("montgomery refuses even moduli, 1, moduli over 4096 bits, and operands not below n", () => {
  const pow = (n: bigint, base: bigint, nLen = byteLen(n)) => {
    const nb = fromBig(n, nLen), bb = fromBig(base, byteLen(base));
    return bytesResult(guest.call(concat(nb, bb), (x, p, l) => x.mod_pow(nb.length, 65537n, p, l)), "mod_pow");
  };
  const n = randomOdd(2048);
  assert.equal(pow(n - 1n, 5n), null, "even modulus");
  assert.equal(pow(0n, 0n), null, "zero modulus");
  assert.equal(pow(1n, 0n), null, "modulus 1");
  assert.equal(pow(randomOdd(4097), 5n), null, "4097-bit modulus");
  assert.notEqual(pow(randomOdd(4096), 5n), null, "4096-bit modulus");
  assert.notEqual(pow(n, 5n, 600), null, "2048-bit modulus with 344 leading zero bytes");
  assert.equal(pow(n, n), null, "base = n");
  assert.equal(pow(n, n + 1n), null, "base = n + 1");
  assert.equal(pow(3n, 2n)?.[0], 2, "2^65537 mod 3");
});

test("bignum import and export round-trip any value with any leading zeros, refusing what does not fit", () => {
  for (let run = 0; run < 500; run++) {
    const size = randomInt(4) === 0 ? randomInt(505, 520) : randomInt(0, 80);
    const value = randomBytes(size);
    if (size > 0 && randomInt(3) === 0) value[0] = 0;
    const input = concat(new Uint8Array(randomInt(4) === 0 ? randomInt(0, 700) : 0), value);
    const v = toBig(input), significant = byteLen(v);
    const outLen = randomInt(5) === 0 ? randomInt(-3, 0) : significant + randomInt(-2, 4);
    const got = bytesResult(guest.call(input, (x, p, l) => x.reencode(outLen, p, l)), "reencode");
    const fits = significant <= 512 && outLen >= significant && outLen >= 0 && outLen <= 512;
    const want = fits ? toHex(fromBig(v, outLen)) : "null";
    assert.equal(got === null ? "null" : toHex(got), want, `${toHex(input)} -> ${outLen}`);
  }
});

// ---- RSA verification against node:crypto ----

for (const alg of ALGS) {
  test(`${alg.name}: ${MESSAGES_PER_ALG} random messages signed by node:crypto verify, with every key size`, () => {
    for (let i = 0; i < MESSAGES_PER_ALG; i++) {
      const k = keys[i % keys.length];
      const message = randomBytes(randomInt(4) === 0 ? randomInt(0, 3000) : randomInt(0, 400));
      const signature = nodeSign(k, alg, message);
      useKey(k);
      if (!guestVerify(alg, message, signature)) {
        assert.fail(`${alg.name} ${k.bits}: rejected a valid signature\n n=${toHex(k.n)}\n m=${toHex(message)}`
          + `\n s=${toHex(signature)}`);
      }
    }
  });

  test(`${alg.name}: every single-byte change of the signature or the message fails, for each key size`, () => {
    for (const bits of [2048, 3072, 4096]) {
      const k = keys.find((key) => key.bits === bits)!;
      const message = randomBytes(96);
      const signature = nodeSign(k, alg, message);
      useKey(k);
      assert.ok(guestVerify(alg, message, signature));
      for (let i = 0; i < signature.length; i++) {
        const bad = Buffer.from(signature);
        bad[i] ^= randomInt(1, 256);
        if (guestVerify(alg, message, bad)) {
          assert.fail(`${alg.name} ${bits}: accepted byte ${i} changed: ${toHex(bad)}`);
        }
      }
      for (let i = 0; i < message.length; i++) {
        const bad = Buffer.from(message);
        bad[i] ^= randomInt(1, 256);
        if (guestVerify(alg, bad, signature)) assert.fail(`${alg.name} ${bits}: accepted message byte ${i} changed`);
      }
      assert.ok(!guestVerify(alg, concat(message, new Uint8Array([0])), signature), "accepted an extended message");
      assert.ok(!guestVerify(alg, message.subarray(1), signature), "accepted a shortened message");
    }
  });

  test(`${alg.name}: the wrong scheme, the wrong hash or an unknown hash value fails`, () => {
    const k = keys[0];
    useKey(k);
    const message = randomBytes(50);
    const signature = nodeSign(k, alg, message);
    const otherScheme = ALGS.find((a) => a.hash === alg.hash && a.pss !== alg.pss)!;
    assert.ok(!guestVerify(otherScheme, message, signature), "accepted under the other scheme");
    for (const hash of [256, 384, 512, 0, 1, 128, 255, -256, 2 ** 31 - 1]) {
      if (hash !== alg.hash) assert.ok(!guestVerify(alg, message, signature, hash), `accepted with hash ${hash}`);
    }
  });

  test(`${alg.name}: signatures not exactly k bytes, or not below n, fail`, () => {
    for (const k of [keys[0], keys[keys.length - 1]]) {
      useKey(k);
      const message = randomBytes(20);
      const signature = nodeSign(k, alg, message);
      const n = toBig(k.n), len = k.bits / 8, sPlusN = toBig(signature) + n;
      const cases: [string, Uint8Array][] = [
        ["empty", new Uint8Array(0)],
        ["one byte short", signature.subarray(1)],
        ["a leading zero added", concat(new Uint8Array(1), signature)],
        ["a trailing byte added", concat(signature, new Uint8Array(1))],
        ["s = n", fromBig(n, len)],
        ["s = n + 1", fromBig(n + 1n, len)],
        ["s + n, or n + 2 when that needs k + 1 bytes", fromBig(sPlusN < 1n << BigInt(8 * len) ? sPlusN : n + 2n, len)],
        ["all 0xff", new Uint8Array(len).fill(0xff)],
        ["s = 0", new Uint8Array(len)],
        ["s = 1", fromBig(1n, len)],
        ["s = n - 1", fromBig(n - 1n, len)],
      ];
      for (const [what, sig] of cases) {
        assert.ok(!guestVerify(alg, message, sig), `${alg.name} ${k.bits}: accepted ${what}`);
      }
    }
  });
}

test("PSS: salt lengths other than the hash length fail, in the guest and in node:crypto", () => {
  const k = keys[0];
  useKey(k);
  for (const alg of ALGS.filter((a) => a.pss)) {
    const hLen = alg.hash / 8;
    const max = k.bits / 8 - hLen - 2;
    for (const salt of [0, 20, hLen - 1, hLen + 1, 2 * hLen, max]) {
      const message = randomBytes(64);
      const signature = nodeSign(k, alg, message, salt);
      assert.ok(!guestVerify(alg, message, signature), `${alg.name}: accepted salt length ${salt}`);
      assert.ok(!nodeVerify(k, alg, message, signature), `node:crypto accepted salt length ${salt}`);
    }
  }
});

test("PSS: a modulus whose bit length is 1 mod 8 (emLen = k - 1) verifies and refuses a nonzero top byte", () => {
  // A 2049-bit key: emBits = 2048, so EM is 256 bytes inside a 257-byte signature. OpenSSL's key generation makes
  // even bit lengths only, so the key is put together from two primes here.
  const k = keyFromPrimes(1025, 1024, 2049);
  assert.deepEqual(loadKey(k.n, k.eBytes), [2049, 257]);
  current = k;
  for (const alg of ALGS) {
    for (let i = 0; i < 20; i++) {
      const message = randomBytes(randomInt(0, 200));
      assert.ok(guestVerify(alg, message, nodeSign(k, alg, message)), `${alg.name} 2049: rejected`);
    }
  }
  // A valid 256-byte EM with a 1 in front (2^2048 + EM) is "integer too large" for I2OSP(m, 256); it needs to be
  // below n to be signed at all, which about half of the signatures allow.
  let tried = 0;
  for (const alg of ALGS.filter((a) => a.pss)) {
    for (let i = 0; i < 10; i++) {
      const message = randomBytes(30);
      const m = (1n << 2048n) + toBig(rawPublic(k, nodeSign(k, alg, message)));
      if (m >= toBig(k.n)) continue;
      tried++;
      assert.ok(!guestVerify(alg, message, rawPrivate(k, fromBig(m, 257))), `${alg.name}: accepted a nonzero top byte`);
    }
  }
  assert.ok(tried > 0, "no signature left room for a nonzero top byte");
});

/** keyFromPrimes makes an RSA key (e = 65537) from random primes of pBits and qBits whose product has `bits` bits. */
function keyFromPrimes(pBits: number, qBits: number, bits: number): Key {
  const e = 65537n;
  for (;;) {
    const p = generatePrimeSync(pBits, { bigint: true }), q = generatePrimeSync(qBits, { bigint: true });
    const n = p * q, phi = (p - 1n) * (q - 1n);
    if (n.toString(2).length !== bits || p === q || phi % e === 0n) continue;
    const d = modInverse(e, phi);
    const b64 = (v: bigint) => Buffer.from(fromBig(v, byteLen(v))).toString("base64url");
    const jwk = {
      kty: "RSA", n: b64(n), e: b64(e), d: b64(d), p: b64(p), q: b64(q),
      dp: b64(d % (p - 1n)), dq: b64(d % (q - 1n)), qi: b64(modInverse(q, p)),
    };
    const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
    return {
      bits, e: 65537, privateKey, publicKey: createPublicKey(privateKey),
      n: fromBig(n, byteLen(n)), eBytes: fromBig(e, 3),
    };
  }
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

// ---- encoded messages built by hand (Wycheproof-style invalid encodings), signed with raw RSA ----

const DIGEST_INFO: Record<Hash, string> = {
  256: "3031300d060960864801650304020105000420",
  384: "3041300d060960864801650304020205000430",
  512: "3051300d060960864801650304020305000440",
};

/** pkcs1Em builds EMSA-PKCS1-v1_5 (RFC 8017 §9.2) of length k from a DigestInfo prefix (hex) and a digest. */
function pkcs1Em(k: number, prefixHex: string, digest: Uint8Array, blockType = 1): Uint8Array {
  const t = concat(Buffer.from(prefixHex, "hex"), digest);
  return concat(new Uint8Array([0, blockType]), new Uint8Array(k - t.length - 3).fill(0xff), new Uint8Array([0]), t);
}

function mgf1(hash: Hash, seed: Uint8Array, len: number): Uint8Array {
  const out: Buffer[] = [];
  for (let c = 0; out.length * (hash / 8) < len; c++) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(c);
    out.push(createHash(`sha${hash}`).update(seed).update(counter).digest());
  }
  return Buffer.concat(out).subarray(0, len);
}

/**
 * pssEm builds EMSA-PSS-ENCODE (RFC 8017 §9.1.1) for emBits = modBits - 1 with the given salt, then lets tweak
 * change DB (before masking) and the final EM.
 */
function pssEm(bits: number, hash: Hash, message: Uint8Array, salt: Uint8Array,
  tweakDb: (db: Uint8Array) => void = () => {}, tweakEm: (em: Uint8Array) => void = () => {}): Uint8Array {
  const emBits = bits - 1, emLen = Math.ceil(emBits / 8), hLen = hash / 8;
  const mHash = createHash(`sha${hash}`).update(message).digest();
  const h = createHash(`sha${hash}`).update(new Uint8Array(8)).update(mHash).update(salt).digest();
  const db = concat(new Uint8Array(emLen - salt.length - hLen - 2), new Uint8Array([1]), salt);
  tweakDb(db);
  const masked = mgf1(hash, h, db.length).map((b, i) => b ^ db[i]);
  masked[0] &= 0xff >> (8 * emLen - emBits);
  const em = concat(masked, h, new Uint8Array([0xbc]));
  tweakEm(em);
  return em;
}

// topBitSet is a PSS encoding whose bit 8emLen - 1 (beyond emBits) is set. It must stay below n to be signed, so
// it tries fresh salts until one gives such an encoding (about half of them do, for most moduli).
function topBitSet(k: Key, hash: Hash, message: Uint8Array): Uint8Array {
  for (let i = 0; i < 64; i++) {
    const em = pssEm(k.bits, hash, message, randomBytes(hash / 8), undefined, (em) => { em[0] |= 0x80; });
    if (toBig(em) < toBig(k.n)) return em;
  }
  throw new Error("no salt gave an encoding below n");
}

function rawPrivate(k: Key, em: Uint8Array): Uint8Array {
  return privateEncrypt({ key: k.privateKey, padding: constants.RSA_NO_PADDING }, fromBig(toBig(em), k.n.length));
}

function rawPublic(k: Key, signature: Uint8Array): Uint8Array {
  return publicDecrypt({ key: k.publicKey, padding: constants.RSA_NO_PADDING }, signature);
}

test("PKCS #1 v1.5: hand-built encodings verify only when exactly right", () => {
  for (const k of [keys[0], keys[3]]) {
    useKey(k);
    const kLen = k.n.length;
    for (const hash of [256, 384, 512] as Hash[]) {
      const alg = ALGS.find((a) => !a.pss && a.hash === hash)!;
      const message = randomBytes(40);
      const digest = createHash(`sha${hash}`).update(message).digest();
      const good = pkcs1Em(kLen, DIGEST_INFO[hash], digest);
      const other = createHash(`sha${hash}`).update("x").digest();
      assert.ok(guestVerify(alg, message, rawPrivate(k, good)), "the hand-built encoding is wrong");
      const noNull = DIGEST_INFO[hash].replace(/^30(..)300d(.*)0500/, (_, a: string, b: string) =>
        `30${(parseInt(a, 16) - 2).toString(16)}300b${b}`);
      const bad: [string, Uint8Array][] = [
        ["DigestInfo without NULL parameters", pkcs1Em(kLen, noNull, digest)],
        ["block type 2", pkcs1Em(kLen, DIGEST_INFO[hash], digest, 2)],
        ["block type 0", pkcs1Em(kLen, DIGEST_INFO[hash], digest, 0)],
        ["another hash's DigestInfo", pkcs1Em(kLen, DIGEST_INFO[hash === 256 ? 512 : 256], digest)],
        ["a digest of another message", pkcs1Em(kLen, DIGEST_INFO[hash], other)],
        ["a truncated digest", pkcs1Em(kLen, DIGEST_INFO[hash], digest.subarray(1))],
        ["a digest with a trailing byte", pkcs1Em(kLen, DIGEST_INFO[hash], concat(digest, new Uint8Array([0])))],
      ];
      for (const at of [2, 3, kLen >> 1, kLen - DIGEST_INFO[hash].length / 2 - hash / 8 - 2]) {
        const em = Buffer.from(good);
        em[at] = 0xfe;
        bad.push([`padding byte ${at} = 0xfe`, em]);
      }
      const early = Buffer.from(good);
      early[10] = 0; // the separator moved left: "garbage" follows it
      bad.push(["the separator at byte 10", early]);
      for (const [what, em] of bad) {
        assert.ok(!guestVerify(alg, message, rawPrivate(k, em)), `RS${hash}: accepted ${what}`);
      }
    }
  }
});

test("PSS: hand-built encodings verify only when exactly right", () => {
  for (const k of [keys[0], keys[3], keys[5]]) {
    useKey(k);
    for (const hash of [256, 384, 512] as Hash[]) {
      const alg = ALGS.find((a) => a.pss && a.hash === hash)!;
      const message = randomBytes(40), hLen = hash / 8, salt = randomBytes(hLen);
      const good = pssEm(k.bits, hash, message, salt);
      assert.ok(guestVerify(alg, message, rawPrivate(k, good)), "the hand-built encoding is wrong");
      const bad: [string, Uint8Array][] = [
        ["trailer 0xbd", pssEm(k.bits, hash, message, salt, undefined, (em) => { em[em.length - 1] = 0xbd; })],
        ["the top bit of maskedDB set", topBitSet(k, hash, message)],
        ["separator 0x02", pssEm(k.bits, hash, message, salt, (db) => { db[db.length - hLen - 1] = 2; })],
        ["a nonzero PS byte", pssEm(k.bits, hash, message, salt, (db) => { db[0] = 1; })],
        ["a nonzero PS byte by the 0x01", pssEm(k.bits, hash, message, salt,
          (db) => { db[db.length - hLen - 2] = 3; })],
        ["an empty salt", pssEm(k.bits, hash, message, new Uint8Array(0))],
        ["a salt one byte short", pssEm(k.bits, hash, message, salt.subarray(1))],
        ["a salt one byte long", pssEm(k.bits, hash, message, concat(salt, new Uint8Array([7])))],
        ["a changed H", pssEm(k.bits, hash, message, salt, undefined, (em) => { em[em.length - 2] ^= 1; })],
        ["another message", pssEm(k.bits, hash, randomBytes(40), salt)],
      ];
      for (const [what, em] of bad) {
        assert.ok(!guestVerify(alg, message, rawPrivate(k, em)), `PS${hash} ${k.bits}: accepted ${what}`);
      }
    }
  }
});

// ---- keys the guest must refuse ----

test("rsaPublicKey refuses short, long and even moduli and bad exponents, and accepts leading zeros", () => {
  const k = keys[0];
  const e65537 = new Uint8Array([1, 0, 1]);
  const refused = (what: string, n: Uint8Array, e: Uint8Array) => assert.equal(loadKey(n, e), null, `accepted ${what}`);
  const accepted = (what: string, n: Uint8Array, e: Uint8Array, bits: number) =>
    assert.deepEqual(loadKey(n, e), [bits, Math.ceil(bits / 8)], `refused ${what}`);
  accepted("a 2048-bit key", k.n, k.eBytes, 2048);
  accepted("a 4096-bit key", keys[keys.length - 1].n, e65537, 4096);
  accepted("leading zeros on n and e", concat(new Uint8Array(5), k.n), concat(new Uint8Array(9), e65537), 2048);
  accepted("e = 3", k.n, new Uint8Array([3]), 2048);
  accepted("e = 2^64 - 1", k.n, new Uint8Array(8).fill(0xff), 2048);
  accepted("a random odd 2048-bit n", fromBig(randomOdd(2048), 256), e65537, 2048);
  refused("a 1024-bit modulus", fromBig(randomOdd(1024), 128), e65537);
  refused("a 2047-bit modulus", fromBig(randomOdd(2047), 256), e65537);
  refused("a 4097-bit modulus", fromBig(randomOdd(4097), 513), e65537);
  refused("an even modulus", fromBig(toBig(k.n) - 1n, 256), e65537);
  refused("an empty modulus", new Uint8Array(0), e65537);
  refused("a zero modulus", new Uint8Array(256), e65537);
  for (const e of [[], [0], [1], [2], [0, 1], [1, 0, 0], [0xff, 0xfe]]) refused(`e = [${e}]`, k.n, new Uint8Array(e));
  refused("e of 9 bytes", k.n, concat(new Uint8Array([1]), new Uint8Array(8).fill(0xff)));
  refused("e = n", k.n, k.n);
  refused("e = n + 2", k.n, fromBig(toBig(k.n) + 2n, 257));
});

test("a 1024-bit key's valid signature is refused at key import, and a 4096-bit one verifies", async () => {
  const { publicKey, privateKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 1024 });
  const jwk = publicKey.export({ format: "jwk" });
  const n = Buffer.from(jwk.n as string, "base64url"), e = Buffer.from(jwk.e as string, "base64url");
  const message = randomBytes(10);
  assert.equal(verifyOnce(n, e, ALGS[0], message, sign("sha256", message, privateKey)), 3);
  const big = keys[keys.length - 1];
  assert.equal(verifyOnce(big.n, big.eBytes, ALGS[0], message, nodeSign(big, ALGS[0], message)), 1);
});

// ---- hostile inputs ----

test("random bytes as n, e, message and signature, and huge lengths, give false or a refused key, never a trap", () => {
  const huge = 100_000;
  const hostile: Uint8Array[] = [
    new Uint8Array(0), new Uint8Array(huge), new Uint8Array(huge).fill(0xff),
    concat(new Uint8Array(huge), new Uint8Array([1])),
  ];
  const pick = (maxLen: number) =>
    (randomInt(10) === 0 ? hostile[randomInt(hostile.length)] : randomBytes(randomInt(0, maxLen)));
  const codes = [0, 0, 0, 0];
  for (let run = 0; run < 1500; run++) {
    const alg = ALGS[randomInt(ALGS.length)];
    let n = pick(600), e = pick(12);
    if (randomInt(2) === 0) n = fromBig(randomOdd(randomInt(2040, 4100)), 513).subarray(randomInt(0, 3)); // plausible n
    if (randomInt(2) === 0) e = new Uint8Array([1, 0, 1]);
    // Half the signatures have the modulus's length, so that they reach the exponentiation when the key passes.
    const kLen = n.length > 600 ? 0 : byteLen(toBig(n));
    const signature = randomInt(2) === 0 && kLen > 0 ? randomBytes(kLen) : pick(600);
    const code = verifyOnce(n, e, alg, pick(300), signature);
    assert.ok(code === 0 || code === 3, `verify_once answered ${code} for n=${toHex(n).slice(0, 80)}...`);
    codes[code]++;
  }
  assert.ok(codes[0] > 300, `only ${codes[0]} hostile inputs reached the exponentiation`);
  for (const k of [keys[0], keys[keys.length - 1]]) {
    useKey(k);
    for (let run = 0; run < 300; run++) {
      const alg = ALGS[randomInt(ALGS.length)];
      const sig = randomInt(3) === 0 ? pick(700) : randomBytes(k.bits / 8);
      assert.ok(!guestVerify(alg, pick(500), sig), "a random signature verified");
    }
  }
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const memory = guest.memoryBytes() >> 10;
  t.diagnostic(`${verifications} guest verifications; ${keys.length} keys; guest memory ${memory} KiB`);
});
