// Token refresh for sessions stored in Redis: once the provider's tokens are within refreshGracePeriodSeconds of
// expiring, ONE replica refreshes them, holding a short lease in the cache (an atomic claim); the others keep
// serving the current tokens meanwhile. The new tokens (and a rotated refresh token) are stored at once, well before
// the lease ends. A refresh the provider refuses with invalid_grant (the user was logged out or deprovisioned there)
// ends the session; other failures leave it as it is, to be retried after the lease.
//
// Sessions kept in cookies are not refreshed: two tabs of one browser would race on a rotating refresh token and
// lose the session. They last sessionMaxAge.

import { logInfo, logWarn } from "../http/log";
import { JoseError } from "../jose/errors";
import { OidcContext } from "./context";
import { denial, identityFromClaims } from "./identity";
import { SessionRecord } from "./records";
import { providerOptions, verifyProviderJwt } from "./verify";

const LEASE_MS: i64 = 15_000;
const LEASE_KIND = "refresh-lease";
const SESSION_KIND = "session";

/** refreshDue says whether rec's tokens should be refreshed at now. */
export function refreshDue(ctx: OidcContext, rec: SessionRecord, now: i64): bool {
  const grace = ctx.settings.refreshGracePeriodSeconds;
  return grace > 0 && rec.refreshToken.length > 0 && now >= rec.tokensExpireAt - grace;
}

/**
 * refreshSession refreshes the tokens of the session stored under sessionId if this replica wins the lease. It
 * returns the record to use for this request: the new one, the current one, or null when the session has ended.
 */
export function refreshSession(ctx: OidcContext, sessionId: string, rec: SessionRecord, now: i64): SessionRecord | null {
  if (!ctx.store.claim(LEASE_KIND, sessionId, LEASE_MS)) return rec; // another replica is at it, or no cache
  const meta = ctx.discovery.metadata(now);
  if (meta === null) return rec;
  const tokens = ctx.tokens.refresh(meta.tokenEndpoint, rec.refreshToken);
  if (tokens === null) {
    if (!ctx.tokens.invalidGrant) { logWarn("oidc: refresh failed, the session goes on: " + ctx.tokens.detail); return rec; }
    logInfo("oidc: the provider refused the refresh token; the session ends");
    ctx.store.forget(SESSION_KIND, sessionId);
    return null;
  }
  let identity = rec.identity;
  let idToken = rec.idToken;
  let expires = tokens.expiresIn >= 0 ? now + tokens.expiresIn : now + ctx.settings.refreshGracePeriodSeconds * 2;
  if (tokens.idToken.length > 0) {
    const err = new JoseError();
    const jwt = verifyProviderJwt(ctx, meta, tokens.idToken, providerOptions(ctx, ctx.settings.clientID), now, err);
    // OIDC Core §12.2: a refreshed ID token must name the same user.
    if (jwt === null || identityFromClaims(jwt.claims, ctx.claimNames).sub != rec.identity.sub) {
      logWarn("oidc: refreshed ID token refused (" + err.toString() + "); the session ends");
      ctx.store.forget(SESSION_KIND, sessionId);
      return null;
    }
    identity = identityFromClaims(jwt.claims, ctx.claimNames);
    identity.sid = rec.identity.sid.length > 0 ? rec.identity.sid : identity.sid; // the logout index names the login's sid
    idToken = tokens.idToken;
    const exp = jwt.claims.get("exp");
    if (exp !== null && exp.isNumber()) expires = <i64>exp.number;
  }
  if (denial(identity, ctx.rules).length > 0) {
    logInfo("oidc: after a refresh the user no longer passes the access rules; the session ends");
    ctx.store.forget(SESSION_KIND, sessionId);
    return null;
  }
  const refreshToken = tokens.refreshToken.length > 0 ? tokens.refreshToken : rec.refreshToken;
  const next = new SessionRecord(identity, idToken, refreshToken, rec.createdAt, rec.expiresAt, expires);
  const bytes = next.encode();
  if (bytes === null || !ctx.store.put(SESSION_KIND, sessionId, bytes, (rec.expiresAt - now) * 1000)) {
    logWarn("oidc: refreshed tokens not stored: " + ctx.store.detail);
  }
  return next;
}
