// Where a logged-in session lives (issue: "Where per-user state lives"):
// - with a shared cache (redis, hybrid) the record is stored there, sealed and named by an HMAC of a fresh session
//   id (store/secret_store.ts), and the cookie holds a Ticket: the id plus a small summary;
// - without one (memory mode), or when the shared cache is down at login, the cookie holds the whole record.
// Reading accepts both kinds of cookie in every mode, so a fleet can move to Redis one replica at a time. A ticket
// whose record is gone (logout, expiry) is no session; a ticket whose record cannot be read because the cache is
// unreachable serves from its summary, which cannot reflect a revocation: that is logged.

import { CacheErr } from "../cache/cache";
import { logWarn } from "../http/log";
import { indexSession } from "./backchannel";
import { OidcContext } from "./context";
import { clearCookie, readSealed, RequestCookies, sessionCookieName, writeSealed } from "./cookies";
import { randomToken } from "./pkce";
import { decodePayload } from "../session/payload";
import { SessionRecord, Ticket } from "./records";
import { CurrentSession, SessionCookie } from "./session_memo";
import { refreshDue, refreshSession } from "./refresh";

const SESSION_KIND = "session";

/** saveSession stores rec and sets the session cookie; false when neither the cache nor a cookie could take it. */
export function saveSession(ctx: OidcContext, cookies: RequestCookies, rec: SessionRecord, now: i64, secure: bool): bool {
  const name = sessionCookieName(ctx);
  if (ctx.sharedStoreUp) {
    const id = randomToken();
    const bytes = rec.encode();
    const ttlMs = (rec.expiresAt - now) * 1000;
    if (id !== null && bytes !== null && ctx.store.put(SESSION_KIND, id, bytes, ttlMs)) {
      if (ctx.settings.enableBackchannelLogout) indexSession(ctx, id, rec, ttlMs);
      const ticket = new Ticket(id, rec.identity, rec.expiresAt).encode();
      return ticket !== null && writeSealed(ctx, cookies, name, ticket, now, rec.expiresAt, secure);
    }
    logWarn("oidc: the session could not be stored in the cache (" + ctx.store.detail + "); it is kept in the cookie");
  }
  const bytes = rec.encode();
  return bytes !== null && writeSealed(ctx, cookies, name, bytes, now, rec.expiresAt, secure);
}

/** loadSession returns the request's valid session, or null. */
export function loadSession(ctx: OidcContext, cookies: RequestCookies, now: i64): CurrentSession | null {
  let cookie = ctx.sessionMemo.find(now);
  if (cookie === null) {
    cookie = openSessionCookie(ctx, cookies, now);
    if (cookie === null) return null;
    ctx.sessionMemo.remember(cookie);
  }
  const rec = cookie.record;
  if (rec !== null) return cookie.sessionOf(rec, "");
  return ticketSession(ctx, cookie, cookie.ticket!, now);
}

// The cookie holds either the whole record (memory mode) or a ticket: decoded once, told apart by its schema.
function openSessionCookie(ctx: OidcContext, cookies: RequestCookies, now: i64): SessionCookie | null {
  const opened = readSealed(ctx, cookies, sessionCookieName(ctx), now);
  if (opened === null) return null;
  const payload = decodePayload(opened.payload);
  const rec = SessionRecord.from(payload);
  if (rec !== null) return rec.expiresAt > now ? new SessionCookie(rec, null, min(rec.expiresAt, opened.expiresAt)) : null;
  const ticket = Ticket.from(payload);
  if (ticket === null || ticket.expiresAt <= now) return null;
  return new SessionCookie(null, ticket, min(ticket.expiresAt, opened.expiresAt));
}

// A ticket's record is read from the cache on every request, so a logout anywhere ends it (within hybridL1TTL).
function ticketSession(ctx: OidcContext, cookie: SessionCookie, ticket: Ticket, now: i64): CurrentSession | null {
  const stored = ctx.store.get(SESSION_KIND, ticket.sessionId);
  if (stored !== null) {
    let full = storedRecord(cookie, stored);
    if (full === null || full.expiresAt <= now) return null;
    if (refreshDue(ctx, full, now)) full = refreshSession(ctx, ticket.sessionId, full, now);
    return full !== null ? cookie.sessionOf(full, ticket.sessionId) : null;
  }
  // Gone (logged out, or expired in the cache), unless the miss came from this instance's memory behind an open
  // breaker, which never held the record.
  if (ctx.store.err == CacheErr.Ok && !ctx.servedLocally) return null;
  logWarn("oidc: session store unreachable (" + ctx.store.detail + "); serving the session from its cookie, revocation unchecked");
  return new CurrentSession(ticket.identity, ticket.sessionId, null);
}

// Decodes a stored record, unless the cookie's memo holds these very bytes decoded.
function storedRecord(cookie: SessionCookie, stored: Uint8Array): SessionRecord | null {
  // The store hands back the same bytes for an entry it opened before (store/secret_store.ts).
  if (cookie.storedBytes === stored) return cookie.storedRecord;
  const rec = SessionRecord.decode(stored);
  cookie.storedBytes = stored;
  cookie.storedRecord = rec;
  return rec;
}

/** dropSession deletes the session's record (when it has one) and its cookie. */
export function dropSession(ctx: OidcContext, cookies: RequestCookies, session: CurrentSession | null, secure: bool): void {
  if (session !== null && session.sessionId.length > 0) ctx.store.forget(SESSION_KIND, session.sessionId);
  clearCookie(ctx, cookies, sessionCookieName(ctx), secure);
}
