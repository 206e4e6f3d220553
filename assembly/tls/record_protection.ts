// Record protection for one direction (RFC 8446 §5.2, §5.3): the AEAD of the suite keyed from a traffic secret,
// the per-record nonce (the IV XOR the 64-bit sequence number, left-padded) and the sequence number itself.

import { open as chachaOpen, seal as chachaSeal } from "../crypto/aead";
import { AesGcm } from "../crypto/gcm";
import { AEAD_NONCE_BYTES, AEAD_TAG_BYTES, ContentType, RECORD_HEADER_BYTES, TLS_1_2 } from "./constants";
import { trafficIv, trafficKey } from "./key_schedule";
import { AeadKind, CipherSuite } from "./suites";
import { TlsWriter } from "./wire";

/** RecordAead is the suite's AEAD under one key: AES-GCM (crypto/gcm.ts) or ChaCha20-Poly1305 (crypto/aead.ts). */
export abstract class RecordAead {
  /** seal returns ciphertext || tag, or null when the primitive refuses its inputs. */
  abstract seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array | null;
  /** open returns the plaintext, or null when the tag does not verify. */
  abstract open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null;
}

class GcmAead extends RecordAead {
  constructor(private gcm: AesGcm) { super(); }
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array | null {
    return this.gcm.seal(nonce, plaintext, aad);
  }
  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
    return this.gcm.open(nonce, sealed, aad);
  }
}

class ChaChaAead extends RecordAead {
  constructor(private key: Uint8Array) { super(); }
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array | null {
    return chachaSeal(this.key, nonce, plaintext, aad);
  }
  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
    return chachaOpen(this.key, nonce, sealed, aad);
  }
}

/**
 * RecordProtection seals or opens the records of one direction under one traffic secret. Each record uses the
 * next sequence number; a new secret (handshake, application, KeyUpdate) means a new RecordProtection at 0.
 */
export class RecordProtection {
  private seq: u64 = 0;
  private nonce: Uint8Array = new Uint8Array(AEAD_NONCE_BYTES);
  private header: Uint8Array = new Uint8Array(RECORD_HEADER_BYTES);

  constructor(private aead: RecordAead, private iv: Uint8Array) {}

  /** fromSecret derives key and IV from a traffic secret (RFC 8446 §7.3); null if the AEAD refuses the key. */
  static fromSecret(suite: CipherSuite, secret: Uint8Array): RecordProtection | null {
    const key = trafficKey(suite.hash, secret, suite.keyBytes);
    const iv = trafficIv(suite.hash, secret);
    if (key.length != suite.keyBytes || iv.length != AEAD_NONCE_BYTES) return null;
    if (suite.aead == AeadKind.ChaCha20Poly1305) return new RecordProtection(new ChaChaAead(key), iv);
    const gcm = AesGcm.create(key);
    return gcm !== null ? new RecordProtection(new GcmAead(gcm), iv) : null;
  }

  /**
   * seal protects TLSInnerPlaintext `inner` (content, type byte, no padding) and appends the whole record,
   * header included, to out. It returns false only when the primitive refuses, which a caller treats as fatal.
   */
  seal(inner: Uint8Array, out: TlsWriter): bool {
    const length = inner.length + AEAD_TAG_BYTES;
    // §5.2: the additional data is the record header: opaque_type 23, legacy_record_version 0x0303, length.
    const h = this.header;
    h[0] = <u8>ContentType.ApplicationData;
    h[1] = <u8>(TLS_1_2 >> 8);
    h[2] = <u8>TLS_1_2;
    h[3] = <u8>(length >> 8);
    h[4] = <u8>length;
    const sealed = this.aead.seal(this.nextNonce(), inner, h);
    if (sealed === null) return false;
    out.bytes(h).bytes(sealed);
    return true;
  }

  /** open checks and decrypts a record payload under its received header; null for a record that fails. */
  open(header: Uint8Array, payload: Uint8Array): Uint8Array | null {
    return this.aead.open(this.nextNonce(), payload, header);
  }

  /** exhausted says whether the sequence number would wrap: §5.3 forbids it, so the connection must end. */
  get exhausted(): bool { return this.seq == u64.MAX_VALUE; }

  // §5.3: the 64-bit sequence number, big-endian and left-padded to the IV length, XORed with the IV.
  private nextNonce(): Uint8Array {
    const n = this.nonce, iv = this.iv, seq = this.seq;
    for (let i = 0; i < 4; i++) n[i] = iv[i];
    for (let i = 0; i < 8; i++) n[4 + i] = iv[4 + i] ^ <u8>(seq >> (8 * (7 - i)));
    this.seq = seq + 1;
    return n;
  }
}
