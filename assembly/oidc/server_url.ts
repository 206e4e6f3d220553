// providerBackchannelURL: deployments with an in-cluster identity provider publish it under a public issuer
// (what browsers and token `iss` claims use) but reach it from the proxy at an internal address. Server-to-server
// calls (discovery, JWKS, token, refresh, revocation) keep their path and query and swap scheme and authority for
// the backchannel's; the issuer and every URL a browser sees stay the public ones.

import { UrlParser } from "../http/url";

/**
 * serverUrl returns url with its scheme and authority replaced by those of backchannel (an `http://host[:port]`
 * URL, validated by the configuration), or url unchanged when backchannel is "" or url does not parse (the HTTP
 * client then reports it).
 */
export function serverUrl(url: string, backchannel: string): string {
  if (backchannel.length == 0) return url;
  const u = new UrlParser().parse(url);
  if (u === null || !u.isAbsolute) return url;
  return trimTrailingSlash(backchannel) + u.requestTarget();
}

/** trimTrailingSlash drops one trailing "/", so that a path can be appended to a base URL. */
export function trimTrailingSlash(s: string): string {
  return s.endsWith("/") ? s.substring(0, s.length - 1) : s;
}
