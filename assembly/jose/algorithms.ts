// The JWS algorithms this layer verifies, as one table (RFC 7518 §3.1, RFC 8037 §3.1): each entry names its
// signature scheme, the key type and curve it needs and its hash, so nothing below resolveAlgorithm() enumerates
// algorithm names. `none` and HMAC are not in the table and never will be: a verifier holding public keys must
// not accept an unsecured token or treat a public key as an HMAC secret (RFC 8725 §2.1, §3.1).

import { JoseErr, JoseError, joseFail, quoted } from "./errors";

/** KeyType is a JWK `kty` this layer can verify with (RFC 7518 §6.1, RFC 8037 §2). */
export const enum KeyType { Rsa = 1, Ec = 2, Okp = 3 }

/** Scheme is how an algorithm checks a signature. */
export const enum Scheme { RsaPkcs1 = 1, RsaPss = 2, Ecdsa = 3, EdDsa = 4 }

/** Curve identifiers: the ECDSA curves by prime size (as crypto/ecdsa.ts Curve), and Ed25519. 0 for RSA. */
export const CURVE_P256: i32 = 256;
export const CURVE_P384: i32 = 384;
export const CURVE_P521: i32 = 521;
export const CURVE_ED25519: i32 = 25519;

/**
 * JwsAlgorithm is one table entry: the `alg` name, its scheme, the key type and curve a key must have to be used
 * with it (RFC 7518 §3.4: ES256 only with P-256, and so on), the SHA-2 size, and for ECDSA and EdDSA the exact
 * signature length (RSA's is the modulus length, known only with the key).
 */
export class JwsAlgorithm {
  constructor(
    readonly name: string,
    readonly scheme: Scheme,
    readonly keyType: KeyType,
    readonly curve: i32,
    readonly hash: i32,
    readonly signatureBytes: i32,
  ) {}

  /** keyNeeded describes the key this algorithm needs, for messages: "an RSA key", "an EC P-256 key". */
  get keyNeeded(): string {
    if (this.keyType == KeyType.Rsa) return "an RSA key";
    return (this.keyType == KeyType.Ec ? "an EC " : "an OKP ") + curveName(this.curve) + " key";
  }
}

const TABLE: Array<JwsAlgorithm> = [
  // RFC 7518 §3.3: RSASSA-PKCS1-v1_5; §3.5: RSASSA-PSS, MGF1 with the same hash, salt as long as the hash.
  new JwsAlgorithm("RS256", Scheme.RsaPkcs1, KeyType.Rsa, 0, 256, 0),
  new JwsAlgorithm("RS384", Scheme.RsaPkcs1, KeyType.Rsa, 0, 384, 0),
  new JwsAlgorithm("RS512", Scheme.RsaPkcs1, KeyType.Rsa, 0, 512, 0),
  new JwsAlgorithm("PS256", Scheme.RsaPss, KeyType.Rsa, 0, 256, 0),
  new JwsAlgorithm("PS384", Scheme.RsaPss, KeyType.Rsa, 0, 384, 0),
  new JwsAlgorithm("PS512", Scheme.RsaPss, KeyType.Rsa, 0, 512, 0),
  // RFC 7518 §3.4: each ECDSA alg fixes its curve and hash; the signature is R || S, each a coordinate long.
  new JwsAlgorithm("ES256", Scheme.Ecdsa, KeyType.Ec, CURVE_P256, 256, 64),
  new JwsAlgorithm("ES384", Scheme.Ecdsa, KeyType.Ec, CURVE_P384, 384, 96),
  new JwsAlgorithm("ES512", Scheme.Ecdsa, KeyType.Ec, CURVE_P521, 512, 132),
  // RFC 8037 §3.1: "EdDSA" with an OKP key whose crv picks the curve; only Ed25519 is implemented. RFC 9864 §2.2
  // registers "Ed25519" as the fully-specified name of the same algorithm, which jose already emits.
  new JwsAlgorithm("EdDSA", Scheme.EdDsa, KeyType.Okp, CURVE_ED25519, 512, 64),
  new JwsAlgorithm("Ed25519", Scheme.EdDsa, KeyType.Okp, CURVE_ED25519, 512, 64),
];

/** jwsAlgorithm returns the table entry named exactly name (names are case-sensitive, RFC 7515 §4.1.1), or null. */
export function jwsAlgorithm(name: string): JwsAlgorithm | null {
  for (let i = 0; i < TABLE.length; i++) {
    const entry = unchecked(TABLE[i]); // i < TABLE.length
    if (entry.name == name) return entry;
  }
  return null;
}

/** algorithmNames lists every name in the table, for documentation and tests. */
export function algorithmNames(): Array<string> {
  const out = new Array<string>();
  for (let i = 0; i < TABLE.length; i++) out.push(unchecked(TABLE[i]).name); // i < TABLE.length
  return out;
}

/**
 * resolveAlgorithm returns the entry for a token's `alg`, or null with the error a log reader needs:
 * AlgNotAllowed for `none` in any spelling (RFC 8725 §3.1 asks to refuse it; case variants are how naive
 * case-insensitive checks were bypassed) and for HS256/384/512 (with public keys an HMAC "secret" would be the
 * public key itself), NotSupported for any other name outside the table, AlgNotAllowed for a name in the table
 * but not in `allowed` (null allows the whole table).
 */
export function resolveAlgorithm(alg: string, allowed: Array<string> | null, err: JoseError): JwsAlgorithm | null {
  if (asciiEqualFold(alg, "none")) {
    return joseFail<JwsAlgorithm>(err, JoseErr.AlgNotAllowed,
      "alg " + quoted(alg) + " (an unsecured JWS) is never accepted");
  }
  if (alg == "HS256" || alg == "HS384" || alg == "HS512") {
    return joseFail<JwsAlgorithm>(err, JoseErr.AlgNotAllowed,
      "alg " + quoted(alg) + " (HMAC with a shared secret) is never accepted: keys here are public");
  }
  const entry = jwsAlgorithm(alg);
  if (entry === null) {
    return joseFail<JwsAlgorithm>(err, JoseErr.NotSupported, "alg " + quoted(alg) + " is not supported");
  }
  if (allowed !== null && !allowed.includes(alg)) {
    return joseFail<JwsAlgorithm>(err, JoseErr.AlgNotAllowed,
      "alg " + quoted(alg) + " is not in the allowed algorithms (" + allowed.join(", ") + ")");
  }
  return entry;
}

/** curveName is the JWK `crv` spelling of a curve identifier (RFC 7518 §6.2.1.1, RFC 8037 §2). */
export function curveName(curve: i32): string {
  if (curve == CURVE_P256) return "P-256";
  if (curve == CURVE_P384) return "P-384";
  if (curve == CURVE_P521) return "P-521";
  if (curve == CURVE_ED25519) return "Ed25519";
  return "";
}

/** asciiEqualFold compares a and b with A-Z folded to a-z; JOSE names and media types are ASCII, nothing else folds. */
export function asciiEqualFold(a: string, b: string): bool {
  if (a.length != b.length) return false;
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x >= 0x41 && x <= 0x5a) x += 0x20;
    if (y >= 0x41 && y <= 0x5a) y += 0x20;
    if (x != y) return false;
  }
  return true;
}
