// Signatures already verified: a client without kept-alive connections sees the same intermediate certificates
// on every handshake, and checking their signatures again costs 100 to 500 µs each. A link is remembered by the
// SHA-256 of the certificate's whole DER followed by its issuer's SubjectPublicKeyInfo, both self-delimiting
// DER, so a hit means exactly those bytes verified before; only successes are remembered.

import { Sha256, SHA256_BYTES } from "../crypto/sha256";

/** LINK_CACHE_ENTRIES bounds the links remembered; the oldest is forgotten first. */
export const LINK_CACHE_ENTRIES: i32 = 64;

// One hash and one digest buffer serve every call: a guest runs one call at a time.
const hasher = new Sha256();
const DIGEST = memory.data(SHA256_BYTES, 8);

/** LinkCache remembers verified (certificate, issuer key) pairs; TrustStore holds one for the process. */
export class LinkCache {
  private readonly digests: StaticArray<u8> = new StaticArray<u8>(LINK_CACHE_ENTRIES * SHA256_BYTES);
  private used: i32 = 0;
  private next: i32 = 0;

  /** has reports whether certDer was verified with issuerSpki before. */
  has(certDer: Uint8Array, issuerSpki: Uint8Array): bool {
    digest(certDer, issuerSpki);
    const base = changetype<usize>(this.digests);
    for (let i = 0; i < this.used; i++) {
      // i < used <= LINK_CACHE_ENTRIES, so each entry lies inside digests.
      if (memory.compare(base + <usize>(i * SHA256_BYTES), DIGEST, SHA256_BYTES) == 0) return true;
    }
    return false;
  }

  /** add remembers that certDer verified with issuerSpki. */
  add(certDer: Uint8Array, issuerSpki: Uint8Array): void {
    digest(certDer, issuerSpki);
    // next < LINK_CACHE_ENTRIES: the entry lies inside digests.
    memory.copy(changetype<usize>(this.digests) + <usize>(this.next * SHA256_BYTES), DIGEST, SHA256_BYTES);
    this.next = (this.next + 1) % LINK_CACHE_ENTRIES;
    if (this.used < LINK_CACHE_ENTRIES) this.used++;
  }
}

function digest(certDer: Uint8Array, issuerSpki: Uint8Array): void {
  hasher.reset().update(certDer).update(issuerSpki).finalAt(DIGEST);
}
