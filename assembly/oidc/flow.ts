// The OIDC middleware's decisions for one request, in this order:
// 1. identity headers the client sent are removed, whatever happens next (no spoofed X-Forwarded-User);
// 2. callbackURL finishes a login, logoutURL ends the session, backchannelLogoutURL takes the provider's logout
//    tokens;
// 3. an excludedURLs prefix passes unauthenticated;
// 4. with enableBearerAuth, a request carrying a bearer token passes or fails on that token alone;
// 5. a valid session passes, with the identity headers set;
// 6. otherwise a browser navigation is sent to the provider, and anything else (fetch, XHR, API clients) gets 401:
//    a redirect would only confuse them.
// No request header opens a bypass.

import { HeaderKind } from "../abi/http_handler";
import { EncodedHeader, removeHeader, removeHeaders, requestHeader, setEncodedHeader, setHeader } from "../http/headers";
import { jsonError, redirect } from "../http/response";
import { requestMethod } from "../http/request";
import { Origin } from "../http/origin";
import { QueryBuilder } from "../http/query";
import { readRequestBody } from "../http/body";
import { bearerToken, challenge, checkBearer } from "./bearer";
import { receiveLogout } from "./backchannel";
import { OidcContext } from "./context";
import { RequestCookies } from "./cookies";
import { finishLogin } from "./callback";
import { Identity } from "./identity";
import { startLogin } from "./login";
import { dropSession, loadSession } from "./sessions";

const MAX_LOGOUT_BODY: i32 = 32 * 1024;
// The request's cookies, parsed on first use; reset at the start of every request.
const requestCookies = new RequestCookies();

/** CALL_NEXT asks the host to pass the request on. */
export const CALL_NEXT: i64 = 1;

/**
 * handleOidc decides one request: uri is its request target, path the part before any query, origin the external
 * origin, now the wall clock in seconds.
 */
export function handleOidc(ctx: OidcContext, uri: string, path: string, external: Origin, now: i64): i64 {
  // forceHTTPS: TLS ends in front of Traefik, so the browser's scheme is https whatever the entrypoint saw.
  const origin = ctx.settings.forceHTTPS && external.scheme != "https" ? new Origin("https", external.host, external.port) : external;
  removeHeaders(HeaderKind.Request, ctx.spoofableHeaders);
  const q = path.length < uri.length ? path.length : -1;
  const s = ctx.settings;
  const secure = origin.scheme == "https";
  const cookies = requestCookies;
  cookies.reset();
  if (path == s.callbackURL) return finishLogin(ctx, cookies, origin, q >= 0 ? uri.substring(q + 1) : "", now, secure);
  if (path == s.logoutURL) return logout(ctx, cookies, origin, now, secure);
  if (s.enableBackchannelLogout && path == s.backchannelLogoutURL) return backchannel(ctx, now);
  for (let i = 0; i < s.excludedURLs.length; i++) if (path.startsWith(s.excludedURLs[i])) return CALL_NEXT;
  if (s.enableBearerAuth) {
    const token = bearerToken(requestHeader("authorization"));
    if (token !== null) {
      const outcome = checkBearer(ctx, token, now);
      const id = outcome.identity;
      if (id === null) return outcome.response;
      setIdentityHeaders(ctx, id);
      return CALL_NEXT;
    }
  }
  const session = loadSession(ctx, cookies, now);
  if (session !== null) {
    setIdentityHeaders(ctx, session.identity);
    if (s.stripAuthCookies) stripCookies(ctx);
    return CALL_NEXT;
  }
  if (!isNavigation()) {
    if (s.enableBearerAuth) return challenge("a bearer token or a session is required");
    return jsonError(401, "unauthorized", "a session is required: sign in with a browser");
  }
  return startLogin(ctx, cookies, origin.toString(), origin.toString() + uri, now, secure);
}

// RP-initiated logout (OIDC RP-Initiated Logout 1.0 §2): only a same-origin POST, or a top-level navigation, may
// log a user out; a cross-site sub-request (an <img> pointing here) may not.
function logout(ctx: OidcContext, cookies: RequestCookies, origin: Origin, now: i64, secure: bool): i64 {
  const site = requestHeader("sec-fetch-site");
  if (site !== null && site != "same-origin" && site != "none" && !isNavigation()) {
    return jsonError(403, "forbidden", "cross-site logout refused");
  }
  const session = loadSession(ctx, cookies, now);
  dropSession(ctx, cookies, session, secure);
  const s = ctx.settings;
  const after = s.postLogoutRedirectURI.length > 0 ? s.postLogoutRedirectURI : origin.toString() + "/";
  // Without the provider's end_session_endpoint the local logout is all there is.
  const meta = ctx.discovery.metadata(now);
  if (meta === null || meta.endSessionEndpoint.length == 0) return redirect(after);
  const q = new QueryBuilder();
  q.add("client_id", s.clientID).add("post_logout_redirect_uri", after);
  if (session !== null && session.record !== null) q.add("id_token_hint", session.record!.idToken);
  const endpoint = meta.endSessionEndpoint;
  return redirect(endpoint + (endpoint.includes("?") ? "&" : "?") + q.toString());
}

// A logout token is a few KiB; anything much larger is no logout token.
function backchannel(ctx: OidcContext, now: i64): i64 {
  const body = readRequestBody(MAX_LOGOUT_BODY);
  if (body === null) return jsonError(413, "invalid_request", "body too large");
  return receiveLogout(ctx, requestMethod(), String.UTF8.decode(body.buffer), now);
}

// The headers are the same on every request of a session, so they are checked and encoded once per identity.
function setIdentityHeaders(ctx: OidcContext, id: Identity): void {
  let lines = id.encodedHeaders;
  if (lines === null) {
    lines = identityHeaders(ctx, id);
    id.encodedHeaders = lines;
  }
  for (let i = 0; i < lines.length; i++) setEncodedHeader(HeaderKind.Request, lines[i]);
}

function identityHeaders(ctx: OidcContext, id: Identity): Array<EncodedHeader> {
  const out = new Array<EncodedHeader>();
  addHeader(out, "x-forwarded-user", id.user);
  for (let i = 0; i + 1 < id.headers.length; i += 2) addHeader(out, id.headers[i], id.headers[i + 1]);
  if (ctx.settings.minimalHeaders) return out;
  addHeader(out, "x-auth-request-user", id.user);
  if (id.email.length > 0) addHeader(out, "x-auth-request-email", id.email);
  if (id.groups.length > 0) addHeader(out, "x-auth-request-groups", id.groups.join(","));
  if (id.roles.length > 0) addHeader(out, "x-auth-request-roles", id.roles.join(","));
  return out;
}

// A value that cannot be a header (a claim with a line break) is left out: never a split header.
function addHeader(out: Array<EncodedHeader>, name: string, value: string): void {
  const h = EncodedHeader.of(name, value);
  if (h !== null) out.push(h);
}

// stripAuthCookies: the backend gets the request's cookies without ours (they can be large, and are none of its
// business).
function stripCookies(ctx: OidcContext): void {
  const header = requestHeader("cookie");
  if (header === null) return;
  const prefix = ctx.settings.cookiePrefix;
  const kept = new Array<string>();
  const parts = header.split(";");
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i].trim();
    if (p.length > 0 && !p.startsWith(prefix)) kept.push(p);
  }
  if (kept.length == 0) removeHeader(HeaderKind.Request, "cookie");
  else setHeader(HeaderKind.Request, "cookie", kept.join("; "));
}

// A top-level browser navigation: Sec-Fetch-Mode says so when present; older clients are judged by method and
// Accept (a browser asks for text/html).
function isNavigation(): bool {
  const method = requestMethod();
  if (method != "GET" && method != "HEAD") return false;
  const mode = requestHeader("sec-fetch-mode");
  if (mode !== null) return mode == "navigate";
  const accept = requestHeader("accept");
  return accept !== null && accept.includes("text/html");
}
