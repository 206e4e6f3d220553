// JWT verification (RFC 7519 §7.2, RFC 8725): a compact JWS verified by jws.ts, whose payload is then parsed as the
// claims set and checked against the caller's options: typ, iss, aud, then nbf, exp and iat (panva/jose's order).
// OIDC-specific claims (nonce, azp, sid, events) are the caller's to check with claims.ts, on the returned claims.

import { JsonLimits, JsonParser, jsonErrName } from "../json/parse";
import { JsonValue } from "../json/value";
import { checkAudience, checkIssuer } from "./claims";
import { JoseErr, JoseError, joseFail } from "./errors";
import { JwsAlgorithm } from "./algorithms";
import { Jwk } from "./jwk";
import { Jwks } from "./jwks";
import { MAX_PAYLOAD_BYTES, VerifiedJws, verifyCompact, verifyCompactBytes } from "./jws";
import { JwtOptions } from "./options";
import { checkTimes } from "./times";
import { checkTyp } from "./typ";

// Claims may nest (address, realm_access.roles, events), but not deeply; duplicate names make the set invalid
// (RFC 7519 §4: "MUST be unique", and a claim read two ways is an attack, RFC 8725 §3.4 spirit).
const claimsParser = new JsonParser(claimsLimits());

/** Jwt is a verified token: its header and claims (both JSON objects), the algorithm and the key that verified it. */
export class Jwt {
  constructor(
    readonly header: JsonValue,
    readonly claims: JsonValue,
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
 * verifyJwt verifies a JWT in compact serialization against jwks at time `now` (seconds since the epoch, from the
 * caller's clock) and returns it, or null with err set to the first failure. The checks, in order:
 * options (OptionsInvalid), then everything verifyCompact checks (size, parts, header, crit, b64, alg, key,
 * signature), then the claims set: a JSON object of at most MAX_PAYLOAD_BYTES without duplicate names
 * (JwtInvalid), `typ` when options.typ is set, `iss`, `aud`, then nbf, exp and iat (times.ts).
 * It does NOT check nonce, azp, sid, events or any other claim: see claims.ts.
 */
export function verifyJwt(token: string, jwks: Jwks, options: JwtOptions, now: i64, err: JoseError): Jwt | null {
  if (!checkOptions(options, err)) return null;
  const jws = verifyCompact(token, jwks, options, err);
  return jws === null ? null : checkJwt(jws, options, now, err);
}

/** verifyJwtBytes is verifyJwt over the token's bytes. */
export function verifyJwtBytes(
  token: Uint8Array, jwks: Jwks, options: JwtOptions, now: i64, err: JoseError,
): Jwt | null {
  if (!checkOptions(options, err)) return null;
  const jws = verifyCompactBytes(token, jwks, options, err);
  return jws === null ? null : checkJwt(jws, options, now, err);
}

/**
 * verifyClaims reads an already verified payload as a JWT claims set and applies verifyJwt's claims checks to it
 * and its protected header: a JSON object (at most MAX_PAYLOAD_BYTES, no duplicate names), then typ, iss, aud
 * and the times. It returns the claims, or null with err set. It does not check the options (verifyJwt does).
 */
export function verifyClaims(
  header: JsonValue, payload: Uint8Array, options: JwtOptions, now: i64, err: JoseError,
): JsonValue | null {
  const claims = claimsParser.parse(payload);
  if (claims === null) {
    return joseFail<JsonValue>(err, JoseErr.JwtInvalid, "claims are not valid JSON: " +
      jsonErrName(claimsParser.err) + " at byte " + claimsParser.offset.toString());
  }
  if (!claims.isObject()) {
    return joseFail<JsonValue>(err, JoseErr.JwtInvalid, "claims are not a JSON object (RFC 7519 §7.2)");
  }
  const typ = options.typ;
  if (typ !== null && !checkTyp(header, typ, err)) return null;
  if (!options.insecureSkipIssuerCheck && !checkIssuer(claims, options.issuer, err)) return null;
  if (!options.insecureSkipAudienceCheck && !checkAudience(claims, options.audience, err)) return null;
  if (!checkTimes(claims, now, options, err)) return null;
  return claims;
}

function checkJwt(jws: VerifiedJws, options: JwtOptions, now: i64, err: JoseError): Jwt | null {
  const claims = verifyClaims(jws.header, jws.payload, options, now, err);
  return claims === null ? null : new Jwt(jws.header, claims, jws.alg, jws.key);
}

// Options that would silently weaken verification are refused, go-oidc style: an empty issuer or audience is a
// configuration mistake, not "any".
function checkOptions(options: JwtOptions, err: JoseError): bool {
  err.reset();
  if (options.issuer.length == 0 && !options.insecureSkipIssuerCheck) {
    return err.set(JoseErr.OptionsInvalid, "no issuer configured (set issuer, or insecureSkipIssuerCheck)");
  }
  if (options.audience.length == 0 && !options.insecureSkipAudienceCheck) {
    return err.set(JoseErr.OptionsInvalid, "no audience configured (set audience, or insecureSkipAudienceCheck)");
  }
  if (options.clockSkew < 0) return err.set(JoseErr.OptionsInvalid, "clockSkew is negative");
  const algorithms = options.algorithms;
  if (algorithms !== null && algorithms.length == 0) {
    return err.set(JoseErr.OptionsInvalid, "algorithms is empty: no token could verify (null allows the whole table)");
  }
  return true;
}

function claimsLimits(): JsonLimits {
  const l = new JsonLimits();
  l.maxBytes = MAX_PAYLOAD_BYTES;
  l.maxDepth = 16;
  l.maxMembers = 4096;
  l.rejectDuplicateKeys = true;
  return l;
}
