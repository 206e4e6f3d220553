// The server authentication the handshake delegates (RFC 8446 §4.4.2.4, §4.4.3): accept or refuse the certificate
// chain, then check the CertificateVerify signature with the leaf's key. x509_verifier.ts implements it with
// assembly/x509; tests substitute their own to replay traces whose certificates no real verifier would accept.

import { TlsStatus } from "./status";

/**
 * PeerVerifier authenticates the server. checkChain is called once with the certificate_list (DER, leaf first);
 * checkSignature then verifies the CertificateVerify signature with the key of the leaf checkChain accepted.
 */
export abstract class PeerVerifier {
  /** checkChain returns true to accept the chain, or false with the alert and detail set on status. */
  abstract checkChain(chain: Array<Uint8Array>, status: TlsStatus): bool;

  /** checkSignature says whether signature is the leaf key's signature of content under scheme. */
  abstract checkSignature(scheme: u16, content: Uint8Array, signature: Uint8Array): bool;
}
