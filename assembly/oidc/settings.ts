// The OpenID Connect settings of one middleware, as middleware/config_oidc.ts validated them. Data only: the
// option names and their checks live with the configuration.

import { HeaderTemplate } from "./header_templates";
import { TlsClientConfig } from "../tls/client";

/** DEFAULT_SCOPES are requested unless overrideScopes replaces them; openid is always among them. */
export const DEFAULT_SCOPES = ["openid", "profile", "email"];

/** OidcConfig is the validated OIDC part of the configuration; `enabled` is false without `providerURL`. */
export class OidcConfig {
  enabled: bool = false;
  providerURL: string = "";
  providerBackchannelURL: string = "";
  /** The TLS client configuration for https endpoints (caCertPEM, caCertPath, insecureSkipVerify), or null. */
  tls: TlsClientConfig | null = null;
  insecureSkipVerify: bool = false;
  clientID: string = "";
  clientSecret: string = "";
  /** "client_secret_basic" or "client_secret_post". */
  tokenEndpointAuthMethod: string = "client_secret_basic";
  callbackURL: string = "/oauth2/callback";
  logoutURL: string = "/oauth2/callback/logout";
  postLogoutRedirectURI: string = "";
  scopes: Array<string> = DEFAULT_SCOPES;
  enablePKCE: bool = true;
  forceHTTPS: bool = true;
  cookieDomain: string = "";
  cookiePrefix: string = "_oidc_wasm_";
  sessionMaxAge: i64 = 86_400;
  refreshGracePeriodSeconds: i64 = 60;
  excludedURLs: Array<string> = [];
  allowedUsers: Array<string> = [];
  allowedUserDomains: Array<string> = [];
  allowedRolesAndGroups: Array<string> = [];
  roleClaimName: string = "roles";
  groupClaimName: string = "groups";
  userIdentifierClaim: string = "email";
  audience: string = "";
  enableBearerAuth: bool = false;
  minimalHeaders: bool = false;
  stripAuthCookies: bool = false;
  enableBackchannelLogout: bool = false;
  backchannelLogoutURL: string = "/oauth2/backchannel-logout";
  /** headers: the parsed `headers` templates. */
  headers: Array<HeaderTemplate> = [];
  /** Allowed clock skew for token times, in seconds. */
  clockSkewSeconds: i64 = 60;
}

