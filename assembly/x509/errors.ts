// Error values of the X.509 layer: one closed set of codes with stable operator-facing names, and the X509Status
// object every fallible function fills in. Details name the certificate and the cause in words an operator can act
// on; text taken from certificates reaches them only through name.ts's escaping.

/** X509Err says why parsing or verification failed. Ok (0) after success. Values and names are stable. */
export const enum X509Err {
  Ok = 0,
  /** Not DER, not a certificate, or a field that breaks RFC 5280's syntax; also an unusable PEM bundle. */
  Malformed = 1,
  /** A size limit: certificate bytes, certificates in a chain or a bundle, PEM text, path depth. */
  TooLarge = 2,
  /** A signature algorithm or public key this layer does not implement (SHA-1, RSA 1024, a compressed point...). */
  Unsupported = 3,
  /** A certificate in the path carries a critical extension this layer does not process (RFC 5280 §4.2). */
  UnsupportedCriticalExtension = 4,
  /** The time is after a certificate's notAfter. */
  Expired = 5,
  /** The time is before a certificate's notBefore. */
  NotYetValid = 6,
  /** No path from the server's certificate reaches a trust anchor. */
  UnknownCa = 7,
  /** The path ends at a self-signed certificate that is not a trust anchor. */
  SelfSigned = 8,
  /** A signature in the only candidate paths does not verify. */
  BadSignature = 9,
  /** An issuer is not a CA: basicConstraints absent or cA false. */
  NotCa = 10,
  /** An issuer's pathLenConstraint allows fewer intermediate CAs than the path has below it. */
  PathLength = 11,
  /** keyUsage lacks keyCertSign on an issuer, or digitalSignature on the server's certificate. */
  KeyUsage = 12,
  /** extKeyUsage is present without serverAuth or anyExtendedKeyUsage. */
  ExtKeyUsage = 13,
  /** A name is outside an issuer's permitted subtrees or inside its excluded ones, or a form is unsupported. */
  NameConstraints = 14,
  /** The server's certificate names neither the host nor a wildcard that covers it. */
  HostnameMismatch = 15,
  /** The server sent no certificate, or a PEM text holds none. */
  NoCertificates = 16,
}

/** x509ErrName returns the stable name of e, such as "ERR_X509_EXPIRED". */
export function x509ErrName(e: X509Err): string {
  switch (e) {
    case X509Err.Ok: return "OK";
    case X509Err.Malformed: return "ERR_X509_MALFORMED";
    case X509Err.TooLarge: return "ERR_X509_TOO_LARGE";
    case X509Err.Unsupported: return "ERR_X509_UNSUPPORTED";
    case X509Err.UnsupportedCriticalExtension: return "ERR_X509_UNSUPPORTED_CRITICAL_EXTENSION";
    case X509Err.Expired: return "ERR_X509_EXPIRED";
    case X509Err.NotYetValid: return "ERR_X509_NOT_YET_VALID";
    case X509Err.UnknownCa: return "ERR_X509_UNKNOWN_CA";
    case X509Err.SelfSigned: return "ERR_X509_SELF_SIGNED";
    case X509Err.BadSignature: return "ERR_X509_BAD_SIGNATURE";
    case X509Err.NotCa: return "ERR_X509_NOT_CA";
    case X509Err.PathLength: return "ERR_X509_PATH_LENGTH";
    case X509Err.KeyUsage: return "ERR_X509_KEY_USAGE";
    case X509Err.ExtKeyUsage: return "ERR_X509_EXT_KEY_USAGE";
    case X509Err.NameConstraints: return "ERR_X509_NAME_CONSTRAINTS";
    case X509Err.HostnameMismatch: return "ERR_X509_HOSTNAME_MISMATCH";
    case X509Err.NoCertificates: return "ERR_X509_NO_CERTIFICATES";
  }
  return "ERR_X509_UNKNOWN";
}

/**
 * X509Status receives the outcome of an X.509 call: `err` (Ok after success) and a `detail` for the log, such as
 * "certificate for idp.example.com expired 2026-01-01T00:00:00Z". Details are for operators; a TLS alert carries
 * only the code's meaning. One status can serve any number of calls; each entry point resets it first.
 */
export class X509Status {
  err: X509Err = X509Err.Ok;
  detail: string = "";

  /** name is the stable name of err. */
  get name(): string { return x509ErrName(this.err); }

  get ok(): bool { return this.err == X509Err.Ok; }

  reset(): void {
    this.err = X509Err.Ok;
    this.detail = "";
  }

  /** fail records a failure and returns false, for bool-returning checks. */
  fail(err: X509Err, detail: string): bool {
    this.err = err;
    this.detail = detail;
    return false;
  }

  /** copyFrom takes over another status's outcome. */
  copyFrom(other: X509Status): void {
    this.err = other.err;
    this.detail = other.detail;
  }

  /** toString is the log form: "ERR_X509_EXPIRED: certificate for idp.example.com expired ...". */
  toString(): string {
    return this.err == X509Err.Ok ? "OK" : this.name + ": " + this.detail;
  }
}

/** x509Fail records a failure on status and returns null, for functions that return a value or null. */
export function x509Fail<T>(status: X509Status, err: X509Err, detail: string): T | null {
  status.fail(err, detail);
  return null;
}
