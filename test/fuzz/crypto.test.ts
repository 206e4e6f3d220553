// Differential test of assembly/crypto inside a real guest module (release build options) against node:crypto:
// hashes, HMAC, HKDF, ChaCha20 and the AEAD agree byte for byte on random inputs whose lengths cross every block
// boundary, AEAD open refuses every single-bit change and every wrong length, and no input traps.
// FUZZ_RUNS scales the run counts (100000, the JSON fuzz default, keeps the defaults below; `make fuzz` gives
// 20 times as many). FUZZ_SEED replays one run.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomFillSync } from "node:crypto";
import fc from "fast-check";
import { compileGuest } from "../support/guests.js";
import { CryptoGuest, toHex, type HashAlg } from "./crypto_guest.js";

const SCALE = Number(process.env.FUZZ_RUNS ?? 100000) / 100000;
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));
const ALGS: HashAlg[] = [256, 384, 512];
const NODE_NAME = { 256: "sha256", 384: "sha384", 512: "sha512" } as const;

let guest: CryptoGuest;
const counts = new Map<string, number>();

before(async () => {
  guest = await CryptoGuest.create();
});

// Lengths: uniform up to max, or within 2 of a block or padding boundary of SHA-256/512, Poly1305 or ChaCha20x4.
const BOUNDARIES = [0, 16, 32, 55, 56, 64, 111, 112, 128, 192, 256, 512, 1024, 2048];
function length(max: number): fc.Arbitrary<number> {
  const near = fc.constantFrom(...BOUNDARIES.filter((b) => b <= max))
    .chain((b) => fc.integer({ min: Math.max(0, b - 2), max: Math.min(max, b + 2) }));
  return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max }) }, { weight: 2, arbitrary: near });
}

// Bytes of a given length: mostly pseudo-random from a seed (cheap at 3000 bytes), sometimes all 0x00 or 0xff,
// which drive Poly1305's carries and reductions through their extremes.
function bytes(max: number): fc.Arbitrary<Uint8Array> {
  return fc.record({ n: length(max), seed: fc.integer(), fill: fc.constantFrom(-1, -1, -1, -1, 0x00, 0xff) })
    .map(({ n, seed, fill }) => (fill < 0 ? prng(seed, n) : new Uint8Array(n).fill(fill)));
}
const exactly = (n: number) => fc.integer().map((seed) => prng(seed, n));

function prng(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed | 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5; // xorshift32
    out[i] = s & 0xff;
  }
  return out;
}

function same(what: string, got: Uint8Array | null, want: Uint8Array): void {
  counts.set(what, (counts.get(what) ?? 0) + 1);
  if (got === null) assert.fail(`${what}: guest returned null, node:crypto gave ${toHex(want)}`);
  assert.equal(toHex(got), toHex(want), what);
}

function refused(what: string, got: Uint8Array | null): void {
  counts.set(what, (counts.get(what) ?? 0) + 1);
  assert.equal(got, null, `${what}: guest accepted`);
}

function property<T>(name: string, n: number, arb: fc.Arbitrary<T>, check: (v: T) => void): void {
  test(`${name} (${runs(n)} runs)`, () => {
    fc.assert(fc.property(arb, (v) => { check(v); }), { numRuns: runs(n), seed: SEED });
  });
}

for (const alg of ALGS) {
  property(`sha${alg} one-shot equals createHash`, 5000, bytes(3000), (data) => {
    same(`sha${alg}`, guest.hash(alg, data), createHash(NODE_NAME[alg]).update(data).digest());
  });
  property(`sha${alg} streamed in pieces equals createHash`, 2000,
    fc.tuple(bytes(3000), fc.integer({ min: 1, max: 300 })),
    ([data, chunk]) => {
      same(`sha${alg} stream`, guest.hashStream(alg, chunk, data), createHash(NODE_NAME[alg]).update(data).digest());
    });
  property(`hmac-sha${alg} (one-shot and keyed object) equals createHmac`, 5000,
    fc.tuple(bytes(300), bytes(3000), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 }))),
    ([key, data, chunk]) => {
      same(`hmac${alg}`, guest.hmac(alg, key, data, chunk), createHmac(NODE_NAME[alg], key).update(data).digest());
    });
}

property("hkdf-sha256 equals hkdfSync", 4000,
  fc.tuple(bytes(100), bytes(200), bytes(1024), fc.oneof(length(255 * 32), fc.integer({ min: 1, max: 64 }))),
  ([salt, ikm, info, len]) => {
    same("hkdf", guest.hkdf(salt, ikm, info, len), new Uint8Array(hkdfSync("sha256", ikm, salt, info, len)));
  });

test("hkdf-sha256 refuses lengths beyond 255*HashLen or negative, like hkdfSync", () => {
  for (const len of [255 * 32 + 1, 10000, 2 ** 31 - 1, -1, -(2 ** 31)]) {
    refused("hkdf refuse", guest.hkdf(new Uint8Array(3), new Uint8Array(22), new Uint8Array(4), len));
    if (len > 0) assert.throws(() => hkdfSync("sha256", new Uint8Array(22), new Uint8Array(3), new Uint8Array(4), len));
  }
});

// Block counters: anywhere, zero, or close enough to 2^32 - 1 that the message would wrap it.
const counter = fc.oneof(fc.nat(), fc.constant(0), fc.integer({ min: 2 ** 32 - 64, max: 2 ** 32 - 1 }));

// node's "chacha20" takes a 16-byte IV: the 32-bit block counter (little-endian), then the 96-bit nonce.
property("chacha20 from any counter equals createCipheriv('chacha20')", 4000,
  fc.tuple(exactly(32), exactly(12), counter, bytes(3000)),
  ([key, nonce, counter, data]) => {
    const lastBlock = counter + Math.ceil(data.length / 64) - 1;
    const got = guest.chacha20(key, nonce, counter, data);
    if (lastBlock > 2 ** 32 - 1) return refused("chacha20 wrap", got);
    const iv = Buffer.alloc(16);
    iv.writeUInt32LE(counter, 0);
    iv.set(nonce, 4);
    const c = createCipheriv("chacha20", key, iv);
    same("chacha20", got, Buffer.concat([c.update(data), c.final()]));
  });

property("aead seal equals createCipheriv('chacha20-poly1305'), and open reverses both", 5000,
  fc.tuple(exactly(32), exactly(12), bytes(3000), bytes(300)),
  ([key, nonce, plaintext, aad]) => {
    const sealed = nodeSeal(key, nonce, plaintext, aad);
    same("aead seal", guest.seal(key, nonce, plaintext, aad), sealed);
    same("aead open", guest.open(key, nonce, sealed, aad), plaintext);
  });

type Target = "ciphertext" | "tag" | "nonce" | "aad" | "key";
property("aead open returns null after any single-bit flip in ciphertext, tag, nonce, aad or key", 6000,
  fc.record({
    key: exactly(32), nonce: exactly(12), plaintext: bytes(1500), aad: bytes(100),
    target: fc.constantFrom<Target>("ciphertext", "tag", "tag", "nonce", "aad", "key"),
    at: fc.nat(),
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  ({ key, nonce, plaintext, aad, target, at, bit }) => {
    const sealed = nodeSeal(key, nonce, plaintext, aad);
    const ct = sealed.subarray(0, plaintext.length), tag = sealed.subarray(plaintext.length);
    const field = { ciphertext: ct, tag, nonce, aad, key }[target];
    if (field.length === 0) return; // nothing to flip: an empty ciphertext or aad
    const flipped = { key: key.slice(), nonce: nonce.slice(), aad: aad.slice(), sealed: Buffer.from(sealed) };
    const i = at % field.length;
    if (target === "key") flipped.key[i] ^= 1 << bit;
    else if (target === "nonce") flipped.nonce[i] ^= 1 << bit;
    else if (target === "aad") flipped.aad[i] ^= 1 << bit;
    else flipped.sealed[(target === "tag" ? plaintext.length : 0) + i] ^= 1 << bit;
    refused(`aead flip ${target}`, guest.open(flipped.key, flipped.nonce, flipped.sealed, flipped.aad));
    const nodeResult = nodeOpen(flipped.key, flipped.nonce, flipped.sealed, flipped.aad);
    assert.equal(nodeResult, null, "node:crypto accepted the flip");
  });

property("aead seal and open return null for wrong key or nonce lengths and short input, never trap", 3000,
  fc.tuple(fc.oneof(exactly(32), bytes(64)), fc.oneof(exactly(12), bytes(40)), bytes(200), bytes(40)),
  ([key, nonce, data, aad]) => {
    if (key.length === 32 && nonce.length === 12) {
      // Right lengths: random bytes are a forgery unless they are shorter than a tag, which is refused too.
      return refused("aead forged", guest.open(key, nonce, data, aad));
    }
    refused("aead bad seal", guest.seal(key, nonce, data, aad));
    refused("aead bad open", guest.open(key, nonce, data, aad));
  });

property("constantTimeEqual agrees with Buffer.equals", 2000,
  fc.tuple(bytes(100), fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 7 })),
  ([a, copy, at, bit]) => {
    const b = copy || a.length === 0 ? a.slice() : prng(at, a.length);
    if (copy && a.length > 0 && at % 3 === 0) b[at % a.length] ^= 1 << bit;
    counts.set("ct", (counts.get("ct") ?? 0) + 1);
    assert.equal(guest.ctEqual(a, b), Buffer.from(a).equals(b));
  });

interface RandomExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  random(n: number): number;
  output_ptr(): number;
  output_len(): number;
}

// randomBytes needs a host that fills memory, which InProcessGuest's stubs do not; this instance supplies its own
// random_get: node's randomFillSync, or a fixed errno.
test("randomBytes returns what random_get wrote, and null on a host error or an out-of-range length", async () => {
  const module = new WebAssembly.Module(await compileGuest("crypto_probe"));
  let errno = 0, calls = 0;
  let memory: WebAssembly.Memory | null = null;
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    (imports[imp.module] ??= {})[imp.name] = () => 0;
  }
  imports.wasi_snapshot_preview1.random_get = (ptr: number, len: number) => {
    calls++;
    if (errno === 0) randomFillSync(new Uint8Array(memory!.buffer, ptr, len));
    return errno;
  };
  const x = new WebAssembly.Instance(module, imports).exports as unknown as RandomExports;
  memory = x.memory;
  x._initialize();
  const out = () => new Uint8Array(x.memory.buffer, x.output_ptr(), x.output_len()).slice();
  assert.equal(x.random(32), 0);
  const a = out();
  assert.equal(x.random(32), 0);
  assert.equal(a.length, 32);
  assert.notEqual(toHex(a), toHex(out()), "two draws of 32 bytes were equal");
  assert.equal(x.random(0), 0);
  assert.equal(out().length, 0);
  assert.equal(x.random(65536), 0);
  assert.equal(out().length, 65536);
  const before = calls;
  for (const n of [-1, 65537, 2 ** 31 - 1, -(2 ** 31)]) assert.equal(x.random(n), 1, `randomBytes(${n})`);
  assert.equal(calls, before, "random_get was called for an out-of-range length");
  errno = 29; // EIO
  assert.equal(x.random(16), 1, "randomBytes ignored a random_get error");
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const by = [...counts.entries()].map(([k, v]) => `${k}:${v}`).join(" ");
  t.diagnostic(`${total} comparisons; ${by}; guest memory ${guest.memoryBytes() >> 10} KiB`);
});

function nodeSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const c = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  c.setAAD(aad, { plaintextLength: plaintext.length });
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

function nodeOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer | null {
  const d = createDecipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  d.setAAD(aad, { plaintextLength: Math.max(0, sealed.length - 16) });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
  } catch {
    return null;
  }
}
