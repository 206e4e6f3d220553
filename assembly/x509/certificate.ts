// X.509 v1-v3 certificates (RFC 5280 §4.1), parsed in one strict pass: DER as der.ts reads it, every field's
// syntax, the two signature AlgorithmIdentifiers equal, nothing after the certificate. Names are kept as DER and
// printed only when a message needs them; RSA and Ed25519 keys are built only when a signature is checked (spki.ts).

import { contextTag, DerProblem, DerReader, derReader, EMPTY, Tag } from "./der";
import { X509Err, X509Status, x509Fail } from "./errors";
import { readSignatureAlgorithm, SignatureAlgorithm } from "./algorithm";
import { parsePublicKeyInfo, PublicKeyInfo } from "./spki";
import { CertExtensions, readExtensions } from "./extensions";
import { checkName, commonName, displayText, nameToString } from "./name";
import { parseTime, TIME_INVALID } from "./time";
import { ipText } from "./hostname";

/** MAX_CERTIFICATE_BYTES bounds one certificate; real ones, long SAN lists included, stay well below. */
export const MAX_CERTIFICATE_BYTES: i32 = 64 * 1024;

/**
 * Certificate is a parsed certificate. Byte fields are views into `der`, the certificate's own copy of its bytes.
 * Every field is set by Certificate.parse and never changed afterwards.
 */
export class Certificate {
  /** der is the whole certificate; tbs the signed part (tbsCertificate, tag and length included). */
  der: Uint8Array = EMPTY;
  tbs: Uint8Array = EMPTY;
  /** version is 1, 2 or 3. */
  version: i32 = 1;
  /** serial is the serialNumber INTEGER's content octets, sign byte included, as written. */
  serial: Uint8Array = EMPTY;
  /** signatureAlgorithm is what the issuer signed with (parse sets it, and publicKey, before returning). */
  signatureAlgorithm!: SignatureAlgorithm;
  /** signature is the signatureValue BIT STRING's bits. */
  signature: Uint8Array = EMPTY;
  /** issuer and subject are the Names' DER (SEQUENCE tag and length included): chains match them byte for byte. */
  issuer: Uint8Array = EMPTY;
  subject: Uint8Array = EMPTY;
  /** notBefore and notAfter are Unix seconds; the certificate is valid from the first to the second, inclusive. */
  notBefore: i64 = 0;
  notAfter: i64 = 0;
  /** spki is the SubjectPublicKeyInfo's DER; publicKey what it says. */
  spki: Uint8Array = EMPTY;
  publicKey!: PublicKeyInfo;
  /** extensions is what the v3 extensions say (defaults for v1 and v2). */
  extensions: CertExtensions = new CertExtensions();
  private subjectCache: string | null = null;
  private labelCache: string | null = null;

  /**
   * parse parses one DER certificate. It copies der first, so the caller may reuse its buffer. It returns null
   * with status Malformed ("malformed certificate: validity: ... at byte 180") or TooLarge (above
   * MAX_CERTIFICATE_BYTES). A certificate with an unsupported key, signature algorithm or critical extension
   * still parses: those fail only where the certificate is used.
   */
  static parse(der: Uint8Array, status: X509Status): Certificate | null {
    status.reset();
    if (der.length > MAX_CERTIFICATE_BYTES) {
      return x509Fail<Certificate>(status, X509Err.TooLarge, "certificate of " + der.length.toString() +
        " bytes, above the limit of " + MAX_CERTIFICATE_BYTES.toString());
    }
    const c = new Certificate();
    c.der = der.slice();
    const step = new Step();
    const problem = new DerProblem();
    if (readCertificate(derReader(c.der, problem), c, step)) return c;
    const why = problem.found ? problem.toString() : step.problem;
    return x509Fail<Certificate>(status, X509Err.Malformed, "malformed certificate: " + step.field + ": " + why);
  }

  /** subjectText and issuerText are the Names in RFC 4514 order, escaped: "CN=Example Intermediate,O=Example". */
  get subjectText(): string {
    let s = this.subjectCache;
    if (s === null) this.subjectCache = s = nameToString(this.subject);
    return s;
  }

  get issuerText(): string {
    return nameToString(this.issuer);
  }

  /**
   * label names the certificate in messages: its subject's CN, else its first dNSName, else its first iPAddress,
   * else its whole subject.
   */
  get label(): string {
    let s = this.labelCache;
    if (s !== null) return s;
    s = commonName(this.subject);
    const alt = this.extensions.altNames;
    if (s.length == 0 && alt.dns.length > 0) s = displayText(alt.dns[0]);
    if (s.length == 0 && alt.ip.length > 0) s = ipText(alt.ip[0]);
    if (s.length == 0) s = this.subjectText;
    this.labelCache = s;
    return s;
  }

  /** selfIssued: issuer and subject are the same name (RFC 5280 §6.1: a CA's certificate for itself). */
  get selfIssued(): bool {
    return sameBytes(this.issuer, this.subject);
  }

  /** sameSubjectAndKey: other has this subject and this public key, which is how a trust anchor is matched. */
  sameSubjectAndKey(other: Certificate): bool {
    return sameBytes(this.subject, other.subject) && sameBytes(this.spki, other.spki);
  }
}

/** sameBytes compares two byte arrays; certificate contents are public, so an early exit is fine. */
export function sameBytes(a: Uint8Array, b: Uint8Array): bool {
  return a.length == b.length && memory.compare(a.dataStart, b.dataStart, <usize>a.length) == 0;
}

// Which field is being read, for the message, and a reason for failures that are not DER problems.
class Step {
  field: string = "Certificate";
  problem: string = "";

  at(field: string): bool {
    this.field = field;
    return true;
  }

  fail(problem: string): bool {
    this.problem = problem;
    return false;
  }
}

// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } and nothing after.
function readCertificate(top: DerReader, c: Certificate, step: Step): bool {
  const cert = top.enter(Tag.Sequence);
  if (cert === null || !top.finish("Certificate")) return false;
  if (!step.at("tbsCertificate") || !cert.read(Tag.Sequence)) return false;
  c.tbs = cert.element();
  const tbs = cert.inside();
  if (tbs === null) return false;
  const inner = readTbs(tbs, c, step);
  if (inner === null) return false;
  step.at("signatureAlgorithm");
  const alg = readSignatureAlgorithm(cert);
  if (alg === null) return false;
  // §4.1.1.2: signatureAlgorithm MUST hold the same algorithm identifier as tbsCertificate's signature field.
  if (!sameBytes(cert.element(), inner)) return step.fail("differs from the signature field of tbsCertificate");
  c.signatureAlgorithm = alg;
  if (!step.at("signatureValue")) return false;
  const sig = cert.readBitString(false);
  if (sig === null) return false;
  c.signature = sig;
  return cert.finish("Certificate");
}

// TBSCertificate (§4.1.2), in order; returns the DER of its signature AlgorithmIdentifier, or null.
function readTbs(tbs: DerReader, c: Certificate, step: Step): Uint8Array | null {
  step.at("version");
  if (tbs.peek() == contextTag(0, true)) {
    const v = tbs.enter(contextTag(0, true));
    if (v === null) return null;
    const n = v.readSmall(2);
    if (n < 0 || !v.finish("version")) return null;
    c.version = n + 1;
  }
  step.at("serialNumber");
  if (!tbs.readInteger()) return null;
  c.serial = tbs.content();
  step.at("signature");
  if (readSignatureAlgorithm(tbs) === null) return null;
  const algorithm = tbs.element();
  if (!step.at("issuer") || !readName(tbs)) return null;
  c.issuer = tbs.element();
  if (!step.at("validity") || !readValidity(tbs, c)) return null;
  if (!step.at("subject") || !readName(tbs)) return null;
  c.subject = tbs.element();
  step.at("subjectPublicKeyInfo");
  if (!tbs.read(Tag.Sequence)) return null;
  c.spki = tbs.element();
  const spki = tbs.inside();
  if (spki === null) return null;
  const key = parsePublicKeyInfo(spki);
  if (key === null) return null;
  c.publicKey = key;
  return readTail(tbs, c, step) ? algorithm : null;
}

// issuerUniqueID [1], subjectUniqueID [2] (IMPLICIT BIT STRINGs, v2 and v3 only) and extensions [3] (v3 only),
// then the end.
function readTail(tbs: DerReader, c: Certificate, step: Step): bool {
  step.at("uniqueIdentifiers");
  for (let n = 1; n <= 2; n++) {
    if (tbs.peek() != contextTag(n, false)) continue;
    if (c.version < 2) return step.fail("unique identifier in a v1 certificate");
    if (tbs.readBitString(true, contextTag(n, false)) === null) return false;
  }
  step.at("extensions");
  if (tbs.peek() == contextTag(3, true)) {
    if (c.version != 3) return step.fail("extensions in a v" + c.version.toString() + " certificate");
    const ext = tbs.enter(contextTag(3, true));
    if (ext === null || !readExtensions(ext, c.extensions)) return false;
  }
  return tbs.finish("tbsCertificate");
}

function readName(r: DerReader): bool {
  if (!r.read(Tag.Sequence)) return false;
  const inner = r.inside();
  return inner !== null && checkName(inner);
}

// Validity ::= SEQUENCE { notBefore Time, notAfter Time }, Time ::= CHOICE { UTCTime, GeneralizedTime }.
function readValidity(tbs: DerReader, c: Certificate): bool {
  const v = tbs.enter(Tag.Sequence);
  if (v === null) return false;
  for (let i = 0; i < 2; i++) {
    if (!v.next()) return false;
    const t = parseTime(v.data, v.contentStart, v.contentLength, v.tag);
    if (t == TIME_INVALID) return v.failAt(v.elementStart, "not a UTCTime or GeneralizedTime of RFC 5280's form");
    if (i == 0) c.notBefore = t;
    else c.notAfter = t;
  }
  return v.finish("validity");
}
