// A scripted browser for tests: a cookie jar, redirects followed one by one with every hop recorded, the headers a
// browser sends for a navigation (Sec-Fetch-Mode: navigate, Accept: text/html…) or for a script's fetch(), and
// login()/logout() that walk the forms of the test identity provider (test/support/idp.ts) and of oidc-provider.
//
// What the jar does, and where it knowingly differs from a browser:
// - Ports. With isolatePorts (the default) a cookie is sent back only to the host *and port* that set it, so an
//   identity provider and a relying party on two loopback ports never see each other's cookies. Browsers do not
//   isolate by port (RFC 6265 §8.5): isolatePorts: false gives that behaviour, e.g. to check that a middleware
//   ignores the provider's `_session` cookie.
// - Secure. A Secure cookie is stored and sent only over a secure connection: https, or, with
//   treatLoopbackAsSecure (the default), http to localhost, *.localhost, 127.0.0.0/8 or [::1]. That is what Chromium
//   (since 89, net::IsLocalhost) and Firefox (75+) do; Safari does not. treatLoopbackAsSecure: false makes http on
//   loopback insecure, so Secure cookies set over it are dropped (and recorded in hop.rejectedCookies).
// - SameSite. A request is cross-site when any URL of its redirect chain has another site than the initiator
//   (the origin of the page that started it; for an address-bar navigation, the first URL). Site = scheme + host,
//   with the last two labels of a DNS name standing in for the registrable domain (no Public Suffix List), so
//   127.0.0.1:A and 127.0.0.1:B are same-site, as in browsers. Strict cookies go only to same-site requests; Lax
//   and unspecified (Chromium's Lax-by-default, without its two-minute POST exception) also go to cross-site
//   top-level GET navigations; None goes everywhere and must be Secure.
// - Also enforced as browsers do: __Secure- and __Host- prefixes, Domain that must domain-match (exactly for IP
//   addresses), 4096 bytes for name plus value, Max-Age over Expires. Not modelled: the per-domain cookie count
//   limit, public suffixes, HttpOnly (there is no script), partitioned cookies.

import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import net from "node:net";

const DEFAULT_MAX_REDIRECTS = 20; // Fetch Standard §4.4 step 5
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_COOKIE_NAME_VALUE = 4096;
const NAVIGATE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const USER_AGENT = "traefik-oidc-wasm-test-agent/1";

/** UserAgentOptions configures a UserAgent; every field is optional. */
export interface UserAgentOptions {
  /** default true: cookies are per host and port (see the module comment). */
  isolatePorts?: boolean;
  /** default true: http on loopback counts as secure for Secure cookies, as in Chromium and Firefox. */
  treatLoopbackAsSecure?: boolean;
  maxRedirects?: number;
  /** per request (connect to last byte); default 10 s. */
  timeoutMs?: number;
  userAgent?: string;
  /** CA certificates trusted for https URLs. */
  ca?: string | Buffer;
}

/** Cookie is one stored cookie. */
export interface Cookie {
  name: string;
  value: string;
  /** the host that set it (hostOnly) or the Domain attribute, lowercase, without a leading dot. */
  domain: string;
  hostOnly: boolean;
  /** the port that set it; only compared with isolatePorts. */
  port: number;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: "strict" | "lax" | "none" | "unspecified";
  /** ms since the epoch; undefined for a session cookie (kept until endSession()). */
  expiresAt?: number;
  created: number;
}

/** Hop is one request and its response. */
export interface Hop {
  method: string;
  url: string;
  status: number;
  /** the Location header resolved against url, when there is one. */
  location?: string;
  /** the headers sent, lowercase names (cookie included). */
  requestHeaders: Record<string, string>;
  headers: IncomingHttpHeaders;
  setCookies: string[];
  /** Set-Cookie headers the jar refused, with the reason. */
  rejectedCookies: { cookie: string; reason: string }[];
  body: string;
}

/** Page is where a request ended after redirects: the last hop's response, and every hop on the way. */
export interface Page {
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  hops: Hop[];
  /** set when a stopAt predicate held: the redirect target that was not requested. */
  stoppedAt?: string;
}

/** RequestOptions shape one navigation or fetch. */
export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** a string or bytes, or form fields (sent as application/x-www-form-urlencoded). */
  body?: string | Uint8Array | URLSearchParams | Record<string, string>;
  /**
   * the origin of the page that made the request ("http://evil.example"); null is an address-bar navigation.
   * Default: null for navigate(), the target's own origin for fetch().
   */
  initiator?: string | null;
  /** default true; false returns the first response, redirect or not. */
  follow?: boolean;
  /** stop before requesting a redirect target for which this returns true (Page.stoppedAt names it). */
  stopAt?: (url: URL) => boolean;
}

/** FetchOptions add what distinguishes a script's fetch() from a navigation. */
export interface FetchOptions extends RequestOptions {
  /** Sec-Fetch-Mode; default "cors". */
  mode?: "cors" | "no-cors" | "same-origin";
}

/** LoginOptions are the credentials and how far to go. */
export interface LoginOptions {
  login: string;
  password: string;
  /** only with the provider's consent: "form": "deny" follows the page's Deny link (access_denied). */
  consent?: "approve" | "deny";
  /** stop before requesting the relying party's callback (the first redirect carrying code= or error=). */
  stopAtCallback?: boolean;
  /** or any other stop condition. */
  stopAt?: (url: URL) => boolean;
  /** forms to submit at most (default 8). */
  maxSteps?: number;
}

/** LoginResult holds the final page, every hop, and the callback hop (or URL, when stopped before it). */
export interface LoginResult {
  page: Page;
  hops: Hop[];
  /** the hop that requested the relying party's callback; undefined when stopped before it. */
  callback?: Hop;
  /** the callback URL (with code, state, iss), requested or not. */
  callbackUrl?: string;
}

/** LoginError is thrown when the provider refuses the credentials (its form comes back). */
export class LoginError extends Error {
  constructor(message: string, readonly page: Page, readonly hops: Hop[]) { super(message); }
}

/** Form is a parsed HTML form. */
export interface Form {
  id?: string;
  action: string;
  method: string;
  attrs: Record<string, string>;
  /** named inputs with their values (hidden ones included). */
  fields: Record<string, string>;
  inputs: { name: string; type: string; value: string }[];
}

/**
 * UserAgent is one browser profile: its jar is shared by every request it makes. It holds no sockets between
 * requests (each request has its own connection), so there is nothing to close.
 */
export class UserAgent {
  /** every hop of every request, in order. */
  readonly history: Hop[] = [];
  private readonly jar = new Map<string, Cookie>();
  private readonly isolatePorts: boolean;
  private readonly loopbackSecure: boolean;
  private readonly maxRedirects: number;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private readonly ca?: string | Buffer;

  constructor(options: UserAgentOptions = {}) {
    this.isolatePorts = options.isolatePorts ?? true;
    this.loopbackSecure = options.treatLoopbackAsSecure ?? true;
    this.maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.userAgent = options.userAgent ?? USER_AGENT;
    this.ca = options.ca;
  }

  /** navigate is a top-level navigation (a link, the address bar, a form): redirects followed, cookies applied. */
  navigate(url: string, options: RequestOptions = {}): Promise<Page> {
    return this.run("navigate", new URL(url), options);
  }

  /** fetch is a script's fetch() with credentials: "include": Accept: *\/*, Sec-Fetch-Mode: cors by default. */
  fetch(url: string, options: FetchOptions = {}): Promise<Page> {
    return this.run(options.mode ?? "cors", new URL(url), options);
  }

  /** submit submits a form of page (the first one by default) as a navigation from the page's origin. */
  submit(page: Page, fields: Record<string, string> = {}, options: RequestOptions & { form?: Form } = {}): Promise<Page> {
    const form = options.form ?? parseForms(page.body, page.url)[0];
    if (form === undefined) throw new Error(`no form on ${page.url} (status ${page.status})`);
    const values = { ...form.fields, ...fields };
    const initiator = new URL(page.url).origin;
    if (form.method === "GET") {
      const target = new URL(form.action);
      target.search = new URLSearchParams(values).toString();
      return this.navigate(target.href, { ...options, initiator });
    }
    return this.navigate(form.action, { ...options, method: "POST", body: values, initiator });
  }

  /**
   * login starts at startUrl (a protected page of the relying party) and submits the provider's forms (login,
   * consent, automatic form posts) until it is back at the relying party, or a stop condition holds. It throws
   * LoginError when the provider shows its login form again (wrong password, unknown user).
   */
  async login(startUrl: string, options: LoginOptions): Promise<LoginResult> {
    const stopAt = options.stopAt ?? (options.stopAtCallback === true ? isCallbackUrl : undefined);
    let page = await this.navigate(startUrl, { stopAt });
    const hops = [...page.hops];
    let loggedIn = false;
    for (let step = 0; step < (options.maxSteps ?? 8) && page.stoppedAt === undefined; step++) {
      const form = isHtml(page) ? parseForms(page.body, page.url)[0] : undefined;
      if (form === undefined) break;
      if (hasInputs(form, "login", "password")) {
        if (loggedIn) throw new LoginError(`the identity provider refused login "${options.login}" (status ${page.status})`, page, hops);
        loggedIn = true;
        page = await this.submit(page, { login: options.login, password: options.password }, { form, stopAt });
      } else if (form.attrs["data-idp-form"] === "consent") {
        const deny = options.consent === "deny" ? linkTo(page, /\/abort$/) : undefined;
        page = deny !== undefined
          ? await this.navigate(deny, { initiator: new URL(page.url).origin, stopAt })
          : await this.submit(page, {}, { form, stopAt });
      } else if (isAutoPost(page, form)) {
        page = await this.submit(page, {}, { form, stopAt });
      } else {
        break;
      }
      hops.push(...page.hops);
    }
    const callback = hops.find((h) => isCallbackUrl(new URL(h.url)));
    return { page, hops, callback, callbackUrl: page.stoppedAt ?? callback?.url };
  }

  /**
   * logout navigates to url (the relying party's logout URL or the provider's end_session_endpoint) and answers the
   * provider's sign-out page: confirm (default true) signs out of the provider; false only ends the client's part.
   */
  async logout(url: string, options: { confirm?: boolean; stopAt?: (url: URL) => boolean; initiator?: string | null } = {}): Promise<{ page: Page; hops: Hop[] }> {
    let page = await this.navigate(url, { stopAt: options.stopAt, initiator: options.initiator });
    const hops = [...page.hops];
    for (let step = 0; step < 4 && page.stoppedAt === undefined; step++) {
      const form = isHtml(page) ? parseForms(page.body, page.url)[0] : undefined;
      if (form === undefined) break;
      if (form.id === "op.logoutForm") {
        page = await this.submit(page, options.confirm === false ? {} : { logout: "yes" }, { form, stopAt: options.stopAt });
      } else if (isAutoPost(page, form)) {
        page = await this.submit(page, {}, { form, stopAt: options.stopAt });
      } else {
        break;
      }
      hops.push(...page.hops);
    }
    return { page, hops };
  }

  /** cookies lists the stored, unexpired cookies; with url, only those a navigation to url would send. */
  cookies(url?: string): Cookie[] {
    this.expire();
    const all = [...this.jar.values()];
    if (url === undefined) return all;
    const u = new URL(url);
    return this.matching(u, { crossSite: false, navigation: true, safeMethod: true });
  }

  /** cookie returns the value of the named cookie a navigation to url would send, if any. */
  cookie(url: string, name: string): string | undefined {
    return this.cookies(url).find((c) => c.name === name)?.value;
  }

  /** setCookie stores a cookie as if url's response had sent this Set-Cookie header; it returns the refusal reason, if any. */
  setCookie(url: string, setCookie: string): string | undefined {
    return this.store(new URL(url), setCookie);
  }

  /** deleteCookies removes cookies by name (all of them when name is absent). */
  deleteCookies(name?: string): void {
    for (const [key, c] of this.jar) if (name === undefined || c.name === name) this.jar.delete(key);
  }

  /** endSession drops session cookies, as closing the browser does. */
  endSession(): void {
    for (const [key, c] of this.jar) if (c.expiresAt === undefined) this.jar.delete(key);
  }

  private async run(mode: "navigate" | "cors" | "no-cors" | "same-origin", first: URL, options: RequestOptions): Promise<Page> {
    let url = first;
    let body = encodeBody(options.body);
    let method = (options.method ?? (body === undefined ? "GET" : "POST")).toUpperCase();
    let extra = lowerKeys(options.headers ?? {});
    if (body !== undefined && extra["content-type"] === undefined) extra["content-type"] = body.type;
    const initiator = options.initiator === undefined ? (mode === "navigate" ? null : first.origin) : options.initiator;
    const chain: URL[] = [];
    const hops: Hop[] = [];
    for (;;) {
      chain.push(url);
      const headers = { ...this.browserHeaders(mode, url, method, initiator, chain), ...extra };
      const hop = await this.exchange(method, url, headers, body?.bytes);
      hops.push(hop);
      this.history.push(hop);
      const redirect = [301, 302, 303, 307, 308].includes(hop.status) && hop.location !== undefined;
      if (!redirect || options.follow === false) return page(hop, hops);
      if (hops.length > this.maxRedirects) throw new Error(`more than ${this.maxRedirects} redirects from ${first.href}`);
      const next = new URL(hop.location!);
      if (options.stopAt?.(next) === true) return { ...page(hop, hops), stoppedAt: next.href };
      // Fetch Standard §4.4 step 12: 303 (and 301/302 after POST) become GET without a body.
      if ((hop.status === 303 && method !== "HEAD") || ([301, 302].includes(hop.status) && method === "POST")) {
        method = "GET";
        body = undefined;
        extra = Object.fromEntries(Object.entries(extra).filter(([k]) => !k.startsWith("content-")));
      }
      url = next;
    }
  }

  // The headers a browser adds itself: Fetch Metadata (Sec-Fetch-*), Accept, Origin, Referer, Cookie.
  private browserHeaders(mode: string, url: URL, method: string, initiator: string | null, chain: URL[]): Record<string, string> {
    const navigation = mode === "navigate";
    const base = initiator ?? chain[0].origin;
    const h: Record<string, string> = {
      "user-agent": this.userAgent,
      accept: navigation ? NAVIGATE_ACCEPT : "*/*",
      "sec-fetch-mode": mode,
      "sec-fetch-dest": navigation ? "document" : "empty",
      "sec-fetch-site": fetchSite(initiator, chain),
    };
    if (navigation) {
      h["sec-fetch-user"] = "?1";
      h["upgrade-insecure-requests"] = "1";
    }
    const unsafe = method !== "GET" && method !== "HEAD";
    const crossOriginChain = chain.some((u) => u.origin !== base);
    if (unsafe || (!navigation && crossOriginChain)) {
      // Fetch Standard §3.1 (serializing a request origin): "null" once a redirect left the initiator's origin.
      h.origin = initiator === null || (chain.length > 1 && crossOriginChain) ? "null" : initiator;
    }
    if (initiator !== null) h.referer = `${initiator}/`; // strict-origin-when-cross-origin, without the page path
    const crossSite = chain.some((u) => siteOf(u) !== siteOf(new URL(base)));
    const cookies = this.matching(url, { crossSite, navigation, safeMethod: !unsafe });
    if (cookies.length > 0) h.cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    return h;
  }

  private exchange(method: string, url: URL, headers: Record<string, string>, body: Buffer | undefined): Promise<Hop> {
    const client = url.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(url, { method, headers, agent: false, timeout: this.timeoutMs, ca: this.ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const setCookies = res.headers["set-cookie"] ?? [];
          const rejectedCookies: Hop["rejectedCookies"] = [];
          for (const sc of setCookies) {
            const reason = this.store(url, sc);
            if (reason !== undefined) rejectedCookies.push({ cookie: sc, reason });
          }
          const location = res.headers.location === undefined ? undefined : new URL(res.headers.location, url).href;
          resolve({
            method, url: url.href, status: res.statusCode ?? 0, location, requestHeaders: headers, headers: res.headers,
            setCookies, rejectedCookies, body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      });
      req.on("timeout", () => req.destroy(new Error(`${method} ${url.href}: no response within ${this.timeoutMs} ms`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  // RFC 6265 §5.2 and §5.3, with rfc6265bis's Secure, SameSite and prefix rules; returns why a cookie was refused.
  private store(url: URL, header: string): string | undefined {
    const parsed = parseSetCookie(header);
    if (typeof parsed === "string") return parsed;
    const host = url.hostname.toLowerCase();
    const secureOrigin = this.isSecure(url);
    let domain = host;
    let hostOnly = true;
    if (parsed.domain !== undefined && parsed.domain !== host) {
      if (net.isIP(unbracket(host)) !== 0 || !host.endsWith(`.${parsed.domain}`)) return `Domain=${parsed.domain} does not match ${host}`;
      domain = parsed.domain;
      hostOnly = false;
    } else if (parsed.domain !== undefined) {
      hostOnly = false;
    }
    if (parsed.secure && !secureOrigin) return "Secure cookie from an insecure origin";
    if (parsed.sameSite === "none" && !parsed.secure) return "SameSite=None without Secure";
    if (parsed.name.length + parsed.value.length > MAX_COOKIE_NAME_VALUE) return `name and value exceed ${MAX_COOKIE_NAME_VALUE} bytes`;
    if (parsed.name.startsWith("__Secure-") && !parsed.secure) return "__Secure- prefix without Secure";
    if (parsed.name.startsWith("__Host-") && (!parsed.secure || parsed.domain !== undefined || parsed.path !== "/")) return "__Host- prefix needs Secure, Path=/ and no Domain";
    const path = parsed.path ?? defaultPath(url.pathname);
    const port = portOf(url);
    const key = [parsed.name, domain, path, this.isolatePorts ? port : ""].join("\u0000");
    const old = this.jar.get(key);
    if (parsed.expiresAt !== undefined && parsed.expiresAt <= Date.now()) {
      this.jar.delete(key);
      return undefined;
    }
    this.jar.set(key, {
      name: parsed.name, value: parsed.value, domain, hostOnly, port, path, secure: parsed.secure, httpOnly: parsed.httpOnly,
      sameSite: parsed.sameSite, expiresAt: parsed.expiresAt, created: old?.created ?? nextCreated(),
    });
    return undefined;
  }

  // RFC 6265 §5.4: the cookies for a request, longest path first, then oldest first.
  private matching(url: URL, ctx: { crossSite: boolean; navigation: boolean; safeMethod: boolean }): Cookie[] {
    this.expire();
    const host = url.hostname.toLowerCase();
    const port = portOf(url);
    const secure = this.isSecure(url);
    return [...this.jar.values()]
      .filter((c) => (c.hostOnly ? host === c.domain : host === c.domain || (net.isIP(unbracket(host)) === 0 && host.endsWith(`.${c.domain}`))))
      .filter((c) => !this.isolatePorts || c.port === port)
      .filter((c) => pathMatches(url.pathname, c.path))
      .filter((c) => !c.secure || secure)
      .filter((c) => {
        if (!ctx.crossSite || c.sameSite === "none") return true;
        if (c.sameSite === "strict") return false;
        return ctx.navigation && ctx.safeMethod; // Lax, and unspecified as Lax
      })
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created);
  }

  private expire(): void {
    const now = Date.now();
    for (const [key, c] of this.jar) if (c.expiresAt !== undefined && c.expiresAt <= now) this.jar.delete(key);
  }

  private isSecure(url: URL): boolean {
    return url.protocol === "https:" || (this.loopbackSecure && url.protocol === "http:" && isLoopback(url.hostname));
  }
}

/** parseForms finds the forms of an HTML page (enough HTML for the provider's pages, not a general parser). */
export function parseForms(html: string, baseUrl: string): Form[] {
  const forms: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = parseAttrs(m[1]);
    const inputs = [...m[2].matchAll(/<input\b([^>]*)>/gi)].map((i) => {
      const a = parseAttrs(i[1]);
      return { name: a.name ?? "", type: (a.type ?? "text").toLowerCase(), value: a.value ?? "" };
    }).filter((i) => i.name !== "");
    forms.push({
      id: attrs.id,
      action: new URL(attrs.action ?? "", baseUrl).href,
      method: (attrs.method ?? "GET").toUpperCase(),
      attrs,
      fields: Object.fromEntries(inputs.map((i) => [i.name, i.value])),
      inputs,
    });
  }
  return forms;
}

/** isCallbackUrl tells an authorization response (code= or error=) from an authorization request. */
export function isCallbackUrl(url: URL): boolean {
  return (url.searchParams.has("code") || url.searchParams.has("error")) && !url.searchParams.has("response_type");
}

interface ParsedCookie {
  name: string; value: string; domain?: string; path?: string; secure: boolean; httpOnly: boolean;
  sameSite: Cookie["sameSite"]; expiresAt?: number;
}

function parseSetCookie(header: string): ParsedCookie | string {
  const [pair, ...attrs] = header.split(";");
  const eq = pair.indexOf("=");
  if (eq < 0) return "no name=value pair";
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  if (name === "") return "empty cookie name";
  const c: ParsedCookie = { name, value, secure: false, httpOnly: false, sameSite: "unspecified" };
  let maxAge: number | undefined;
  let expires: number | undefined;
  for (const attr of attrs) {
    const i = attr.indexOf("=");
    const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
    const v = i < 0 ? "" : attr.slice(i + 1).trim();
    if (key === "max-age" && /^-?\d+$/.test(v)) maxAge = Number(v);
    else if (key === "expires" && !Number.isNaN(Date.parse(v))) expires = Date.parse(v);
    else if (key === "domain" && v !== "") c.domain = v.replace(/^\./, "").toLowerCase();
    else if (key === "path") c.path = v.startsWith("/") ? v : undefined;
    else if (key === "secure") c.secure = true;
    else if (key === "httponly") c.httpOnly = true;
    else if (key === "samesite") c.sameSite = ({ strict: "strict", lax: "lax", none: "none" } as const)[v.toLowerCase() as "strict"] ?? "unspecified";
  }
  // RFC 6265 §5.3 step 3: Max-Age wins over Expires; zero or less expires the cookie now.
  if (maxAge !== undefined) c.expiresAt = maxAge <= 0 ? 0 : Date.now() + maxAge * 1000;
  else if (expires !== undefined) c.expiresAt = expires;
  return c;
}

// RFC 6265 §5.1.4: the default path is the request path up to, not including, its last "/".
function defaultPath(path: string): string {
  if (!path.startsWith("/")) return "/";
  const last = path.lastIndexOf("/");
  return last <= 0 ? "/" : path.slice(0, last);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

// Fetch Metadata §2.1: "none" for an address-bar navigation that stayed on its origin, else the weakest relation
// between the initiator and any URL of the redirect chain.
function fetchSite(initiator: string | null, chain: URL[]): string {
  const base = new URL(initiator ?? chain[0].origin);
  if (chain.every((u) => u.origin === base.origin)) return initiator === null ? "none" : "same-origin";
  return chain.every((u) => siteOf(u) === siteOf(base)) ? "same-site" : "cross-site";
}

// Schemeful site: scheme plus the host for IP addresses and single labels, else its last two labels.
function siteOf(url: URL): string {
  const host = unbracket(url.hostname.toLowerCase());
  if (net.isIP(host) !== 0) return `${url.protocol}//${host}`;
  const labels = host.split(".");
  return `${url.protocol}//${labels.slice(-2).join(".")}`;
}

function isLoopback(hostname: string): boolean {
  const host = unbracket(hostname.toLowerCase());
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (net.isIPv4(host)) return host.startsWith("127.");
  return host === "::1";
}

function isHtml(page: Page): boolean {
  return String(page.headers["content-type"] ?? "").includes("text/html");
}

// A page that submits its form from script (oidc-provider's form_post responses); a browser runs the script.
function isAutoPost(page: Page, form: Form): boolean {
  return /\.submit\(\)/.test(page.body) && form.inputs.every((i) => i.type === "hidden");
}

function hasInputs(form: Form, ...names: string[]): boolean {
  return names.every((n) => form.inputs.some((i) => i.name === n));
}

function linkTo(page: Page, pattern: RegExp): string | undefined {
  for (const m of page.body.matchAll(/<a\b([^>]*)>/gi)) {
    const href = parseAttrs(m[1]).href;
    if (href !== undefined && pattern.test(href)) return new URL(href, page.url).href;
  }
  return undefined;
}

function parseAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(Number(lower.slice(1)));
    return ({ amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" } as Record<string, string>)[lower];
  });
}

function encodeBody(body: RequestOptions["body"]): { bytes: Buffer; type: string } | undefined {
  if (body === undefined) return undefined;
  if (typeof body === "string") return { bytes: Buffer.from(body), type: "text/plain;charset=UTF-8" };
  if (body instanceof Uint8Array) return { bytes: Buffer.from(body), type: "application/octet-stream" };
  const form = body instanceof URLSearchParams ? body : new URLSearchParams(body);
  return { bytes: Buffer.from(form.toString()), type: "application/x-www-form-urlencoded" };
}

function page(hop: Hop, hops: Hop[]): Page {
  return { url: hop.url, status: hop.status, headers: hop.headers, body: hop.body, hops };
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

function portOf(url: URL): number {
  return url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

const unbracket = (host: string): string => host.replace(/^\[|\]$/g, "");

// Creation order must be strict for RFC 6265 §5.4 ordering even within one millisecond.
let createdCounter = 0;
const nextCreated = (): number => ++createdCounter;
