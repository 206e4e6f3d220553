// The OpenID Connect options, with the incumbent plugin's names (peers-and-pitfalls.md A.2) so that switching is a
// change of plugin name. OIDC is on when `providerURL` is set; it then needs `clientID`, `clientSecret` and
// `sessionEncryptionKey`, and every option below is wired to behaviour (none is parsed and ignored).
//
// Deliberate differences from the incumbent, each a safer default: `enablePKCE` is true; `scopes` always include
// `openid`; `excludedURLs` entries are plain path prefixes, validated (no wildcards, no "..").

import { ConfigReader } from "./config_reader";
import { DEFAULT_SCOPES, OidcConfig } from "../oidc/settings";
import { HeaderTemplate, parseHeaderTemplate, TemplateStatus } from "../oidc/header_templates";
import { UrlParser } from "../http/url";
import { TlsTrust, TlsTrustKeys } from "./config_tls";

const PROVIDER_TLS_KEYS = new TlsTrustKeys("caCertPEM", "caCertPath", "insecureSkipVerify");
const MAX_SESSION_AGE: i64 = 366 * 86_400;
const MAX_HEADERS: i32 = 16;
// Headers whose meaning belongs to HTTP or to Traefik: a template must not replace them.
const RESERVED_HEADERS = ["host", "cookie", "authorization", "content-length", "transfer-encoding", "connection",
  "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip"];

/**
 * readOidcConfig reads the OIDC options from the top level of r; hasKeys says a sessionEncryptionKey is set,
 * redisEnabled that sessions live in Redis (enabled, in redis or hybrid mode).
 */
export function readOidcConfig(r: ConfigReader, hasKeys: bool, redisEnabled: bool): OidcConfig {
  const c = new OidcConfig();
  c.providerURL = r.str("providerURL", "");
  c.enabled = c.providerURL.length > 0;
  // An empty value (often a template whose variable is unset) must not turn authentication off unnoticed.
  if (r.has("providerURL") && !c.enabled) r.reject("providerURL", "is empty: set the issuer URL, or remove the key to pass requests through");
  c.providerBackchannelURL = r.str("providerBackchannelURL", "");
  const trust = TlsTrust.read(r, PROVIDER_TLS_KEYS);
  c.insecureSkipVerify = trust.skipVerify;
  c.clientID = r.str("clientID", "");
  if (!c.enabled && c.clientID.length > 0) r.reject("providerURL", "required when clientID is set");
  c.clientSecret = r.str("clientSecret", "");
  c.tokenEndpointAuthMethod = r.oneOf("tokenEndpointAuthMethod", "client_secret_basic", ["client_secret_basic", "client_secret_post"]);
  c.callbackURL = path(r, "callbackURL", c.callbackURL);
  c.logoutURL = path(r, "logoutURL", c.callbackURL + "/logout");
  c.postLogoutRedirectURI = r.str("postLogoutRedirectURI", "");
  c.scopes = scopes(r.strList("scopes", DEFAULT_SCOPES), r.bool("overrideScopes", false));
  c.enablePKCE = r.bool("enablePKCE", true);
  c.forceHTTPS = r.bool("forceHTTPS", true);
  c.cookieDomain = r.str("cookieDomain", "");
  c.cookiePrefix = r.str("cookiePrefix", c.cookiePrefix);
  c.sessionMaxAge = r.int("sessionMaxAge", 86_400, 60, MAX_SESSION_AGE);
  c.refreshGracePeriodSeconds = r.int("refreshGracePeriodSeconds", 60, 0, 86_400);
  // Only sessions in Redis are refreshed (oidc/refresh.ts says why); elsewhere an explicit value would mislead.
  if (r.has("refreshGracePeriodSeconds") && !redisEnabled) {
    r.reject("refreshGracePeriodSeconds", "needs redis.enabled in redis or hybrid mode: sessions kept in cookies are not refreshed");
  }
  c.excludedURLs = r.strList("excludedURLs", []);
  c.allowedUsers = r.strList("allowedUsers", []);
  c.allowedUserDomains = r.strList("allowedUserDomains", []);
  c.allowedRolesAndGroups = r.strList("allowedRolesAndGroups", []);
  c.roleClaimName = r.str("roleClaimName", "roles");
  c.groupClaimName = r.str("groupClaimName", "groups");
  c.userIdentifierClaim = r.str("userIdentifierClaim", "email");
  c.audience = r.str("audience", "");
  c.enableBearerAuth = r.bool("enableBearerAuth", false);
  c.minimalHeaders = r.bool("minimalHeaders", false);
  c.stripAuthCookies = r.bool("stripAuthCookies", false);
  c.enableBackchannelLogout = r.bool("enableBackchannelLogout", false);
  c.backchannelLogoutURL = path(r, "backchannelLogoutURL", c.backchannelLogoutURL);
  c.clockSkewSeconds = r.int("clockSkew", 60, 0, 600);
  c.headers = headerTemplates(r);
  if (c.enabled) validate(r, c, hasKeys, trust);
  // Sessions in cookies cannot be revoked from the server: back-channel logout needs them in Redis.
  if (c.enableBackchannelLogout && !redisEnabled) r.reject("enableBackchannelLogout", "needs redis.enabled in redis or hybrid mode: sessions kept in cookies cannot be revoked");
  return c;
}

function validate(r: ConfigReader, c: OidcConfig, hasKeys: bool, trust: TlsTrust): void {
  const issuer = new UrlParser().parse(c.providerURL);
  if (issuer === null || !issuer.isAbsolute || issuer.query !== null || issuer.fragment !== null) {
    r.reject("providerURL", "must be an absolute http(s) URL without query or fragment (the issuer)");
    return;
  }
  // The middleware's own calls go to the backchannel when one is set, else to the issuer: TLS if that is https.
  let serverScheme = issuer.scheme;
  if (c.providerBackchannelURL.length > 0) {
    const b = new UrlParser().parse(c.providerBackchannelURL);
    if (b === null || !b.isAbsolute || (b.path != "/" && b.path.length > 0) || b.query !== null || b.fragment !== null) {
      r.reject("providerBackchannelURL", "must be http(s)://host[:port] with no path");
    } else {
      serverScheme = b.scheme;
    }
  }
  c.tls = trust.load(r, serverScheme == "https", ["http/1.1"]);
  if (c.clientID.length == 0) r.reject("clientID", "required when providerURL is set");
  if (c.clientSecret.length == 0) r.reject("clientSecret", "required when providerURL is set");
  if (!hasKeys) r.reject("sessionEncryptionKey", "required when providerURL is set (at least 32 bytes)");
  if (!isPlainName(c.cookiePrefix)) r.reject("cookiePrefix", "must be letters, digits, '_' or '-'");
  if (c.enableBearerAuth && c.audience.length == 0) r.reject("audience", "required when enableBearerAuth is true");
  for (let i = 0; i < c.excludedURLs.length; i++) {
    const p = c.excludedURLs[i];
    if (!p.startsWith("/") || p.includes("*") || p.includes("..") || p.includes("?")) {
      r.reject("excludedURLs", `"${p}" must be a path prefix starting with "/", without "*", ".." or "?"`);
    }
  }
  if (c.logoutURL == c.callbackURL) r.reject("logoutURL", "must differ from callbackURL");
  // Not wired yet: refused rather than accepted and ignored (peers-and-pitfalls.md: options parsed, never wired).
}

// `headers`: [{name, value}], value a template over claims (oidc/header_templates.ts). At most MAX_HEADERS.
function headerTemplates(r: ConfigReader): Array<HeaderTemplate> {
  const out = new Array<HeaderTemplate>();
  const entries = r.children("headers");
  if (entries.length > MAX_HEADERS) r.reject("headers", `at most ${MAX_HEADERS} entries`);
  for (let i = 0; i < entries.length && i < MAX_HEADERS; i++) {
    const e = entries[i];
    const name = e.str("name", "");
    const value = e.str("value", "");
    e.checkUnknownKeys();
    if (!isPlainName(name)) { e.reject("name", `must be a header name (got "${name}")`); continue; }
    if (RESERVED_HEADERS.includes(name.toLowerCase())) { e.reject("name", `"${name}" is not a header the middleware may set`); continue; }
    const status = new TemplateStatus();
    const t = parseHeaderTemplate(name.toLowerCase(), value, status);
    if (t === null) e.reject("value", status.reason);
    else out.push(t);
  }
  return out;
}

// openid is always requested: without it the provider returns no ID token and nothing can be verified.
function scopes(configured: Array<string>, replace: bool): Array<string> {
  const out = replace ? new Array<string>() : DEFAULT_SCOPES.slice();
  if (!out.includes("openid")) out.unshift("openid");
  for (let i = 0; i < configured.length; i++) {
    if (!out.includes(configured[i])) out.push(configured[i]);
  }
  return out;
}

function path(r: ConfigReader, key: string, fallback: string): string {
  const p = r.str(key, fallback);
  if (!p.startsWith("/") || p.includes("?") || p.includes("#") || p.includes(" ")) {
    r.reject(key, `must be a path starting with "/" (got "${p}")`);
  }
  return p;
}

// Names we accept for cookie prefixes and template headers: 1 to 64 letters, digits, "_" or "-".
function isPlainName(s: string): bool {
  if (s.length == 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    const ok = (ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch == 95 || ch == 45;
    if (!ok) return false;
  }
  return true;
}
