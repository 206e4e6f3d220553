// TLS 1.3 signature schemes (RFC 8446 §4.2.3): the list a client offers in signature_algorithms, and the check of
// a CertificateVerify signature with the server certificate's key. Each scheme fixes its hash and, for ECDSA, its
// curve; RSA-PSS comes in two families by key type (rsaEncryption "rsae", id-RSASSA-PSS "pss").

import { SigScheme } from "./algorithm";
import { Certificate } from "./certificate";
import { checkSignature, SigCheck } from "./signature";
import { KeyKind, PublicKeyInfo } from "./spki";

/** The SignatureScheme code points this layer knows (RFC 8446 §4.2.3). */
export const ECDSA_SECP256R1_SHA256: u16 = 0x0403;
export const ECDSA_SECP384R1_SHA384: u16 = 0x0503;
export const ECDSA_SECP521R1_SHA512: u16 = 0x0603;
export const ED25519: u16 = 0x0807;
export const RSA_PSS_RSAE_SHA256: u16 = 0x0804;
export const RSA_PSS_RSAE_SHA384: u16 = 0x0805;
export const RSA_PSS_RSAE_SHA512: u16 = 0x0806;
export const RSA_PSS_PSS_SHA256: u16 = 0x0809;
export const RSA_PSS_PSS_SHA384: u16 = 0x080a;
export const RSA_PSS_PSS_SHA512: u16 = 0x080b;
export const RSA_PKCS1_SHA256: u16 = 0x0401;
export const RSA_PKCS1_SHA384: u16 = 0x0501;
export const RSA_PKCS1_SHA512: u16 = 0x0601;

/**
 * TLS13_CERTIFICATE_VERIFY_SCHEMES are the schemes verifyTls13Signature accepts, in the client's order of
 * preference: ECDSA and Ed25519 (fast to verify here), then RSA-PSS.
 */
export const TLS13_CERTIFICATE_VERIFY_SCHEMES: StaticArray<u16> = [
  ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384, ECDSA_SECP521R1_SHA512, ED25519,
  RSA_PSS_RSAE_SHA256, RSA_PSS_RSAE_SHA384, RSA_PSS_RSAE_SHA512,
  RSA_PSS_PSS_SHA256, RSA_PSS_PSS_SHA384, RSA_PSS_PSS_SHA512,
];

/**
 * TLS13_SIGNATURE_SCHEMES is the ClientHello's signature_algorithms list: the CertificateVerify schemes, then
 * rsa_pkcs1_sha256/384/512. RFC 8446 §4.2.3 allows PKCS #1 v1.5 only in certificates, where most RSA CAs still
 * use it; without a signature_algorithms_cert extension this list also tells the server which certificate
 * signatures the client verifies, so leaving them out could make a server pick a chain for no reason.
 * verifyTls13Signature refuses them.
 */
export const TLS13_SIGNATURE_SCHEMES: StaticArray<u16> = [
  ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384, ECDSA_SECP521R1_SHA512, ED25519,
  RSA_PSS_RSAE_SHA256, RSA_PSS_RSAE_SHA384, RSA_PSS_RSAE_SHA512,
  RSA_PSS_PSS_SHA256, RSA_PSS_PSS_SHA384, RSA_PSS_PSS_SHA512,
  RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512,
];

/**
 * verifyTls13Signature checks a CertificateVerify signature (RFC 8446 §4.4.3) with the leaf's key. message is the
 * whole content that was signed (64 spaces, the context string, a zero byte and the transcript hash): it is hashed
 * here with the scheme's hash. False for a PKCS #1 v1.5 or unknown scheme, a scheme that does not fit the key
 * (tls13SchemeFitsKey), or a signature that does not verify. ECDSA signatures are DER, RSA-PSS salts as long as
 * the hash, as §4.2.3 requires.
 */
export function verifyTls13Signature(leaf: Certificate, scheme: u16, message: Uint8Array, signature: Uint8Array): bool {
  const key = leaf.publicKey;
  if (!tls13SchemeFitsKey(key, scheme)) return false;
  return checkSignature(key, schemeOf(scheme), hashOf(scheme), message, signature) == SigCheck.Ok;
}

/**
 * tls13SchemeFitsKey reports whether scheme can be used with key: ecdsa_secp256r1_sha256 needs a P-256 key (and
 * so on), ed25519 an Ed25519 key, rsa_pss_rsae_* an rsaEncryption key, rsa_pss_pss_* an id-RSASSA-PSS key whose
 * parameters, if any, name the scheme's hash.
 */
export function tls13SchemeFitsKey(key: PublicKeyInfo, scheme: u16): bool {
  switch (scheme) {
    case ECDSA_SECP256R1_SHA256: return key.kind == KeyKind.Ec && key.bits == 256;
    case ECDSA_SECP384R1_SHA384: return key.kind == KeyKind.Ec && key.bits == 384;
    case ECDSA_SECP521R1_SHA512: return key.kind == KeyKind.Ec && key.bits == 521;
    case ED25519: return key.kind == KeyKind.Ed25519;
    case RSA_PSS_RSAE_SHA256:
    case RSA_PSS_RSAE_SHA384:
    case RSA_PSS_RSAE_SHA512: return key.kind == KeyKind.Rsa;
    case RSA_PSS_PSS_SHA256:
    case RSA_PSS_PSS_SHA384:
    case RSA_PSS_PSS_SHA512: {
      const p = key.pss;
      return key.kind == KeyKind.RsaPss && (p === null || p.hash == 0 || p.hash == hashOf(scheme));
    }
  }
  return false;
}

function schemeOf(scheme: u16): SigScheme {
  if (scheme == ED25519) return SigScheme.Ed25519;
  if ((scheme & 0xff) == 0x03) return SigScheme.Ecdsa;
  return SigScheme.RsaPss; // the only schemes left after tls13SchemeFitsKey
}

// The hash of each scheme, in bits; 0 for Ed25519, which hashes internally.
function hashOf(scheme: u16): i32 {
  switch (scheme) {
    case ECDSA_SECP256R1_SHA256: case RSA_PSS_RSAE_SHA256: case RSA_PSS_PSS_SHA256: return 256;
    case ECDSA_SECP384R1_SHA384: case RSA_PSS_RSAE_SHA384: case RSA_PSS_PSS_SHA384: return 384;
    case ECDSA_SECP521R1_SHA512: case RSA_PSS_RSAE_SHA512: case RSA_PSS_PSS_SHA512: return 512;
  }
  return 0;
}
