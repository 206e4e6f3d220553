// The test identity provider's own login and consent pages (oidc-provider's `interactions.url`), instead of its
// devInteractions UI: plain HTML forms whose field names are a contract with test/support/user_agent.ts
// (`login`, `password`; consent is one submit button), so flows do not depend on oidc-provider's demo markup.
//
//   GET  <mount>/interaction/:uid          login form, or consent (answered at once when consent is "auto")
//   POST <mount>/interaction/:uid/login    checks login/password: 401 with the form again, or back to /auth
//   POST <mount>/interaction/:uid/consent  grants what the request asked for, back to /auth
//   GET|POST <mount>/interaction/:uid/abort  ends the request with access_denied at the client's redirect_uri

import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_FORM_BYTES = 64 * 1024;
const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|consent|abort))?$/;

/** InteractionUser is what the login form checks; claims live in test/support/idp.ts. */
export interface InteractionUser { sub: string; login: string; password: string }

/** InteractionDeps gives the handler the live provider (it is rebuilt on key rotation) and the user lookup. */
export interface InteractionDeps {
  // oidc-provider ships no types; the handler uses its documented interaction API only.
  provider(): any;
  userByLogin(login: string): InteractionUser | undefined;
  /** "auto": consent is granted without a page; "form": a consent page the user agent submits. */
  consent: "auto" | "form";
  /** mount is the issuer's path ("" or "/realms/test"); interaction URLs live under it. */
  mount: string;
}

/** interactionPath is the `interactions.url` value for an interaction uid. */
export function interactionPath(mount: string, uid: string): string {
  return `${mount}/interaction/${uid}`;
}

/**
 * handleInteraction answers the request and returns true when its path (already stripped of the mount path) is
 * an interaction route; otherwise it returns false and leaves the request to oidc-provider.
 */
export async function handleInteraction(req: IncomingMessage, res: ServerResponse, path: string, deps: InteractionDeps): Promise<boolean> {
  const match = ROUTE.exec(path);
  if (match === null) return false;
  const [, uid, action] = match;
  const provider = deps.provider();
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    // Missing or mismatched _interaction cookie, or an expired interaction: what a browser would show.
    page(res, 400, "Interaction not found", `<p>${escapeHtml((err as Error).message)}</p>`);
    return true;
  }
  if (details.uid !== uid) {
    page(res, 400, "Interaction not found", "<p>interaction cookie and URL disagree</p>");
    return true;
  }
  const prompt: string = details.prompt.name;
  if (action === "abort") {
    await provider.interactionFinished(req, res, { error: "access_denied", error_description: "End-User aborted interaction" }, { mergeWithLastSubmission: false });
    return true;
  }
  if (action === undefined && req.method === "GET") {
    if (prompt === "consent" && deps.consent === "auto") return finishConsent(req, res, details, provider);
    if (prompt === "consent") page(res, 200, "Consent", consentForm(deps.mount, uid, details));
    else page(res, 200, "Sign-in", loginForm(deps.mount, uid, ""));
    return true;
  }
  if (req.method !== "POST" || action === undefined || action !== (prompt === "login" ? "login" : "consent")) {
    page(res, 400, "Unexpected request", `<p>${escapeHtml(`${req.method} ${action ?? ""} while the prompt is ${prompt}`)}</p>`);
    return true;
  }
  if (action === "consent") return finishConsent(req, res, details, provider);
  const form = new URLSearchParams(await readBody(req));
  const user = deps.userByLogin(form.get("login") ?? "");
  if (user === undefined || user.password !== form.get("password")) {
    page(res, 401, "Sign-in", loginForm(deps.mount, uid, "Invalid login or password."));
    return true;
  }
  await provider.interactionFinished(req, res, { login: { accountId: user.sub, remember: true } }, { mergeWithLastSubmission: false });
  return true;
}

// Consent grants exactly what the consent prompt reports missing (OIDC scopes and claims, resource scopes), the way
// oidc-provider's example does, and reuses the grant of an earlier consent.
async function finishConsent(req: IncomingMessage, res: ServerResponse, details: any, provider: any): Promise<true> {
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  const grant = details.grantId !== undefined
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  if (missing.missingOIDCScope !== undefined) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims !== undefined) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
  const grantId: string = await grant.save();
  const consent = details.grantId !== undefined ? {} : { grantId };
  await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
  return true;
}

function loginForm(mount: string, uid: string, error: string): string {
  const base = escapeHtml(interactionPath(mount, uid));
  return `${error === "" ? "" : `<p class="error">${escapeHtml(error)}</p>`}
<form method="post" action="${base}/login" data-idp-form="login">
<input type="text" name="login" autofocus><input type="password" name="password">
<button type="submit">Sign in</button></form>
<a href="${base}/abort">Cancel</a>`;
}

function consentForm(mount: string, uid: string, details: any): string {
  const base = escapeHtml(interactionPath(mount, uid));
  return `<p>${escapeHtml(String(details.params.client_id))} asks for: ${escapeHtml(String(details.params.scope ?? ""))}</p>
<form method="post" action="${base}/consent" data-idp-form="consent"><button type="submit">Allow</button></form>
<a href="${base}/abort">Deny</a>`;
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-length": Buffer.byteLength(html) });
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error("form too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** escapeHtml makes text safe in HTML element content and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
