// The TLS client's certificate check: the server's certificate_list (RFC 8446 §4.4.2) against the trust anchors,
// the clock and the host it connected to. Order: limits, every certificate parsed, the host name itself, then a
// path to an anchor with all of checks.ts, and last the host against the server's certificate.

import { Certificate } from "./certificate";
import { X509Err, X509Status, x509Fail } from "./errors";
import { hostTarget, ipText, matchesHost } from "./hostname";
import { displayText } from "./name";
import { PathBuilder } from "./path";
import { TrustStore } from "./trust_store";

/** MAX_CHAIN_CERTIFICATES bounds the server's list; servers send 2 to 4, with an occasional extra. */
export const MAX_CHAIN_CERTIFICATES: i32 = 16;
// Names listed in a mismatch message before "and N more".
const MAX_LISTED_NAMES: i32 = 8;

/**
 * verifyServerChain checks the server's certificate_list (DER, leaf first; the rest in any order, extras allowed)
 * for host at nowSeconds and returns the leaf, or null with status.err/detail set. It finds a path from the leaf
 * to an anchor of `anchors` (matched by subject and key, self-signed or not) of at most 8 certificates whose
 * signatures verify, whose certificates are all within their validity, whose issuers are CAs allowed to sign
 * certificates within their pathLenConstraint and nameConstraints, and whose extKeyUsage, where present, allows
 * serverAuth; then matches host (a DNS name or an IP literal) against the leaf's subjectAltName. Revocation is
 * not checked.
 */
export function verifyServerChain(chain: Array<Uint8Array>, anchors: TrustStore, host: string, nowSeconds: i64,
                                  status: X509Status): Certificate | null {
  status.reset();
  if (chain.length == 0) return x509Fail<Certificate>(status, X509Err.NoCertificates, "the server sent no certificate");
  if (chain.length > MAX_CHAIN_CERTIFICATES) {
    return x509Fail<Certificate>(status, X509Err.TooLarge, "the server sent " + chain.length.toString() +
      " certificates, more than " + MAX_CHAIN_CERTIFICATES.toString());
  }
  const certs = new Array<Certificate>();
  for (let i = 0; i < chain.length; i++) {
    const c = Certificate.parse(chain[i], status);
    if (c === null) {
      const which = i == 0 ? "the server's certificate" : "certificate " + (i + 1).toString() + " of the server's list";
      status.detail = which + ": " + status.detail;
      return null;
    }
    certs.push(c);
  }
  const target = hostTarget(host);
  if (target.problem.length > 0) {
    return x509Fail<Certificate>(status, X509Err.HostnameMismatch, "cannot match host " + displayText(host) + ": " +
      target.problem);
  }
  const builder = new PathBuilder(certs, anchors, nowSeconds);
  if (!builder.build()) {
    builder.report(status);
    return null;
  }
  const leaf = certs[0];
  if (!matchesHost(leaf.extensions.altNames, target)) {
    return x509Fail<Certificate>(status, X509Err.HostnameMismatch, "certificate for " + leaf.label +
      " does not match host " + displayText(host) + " (names: " + namesText(leaf) + ")");
  }
  return leaf;
}

// The leaf's subjectAltName entries for a mismatch message: "*.example.org, example.org, 192.0.2.1".
function namesText(leaf: Certificate): string {
  const alt = leaf.extensions.altNames;
  const total = alt.dns.length + alt.ip.length;
  if (total == 0) return "none in subjectAltName";
  let s = "";
  for (let i = 0; i < min(total, MAX_LISTED_NAMES); i++) {
    const name = i < alt.dns.length ? displayText(alt.dns[i]) : ipText(alt.ip[i - alt.dns.length]);
    s += (i > 0 ? ", " : "") + name;
  }
  return total > MAX_LISTED_NAMES ? s + " and " + (total - MAX_LISTED_NAMES).toString() + " more" : s;
}
