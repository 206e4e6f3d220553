// A real OpenID provider for tests: oidc-provider on 127.0.0.1 and a free port, with confidential clients
// (client_secret_basic and client_secret_post, PKCE S256 required), an in-memory user store, keys generated at start,
// short TTLs, JWT access tokens for audiences (RFC 8707 resource indicators), RP-initiated and back-channel logout,
// and what negative tests need: outages on the same port, key rotation, correctly signed wrong tokens.
// oidc-provider 9 prints "Unsupported runtime" on Node 20 when imported; that line is swallowed (quiet: false keeps it).

import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, get as getHttps } from "node:https";
import net, { type AddressInfo, type Socket } from "node:net";
import { generateSigningKey, KeyRing, DEFAULT_ALGS, signCompact, type JwsAlg, type SigningAlg } from "./idp_keys.js";
import { handleInteraction, interactionPath, escapeHtml } from "./idp_interactions.js";
import { IdpStore, type StoredSession } from "./idp_store.js";

export { DEFAULT_ALGS, type JwsAlg, type SigningAlg } from "./idp_keys.js";
export type { StoredSession } from "./idp_store.js";

const START_DEADLINE_MS = 10_000;
const LOGOUT_TOKEN_TTL_S = 120; // what oidc-provider gives its own logout tokens
const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** DEFAULT_AUDIENCE is the resource indicator (and `aud`) of JWT access tokens unless `audiences` says otherwise. */
export const DEFAULT_AUDIENCE = "https://api.example.test";

// oidc-provider ships no TypeScript types; these modules are the only place that touches it.
type Provider = any;

/** IdpUser is one account: `sub` and the login form's `login`/`password`, then any claims the ID token may carry. */
export interface IdpUser {
  sub: string;
  /** the login form's user name; defaults to preferred_username, then sub. */
  login?: string;
  /** defaults to `${login}-password`. */
  password?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
  groups?: string[];
  roles?: string[];
  [claim: string]: unknown;
}

/** IdpClientOptions registers one confidential client; unset URIs fall back to the IdpOptions defaults. */
export interface IdpClientOptions {
  clientId: string;
  /** random when absent. */
  clientSecret?: string;
  authMethod?: "client_secret_basic" | "client_secret_post";
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string;
  backchannelLogoutSessionRequired?: boolean;
  /** id_token_signed_response_alg (also signs this client's logout tokens). */
  idTokenAlg?: SigningAlg;
  /** more client metadata, in oidc-provider's snake_case, applied last. */
  metadata?: Record<string, unknown>;
}

/** IdpTtl holds lifetimes in whole seconds. */
export interface IdpTtl {
  idToken: number;
  accessToken: number;
  refreshToken: number;
  authorizationCode: number;
  session: number;
  grant: number;
  interaction: number;
}

/** IdpTls is what an HTTPS provider serves, and the CA its own readiness check trusts. */
export interface IdpTls {
  cert: string;
  key: string;
  ca: string;
  /** the issuer's host name, which the certificate must carry; "localhost" when absent. */
  hostname?: string;
}

/** IdpOptions configures startIdp; every field is optional. */
export interface IdpOptions {
  /** a port to listen on (e.g. one reserved with freePort()); an OS-chosen free port otherwise. */
  port?: number;
  /** a path for the issuer, Keycloak style: "/realms/test" gives http://127.0.0.1:<port>/realms/test. */
  issuerPath?: string;
  /** serve HTTPS with this certificate (PEM, chain included) and key: the issuer is https://<hostname>:<port>. */
  tls?: IdpTls;
  /** the clients; default two: "rp-basic" (client_secret_basic) and "rp-post" (client_secret_post). */
  clients?: IdpClientOptions[];
  /** redirect_uris of clients that set none (the relying party's callback); a placeholder when absent. */
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string;
  /** default true: logout tokens carry `sid`. */
  backchannelLogoutSessionRequired?: boolean;
  /** the users; default alice (email verified, groups admins/staff) and bob (email not verified). */
  users?: IdpUser[];
  /** default ID token alg of clients; RS256 when absent. */
  idTokenAlg?: SigningAlg;
  /** algorithms to keep keys for (always including idTokenAlg and accessTokenAlg); DEFAULT_ALGS when absent. */
  algs?: SigningAlg[];
  /** the alg of JWT access tokens; RS256 when absent. */
  accessTokenAlg?: SigningAlg;
  /** resource indicators served as JWT access tokens (`aud` = the indicator); [DEFAULT_AUDIENCE] when absent. */
  audiences?: string[];
  /** the scopes resource servers know; "api:read api:write" when absent. */
  audienceScope?: string;
  /** claims of the user copied into JWT access tokens; default email, preferred_username, groups, roles. */
  accessTokenClaims?: string[];
  ttl?: Partial<IdpTtl>;
  /**
   * When refresh tokens are issued (to clients allowed the refresh_token grant, i.e. all of them): "always" (default:
   * a relying party gets one whatever it asks), "offline_access" (OIDC Core §11 strictly: only when the request had
   * scope offline_access *and* prompt=consent; oidc-provider drops offline_access from any other request), or "never".
   */
  refreshTokens?: "always" | "offline_access" | "never";
  /** default true: every refresh returns a new refresh token and consumes the old one (reuse revokes the grant). */
  rotateRefreshTokens?: boolean;
  /** "all" (default): scope claims (email, groups…) are in the ID token too; "conform": only in userinfo (OIDC Core §5.4). */
  idTokenClaims?: "all" | "conform";
  /** "auto" (default): consent is granted without a page; "form": a consent page the user agent must submit. */
  consent?: "auto" | "form";
  /** default true: swallow oidc-provider's runtime warning at import. */
  quiet?: boolean;
}

/** IdpClient is a registered client as a test needs it. */
export interface IdpClient {
  id: string;
  secret: string;
  authMethod: "client_secret_basic" | "client_secret_post";
  redirectUris: string[];
  idTokenAlg: SigningAlg;
}

/** SignOptions shape a crafted token; by default it is exactly what the provider would sign. */
export interface SignOptions {
  /** the JWS alg; default the client's (ID and logout tokens) or accessTokenAlg. HS* needs key bytes; "none" signs nothing. */
  alg?: JwsAlg;
  /** the kid header; default the signing key's; null leaves it out. */
  kid?: string | null;
  /** the typ header; default per token ("logout+jwt", "at+jwt", none for ID tokens); null leaves it out. */
  typ?: string | null;
  /** more header parameters, applied last (undefined removes one). */
  header?: Record<string, unknown>;
  /** "provider" (default): the provider's current key; "foreign": a fresh key the JWKS does not hold; bytes for HS*. */
  key?: "provider" | "foreign" | Uint8Array;
  /** the client whose id is the default `aud` and whose alg is the default; the first client when absent. */
  clientId?: string;
}

/** BackchannelDelivery records one logout token POSTed to a client's backchannel_logout_uri. */
export interface BackchannelDelivery { clientId: string; sub: string; sid?: string; ok: boolean; error?: string }

/** RequestRecord is one request the provider received (for counting discovery and JWKS fetches). */
export interface RequestRecord { method: string; path: string; at: number }

/** Outage makes a listening provider fail: answer every request with a status, or never answer ("hang"). */
export type Outage = { status: number } | "hang";

/** Idp is a running provider; stop() ends it. */
export interface Idp {
  issuer: string;
  port: number;
  /** url resolves a path under the issuer: url("/jwks"), url("/.well-known/openid-configuration"). */
  url(path: string): string;
  /** the provider's endpoints, as its discovery document lists them. */
  endpoints: { discovery: string; authorization: string; token: string; jwks: string; userinfo: string; endSession: string; revocation: string };
  /** the first client; clients has all of them by id. */
  client: IdpClient;
  clients: Map<string, IdpClient>;
  /** users by sub; edits (claims, password) apply to the next token, add or delete users freely. */
  users: Map<string, IdpUser>;
  audiences: string[];
  /** the live oidc-provider instance (replaced by rotateKeys, setIdTokenAlg, updateClient). */
  readonly provider: Provider;
  /** every request received, in order. */
  requests: RequestRecord[];
  /** logout tokens delivered, by end_session or by backchannelLogout(). */
  backchannelDeliveries: BackchannelDelivery[];
  /** server_error events (500s) oidc-provider reported: a test can assert none happened. */
  serverErrors: Error[];
  /** countRequests counts received requests whose path (without query) equals path under the issuer. */
  countRequests(path: string): number;
  /** kid is the kid that currently signs alg (the client's ID token alg by default). */
  kid(alg?: SigningAlg): string;
  /** publicJwks is what jwks_uri serves right now. */
  publicJwks(): { keys: Record<string, unknown>[] };
  /** rotateKeys signs with new keys from now on (new kids); old keys stay published unless retire is true. */
  rotateKeys(options?: { algs?: SigningAlg[]; retire?: boolean }): Promise<Record<string, string>>;
  /** setIdTokenAlg changes the ID token alg of one client (every client when clientId is absent). */
  setIdTokenAlg(alg: SigningAlg, clientId?: string): Promise<void>;
  /** updateClient changes a client's registration (e.g. redirect URIs known only after the relying party started). */
  updateClient(clientId: string, patch: Partial<Omit<IdpClientOptions, "clientId">>): Promise<IdpClient>;
  /**
   * signIdToken signs an ID token as the provider would for the first user and client; claims override the defaults
   * (iss, aud, sub, iat, exp, auth_time; no nonce), and an undefined value removes one.
   */
  signIdToken(claims?: Record<string, unknown>, options?: SignOptions): Promise<string>;
  /** signLogoutToken signs a logout+jwt (OIDC Back-Channel Logout 1.0 §2.4): iss, aud, iat, exp, jti, events, sub; add sid. */
  signLogoutToken(claims?: Record<string, unknown>, options?: SignOptions): Promise<string>;
  /** signAccessToken signs an at+jwt (RFC 9068) like mintAccessToken's, for the first user and audience; claims override. */
  signAccessToken(claims?: Record<string, unknown>, options?: SignOptions): Promise<string>;
  /**
   * mintAccessToken has the provider itself issue (and store) a JWT access token for a user and audience without a
   * login: scope defaults to the first audienceScope, claims to the user's accessTokenClaims.
   */
  mintAccessToken(options: { sub: string; audience?: string; clientId?: string; scope?: string; ttl?: number }): Promise<string>;
  /** sessions lists the provider's live sessions (of one user when sub is given), with each client's sid. */
  sessions(sub?: string): StoredSession[];
  /**
   * backchannelLogout logs a user out at the provider the way its end_session does: a logout token to every client
   * of each matching session that has a backchannel_logout_uri (oidc-provider's own Client#backchannelLogout), then
   * the sessions and their grants are deleted (keepSessions: true leaves them). It resolves with the deliveries.
   */
  backchannelLogout(filter: { sub?: string; sid?: string; clientId?: string; keepSessions?: boolean }): Promise<BackchannelDelivery[]>;
  /** down closes the listener and every connection: connections are refused until up(). */
  down(): Promise<void>;
  /** up listens again on the same port and resolves once discovery answers. */
  up(): Promise<void>;
  /** setOutage keeps listening but fails every request (null ends it; hanging requests are then dropped). */
  setOutage(outage: Outage | null): void;
  /** stop ends the provider and its connections; calling it again is harmless. */
  stop(): Promise<void>;
}

const DEFAULT_TTL: IdpTtl = {
  idToken: 300, accessToken: 300, refreshToken: 3600, authorizationCode: 60, session: 3600, grant: 3600, interaction: 600,
};

const DEFAULT_USERS: IdpUser[] = [
  {
    sub: "alice", login: "alice", password: "alice-password", email: "alice@example.com", email_verified: true,
    name: "Alice Liddell", preferred_username: "alice", groups: ["admins", "staff"], roles: ["editor"],
  },
  {
    sub: "bob", login: "bob", password: "bob-password", email: "bob@example.org", email_verified: false,
    name: "Bob Builder", preferred_username: "bob", groups: ["staff"], roles: ["viewer"],
  },
];

// Scope → claims (oidc-provider's `claims` option; its keys also become supported scopes).
const CLAIMS: Record<string, string[]> = {
  openid: ["sub"],
  email: ["email", "email_verified"],
  profile: ["name", "preferred_username", "given_name", "family_name", "picture", "locale"],
  groups: ["groups"],
  roles: ["roles"],
};

const DEFAULT_AUDIENCE_SCOPE = "api:read api:write";
const DEFAULT_ACCESS_TOKEN_CLAIMS = ["email", "preferred_username", "groups", "roles"];
const PLACEHOLDER_REDIRECT = "http://127.0.0.1:9/unset-redirect-uri";

/**
 * startIdp starts oidc-provider on 127.0.0.1 and resolves once its discovery document answers. Everything lives in
 * this process: stop() leaves no listener, connection or timer.
 */
export async function startIdp(options: IdpOptions = {}): Promise<Idp> {
  const Provider = await loadProvider(options.quiet ?? true);
  const mount = normalizeMount(options.issuerPath ?? "");
  const ttl: IdpTtl = { ...DEFAULT_TTL, ...options.ttl };
  const idTokenAlg = options.idTokenAlg ?? "RS256";
  const accessTokenAlg = options.accessTokenAlg ?? "RS256";
  const ring = await KeyRing.create([...new Set([...(options.algs ?? DEFAULT_ALGS), idTokenAlg, accessTokenAlg])]);
  const store = new IdpStore();
  const users = new Map((options.users ?? DEFAULT_USERS).map((u) => [u.sub, { ...u }]));
  const audiences = options.audiences ?? [DEFAULT_AUDIENCE];
  const clientOptions = new Map((options.clients ?? defaultClients()).map((c) => [c.clientId, withDefaults(c, options, idTokenAlg)]));
  const cookieKeys = [randomBytes(32).toString("base64url")];

  const listener = new Listener(options.port ?? 0, options.tls);
  await listener.listen();
  const port = listener.port;
  const tls = options.tls;
  const issuer = tls === undefined ? `http://127.0.0.1:${port}${mount}` : `https://${tls.hostname ?? "localhost"}:${port}${mount}`;
  const idp = new RunningIdp(issuer, port, mount, listener, store, ring, users, audiences, clientOptions, ttl, {
    accessTokenAlg,
    audienceScope: options.audienceScope ?? DEFAULT_AUDIENCE_SCOPE,
    accessTokenClaims: options.accessTokenClaims ?? DEFAULT_ACCESS_TOKEN_CLAIMS,
  });
  idp.consentMode = options.consent ?? "auto";
  idp.configure = (): Record<string, unknown> => configuration({
    options, mount, ttl, ring, store, users, audiences, accessTokenAlg, cookieKeys,
    clients: [...clientOptions.values()],
  });
  idp.Provider = Provider;
  idp.rebuild();
  listener.handler = (req, res) => idp.handle(req, res);
  try {
    await waitForDiscovery(idp.url("/.well-known/openid-configuration"), Date.now() + START_DEADLINE_MS, tls?.ca);
  } catch (err) {
    await listener.close();
    throw new Error(`oidc-provider did not answer on ${issuer}: ${(err as Error).message}`);
  }
  return idp;
}

/** freePort asks the OS for a free loopback port (to know a relying party's callback URL before it listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** pkcePair makes an RFC 7636 S256 verifier and challenge, for relying parties written in tests. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

class RunningIdp implements Idp {
  Provider: Provider;
  configure!: () => Record<string, unknown>;
  provider: Provider;
  private callback!: (req: IncomingMessage, res: ServerResponse) => void;
  requests: RequestRecord[] = [];
  backchannelDeliveries: BackchannelDelivery[] = [];
  serverErrors: Error[] = [];
  clients = new Map<string, IdpClient>();
  client!: IdpClient;
  endpoints: Idp["endpoints"];
  consentMode: "auto" | "form" = "auto";
  private outage: Outage | null = null;
  private hung = new Set<ServerResponse>();

  constructor(
    readonly issuer: string, readonly port: number, private readonly mount: string, private readonly listener: Listener,
    private readonly store: IdpStore, private readonly ring: KeyRing, readonly users: Map<string, IdpUser>,
    readonly audiences: string[], private readonly clientOptions: Map<string, IdpClientOptions>, private readonly ttl: IdpTtl,
    private readonly at: { accessTokenAlg: SigningAlg; audienceScope: string; accessTokenClaims: string[] },
  ) {
    const u = (p: string): string => this.url(p);
    this.endpoints = {
      discovery: u("/.well-known/openid-configuration"), authorization: u("/auth"), token: u("/token"), jwks: u("/jwks"),
      userinfo: u("/me"), endSession: u("/session/end"), revocation: u("/token/revocation"),
    };
  }

  url(path: string): string {
    return `${this.issuer}${path.startsWith("/") ? path : `/${path}`}`;
  }

  /** rebuild makes a new Provider from the current keys and clients; storage (sessions, grants, tokens) carries over. */
  rebuild(): void {
    const provider = new this.Provider(this.issuer, this.configure());
    provider.on("server_error", (_ctx: unknown, err: Error) => { this.serverErrors.push(err); });
    provider.on("backchannel.success", (_ctx: unknown, client: { clientId: string }, sub: string, sid?: string) => {
      this.backchannelDeliveries.push({ clientId: client.clientId, sub, sid, ok: true });
    });
    provider.on("backchannel.error", (_ctx: unknown, err: Error, client: { clientId: string }, sub: string, sid?: string) => {
      this.backchannelDeliveries.push({ clientId: client.clientId, sub, sid, ok: false, error: err.message });
    });
    this.provider = provider;
    this.callback = provider.callback();
    this.clients = new Map([...this.clientOptions.values()].map((c) => [c.clientId, publicClient(c)]));
    this.client = this.clients.values().next().value!;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    this.requests.push({ method: req.method ?? "GET", path: url.split("?")[0], at: Date.now() });
    if (this.outage === "hang") { this.hung.add(res); return; }
    if (this.outage !== null) {
      res.writeHead(this.outage.status, { "content-type": "text/plain", connection: "close" });
      res.end("identity provider outage (test)\n");
      return;
    }
    if (this.mount !== "" && url !== this.mount && !url.startsWith(`${this.mount}/`) && !url.startsWith(`${this.mount}?`)) {
      res.writeHead(404).end();
      return;
    }
    // Mounted as connect mounts apps (oidc-provider's README): the provider sees paths below the issuer's path.
    const inner = url.slice(this.mount.length) || "/";
    try {
      const handled = await handleInteraction(req, res, inner.split("?")[0], {
        provider: () => this.provider, mount: this.mount, consent: this.consentMode,
        userByLogin: (login) => this.userByLogin(login),
      });
      if (handled) return;
    } catch (err) {
      this.serverErrors.push(err as Error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`interaction failed: ${(err as Error).message}\n`);
      return;
    }
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
    req.url = inner;
    this.callback(req, res);
  }

  private userByLogin(login: string): { sub: string; login: string; password: string } | undefined {
    for (const u of this.users.values()) {
      const name = u.login ?? u.preferred_username ?? u.sub;
      if (name === login) return { sub: u.sub, login: name, password: u.password ?? `${name}-password` };
    }
    return undefined;
  }

  countRequests(path: string): number {
    const full = `${this.mount}${path}`;
    return this.requests.filter((r) => r.path === full).length;
  }

  kid(alg?: SigningAlg): string {
    return this.ring.current(alg ?? this.client.idTokenAlg).kid;
  }

  publicJwks(): { keys: Record<string, unknown>[] } {
    return this.ring.publicJwks() as { keys: Record<string, unknown>[] };
  }

  async rotateKeys(options: { algs?: SigningAlg[]; retire?: boolean } = {}): Promise<Record<string, string>> {
    const fresh = await this.ring.rotate(options.algs ?? this.ring.algs(), options.retire ?? false);
    this.rebuild();
    return Object.fromEntries(fresh.map((k) => [k.alg, k.kid]));
  }

  async setIdTokenAlg(alg: SigningAlg, clientId?: string): Promise<void> {
    if (!this.ring.algs().includes(alg)) await this.ring.rotate([alg], false);
    for (const c of this.clientOptions.values()) if (clientId === undefined || c.clientId === clientId) c.idTokenAlg = alg;
    this.rebuild();
  }

  async updateClient(clientId: string, patch: Partial<Omit<IdpClientOptions, "clientId">>): Promise<IdpClient> {
    const current = this.clientOptions.get(clientId);
    if (current === undefined) throw new Error(`no client ${clientId}`);
    this.clientOptions.set(clientId, { ...current, ...patch, clientId });
    this.rebuild();
    return this.clients.get(clientId)!;
  }

  signIdToken(claims: Record<string, unknown> = {}, options: SignOptions = {}): Promise<string> {
    const client = this.clientFor(options.clientId);
    const now = epoch();
    const sub = this.users.keys().next().value ?? "alice";
    const defaults = { iss: this.issuer, sub, aud: client.id, iat: now, exp: now + this.ttl.idToken, auth_time: now };
    return this.sign({ ...defaults, ...claims }, client.idTokenAlg, null, options);
  }

  signLogoutToken(claims: Record<string, unknown> = {}, options: SignOptions = {}): Promise<string> {
    const client = this.clientFor(options.clientId);
    const now = epoch();
    const sub = this.users.keys().next().value ?? "alice";
    const defaults = {
      iss: this.issuer, sub, aud: client.id, iat: now, exp: now + LOGOUT_TOKEN_TTL_S, jti: randomUUID(),
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    };
    return this.sign({ ...defaults, ...claims }, client.idTokenAlg, "logout+jwt", options);
  }

  signAccessToken(claims: Record<string, unknown> = {}, options: SignOptions = {}): Promise<string> {
    const client = this.clientFor(options.clientId);
    const now = epoch();
    const sub = this.users.keys().next().value ?? "alice";
    const defaults = {
      ...accessTokenExtra(this.users.get(sub), this.at.accessTokenClaims),
      iss: this.issuer, sub, aud: this.audiences[0], client_id: client.id, iat: now, exp: now + this.ttl.accessToken,
      jti: randomUUID(), scope: this.at.audienceScope.split(" ")[0],
    };
    return this.sign({ ...defaults, ...claims }, this.at.accessTokenAlg, "at+jwt", options);
  }

  private async sign(payload: Record<string, unknown>, defaultAlg: SigningAlg, defaultTyp: string | null, options: SignOptions): Promise<string> {
    const alg = options.alg ?? defaultAlg;
    let key;
    let kid: string | undefined;
    if (alg === "none" || alg.startsWith("HS")) {
      if (alg !== "none" && !(options.key instanceof Uint8Array)) throw new Error(`${alg} needs key bytes in options.key`);
      key = options.key instanceof Uint8Array ? options.key : undefined;
    } else if (options.key === "foreign") {
      // A plausible forgery: the kid of the real key, a signature by a key nobody published.
      kid = this.ring.current(alg as SigningAlg).kid;
      key = (await generateSigningKey(alg as SigningAlg, "foreign")).privateKey;
    } else {
      const own = this.ring.current(alg as SigningAlg);
      kid = own.kid;
      key = own.privateKey;
    }
    const header: Record<string, unknown> = { alg };
    const typ = options.typ === undefined ? defaultTyp : options.typ;
    if (typ !== null) header.typ = typ;
    const headerKid = options.kid === undefined ? kid : options.kid;
    if (headerKid !== null && headerKid !== undefined) header.kid = headerKid;
    return signCompact(dropUndefined({ ...header, ...options.header }), dropUndefined(payload), alg, key);
  }

  async mintAccessToken(options: { sub: string; audience?: string; clientId?: string; scope?: string; ttl?: number }): Promise<string> {
    const p = this.provider;
    const client = await p.Client.find(this.clientFor(options.clientId).id);
    const audience = options.audience ?? this.audiences[0];
    const scope = options.scope ?? this.at.audienceScope.split(" ")[0];
    const grant = new p.Grant({ accountId: options.sub, clientId: client.clientId });
    grant.addOIDCScope("openid");
    grant.addResourceScope(audience, scope);
    const grantId = await grant.save();
    const info = resourceServerInfo(audience, this.audiences, this.ttl, this.at.accessTokenAlg, this.at.audienceScope);
    const token = new p.AccessToken({
      accountId: options.sub, client, grantId, gty: "authorization_code", scope,
      resourceServer: new p.ResourceServer(audience, info), expiresIn: options.ttl ?? this.ttl.accessToken,
    });
    token.extra = accessTokenExtra(this.users.get(options.sub), this.at.accessTokenClaims);
    return token.save();
  }

  sessions(sub?: string): StoredSession[] {
    return this.store.sessions(sub);
  }

  async backchannelLogout(filter: { sub?: string; sid?: string; clientId?: string; keepSessions?: boolean }): Promise<BackchannelDelivery[]> {
    const out: BackchannelDelivery[] = [];
    for (const session of this.store.sessions(filter.sub)) {
      if (session.accountId === undefined) continue;
      const authorizations = Object.entries(session.authorizations ?? {});
      if (filter.sid !== undefined && !authorizations.some(([, a]) => a.sid === filter.sid)) continue;
      for (const [clientId, auth] of authorizations) {
        if (filter.clientId !== undefined && clientId !== filter.clientId) continue;
        const client = await this.provider.Client.find(clientId);
        if (client?.backchannelLogoutUri === undefined) continue;
        const delivery: BackchannelDelivery = { clientId, sub: session.accountId, sid: auth.sid, ok: true };
        try {
          await client.backchannelLogout(session.accountId, auth.sid);
        } catch (err) {
          delivery.ok = false;
          delivery.error = (err as Error).message;
        }
        out.push(delivery);
        this.backchannelDeliveries.push(delivery);
      }
      if (filter.keepSessions === true) continue;
      for (const [, auth] of authorizations) if (auth.grantId !== undefined) this.store.revokeGrant(auth.grantId, true);
      this.store.delete(`Session:${session.id}`);
    }
    return out;
  }

  async down(): Promise<void> {
    this.releaseHung();
    await this.listener.close();
  }

  async up(): Promise<void> {
    await this.listener.listen(Date.now() + START_DEADLINE_MS);
    await waitForDiscovery(this.endpoints.discovery, Date.now() + START_DEADLINE_MS);
  }

  setOutage(outage: Outage | null): void {
    this.outage = outage;
    if (outage === null) this.releaseHung();
  }

  async stop(): Promise<void> {
    this.outage = null;
    await this.down();
  }

  private releaseHung(): void {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
  }

  private clientFor(clientId: string | undefined): IdpClient {
    const client = clientId === undefined ? this.client : this.clients.get(clientId);
    if (client === undefined) throw new Error(`no client ${clientId}`);
    return client;
  }
}

// Listener is the provider's HTTP server; it can close and listen again on the same port (an outage), and it
// tracks sockets so that closing never waits for keep-alive connections.
class Listener {
  handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => { res.writeHead(503).end(); };
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(public port: number, private readonly tls?: IdpTls) {}

  async listen(deadline = Date.now() + START_DEADLINE_MS): Promise<void> {
    if (this.server !== undefined) return;
    for (let attempt = 0; ; attempt++) {
      const handle = (req: IncomingMessage, res: ServerResponse) => this.handler(req, res);
      const tls = this.tls;
      const server = tls === undefined ? createServer(handle) : createHttpsServer({ cert: tls.cert, key: tls.key }, handle);
      server.keepAliveTimeout = 1000;
      server.on("connection", (s: Socket) => { this.sockets.add(s); s.once("close", () => this.sockets.delete(s)); });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen(this.port, "127.0.0.1", () => { server.off("error", reject); resolve(); });
        });
        this.server = server;
        this.port = (server.address() as AddressInfo).port;
        return;
      } catch (err) {
        // Re-binding a port just closed can race the kernel; retry under the deadline, never with a fixed sleep.
        if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE" || Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** attempt, 100)));
      }
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

interface ConfigInputs {
  options: IdpOptions;
  mount: string;
  ttl: IdpTtl;
  ring: KeyRing;
  store: IdpStore;
  users: Map<string, IdpUser>;
  audiences: string[];
  accessTokenAlg: SigningAlg;
  cookieKeys: string[];
  clients: IdpClientOptions[];
}

// configuration is oidc-provider's configuration object. Every function it would otherwise default (and print a
// "you SHOULD change it" notice for) is given.
function configuration(c: ConfigInputs): Record<string, unknown> {
  const refreshMode = c.options.refreshTokens ?? "always";
  const rotate = c.options.rotateRefreshTokens ?? true;
  const audienceScope = c.options.audienceScope ?? DEFAULT_AUDIENCE_SCOPE;
  const claimNames = c.options.accessTokenClaims ?? DEFAULT_ACCESS_TOKEN_CLAIMS;
  return {
    adapter: c.store.adapter(),
    clients: c.clients.map(clientMetadata),
    jwks: c.ring.providerJwks(),
    claims: CLAIMS,
    conformIdTokenClaims: (c.options.idTokenClaims ?? "all") === "conform",
    clockTolerance: 5,
    cookies: { keys: c.cookieKeys },
    async findAccount(_ctx: unknown, sub: string) {
      const user = c.users.get(sub);
      if (user === undefined) return undefined;
      return { accountId: sub, claims: async () => userClaims(user) };
    },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      revocation: { enabled: true, allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId: string }) => token.clientId === client.clientId },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string[]) => oneOf,
        useGrantedResource: async () => false,
        getResourceServerInfo: async (_ctx: unknown, indicator: string) => resourceServerInfo(indicator, c.audiences, c.ttl, c.accessTokenAlg, audienceScope),
      },
    },
    enabledJWA: { idTokenSigningAlgValues: c.ring.algs(), userinfoSigningAlgValues: c.ring.algs() },
    extraTokenClaims: async (_ctx: unknown, token: { accountId?: string; resourceServer?: unknown }) =>
      token.resourceServer !== undefined && token.accountId !== undefined ? accessTokenExtra(c.users.get(token.accountId), claimNames) : undefined,
    interactions: { url: async (_ctx: unknown, interaction: { uid: string }) => interactionPath(c.mount, interaction.uid) },
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }, code: { scopes: Set<string> }) =>
      client.grantTypeAllowed("refresh_token") && (refreshMode === "always" || (refreshMode === "offline_access" && code.scopes.has("offline_access"))),
    rotateRefreshToken: () => rotate,
    pkce: { required: () => true },
    responseTypes: ["code"],
    clientBasedCORS: () => false,
    // oidc-provider's outgoing requests (logout tokens) go through an SSRF guard that refuses special-use addresses,
    // loopback included, so they could never reach a relying party on 127.0.0.1; its `fetch` hook without the guard.
    fetch: (url: string, init: RequestInit & { dispatcher?: unknown }) => {
      const { dispatcher: _guard, ...rest } = init;
      return fetch(url, rest);
    },
    renderError,
    ttl: {
      AccessToken: c.ttl.accessToken, AuthorizationCode: c.ttl.authorizationCode, ClientCredentials: c.ttl.accessToken,
      IdToken: c.ttl.idToken, RefreshToken: c.ttl.refreshToken, Interaction: c.ttl.interaction, Session: c.ttl.session,
      Grant: c.ttl.grant, DeviceCode: 600, BackchannelAuthenticationRequest: 600, PreAuthorizedCode: 600,
    },
  };
}

function resourceServerInfo(indicator: string, audiences: string[], ttl: IdpTtl, alg: SigningAlg, scope: string): Record<string, unknown> {
  if (!audiences.includes(indicator)) throw new Error(`unknown resource indicator ${indicator}`);
  return { scope, audience: indicator, accessTokenFormat: "jwt", accessTokenTTL: ttl.accessToken, jwt: { sign: { alg } } };
}

function accessTokenExtra(user: IdpUser | undefined, names: string[]): Record<string, unknown> | undefined {
  if (user === undefined) return undefined;
  return Object.fromEntries(names.filter((n) => user[n] !== undefined).map((n) => [n, user[n]]));
}

function userClaims(user: IdpUser): Record<string, unknown> {
  const { login: _login, password: _password, ...claims } = user;
  return claims;
}

function defaultClients(): IdpClientOptions[] {
  return [
    { clientId: "rp-basic", authMethod: "client_secret_basic" },
    { clientId: "rp-post", authMethod: "client_secret_post" },
  ];
}

function withDefaults(c: IdpClientOptions, o: IdpOptions, idTokenAlg: SigningAlg): IdpClientOptions {
  return {
    ...c,
    clientSecret: c.clientSecret ?? randomBytes(24).toString("base64url"),
    authMethod: c.authMethod ?? "client_secret_basic",
    redirectUris: c.redirectUris ?? o.redirectUris,
    postLogoutRedirectUris: c.postLogoutRedirectUris ?? o.postLogoutRedirectUris,
    backchannelLogoutUri: c.backchannelLogoutUri ?? o.backchannelLogoutUri,
    backchannelLogoutSessionRequired: c.backchannelLogoutSessionRequired ?? o.backchannelLogoutSessionRequired ?? true,
    idTokenAlg: c.idTokenAlg ?? idTokenAlg,
  };
}

function clientMetadata(c: IdpClientOptions): Record<string, unknown> {
  const m: Record<string, unknown> = {
    client_id: c.clientId,
    client_secret: c.clientSecret,
    token_endpoint_auth_method: c.authMethod,
    redirect_uris: c.redirectUris ?? [PLACEHOLDER_REDIRECT],
    post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
    grant_types: ["authorization_code", "refresh_token", "client_credentials"],
    response_types: ["code"],
    id_token_signed_response_alg: c.idTokenAlg,
  };
  if (c.backchannelLogoutUri !== undefined) {
    m.backchannel_logout_uri = c.backchannelLogoutUri;
    m.backchannel_logout_session_required = c.backchannelLogoutSessionRequired;
  }
  return { ...m, ...c.metadata };
}

function publicClient(c: IdpClientOptions): IdpClient {
  return {
    id: c.clientId, secret: c.clientSecret!, authMethod: c.authMethod!,
    redirectUris: c.redirectUris ?? [PLACEHOLDER_REDIRECT], idTokenAlg: c.idTokenAlg!,
  };
}

// oidc-provider's page hooks, as plain HTML. The logout page keeps oidc-provider's form (it holds the xsrf secret) and
// adds the buttons the user agent submits: name="logout" value="yes" signs out of the provider everywhere.
interface HtmlCtx { type: string; body: string; host: string }

async function logoutSource(ctx: HtmlCtx, form: string): Promise<void> {
  ctx.type = "html";
  ctx.body = html("Sign out", `${form}<p>Sign out of ${escapeHtml(ctx.host)}?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
}

async function postLogoutSuccessSource(ctx: HtmlCtx): Promise<void> {
  ctx.type = "html";
  ctx.body = html("Signed out", "<p>You are signed out.</p>");
}

async function renderError(ctx: HtmlCtx, out: Record<string, string>): Promise<void> {
  ctx.type = "html";
  ctx.body = html("Error", Object.entries(out).map(([k, v]) => `<p><b>${escapeHtml(k)}</b>: <span data-${escapeHtml(k)}>${escapeHtml(String(v))}</span></p>`).join(""));
}

function html(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

let providerClass: Provider;

// The import prints oidc-provider's runtime warning once per process; it is filtered here and nowhere else.
async function loadProvider(quiet: boolean): Promise<Provider> {
  if (providerClass !== undefined) return providerClass;
  const warn = console.warn;
  if (quiet) {
    console.warn = (...args: unknown[]): void => {
      if (typeof args[0] === "string" && args[0].includes("Unsupported runtime")) return;
      warn(...args);
    };
  }
  try {
    const name = "oidc-provider"; // a variable specifier: the package has no types, the import is `any`
    providerClass = (await import(name)).Provider;
  } finally {
    console.warn = warn;
  }
  return providerClass;
}

async function waitForDiscovery(url: string, deadline: number, ca?: string): Promise<void> {
  let last = "";
  for (let attempt = 0; ; attempt++) {
    try {
      const res = ca === undefined ? await fetch(url, { signal: AbortSignal.timeout(1000) }) : await httpsGet(url, ca);
      if (res.ok && typeof (await res.json()).issuer === "string") return;
      last = `status ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`no discovery document before the deadline (${last})`);
    // Back off on the event loop (not a fixed sleep): each retry is bounded by the overall deadline.
    await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** attempt, 100)));
  }
}

function normalizeMount(path: string): string {
  if (path === "" || path === "/") return "";
  const p = path.startsWith("/") ? path : `/${path}`;
  return p.endsWith("/") ? p.slice(0, -1) : p;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const epoch = (): number => Math.floor(Date.now() / 1000);

// An https GET trusting ca, answered as much of a fetch Response as waitForDiscovery reads (fetch takes no CA).
function httpsGet(url: string, ca: string): Promise<{ ok: boolean; status: number; json(): Promise<{ issuer?: unknown }> }> {
  return new Promise((resolve, reject) => {
    const req = getHttps(url, { ca, timeout: 1000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ ok: status >= 200 && status < 300, status, json: async () => JSON.parse(text) as { issuer?: unknown } });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}
