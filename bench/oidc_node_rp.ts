// The reference for oidc.callback: the same login callback written the usual node way, with jose for the ID token
// and node:crypto for the sealing, doing what plugin.wasm does in redis mode (assembly/oidc/callback.ts):
// open the per-attempt login cookie (ChaCha20-Poly1305, bound to its name), claim the state once in Redis
// (SET NX PX under an HMAC name), redeem the code at the token endpoint (client_secret_basic, PKCE verifier),
// verify the ID token (signature against the JWKS already held, iss, aud, exp, iat, nonce, azp), take the identity,
// store the sealed session record in Redis (SET PX under an HMAC name of a fresh session id) and answer a redirect
// with a sealed ticket cookie.
//
// Its I/O has the guest's shape, so that the ratio compares the work and not connection reuse: one fresh Redis
// connection per callback carrying both commands (the guest cannot keep a socket across requests, spec §5.8), and
// one fresh HTTP connection for the token request (node:http without an agent; fetch would reuse a pooled one).

import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { request } from "node:http";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { RespConnection } from "./oidc_support.js";

export interface NodeRpOptions {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** the provider's JWKS, already fetched (the guest keeps its parsed copy on the instance too) */
  jwks: { keys: Record<string, unknown>[] };
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
  redisPort: number;
  secret: string;
}

interface LoginState { state: string; nonce: string; verifier: string; returnTo: string; exp: number }
interface CallbackResult { status: number; location: string; setCookie: string }
interface Identity { user: string; email: string; groups: string[]; roles: string[] }

const PREFIX = "traefikoidc:node:";
const LOGIN_TTL_S = 600;
const SESSION_TTL_S = 86_400;
const CLOCK_SKEW_S = 60;
const SESSION_COOKIE = "_node_session";

export class NodeRp {
  private readonly cookieKey: Buffer;
  private readonly sealKey: Buffer;
  private readonly nameKey: Buffer;
  private readonly keys: ReturnType<typeof createLocalJWKSet>;

  constructor(private readonly o: NodeRpOptions) {
    const derive = (info: string) => Buffer.from(hkdfSync("sha256", o.secret, "", info, 32));
    this.cookieKey = derive("cookie");
    this.sealKey = derive("session");
    this.nameKey = derive("names");
    this.keys = createLocalJWKSet(o.jwks as JSONWebKeySet);
  }

  /** begin starts a login (not timed): the authorization URL and the login cookie, as the guest's login start. */
  begin(returnTo: string): { url: string; cookieName: string; cookieValue: string } {
    const login: LoginState = {
      state: randomBytes(32).toString("base64url"), nonce: randomBytes(32).toString("base64url"),
      verifier: randomBytes(32).toString("base64url"), returnTo, exp: Math.floor(Date.now() / 1000) + LOGIN_TTL_S,
    };
    const challenge = createHash("sha256").update(login.verifier).digest("base64url");
    const q = new URLSearchParams({
      client_id: this.o.clientId, response_type: "code", scope: this.o.scope, redirect_uri: this.o.redirectUri,
      state: login.state, nonce: login.nonce, code_challenge: challenge, code_challenge_method: "S256",
    });
    const cookieName = loginCookieName(login.state);
    const cookieValue = seal(this.cookieKey, cookieName, JSON.stringify(login));
    return { url: `${this.o.authorizationEndpoint}?${q}`, cookieName, cookieValue };
  }

  /** callback handles the redirect back (query and Cookie header): the timed part. */
  async callback(query: string, cookieHeader: string): Promise<CallbackResult> {
    const q = new URLSearchParams(query);
    const state = q.get("state");
    const code = q.get("code");
    if (state === null || code === null) throw new Error("callback without state or code");
    const value = cookieValue(cookieHeader, loginCookieName(state));
    if (value === undefined) throw new Error("no login cookie");
    const login = JSON.parse(open(this.cookieKey, loginCookieName(state), value)) as LoginState;
    const now = Math.floor(Date.now() / 1000);
    if (login.state !== state || login.exp <= now) throw new Error("login state mismatch or expired");
    const redis = await RespConnection.open(this.o.redisPort);
    try {
      const usedMs = String((LOGIN_TTL_S + CLOCK_SKEW_S) * 1000);
      if (await redis.command("SET", this.keyName("login-used", state), "1", "NX", "PX", usedMs) !== "OK") {
        throw new Error("login state replayed");
      }
      const tokens = await this.exchange(code, login.verifier);
      const identity = await this.verifyIdToken(tokens.id_token, login.nonce);
      const sessionId = randomBytes(32).toString("base64url");
      const exp = now + SESSION_TTL_S;
      const refreshToken = tokens.refresh_token ?? "";
      const record = JSON.stringify({ identity, idToken: tokens.id_token, refreshToken, iat: now, exp });
      const key = this.keyName("session", sessionId);
      const sealed = sealBytes(this.sealKey, key, record);
      if (await redis.command("SET", key, sealed, "PX", String(SESSION_TTL_S * 1000)) !== "OK") {
        throw new Error("session not stored");
      }
      const ticket = seal(this.cookieKey, SESSION_COOKIE, JSON.stringify({ id: sessionId, identity, exp }));
      const setCookie = `${SESSION_COOKIE}=${ticket}; Path=/; Max-Age=${SESSION_TTL_S}; HttpOnly; SameSite=Lax`;
      return { status: 302, location: login.returnTo, setCookie };
    } finally {
      redis.close();
    }
  }

  // The ID token: signature against the JWKS held, iss, aud, exp and iat with the skew, then nonce and azp.
  private async verifyIdToken(token: string, nonce: string): Promise<Identity> {
    const { payload } = await jwtVerify(token, this.keys, {
      issuer: this.o.issuer, audience: this.o.clientId, clockTolerance: CLOCK_SKEW_S, requiredClaims: ["iat", "exp"],
    });
    if (payload.nonce !== nonce) throw new Error("nonce mismatch");
    if (payload.azp !== undefined && payload.azp !== this.o.clientId) throw new Error("azp mismatch");
    return {
      user: String(payload.email ?? payload.sub), email: String(payload.email ?? ""),
      groups: (payload.groups as string[] | undefined) ?? [], roles: (payload.roles as string[] | undefined) ?? [],
    };
  }

  private keyName(kind: string, secret: string): string {
    const mac = createHmac("sha256", this.nameKey).update(`${kind}\0${secret}`).digest("base64url");
    return `${PREFIX}v1:${kind}:${mac}`;
  }

  // The token request on its own connection (no agent), client_secret_basic, with the PKCE verifier.
  private exchange(code: string, verifier: string): Promise<{ id_token: string; refresh_token?: string }> {
    const o = this.o;
    const body = new URLSearchParams({
      grant_type: "authorization_code", code, redirect_uri: o.redirectUri, code_verifier: verifier,
    }).toString();
    const basic = Buffer.from(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`)
      .toString("base64");
    const headers = {
      authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded",
      "content-length": Buffer.byteLength(body), accept: "application/json",
    };
    return new Promise((resolve, reject) => {
      const req = request(o.tokenEndpoint, { method: "POST", agent: false, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200) return reject(new Error(`token endpoint: HTTP ${res.statusCode}: ${text}`));
          resolve(JSON.parse(text));
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }
}

function loginCookieName(state: string): string {
  return `_node_login_${state.slice(0, 12)}`;
}

function seal(key: Buffer, name: string, text: string): string {
  return sealBytes(key, name, text).toString("base64url");
}

function sealBytes(key: Buffer, name: string, text: string): Buffer {
  const nonce = randomBytes(12);
  const c = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  c.setAAD(Buffer.from(name), { plaintextLength: Buffer.byteLength(text) });
  const body = Buffer.concat([c.update(text), c.final()]);
  return Buffer.concat([Buffer.from([1]), nonce, body, c.getAuthTag()]);
}

function open(key: Buffer, name: string, value: string): string {
  const raw = Buffer.from(value, "base64url");
  if (raw.length < 29 || raw[0] !== 1) throw new Error("sealed value too short");
  const d = createDecipheriv("chacha20-poly1305", key, raw.subarray(1, 13), { authTagLength: 16 });
  d.setAAD(Buffer.from(name), { plaintextLength: raw.length - 29 });
  d.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([d.update(raw.subarray(13, raw.length - 16)), d.final()]).toString();
}

function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
