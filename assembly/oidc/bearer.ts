// Bearer mode (opt-in, enableBearerAuth): API clients send `Authorization: Bearer <JWT access token>` (RFC 6750,
// RFC 9068). The token must be signed by the provider, name the configured `audience`, be current, and pass the
// access rules; it is reusable until it expires, so nothing here records it (no replay "detection" on reusable
// tokens, peers-and-pitfalls.md). Failures answer 401 with a WWW-Authenticate challenge, never a redirect.

import { HeaderKind } from "../abi/http_handler";
import { setHeader } from "../http/headers";
import { jsonError } from "../http/response";
import { logInfo } from "../http/log";
import { JoseErr, JoseError } from "../jose/errors";
import { TYP_LOGOUT_TOKEN, typMatches } from "../jose/typ";
import { OidcContext } from "./context";
import { denial, Identity, identityFromClaims } from "./identity";
import { providerOptions, verifyProviderJwt } from "./verify";

/** BearerOutcome is the identity of a valid token, or the response already written for an invalid one. */
export class BearerOutcome {
  constructor(readonly identity: Identity | null, readonly response: i64) {}
}

/** bearerToken returns the token of an `Authorization: Bearer` header, or null when there is none. */
export function bearerToken(header: string | null): string | null {
  if (header === null || header.length < 7) return null;
  if (header.substring(0, 7).toLowerCase() != "bearer ") return null;
  return header.substring(7).trim();
}

/** checkBearer verifies token at now; on failure the 401 or 403 is already written. */
export function checkBearer(ctx: OidcContext, token: string, now: i64): BearerOutcome {
  const meta = ctx.discovery.metadata(now);
  if (meta === null) return new BearerOutcome(null, jsonError(503, "temporarily_unavailable", "provider metadata unavailable"));
  const err = new JoseError();
  const jwt = verifyProviderJwt(ctx, meta, token, providerOptions(ctx, ctx.settings.audience), now, err);
  if (jwt !== null && typMatches(jwt.header, TYP_LOGOUT_TOKEN)) err.set(JoseErr.ClaimInvalid, "a logout token is no access token", "typ");
  if (jwt === null || !err.ok) {
    logInfo("oidc: bearer token refused: " + err.toString());
    return new BearerOutcome(null, challenge(err.code == JoseErr.JwtExpired ? "the access token expired" : "the access token is not valid here"));
  }
  const identity = identityFromClaims(jwt.claims, ctx.claimNames);
  const why = denial(identity, ctx.rules);
  if (why.length > 0) {
    logInfo("oidc: bearer access denied: " + why);
    setHeader(HeaderKind.Response, "www-authenticate", "Bearer error=\"insufficient_scope\"");
    return new BearerOutcome(null, jsonError(403, "insufficient_scope", "not allowed"));
  }
  return new BearerOutcome(identity, 0);
}

/** challenge answers 401 with RFC 6750 §3's invalid_token challenge. */
export function challenge(description: string): i64 {
  setHeader(HeaderKind.Response, "www-authenticate", "Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
  return jsonError(401, "invalid_token", description);
}
