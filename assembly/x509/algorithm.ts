// Signature AlgorithmIdentifiers (RFC 5280 §4.1.1.2) as one table: each recognised OID names its scheme and hash,
// so the verifier switches on SigScheme, never on OIDs. Algorithms outside the table (SHA-1, MD5, DSA, Ed448) parse
// as Unsupported and fail only if a signature made with them has to be checked.

import { DerReader, EMPTY, Tag } from "./der";
import { Oid, oidAt, oidLabel } from "./oid";
import { parsePssParams, PssParams, pssSignatureProblem, hashName } from "./pss";

/** SigScheme is how a signature is checked. */
export const enum SigScheme { Unsupported = 0, RsaPkcs1 = 1, RsaPss = 2, Ecdsa = 3, Ed25519 = 4 }

/**
 * SignatureAlgorithm is a parsed signature AlgorithmIdentifier: the scheme and the SHA-2 size it hashes with (0
 * for Ed25519, which hashes internally). Its name for messages is made only when asked for.
 */
export class SignatureAlgorithm {
  scheme: SigScheme = SigScheme.Unsupported;
  hash: i32 = 0;
  /** oid and oidBytes identify the algorithm; pssProblem says why RSASSA-PSS parameters are not supported. */
  oid: Oid = Oid.Unknown;
  oidBytes: Uint8Array = EMPTY;
  pssProblem: string = "";

  /** name is "sha256WithRSAEncryption", "RSASSA-PSS with SHA-384", or what is unsupported: "RSASSA-PSS with SHA-1". */
  get name(): string {
    if (this.scheme == SigScheme.RsaPss) return "RSASSA-PSS with " + hashName(this.hash);
    if (this.pssProblem.length > 0) return this.pssProblem;
    return oidLabel(this.oidBytes, 0, this.oidBytes.length);
  }
}

class SigEntry {
  constructor(readonly oid: Oid, readonly scheme: SigScheme, readonly hash: i32) {}
}

// RFC 4055 §5 (PKCS #1 v1.5), RFC 5758 §3.2 (ECDSA), RFC 8410 §3 (Ed25519). RSASSA-PSS takes its hash from
// its parameters and is handled apart.
const TABLE: Array<SigEntry> = [
  new SigEntry(Oid.Sha256WithRsa, SigScheme.RsaPkcs1, 256),
  new SigEntry(Oid.Sha384WithRsa, SigScheme.RsaPkcs1, 384),
  new SigEntry(Oid.Sha512WithRsa, SigScheme.RsaPkcs1, 512),
  new SigEntry(Oid.EcdsaSha256, SigScheme.Ecdsa, 256),
  new SigEntry(Oid.EcdsaSha384, SigScheme.Ecdsa, 384),
  new SigEntry(Oid.EcdsaSha512, SigScheme.Ecdsa, 512),
  new SigEntry(Oid.Ed25519, SigScheme.Ed25519, 0),
];

/**
 * readSignatureAlgorithm reads an AlgorithmIdentifier SEQUENCE from r. Null (problem on r) when the DER is
 * malformed or the parameters break the algorithm's RFC: PKCS #1 v1.5 takes NULL (or, as many encoders write it,
 * nothing), ECDSA and Ed25519 take none, RSASSA-PSS takes RSASSA-PSS-params.
 */
export function readSignatureAlgorithm(r: DerReader): SignatureAlgorithm | null {
  const alg = r.enter(Tag.Sequence);
  if (alg === null || !alg.readOid()) return null;
  const oid = oidAt(alg.data, alg.contentStart, alg.contentLength);
  const out = new SignatureAlgorithm();
  out.oid = oid;
  out.oidBytes = alg.content();
  if (oid == Oid.RsassaPss) return readPss(alg, out) ? out : null;
  const entry = find(oid);
  if (entry === null) {
    while (!alg.atEnd) if (!alg.skipAny()) return null; // parameters of an algorithm we do not check, but DER
  } else {
    out.scheme = entry.scheme;
    out.hash = entry.hash;
    const nullAllowed = entry.scheme == SigScheme.RsaPkcs1;
    if (nullAllowed && alg.peek() == Tag.Null && !alg.readNull()) return null;
  }
  return alg.finish("signature AlgorithmIdentifier") ? out : null;
}

// RFC 4055 §3.1: the parameters are required in a signature AlgorithmIdentifier (absent would mean SHA-1).
function readPss(alg: DerReader, out: SignatureAlgorithm): bool {
  const p = new PssParams();
  if (!alg.atEnd) {
    const params = alg.enter(Tag.Sequence);
    if (params === null || !parsePssParams(params, p)) return false;
  }
  if (!alg.finish("signature AlgorithmIdentifier")) return false;
  out.pssProblem = pssSignatureProblem(p);
  if (out.pssProblem.length > 0) return true;
  out.scheme = SigScheme.RsaPss;
  out.hash = p.hash;
  return true;
}

function find(oid: Oid): SigEntry | null {
  for (let i = 0; i < TABLE.length; i++) {
    const e = unchecked(TABLE[i]); // i < TABLE.length
    if (e.oid == oid) return e;
  }
  return null;
}
