// The time claims of a JWT (RFC 7519 §4.1.4-§4.1.6): exp, nbf and iat against a clock the caller passes in, in
// seconds, never read here. NumericDate values are JSON numbers, fractions allowed; all comparisons are in f64,
// exact for every time a clock or a real token holds (below 2^53).

import { JsonValue } from "../json/value";
import { JoseErr, JoseError, secondsText } from "./errors";
import { JwtOptions } from "./options";

/**
 * checkTimes applies, in this order, with s = options.clockSkew:
 * - nbf: refused while now + s < nbf (RFC 7519 §4.1.5);
 * - exp: refused once now - s >= exp (§4.1.4: "on or after"), JwtExpired; required when options.requireExp;
 * - iat: required when options.requireIat or options.maxAge >= 0; with maxAge, refused when more than maxAge + s
 *   seconds old (JwtExpired) or more than s seconds in the future. Without maxAge iat is only type-checked, as in
 *   jose: a provider's clock running ahead should not fail tokens that nbf and exp accept.
 * A time claim that is not a number is JwtInvalid. A negative clockSkew is OptionsInvalid. err is reset first.
 */
export function checkTimes(claims: JsonValue, now: i64, options: JwtOptions, err: JoseError): bool {
  err.reset();
  if (options.clockSkew < 0) return err.set(JoseErr.OptionsInvalid, "clockSkew is negative");
  const t = <f64>now, skew = <f64>options.clockSkew;
  const nbf = numericDate(claims, "nbf", false, err);
  if (isNaN(nbf) && !err.ok) return false;
  if (!isNaN(nbf) && t + skew < nbf) {
    return err.set(JoseErr.ClaimInvalid, "token is not valid for another " + secondsText(Math.ceil(nbf - t)) +
      " s (nbf " + secondsText(nbf) + ", clock skew " + options.clockSkew.toString() + " s)", "nbf");
  }
  const exp = numericDate(claims, "exp", options.requireExp, err);
  if (isNaN(exp) && !err.ok) return false;
  if (!isNaN(exp) && t - skew >= exp) {
    return err.set(JoseErr.JwtExpired, "token expired " + secondsText(t - exp) + " s ago (exp " + secondsText(exp) +
      ", clock skew " + options.clockSkew.toString() + " s)", "exp");
  }
  const maxAge = options.maxAge;
  const iat = numericDate(claims, "iat", options.requireIat || maxAge >= 0, err);
  if (isNaN(iat) && !err.ok) return false;
  if (maxAge < 0 || isNaN(iat)) return true;
  const age = t - iat;
  if (age - skew > <f64>maxAge) {
    return err.set(JoseErr.JwtExpired, "token was issued " + secondsText(age) + " s ago; the maximum age is " +
      maxAge.toString() + " s (clock skew " + options.clockSkew.toString() + " s)", "iat");
  }
  if (age < -skew) {
    return err.set(JoseErr.ClaimInvalid, "iat is " + secondsText(Math.ceil(-age)) + " s in the future (clock skew " +
      options.clockSkew.toString() + " s)", "iat");
  }
  return true;
}

// The NumericDate claim `name`, or NaN when it is absent (err untouched unless required) or not a number (err
// set). The JSON parser never yields NaN or an infinity, so NaN here always means "no value".
function numericDate(claims: JsonValue, name: string, required: bool, err: JoseError): f64 {
  const v = claims.get(name);
  if (v === null) {
    if (required) err.set(JoseErr.ClaimInvalid, "token has no \"" + name + "\" claim", name);
    return NaN;
  }
  if (!v.isNumber()) {
    err.set(JoseErr.JwtInvalid, "\"" + name + "\" claim is not a number (RFC 7519 §2 NumericDate)", name);
    return NaN;
  }
  return v.number;
}
