// Which JWKS keys may verify a token: the token's `kid` picks keys by name, then each key must fit the token's
// algorithm: usable, of the algorithm's key type and curve, and allowed by its own alg, use and key_ops.
//
// A token without `kid` is tried against every fitting key, in JWKS order, as go-oidc does, but only while
// there are at most MAX_CANDIDATES of them: providers that omit kid publish one or two keys (rotation), and a
// bound keeps a kid-less token from costing more than a few verifications. More fitting keys and no kid fail
// with JwksMultipleMatchingKeys before any signature is checked. Trying several keys gives a forger nothing:
// each is the provider's own key, and a signature must verify under one of them.

import { JwsAlgorithm } from "./algorithms";
import { JoseErr, JoseError, joseFail, quoted } from "./errors";
import { Jwk } from "./jwk";
import { Jwks } from "./jwks";

/** MAX_CANDIDATES bounds the keys one token is verified against (kid-less tokens, or keys sharing one kid). */
export const MAX_CANDIDATES: i32 = 4;
// How many kids a "not in JWKS" message lists.
// @ts-ignore: decorator
@inline const KIDS_LISTED: i32 = 5;

/**
 * selectKeys returns the keys, at least one and at most MAX_CANDIDATES, that a token with this alg and kid (null
 * when the header has none) may be verified with, in JWKS order. With a kid only keys with exactly that kid
 * count (RFC 7515 §4.1.4; a key without kid never matches a token with one). Null with JwksNoMatchingKey when
 * none fits, naming the reason, or JwksMultipleMatchingKeys past the bound.
 */
export function selectKeys(jwks: Jwks, alg: JwsAlgorithm, kid: string | null, err: JoseError): Array<Jwk> | null {
  const keys = jwks.keys;
  const fitting = new Array<Jwk>();
  let named = 0;
  let firstProblem = "";
  for (let i = 0; i < keys.length; i++) {
    const k = unchecked(keys[i]); // i < keys.length
    if (kid !== null) {
      const own = k.kid;
      if (own === null || own != kid) continue;
      named++;
    }
    const problem = fitProblem(k, alg);
    if (problem.length == 0) fitting.push(k);
    // Without a kid, the reason worth reporting is that of a key of the right type (wrong curve, alg, use).
    else if (firstProblem.length == 0 && (kid !== null || k.keyType == alg.keyType)) {
      firstProblem = k.label + " " + problem;
    }
  }
  if (kid !== null && named == 0) {
    return joseFail<Array<Jwk>>(err, JoseErr.JwksNoMatchingKey, "kid " + quoted(kid) + " not in JWKS" + kidsOf(jwks));
  }
  if (fitting.length == 0) {
    if (kid !== null) return joseFail<Array<Jwk>>(err, JoseErr.JwksNoMatchingKey, firstProblem);
    return joseFail<Array<Jwk>>(err, JoseErr.JwksNoMatchingKey,
      "token has no kid and no key in the JWKS fits " + alg.name + " (it needs " + alg.keyNeeded + ")" +
      (keys.length == 0 ? "; the JWKS is empty" : firstProblem.length != 0 ? "; " + firstProblem : ""));
  }
  if (fitting.length > MAX_CANDIDATES) {
    const which = kid !== null ? "keys share kid " + quoted(kid) : "keys fit " + alg.name + " and the token has no kid";
    return joseFail<Array<Jwk>>(err, JoseErr.JwksMultipleMatchingKeys,
      fitting.length.toString() + " " + which + "; at most " + MAX_CANDIDATES.toString() + " are tried");
  }
  return fitting;
}

/**
 * fitProblem says why key k cannot verify a token signed with alg, or returns "" when it can: it must be usable,
 * of alg's key type and curve (an RSA key only for RS and PS, P-256 only for ES256, Ed25519 only for EdDSA), and
 * when it has them, its `alg` must equal alg (RFC 7517 §4.4), its `use` be "sig" (§4.2) and its `key_ops` hold
 * "verify" (§4.3).
 */
export function fitProblem(k: Jwk, alg: JwsAlgorithm): string {
  if (!k.usable) return "cannot be used: " + k.problem;
  if (k.keyType != alg.keyType || k.curve != alg.curve) {
    return "is " + k.description + "; " + alg.name + " needs " + alg.keyNeeded;
  }
  const own = k.alg;
  if (own !== null && own != alg.name) return "is for alg " + quoted(own) + ", the token uses " + alg.name;
  const use = k.use;
  if (use !== null && use != "sig") return "has use " + quoted(use) + ", not \"sig\"";
  const ops = k.keyOps;
  if (ops !== null && !ops.includes("verify")) return "has key_ops without \"verify\"";
  return "";
}

// " (kids: "a", "b")", the first few kids of the set, or why there are none, for a "kid not in JWKS" message.
function kidsOf(jwks: Jwks): string {
  const keys = jwks.keys;
  if (keys.length == 0) return " (the JWKS is empty)";
  let out = "";
  let listed = 0;
  for (let i = 0; i < keys.length && listed < KIDS_LISTED; i++) {
    const kid = unchecked(keys[i]).kid; // i < keys.length
    if (kid === null) continue;
    out += (listed == 0 ? " (kids: " : ", ") + quoted(kid);
    listed++;
  }
  if (listed == 0) return " (no key in it has a kid)";
  return out + (listed < countKids(jwks) ? ", ...)" : ")");
}

function countKids(jwks: Jwks): i32 {
  let n = 0;
  for (let i = 0; i < jwks.keys.length; i++) if (unchecked(jwks.keys[i]).kid !== null) n++; // i < length
  return n;
}
