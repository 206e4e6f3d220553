// The three TLS 1.3 cipher suites (RFC 8446 §B.4) as a table: each names its AEAD key length and the hash that
// drives HKDF and the transcript, so nothing above this file switches on a suite number.

import { CipherSuiteId, hex16 } from "./constants";

/** TlsHash is the hash of a suite; its value is the digest length, Hash.length in RFC 8446 §7.1. */
export const enum TlsHash {
  Sha256 = 32,
  Sha384 = 48,
}

/** AeadKind is the record protection algorithm of a suite. */
export const enum AeadKind {
  AesGcm = 0,
  ChaCha20Poly1305 = 1,
}

/** CipherSuite describes one suite: its number, RFC name, hash, AEAD and AEAD key length. */
export class CipherSuite {
  constructor(
    readonly id: u16,
    readonly name: string,
    readonly hash: TlsHash,
    readonly aead: AeadKind,
    readonly keyBytes: i32,
  ) {}

  /** hashBytes is Hash.length: the size of every secret, Finished key and transcript hash of this suite. */
  get hashBytes(): i32 { return <i32>this.hash; }
}

const SUITES: StaticArray<CipherSuite> = [
  new CipherSuite(<u16>CipherSuiteId.Aes128GcmSha256, "TLS_AES_128_GCM_SHA256", TlsHash.Sha256, AeadKind.AesGcm, 16),
  new CipherSuite(<u16>CipherSuiteId.Aes256GcmSha384, "TLS_AES_256_GCM_SHA384", TlsHash.Sha384, AeadKind.AesGcm, 32),
  new CipherSuite(<u16>CipherSuiteId.ChaCha20Poly1305Sha256, "TLS_CHACHA20_POLY1305_SHA256", TlsHash.Sha256,
    AeadKind.ChaCha20Poly1305, 32),
];

/** cipherSuite returns the suite numbered id, or null when this client does not implement it. */
export function cipherSuite(id: u32): CipherSuite | null {
  for (let i = 0; i < SUITES.length; i++) {
    const s = unchecked(SUITES[i]); // i < SUITES.length
    if (<u32>s.id == id) return s;
  }
  return null;
}

/** suiteName returns the RFC name of a suite this client implements, or its number in hex. */
export function suiteName(id: u32): string {
  const s = cipherSuite(id);
  return s !== null ? s.name : "cipher suite " + hex16(id);
}
