// OpenID Connect Back-Channel Logout 1.0: the provider POSTs a signed logout token naming a provider session (`sid`)
// or a user (`sub`), and every replica must stop accepting the matching sessions. Sessions live in Redis in this
// mode (the configuration requires it), so revoking is deleting their records; the indexes written at login find
// them without a scan:
// - `sid` -> the session id of the login that carried that provider session;
// - `sub` -> numbered slots, one per login (slot numbers from an atomic counter, so two logins never share one),
//   of which the newest MAX_SLOTS are revoked.
// Each token's `jti` is accepted once across all replicas (the atomic ledger); a replay answers 400.

import { CacheErr } from "../cache/cache";
import { logInfo, logWarn } from "../http/log";
import { jsonError, respond } from "../http/response";
import { QueryParams } from "../http/query";
import { checkLogoutToken, claimString } from "../jose/claims";
import { JoseError } from "../jose/errors";
import { OidcContext } from "./context";
import { SessionRecord } from "./records";
import { providerOptions, verifyProviderJwt } from "./verify";

const MAX_SLOTS: i64 = 50;
const MAX_TOKEN_AGE: i64 = 300;
const SESSION_KIND = "session";
const SID_KIND = "sid-session";
const SUB_COUNT_KIND = "sub-slots";
const SUB_SLOT_KIND = "sub-slot";
const JTI_KIND = "logout-jti";

/** indexSession records a new server-side session under its provider sid and its user, for later revocation. */
export function indexSession(ctx: OidcContext, sessionId: string, rec: SessionRecord, ttlMs: i64): void {
  const id = Uint8Array.wrap(String.UTF8.encode(sessionId));
  const sid = rec.identity.sid, sub = rec.identity.sub;
  if (sid.length > 0 && !ctx.store.put(SID_KIND, sid, id, ttlMs)) logWarn("oidc: sid index not written: " + ctx.store.detail);
  if (sub.length == 0) return;
  const slot = ctx.store.count(SUB_COUNT_KIND, sub, ttlMs);
  if (slot <= 0 || !ctx.store.put(SUB_SLOT_KIND, sub + "\n" + slot.toString(), id, ttlMs)) {
    logWarn("oidc: sub index not written: " + ctx.store.detail);
  }
}

/** receiveLogout handles a POST to backchannelLogoutURL with its form body. */
export function receiveLogout(ctx: OidcContext, method: string, body: string, now: i64): i64 {
  if (method != "POST") return jsonError(405, "invalid_request", "POST a logout_token");
  const form = new QueryParams();
  if (!form.parse(body) || form.count("logout_token") != 1) return jsonError(400, "invalid_request", "exactly one logout_token");
  const meta = ctx.discovery.metadata(now);
  if (meta === null) return jsonError(503, "temporarily_unavailable", "provider metadata unavailable");
  const err = new JoseError();
  const o = providerOptions(ctx, ctx.settings.clientID);
  o.requireExp = false; // §2.4 makes iat, not exp, required; a short maxAge bounds its life instead
  o.maxAge = MAX_TOKEN_AGE;
  const jwt = verifyProviderJwt(ctx, meta, form.get("logout_token")!, o, now, err);
  if (jwt === null || !checkLogoutToken(jwt.claims, err)) {
    logWarn("oidc: logout token refused: " + err.toString());
    return jsonError(400, "invalid_request", "logout token refused");
  }
  const claims = jwt.claims;
  const jti = claimString(claims, "jti")!;
  const claimed = ctx.store.claim(JTI_KIND, jti, (MAX_TOKEN_AGE + 2 * ctx.settings.clockSkewSeconds) * 1000);
  // Behind an open breaker the claim and the deletions would land in this instance's memory only, and the
  // provider, told 200, would never send the token again: 503 makes it retry once Redis answers.
  if (ctx.servedLocally || (!claimed && ctx.store.err != CacheErr.Ok)) {
    return jsonError(503, "temporarily_unavailable", "the logout ledger is unavailable");
  }
  if (!claimed) {
    logWarn("oidc: logout token replayed (jti already used)");
    return jsonError(400, "invalid_request", "logout token already used");
  }
  const sid = claimString(claims, "sid");
  const sub = claimString(claims, "sub");
  let revoked = 0;
  if (sid !== null) revoked += revokeIndexed(ctx, SID_KIND, sid);
  if (sid === null && sub !== null) {
    const last = ctx.store.counter(SUB_COUNT_KIND, sub);
    for (let n = last; n > 0 && n > last - MAX_SLOTS; n--) revoked += revokeIndexed(ctx, SUB_SLOT_KIND, sub + "\n" + n.toString());
  }
  logInfo("oidc: back-channel logout revoked " + revoked.toString() + " session(s)");
  return respond(200, null, null);
}

// Deletes the session an index entry points to, and the entry; 1 when a session was deleted.
function revokeIndexed(ctx: OidcContext, kind: string, key: string): i32 {
  const id = ctx.store.take(kind, key);
  if (id === null) return 0;
  return ctx.store.forget(SESSION_KIND, String.UTF8.decode(id.buffer)) ? 1 : 0;
}
