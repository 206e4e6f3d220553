// The crypto_probe fixture guest (test/fixtures/guests/crypto_probe.ts), run in-process through InProcessGuest,
// with one typed method per export. Each method returns the guest's bytes, or null when the primitive refused.
import { InProcessGuest, type GuestBuffers } from "../support/inprocess_guest.js";

export { GuestTrap, toHex } from "../support/inprocess_guest.js";

interface ProbeExports extends GuestBuffers {
  sha256(ptr: number, len: number): number;
  sha384(ptr: number, len: number): number;
  sha512(ptr: number, len: number): number;
  hash_stream(alg: number, chunk: number, ptr: number, len: number): number;
  hmac(alg: number, keyLen: number, chunk: number, ptr: number, len: number): number;
  hkdf(saltLen: number, ikmLen: number, outLen: number, ptr: number, len: number): number;
  chacha20(counter: number, ptr: number, len: number): number;
  seal(keyLen: number, nonceLen: number, aadLen: number, ptr: number, len: number): number;
  open(keyLen: number, nonceLen: number, aadLen: number, ptr: number, len: number): number;
  ct_equal(aLen: number, ptr: number, len: number): number;
}

/** The probe's result codes (crypto_probe.ts). */
const enum Code { Done = 0, Null = 1, BadCall = 2, Mismatch = 3 }

export type HashAlg = 256 | 384 | 512;

export class CryptoGuest {
  private constructor(private readonly guest: InProcessGuest<ProbeExports>) {}

  static async create(): Promise<CryptoGuest> {
    return new CryptoGuest(await InProcessGuest.load<ProbeExports>("crypto_probe"));
  }

  get unexpectedImports(): number {
    return this.guest.unexpectedImports;
  }

  /** hash is the one-shot sha256/384/512 of data. */
  hash(alg: HashAlg, data: Uint8Array): Uint8Array | null {
    return this.run(data, (x, p, l) => (alg === 256 ? x.sha256(p, l) : alg === 384 ? x.sha384(p, l) : x.sha512(p, l)));
  }

  /** hashStream is the streaming hash of data fed in pieces of chunk bytes. */
  hashStream(alg: HashAlg, chunk: number, data: Uint8Array): Uint8Array | null {
    return this.run(data, (x, p, l) => x.hash_stream(alg, chunk, p, l));
  }

  /** hmac is HMAC-SHA-alg(key, data): one-shot when chunk is 0, else a keyed object fed in pieces. */
  hmac(alg: HashAlg, key: Uint8Array, data: Uint8Array, chunk: number): Uint8Array | null {
    return this.run(concat(key, data), (x, p, l) => x.hmac(alg, key.length, chunk, p, l));
  }

  hkdf(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, length: number): Uint8Array | null {
    return this.run(concat(salt, ikm, info), (x, p, l) => x.hkdf(salt.length, ikm.length, length, p, l));
  }

  /** chacha20 XORs data with the keystream of (key, nonce) from counter; key and nonce must be 32 and 12 bytes. */
  chacha20(key: Uint8Array, nonce: Uint8Array, counter: number, data: Uint8Array): Uint8Array | null {
    return this.run(concat(key, nonce, data), (x, p, l) => x.chacha20(counter, p, l));
  }

  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array | null {
    const input = concat(key, nonce, aad, plaintext);
    return this.run(input, (x, p, l) => x.seal(key.length, nonce.length, aad.length, p, l));
  }

  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
    const input = concat(key, nonce, aad, sealed);
    return this.run(input, (x, p, l) => x.open(key.length, nonce.length, aad.length, p, l));
  }

  ctEqual(a: Uint8Array, b: Uint8Array): boolean {
    const code = this.guest.call(concat(a, b), (x, p, l) => x.ct_equal(a.length, p, l));
    if (code !== 0 && code !== 1) throw new Error(`ct_equal answered ${code}`);
    return code === 1;
  }

  memoryBytes(): number {
    return this.guest.memoryBytes();
  }

  takeLogs(): string[] {
    return this.guest.takeLogs();
  }

  // run calls one export; Null becomes null, Done the output; any other code is a broken test harness or guest.
  private run(input: Uint8Array, fn: (x: ProbeExports, ptr: number, len: number) => number): Uint8Array | null {
    const code = this.guest.call(input, fn);
    if (code === Code.Null) return null;
    if (code !== Code.Done) throw new Error(`crypto_probe answered ${code === Code.Mismatch ? "MISMATCH" : code}`);
    return this.guest.output();
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
