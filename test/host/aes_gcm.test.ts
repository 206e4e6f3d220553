// Differential test of assembly/crypto/aes.ts and gcm.ts, run in a release-built fixture guest
// (test/fixtures/guests/aes_probe.ts) against node:crypto (OpenSSL): for AES-128-GCM and AES-256-GCM, thousands of
// random keys, nonces, plaintexts (0 to 20,000 bytes) and aad seal to node's bytes exactly, node's output opens to
// the plaintext, a single flipped bit of ciphertext, tag, aad or nonce is always refused, and no input traps (a trap
// throws GuestTrap). AES itself is compared with node's ECB over random keys and blocks.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, randomBytes, randomInt } from "node:crypto";
import { InProcessGuest, toHex, type GuestBuffers } from "../support/inprocess_guest.js";
import { concat } from "../support/bytes.js";

interface ProbeExports extends GuestBuffers {
  seal(keyLen: number, nonceLen: number, aadLen: number, ptr: number, len: number): number;
  open(keyLen: number, nonceLen: number, aadLen: number, ptr: number, len: number): number;
  ecb(keyLen: number, ptr: number, len: number): number;
}

/** The probe's result codes (aes_probe.ts). */
const enum Code { Done = 0, Refused = 1, BadCall = 2 }

// Messages per key size, and how many of the short ones get every bit of ciphertext, tag, aad and nonce flipped.
const MESSAGES = 2500;
const MAX_PLAINTEXT = 20000;
const EXHAUSTIVE = 20;

/** AesGuest runs the probe's exports with typed arguments; each returns the guest's bytes, or null if refused. */
class AesGuest {
  constructor(private readonly guest: InProcessGuest<ProbeExports>) {}

  seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array | null {
    return this.run(concat(key, nonce, aad, plaintext),
      (g, p, l) => g.seal(key.length, nonce.length, aad.length, p, l));
  }

  open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    return this.run(concat(key, nonce, aad, sealed), (g, p, l) => g.open(key.length, nonce.length, aad.length, p, l));
  }

  ecb(key: Uint8Array, blocks: Uint8Array): Uint8Array | null {
    return this.run(concat(key, blocks), (g, p, l) => g.ecb(key.length, p, l));
  }

  get unexpectedImports(): number { return this.guest.unexpectedImports; }
  takeLogs(): string[] { return this.guest.takeLogs(); }
  memoryBytes(): number { return this.guest.memoryBytes(); }

  private run(input: Uint8Array, fn: (g: ProbeExports, ptr: number, len: number) => number): Uint8Array | null {
    const code = this.guest.call(input, fn);
    assert.ok(code === Code.Done || code === Code.Refused, `the probe answered ${code}`);
    return code === Code.Done ? this.guest.output() : null;
  }
}

let guest: AesGuest;
const counts = new Map<string, number>();
const count = (what: string, n = 1) => counts.set(what, (counts.get(what) ?? 0) + n);

before(async () => {
  guest = new AesGuest(await InProcessGuest.load<ProbeExports>("aes_probe"));
});

for (const keyBytes of [16, 32]) {
  const alg = `aes-${keyBytes * 8}-gcm` as const;
  describe(`AES-${keyBytes * 8}-GCM`, () => {
    test(`${MESSAGES} random messages seal to node:crypto's bytes and open; flipped bits are refused`, () => {
      let exhaustive = 0;
      for (let i = 0; i < MESSAGES; i++) {
        const key = randomBytes(keyBytes), nonce = randomBytes(12);
        const aad = randomBytes(i % 10 === 0 ? randomInt(0, 600) : randomInt(0, 40));
        const plaintext = randomBytes(plaintextLength(i));
        const want = nodeSeal(alg, key, nonce, aad, plaintext);
        const where = `key ${toHex(key)} nonce ${toHex(nonce)} aad ${toHex(aad)} length ${plaintext.length}`;
        const sealed = guest.seal(key, nonce, aad, plaintext);
        assert.ok(sealed !== null, `seal refused: ${where}`);
        assert.ok(Buffer.from(sealed).equals(want), `seal differs from node:crypto: ${where}`);
        const opened = guest.open(key, nonce, aad, want);
        assert.ok(opened !== null && Buffer.from(opened).equals(plaintext), `open of node's output failed: ${where}`);
        count(`${alg} agreed`);
        refuseFlip(key, nonce, aad, want, "ciphertext or tag", where, randomInt(0, want.length * 8));
        if (aad.length > 0) refuseFlip(key, nonce, aad, want, "aad", where, randomInt(0, aad.length * 8));
        refuseFlip(key, nonce, aad, want, "nonce", where, randomInt(0, 96));
        if (exhaustive < EXHAUSTIVE && want.length <= 200) {
          exhaustive++;
          for (let b = 0; b < want.length * 8; b++) refuseFlip(key, nonce, aad, want, "ciphertext or tag", where, b);
          for (let b = 0; b < aad.length * 8; b++) refuseFlip(key, nonce, aad, want, "aad", where, b);
          for (let b = 0; b < 96; b++) refuseFlip(key, nonce, aad, want, "nonce", where, b);
        }
      }
    });

    test("hostile lengths are refused without a trap, as the API says", () => {
      const key = randomBytes(keyBytes), nonce = randomBytes(12), aad = randomBytes(13);
      const sealed = nodeSeal(alg, key, nonce, aad, randomBytes(100));
      for (let n = 0; n < 16; n++) {
        assert.equal(guest.open(key, nonce, aad, sealed.subarray(0, n)), null, `open of ${n} bytes`);
        count(`${alg} hostile`);
      }
      for (let i = 0; i < 300; i++) {
        const k = randomBytes(randomInt(0, 40)), n = randomBytes(randomInt(0, 30));
        const a = randomBytes(randomInt(0, 50)), m = randomBytes(randomInt(0, 200));
        const validKey = k.length === 16 || k.length === 32, validNonce = n.length === 12;
        const s = guest.seal(k, n, a, m);
        assert.equal(s !== null, validKey && validNonce, `seal with key ${k.length}, nonce ${n.length}`);
        if (s !== null) assert.ok(Buffer.from(s).equals(nodeSeal(`aes-${k.length * 8}-gcm`, k, n, a, m)));
        assert.equal(guest.open(k, n, a, m), null, `open of random bytes: key ${k.length} nonce ${n.length}`);
        count(`${alg} hostile`, 2);
      }
    });
  });
}

test("AES-128 and AES-256 encrypt random blocks as node:crypto's ECB does", () => {
  for (let i = 0; i < 400; i++) {
    const key = randomBytes(i % 2 === 0 ? 16 : 32), blocks = randomBytes(128 * randomInt(1, 5));
    const e = createCipheriv(`aes-${key.length * 8}-ecb`, key, null).setAutoPadding(false);
    const want = Buffer.concat([e.update(blocks), e.final()]);
    const got = guest.ecb(key, blocks);
    assert.ok(got !== null && Buffer.from(got).equals(want), `ecb key ${toHex(key)} blocks ${toHex(blocks)}`);
    count("ecb blocks", blocks.length / 16);
  }
  for (const len of [0, 15, 17, 24, 33]) assert.equal(guest.ecb(randomBytes(len), randomBytes(128)), null);
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const by = [...counts.entries()].map(([k, v]) => `${k}:${v}`).join(" ");
  t.diagnostic(`${total} checks; ${by}; guest memory ${guest.memoryBytes() >> 10} KiB`);
});

// refuseFlip flips bit `bit` of the sealed message, the aad or the nonce and checks that open refuses, and that
// node:crypto refuses the same change.
function refuseFlip(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, what: string,
  where: string, bit: number): void {
  const flip = (b: Uint8Array) => { const c = Buffer.from(b); c[bit >> 3] ^= 1 << (bit & 7); return c; };
  const [n, a, s] = what === "nonce" ? [flip(nonce), aad, sealed]
    : what === "aad" ? [nonce, flip(aad), sealed] : [nonce, aad, flip(sealed)];
  assert.equal(guest.open(key, n, a, s), null, `accepted a flipped ${what} bit ${bit}: ${where}`);
  count(`flipped ${what}`);
}

// Plaintext lengths: uniform up to MAX_PLAINTEXT for a fifth of the messages, otherwise short or near a batch
// (128 bytes) or GHASH group (64 bytes) boundary, where the tail handling lives.
function plaintextLength(i: number): number {
  if (i % 5 === 0) return randomInt(0, MAX_PLAINTEXT + 1);
  if (i % 5 === 1) return randomInt(0, 300);
  const boundary = 64 * randomInt(0, 40);
  return Math.max(0, boundary + randomInt(-17, 18));
}

function nodeSeal(alg: string, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Buffer {
  const c = createCipheriv(alg as "aes-128-gcm", key, nonce, { authTagLength: 16 });
  c.setAAD(aad);
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}
