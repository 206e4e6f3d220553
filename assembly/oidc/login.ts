// Starting a login (OIDC Core §3.1.2.1): a fresh state, nonce and PKCE verifier, kept in a sealed cookie named
// after the state (so parallel logins in one browser never clobber each other) that lives LOGIN_TTL seconds, then
// a redirect to the provider's authorization endpoint. The state's single use is enforced at the callback.

import { QueryBuilder } from "../http/query";
import { htmlError, redirect } from "../http/response";
import { logError } from "../http/log";
import { OidcContext } from "./context";
import { loginCookieName, RequestCookies, writeSealed } from "./cookies";
import { pkceChallenge, randomToken } from "./pkce";
import { LoginState } from "./records";

/** LOGIN_TTL: seconds a user has to finish logging in at the provider. */
export const LOGIN_TTL: i64 = 600;

/** startLogin answers with the redirect to the provider; returnTo is where the user goes afterwards. */
export function startLogin(ctx: OidcContext, cookies: RequestCookies, origin: string, returnTo: string, now: i64, secure: bool): i64 {
  const meta = ctx.discovery.metadata(now);
  if (meta === null) return unavailable("oidc: provider metadata unavailable: " + ctx.discovery.detail);
  const state = randomToken(), nonce = randomToken(), verifier = randomToken();
  if (state === null || nonce === null || verifier === null) return unavailable("oidc: no randomness from the host");
  const s = ctx.settings;
  const login = new LoginState(nonce, s.enablePKCE ? verifier : "", returnTo, now).encode();
  if (login === null || !writeSealed(ctx, cookies, loginCookieName(ctx, state), login, now, now + LOGIN_TTL, secure)) {
    return unavailable("oidc: the login cookie could not be written");
  }
  const q = new QueryBuilder();
  q.add("response_type", "code").add("client_id", s.clientID).add("redirect_uri", origin + s.callbackURL);
  q.add("scope", s.scopes.join(" ")).add("state", state).add("nonce", nonce);
  if (s.enablePKCE) q.add("code_challenge", pkceChallenge(verifier)).add("code_challenge_method", "S256");
  const endpoint = meta.authorizationEndpoint;
  return redirect(endpoint + (endpoint.includes("?") ? "&" : "?") + q.toString());
}

/** unavailable logs why and answers 503: the provider or the host failed, not the user. */
export function unavailable(why: string): i64 {
  logError(why);
  return htmlError(503, "Sign-in unavailable", "The identity provider cannot be reached. Try again shortly.");
}
