// Server authentication with assembly/x509: the chain to a trust anchor, validity and host name (verifyServerChain),
// then CertificateVerify with the leaf's key. With verification skipped (tlsSkipVerify) the leaf is still parsed
// and its key still checks the signature, so the handshake itself stays sound; only the identity goes unchecked.

import { Certificate } from "../x509/certificate";
import { X509Err, X509Status } from "../x509/errors";
import { verifyTls13Signature } from "../x509/tls13";
import { TrustStore } from "../x509/trust_store";
import { verifyServerChain } from "../x509/verify";
import { AlertDescription } from "./alerts";
import { TlsStatus } from "./status";
import { PeerVerifier } from "./verifier";

/**
 * X509Verifier checks the server's chain against `trust` for `host` at `nowSeconds`, or, when trust is null
 * (verification skipped), only parses the leaf. The X.509 detail becomes the handshake's detail, such as
 * "certificate for idp.example.com expired 2026-01-01T00:00:00Z".
 */
export class X509Verifier extends PeerVerifier {
  private leaf: Certificate | null = null;

  constructor(private trust: TrustStore | null, private host: string, private nowSeconds: i64) {
    super();
  }

  checkChain(chain: Array<Uint8Array>, status: TlsStatus): bool {
    const x = new X509Status();
    const trust = this.trust;
    const leaf = trust !== null
      ? verifyServerChain(chain, trust, this.host, this.nowSeconds, x)
      : Certificate.parse(chain[0], x); // parseCertificate guarantees a non-empty chain
    if (leaf === null) return status.fail(alertFor(x.err), x.detail);
    this.leaf = leaf;
    return true;
  }

  checkSignature(scheme: u16, content: Uint8Array, signature: Uint8Array): bool {
    const leaf = this.leaf;
    return leaf !== null && verifyTls13Signature(leaf, scheme, content, signature);
  }
}

// RFC 8446 §6.2: the alert that names the kind of certificate problem.
function alertFor(e: X509Err): i32 {
  switch (e) {
    case X509Err.Expired: case X509Err.NotYetValid: return AlertDescription.CertificateExpired;
    case X509Err.UnknownCa: case X509Err.SelfSigned: return AlertDescription.UnknownCa;
    case X509Err.Unsupported: case X509Err.UnsupportedCriticalExtension: return AlertDescription.UnsupportedCertificate;
  }
  return AlertDescription.BadCertificate;
}
