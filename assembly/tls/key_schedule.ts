// The TLS 1.3 key schedule (RFC 8446 §7.1): HKDF-Expand-Label, Derive-Secret and the chain early secret ->
// handshake secret -> master secret, with traffic keys (§7.3), Finished keys (§4.4.4) and KeyUpdate (§7.2).
// No PSK is ever used, so the early secret is always HKDF-Extract(0, 0).

import { hkdfSha256Expand, hkdfSha256Extract, hkdfSha384Expand, hkdfSha384Extract } from "../crypto/hkdf";
import { hmacSha256, hmacSha384 } from "../crypto/hmac";
import { sha256 } from "../crypto/sha256";
import { sha384 } from "../crypto/sha384";
import { utf8Encode } from "../encoding/utf8";
import { TlsHash } from "./suites";
import { TlsWriter } from "./wire";

// "tls13 " prefixes every label (RFC 8446 §7.1).
const LABEL_PREFIX = "tls13 ";
const EMPTY = new Uint8Array(0);

/**
 * hkdfExpandLabel is HKDF-Expand(secret, HkdfLabel, length) with HkdfLabel = uint16 length || opaque label<7..255>
 * ("tls13 " + label) || opaque context<0..255> (RFC 8446 §7.1). Labels are this file's constants and contexts are
 * hashes, so the encoding always fits; a failure of HKDF (a secret shorter than the hash) yields an empty array.
 */
export function hkdfExpandLabel(hash: TlsHash, secret: Uint8Array, label: string, context: Uint8Array,
  length: i32): Uint8Array {
  const w = new TlsWriter(16 + label.length + context.length);
  w.u16(<u32>length);
  const l = w.begin(1);
  w.bytes(utf8Encode(LABEL_PREFIX + label)).end(l);
  const c = w.begin(1);
  w.bytes(context).end(c);
  const info = w.finish();
  const out = hash == TlsHash.Sha384 ? hkdfSha384Expand(secret, info, length) : hkdfSha256Expand(secret, info, length);
  return out !== null ? out : new Uint8Array(0);
}

/** deriveSecret is Derive-Secret(secret, label, messages) given Transcript-Hash(messages) (RFC 8446 §7.1). */
export function deriveSecret(hash: TlsHash, secret: Uint8Array, label: string, transcriptHash: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hash, secret, label, transcriptHash, <i32>hash);
}

/** hkdfExtract is HKDF-Extract(salt, ikm) with the suite's hash. */
export function hkdfExtract(hash: TlsHash, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return hash == TlsHash.Sha384 ? hkdfSha384Extract(salt, ikm) : hkdfSha256Extract(salt, ikm);
}

/** emptyHash is Transcript-Hash("") of the suite's hash, the context of the "derived" steps. */
export function emptyHash(hash: TlsHash): Uint8Array {
  return hash == TlsHash.Sha384 ? sha384(EMPTY) : sha256(EMPTY);
}

/**
 * finishedVerifyData is HMAC(finished_key, transcriptHash) with finished_key = HKDF-Expand-Label(baseKey,
 * "finished", "", Hash.length) (RFC 8446 §4.4.4): what a Finished message must carry.
 */
export function finishedVerifyData(hash: TlsHash, baseKey: Uint8Array, transcriptHash: Uint8Array): Uint8Array {
  const finishedKey = hkdfExpandLabel(hash, baseKey, "finished", EMPTY, <i32>hash);
  return hash == TlsHash.Sha384 ? hmacSha384(finishedKey, transcriptHash) : hmacSha256(finishedKey, transcriptHash);
}

/** nextTrafficSecret is application_traffic_secret_N+1 = HKDF-Expand-Label(secret, "traffic upd", "", Hash.length). */
export function nextTrafficSecret(hash: TlsHash, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hash, secret, "traffic upd", EMPTY, <i32>hash);
}

/** trafficKey and trafficIv derive a record key of keyBytes and the 12-byte IV from a traffic secret (§7.3). */
export function trafficKey(hash: TlsHash, secret: Uint8Array, keyBytes: i32): Uint8Array {
  return hkdfExpandLabel(hash, secret, "key", EMPTY, keyBytes);
}

export function trafficIv(hash: TlsHash, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hash, secret, "iv", EMPTY, 12);
}

/**
 * KeySchedule walks the secrets of one full (EC)DHE handshake without PSK. Call handshake() with the shared secret
 * and the transcript hash through ServerHello, then application() with the hash through the server's Finished.
 */
export class KeySchedule {
  earlySecret: Uint8Array;
  handshakeSecret: Uint8Array = EMPTY;
  masterSecret: Uint8Array = EMPTY;
  clientHandshakeSecret: Uint8Array = EMPTY;
  serverHandshakeSecret: Uint8Array = EMPTY;
  clientApplicationSecret: Uint8Array = EMPTY;
  serverApplicationSecret: Uint8Array = EMPTY;

  constructor(readonly hash: TlsHash) {
    // §7.1: with no PSK, the early secret extracts Hash.length zeros under a zero salt.
    this.earlySecret = hkdfExtract(hash, EMPTY, new Uint8Array(<i32>hash));
  }

  /** handshake derives the handshake secret and both handshake traffic secrets. */
  handshake(sharedSecret: Uint8Array, helloHash: Uint8Array): void {
    const h = this.hash;
    const salt = deriveSecret(h, this.earlySecret, "derived", emptyHash(h));
    this.handshakeSecret = hkdfExtract(h, salt, sharedSecret);
    this.clientHandshakeSecret = deriveSecret(h, this.handshakeSecret, "c hs traffic", helloHash);
    this.serverHandshakeSecret = deriveSecret(h, this.handshakeSecret, "s hs traffic", helloHash);
  }

  /** application derives the master secret and both first application traffic secrets. */
  application(finishedHash: Uint8Array): void {
    const h = this.hash;
    const salt = deriveSecret(h, this.handshakeSecret, "derived", emptyHash(h));
    this.masterSecret = hkdfExtract(h, salt, new Uint8Array(<i32>h));
    this.clientApplicationSecret = deriveSecret(h, this.masterSecret, "c ap traffic", finishedHash);
    this.serverApplicationSecret = deriveSecret(h, this.masterSecret, "s ap traffic", finishedHash);
  }
}
