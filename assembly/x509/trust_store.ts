// Trust anchors: the certificates chains must end at, matched by subject and public key (RFC 5280 §6.1.1 (d):
// a trust anchor is a name and a key; self-signed or not does not matter). Loaded once, at startup, from a PEM
// bundle such as /etc/ssl/certs/ca-certificates.crt; what could not be loaded is kept for the startup log.

import { Certificate, sameBytes } from "./certificate";
import { X509Err, X509Status, x509Fail } from "./errors";
import { LinkCache } from "./link_cache";
import { parsePemBlocks } from "./pem";

/** MAX_PEM_CHARS and MAX_ANCHORS bound a bundle: 8 Mi characters, 4096 certificates (Debian's has about 150). */
export const MAX_PEM_CHARS: i32 = 8 << 20;
export const MAX_ANCHORS: i32 = 4096;
/** MAX_SKIPPED_REASONS bounds the reasons kept; skipped still counts them all. */
export const MAX_SKIPPED_REASONS: i32 = 32;

/**
 * TrustStore holds the trust anchors. Its anchors do not change once built, so one store serves every handshake:
 * the anchors' keys, built on first use, are reused, and so are the signatures verified with it (links).
 */
export class TrustStore {
  readonly anchors: Array<Certificate> = new Array<Certificate>();
  /** links remembers the certificate signatures verified in paths to these anchors. */
  readonly links: LinkCache = new LinkCache();
  /** skipped counts the PEM blocks not loaded: other labels, undecodable blocks, unparsable certificates. */
  skipped: i32 = 0;
  /** skippedReasons says why, one line per block ("block 3 (line 120): PRIVATE KEY is not a certificate"). */
  readonly skippedReasons: Array<string> = new Array<string>();
  // A hash of each anchor's subject, so a lookup compares bytes only with likely matches.
  private readonly hashes: Array<u32> = new Array<u32>();

  /**
   * fromPem loads every CERTIFICATE block of pem. It returns null (NoCertificates, or TooLarge for a text above
   * MAX_PEM_CHARS) when no certificate could be loaded; otherwise the store, with status Ok and skipped blocks
   * counted and explained.
   */
  static fromPem(pem: string, status: X509Status): TrustStore | null {
    status.reset();
    if (pem.length > MAX_PEM_CHARS) {
      return x509Fail<TrustStore>(status, X509Err.TooLarge, "PEM text of " + pem.length.toString() +
        " characters, above the limit of " + MAX_PEM_CHARS.toString());
    }
    const store = new TrustStore();
    const blocks = parsePemBlocks(pem, MAX_ANCHORS * 2);
    const parsed = new X509Status();
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      const where = "block " + (i + 1).toString() + " (line " + b.line.toString() + "): ";
      const der = b.der;
      if (b.label != "CERTIFICATE") store.skip(where + b.label + " is not a certificate");
      else if (der === null) store.skip(where + b.problem);
      else if (store.count >= MAX_ANCHORS) store.skip(where + "more than " + MAX_ANCHORS.toString() + " certificates");
      else {
        const cert = Certificate.parse(der, parsed);
        if (cert === null) store.skip(where + parsed.detail);
        else store.add(cert);
      }
    }
    if (store.count > 0) return store;
    const why = store.skipped == 0 ? "no PEM block found" : store.skippedReasons[0];
    return x509Fail<TrustStore>(status, X509Err.NoCertificates, "no certificate in the PEM text: " + why);
  }

  /** fromCertificates makes a store of certificates already parsed (a pinned self-signed server, tests). */
  static fromCertificates(certs: Array<Certificate>): TrustStore {
    const store = new TrustStore();
    for (let i = 0; i < certs.length && i < MAX_ANCHORS; i++) store.add(certs[i]);
    return store;
  }

  /** count is the number of anchors. */
  get count(): i32 { return this.anchors.length; }

  /** summary is one line for the startup log: "144 trust anchors loaded, 1 PEM block skipped: ...". */
  summary(): string {
    let s = this.count.toString() + " trust anchors loaded";
    if (this.skipped == 0) return s;
    s += ", " + this.skipped.toString() + " PEM block" + (this.skipped == 1 ? "" : "s") + " skipped: ";
    for (let i = 0; i < this.skippedReasons.length; i++) s += (i > 0 ? "; " : "") + this.skippedReasons[i];
    return this.skippedReasons.length < this.skipped ? s + "; ..." : s;
  }

  /** anchorFor returns the anchor with cert's subject and public key, or null. */
  anchorFor(cert: Certificate): Certificate | null {
    const h = nameHash(cert.subject);
    for (let i = 0; i < this.anchors.length; i++) {
      const a = unchecked(this.anchors[i]); // i < anchors.length == hashes.length
      if (unchecked(this.hashes[i]) == h && a.sameSubjectAndKey(cert)) return a;
    }
    return null;
  }

  /** issuersOf returns the anchors whose subject is cert's issuer, in bundle order. */
  issuersOf(cert: Certificate): Array<Certificate> {
    const out = new Array<Certificate>();
    const h = nameHash(cert.issuer);
    for (let i = 0; i < this.anchors.length; i++) {
      const a = unchecked(this.anchors[i]); // i < anchors.length == hashes.length
      if (unchecked(this.hashes[i]) == h && sameBytes(a.subject, cert.issuer)) out.push(a);
    }
    return out;
  }

  private add(cert: Certificate): void {
    this.anchors.push(cert);
    this.hashes.push(nameHash(cert.subject));
  }

  private skip(reason: string): void {
    this.skipped++;
    if (this.skippedReasons.length < MAX_SKIPPED_REASONS) this.skippedReasons.push(reason);
  }
}

// FNV-1a over a Name's DER: only a filter in front of the byte comparison, so collisions cost time, not safety.
function nameHash(der: Uint8Array): u32 {
  let h: u32 = 0x811c9dc5;
  for (let i = 0; i < der.length; i++) h = (h ^ <u32>unchecked(der[i])) * 0x01000193; // i < der.length
  return h;
}
