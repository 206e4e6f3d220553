// The middleware's cookies: names under `cookiePrefix`, attributes from the configuration (HttpOnly, Secure per
// forceHTTPS or the external scheme, SameSite=Lax so the provider's redirect back carries them, Path=/, Domain),
// sealed values (session/sealed.ts), split over several cookies when long (session/chunks.ts).

import { HeaderKind } from "../abi/http_handler";
import { CookieJar } from "../http/cookie";
import { addHeader, requestHeaderValues } from "../http/headers";
import { SameSite, SetCookie } from "../http/set_cookie";
import { chunkCookies, clearChunkedCookies, readChunks } from "../session/chunks";
import { openCookie, OpenedCookie, sealCookie } from "../session/sealed";
import { OidcContext } from "./context";

/** SESSION_COOKIE and LOGIN_COOKIE follow cookiePrefix. One login cookie per attempt, named by its state. */
export const SESSION_COOKIE = "session";
const LOGIN_COOKIE = "login_";
const LOGIN_NAME_CHARS: i32 = 12;

/** RequestCookies is the request's Cookie header, parsed once, when first needed (a remembered session never is). */
export class RequestCookies {
  private parsed: CookieJar | null = null;

  /** reset forgets the cookies read, for the next request (one object serves every request of an instance). */
  reset(): void {
    this.parsed = null;
  }

  get jar(): CookieJar {
    const known = this.parsed;
    if (known !== null) return known;
    const jar = new CookieJar();
    const values = requestHeaderValues("cookie");
    // A malformed header leaves what parsed before the error; nothing below trusts a value it cannot open.
    for (let i = 0; i < values.length; i++) jar.parse(values[i]);
    this.parsed = jar;
    return jar;
  }
}

/** loginCookieName is the cookie of the login attempt with this state: parallel logins never clobber each other. */
export function loginCookieName(ctx: OidcContext, state: string): string {
  return ctx.settings.cookiePrefix + LOGIN_COOKIE + state.substring(0, LOGIN_NAME_CHARS);
}

/** sessionCookieName is the session cookie's name. */
export function sessionCookieName(ctx: OidcContext): string {
  return ctx.settings.cookiePrefix + SESSION_COOKIE;
}

/** attributes returns the Set-Cookie attributes for a cookie living maxAge seconds (0 deletes it). */
export function attributes(ctx: OidcContext, secure: bool, maxAge: i64): SetCookie {
  const a = new SetCookie("", "");
  a.secure = secure || ctx.settings.forceHTTPS;
  a.sameSite = SameSite.Lax;
  a.httpOnly = true;
  a.path = "/";
  a.maxAge = maxAge;
  if (ctx.settings.cookieDomain.length > 0) a.domain = ctx.settings.cookieDomain;
  return a;
}

/** writeSealed seals payload into the (chunked) cookie name and adds the Set-Cookie lines; false if it could not. */
export function writeSealed(ctx: OidcContext, cookies: RequestCookies, name: string, payload: Uint8Array, now: i64, expiresAt: i64, secure: bool): bool {
  const value = sealCookie(ctx.cookieKeys, name, payload, now, expiresAt);
  if (value === null) return false;
  const lines = chunkCookies(name, value, attributes(ctx, secure, expiresAt - now), cookies.jar);
  if (lines === null) return false;
  for (let i = 0; i < lines.length; i++) addHeader(HeaderKind.Response, "set-cookie", lines[i]);
  return true;
}

/** readSealed opens the (chunked) cookie name at now; null when absent, altered, expired or from another key. */
export function readSealed(ctx: OidcContext, cookies: RequestCookies, name: string, now: i64): OpenedCookie | null {
  const value = readChunks(cookies.jar, name);
  if (value === null) return null;
  return openCookie(ctx.cookieKeys, name, value, now);
}

/** clearCookie deletes the (chunked) cookie name in the browser. */
export function clearCookie(ctx: OidcContext, cookies: RequestCookies, name: string, secure: bool): void {
  const lines = clearChunkedCookies(name, attributes(ctx, secure, 0), cookies.jar);
  if (lines === null) return;
  for (let i = 0; i < lines.length; i++) addHeader(HeaderKind.Response, "set-cookie", lines[i]);
}
