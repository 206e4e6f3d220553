// The token endpoint (OIDC Core §3.1.3): the authorization code exchanged for tokens, authenticated with
// client_secret_basic (RFC 6749 §2.3.1, the default every provider supports) or client_secret_post.
// The response is parsed strictly: a token response that is not JSON, or lacks the ID token, is an error with the
// provider's own `error`/`error_description` when it gave one.

import { JsonKind, JsonValue } from "../json/value";
import { JsonLimits, JsonParser } from "../json/parse";
import { HttpClient } from "../httpclient/client";
import { httpClientErrName } from "../httpclient/errors";
import { basicAuthorization, FormBody } from "../httpclient/form";
import { HttpRequest } from "../httpclient/request";
import { clipText } from "../http/response";
import { serverUrl } from "./server_url";

const MAX_TOKEN_RESPONSE_BYTES: i32 = 64 * 1024;

/** TokenResponse holds what the flow uses of a successful token response. */
export class TokenResponse {
  idToken: string = "";
  accessToken: string = "";
  refreshToken: string = "";
  /** expires_in of the access token, in seconds; -1 when absent. */
  expiresIn: i64 = -1;
}

/** ClientAuth is how the client authenticates at the token endpoint. */
export class ClientAuth {
  constructor(readonly clientId: string, readonly clientSecret: string, readonly usePost: bool) {}
}

/** TokenEndpoint posts grants to the provider's token endpoint; `detail` says why the last call failed. */
export class TokenEndpoint {
  detail: string = "";
  /** invalidGrant says the last failure was the provider's `invalid_grant`: the grant is spent or revoked. */
  invalidGrant: bool = false;

  constructor(private http: HttpClient, private auth: ClientAuth, private backchannel: string) {}

  /** exchangeCode redeems an authorization code; null with detail on any failure. */
  exchangeCode(endpoint: string, code: string, redirectUri: string, verifier: string): TokenResponse | null {
    const form = new FormBody();
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", redirectUri);
    if (verifier.length > 0) form.add("code_verifier", verifier);
    return this.post(endpoint, form, true);
  }

  /** refresh redeems a refresh token (RFC 6749 §6); the provider may or may not send a new ID token. */
  refresh(endpoint: string, refreshToken: string): TokenResponse | null {
    const form = new FormBody();
    form.add("grant_type", "refresh_token");
    form.add("refresh_token", refreshToken);
    return this.post(endpoint, form, false);
  }

  private post(endpoint: string, form: FormBody, needIdToken: bool): TokenResponse | null {
    this.invalidGrant = false;
    this.detail = "";
    const a = this.auth;
    if (a.usePost) {
      form.add("client_id", a.clientId);
      form.add("client_secret", a.clientSecret);
    }
    const url = serverUrl(endpoint, this.backchannel);
    const req = HttpRequest.postForm(url, form);
    if (!a.usePost) req.authorization = basicAuthorization(a.clientId, a.clientSecret);
    const res = this.http.send(req);
    if (res === null) return this.fail(`token endpoint ${url}: ${httpClientErrName(this.http.err)}: ${this.http.detail}`);
    const doc = parse(res.body);
    if (res.status != 200) {
      this.invalidGrant = doc !== null && str(doc, "error") == "invalid_grant";
      return this.fail(`token endpoint ${url}: HTTP ${res.status}${providerError(doc)}`);
    }
    if (doc === null) return this.fail(`token endpoint ${url}: the response is not a JSON object`);
    const t = new TokenResponse();
    t.idToken = str(doc, "id_token");
    t.accessToken = str(doc, "access_token");
    t.refreshToken = str(doc, "refresh_token");
    const e = doc.get("expires_in");
    if (e !== null && e.kind == JsonKind.Number && e.number >= 0 && e.number < 1e9) t.expiresIn = <i64>e.number;
    if (needIdToken && t.idToken.length == 0) return this.fail(`token endpoint ${url}: no id_token in the response (is "openid" among the scopes?)`);
    return t;
  }

  private fail(detail: string): TokenResponse | null {
    this.detail = detail;
    return null;
  }
}

function parse(body: Uint8Array): JsonValue | null {
  const limits = new JsonLimits();
  limits.maxBytes = MAX_TOKEN_RESPONSE_BYTES;
  const v = new JsonParser(limits).parse(body);
  return v !== null && v.kind == JsonKind.Object ? v : null;
}

function str(doc: JsonValue, key: string): string {
  const v = doc.get(key);
  return v !== null && v.kind == JsonKind.String ? v.string : "";
}

// RFC 6749 §5.2: the provider's error code and description, cut short for the log.
function providerError(doc: JsonValue | null): string {
  if (doc === null) return "";
  const error = str(doc, "error");
  if (error.length == 0) return "";
  const description = str(doc, "error_description");
  const text = description.length > 0 ? error + ": " + description : error;
  return " (" + clipText(text, 200, "…") + ")";
}
