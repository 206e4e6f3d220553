// Browser tests (issue #7): Debian's Chromium, driven by playwright-core, signs in on the real provider's login page
// (test/support/idp.ts) through three replicas behind a round-robin front (test/support/fleet.ts) that sends every
// request, the browser's own favicon fetches included, to the next replica in turn. Instances are dropped at
// random, so nothing may live in one instance's memory. A failing test leaves screenshots in test-results/screenshots/.

import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { after, before, describe, test, type TestContext } from "node:test";
import type { Browser, BrowserContext, Cookie, Page, Response } from "playwright-core";
import { inContext, launchBrowser, screenshotPath } from "../support/browser.js";
import { type Fleet, REPLICA_HEADER, startFleet } from "../support/fleet.js";
import { echoBackend, type Running } from "../support/http.js";
import { type Idp, startIdp } from "../support/idp.js";
import { type RedisServer, startRedis } from "../support/redis.js";

const ALICE = { login: "alice", password: "alice-password", user: "alice@example.com" };
const REPLICAS = 3;
const POOL_DROP = 0.3;
const L1_TTL_S = 1; // hybridL1TTL: how long a replica may serve a session deleted elsewhere (README, `redis`)
// Favicon fetches take turns at the front between navigations, so a round may need more than one visit per replica.
const MAX_VISITS_PER_ROUND = 4 * REPLICAS;
const SESSION_COOKIE = /^_oidc_wasm_session(\.\d+)?$/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let browser: Browser;
let idp: Idp;
let backend: Running;
let redis: RedisServer;

before(async () => {
  browser = await launchBrowser(); // first: without Chromium nothing else needs to start
  [idp, backend, redis] = await Promise.all([startIdp(), echoBackend(), startRedis()]);
});
after(async () => {
  await Promise.all([browser?.close(), idp?.stop(), backend?.close(), redis?.stop()]);
});

describe("a browser behind three replicas, every request sent to the next one in turn", () => {
  for (const mode of ["memory", "hybrid"] as const) {
    test(`${mode} mode: a login on the provider's page comes back to the page asked for, and the session works on every replica`, (t) =>
      inContext(browser, t, async (page) => {
        const { front } = await fleetFor(t, mode);
        await signIn(page, `${front.url}/app?x=1`);
        const seen = await echoed(page);
        assert.equal(seen.url, "/app?x=1");
        assert.equal(seen.headers["x-forwarded-user"], ALICE.user);
        assert.ok((await round(page)).every((v) => v.signedIn), "reloads: every replica serves alice");
        assert.ok((await round(page, `${front.url}/elsewhere`)).every((v) => v.signedIn), "navigations: every replica serves alice");
      }));
  }

  for (const [mode, boundS, when] of [["hybrid", L1_TTL_S, "within hybridL1TTL"], ["redis", 0, "at once"]] as const) {
    test(`${mode} mode: a logout on one replica is honoured by every replica ${when}, even for a copy of the cookie taken before`, (t) =>
      inContext(browser, t, async (page, context) => {
        const { front } = await fleetFor(t, mode);
        await signIn(page, `${front.url}/before`);
        const copy = await sessionCookies(context);
        assert.ok((await round(page, `${front.url}/before`)).every((v) => v.signedIn), "every replica serves alice");

        const logout = await page.goto(`${front.url}/oauth2/callback/logout`);
        const loggedOutAt = Date.now();
        t.diagnostic(`replica ${await answeredBy(logout!)} handled the logout`);
        assert.ok(page.url().startsWith(idp.endpoints.endSession), `the provider asks to confirm: ${page.url()}`);
        const backHome = page.waitForResponse((r) => r.url() === `${front.url}/` && r.request().isNavigationRequest());
        await Promise.all([page.waitForURL((u) => u.href.startsWith(`${idp.issuer}/interaction/`)), page.click('button[name="logout"][value="yes"]')]);
        assert.equal((await backHome).status(), 302, "the provider returned to postLogoutRedirectURI, which sends the browser to log in");
        assert.ok(await atLoginPage(page), "the provider's session ended too: it asks for a password");
        assert.deepEqual(await sessionCookies(context), [], "the browser's session cookie was deleted");

        await untilEveryReplicaRefuses(t, page, `${front.url}/after`, () => present(context, copy), loggedOutAt, boundS);
      }));
  }

  test("hybrid mode: a back-channel logout from the provider ends the browser's session on every replica within hybridL1TTL", (t) =>
    inContext(browser, t, async (page, context) => {
      const { front } = await fleetFor(t, "hybrid");
      await signIn(page, `${front.url}/before`);
      const held = await sessionCookies(context);
      assert.ok((await round(page, `${front.url}/before`)).every((v) => v.signedIn), "every replica serves alice");

      const deliveries = await idp.backchannelLogout({ sub: "alice" });
      const loggedOutAt = Date.now();
      assert.ok(deliveries.length >= 1 && deliveries.every((d) => d.ok), JSON.stringify(deliveries));
      await untilEveryReplicaRefuses(t, page, `${front.url}/after`, () => present(context, held), loggedOutAt, L1_TTL_S);
    }));
});

test("a failing test body leaves a PNG of each open page in test-results/screenshots, and its error goes on", async (t) => {
  const diagnostics: string[] = [];
  const report = { name: `${t.name} (deliberate failure)`, diagnostic: (message: string) => diagnostics.push(message) };
  const files = [screenshotPath(report.name), screenshotPath(report.name, 1)];
  const remove = (): void => { for (const file of files) rmSync(file, { force: true }); };
  remove();
  t.after(remove);
  const failure = new Error("deliberate");
  await assert.rejects(inContext(browser, report, async (page, context) => {
    await page.setContent("<h1>first page</h1>");
    await (await context.newPage()).setContent("<h1>second page</h1>");
    throw failure;
  }), (error) => error === failure);
  for (const file of files) assert.deepEqual(readFileSync(file).subarray(0, PNG_SIGNATURE.length), PNG_SIGNATURE, file);
  assert.deepEqual(diagnostics.map((d) => d.split(": ").pop()), files, "the test's report says where they are");
});

/** fleetFor starts the replicas of one mode behind a front, and stops them when the test ends. */
async function fleetFor(t: TestContext, mode: "memory" | "hybrid" | "redis"): Promise<Fleet> {
  const fleet = await startFleet({
    idp, backendUrl: backend.url, replicas: REPLICAS, poolDrop: POOL_DROP,
    redis: mode === "memory" ? undefined : { port: redis.port, cacheMode: mode, extra: mode === "hybrid" ? { hybridL1TTL: L1_TTL_S } : {} },
  });
  t.after(() => fleet.close());
  return fleet;
}

/** signIn opens url, which must send the browser to the provider's login page, signs alice in, and waits to be back on url. */
async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  assert.ok(await atLoginPage(page), `the provider's login page, not ${page.url()}`);
  await page.fill('input[name="login"]', ALICE.login);
  await page.fill('input[name="password"]', ALICE.password);
  await Promise.all([page.waitForURL((u) => u.href === url), page.click('button[type="submit"]')]);
}

async function atLoginPage(page: Page): Promise<boolean> {
  return page.url().startsWith(`${idp.issuer}/interaction/`) && await page.locator('form[data-idp-form="login"]').count() === 1;
}

/** echoed is what the echo backend received, read from the page the browser shows. */
async function echoed(page: Page): Promise<{ url: string; headers: Record<string, string> }> {
  return JSON.parse(await page.locator("pre").textContent() ?? "");
}

/** Visit is one navigation to a protected page: when it began, which replica answered, whether alice was served. */
interface Visit { startedAt: number; replica: number; signedIn: boolean }

/** visit navigates to url (reloads without one); the only answer allowed besides alice's page is the provider's login page. */
async function visit(page: Page, url?: string): Promise<Visit> {
  const expected = url ?? page.url();
  const startedAt = Date.now();
  const response = url === undefined ? await page.reload() : await page.goto(url);
  const replica = await answeredBy(response!);
  if (await atLoginPage(page)) return { startedAt, replica, signedIn: false };
  assert.equal(page.url(), expected, "neither the page asked for nor the provider's login page");
  assert.equal((await echoed(page)).headers["x-forwarded-user"], ALICE.user);
  return { startedAt, replica, signedIn: true };
}

/** answeredBy is the replica that answered a navigation's first request, before any redirect. */
async function answeredBy(response: Response): Promise<number> {
  let first = response.request();
  for (let previous = first.redirectedFrom(); previous !== null; previous = first.redirectedFrom()) first = previous;
  const replica = (await first.response())?.headers()[REPLICA_HEADER];
  assert.ok(replica !== undefined, `${first.url()} was not answered through the front`);
  return Number(replica);
}

/** round visits, running beforeVisit ahead of each visit, until every replica has answered at least once. */
async function round(page: Page, url?: string, beforeVisit?: () => Promise<void>): Promise<Visit[]> {
  const visits: Visit[] = [];
  while (new Set(visits.map((v) => v.replica)).size < REPLICAS) {
    assert.ok(visits.length < MAX_VISITS_PER_ROUND, `some replica never answered: ${JSON.stringify(visits)}`);
    await beforeVisit?.();
    visits.push(await visit(page, url));
  }
  return visits;
}

/**
 * untilEveryReplicaRefuses repeats rounds after a logout until every replica sends alice to log in. A replica may
 * still serve her from its L1 only for visits that began within boundS of loggedOutAt (taken once the browser had
 * the provider's answer, after the replica had deleted the session): every L1 copy was filled before the deletion.
 */
async function untilEveryReplicaRefuses(t: TestContext, page: Page, url: string, beforeVisit: () => Promise<void>,
  loggedOutAt: number, boundS: number): Promise<void> {
  let stale = 0;
  for (let rounds = 1; ; rounds++) {
    const visits = await round(page, url, beforeVisit);
    const late = visits.filter((v) => v.signedIn && v.startedAt > loggedOutAt + boundS * 1000);
    assert.ok(late.length === 0, `served alice more than ${boundS} s after the logout: `
      + late.map((v) => `replica ${v.replica} at +${v.startedAt - loggedOutAt} ms`).join(", "));
    stale += visits.filter((v) => v.signedIn).length;
    if (visits.every((v) => !v.signedIn)) {
      t.diagnostic(`every replica refused alice by ${Date.now() - loggedOutAt} ms after the logout (round ${rounds}); `
        + `${stale} visits within the bound were still served`);
      return;
    }
  }
}

async function sessionCookies(context: BrowserContext): Promise<Cookie[]> {
  return (await context.cookies()).filter((c) => SESSION_COOKIE.test(c.name));
}

/**
 * present leaves the browser holding only cookies, so that each replica judges the same session cookie on its own,
 * whatever an earlier answer did to the browser's cookies (and login-attempt cookies do not pile up).
 */
async function present(context: BrowserContext, cookies: Cookie[]): Promise<void> {
  assert.ok(cookies.length > 0, "a session cookie to present");
  await context.clearCookies();
  await context.addCookies(cookies);
}
