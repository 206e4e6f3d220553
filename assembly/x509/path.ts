// Path building (RFC 4158 in miniature): from the server's certificate, issuer by issuer, to a trust anchor. The
// server's list may be out of order and hold extras, so candidates are found by name: anchors first (a path that
// ends sooner is better), then the server's other certificates, those whose subjectKeyIdentifier matches the
// authorityKeyIdentifier tried first. Every signature is checked (or found among the store's verified links)
// before a candidate is followed, and a complete path must then pass checks.ts; otherwise the search backtracks.
// Depth and signature checks are bounded, so a list built to make the search branch costs at most
// MAX_SIGNATURE_CHECKS verifications.

import { Certificate, sameBytes } from "./certificate";
import { checkPath } from "./checks";
import { X509Err, X509Status } from "./errors";
import { checkSignature, SigCheck } from "./signature";
import { TrustStore } from "./trust_store";

/** MAX_PATH_CERTIFICATES bounds a path, the server's certificate and the anchor included. */
export const MAX_PATH_CERTIFICATES: i32 = 8;
/** MAX_SIGNATURE_CHECKS bounds the signatures one search verifies; an honest chain needs one per link. */
export const MAX_SIGNATURE_CHECKS: i32 = 16;

/**
 * PathBuilder searches for a path from certs[0] to an anchor of store that passes checkPath at now. After
 * build() returns false, report() explains the most useful failure seen.
 */
export class PathBuilder {
  /** path is the path found (certs[0] first, the anchor last) once build() returned true. */
  readonly path: Array<Certificate> = new Array<Certificate>();
  private signatureChecks: i32 = 0;
  // What went wrong, in the order report() prefers: a complete path that failed its checks, a signature that did
  // not verify, the search running out of depth or checks, and the highest certificate no issuer was found for.
  private checkFailure: X509Status | null = null;
  private signatureFailure: X509Status | null = null;
  private limitFailure: string = "";
  private deadEnd: Certificate | null = null;
  private deadEndDepth: i32 = -1;

  constructor(readonly certs: Array<Certificate>, readonly store: TrustStore, readonly now: i64) {}

  /** build searches for a path; true when path holds one that passes every check. */
  build(): bool {
    if (this.certs.length == 0) return false;
    this.path.push(this.certs[0]);
    return this.extend();
  }

  /** report sets status to the reason build() failed. */
  report(status: X509Status): void {
    const checked = this.checkFailure, signature = this.signatureFailure, top = this.deadEnd;
    if (checked !== null) status.copyFrom(checked);
    else if (signature !== null) status.copyFrom(signature);
    else if (this.limitFailure.length > 0) status.fail(X509Err.UnknownCa, this.limitFailure);
    else if (top === null) status.fail(X509Err.UnknownCa, "unknown CA");
    else if (top.selfIssued) {
      status.fail(X509Err.SelfSigned, "self-signed certificate " + top.subjectText + " is not trusted");
    } else {
      status.fail(X509Err.UnknownCa, "unknown CA: no trusted issuer for " + top.subjectText + " (issuer " +
        top.issuerText + ")");
    }
  }

  // Extends the path from its last certificate; on false, the path is as it was.
  private extend(): bool {
    const depth = this.path.length;
    const c = this.path[depth - 1];
    const anchor = this.store.anchorFor(c);
    if (anchor !== null) {
      // The certificate is itself trusted: the path ends at the store's copy, which is what was configured.
      this.path[depth - 1] = anchor;
      if (this.complete()) return true;
      this.path[depth - 1] = c;
      return false;
    }
    if (depth >= MAX_PATH_CERTIFICATES) {
      this.limitFailure = "unknown CA: no trust anchor within " + MAX_PATH_CERTIFICATES.toString() + " certificates";
      return false;
    }
    const anchors = this.store.issuersOf(c);
    for (let i = 0; i < anchors.length; i++) if (this.follow(c, anchors[i], true)) return true;
    const others = this.candidates(c);
    for (let i = 0; i < others.length; i++) if (this.follow(c, others[i], false)) return true;
    if (anchors.length == 0 && others.length == 0 && depth > this.deadEndDepth) {
      this.deadEnd = c;
      this.deadEndDepth = depth;
    }
    return false;
  }

  // Follows issuer as the next link after child, if its signature on child verifies.
  private follow(child: Certificate, issuer: Certificate, isAnchor: bool): bool {
    if (!this.verifies(child, issuer)) return false;
    this.path.push(issuer);
    const ok = isAnchor ? this.complete() : this.extend();
    if (!ok) this.path.pop();
    return ok;
  }

  // The server's certificates named as child's issuer and not yet in the path, key-identifier matches first.
  private candidates(child: Certificate): Array<Certificate> {
    const preferred = new Array<Certificate>(), rest = new Array<Certificate>();
    const aki = child.extensions.authorityKeyId;
    for (let i = 1; i < this.certs.length; i++) {
      const s = this.certs[i];
      if (!sameBytes(s.subject, child.issuer) || this.inPath(s)) continue;
      const ski = s.extensions.subjectKeyId;
      if (aki !== null && ski !== null && sameBytes(aki, ski)) preferred.push(s);
      else rest.push(s);
    }
    return preferred.concat(rest);
  }

  private inPath(c: Certificate): bool {
    for (let i = 0; i < this.path.length; i++) if (this.path[i] === c) return true;
    return false;
  }

  private complete(): bool {
    const status = new X509Status();
    if (checkPath(this.path, this.now, status)) return true;
    if (this.checkFailure === null) this.checkFailure = status;
    return false;
  }

  // Checks issuer's signature on child, remembering the first failure and why.
  private verifies(child: Certificate, issuer: Certificate): bool {
    if (this.signatureChecks >= MAX_SIGNATURE_CHECKS) {
      this.limitFailure = "unknown CA: gave up after " + MAX_SIGNATURE_CHECKS.toString() + " signature checks";
      return false;
    }
    this.signatureChecks++;
    const links = this.store.links;
    if (links.has(child.der, issuer.spki)) return true;
    const alg = child.signatureAlgorithm, key = issuer.publicKey;
    const result = checkSignature(key, alg.scheme, alg.hash, child.tbs, child.signature);
    if (result == SigCheck.Ok) {
      links.add(child.der, issuer.spki);
      return true;
    }
    if (this.signatureFailure !== null) return false;
    const status = new X509Status();
    const signed = "certificate for " + child.label;
    if (result == SigCheck.Bad) {
      status.fail(X509Err.BadSignature, "bad signature on the " + signed + " by " + issuer.subjectText);
    } else if (result == SigCheck.Unsupported) {
      status.fail(X509Err.Unsupported, "the " + signed + " is signed with " + alg.name + ", which is not supported");
    } else if (result == SigCheck.Mismatch) {
      status.fail(X509Err.BadSignature, "the " + signed + " is signed with " + alg.name + " but the key of " +
        issuer.subjectText + " is " + key.description);
    } else {
      const what = key.unsupported.length > 0 ? key.unsupported : "an invalid " + key.description + " key";
      status.fail(X509Err.Unsupported, "the key of " + issuer.subjectText + " cannot be used: " + what);
    }
    this.signatureFailure = status;
    return false;
  }
}
