// Provider metadata (OpenID Connect Discovery 1.0 §3): the endpoints and capabilities the relying party uses,
// read from the provider's discovery document. The document is attacker-reachable in one way or another (a DNS or
// network mistake, a compromised cache), so it is parsed with limits and checked before anything is trusted:
// - `issuer` must equal the configured issuer exactly (Discovery §4.3): otherwise tokens from one tenant of a
//   shared provider could pass for another's;
// - every endpoint the flow uses must be an absolute http(s) URL without a fragment;
// - capability lists are kept as given; callers decide what a missing capability means (PKCE, auth methods).

import { JsonKind, JsonValue } from "../json/value";
import { JsonLimits, JsonParser, jsonErrName } from "../json/parse";
import { UrlParser } from "../http/url";
import { clipText } from "../http/response";

/** MAX_METADATA_BYTES bounds a discovery document: real ones are 2 to 8 KiB. */
export const MAX_METADATA_BYTES: i32 = 64 * 1024;
const MAX_DEPTH: i32 = 6;

/** ProviderMetadata holds the checked fields of a discovery document. Optional endpoints are "" when absent. */
export class ProviderMetadata {
  issuer: string = "";
  authorizationEndpoint: string = "";
  tokenEndpoint: string = "";
  jwksUri: string = "";
  userinfoEndpoint: string = "";
  endSessionEndpoint: string = "";
  revocationEndpoint: string = "";
  scopesSupported: Array<string> = [];
  codeChallengeMethodsSupported: Array<string> = [];
  tokenEndpointAuthMethodsSupported: Array<string> = [];
  idTokenSigningAlgValuesSupported: Array<string> = [];
  backchannelLogoutSupported: bool = false;

  /** supportsPkceS256 is true when the provider lists S256, or lists nothing (RFC 8414 §2: absent = unknown). */
  get supportsPkceS256(): bool {
    const m = this.codeChallengeMethodsSupported;
    return m.length == 0 || m.includes("S256");
  }
}

/** MetadataStatus carries why a document was refused. */
export class MetadataStatus {
  reason: string = "";
}

/**
 * parseProviderMetadata parses and checks a discovery document for expectedIssuer; null with status.reason when
 * the document is not JSON, names another issuer, or lacks or mangles an endpoint the flow needs.
 */
export function parseProviderMetadata(bytes: Uint8Array, expectedIssuer: string, status: MetadataStatus): ProviderMetadata | null {
  const limits = new JsonLimits();
  limits.maxBytes = MAX_METADATA_BYTES;
  limits.maxDepth = MAX_DEPTH;
  const parser = new JsonParser(limits);
  const doc = parser.parse(bytes);
  if (doc === null) return refuse(status, `not valid JSON (${jsonErrName(parser.err)} at byte ${parser.offset})`);
  if (doc.kind != JsonKind.Object) return refuse(status, "not a JSON object");
  const m = new ProviderMetadata();
  m.issuer = text(doc, "issuer");
  if (m.issuer != expectedIssuer) {
    return refuse(status, `issuer "${clipText(m.issuer, 200, "…")}" is not the configured "${expectedIssuer}" (they must be equal, character for character)`);
  }
  m.authorizationEndpoint = text(doc, "authorization_endpoint");
  m.tokenEndpoint = text(doc, "token_endpoint");
  m.jwksUri = text(doc, "jwks_uri");
  m.userinfoEndpoint = text(doc, "userinfo_endpoint");
  m.endSessionEndpoint = text(doc, "end_session_endpoint");
  m.revocationEndpoint = text(doc, "revocation_endpoint");
  const required = ["authorization_endpoint", "token_endpoint", "jwks_uri"];
  const optional = ["userinfo_endpoint", "end_session_endpoint", "revocation_endpoint"];
  for (let i = 0; i < required.length; i++) {
    if (!endpointOk(text(doc, required[i]), true)) return refuse(status, `${required[i]} is missing or not an absolute http(s) URL`);
  }
  for (let i = 0; i < optional.length; i++) {
    if (!endpointOk(text(doc, optional[i]), false)) return refuse(status, `${optional[i]} is not an absolute http(s) URL`);
  }
  m.scopesSupported = list(doc, "scopes_supported");
  m.codeChallengeMethodsSupported = list(doc, "code_challenge_methods_supported");
  m.tokenEndpointAuthMethodsSupported = list(doc, "token_endpoint_auth_methods_supported");
  m.idTokenSigningAlgValuesSupported = list(doc, "id_token_signing_alg_values_supported");
  const bcl = doc.get("backchannel_logout_supported");
  m.backchannelLogoutSupported = bcl !== null && bcl.kind == JsonKind.Bool && bcl.bool;
  return m;
}

// An endpoint must parse as an absolute http(s) URL without a fragment; "" is fine when it is optional.
function endpointOk(url: string, required: bool): bool {
  if (url.length == 0) return !required;
  const u = new UrlParser().parse(url);
  return u !== null && u.isAbsolute && u.fragment === null;
}

// A member that is not a string counts as absent: the checks above then say what is missing.
function text(doc: JsonValue, key: string): string {
  const v = doc.get(key);
  return v !== null && v.kind == JsonKind.String ? v.string : "";
}

// String items of an array member; anything else is skipped.
function list(doc: JsonValue, key: string): Array<string> {
  const out = new Array<string>();
  const v = doc.get(key);
  if (v === null || v.kind != JsonKind.Array) return out;
  const items = v.items!;
  for (let i = 0; i < items.length; i++) {
    if (items[i].kind == JsonKind.String) out.push(items[i].string);
  }
  return out;
}

// Quoted values from the document are cut short: a log line must not carry a hostile megabyte.

function refuse(status: MetadataStatus, reason: string): ProviderMetadata | null {
  status.reason = reason;
  return null;
}
