// Everything one middleware instance needs to run the OIDC flow, built once per instance. Nothing here is shared
// truth: the cache is reached through `cache` (Redis or hybrid when configured), the per-user state lives in that
// cache or in the client's sealed cookies, and the parsed provider documents are memos (shared_document.ts).

import { Cache } from "../cache/cache";
import { FallbackCache } from "../cache/fallback";
import { HeaderNameSet } from "../http/headers";
import { HttpClient, HttpClientOptions } from "../httpclient/client";
import { RequestConnections } from "../net/request_connections";
import { CookieKeys } from "../session/sealed";
import { SecretStore, StoreKeys } from "../store/secret_store";
import { Discovery } from "./discovery";
import { SessionMemo } from "./session_memo";
import { JwksDocument } from "./jwks_document";
import { OidcConfig } from "./settings";
import { ClientAuth, TokenEndpoint } from "./token_endpoint";
import { AccessRules, ClaimNames, IDENTITY_HEADERS } from "./identity";

/** OidcKeys are the keys the flow uses, current and previous generations (the middleware derives them). */
export class OidcKeys {
  previousStore: Array<StoreKeys> = [];
  previousCookie: Array<Uint8Array> = [];

  constructor(readonly hashKey: Uint8Array, readonly sealKey: Uint8Array, readonly cookieKey: Uint8Array) {}

  /** addPrevious adds an older generation, for reading only. */
  addPrevious(hashKey: Uint8Array, sealKey: Uint8Array, cookieKey: Uint8Array): void {
    this.previousStore.push(new StoreKeys(hashKey, sealKey));
    this.previousCookie.push(cookieKey);
  }
}

/** OidcContext is one instance's OIDC machinery. */
export class OidcContext {
  readonly http: HttpClient;
  readonly discovery: Discovery;
  readonly jwks: JwksDocument;
  readonly tokens: TokenEndpoint;
  readonly store: SecretStore;
  readonly cookieKeys: CookieKeys;
  readonly claimNames: ClaimNames;
  readonly rules: AccessRules;
  /** spoofableHeaders are the identity headers and the `headers` names: removed from every request first. */
  readonly spoofableHeaders: HeaderNameSet;
  /** sessionMemo remembers what Cookie headers held (a memo, see session_memo.ts). */
  readonly sessionMemo: SessionMemo = new SessionMemo();

  /** serverSide: sessions live in a shared cache (redis or hybrid mode); false: in sealed cookies. */
  constructor(readonly settings: OidcConfig, readonly cache: Cache, readonly serverSide: bool, conns: RequestConnections,
    keys: OidcKeys) {
    const s = settings;
    const options = new HttpClientOptions();
    options.tls = s.tls;
    const http = new HttpClient(conns, options);
    const auth = new ClientAuth(s.clientID, s.clientSecret, s.tokenEndpointAuthMethod == "client_secret_post");
    this.http = http;
    this.discovery = new Discovery(cache, http, s.providerURL, s.providerBackchannelURL);
    this.jwks = new JwksDocument(cache, http, s.providerBackchannelURL);
    this.tokens = new TokenEndpoint(http, auth, s.providerBackchannelURL);
    this.store = new SecretStore(cache, keys.hashKey, keys.sealKey, keys.previousStore);
    this.cookieKeys = new CookieKeys(keys.cookieKey, keys.previousCookie);
    this.claimNames = new ClaimNames(s.userIdentifierClaim, s.roleClaimName, s.groupClaimName, s.headers);
    this.rules = new AccessRules(s.allowedUsers, s.allowedUserDomains, s.allowedRolesAndGroups);
    const spoofable = IDENTITY_HEADERS.slice(0);
    for (let i = 0; i < s.headers.length; i++) spoofable.push(s.headers[i].name);
    this.spoofableHeaders = new HeaderNameSet(spoofable);
  }

  /**
   * servedLocally says whether the last cache call was answered by this instance's memory behind an open breaker:
   * an answer that is nobody else's truth (cache/fallback.ts).
   */
  get servedLocally(): bool {
    const c = this.cache;
    return c instanceof FallbackCache && (<FallbackCache>c).servedLocally;
  }

  /** sharedStoreUp says whether the shared cache is known to work: not degraded behind its breaker. */
  get sharedStoreUp(): bool {
    if (!this.serverSide) return false;
    const c = this.cache;
    return !(c instanceof FallbackCache) || !(<FallbackCache>c).degraded();
  }
}
