// What a caller asks of a verification. The zero values are the strict ones (go-oidc): an empty issuer or audience
// refuses every token unless its insecureSkip flag says otherwise, expiry is required, skew is zero.

/** JwsOptions restricts signature verification (jws.ts). */
export class JwsOptions {
  /**
   * algorithms allows only these `alg` values (for example the provider's id_token_signing_alg_values_supported);
   * null allows every algorithm in the table (algorithms.ts). `none` and HS* are refused either way.
   */
  algorithms: Array<string> | null = null;
}

/** JwtOptions adds the claims checks of verifyJwt (jwt.ts) to JwsOptions. */
export class JwtOptions extends JwsOptions {
  /** issuer must equal `iss` exactly (OIDC Core §3.1.3.7 step 2). Empty: every token fails, unless skipped. */
  issuer: string = "";
  /** audience must equal `aud` or be one of its values (step 3). Empty: every token fails, unless skipped. */
  audience: string = "";
  /**
   * typ, when not null, is the `typ` header the token must carry, compared as RFC 7515 §4.1.9 says (typ.ts):
   * "at+jwt" for RFC 9068 access tokens, "logout+jwt" for back-channel logout tokens.
   */
  typ: string | null = null;
  /** clockSkew is the tolerance in seconds, at least 0, applied to exp, nbf and iat. */
  clockSkew: i64 = 0;
  /** requireExp refuses a token without `exp` (ID tokens: OIDC Core §2 makes it REQUIRED). */
  requireExp: bool = true;
  /** requireIat refuses a token without `iat`. */
  requireIat: bool = false;
  /** maxAge, when at least 0, refuses a token whose `iat` is more than maxAge seconds old (and requires iat). */
  maxAge: i64 = -1;
  /** insecureSkipIssuerCheck accepts any `iss`; only for a caller that checks it itself. */
  insecureSkipIssuerCheck: bool = false;
  /** insecureSkipAudienceCheck accepts any `aud`; only for a caller that checks it itself. */
  insecureSkipAudienceCheck: bool = false;
}
