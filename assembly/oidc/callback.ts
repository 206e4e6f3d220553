// The redirect back from the provider (OIDC Core §3.1.2.5, §3.1.3): the login attempt found by its state, used
// once, the code redeemed, the ID token verified (signature, iss, aud, azp, exp, iat, nonce), the access rules
// applied, and a new session with a new id. Every refusal is logged with its reason and answered without detail.

import { CacheErr } from "../cache/cache";
import { clipText, htmlError, redirect } from "../http/response";
import { logError, logWarn } from "../http/log";
import { QueryParams } from "../http/query";
import { JoseErr, JoseError } from "../jose/errors";
import { Jwt } from "../jose/jwt";
import { checkAuthorizedParty, checkNonce } from "../jose/claims";
import { TYP_ACCESS_TOKEN, TYP_LOGOUT_TOKEN, typMatches } from "../jose/typ";
import { Origin } from "../http/origin";
import { safeRedirect } from "../http/redirect";
import { OidcContext } from "./context";
import { clearCookie, loginCookieName, readSealed, RequestCookies } from "./cookies";
import { denial, identityFromClaims } from "./identity";
import { LOGIN_TTL, unavailable } from "./login";
import { ProviderMetadata } from "./metadata";
import { LoginState, SessionRecord } from "./records";
import { saveSession } from "./sessions";
import { providerOptions, verifyProviderJwt } from "./verify";

const USED_KIND = "login-used";

/** finishLogin handles a request to callbackURL with query. */
export function finishLogin(ctx: OidcContext, cookies: RequestCookies, origin: Origin, query: string, now: i64, secure: bool): i64 {
  const q = new QueryParams();
  if (!q.parse(query) || q.count("state") != 1) return refuse(400, "callback without exactly one state parameter");
  const state = q.get("state")!;
  const error = q.get("error");
  const name = loginCookieName(ctx, state);
  const opened = readSealed(ctx, cookies, name, now);
  clearCookie(ctx, cookies, name, secure);
  if (error !== null) return refuse(401, "the provider refused the login: " + clipText(error, 100, "…"));
  if (opened === null) return refuse(400, "no login in progress for this state (missing, expired or from another browser)");
  const login = LoginState.decode(opened.payload);
  if (login === null) return refuse(400, "unreadable login state");
  if (q.count("code") != 1) return refuse(400, "callback without exactly one code parameter");
  // Single use across replicas: the first callback for a state claims it in the shared cache. While the cache is
  // unreachable logins go on without this ledger: the login cookie is deleted above, and the provider redeems the
  // code once, bound to this login's PKCE verifier.
  if (ctx.sharedStoreUp && !ctx.store.claim(USED_KIND, state, (LOGIN_TTL + ctx.settings.clockSkewSeconds) * 1000)) {
    if (ctx.store.err == CacheErr.Ok) return refuse(400, "login state replayed");
    logWarn("oidc: login state not recorded as used (" + ctx.store.detail + "); going on without the replay ledger");
  }
  const meta = ctx.discovery.metadata(now);
  if (meta === null) return unavailable("oidc: provider metadata unavailable: " + ctx.discovery.detail);
  const redirectUri = origin.toString() + ctx.settings.callbackURL;
  const tokens = ctx.tokens.exchangeCode(meta.tokenEndpoint, q.get("code")!, redirectUri, login.verifier);
  if (tokens === null) return failed("oidc: code exchange failed: " + ctx.tokens.detail);
  const err = new JoseError();
  const jwt = verifyIdToken(ctx, meta, tokens.idToken, now, err);
  if (jwt === null || !checkNonce(jwt.claims, login.nonce, err) || !checkAuthorizedParty(jwt.claims, ctx.settings.clientID, err)) {
    return refuse(401, "ID token refused: " + err.toString());
  }
  const identity = identityFromClaims(jwt.claims, ctx.claimNames);
  const why = denial(identity, ctx.rules);
  if (why.length > 0) {
    logWarn("oidc: access denied: " + why);
    return htmlError(403, "Access denied", "Your account is not allowed to use this site.");
  }
  const exp = jwt.claims.get("exp");
  const tokensExpireAt = tokens.expiresIn >= 0 ? now + tokens.expiresIn : exp !== null && exp.isNumber() ? <i64>exp.number : now;
  const record = new SessionRecord(identity, tokens.idToken, tokens.refreshToken, now, now + ctx.settings.sessionMaxAge, tokensExpireAt);
  if (!saveSession(ctx, cookies, record, now, secure)) return unavailable("oidc: the session could not be saved");
  return redirect(safeRedirect(login.returnTo, origin, "/"));
}

// An ID token for this client, signed with one of the algorithms the provider announces for ID tokens.
function verifyIdToken(ctx: OidcContext, meta: ProviderMetadata, token: string, now: i64, err: JoseError): Jwt | null {
  const options = providerOptions(ctx, ctx.settings.clientID);
  options.requireIat = true;
  if (meta.idTokenSigningAlgValuesSupported.length > 0) options.algorithms = meta.idTokenSigningAlgValuesSupported;
  const jwt = verifyProviderJwt(ctx, meta, token, options, now, err);
  // An access or logout token is no ID token, however well signed (RFC 8725 §3.11).
  if (jwt !== null && (typMatches(jwt.header, TYP_ACCESS_TOKEN) || typMatches(jwt.header, TYP_LOGOUT_TOKEN))) {
    err.set(JoseErr.ClaimInvalid, "typ says this is not an ID token", "typ");
    return null;
  }
  return jwt;
}

function refuse(status: i32, why: string): i64 {
  logWarn("oidc: callback refused: " + why);
  return htmlError(status, "Sign-in failed", "The sign-in could not be completed. Please start again.");
}

function failed(why: string): i64 {
  logError(why);
  return htmlError(502, "Sign-in failed", "The identity provider did not complete the sign-in. Please start again.");
}

