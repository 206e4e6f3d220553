// Differential test of assembly/crypto/x25519.ts and ecdh_p256.ts, run in a release-built fixture guest
// (test/fixtures/guests/kex_probe.ts) against node:crypto: thousands of random exchanges agree in both directions
// (the guest's private key against node's public key and the reverse, each side computed by both), public keys
// agree with node's for the same private bytes, hostile peer keys are refused where node refuses them (and the
// compressed and hybrid P-256 forms, which node takes, are refused as RFC 8446 §4.2.8.2 requires), and no input of
// any length traps (a trap throws GuestTrap).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  createECDH, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, randomBytes, randomInt,
  type KeyObject,
} from "node:crypto";
import { InProcessGuest, toHex as bytesToHex, type GuestBuffers } from "../support/inprocess_guest.js";
import { concat, toBytes, fromBytes } from "../support/bytes.js";

interface ProbeExports extends GuestBuffers {
  x25519_shared(scalarLen: number, ptr: number, len: number): number;
  x25519_public(ptr: number, len: number): number;
  p256_create(ptr: number, len: number): number;
  p256_shared(ptr: number, len: number): number;
}

/** The probe's result codes (kex_probe.ts). */
const enum Code { Done = 0, Refused = 1, BadCall = 2 }

const EXCHANGES = 2000;
const P = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P25519 = 2n ** 255n - 19n;

// RFC 8410 DER prefixes that wrap a raw X25519 key for node:crypto: PKCS #8 private, SubjectPublicKeyInfo public.
const X25519_PKCS8 = Buffer.from("302e020100300506032b656e04220420", "hex");
const X25519_SPKI = Buffer.from("302a300506032b656e032100", "hex");

/** KexGuest runs the probe's exports with typed arguments; null stands for a refusal. */
class KexGuest {
  constructor(private readonly guest: InProcessGuest<ProbeExports>) {}

  x25519(scalar: Uint8Array, u: Uint8Array): Uint8Array | null {
    return this.result(concat(scalar, u), (g, p, l) => g.x25519_shared(scalar.length, p, l));
  }

  x25519Public(scalar: Uint8Array): Uint8Array | null {
    return this.result(scalar, (g, p, l) => g.x25519_public(p, l));
  }

  /** p256Create makes the probe's kept pair from random and returns its public key. */
  p256Create(random: Uint8Array): Uint8Array | null {
    return this.result(random, (g, p, l) => g.p256_create(p, l));
  }

  /** p256Shared runs shared(peer) on the pair of the last successful p256Create. */
  p256Shared(peer: Uint8Array): Uint8Array | null {
    return this.result(peer, (g, p, l) => g.p256_shared(p, l));
  }

  get unexpectedImports(): number { return this.guest.unexpectedImports; }
  takeLogs(): string[] { return this.guest.takeLogs(); }
  memoryBytes(): number { return this.guest.memoryBytes(); }

  private result(input: Uint8Array, fn: (g: ProbeExports, p: number, l: number) => number): Uint8Array | null {
    const code = this.guest.call(input, fn);
    assert.ok(code === Code.Done || code === Code.Refused, `probe answered ${code}`);
    return code === Code.Done ? this.guest.output() : null;
  }
}

let guest: KexGuest;
const counts = new Map<string, number>();
const count = (what: string, n = 1) => counts.set(what, (counts.get(what) ?? 0) + n);

before(async () => {
  guest = new KexGuest(await InProcessGuest.load<ProbeExports>("kex_probe"));
});

describe("X25519 against node:crypto", () => {
  test(`${EXCHANGES} random exchanges agree in both directions; public keys match node's`, () => {
    for (let i = 0; i < EXCHANGES; i++) {
      const a = randomBytes(32);
      const aPublic = guest.x25519Public(a);
      assert.ok(aPublic !== null);
      assert.equal(toHex(aPublic), toHex(x25519PublicRaw(x25519Private(a))), `public key of ${toHex(a)}`);
      const b = generateKeyPairSync("x25519");
      const bRaw = x25519PrivateRaw(b.privateKey), bPublic = x25519PublicRaw(b.publicKey);
      const want = diffieHellman({ privateKey: b.privateKey, publicKey: x25519Public(aPublic) });
      const where = `a ${toHex(a)} b ${toHex(bRaw)}`;
      assert.equal(toHex(guest.x25519(a, bPublic)), toHex(want), `guest a * B: ${where}`);
      assert.equal(toHex(guest.x25519(bRaw, aPublic)), toHex(want), `guest b * A: ${where}`);
      assert.equal(toHex(diffieHellman({ privateKey: x25519Private(a), publicKey: b.publicKey })), toHex(want));
      count("x25519 exchange");
    }
  });

  test("any 32-byte u, top bit set or at or above p, gives node's answer or node's refusal", () => {
    for (let i = 0; i < 1000; i++) {
      const a = randomBytes(32);
      const u = randomBytes(32);
      if (i % 4 === 1) u[31] |= 0x80;
      if (i % 4 === 2) u.set(toLittleEndian(P25519 + BigInt(randomInt(0, 19)), 32));
      if (i % 4 === 3) u.set(toLittleEndian(BigInt(randomInt(0, 1000)), 32));
      assert.equal(toHex(guest.x25519(a, u)), toHex(nodeX25519(a, u)), `a ${toHex(a)} u ${toHex(u)}`);
      count("x25519 any u");
    }
  });

  test("low-order points are refused, as node refuses them, for every scalar tried", () => {
    const order8 = [325606250916557431795983626356110631294008115727848805560023387167927233504n,
      39382357235489614581723060781553021112529911719440698176882885853963445705823n];
    const values = [0n, 1n, ...order8, P25519 - 1n, P25519, P25519 + 1n];
    const encodings = values.flatMap((v) => [v, v + 2n ** 255n]).filter((v) => v < 2n ** 256n);
    for (const v of encodings) {
      const u = toLittleEndian(v, 32);
      for (let i = 0; i < 20; i++) {
        const a = randomBytes(32);
        assert.equal(guest.x25519(a, u), null, `accepted low-order ${toHex(u)}`);
        assert.equal(nodeX25519(a, u), null, `node accepted ${toHex(u)}`);
        count("x25519 low order");
      }
    }
  });

  test("scalars and u of any other length are refused without a trap", () => {
    const a = randomBytes(32), u = x25519PublicRaw(generateKeyPairSync("x25519").publicKey);
    for (let len = 0; len <= 96; len++) {
      if (len === 32) continue;
      assert.equal(guest.x25519(randomBytes(len), u), null, `scalar of ${len} bytes`);
      assert.equal(guest.x25519(a, randomBytes(len)), null, `u of ${len} bytes`);
      assert.equal(guest.x25519Public(randomBytes(len)), null, `public key of ${len} bytes`);
      count("x25519 length", 3);
    }
  });
});

describe("P-256 ECDH against node:crypto", () => {
  test(`${EXCHANGES} random exchanges agree in both directions; public keys match node's`, () => {
    for (let i = 0; i < EXCHANGES; i++) {
      const random = randomBytes(32);
      const ours = createECDH("prime256v1");
      ours.setPrivateKey(random);
      const publicKey = guest.p256Create(random);
      assert.equal(toHex(publicKey), toHex(ours.getPublicKey()), `public key of ${toHex(random)}`);
      const peer = createECDH("prime256v1");
      peer.generateKeys();
      const want = peer.computeSecret(publicKey!);
      const where = `d ${toHex(random)} peer ${toHex(peer.getPrivateKey())}`;
      assert.equal(toHex(guest.p256Shared(peer.getPublicKey())), toHex(want), `guest d * Q: ${where}`);
      assert.equal(toHex(ours.computeSecret(peer.getPublicKey())), toHex(want));
      // The other direction inside the guest: the peer's scalar against our public key.
      assert.ok(guest.p256Create(toBytes(fromBytes(peer.getPrivateKey()), 32)) !== null);
      assert.equal(toHex(guest.p256Shared(publicKey!)), toHex(want), `guest q * D: ${where}`);
      count("p256 exchange");
    }
  });

  test("private bytes outside [1, n - 1] are refused, as node refuses them; the edges inside are taken", () => {
    const refused = [0n, N, N + 1n, 2n ** 256n - 1n];
    for (let i = 0; i < 100; i++) refused.push(N + fromBytes(randomBytes(32)) % (2n ** 256n - N));
    for (const d of refused) {
      assert.equal(guest.p256Create(toBytes(d, 32)), null, `accepted ${d.toString(16)}`);
      assert.throws(() => createECDH("prime256v1").setPrivateKey(toBytes(d, 32)));
      count("p256 scalar refused");
    }
    for (const d of [1n, 2n, 15n, 16n, 17n, N - 1n, N - 2n, 2n ** 255n]) {
      const node = createECDH("prime256v1");
      node.setPrivateKey(toBytes(d, 32));
      assert.equal(toHex(guest.p256Create(toBytes(d, 32))), toHex(node.getPublicKey()), `public key of ${d}`);
      count("p256 scalar edge");
    }
  });

  test("hostile peer keys are refused without a trap: off-curve, infinity, x or y >= p, compressed, lengths", () => {
    const ours = createECDH("prime256v1");
    ours.generateKeys();
    assert.ok(guest.p256Create(toBytes(fromBytes(ours.getPrivateKey()), 32)) !== null);
    const peer = createECDH("prime256v1");
    peer.generateKeys();
    const good = peer.getPublicKey();
    const refuse = (what: string, key: Uint8Array, nodeTakesIt = false) => {
      assert.equal(guest.p256Shared(key), null, `${what}: accepted ${toHex(key)}`);
      assert.equal(nodeEcdh(ours, key) !== null, nodeTakesIt, `${what}: node disagrees on ${toHex(key)}`);
      count("p256 hostile peer");
    };
    refuse("infinity", Uint8Array.of(0));
    refuse("all zero", new Uint8Array(65));
    refuse("04 and zeros", concat(Uint8Array.of(4), new Uint8Array(64)));
    refuse("compressed", peer.getPublicKey(null, "compressed"), true);
    refuse("hybrid", peer.getPublicKey(null, "hybrid"), true);
    const x = good.subarray(1, 33), y = good.subarray(33);
    refuse("x = p", concat(Uint8Array.of(4), toBytes(P, 32), y));
    refuse("y = p", concat(Uint8Array.of(4), x, toBytes(P, 32)));
    for (let i = 0; i < 300; i++) {
      const above = () => toBytes(P + fromBytes(randomBytes(32)) % (2n ** 256n - P), 32);
      refuse("x >= p", concat(Uint8Array.of(4), above(), y));
      refuse("y >= p", concat(Uint8Array.of(4), x, above()));
      const off = Buffer.from(good);
      off[randomInt(1, 65)] ^= randomInt(1, 256);
      refuse("off curve", off);
      refuse("random", concat(Uint8Array.of(4), randomBytes(64)));
      const len = randomInt(0, 140);
      if (len !== 65) {
        assert.equal(guest.p256Shared(concat(good, randomBytes(140)).subarray(0, len)), null, `length ${len}`);
        count("p256 hostile peer");
      }
      const prefix = randomInt(0, 256);
      if (prefix !== 4) {
        const changed = Buffer.from(good);
        changed[0] = prefix;
        assert.equal(guest.p256Shared(changed), null, `prefix ${prefix}`);
        count("p256 hostile peer");
      }
    }
    assert.equal(toHex(guest.p256Shared(good)), toHex(ours.computeSecret(good)), "the pair still works");
  });
});

test("random inputs of any length to every export never trap", () => {
  for (let i = 0; i < 3000; i++) {
    const input = randomBytes(randomInt(0, 100));
    guest.x25519(input.subarray(0, randomInt(0, input.length + 1)), input.subarray(randomInt(0, input.length + 1)));
    guest.x25519Public(input);
    guest.p256Create(input);
    guest.p256Shared(input);
    count("random input", 4);
  }
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const by = [...counts.entries()].map(([k, v]) => `${k}:${v}`).join(" ");
  t.diagnostic(`${total} checks; ${by}; guest memory ${guest.memoryBytes() >> 10} KiB`);
});

function x25519Private(raw: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8, raw]), format: "der", type: "pkcs8" });
}

function x25519Public(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([X25519_SPKI, raw]), format: "der", type: "spki" });
}

function x25519PrivateRaw(key: KeyObject): Uint8Array {
  return key.export({ format: "der", type: "pkcs8" }).subarray(X25519_PKCS8.length);
}

function x25519PublicRaw(key: KeyObject): Uint8Array {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return publicKey.export({ format: "der", type: "spki" }).subarray(X25519_SPKI.length);
}

// nodeX25519 is node's a * u, or null when node refuses (OpenSSL refuses an all-zero result).
function nodeX25519(a: Uint8Array, u: Uint8Array): Uint8Array | null {
  try {
    return diffieHellman({ privateKey: x25519Private(a), publicKey: x25519Public(u) });
  } catch {
    return null;
  }
}

function nodeEcdh(ours: ReturnType<typeof createECDH>, key: Uint8Array): Uint8Array | null {
  try {
    return ours.computeSecret(key);
  } catch {
    return null;
  }
}

// toHex shows bytes as hex and a refusal as "null", so that assert.equal can compare either.
function toHex(b: Uint8Array | null): string {
  return b === null ? "null" : bytesToHex(b);
}

function toLittleEndian(v: bigint, len: number): Uint8Array {
  return Uint8Array.from(toBytes(v, len)).reverse();
}
