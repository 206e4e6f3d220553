// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): RSA (RFC 3279 §2.3.1), id-RSASSA-PSS (RFC 4055 §1.2), EC on P-256,
// P-384, P-521 (RFC 5480 §2) and Ed25519 (RFC 8410 §4). Parsing checks the structure and keeps the key's bytes;
// the crypto/ key object is built on first use and kept, since most certificates of a trust store never sign.

import { DerReader, EMPTY, Tag } from "./der";
import { Oid, oidAt, oidLabel, oidText } from "./oid";
import { parsePssParams, PssParams, pssKeyProblem } from "./pss";
import { RSA_MAX_BITS, RSA_MIN_BITS, rsaPublicKey, RsaPublicKey } from "../crypto/rsa";
import { Curve, ecPublicKey, EcPublicKey } from "../crypto/ecdsa";
import { ED25519_PUBLIC_KEY_BYTES, ed25519PublicKey, Ed25519PublicKey } from "../crypto/ed25519";

/** KeyKind is the kind of a subject public key; Unsupported keys parse but verify nothing. */
export const enum KeyKind { Unsupported = 0, Rsa = 1, RsaPss = 2, Ec = 3, Ed25519 = 4 }

/**
 * PublicKeyInfo is a parsed subject public key. For RSA, n and e are the magnitudes; for EC, x and y the
 * coordinates; for Ed25519, x the 32-byte encoding. unsupported says why an Unsupported key cannot be used.
 */
export class PublicKeyInfo {
  kind: KeyKind = KeyKind.Unsupported;
  /** bits is the RSA modulus size or the curve size (256, 384, 521; 255 for Ed25519). */
  bits: i32 = 0;
  n: Uint8Array = EMPTY;
  e: Uint8Array = EMPTY;
  x: Uint8Array = EMPTY;
  y: Uint8Array = EMPTY;
  /** pss holds an id-RSASSA-PSS key's restrictions; hash 0 when the key has none (parameters absent). */
  pss: PssParams | null = null;
  unsupported: string = "";
  private rsa: RsaPublicKey | null = null;
  private ec: EcPublicKey | null = null;
  private ed: Ed25519PublicKey | null = null;
  private refused: bool = false;

  /** description names the key for messages: "RSA 2048-bit", "EC P-256", "Ed25519". */
  get description(): string {
    switch (this.kind) {
      case KeyKind.Rsa: return "RSA " + this.bits.toString() + "-bit";
      case KeyKind.RsaPss: return "RSASSA-PSS " + this.bits.toString() + "-bit";
      case KeyKind.Ec: return "EC P-" + this.bits.toString();
      case KeyKind.Ed25519: return "Ed25519";
    }
    return this.unsupported;
  }

  /** rsaKey is the crypto/rsa.ts key of an Rsa or RsaPss key, or null when crypto/rsa.ts refuses it. */
  rsaKey(): RsaPublicKey | null {
    if (this.rsa === null && !this.refused && (this.kind == KeyKind.Rsa || this.kind == KeyKind.RsaPss)) {
      this.rsa = rsaPublicKey(this.n, this.e);
      this.refused = this.rsa === null;
    }
    return this.rsa;
  }

  /** ecKey is the crypto/ecdsa.ts key of an Ec key (parsePublicKeyInfo built it to check the point). */
  ecKey(): EcPublicKey | null {
    if (this.ec === null && !this.refused && this.kind == KeyKind.Ec) {
      this.ec = ecPublicKey(<Curve>this.bits, this.x, this.y);
      this.refused = this.ec === null;
    }
    return this.ec;
  }

  /** edKey is the crypto/ed25519.ts key of an Ed25519 key, or null when it does not decode to a usable point. */
  edKey(): Ed25519PublicKey | null {
    if (this.ed === null && !this.refused && this.kind == KeyKind.Ed25519) {
      this.ed = ed25519PublicKey(this.x);
      this.refused = this.ed === null;
    }
    return this.ed;
  }
}

/**
 * parsePublicKeyInfo reads the content of a SubjectPublicKeyInfo SEQUENCE. It returns null (problem on r) when
 * the DER or a supported key's encoding is malformed; a well-formed key of another kind, size or curve comes back
 * as KeyKind.Unsupported with the reason.
 */
export function parsePublicKeyInfo(r: DerReader): PublicKeyInfo | null {
  const key = new PublicKeyInfo();
  const alg = r.enter(Tag.Sequence);
  if (alg === null || !alg.readOid()) return null;
  const oid = oidAt(alg.data, alg.contentStart, alg.contentLength);
  const oidBytes = alg.content();
  if (oid == Oid.RsaEncryption) {
    // RFC 3279 §2.3.1: the parameters MUST be NULL.
    if (!alg.readNull()) return null;
  } else if (oid == Oid.RsassaPss) {
    if (!readPssKeyParams(alg, key)) return null;
  } else if (oid == Oid.EcPublicKey) {
    if (!readCurve(alg, key)) return null;
  } else if (oid == Oid.Ed25519) {
    // RFC 8410 §3: the parameters MUST be absent.
  } else {
    // Another algorithm: its parameters are its own business, but they must be DER.
    while (!alg.atEnd) if (!alg.skipAny()) return null;
    key.unsupported = "public key algorithm " + oidLabel(oidBytes, 0, oidBytes.length);
  }
  if (!alg.finish("AlgorithmIdentifier")) return null;
  const bits = r.readBitString(false);
  if (bits === null || !r.finish("SubjectPublicKeyInfo")) return null;
  if (oid == Oid.RsaEncryption || oid == Oid.RsassaPss) return readRsa(r, bits, key, oid == Oid.RsassaPss) ? key : null;
  if (oid == Oid.EcPublicKey) return readPoint(r, bits, key) ? key : null;
  if (oid == Oid.Ed25519) {
    if (bits.length != ED25519_PUBLIC_KEY_BYTES) {
      r.fail("Ed25519 key not 32 bytes");
      return null;
    }
    key.kind = KeyKind.Ed25519;
    key.bits = 255;
    key.x = bits;
  }
  return key;
}

// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } inside the BIT STRING. bits is a view of
// outer.data (readBitString), so the key is read in place and problems keep certificate offsets.
function readRsa(outer: DerReader, bits: Uint8Array, key: PublicKeyInfo, pss: bool): bool {
  const from = <i32>(bits.dataStart - outer.data.dataStart);
  const whole = new DerReader(outer.data, from, from + bits.length, outer.depth + 1, outer.problem);
  const r = whole.enter(Tag.Sequence);
  if (r === null || !whole.finish("the RSA key")) return false;
  const n = r.readUnsigned();
  if (n === null) return false;
  const e = r.readUnsigned();
  if (e === null || !r.finish("RSAPublicKey")) return false;
  if (n.length == 0 || e.length == 0) return r.fail("RSA modulus or exponent zero");
  key.n = n;
  key.e = e;
  key.bits = (n.length - 1) * 8 + (32 - clz<i32>(<i32>unchecked(n[0]))); // n.length > 0
  if (key.bits < RSA_MIN_BITS || key.bits > RSA_MAX_BITS) {
    key.unsupported = "RSA " + key.bits.toString() + "-bit key (" + RSA_MIN_BITS.toString() + " to " +
      RSA_MAX_BITS.toString() + " bits supported)";
    return true;
  }
  if (key.unsupported.length > 0) return true; // PSS restrictions crypto/rsa.ts cannot meet
  key.kind = pss ? KeyKind.RsaPss : KeyKind.Rsa;
  return true;
}

// RFC 4055 §1.2: parameters absent (no restriction) or RSASSA-PSS-params (restrictions).
function readPssKeyParams(alg: DerReader, key: PublicKeyInfo): bool {
  const p = new PssParams();
  if (alg.atEnd) {
    p.hash = 0;
  } else {
    const params = alg.enter(Tag.Sequence);
    if (params === null || !parsePssParams(params, p)) return false;
    key.unsupported = pssKeyProblem(p);
  }
  key.pss = p;
  return true;
}

// RFC 5480 §2.1.1: the parameters are ECParameters ::= CHOICE { namedCurve OID, implicitCurve NULL,
// specifiedCurve SEQUENCE }; only namedCurve is allowed, and the other two, which it forbids, make the key
// unsupported rather than the certificate malformed.
function readCurve(alg: DerReader, key: PublicKeyInfo): bool {
  const tag = alg.peek();
  if (tag == Tag.Null || tag == Tag.Sequence) {
    key.unsupported = "EC key without a named curve";
    return alg.skipAny();
  }
  if (!alg.readOid()) return false;
  const curve = oidAt(alg.data, alg.contentStart, alg.contentLength);
  if (curve == Oid.P256) key.bits = 256;
  else if (curve == Oid.P384) key.bits = 384;
  else if (curve == Oid.P521) key.bits = 521;
  else key.unsupported = "EC key on curve " + oidText(alg.data, alg.contentStart, alg.contentLength);
  return true;
}

// SEC 1 §2.3.3: the ECPoint in the BIT STRING, 0x04 || x || y; compressed points (0x02, 0x03) are not supported.
// The point must be on the curve (SEC 1 §3.2.2.1), checked now as Go and OpenSSL do when they parse: it costs a
// few field operations, and the key built for the check is kept for the signatures it will verify.
function readPoint(r: DerReader, bits: Uint8Array, key: PublicKeyInfo): bool {
  if (key.bits == 0) return true; // unsupported curve, reason set
  const size = (key.bits + 7) >> 3;
  if (bits.length > 0 && (unchecked(bits[0]) == 2 || unchecked(bits[0]) == 3)) {
    key.unsupported = "compressed EC point";
    return true;
  }
  if (bits.length != 1 + 2 * size || unchecked(bits[0]) != 4) return r.fail("EC point not in uncompressed form");
  key.kind = KeyKind.Ec;
  key.x = bits.subarray(1, 1 + size);
  key.y = bits.subarray(1 + size);
  return key.ecKey() !== null || r.fail("EC point not on the curve");
}
