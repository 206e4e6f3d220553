// Proves the OpenID test harness (test/support/idp.ts, test/support/user_agent.ts) before the middleware relies on
// it: a tiny relying party written here (authorization code + PKCE + state/nonce, plain fetch, jose) logs users in
// through the scripted user agent, refreshes, gets JWT access tokens, logs out (RP-initiated and back-channel); the
// provider goes down and comes back on its port and rotates its keys. Everything starts and stops in this file.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { after, before, describe, test } from "node:test";
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { listen, type Running } from "../support/http.js";
import { DEFAULT_AUDIENCE, pkcePair, startIdp, type Idp } from "../support/idp.js";
import { LoginError, UserAgent } from "../support/user_agent.js";

const ALICE = { login: "alice", password: "alice-password" };
const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
const SCOPE = "openid email profile groups roles offline_access api:read";

interface TokenSet { id_token?: string; access_token: string; refresh_token?: string; token_type: string; expires_in: number; scope?: string }
interface RpSession { sid: string; clientId: string; idToken: string; claims: JWTPayload; tokens: TokenSet }
interface Pending { clientId: string; nonce: string; verifier: string }
interface ReceivedLogout { payload: JWTPayload; typ?: string }

/** TinyRp is a relying party as small as the protocol allows; it trusts nothing the browser sends. */
class TinyRp {
  readonly pending = new Map<string, Pending>();
  readonly sessions = new Map<string, RpSession>();
  readonly logoutTokens: ReceivedLogout[] = [];
  server!: Running;
  private jwks!: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly idp: () => Idp) {}

  get url(): string { return this.server.url; }

  async start(): Promise<void> {
    this.server = await listen((req, res) => { this.route(req, res).catch((err: Error) => { res.writeHead(500).end(err.stack); }); });
  }

  /** connect points the RP at its provider (started after the RP, so that the callback URL is known). */
  connect(): void {
    // cooldownDuration 0: a token with an unknown kid refetches the JWKS at once (the rotation test needs it).
    this.jwks = createRemoteJWKSet(new URL(this.idp().endpoints.jwks), { cooldownDuration: 0 });
  }

  async tokenRequest(clientId: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const client = this.idp().clients.get(clientId)!;
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    const form = new URLSearchParams(params);
    if (client.authMethod === "client_secret_basic") {
      // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString("base64")}`;
    } else {
      form.set("client_id", client.id);
      form.set("client_secret", client.secret);
    }
    const res = await fetch(this.idp().endpoints.token, { method: "POST", headers, body: form });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  }

  verifyIdToken(token: string, clientId: string): Promise<JWTPayload> {
    return jwtVerify(token, this.jwks, { issuer: this.idp().issuer, audience: clientId }).then((r) => r.payload);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const cookies = Object.fromEntries((req.headers.cookie ?? "").split(/;\s*/).filter(Boolean).map((c) => c.split("=", 2) as [string, string]));
    switch (`${req.method} ${url.pathname}`) {
      case "GET /protected": return this.protectedPage(req, res, url, cookies);
      case "GET /callback": return this.callback(res, url, cookies);
      case "GET /logout": return this.logout(res, cookies);
      case "GET /logged-out": res.writeHead(200, { "content-type": "text/plain" }).end(`logged out ${url.searchParams.get("state")}`); return;
      case "POST /backchannel": return this.backchannel(req, res);
      default: res.writeHead(404).end();
    }
  }

  private async protectedPage(req: IncomingMessage, res: ServerResponse, url: URL, cookies: Record<string, string>): Promise<void> {
    const session = this.sessions.get(cookies.rp_session ?? "");
    if (session !== undefined) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ sub: session.claims.sub, clientId: session.clientId }));
      return;
    }
    // Only navigations are sent to the provider; an API call gets 401.
    if (req.headers["sec-fetch-mode"] !== "navigate") { res.writeHead(401, { "www-authenticate": "Bearer" }).end(); return; }
    const clientId = url.searchParams.get("client") ?? this.idp().client.id;
    const state = randomBytes(16).toString("base64url");
    const nonce = randomBytes(16).toString("base64url");
    const { verifier, challenge } = pkcePair();
    this.pending.set(state, { clientId, nonce, verifier });
    const auth = new URL(this.idp().endpoints.authorization);
    const params = new URLSearchParams({
      response_type: "code", client_id: clientId, redirect_uri: `${this.url}/callback`, scope: url.searchParams.get("scope") ?? SCOPE,
      state, nonce, code_challenge: challenge, code_challenge_method: "S256", resource: DEFAULT_AUDIENCE,
    });
    if (url.searchParams.has("prompt")) params.set("prompt", url.searchParams.get("prompt")!);
    auth.search = params.toString();
    res.writeHead(302, { location: auth.href, "set-cookie": `rp_state_${state}=1; Path=/callback; HttpOnly; SameSite=Lax; Max-Age=600` }).end();
  }

  private async callback(res: ServerResponse, url: URL, cookies: Record<string, string>): Promise<void> {
    const state = url.searchParams.get("state") ?? "";
    const pending = this.pending.get(state);
    this.pending.delete(state); // consumed once, whatever happens next
    if (pending === undefined || cookies[`rp_state_${state}`] !== "1") { res.writeHead(400).end("state"); return; }
    if (url.searchParams.get("iss") !== this.idp().issuer) { res.writeHead(400).end("iss"); return; } // RFC 9207
    const code = url.searchParams.get("code");
    if (code === null) { res.writeHead(403).end(url.searchParams.get("error") ?? "no code"); return; }
    const { status, body } = await this.tokenRequest(pending.clientId, {
      grant_type: "authorization_code", code, redirect_uri: `${this.url}/callback`, code_verifier: pending.verifier,
    });
    if (status !== 200) { res.writeHead(502).end(JSON.stringify(body)); return; }
    const tokens = body as unknown as TokenSet;
    const claims = await this.verifyIdToken(tokens.id_token!, pending.clientId);
    if (claims.nonce !== pending.nonce) { res.writeHead(400).end("nonce"); return; }
    const sid = randomBytes(16).toString("base64url");
    this.sessions.set(sid, { sid, clientId: pending.clientId, idToken: tokens.id_token!, claims, tokens });
    res.writeHead(302, {
      location: `/protected`,
      "set-cookie": [`rp_session=${sid}; Path=/; HttpOnly; SameSite=Lax`, `rp_state_${state}=; Path=/callback; Max-Age=0`],
    }).end();
  }

  private logout(res: ServerResponse, cookies: Record<string, string>): void {
    const session = this.sessions.get(cookies.rp_session ?? "");
    if (session === undefined) { res.writeHead(302, { location: "/logged-out" }).end(); return; }
    this.sessions.delete(session.sid);
    const end = new URL(this.idp().endpoints.endSession);
    end.search = new URLSearchParams({
      id_token_hint: session.idToken, client_id: session.clientId, post_logout_redirect_uri: `${this.url}/logged-out`, state: "bye",
    }).toString();
    res.writeHead(302, { location: end.href, "set-cookie": "rp_session=; Path=/; Max-Age=0" }).end();
  }

  // OIDC Back-Channel Logout 1.0 §2.6: verify, then end every session of that sid (or sub).
  private async backchannel(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const token = new URLSearchParams(Buffer.concat(chunks).toString()).get("logout_token") ?? "";
    try {
      const { payload, protectedHeader } = await jwtVerify(token, this.jwks, {
        issuer: this.idp().issuer, audience: [...this.idp().clients.keys()], typ: "logout+jwt", requiredClaims: ["iat", "jti", "events"],
      });
      assert.ok(typeof payload.events === "object" && payload.events !== null && BACKCHANNEL_LOGOUT_EVENT in payload.events);
      assert.equal(payload.nonce, undefined);
      assert.ok(payload.sid !== undefined || payload.sub !== undefined);
      this.logoutTokens.push({ payload, typ: protectedHeader.typ });
      for (const s of this.sessions.values()) if (s.claims.sid === payload.sid || (payload.sid === undefined && s.claims.sub === payload.sub)) this.sessions.delete(s.sid);
      res.writeHead(200, { "cache-control": "no-store" }).end();
    } catch (err) {
      res.writeHead(400).end((err as Error).message);
    }
  }
}

describe("test identity provider and user agent", () => {
  let idp: Idp;
  const rp = new TinyRp(() => idp);

  before(async () => {
    await rp.start();
    idp = await startIdp({
      redirectUris: [`${rp.url}/callback`],
      postLogoutRedirectUris: [`${rp.url}/logged-out`],
      backchannelLogoutUri: `${rp.url}/backchannel`,
      ttl: { idToken: 60, accessToken: 60, refreshToken: 120 },
    });
    rp.connect();
  });
  after(async () => {
    await idp?.stop();
    await rp.server?.close();
    await assert.rejects(fetch(idp.endpoints.discovery), "nothing listens on the provider's port any more");
  });

  test("a user logs in through the provider's forms and lands on the protected page with verified claims", async () => {
    const ua = new UserAgent();
    const { page, hops, callback } = await ua.login(`${rp.url}/protected`, ALICE);
    assert.equal(page.status, 200, page.body);
    assert.deepEqual(JSON.parse(page.body), { sub: "alice", clientId: "rp-basic" });
    assert.ok(callback !== undefined && new URL(callback.url).searchParams.get("iss") === idp.issuer);
    assert.equal(hops[0].requestHeaders["sec-fetch-mode"], "navigate");
    assert.match(hops[0].requestHeaders.accept, /^text\/html/);
    assert.ok(hops.some((h) => h.method === "POST" && h.url.endsWith("/login")), "the login form was posted");
    // Cookies stay with the origin that set them: the provider's session never reaches the RP's port.
    assert.ok(ua.cookies(`${rp.url}/`).every((c) => c.port === rp.server.port));
    assert.ok(ua.cookies(idp.url("/")).some((c) => c.name === "_session"));

    const session = [...rp.sessions.values()].at(-1)!;
    const header = decodeProtectedHeader(session.idToken);
    assert.equal(header.alg, "RS256");
    assert.equal(header.kid, idp.kid());
    const c = session.claims;
    assert.equal(c.email, "alice@example.com");
    assert.equal(c.email_verified, true);
    assert.equal(c.name, "Alice Liddell");
    assert.equal(c.preferred_username, "alice");
    assert.deepEqual(c.groups, ["admins", "staff"]);
    assert.deepEqual(c.roles, ["editor"]);
    assert.equal(typeof c.sid, "string", "sid is in the ID token (backchannel_logout_session_required)");
    assert.equal(session.tokens.token_type, "Bearer");
    assert.ok(session.tokens.refresh_token !== undefined, "a refresh token without prompt=consent (refreshTokens: always)");

    const userinfo = await fetch(idp.endpoints.userinfo, { headers: { authorization: `Bearer ${session.tokens.access_token}` } });
    assert.equal(userinfo.status, 200);
    assert.equal((await userinfo.json() as { email: string }).email, "alice@example.com");
  });

  test("a wrong password shows the form again and login() throws LoginError; fetch-mode requests get no redirect", async () => {
    const ua = new UserAgent();
    await assert.rejects(ua.login(`${rp.url}/protected`, { login: "alice", password: "nope" }), (err: unknown) => {
      assert.ok(err instanceof LoginError);
      assert.equal(err.page.status, 401);
      return true;
    });
    const api = await ua.fetch(`${rp.url}/protected`);
    assert.equal(api.status, 401);
    assert.equal(api.hops[0].requestHeaders["sec-fetch-mode"], "cors");
    assert.equal(api.hops.length, 1);
  });

  test("client_secret_post works, and a second login in the same browser is single sign-on (no form)", async () => {
    const ua = new UserAgent();
    await ua.login(`${rp.url}/protected`, ALICE);
    ua.deleteCookies("rp_session");
    const { page, hops } = await ua.login(`${rp.url}/protected?client=rp-post`, ALICE);
    assert.deepEqual(JSON.parse(page.body), { sub: "alice", clientId: "rp-post" });
    assert.ok(!hops.some((h) => h.url.endsWith("/login")), "no login form the second time");
  });

  test("stopAtCallback leaves the callback to the test: its state is single-use at the RP", async () => {
    const ua = new UserAgent();
    const { callbackUrl, page } = await ua.login(`${rp.url}/protected`, { ...ALICE, stopAtCallback: true });
    assert.ok(callbackUrl !== undefined && page.stoppedAt === callbackUrl);
    assert.equal((await ua.navigate(callbackUrl, { initiator: new URL(idp.issuer).origin })).status, 200);
    assert.equal((await ua.navigate(callbackUrl, { follow: false })).status, 400, "a replayed state is refused");
  });

  test("refresh rotates the refresh token, resource= gives an at+jwt for the audience, a reused refresh token fails", async () => {
    const ua = new UserAgent();
    await ua.login(`${rp.url}/protected`, ALICE);
    const session = [...rp.sessions.values()].at(-1)!;
    const rt1 = session.tokens.refresh_token!;
    const r1 = await rp.tokenRequest(session.clientId, { grant_type: "refresh_token", refresh_token: rt1 });
    assert.equal(r1.status, 200, JSON.stringify(r1.body));
    const rt2 = r1.body.refresh_token as string;
    assert.notEqual(rt2, rt1);
    const idClaims = await rp.verifyIdToken(r1.body.id_token as string, session.clientId);
    assert.equal(idClaims.sub, "alice");
    assert.deepEqual(idClaims.groups, ["admins", "staff"]);

    const r2 = await rp.tokenRequest(session.clientId, { grant_type: "refresh_token", refresh_token: rt2, resource: DEFAULT_AUDIENCE });
    assert.equal(r2.status, 200, JSON.stringify(r2.body));
    const at = r2.body.access_token as string;
    const jwks = createLocalJWKSet(idp.publicJwks() as { keys: [] });
    const { payload, protectedHeader } = await jwtVerify(at, jwks, { issuer: idp.issuer, audience: DEFAULT_AUDIENCE, typ: "at+jwt" });
    assert.equal(protectedHeader.typ, "at+jwt");
    assert.equal(payload.sub, "alice");
    assert.equal(payload.client_id, session.clientId);
    assert.equal(payload.scope, "api:read");
    assert.deepEqual(payload.roles, ["editor"]);

    const reuse = await rp.tokenRequest(session.clientId, { grant_type: "refresh_token", refresh_token: rt1 });
    assert.equal(reuse.status, 400);
    assert.equal(reuse.body.error, "invalid_grant");
  });

  test("mintAccessToken and the sign* helpers make tokens signed by the provider's own keys", async () => {
    const jwks = createLocalJWKSet(idp.publicJwks() as { keys: [] });
    const minted = await idp.mintAccessToken({ sub: "bob", scope: "api:read api:write" });
    const { payload } = await jwtVerify(minted, jwks, { issuer: idp.issuer, audience: DEFAULT_AUDIENCE, typ: "at+jwt" });
    assert.equal(payload.sub, "bob");
    assert.deepEqual(payload.groups, ["staff"]);

    const expired = await idp.signIdToken({ exp: 1000, iat: 900, nonce: "n" });
    await assert.rejects(jwtVerify(expired, jwks, { issuer: idp.issuer, audience: idp.client.id }), { code: "ERR_JWT_EXPIRED" });
    const wrongIss = await idp.signIdToken({ iss: "http://evil.example" }, { alg: "ES256" });
    assert.equal(decodeProtectedHeader(wrongIss).kid, idp.kid("ES256"));
    await assert.rejects(jwtVerify(wrongIss, jwks, { issuer: idp.issuer }), { code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "iss" });
    const forged = await idp.signIdToken({}, { key: "foreign" });
    await assert.rejects(jwtVerify(forged, jwks), { code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
    const unknownKid = await idp.signIdToken({}, { kid: "nobody" });
    await assert.rejects(jwtVerify(unknownKid, jwks), { code: "ERR_JWKS_NO_MATCHING_KEY" });
    assert.equal(decodeProtectedHeader(await idp.signIdToken({}, { alg: "none" })).alg, "none");

    const logout = await idp.signLogoutToken({ sid: "s-1" }, { alg: "EdDSA" });
    const verified = await jwtVerify(logout, jwks, { issuer: idp.issuer, audience: idp.client.id, typ: "logout+jwt" });
    assert.deepEqual(verified.payload.events, { [BACKCHANNEL_LOGOUT_EVENT]: {} });
    assert.equal(verified.payload.sid, "s-1");
    assert.equal(typeof verified.payload.jti, "string");
  });

  test("RP-initiated logout ends the provider session and sends a verified logout+jwt to each client", async () => {
    const ua = new UserAgent();
    await ua.login(`${rp.url}/protected`, ALICE);
    ua.deleteCookies("rp_session");
    await ua.login(`${rp.url}/protected?client=rp-post`, ALICE);
    const sids = [...rp.sessions.values()].slice(-2).map((s) => s.claims.sid);
    const before = rp.logoutTokens.length;
    const { page } = await ua.logout(`${rp.url}/logout`);
    assert.equal(page.url, `${rp.url}/logged-out?state=bye`);
    assert.equal(page.body, "logged out bye");
    const received = rp.logoutTokens.slice(before);
    assert.deepEqual(received.map((r) => r.payload.aud).sort(), ["rp-basic", "rp-post"]);
    assert.ok(received.every((r) => r.typ === "logout+jwt" && r.payload.sub === "alice" && sids.includes(r.payload.sid as string)));
    assert.ok(idp.backchannelDeliveries.slice(-2).every((d) => d.ok));
    // The provider session is gone: the next visit shows the login form again.
    const again = await ua.navigate(`${rp.url}/protected`);
    assert.ok(again.body.includes('name="password"'), "login form after logout");
  });

  test("backchannelLogout() logs a user out from the provider side, the way end_session does", async () => {
    const ua = new UserAgent();
    await ua.login(`${rp.url}/protected`, ALICE);
    const sid = [...rp.sessions.values()].at(-1)!.claims.sid as string;
    const sessions = idp.sessions("alice").length;
    const before = rp.logoutTokens.length;
    const deliveries = await idp.backchannelLogout({ sub: "alice", sid });
    assert.deepEqual(deliveries.map((d) => [d.clientId, d.sid, d.ok]), [["rp-basic", sid, true]]);
    assert.equal(rp.logoutTokens.length, before + 1);
    assert.equal(rp.logoutTokens.at(-1)!.payload.sid, sid);
    assert.equal(idp.sessions("alice").length, sessions - 1);
    // The RP dropped its session on the logout token and the provider's is gone: the login form again.
    const login = await ua.navigate(`${rp.url}/protected`);
    assert.ok(login.body.includes('name="password"'));
  });

  test("the provider goes down, fails or hangs, and comes back on the same port", async () => {
    await idp.down();
    await assert.rejects(fetch(idp.endpoints.discovery), (err: Error & { cause?: { code?: string } }) => err.cause?.code === "ECONNREFUSED");
    await idp.up();
    assert.equal((await fetch(idp.endpoints.discovery)).status, 200);
    idp.setOutage({ status: 503 });
    assert.equal((await fetch(idp.endpoints.jwks)).status, 503);
    idp.setOutage("hang");
    await assert.rejects(fetch(idp.endpoints.jwks, { signal: AbortSignal.timeout(200) }), { name: "TimeoutError" });
    idp.setOutage(null);
    const jwksBefore = idp.countRequests("/jwks");
    assert.equal((await fetch(idp.endpoints.jwks)).status, 200);
    assert.equal(idp.countRequests("/jwks"), jwksBefore + 1);
    // Sessions survive the outage (the store outlives the listener): SSO still works.
    const ua = new UserAgent();
    await ua.login(`${rp.url}/protected`, ALICE);
    await idp.down();
    await idp.up();
    ua.deleteCookies("rp_session");
    const { hops } = await ua.login(`${rp.url}/protected`, ALICE);
    assert.ok(!hops.some((h) => h.url.endsWith("/login")));
  });

  test("key rotation signs with a new kid, keeps the old key published, and algorithms switch per client", async () => {
    const ua = new UserAgent();
    await ua.login(`${rp.url}/protected`, ALICE);
    const session = [...rp.sessions.values()].at(-1)!;
    const oldKid = idp.kid();
    const rotated = await idp.rotateKeys();
    assert.notEqual(rotated.RS256, oldKid);
    assert.equal(idp.kid(), rotated.RS256);
    const published = (await (await fetch(idp.endpoints.jwks)).json() as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    assert.ok(published.includes(oldKid) && published.includes(rotated.RS256));
    const r = await rp.tokenRequest(session.clientId, { grant_type: "refresh_token", refresh_token: session.tokens.refresh_token! });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(decodeProtectedHeader(r.body.id_token as string).kid, rotated.RS256);
    await rp.verifyIdToken(r.body.id_token as string, session.clientId); // the RP refetches the JWKS for the new kid

    await idp.setIdTokenAlg("ES256", session.clientId);
    const r2 = await rp.tokenRequest(session.clientId, { grant_type: "refresh_token", refresh_token: r.body.refresh_token as string });
    assert.equal(decodeProtectedHeader(r2.body.id_token as string).alg, "ES256");
    await rp.verifyIdToken(r2.body.id_token as string, session.clientId);
    await idp.setIdTokenAlg("RS256");

    await idp.rotateKeys({ algs: ["RS256"], retire: true });
    assert.ok(!idp.publicJwks().keys.some((k) => k.kid === oldKid || k.kid === rotated.RS256), "retired keys are unpublished");
  });

  test("offline_access mode, the consent form (approve and deny) and clients registered after start", async () => {
    const rp2 = new TinyRp(() => idp2);
    await rp2.start();
    const idp2: Idp = await startIdp({ refreshTokens: "offline_access", consent: "form", algs: ["RS256"] });
    try {
      await idp2.updateClient("rp-basic", { redirectUris: [`${rp2.url}/callback`] });
      rp2.connect();
      const refreshTokenFor = async (query: string): Promise<string | undefined> => {
        const { page, hops } = await new UserAgent().login(`${rp2.url}/protected?${query}`, ALICE);
        assert.equal(page.status, 200, page.body);
        assert.ok(hops.some((h) => h.method === "POST" && h.url.endsWith("/consent")), "the consent form was submitted");
        return [...rp2.sessions.values()].at(-1)!.tokens.refresh_token;
      };
      assert.equal(await refreshTokenFor("scope=openid+email"), undefined, "no offline_access, no refresh token");
      // OIDC Core §11: offline_access counts only with prompt=consent (oidc-provider drops it otherwise).
      assert.equal(await refreshTokenFor("scope=openid+offline_access"), undefined);
      assert.equal(await refreshTokenFor("scope=openid+offline_access&prompt=login"), undefined);
      assert.equal(typeof await refreshTokenFor("scope=openid+offline_access&prompt=consent"), "string");
      const denied = await new UserAgent().login(`${rp2.url}/protected`, { ...ALICE, consent: "deny" });
      assert.equal(new URL(denied.callbackUrl!).searchParams.get("error"), "access_denied");
      assert.equal(denied.page.status, 403);
    } finally {
      await idp2.stop();
      await rp2.server.close();
    }
  });

  test("an issuer with a path (Keycloak style) serves discovery and logs in below it", async () => {
    const rp2 = new TinyRp(() => idp2);
    await rp2.start();
    const idp2: Idp = await startIdp({ issuerPath: "/realms/test", redirectUris: [`${rp2.url}/callback`], algs: ["RS256"] });
    try {
      rp2.connect();
      assert.match(idp2.issuer, /\/realms\/test$/);
      const discovery = await (await fetch(idp2.endpoints.discovery)).json() as Record<string, string>;
      assert.equal(discovery.issuer, idp2.issuer);
      assert.equal(discovery.jwks_uri, `${idp2.issuer}/jwks`);
      const { page } = await new UserAgent().login(`${rp2.url}/protected`, ALICE);
      assert.deepEqual(JSON.parse(page.body), { sub: "alice", clientId: "rp-basic" });
    } finally {
      await idp2.stop();
      await rp2.server.close();
    }
  });
});

describe("user agent cookie jar", () => {
  let server: Running;
  const setCookies: Record<string, string[]> = {};
  before(async () => {
    server = await listen((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      res.writeHead(200, { "content-type": "text/plain", "set-cookie": setCookies[path] ?? [] });
      res.end(req.headers.cookie ?? "");
    });
  });
  after(() => server.close());

  const cookieHeader = async (ua: UserAgent, path: string, options = {}): Promise<string> => (await ua.navigate(`${server.url}${path}`, options)).body;

  test("Secure cookies over http on loopback follow treatLoopbackAsSecure", async () => {
    setCookies["/set"] = ["s=1; Secure; Path=/", "p=2; Path=/"];
    const browser = new UserAgent();
    await browser.navigate(`${server.url}/set`);
    assert.equal(await cookieHeader(browser, "/"), "s=1; p=2");
    const strict = new UserAgent({ treatLoopbackAsSecure: false });
    const page = await strict.navigate(`${server.url}/set`);
    assert.deepEqual(page.hops[0].rejectedCookies.map((r) => r.reason), ["Secure cookie from an insecure origin"]);
    assert.equal(await cookieHeader(strict, "/"), "p=2");
  });

  test("ports are isolated by default and shared with isolatePorts: false; localhost is another host", async () => {
    setCookies["/set"] = ["a=1; Path=/"];
    const other = await listen((req, res) => { res.end(req.headers.cookie ?? ""); });
    try {
      for (const [isolatePorts, expected] of [[true, ""], [false, "a=1"]] as const) {
        const ua = new UserAgent({ isolatePorts });
        await ua.navigate(`${server.url}/set`);
        assert.equal((await ua.navigate(`${other.url}/`)).body, expected);
        assert.deepEqual(ua.cookies(`http://localhost:${server.port}/`), []);
      }
    } finally {
      await other.close();
    }
  });

  test("Path, Max-Age=0, prefixes and SameSite on cross-site requests", async () => {
    setCookies["/app/set"] = ["scoped=1", "lax=1; Path=/; SameSite=Lax", "strict=1; Path=/; SameSite=Strict", "__Host-bad=1; Path=/app"];
    const ua = new UserAgent();
    const set = await ua.navigate(`${server.url}/app/set`);
    assert.match(set.hops[0].rejectedCookies[0].reason, /__Host-/);
    assert.equal(await cookieHeader(ua, "/app/x"), "scoped=1; lax=1; strict=1");
    assert.equal(await cookieHeader(ua, "/application"), "lax=1; strict=1", "default Path /app does not match /application");
    const evil = "http://evil.example";
    assert.equal(await cookieHeader(ua, "/", { initiator: evil }), "lax=1", "cross-site GET navigation: Lax only");
    assert.equal(await cookieHeader(ua, "/", { initiator: evil, method: "POST", body: { a: "b" } }), "", "cross-site POST: none");
    const post = await ua.navigate(`${server.url}/`, { initiator: evil, method: "POST", body: { a: "b" } });
    assert.equal(post.hops[0].requestHeaders["sec-fetch-site"], "cross-site");
    assert.equal(post.hops[0].requestHeaders.origin, evil);
    setCookies["/del"] = ["lax=; Path=/; Max-Age=0"];
    await ua.navigate(`${server.url}/del`);
    assert.equal(await cookieHeader(ua, "/"), "strict=1");
  });
});
