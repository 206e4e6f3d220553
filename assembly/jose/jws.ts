// JWS compact serialization (RFC 7515 §7.1), verification only. Checks run in panva/jose's order: size and parts,
// protected header, crit, b64, alg, key selection and fit, signature, and only then the payload is decoded.
// Nothing here reads `jku`, `x5u`, `jwk` or `x5c` from the header: keys come from the caller's JWKS alone.
//
// Limits (all checked before anything is decoded):
// - the whole token at most MAX_TOKEN_BYTES (16 KiB), the size browsers and proxies already bound headers to;
// - the header at most MAX_HEADER_BYTES (2 KiB) decoded; real headers are under 200 bytes;
// - the payload at most MAX_PAYLOAD_BYTES (12 KiB) decoded, which is all a 16 KiB token can carry;
// - the signature at most MAX_SIGNATURE_BYTES (512) decoded, an RSA-4096 signature.

import { ecdsaVerify } from "../crypto/ecdsa";
import { ed25519Verify } from "../crypto/ed25519";
import { rsaVerifyPkcs1v15, rsaVerifyPss } from "../crypto/rsa";
import { sha256 } from "../crypto/sha256";
import { sha384 } from "../crypto/sha384";
import { sha512 } from "../crypto/sha512";
import { base64UrlDecode } from "../encoding/base64";
import { DecodeStatus, encodingErrName } from "../encoding/errors";
import { JsonLimits, JsonParser, jsonErrName } from "../json/parse";
import { JsonValue } from "../json/value";
import { JwsAlgorithm, Scheme, resolveAlgorithm } from "./algorithms";
import { JoseErr, JoseError, joseFail, quoted } from "./errors";
import { Jwk } from "./jwk";
import { Jwks } from "./jwks";
import { JwsOptions } from "./options";
import { selectKeys } from "./select";

export const MAX_TOKEN_BYTES: i32 = 16 * 1024;
export const MAX_HEADER_BYTES: i32 = 2 * 1024;
export const MAX_PAYLOAD_BYTES: i32 = 12 * 1024;
export const MAX_SIGNATURE_BYTES: i32 = 512;

// Each limit as base64url characters: ceil(8n / 6).
// @ts-ignore: decorator
@inline const MAX_HEADER_CHARS: i32 = (MAX_HEADER_BYTES * 4 + 2) / 3;
// @ts-ignore: decorator
@inline const MAX_PAYLOAD_CHARS: i32 = (MAX_PAYLOAD_BYTES * 4 + 2) / 3;
// @ts-ignore: decorator
@inline const MAX_SIGNATURE_CHARS: i32 = (MAX_SIGNATURE_BYTES * 4 + 2) / 3;
// @ts-ignore: decorator
@inline const DOT: u8 = 0x2e;

const status = new DecodeStatus();
const headerParser = new JsonParser(headerLimits());

/**
 * VerifiedJws is a compact JWS whose signature verified: its protected header (a JSON object), the decoded
 * payload, the algorithm entry and the JWKS key that verified it.
 */
export class VerifiedJws {
  constructor(
    readonly header: JsonValue,
    readonly payload: Uint8Array,
    readonly alg: JwsAlgorithm,
    readonly key: Jwk,
  ) {}

  /** kid is the header's kid, or null when it has none. */
  get kid(): string | null {
    const kid = this.header.get("kid");
    return kid !== null && kid.isString() ? kid.string : null;
  }
}

/**
 * verifyCompact verifies a JWS in compact serialization against jwks and returns its header and payload, or null
 * with err set: JwsTooLarge, JwsInvalid, NotSupported (crit, b64, unknown alg), AlgNotAllowed, JwksNoMatchingKey,
 * JwksMultipleMatchingKeys or SignatureInvalid. It does not look at the payload beyond decoding it: claims are
 * verifyJwt's (jwt.ts). Characters outside ASCII are refused like any other character outside base64url.
 */
export function verifyCompact(token: string, jwks: Jwks, options: JwsOptions, err: JoseError): VerifiedJws | null {
  if (token.length > MAX_TOKEN_BYTES) return tooLarge("token", token.length, MAX_TOKEN_BYTES, err);
  const bytes = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    unchecked(bytes[i] = c < 0x80 ? <u8>c : 0xff); // i < length; 0xff is outside base64url, so it is refused below
  }
  return verifyCompactBytes(bytes, jwks, options, err);
}

/** verifyCompactBytes is verifyCompact over the token's bytes. */
export function verifyCompactBytes(
  token: Uint8Array, jwks: Jwks, options: JwsOptions, err: JoseError,
): VerifiedJws | null {
  err.reset();
  const n = token.length;
  if (n > MAX_TOKEN_BYTES) return tooLarge("token", n, MAX_TOKEN_BYTES, err);
  // RFC 7515 §7.1: BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature), nothing else.
  let dot1 = -1, dot2 = -1, dots = 0, bad = -1;
  for (let i = 0; i < n; i++) {
    const c = unchecked(token[i]); // i < n
    if (c == DOT) {
      if (dots == 0) dot1 = i;
      else if (dots == 1) dot2 = i;
      dots++;
    } else if (bad < 0 && !isBase64Url(c)) {
      bad = i;
    }
  }
  if (dots != 2) {
    const hint = dots == 4 ? " (5 parts is an encrypted JWE, which is not accepted here)" : "";
    return joseFail<VerifiedJws>(err, JoseErr.JwsInvalid,
      "token has " + (dots + 1).toString() + " parts separated by \".\"; a compact JWS has 3" + hint);
  }
  if (dot1 > MAX_HEADER_CHARS) return tooLarge("header", dot1, MAX_HEADER_CHARS, err);
  if (dot2 - dot1 - 1 > MAX_PAYLOAD_CHARS) return tooLarge("payload", dot2 - dot1 - 1, MAX_PAYLOAD_CHARS, err);
  if (n - dot2 - 1 > MAX_SIGNATURE_CHARS) return tooLarge("signature", n - dot2 - 1, MAX_SIGNATURE_CHARS, err);
  if (bad >= 0) {
    return joseFail<VerifiedJws>(err, JoseErr.JwsInvalid, "character " + byteText(unchecked(token[bad])) +
      " at offset " + bad.toString() + " (in the " + partName(bad, dot1, dot2) + ") is not base64url");
  }
  const header = parseHeader(token.subarray(0, dot1), err);
  if (header === null) return null;
  if (!checkExtensions(header, err)) return null;
  const algValue = header.get("alg");
  if (algValue === null || !algValue.isString()) {
    return joseFail<VerifiedJws>(err, JoseErr.JwsInvalid, "\"alg\" header parameter is missing or not a string");
  }
  const alg = resolveAlgorithm(algValue.string, options.algorithms, err);
  if (alg === null) return null;
  const kidValue = header.get("kid");
  if (kidValue !== null && !kidValue.isString()) {
    return joseFail<VerifiedJws>(err, JoseErr.JwsInvalid, "\"kid\" header parameter is not a string");
  }
  const candidates = selectKeys(jwks, alg, kidValue !== null ? kidValue.string : null, err);
  if (candidates === null) return null;
  const signature = base64UrlDecode(token.subarray(dot2 + 1), status);
  if (signature === null) return undecodable<VerifiedJws>("signature", err);
  const key = verifyWithAny(alg, candidates, token.subarray(0, dot2), signature, err);
  if (key === null) return null;
  const payload = base64UrlDecode(token.subarray(dot1 + 1, dot2), status);
  if (payload === null) return undecodable<VerifiedJws>("payload", err);
  return new VerifiedJws(header, payload, alg, key);
}

// Decodes and parses the protected header, which must be a JSON object without duplicate member names
// (RFC 7515 §5.2 steps 2-4).
function parseHeader(encoded: Uint8Array, err: JoseError): JsonValue | null {
  const bytes = base64UrlDecode(encoded, status);
  if (bytes === null) return undecodable<JsonValue>("header", err);
  const header = headerParser.parse(bytes);
  if (header === null) {
    return joseFail<JsonValue>(err, JoseErr.JwsInvalid, "header is not valid JSON: " +
      jsonErrName(headerParser.err) + " at byte " + headerParser.offset.toString());
  }
  if (!header.isObject()) return joseFail<JsonValue>(err, JoseErr.JwsInvalid, "header is not a JSON object");
  return header;
}

// RFC 7515 §4.1.11: `crit` lists extensions the recipient must understand. This layer understands none, so a
// well-formed crit always fails (NotSupported), and a malformed one (not an array, empty, or holding anything but
// non-empty strings: producers "MUST NOT use the empty list") is invalid. RFC 7797 §3: b64 false would make the
// payload unencoded, which a JWT never is (RFC 7797 §7); any b64 but true fails, with or without crit.
function checkExtensions(header: JsonValue, err: JoseError): bool {
  const crit = header.get("crit");
  if (crit !== null) {
    if (!crit.isArray() || crit.length == 0) {
      return err.set(JoseErr.JwsInvalid, "\"crit\" header parameter is not a non-empty array (RFC 7515 §4.1.11)");
    }
    for (let i = 0; i < crit.length; i++) {
      const name = crit.at(i);
      if (name === null || !name.isString() || name.string.length == 0) {
        return err.set(JoseErr.JwsInvalid, "\"crit\" holds a value that is not a non-empty string (RFC 7515 §4.1.11)");
      }
    }
    const first = crit.at(0)!; // length > 0, checked above
    return err.set(JoseErr.NotSupported, "crit lists " + quoted(first.string) + ": no JWS extension is supported");
  }
  const b64 = header.get("b64");
  if (b64 !== null && !(b64.isBool() && b64.bool)) {
    return err.set(JoseErr.NotSupported, "\"b64\" other than true (unencoded payload, RFC 7797) is not supported");
  }
  return true;
}

// Verifies against each candidate in order and returns the first key that accepts the signature. One candidate
// gets a precise reason; several get one message, since each failed for its own reason.
function verifyWithAny(
  alg: JwsAlgorithm, keys: Array<Jwk>, input: Uint8Array, signature: Uint8Array, err: JoseError,
): Jwk | null {
  let digest: Uint8Array | null = null;
  if (alg.scheme == Scheme.Ecdsa) digest = hashFor(alg.hash, input);
  for (let i = 0; i < keys.length; i++) {
    const k = unchecked(keys[i]); // i < keys.length
    if (signatureLengthProblem(alg, k, signature).length != 0) continue;
    if (verifyOne(alg, k, input, digest, signature)) return k;
  }
  if (keys.length == 1) {
    const k = unchecked(keys[0]); // length == 1
    const problem = signatureLengthProblem(alg, k, signature);
    return joseFail<Jwk>(err, JoseErr.SignatureInvalid,
      problem.length != 0 ? problem : "signature invalid (" + alg.name + ", " + k.label + ")");
  }
  return joseFail<Jwk>(err, JoseErr.SignatureInvalid,
    "signature invalid under each of the " + keys.length.toString() + " keys that fit " + alg.name);
}

// RFC 7518 §3.3/§3.5 (RFC 8017 §8.2.2 step 1): an RSA signature is exactly k bytes; §3.4: ECDSA is R || S of two
// coordinate lengths; RFC 8032 §5.1.7: Ed25519 is 64 bytes. "" when the length is right.
function signatureLengthProblem(alg: JwsAlgorithm, k: Jwk, signature: Uint8Array): string {
  let want = alg.signatureBytes;
  let with_ = "";
  const rsa = k.rsa;
  if (rsa !== null) {
    want = rsa.bytes;
    with_ = " with a " + rsa.bits.toString() + "-bit key";
  }
  if (signature.length == want) return "";
  return "signature is " + signature.length.toString() + " bytes; " + alg.name + with_ + " needs " + want.toString();
}

// The key fits alg (select.ts), so exactly the key object alg's scheme uses is set.
function verifyOne(
  alg: JwsAlgorithm, k: Jwk, input: Uint8Array, digest: Uint8Array | null, signature: Uint8Array,
): bool {
  switch (alg.scheme) {
    case Scheme.RsaPkcs1: {
      const rsa = k.rsa;
      return rsa !== null && rsaVerifyPkcs1v15(rsa, alg.hash, input, signature);
    }
    case Scheme.RsaPss: {
      const rsa = k.rsa;
      return rsa !== null && rsaVerifyPss(rsa, alg.hash, input, signature);
    }
    case Scheme.Ecdsa: {
      const ec = k.ec;
      return ec !== null && digest !== null && ecdsaVerify(ec, digest, signature);
    }
    case Scheme.EdDsa: {
      const ed = k.ed;
      return ed !== null && ed25519Verify(ed, input, signature);
    }
  }
  return false;
}

function hashFor(bits: i32, input: Uint8Array): Uint8Array {
  if (bits == 384) return sha384(input);
  if (bits == 512) return sha512(input);
  return sha256(input);
}

// RFC 4648 §5: A-Z a-z 0-9 - _ (no padding in JWS, RFC 7515 §2).
// @ts-ignore: decorator
@inline function isBase64Url(c: u8): bool {
  const l = c | 0x20;
  return (l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x5f;
}

function partName(at: i32, dot1: i32, dot2: i32): string {
  return at < dot1 ? "header" : at < dot2 ? "payload" : "signature";
}

// A byte for a message: printable ASCII quoted, anything else in hex.
function byteText(c: u8): string {
  if (c >= 0x20 && c < 0x7f) return quoted(String.fromCharCode(c));
  return "0x" + (c < 16 ? "0" : "") + (<u32>c).toString(16);
}

function tooLarge(what: string, got: i32, limit: i32, err: JoseError): VerifiedJws | null {
  return joseFail<VerifiedJws>(err, JoseErr.JwsTooLarge,
    what + " is " + got.toString() + " characters; the limit is " + limit.toString());
}

function undecodable<T>(what: string, err: JoseError): T | null {
  return joseFail<T>(err, JoseErr.JwsInvalid, what + " is not strict base64url: " + encodingErrName(status.err) +
    " at character " + status.offset.toString());
}

function headerLimits(): JsonLimits {
  const l = new JsonLimits();
  l.maxBytes = MAX_HEADER_BYTES;
  l.maxDepth = 8;
  l.maxMembers = 256;
  l.rejectDuplicateKeys = true;
  return l;
}
