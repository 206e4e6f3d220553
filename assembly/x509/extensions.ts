// Certificate extensions (RFC 5280 §4.2): the seven this layer acts on are parsed strictly; any other extension is
// skipped unless critical, in which case its OID is kept and the certificate is refused wherever it is used (§4.2:
// "A certificate-using system MUST reject the certificate if it encounters a critical extension it does not
// recognize").

import { DerProblem, DerReader, EMPTY, Tag } from "./der";
import { Oid, oidAt, oidLabel, oidText } from "./oid";
import { GeneralNames, NameConstraints, readGeneralNames, readNameConstraints } from "./general_names";

/** keyUsage bits (§4.2.1.3), as bit n of CertExtensions.keyUsage for KeyUsage bit n. */
export const KU_DIGITAL_SIGNATURE: i32 = 1 << 0;
export const KU_KEY_CERT_SIGN: i32 = 1 << 5;

/** CertExtensions holds what the parsed extensions say; absent extensions leave the defaults. */
export class CertExtensions {
  /** basicConstraints (§4.2.1.9): present, cA, and pathLenConstraint (-1 when absent). */
  hasBasicConstraints: bool = false;
  isCa: bool = false;
  pathLen: i32 = -1;
  /** keyUsage bits, -1 when the extension is absent. */
  keyUsage: i32 = -1;
  /** extKeyUsage (§4.2.1.12): present, and whether it holds serverAuth or anyExtendedKeyUsage. */
  hasExtKeyUsage: bool = false;
  serverAuth: bool = false;
  anyPurpose: bool = false;
  /** extKeyUsage is the extension's SEQUENCE content, kept for extKeyUsageText. */
  extKeyUsage: Uint8Array = EMPTY;
  /** subjectAltName's dNSName and iPAddress entries (empty when absent). */
  altNames: GeneralNames = new GeneralNames();
  nameConstraints: NameConstraints | null = null;
  /** authorityKeyIdentifier's keyIdentifier and subjectKeyIdentifier, null when absent. */
  authorityKeyId: Uint8Array | null = null;
  subjectKeyId: Uint8Array | null = null;
  /** unsupportedCritical is the dotted OID of the first critical extension not understood, "" if none. */
  unsupportedCritical: string = "";
}

/**
 * readExtensions reads Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension from r (the content of tbsCertificate's
 * [3]) into out. False (problem on r) for malformed DER, a malformed known extension, or one that appears twice
 * (§4.2: "A certificate MUST NOT include more than one instance of a particular extension").
 */
export function readExtensions(r: DerReader, out: CertExtensions): bool {
  const seq = r.enter(Tag.Sequence);
  if (seq === null || !r.finish("extensions")) return false;
  if (seq.atEnd) return seq.fail("empty extensions");
  let seen: u64 = 0;
  while (!seq.atEnd) {
    const ext = seq.enter(Tag.Sequence);
    if (ext === null || !ext.readOid()) return false;
    const oidStart = ext.contentStart, oidLen = ext.contentLength;
    const oid = oidAt(ext.data, oidStart, oidLen);
    let critical = 0;
    if (ext.peek() == Tag.Boolean) critical = ext.readBool();
    if (critical < 0 || !ext.read(Tag.OctetString)) return false;
    const value = ext.inside();
    if (value === null || !ext.finish("Extension")) return false;
    if (oid != Oid.Unknown) {
      const bit: u64 = <u64>1 << <u64>(<i32>oid);
      if ((seen & bit) != 0) {
        return ext.failAt(ext.elementStart, "extension " + oidText(ext.data, oidStart, oidLen) + " twice");
      }
      seen |= bit;
    }
    if (!readOne(oid, value, critical == 1, out)) return false;
    if (oid == Oid.Unknown && critical == 1 && out.unsupportedCritical.length == 0) {
      out.unsupportedCritical = oidText(ext.data, oidStart, oidLen);
    }
  }
  return true;
}

// Reads one extension's value; extensions this layer does not act on are accepted as they are.
function readOne(oid: Oid, r: DerReader, critical: bool, out: CertExtensions): bool {
  switch (oid) {
    case Oid.BasicConstraints: return readBasicConstraints(r, out);
    case Oid.KeyUsage: return readKeyUsage(r, out);
    case Oid.ExtKeyUsage: return readExtKeyUsage(r, out);
    case Oid.SubjectAltName: return readGeneralNames(r, out.altNames);
    case Oid.NameConstraints: {
      out.nameConstraints = readNameConstraints(r, critical);
      return out.nameConstraints !== null;
    }
    case Oid.AuthorityKeyId: return readAuthorityKeyId(r, out);
    case Oid.SubjectKeyId: {
      if (!r.read(Tag.OctetString)) return false;
      out.subjectKeyId = r.content();
      return r.finish("subjectKeyIdentifier");
    }
  }
  return true;
}

// BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }.
function readBasicConstraints(r: DerReader, out: CertExtensions): bool {
  const seq = r.enter(Tag.Sequence);
  if (seq === null || !r.finish("basicConstraints")) return false;
  out.hasBasicConstraints = true;
  if (seq.peek() == Tag.Boolean) {
    const ca = seq.readBool();
    if (ca < 0) return false;
    out.isCa = ca == 1;
  }
  if (seq.peek() == Tag.Integer) {
    // A pathLenConstraint beyond i32 constrains nothing a path of at most 8 certificates could reach.
    out.pathLen = seq.readSmall(i32.MAX_VALUE);
    if (out.pathLen < 0) return false;
  }
  return seq.finish("basicConstraints");
}

// KeyUsage ::= BIT STRING, bit 0 (digitalSignature) first; bits 0-8 are defined, later ones are ignored.
function readKeyUsage(r: DerReader, out: CertExtensions): bool {
  const bits = r.readBitString(true);
  if (bits === null || !r.finish("keyUsage")) return false;
  let v = 0;
  for (let i = 0; i < min(bits.length, 2); i++) {
    const b = <i32>unchecked(bits[i]); // i < bits.length
    for (let j = 0; j < 8; j++) if ((b & (0x80 >> j)) != 0) v |= 1 << (i * 8 + j);
  }
  out.keyUsage = v;
  return true;
}

// ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (OBJECT IDENTIFIER).
function readExtKeyUsage(r: DerReader, out: CertExtensions): bool {
  const seq = r.enter(Tag.Sequence);
  if (seq === null || !r.finish("extKeyUsage")) return false;
  if (seq.atEnd) return seq.fail("empty extKeyUsage");
  out.hasExtKeyUsage = true;
  out.extKeyUsage = r.content();
  while (!seq.atEnd) {
    if (!seq.readOid()) return false;
    const oid = oidAt(seq.data, seq.contentStart, seq.contentLength);
    if (oid == Oid.ServerAuth) out.serverAuth = true;
    if (oid == Oid.AnyExtendedKeyUsage) out.anyPurpose = true;
  }
  return true;
}

/** extKeyUsageText lists the purposes of a parsed extKeyUsage for messages: "clientAuth, 1.2.3.4". */
export function extKeyUsageText(ext: CertExtensions): string {
  const r = new DerReader(ext.extKeyUsage, 0, ext.extKeyUsage.length, 0, new DerProblem());
  let out = "";
  while (r.readOid()) {
    const oid = oidAt(r.data, r.contentStart, r.contentLength);
    out += (out.length > 0 ? ", " : "") + oidLabel(r.data, r.contentStart, r.contentLength);
  }
  return out;
}

// AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] OPTIONAL, authorityCertIssuer [1] OPTIONAL,
// authorityCertSerialNumber [2] OPTIONAL }; only the keyIdentifier is used, as a hint for chain building.
function readAuthorityKeyId(r: DerReader, out: CertExtensions): bool {
  const seq = r.enter(Tag.Sequence);
  if (seq === null || !r.finish("authorityKeyIdentifier")) return false;
  if (seq.peek() == 0x80) {
    if (!seq.next()) return false;
    out.authorityKeyId = seq.content();
  }
  if (seq.peek() == 0xa1 && !seq.next()) return false;
  if (seq.peek() == 0x82 && !seq.next()) return false;
  return seq.finish("authorityKeyIdentifier");
}
