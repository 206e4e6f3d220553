// Checks of individual JWT claims (RFC 7519 §4.1, OIDC Core §2 and §3.1.3.7, Back-Channel Logout 1.0 §2.4 and
// §2.6). Each takes the verified claims set (a JSON object), compares exactly (no case folding, no trimming, no
// URL normalisation) and returns false with err set: JwtInvalid for a claim of the wrong JSON type, ClaimInvalid
// for a missing or different value; `claim` names it. Times are in times.ts.

import { JsonValue } from "../json/value";
import { JoseErr, JoseError, quoted } from "./errors";

/** LOGOUT_EVENT is the member of `events` that marks a back-channel logout token (Back-Channel Logout 1.0 §2.4). */
export const LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** claimString returns the claim `name` when it is a string, else null (absent or another type). */
export function claimString(claims: JsonValue, name: string): string | null {
  const v = claims.get(name);
  return v !== null && v.isString() ? v.string : null;
}

/** checkIssuer requires `iss` to be exactly expected (OIDC Core §3.1.3.7 step 2: "MUST exactly match"). */
export function checkIssuer(claims: JsonValue, expected: string, err: JoseError): bool {
  return checkStringClaim(claims, "iss", expected, err);
}

/**
 * checkAudience requires `aud` (a string, or an array of strings: RFC 7519 §4.1.3) to be expected or to hold it
 * (OIDC Core §3.1.3.7 step 3). An array with a non-string member is JwtInvalid.
 */
export function checkAudience(claims: JsonValue, expected: string, err: JoseError): bool {
  const aud = claims.get("aud");
  if (aud === null) return err.set(JoseErr.ClaimInvalid, "token has no \"aud\" claim", "aud");
  if (aud.isString()) {
    if (aud.string == expected) return true;
    return err.set(JoseErr.ClaimInvalid, "aud " + quoted(aud.string) + " is not " + quoted(expected), "aud");
  }
  if (!aud.isArray()) return err.set(JoseErr.JwtInvalid, "\"aud\" claim is neither a string nor an array", "aud");
  let found = false;
  for (let i = 0; i < aud.length; i++) {
    const a = aud.at(i);
    if (a === null || !a.isString()) {
      return err.set(JoseErr.JwtInvalid, "\"aud\" claim holds a value that is not a string", "aud");
    }
    if (a.string == expected) found = true;
  }
  if (found) return true;
  return err.set(JoseErr.ClaimInvalid,
    "aud (" + aud.length.toString() + " values) does not include " + quoted(expected), "aud");
}

/**
 * checkAuthorizedParty applies OIDC Core §3.1.3.7 steps 4 and 5 with their SHOULDs taken as MUSTs: an `azp`, when
 * present, must be clientId, and a token whose `aud` array has more than one value must carry one. It does not
 * check `aud` itself (checkAudience does).
 */
export function checkAuthorizedParty(claims: JsonValue, clientId: string, err: JoseError): bool {
  const azp = claims.get("azp");
  if (azp !== null) {
    if (!azp.isString()) return err.set(JoseErr.JwtInvalid, "\"azp\" claim is not a string", "azp");
    if (azp.string == clientId) return true;
    return err.set(JoseErr.ClaimInvalid, "azp " + quoted(azp.string) + " is not " + quoted(clientId), "azp");
  }
  const aud = claims.get("aud");
  if (aud !== null && aud.isArray() && aud.length > 1) {
    return err.set(JoseErr.ClaimInvalid,
      "aud has " + aud.length.toString() + " values and there is no \"azp\" claim (OIDC Core §3.1.3.7 step 4)", "azp");
  }
  return true;
}

/**
 * checkNonce requires `nonce` to be exactly the value sent in the authentication request (OIDC Core §3.1.3.7
 * step 11).
 */
export function checkNonce(claims: JsonValue, expected: string, err: JoseError): bool {
  return checkStringClaim(claims, "nonce", expected, err);
}

/** checkSid requires `sid` to be exactly expected (the session the logout or token is bound to). */
export function checkSid(claims: JsonValue, expected: string, err: JoseError): bool {
  return checkStringClaim(claims, "sid", expected, err);
}

/**
 * checkLogoutEvents requires `events` to be a JSON object with the member LOGOUT_EVENT, whose value is a JSON
 * object (Back-Channel Logout 1.0 §2.4; §2.6 step 4). Other members are allowed.
 */
export function checkLogoutEvents(claims: JsonValue, err: JoseError): bool {
  const events = claims.get("events");
  if (events === null) return err.set(JoseErr.ClaimInvalid, "token has no \"events\" claim", "events");
  if (!events.isObject()) return err.set(JoseErr.JwtInvalid, "\"events\" claim is not a JSON object", "events");
  const logout = events.get(LOGOUT_EVENT);
  if (logout === null) {
    return err.set(JoseErr.ClaimInvalid, "\"events\" has no member " + quoted(LOGOUT_EVENT), "events");
  }
  if (!logout.isObject()) {
    return err.set(JoseErr.JwtInvalid, "\"events\" member " + quoted(LOGOUT_EVENT) + " is not a JSON object", "events");
  }
  return true;
}

/**
 * checkLogoutToken applies the claim rules of Back-Channel Logout 1.0 §2.6 beyond signature, iss, aud and times
 * (verifyJwt's): `events` as checkLogoutEvents, `sub` or `sid` present as strings (step 4), no `nonce` (step 5),
 * and a `jti` string (§2.4 REQUIRED; the caller uses it against replay). Their values are the caller's to check.
 */
export function checkLogoutToken(claims: JsonValue, err: JoseError): bool {
  if (!checkLogoutEvents(claims, err)) return false;
  if (!optionalString(claims, "sub", err) || !optionalString(claims, "sid", err)) return false;
  if (claims.get("sub") === null && claims.get("sid") === null) {
    return err.set(JoseErr.ClaimInvalid, "logout token has neither \"sub\" nor \"sid\"", "sid");
  }
  if (claims.get("nonce") !== null) {
    return err.set(JoseErr.ClaimInvalid, "logout token carries a \"nonce\" claim, which it must not", "nonce");
  }
  const jti = claims.get("jti");
  if (jti === null) return err.set(JoseErr.ClaimInvalid, "logout token has no \"jti\" claim", "jti");
  if (!jti.isString()) return err.set(JoseErr.JwtInvalid, "\"jti\" claim is not a string", "jti");
  return true;
}

// The string claim `name` must be present and equal expected.
function checkStringClaim(claims: JsonValue, name: string, expected: string, err: JoseError): bool {
  const v = claims.get(name);
  if (v === null) return err.set(JoseErr.ClaimInvalid, "token has no \"" + name + "\" claim", name);
  if (!v.isString()) return err.set(JoseErr.JwtInvalid, "\"" + name + "\" claim is not a string", name);
  if (v.string == expected) return true;
  return err.set(JoseErr.ClaimInvalid, name + " " + quoted(v.string) + " is not " + quoted(expected), name);
}

// The claim `name`, when present, must be a string.
function optionalString(claims: JsonValue, name: string, err: JoseError): bool {
  const v = claims.get(name);
  if (v === null || v.isString()) return true;
  return err.set(JoseErr.JwtInvalid, "\"" + name + "\" claim is not a string", name);
}
