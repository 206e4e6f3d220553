// Token verification against the provider's current keys: the JWKS from the cache, refreshed once when a token
// names a key it lacks (a rotation: OIDC Core §10.1.1 publishes the new key before it signs).

import { JoseErr, JoseError } from "../jose/errors";
import { Jwt, verifyJwt } from "../jose/jwt";
import { JwtOptions } from "../jose/options";
import { OidcContext } from "./context";
import { ProviderMetadata } from "./metadata";

/** verifyProviderJwt verifies token as options say with meta's JWKS at now; null with err on failure. */
export function verifyProviderJwt(ctx: OidcContext, meta: ProviderMetadata, token: string, options: JwtOptions, now: i64, err: JoseError): Jwt | null {
  let jwks = ctx.jwks.get(meta.jwksUri, now);
  if (jwks === null) {
    err.set(JoseErr.JwksInvalid, "provider keys unavailable: " + ctx.jwks.detail);
    return null;
  }
  const jwt = verifyJwt(token, jwks, options, now, err);
  if (jwt !== null || err.code != JoseErr.JwksNoMatchingKey) return jwt;
  jwks = ctx.jwks.get(meta.jwksUri, now, true);
  return jwks === null ? null : verifyJwt(token, jwks, options, now, err);
}

/** providerOptions are the options every token from the provider shares: issuer, skew, algorithms. */
export function providerOptions(ctx: OidcContext, audience: string): JwtOptions {
  const o = new JwtOptions();
  o.issuer = ctx.settings.providerURL;
  o.audience = audience;
  o.clockSkew = ctx.settings.clockSkewSeconds;
  return o;
}
