// plugin.wasm as an OpenID Connect relying party, in the shim as Traefik runs it, against a real oidc-provider
// (test/support/idp.ts) and a scripted browser (test/support/user_agent.ts). Middleware builds stand in for
// Traefik replicas; instances are dropped at random, so nothing may live in instance memory. Memory mode keeps
// sessions in sealed cookies; redis mode keeps them in a redis-server started here.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { Redis } from "ioredis";
import { loadMiddleware, type LoadOptions } from "../../host-shim/index.js";
import { echoBackend, serveMiddleware, type Running } from "../support/http.js";
import { DEFAULT_AUDIENCE, type Idp, startIdp } from "../support/idp.js";
import { type RedisServer, startRedis } from "../support/redis.js";
import { UserAgent } from "../support/user_agent.js";

const plugin = new Uint8Array(readFileSync("plugin.wasm"));
const KEY = "a-session-encryption-key-of-32+-bytes";
const ALICE = { login: "alice", password: "alice-password" };
let idp: Idp;
let backend: Running;
let redis: RedisServer;
const cleanups: (() => unknown)[] = [];
const redirectUris: string[] = [];
const logoutUris: string[] = [];

before(async () => {
  [idp, backend, redis] = await Promise.all([startIdp(), echoBackend(), startRedis()]);
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  await Promise.all([idp?.stop(), backend?.close(), redis?.stop()]);
});

/** replica builds plugin.wasm with the provider's client and extra options, and registers its callback. */
async function replica(extra: Record<string, unknown> = {}, load: Pick<LoadOptions, "wallClockOffsetMs"> = {}): Promise<Running> {
  const config = {
    providerURL: idp.issuer, clientID: idp.client.id, clientSecret: idp.client.secret, sessionEncryptionKey: KEY,
    forceHTTPS: false, scopes: "groups, roles", ...extra,
  };
  const logs: string[] = [];
  const mw = await loadMiddleware(plugin, { ...load, config, poolDrop: 0.5, onLog: (e) => { logs.push(e.message); if (process.env.SHOW_GUEST_LOGS) console.error(e.message); } });
  const shim = await serveMiddleware(mw, backend.url);
  cleanups.push(async () => { await shim.close(); await mw.close(); });
  redirectUris.push(`${shim.url}/oauth2/callback`);
  logoutUris.push(`${shim.url}/`);
  await idp.updateClient(idp.client.id, { redirectUris: [...redirectUris], postLogoutRedirectUris: [...logoutUris] });
  return shim;
}

/** seen is what the echo backend received, from a page it answered. */
function seen(body: string): { url: string; headers: Record<string, string> } {
  return JSON.parse(body);
}

const redisMode = () => ({ redis: { enabled: true, address: `127.0.0.1:${redis.port}` } });

describe("login", () => {
  test("memory mode: a browser is sent to the provider, logs in, and comes back to the page it asked for", async () => {
    const rp = await replica();
    const ua = new UserAgent();
    const { page, hops } = await ua.login(`${rp.url}/app?x=1`, ALICE);
    assert.equal(page.status, 200);
    const got = seen(page.body);
    assert.equal(got.url, "/app?x=1");
    assert.equal(got.headers["x-forwarded-user"], "alice@example.com");
    assert.equal(got.headers["x-auth-request-email"], "alice@example.com");
    assert.match(got.headers["x-auth-request-groups"], /admins/);
    const toProvider = new URL(hops[0].location!);
    assert.equal(toProvider.searchParams.get("code_challenge_method"), "S256");
    assert.ok(toProvider.searchParams.get("state")!.length >= 43 && toProvider.searchParams.get("nonce")!.length >= 43);
    assert.equal(toProvider.searchParams.get("scope"), "openid profile email groups roles", "scopes add to the defaults");
  });

  test("cookies: HttpOnly, SameSite=Lax, Path=/, Secure only with forceHTTPS; a new session id at every login", async () => {
    const flags = (c: string, secure: boolean): void => {
      for (const re of [/; HttpOnly/i, /; SameSite=Lax/i, /; Path=\//i]) assert.match(c, re);
      assert.equal(/; Secure/i.test(c), secure, c);
    };
    const rp = await replica(redisMode());
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { hops } = await new UserAgent().login(`${rp.url}/`, ALICE);
      const ours = hops.flatMap((h) => h.setCookies).filter((c) => c.startsWith("_oidc_wasm_"));
      for (const c of ours) flags(c, false);
      ids.push(ours.filter((c) => c.startsWith("_oidc_wasm_session=")).pop()!);
    }
    assert.notEqual(ids[0], ids[1]);
    const forced = await replica({ forceHTTPS: true });
    const first = await new UserAgent().navigate(`${forced.url}/`, { follow: false });
    const login = first.hops[0].setCookies.find((c) => c.startsWith("_oidc_wasm_login_"))!;
    flags(login, true);
    assert.ok(new URL(first.headers.location!).searchParams.get("redirect_uri")!.startsWith("https://"));
  });

  test("a spoofed X-Forwarded-User is removed; the authenticated identity replaces it", async () => {
    const rp = await replica();
    const ua = new UserAgent();
    await ua.login(`${rp.url}/`, ALICE);
    const page = await ua.navigate(`${rp.url}/who`, { headers: { "X-Forwarded-User": "admin", "X-Auth-Request-Roles": "root" } });
    assert.equal(seen(page.body).headers["x-forwarded-user"], "alice@example.com");
    assert.equal(seen(page.body).headers["x-auth-request-roles"], "editor");
    const anonymous = await new UserAgent().fetch(`${rp.url}/api`, { headers: { "X-Forwarded-User": "admin" } });
    assert.equal(anonymous.status, 401, "a fetch without a session is refused, not redirected");
  });

  test("access rules: a user outside allowedRolesAndGroups gets 403 and no session; allowedUsers lets one in", async () => {
    const strict = await replica({ allowedRolesAndGroups: ["auditors"] });
    const ua = new UserAgent();
    const { page } = await ua.login(`${strict.url}/`, ALICE);
    assert.equal(page.status, 403);
    assert.equal(ua.cookie(strict.url, "_oidc_wasm_session"), undefined);
    const named = await replica({ allowedUsers: ["ALICE@example.com"] });
    assert.equal((await new UserAgent().login(`${named.url}/`, ALICE)).page.status, 200, "case-insensitive");
    const domains = await replica({ allowedUserDomains: ["example.org"] });
    const bob = await new UserAgent().login(`${domains.url}/`, { login: "bob", password: "bob-password" });
    assert.equal(bob.page.status, 403, "bob's email is not verified, so its domain proves nothing");
  });

  test("headers: templates over the ID token's claims reach the backend; the client's own copies never do", async () => {
    const rp = await replica({ excludedURLs: ["/public"], headers: [
      { name: "X-Team", value: "team-{{.Claims.preferred_username}}" }, { name: "X-Groups", value: "{{ .Claims.groups }}" },
      { name: "X-Missing", value: "{{.Claims.nothing}}" },
    ] });
    const ua = new UserAgent();
    const { page } = await ua.login(`${rp.url}/`, ALICE);
    const h = seen(page.body).headers;
    assert.deepEqual([h["x-team"], h["x-groups"], h["x-missing"]], ["team-alice", "admins,staff", undefined]);
    const spoofed = await ua.navigate(`${rp.url}/public/x`, { headers: { "X-Team": "team-root" } });
    assert.equal(seen(spoofed.body).headers["x-team"], undefined);
  });

  test("excludedURLs pass without a session, and without the client's identity headers", async () => {
    const rp = await replica({ excludedURLs: ["/public"] });
    const page = await new UserAgent().navigate(`${rp.url}/public/x`, { headers: { "X-Forwarded-User": "admin" } });
    assert.equal(page.status, 200);
    assert.equal(seen(page.body).headers["x-forwarded-user"], undefined);
  });

  test("a tampered session cookie is no session", async () => {
    const rp = await replica();
    const ua = new UserAgent();
    await ua.login(`${rp.url}/`, ALICE);
    const cookie = ua.cookie(rp.url, "_oidc_wasm_session")!;
    ua.setCookie(rp.url, `_oidc_wasm_session=${cookie.slice(0, -2)}AA; Path=/`);
    const page = await ua.navigate(`${rp.url}/again`, { follow: false });
    assert.equal(page.status, 302);
    assert.ok(page.headers.location!.startsWith(idp.issuer));
  });

  test("two logins started in parallel in one browser both complete: neither clobbers the other's state", async () => {
    const rp = await replica();
    const ua = new UserAgent();
    const first = await ua.login(`${rp.url}/one`, { ...ALICE, stopAtCallback: true });
    const second = await ua.login(`${rp.url}/two`, { ...ALICE, stopAtCallback: true });
    const landedSecond = await ua.navigate(second.callbackUrl!);
    const landedFirst = await ua.navigate(first.callbackUrl!);
    assert.deepEqual([seen(landedSecond.body).url, seen(landedFirst.body).url], ["/two", "/one"]);
  });

  test("a callback replayed with its state is refused; a callback without a login is refused", async () => {
    const rp = await replica(redisMode());
    const ua = new UserAgent();
    const { callbackUrl } = await ua.login(`${rp.url}/`, { ...ALICE, stopAtCallback: true });
    const snapshot = ua.cookies(rp.url);
    const first = await ua.navigate(callbackUrl!);
    assert.equal(first.status, 200);
    const replay = new UserAgent();
    for (const c of snapshot) replay.setCookie(rp.url, `${c.name}=${c.value}; Path=/`);
    assert.equal((await replay.navigate(callbackUrl!)).status, 400);
    assert.equal((await new UserAgent().navigate(callbackUrl!)).status, 400);
  });
});

describe("replicas sharing Redis", () => {
  test("a session made on one replica is valid on the other; logout on one is honoured on the other", async () => {
    const [a, b] = [await replica(redisMode()), await replica(redisMode())];
    const ua = new UserAgent({ isolatePorts: false });
    await ua.login(`${a.url}/`, ALICE);
    const onB = await ua.navigate(`${b.url}/b`);
    assert.equal(seen(onB.body).headers["x-forwarded-user"], "alice@example.com");
    const admin = new Redis({ port: redis.port, host: "127.0.0.1" });
    cleanups.push(() => admin.disconnect());
    const keys = await admin.keys("traefikoidc:v1:session:*");
    assert.ok(keys.length >= 1, "the session lives in Redis under a hashed key");
    const out = await ua.navigate(`${a.url}/oauth2/callback/logout`, { follow: false });
    assert.equal(out.status, 302);
    assert.ok(out.headers.location!.startsWith(idp.issuer), "then to the provider's end_session_endpoint");
    const afterLogout = await ua.navigate(`${b.url}/b`, { follow: false });
    assert.equal(afterLogout.status, 302, "b no longer accepts the session");
  });

  test("a memory-mode session cookie is accepted by a redis-mode replica (gradual rollout)", async () => {
    const [memory, shared] = [await replica(), await replica(redisMode())];
    const ua = new UserAgent({ isolatePorts: false });
    await ua.login(`${memory.url}/`, ALICE);
    const page = await ua.navigate(`${shared.url}/x`);
    assert.equal(seen(page.body).headers["x-forwarded-user"], "alice@example.com");
  });
});

describe("back-channel logout", () => {
  const options = () => ({ ...redisMode(), enableBackchannelLogout: true, backchannelLogoutURL: "/oauth2/backchannel" });

  /** post sends a logout token to a replica's back-channel endpoint, as the provider does. */
  async function post(rp: Running, token: string): Promise<number> {
    const r = await fetch(`${rp.url}/oauth2/backchannel`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ logout_token: token }).toString(),
    });
    return r.status;
  }

  test("the provider's logout token revokes the session on every replica", async () => {
    const [a, b] = [await replica(options()), await replica(options())];
    await idp.updateClient(idp.client.id, { backchannelLogoutUri: `${a.url}/oauth2/backchannel` });
    const ua = new UserAgent({ isolatePorts: false });
    await ua.login(`${a.url}/`, ALICE);
    assert.equal((await ua.navigate(`${b.url}/x`)).status, 200);
    const deliveries = await idp.backchannelLogout({ sub: "alice" });
    assert.ok(deliveries.length >= 1 && deliveries.every((d) => d.ok), JSON.stringify(deliveries));
    const after = await ua.navigate(`${b.url}/x`, { follow: false });
    assert.equal(after.status, 302, "b sends the user to log in again");
  });

  test("one logout token presented to two replicas is accepted once; forged and nonce-carrying tokens are refused", async () => {
    const [a, b] = [await replica(options()), await replica(options())];
    const token = await idp.signLogoutToken({ sid: "some-provider-session" });
    assert.equal(await post(a, token), 200);
    assert.equal(await post(b, token), 400);
    assert.equal(await post(a, await idp.signLogoutToken({ sid: "s2" }, { key: "foreign" })), 400);
    assert.equal(await post(a, await idp.signLogoutToken({ sid: "s3", nonce: "n" })), 400);
    assert.equal(await post(a, await idp.signIdToken({})), 400, "an ID token is no logout token");
  });

  test("a token naming only the user revokes all of that user's sessions", async () => {
    const rp = await replica(options());
    const [phone, laptop] = [new UserAgent(), new UserAgent()];
    await phone.login(`${rp.url}/`, ALICE);
    await laptop.login(`${rp.url}/`, ALICE);
    assert.equal(await post(rp, await idp.signLogoutToken({ sub: "alice" })), 200);
    for (const ua of [phone, laptop]) assert.equal((await ua.navigate(`${rp.url}/x`, { follow: false })).status, 302);
  });

  test("Redis down: a logout token gets 503, so the provider retries; the retry after Redis returns revokes", async () => {
    const own = await startRedis({ args: ["--appendonly", "no"] });
    cleanups.push(() => own.stop());
    const rp = await replica({
      ...options(), redis: { enabled: true, address: `127.0.0.1:${own.port}`, circuitBreakerThreshold: 1, circuitBreakerTimeout: 2, connectTimeout: 1 },
    });
    const ua = new UserAgent();
    await ua.login(`${rp.url}/`, ALICE);
    const token = await idp.signLogoutToken({ sub: "alice" });
    const port = own.port;
    await own.stop();
    assert.equal(await post(rp, token), 503, "the failure itself");
    assert.equal(await post(rp, token), 503, "behind the open breaker");
    const again = await startRedis({ port });
    cleanups.push(() => again.stop());
    // An empty Redis lost the session anyway; what matters is that the token was not spent during the outage. The
    // breaker lets Redis be tried again after circuitBreakerTimeout.
    const deadline = Date.now() + 15_000;
    let status = await post(rp, token);
    while (status === 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await post(rp, token);
    }
    assert.equal(status, 200);
  });

  test("back-channel logout without Redis refuses the build: cookie sessions cannot be revoked", async () => {
    const logs: string[] = [];
    await assert.rejects(loadMiddleware(plugin, {
      config: { providerURL: idp.issuer, clientID: "c", clientSecret: "s", sessionEncryptionKey: KEY, enableBackchannelLogout: true },
      onLog: (e) => logs.push(e.message),
    }));
    assert.match(logs.join("\n"), /key "enableBackchannelLogout": needs redis.enabled/);
  });
});

describe("sessionEncryptionKey rotation", () => {
  for (const [mode, extra] of [["memory", () => ({})], ["redis", redisMode]] as const) {
    test(`${mode} mode: sessions made under the previous key stay valid; writing uses the new key only`, async () => {
      const NEW_KEY = "the-rotated-in-session-key-32-bytes+";
      const old = await replica(extra());
      const rotated = await replica({ ...extra(), sessionEncryptionKey: NEW_KEY, previousSessionEncryptionKeys: [KEY] });
      const forgetful = await replica({ ...extra(), sessionEncryptionKey: NEW_KEY });
      const ua = new UserAgent({ isolatePorts: false });
      await ua.login(`${old.url}/`, ALICE);
      assert.equal(seen((await ua.navigate(`${rotated.url}/x`)).body).headers["x-forwarded-user"], "alice@example.com");
      assert.equal((await ua.navigate(`${forgetful.url}/x`, { follow: false })).status, 302, "without the previous key: no session");
    });
  }
});

describe("refresh", () => {
  test("inside the grace period one replica refreshes under a lease; the others serve the current tokens", async () => {
    const options = { ...redisMode(), refreshGracePeriodSeconds: 86_400, logLevel: "info" }; // always inside it: every request is due
    const [a, b] = [await replica(options), await replica(options)];
    const ua = new UserAgent({ isolatePorts: false });
    const before = idp.countRequests("/token");
    const landed = await ua.login(`${a.url}/`, ALICE);
    assert.equal(seen(landed.page.body).headers["x-forwarded-user"], "alice@example.com");
    assert.equal(idp.countRequests("/token"), before + 2, "the code exchange, then one refresh on the first due request");
    for (const rp of [a, b, a]) assert.equal(seen((await ua.navigate(`${rp.url}/more`)).body).headers["x-forwarded-user"], "alice@example.com");
    assert.equal(idp.countRequests("/token"), before + 2, "no second refresh on any replica while the lease is held");
  });
});

describe("bearer mode", () => {
  const options = () => ({ enableBearerAuth: true, audience: DEFAULT_AUDIENCE });

  async function call(rp: Running, token?: string): Promise<{ status: number; challenge: string | null; body: any }> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const r = await fetch(`${rp.url}/api/items`, { headers });
    return { status: r.status, challenge: r.headers.get("www-authenticate"), body: await r.json() };
  }

  test("a provider-issued JWT access token for the audience passes, every time it is used", async () => {
    const rp = await replica(options());
    const token = await idp.mintAccessToken({ sub: "alice" });
    for (let i = 0; i < 3; i++) {
      const r = await call(rp, token);
      assert.equal(r.status, 200, "a reusable token is never a replay");
      assert.equal(r.body.headers["x-forwarded-user"], "alice@example.com");
    }
  });

  test("no token, another audience, an ID token, an expired or forged token: 401 with a Bearer challenge, never a redirect", async () => {
    const rp = await replica(options());
    const now = Math.floor(Date.now() / 1000);
    const tokens = [
      undefined,
      await idp.signAccessToken({ aud: "https://other.example" }),
      await idp.signIdToken({}),
      await idp.signAccessToken({ iat: now - 7200, exp: now - 3600 }),
      await idp.signAccessToken({}, { key: "foreign" }),
      "not.a.jwt",
    ];
    for (const token of tokens) {
      const r = await call(rp, token);
      assert.equal(r.status, 401, String(token));
      assert.match(r.challenge ?? "", /^Bearer/);
    }
  });

  test("access rules apply to bearer tokens: 403", async () => {
    const rp = await replica({ ...options(), allowedRolesAndGroups: ["auditors"] });
    assert.equal((await call(rp, await idp.mintAccessToken({ sub: "alice" }))).status, 403);
  });
});

describe("failures", () => {
  test("Redis down: a logged-in user stays logged in (from the ticket's summary); a new login falls back to a cookie session", async () => {
    const own = await startRedis();
    cleanups.push(() => own.stop());
    const rp = await replica({ redis: { enabled: true, address: `127.0.0.1:${own.port}`, circuitBreakerThreshold: 1, connectTimeout: 1 } });
    const ua = new UserAgent();
    await ua.login(`${rp.url}/`, ALICE);
    await own.stop();
    // The first request meets the failure, the next ones the open breaker (instance memory): both serve.
    for (const path of ["/during-outage", "/behind-open-breaker", "/still"]) {
      const page = await ua.navigate(`${rp.url}${path}`);
      assert.equal(page.status, 200, `${page.url}: ${page.body.slice(0, 300)}`);
      assert.equal(seen(page.body).headers["x-forwarded-user"], "alice@example.com");
    }
    const fresh = new UserAgent();
    const { page: after } = await fresh.login(`${rp.url}/new`, ALICE);
    assert.equal(seen(after.body).headers["x-forwarded-user"], "alice@example.com", "login works without Redis");
  });

  test("provider down: 503 for a new login, nothing cached wrongly; logins work again once it is back", async () => {
    const rp = await replica();
    idp.setOutage({ status: 500 });
    try {
      const page = await new UserAgent().navigate(`${rp.url}/`, { follow: false });
      assert.ok(page.status === 503 || (page.status === 302 && page.headers.location!.startsWith(idp.issuer)),
        "503, or a redirect when discovery is still cached from an earlier test");
    } finally {
      idp.setOutage(null);
    }
    assert.equal((await new UserAgent().login(`${rp.url}/`, ALICE)).page.status, 200);
  });

  test("provider down after discovery was cached in Redis: new logins are still sent to the provider", async () => {
    const rp = await replica(redisMode());
    assert.equal((await new UserAgent().login(`${rp.url}/`, ALICE)).page.status, 200);
    const discoveries = idp.countRequests("/.well-known/openid-configuration");
    idp.setOutage({ status: 503 });
    try {
      for (let i = 0; i < 4; i++) {
        const page = await new UserAgent().navigate(`${rp.url}/later`, { follow: false });
        assert.equal(page.status, 302);
        assert.ok(page.headers.location!.startsWith(`${idp.issuer}/auth`) || page.headers.location!.includes("/auth?"));
      }
    } finally {
      idp.setOutage(null);
    }
    assert.equal(idp.countRequests("/.well-known/openid-configuration"), discoveries, "every replica instance read the shared copy");
  });

  test("provider down for hours: discovery older than an hour serves from Redis for a day, then no more (503)", async () => {
    const own = await startRedis();
    cleanups.push(() => own.stop());
    const shared = { redis: { enabled: true, address: `127.0.0.1:${own.port}` } };
    const now = await replica(shared);
    assert.equal((await new UserAgent().navigate(`${now.url}/`, { follow: false })).status, 302, "discovery fetched and shared");
    const [hoursLater, daysLater] = [await replica(shared, { wallClockOffsetMs: 2 * 3600_000 }), await replica(shared, { wallClockOffsetMs: 25 * 3600_000 })];
    idp.setOutage({ status: 503 });
    try {
      const stale = await new UserAgent().navigate(`${hoursLater.url}/`, { follow: false });
      assert.equal(stale.status, 302, "two hours later the provider is down: the stale copy still starts logins");
      assert.ok(stale.headers.location!.startsWith(idp.issuer), stale.headers.location);
      const expired = await new UserAgent().navigate(`${daysLater.url}/`, { follow: false });
      assert.equal(expired.status, 503, "a day later the copy is too old to trust");
    } finally {
      idp.setOutage(null);
    }
  });

  test("open redirects: the page to return to is always on this origin", async () => {
    const rp = await replica();
    for (const target of ["//evil.example/", "/\\evil.example/", "/%2F%2Fevil.example/", "/%5Cevil.example"]) {
      const ua = new UserAgent();
      const { page } = await ua.login(`${rp.url}${target}`, ALICE);
      assert.ok(new URL(page.url).origin === rp.url, `${target} ended at ${page.url}`);
    }
  });

  test("a cross-site request cannot log a user out; a top-level navigation can", async () => {
    const rp = await replica();
    const ua = new UserAgent();
    await ua.login(`${rp.url}/`, ALICE);
    const forged = await ua.fetch(`${rp.url}/oauth2/callback/logout`, { initiator: "http://evil.example", mode: "no-cors" });
    assert.equal(forged.status, 403);
    assert.equal((await ua.navigate(`${rp.url}/still`)).status, 200, "still logged in");
  });

  test("a session cookie from another middleware (another sessionEncryptionKey) is no session here", async () => {
    const [a, b] = [await replica(), await replica({ sessionEncryptionKey: "another-key-of-at-least-32-bytes!!" })];
    const ua = new UserAgent({ isolatePorts: false });
    await ua.login(`${a.url}/`, ALICE);
    const page = await ua.navigate(`${b.url}/`, { follow: false });
    assert.equal(page.status, 302);
  });
});

describe("ID token checks at the callback (through providerBackchannelURL)", () => {
  /**
   * A server-to-server proxy in front of the provider: the middleware's back-channel calls (discovery, JWKS, token)
   * go through it while the browser talks to the provider itself. It swaps the ID token in the token response for
   * one built by `forge` from the genuine claims, correctly signed by the provider's key.
   */
  async function tamperingProxy(forge: (claims: Record<string, unknown>) => Promise<string>): Promise<Running> {
    const { listen } = await import("../support/http.js");
    const proxy = await listen(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
      const upstream = await fetch(idp.url(req.url!.slice(new URL(idp.issuer).pathname.replace(/\/$/, "").length)), {
        method: req.method, headers, body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
      });
      let body = Buffer.from(await upstream.arrayBuffer());
      if (req.url!.endsWith("/token") && upstream.status === 200) {
        const doc = JSON.parse(body.toString());
        const claims = JSON.parse(Buffer.from(doc.id_token.split(".")[1], "base64url").toString());
        doc.id_token = await forge(claims);
        body = Buffer.from(JSON.stringify(doc));
      }
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
      res.end(body);
    });
    cleanups.push(() => proxy.close());
    return proxy;
  }

  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, (c: Record<string, unknown>) => Record<string, unknown>, number]> = [
    ["the genuine token (control)", (c) => c, 200],
    ["a nonce that is not this login's", (c) => ({ ...c, nonce: "another-login" }), 401],
    ["no nonce", (c) => ({ ...c, nonce: undefined }), 401],
    ["another issuer", (c) => ({ ...c, iss: "http://evil.example" }), 401],
    ["another audience", (c) => ({ ...c, aud: "another-client" }), 401],
    ["an expired token", (c) => ({ ...c, iat: now() - 7200, exp: now() - 3600 }), 401],
    ["an azp naming another client", (c) => ({ ...c, aud: [c.aud, "other"], azp: "other" }), 401],
  ];
  for (const [name, change, status] of cases) {
    test(`${name}: ${status}`, async () => {
      const proxy = await tamperingProxy((claims) => idp.signIdToken(change(claims)));
      const rp = await replica({ providerBackchannelURL: proxy.url });
      const { page } = await new UserAgent().login(`${rp.url}/`, ALICE);
      assert.equal(page.status, status, page.body.slice(0, 200));
    });
  }

  test("the provider rotates its signing key: the next login fetches the JWKS again and succeeds", async () => {
    const rp = await replica();
    assert.equal((await new UserAgent().login(`${rp.url}/`, ALICE)).page.status, 200);
    const fetches = idp.countRequests("/jwks");
    await idp.rotateKeys();
    assert.equal((await new UserAgent().login(`${rp.url}/`, ALICE)).page.status, 200);
    assert.ok(idp.countRequests("/jwks") > fetches, "an unknown kid refreshed the JWKS");
  });

  test("client_secret_post authenticates at the token endpoint", async () => {
    const post = idp.clients.get("rp-post")!;
    await idp.updateClient(post.id, { redirectUris: redirectUris.slice() });
    const rp = await replica({ clientID: post.id, clientSecret: post.secret, tokenEndpointAuthMethod: "client_secret_post" });
    await idp.updateClient(post.id, { redirectUris: redirectUris.slice() });
    assert.equal((await new UserAgent().login(`${rp.url}/`, ALICE)).page.status, 200);
  });

  test("a token signed by a key the provider never published: 401", async () => {
    const proxy = await tamperingProxy((claims) => idp.signIdToken(claims, { key: "foreign" }));
    const rp = await replica({ providerBackchannelURL: proxy.url });
    assert.equal((await new UserAgent().login(`${rp.url}/`, ALICE)).page.status, 401);
  });
});
