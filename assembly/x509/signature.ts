// Checks one signature with a certificate's public key, for certificate signatures and for TLS 1.3
// CertificateVerify alike. X.509 and TLS carry ECDSA signatures as DER Ecdsa-Sig-Value (RFC 5480 §2.2.3, RFC 8446
// §4.2.3) while crypto/ecdsa.ts takes r || s, so they are converted here, strictly.

import { DerProblem, DerReader, Tag } from "./der";
import { SigScheme } from "./algorithm";
import { KeyKind, PublicKeyInfo } from "./spki";
import { rsaVerifyPkcs1v15, rsaVerifyPss } from "../crypto/rsa";
import { ecdsaVerify } from "../crypto/ecdsa";
import { ed25519Verify } from "../crypto/ed25519";
import { sha256 } from "../crypto/sha256";
import { sha384 } from "../crypto/sha384";
import { sha512 } from "../crypto/sha512";

/** SigCheck is the outcome of checkSignature. */
export const enum SigCheck {
  Ok = 0,
  /** The signature does not verify (or is not even well-formed). */
  Bad = 1,
  /** The key cannot make this kind of signature: an EC key and an RSA scheme, a PSS key and PKCS #1 v1.5... */
  Mismatch = 2,
  /** The key is of a kind, size or curve that is not supported, or crypto/ refused its values. */
  Unusable = 3,
  /** The scheme itself is not supported (SigScheme.Unsupported). */
  Unsupported = 4,
}

/**
 * checkSignature checks signature over message with key, by scheme and hash (SHA-2 bits; ignored for Ed25519).
 * RSA keys are limited to 2048-4096 bits and PSS to a salt as long as the hash (crypto/rsa.ts); an id-RSASSA-PSS
 * key signs only with PSS and, when its parameters name a hash, only with that hash (RFC 4055 §1.2).
 */
export function checkSignature(
  key: PublicKeyInfo, scheme: SigScheme, hash: i32, message: Uint8Array, signature: Uint8Array,
): SigCheck {
  if (scheme == SigScheme.Unsupported) return SigCheck.Unsupported;
  if (key.kind == KeyKind.Unsupported) return SigCheck.Unusable;
  if (scheme == SigScheme.RsaPkcs1 || scheme == SigScheme.RsaPss) {
    return checkRsa(key, scheme, hash, message, signature);
  }
  if (scheme == SigScheme.Ecdsa) {
    if (key.kind != KeyKind.Ec) return SigCheck.Mismatch;
    const ec = key.ecKey();
    if (ec === null) return SigCheck.Unusable;
    const rs = ecdsaSignatureFromDer(signature, (key.bits + 7) >> 3);
    const digest = digestOf(hash, message);
    if (rs === null || digest === null) return SigCheck.Bad;
    return ecdsaVerify(ec, digest, rs) ? SigCheck.Ok : SigCheck.Bad;
  }
  if (key.kind != KeyKind.Ed25519) return SigCheck.Mismatch;
  const ed = key.edKey();
  if (ed === null) return SigCheck.Unusable;
  return ed25519Verify(ed, message, signature) ? SigCheck.Ok : SigCheck.Bad;
}

/**
 * ecdsaSignatureFromDer converts Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } in strict DER to r || s,
 * each left-padded to size bytes, or returns null: negative or non-minimal integers, one longer than size, or
 * anything after the SEQUENCE are refused, so each signature has one accepted encoding.
 */
export function ecdsaSignatureFromDer(der: Uint8Array, size: i32): Uint8Array | null {
  const outer = new DerReader(der, 0, der.length, 0, new DerProblem());
  const seq = outer.enter(Tag.Sequence);
  if (seq === null || !outer.atEnd) return null;
  const r = seq.readUnsigned();
  if (r === null) return null;
  const s = seq.readUnsigned();
  if (s === null || !seq.atEnd || r.length > size || s.length > size) return null;
  const out = new Uint8Array(2 * size);
  // r and s are at most size bytes each, right-aligned in their halves.
  memory.copy(out.dataStart + <usize>(size - r.length), r.dataStart, <usize>r.length);
  memory.copy(out.dataStart + <usize>(2 * size - s.length), s.dataStart, <usize>s.length);
  return out;
}

/** digestOf is SHA-`bits` (256, 384, 512) of message, or null for another size. */
export function digestOf(bits: i32, message: Uint8Array): Uint8Array | null {
  if (bits == 256) return sha256(message);
  if (bits == 384) return sha384(message);
  if (bits == 512) return sha512(message);
  return null;
}

function checkRsa(
  key: PublicKeyInfo, scheme: SigScheme, hash: i32, message: Uint8Array, signature: Uint8Array,
): SigCheck {
  if (key.kind != KeyKind.Rsa && key.kind != KeyKind.RsaPss) return SigCheck.Mismatch;
  if (key.kind == KeyKind.RsaPss) {
    // RFC 4055 §1.2: an id-RSASSA-PSS key is for PSS only, and its parameters restrict the hash.
    const p = key.pss;
    if (scheme != SigScheme.RsaPss || (p !== null && p.hash != 0 && p.hash != hash)) return SigCheck.Mismatch;
  }
  const rsa = key.rsaKey();
  if (rsa === null) return SigCheck.Unusable;
  const ok = scheme == SigScheme.RsaPss
    ? rsaVerifyPss(rsa, hash, message, signature)
    : rsaVerifyPkcs1v15(rsa, hash, message, signature);
  return ok ? SigCheck.Ok : SigCheck.Bad;
}
