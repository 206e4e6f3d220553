// A real browser for tests: Debian's Chromium driven by playwright-core, which downloads no browser of its own. A
// missing Chromium fails the tests with what to install; they are never skipped. When a test body throws, every open
// page is saved as a PNG under test-results/screenshots/ before the error goes on.

import { accessSync, constants, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const SCREENSHOT_DIR = join("test-results", "screenshots");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Below node:test's own timeout: a page that never arrives fails here, where its screenshot can still be taken.
const ACTION_TIMEOUT_MS = 10_000;
const MAX_NAME_LENGTH = 120;

/** TestReport is what the helpers need of node:test's TestContext: the file name and a place to say where it went. */
export interface TestReport { name: string; diagnostic(message: string): void }

/** launchBrowser starts headless Chromium, or rejects saying how to install it. */
export async function launchBrowser(): Promise<Browser> {
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium, as `
      + ".ci/run and scripts/ensure-deps.sh --chromium do when run as root), or set CHROMIUM to another Chromium binary");
  }
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    // Chromium refuses its sandbox as root (CI runs as root); a container's small /dev/shm crashes its renderers.
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
}

/**
 * inContext runs body in a fresh browser context (its own cookies) with one page, under screenshotsOnFailure, and
 * closes the context however body ends.
 */
export async function inContext(browser: Browser, t: TestReport, body: (page: Page, context: BrowserContext) => Promise<void>): Promise<void> {
  const context = await browser.newContext();
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  try {
    const page = await context.newPage();
    await screenshotsOnFailure(t, context, () => body(page, context));
  } finally {
    await context.close();
  }
}

/** screenshotsOnFailure runs body; when it throws, each open page of context is saved as a PNG, then the error is rethrown. */
export async function screenshotsOnFailure<T>(t: TestReport, context: BrowserContext, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const [index, page] of context.pages().entries()) {
      const path = screenshotPath(t.name, index);
      try {
        await page.screenshot({ path, fullPage: true });
        t.diagnostic(`screenshot of ${page.url()}: ${path}`);
      } catch (failure) {
        // A crashed page must not replace the test's own error.
        t.diagnostic(`no screenshot of ${page.url()}: ${(failure as Error).message}`);
      }
    }
    throw error;
  }
}

/** screenshotPath is where screenshotsOnFailure saves a test's page: <name>.png for the first, <name>-2.png… after it. */
export function screenshotPath(testName: string, index = 0): string {
  const base = testName.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, MAX_NAME_LENGTH);
  return join(SCREENSHOT_DIR, `${base}${index === 0 ? "" : `-${index + 1}`}.png`);
}
