// JSON Web Key Sets (RFC 7517 §5): the document an OpenID provider serves at its jwks_uri, parsed once into keys
// ready to verify with. Only the set's shape can fail the whole set; a bad member becomes an unusable Jwk.

import { JsonLimits, JsonParser, jsonErrName } from "../json/parse";
import { JsonValue } from "../json/value";
import { JoseErr, JoseError, joseFail } from "./errors";
import { Jwk, jwkFromJson } from "./jwk";

/**
 * MAX_JWKS_BYTES bounds the JWKS document. Real sets are 1 to 20 KiB (Entra ID's, with x5c certificate chains,
 * is the largest we know of); 128 KiB leaves room without letting a provider make us parse megabytes.
 */
export const MAX_JWKS_BYTES: i32 = 128 * 1024;
/** MAX_JWKS_KEYS bounds the `keys` array, unusable members included; more fails the set (every key is imported). */
export const MAX_JWKS_KEYS: i32 = 64;

// JWKS documents are shallow ({"keys":[{"x5c":[...]}]}), and duplicate member names anywhere make the whole
// document invalid: a key whose "n" or "kid" could be read two ways is not a key (RFC 7517 §4: names unique).
const limits = jwksLimits();
const parser = new JsonParser(limits);

/** Jwks is a parsed key set, its members in document order. */
export class Jwks {
  keys: Array<Jwk> = new Array<Jwk>();

  /** usableCount is the number of keys that can be used to verify. */
  get usableCount(): i32 {
    let n = 0;
    for (let i = 0; i < this.keys.length; i++) if (unchecked(this.keys[i]).usable) n++; // i < keys.length
    return n;
  }
}

/**
 * parseJwks parses a JWKS document: a JSON object (no duplicate member names anywhere, at most MAX_JWKS_BYTES)
 * whose `keys` member is an array of at most MAX_JWKS_KEYS members. Members that are not usable keys (unknown
 * kty, malformed or refused material, private members) are kept with their reason and never selected; they do
 * not fail the set. Null with JwksInvalid when the document itself is wrong.
 */
export function parseJwks(bytes: Uint8Array, err: JoseError): Jwks | null {
  if (bytes.length > MAX_JWKS_BYTES) {
    return joseFail<Jwks>(err, JoseErr.JwksInvalid,
      "JWKS is " + bytes.length.toString() + " bytes; the limit is " + MAX_JWKS_BYTES.toString());
  }
  const doc = parser.parse(bytes);
  if (doc === null) {
    return joseFail<Jwks>(err, JoseErr.JwksInvalid,
      "JWKS is not valid JSON: " + jsonErrName(parser.err) + " at byte " + parser.offset.toString());
  }
  return jwksFromJson(doc, err);
}

/** jwksFromJson is parseJwks for a document already parsed (it must have been parsed rejecting duplicate names). */
export function jwksFromJson(doc: JsonValue, err: JoseError): Jwks | null {
  if (!doc.isObject()) return joseFail<Jwks>(err, JoseErr.JwksInvalid, "JWKS is not a JSON object");
  const keys = doc.get("keys");
  if (keys === null || !keys.isArray()) {
    return joseFail<Jwks>(err, JoseErr.JwksInvalid, "JWKS has no \"keys\" array (RFC 7517 §5.1)");
  }
  const n = keys.length;
  if (n > MAX_JWKS_KEYS) {
    return joseFail<Jwks>(err, JoseErr.JwksInvalid,
      "JWKS has " + n.toString() + " keys; the limit is " + MAX_JWKS_KEYS.toString());
  }
  const set = new Jwks();
  for (let i = 0; i < n; i++) {
    const member = keys.at(i);
    if (member !== null) set.keys.push(jwkFromJson(member, i)); // never null for i < length
  }
  err.reset();
  return set;
}

function jwksLimits(): JsonLimits {
  const l = new JsonLimits();
  l.maxBytes = MAX_JWKS_BYTES;
  l.maxDepth = 8;
  l.maxMembers = 20000;
  l.rejectDuplicateKeys = true;
  return l;
}
