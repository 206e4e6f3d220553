// The checks RFC 5280 §6.1 and the CA/Browser Forum make on a path whose signatures already verify, from the
// server's certificate (path[0]) up to the trust anchor (last): critical extensions, validity, the CA role of
// every issuer with its pathLenConstraint, keyUsage and nameConstraints, and extKeyUsage for server
// authentication. The first failure is reported; a path that passes is the server's chain of trust.

import { Certificate } from "./certificate";
import { X509Err, X509Status } from "./errors";
import { extKeyUsageText, KU_DIGITAL_SIGNATURE, KU_KEY_CERT_SIGN } from "./extensions";
import { nameConstraintsProblem } from "./name_constraints";
import { formatTime } from "./time";

/**
 * checkPath checks path at now (Unix seconds) and returns true, or false with status set. Each certificate is
 * checked from the server's upward, so the closest problem is the one reported.
 */
export function checkPath(path: Array<Certificate>, now: i64, status: X509Status): bool {
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (!checkOwn(c, now, status)) return false;
    if (i > 0 && !checkIssuer(path, i, status)) return false;
  }
  // RFC 8446 §4.4.2.4 and RFC 5280 §4.2.1.3: the server's key signs the handshake.
  const leaf = path[0];
  const ku = leaf.extensions.keyUsage;
  if (ku >= 0 && (ku & KU_DIGITAL_SIGNATURE) == 0) {
    return status.fail(X509Err.KeyUsage, "certificate for " + leaf.label +
      " may not sign the TLS handshake: its keyUsage lacks digitalSignature");
  }
  return true;
}

// What holds for every certificate in the path, the anchor included.
function checkOwn(c: Certificate, now: i64, status: X509Status): bool {
  const ext = c.extensions;
  if (ext.unsupportedCritical.length > 0) {
    return status.fail(X509Err.UnsupportedCriticalExtension, "unsupported critical extension " +
      ext.unsupportedCritical + " in certificate for " + c.label);
  }
  // §4.1.2.5: valid from notBefore to notAfter, both inclusive.
  if (now < c.notBefore) {
    return status.fail(X509Err.NotYetValid, "certificate for " + c.label + " is not yet valid until " +
      formatTime(c.notBefore));
  }
  if (now > c.notAfter) {
    return status.fail(X509Err.Expired, "certificate for " + c.label + " expired " + formatTime(c.notAfter));
  }
  // §4.2.1.12: a certificate restricted to other purposes is not for TLS servers (checked on issuers too, as
  // browsers and Go do: an intermediate limited to e-mail cannot vouch for a web server).
  if (ext.hasExtKeyUsage && !ext.serverAuth && !ext.anyPurpose) {
    return status.fail(X509Err.ExtKeyUsage, "certificate for " + c.label +
      " is not for TLS servers: its extKeyUsage is " + extKeyUsageText(ext));
  }
  return true;
}

// What holds for path[i], i > 0, as the issuer of the certificates below it.
function checkIssuer(path: Array<Certificate>, i: i32, status: X509Status): bool {
  const c = path[i], ext = c.extensions;
  const below = path[i - 1];
  // §6.1.4 (k): an intermediate must say it is a CA. The anchor is trusted as configured, but one that says it
  // is not a CA is taken at its word.
  const isAnchor = i == path.length - 1;
  if (ext.hasBasicConstraints ? !ext.isCa : !isAnchor) {
    const why = ext.hasBasicConstraints ? "its basicConstraints has cA false" : "it has no basicConstraints";
    return status.fail(X509Err.NotCa, c.subjectText + " is not a CA (" + why + ") but issued the certificate for " +
      below.label);
  }
  // §6.1.4 (n): keyCertSign, when keyUsage is present.
  if (ext.keyUsage >= 0 && (ext.keyUsage & KU_KEY_CERT_SIGN) == 0) {
    return status.fail(X509Err.KeyUsage, c.subjectText + " may not sign certificates: its keyUsage lacks keyCertSign");
  }
  // §6.1.4 (l), (m): self-issued intermediates do not count against a pathLenConstraint.
  if (ext.pathLen >= 0) {
    let intermediates = 0;
    for (let j = 1; j < i; j++) if (!path[j].selfIssued) intermediates++;
    if (intermediates > ext.pathLen) {
      return status.fail(X509Err.PathLength, "path length exceeded: " + c.subjectText + " allows " +
        ext.pathLen.toString() + " intermediate CA" + (ext.pathLen == 1 ? "" : "s") + " below it, the path has " +
        intermediates.toString());
    }
  }
  const nc = ext.nameConstraints;
  if (nc === null) return true;
  if (nc.critical && nc.otherForm.length > 0) {
    return status.fail(X509Err.NameConstraints, "name constraints of " + c.subjectText + " use " + nc.otherForm +
      ", which is not supported in a critical nameConstraints extension");
  }
  // §6.1.3 (b), (c): the constraints bind every certificate below, except self-issued intermediates.
  for (let j = 0; j < i; j++) {
    const d = path[j];
    if (j > 0 && d.selfIssued) continue;
    const problem = nameConstraintsProblem(nc, d.extensions.altNames);
    if (problem.length > 0) {
      return status.fail(X509Err.NameConstraints, "name constraints of " + c.subjectText +
        " forbid the certificate for " + d.label + ": " + problem);
    }
  }
  return true;
}
