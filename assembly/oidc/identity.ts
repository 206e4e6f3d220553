// Who the user is, as the backend and the access rules see it: taken from the verified ID token's claims once, at
// login, and kept in the session. Access rules (the incumbent's names, peers-and-pitfalls.md A.2.9), all of which
// must pass:
// - allowedUsers / allowedUserDomains: the user identifier is in allowedUsers, or the email's domain is in
//   allowedUserDomains and the provider says the email is verified (`email_verified`); an unverified address
//   proves nothing about its domain. Case-insensitive. No list set: anyone the provider authenticates.
// - allowedRolesAndGroups: at least one of the user's roles or groups is listed. Not set: no requirement.

import { EncodedHeader } from "../http/headers";
import { JsonKind, JsonValue } from "../json/value";
import { HeaderTemplate, renderHeaders } from "./header_templates";

/** IDENTITY_HEADERS are set for the backend, and removed from every request first (with the `headers` names). */
export const IDENTITY_HEADERS = ["x-forwarded-user", "x-auth-request-user", "x-auth-request-email", "x-auth-request-groups", "x-auth-request-roles"];

/** Identity is the user's identity and authorisation data, as stored in the session. */
export class Identity {
  /** user: the userIdentifierClaim's value, or `sub` when the token lacks it. */
  user: string = "";
  sub: string = "";
  email: string = "";
  emailVerified: bool = false;
  groups: Array<string> = [];
  roles: Array<string> = [];
  /** sid: the provider's session id, for back-channel logout. */
  sid: string = "";
  /** headers: the `headers` templates rendered at login, as name, value, name, value… */
  headers: Array<string> = [];
  /** The headers for the backend, encoded once for this identity (oidc/flow.ts); a memo, never stored. */
  encodedHeaders: Array<EncodedHeader> | null = null;
}

/** ClaimNames says which claims hold the user identifier, the roles and the groups, and the header templates. */
export class ClaimNames {
  constructor(readonly user: string, readonly roles: string, readonly groups: string, readonly headers: Array<HeaderTemplate> = []) {}
}

/** identityFromClaims reads an Identity from verified claims. */
export function identityFromClaims(claims: JsonValue, names: ClaimNames): Identity {
  const id = new Identity();
  id.sub = str(claims, "sub");
  const user = str(claims, names.user);
  id.user = user.length > 0 ? user : id.sub;
  id.email = str(claims, "email");
  const verified = claims.get("email_verified");
  // Some providers send "true" as a string; anything else is not a verification.
  id.emailVerified = verified !== null && (verified.kind == JsonKind.Bool ? verified.bool : verified.kind == JsonKind.String && verified.string == "true");
  id.groups = list(claims, names.groups);
  id.roles = list(claims, names.roles);
  id.sid = str(claims, "sid");
  id.headers = renderHeaders(names.headers, claims);
  return id;
}

/** AccessRules are the allow-lists of the configuration. */
export class AccessRules {
  constructor(readonly users: Array<string>, readonly domains: Array<string>, readonly rolesAndGroups: Array<string>) {}
}

/** denial returns why id may not pass the rules, or "" when it may. */
export function denial(id: Identity, rules: AccessRules): string {
  if (rules.users.length > 0 || rules.domains.length > 0) {
    if (!containsFold(rules.users, id.user) && !domainAllowed(id, rules.domains)) {
      return `user "${id.user}" is not in allowedUsers` + (rules.domains.length > 0 ? " and has no verified email in allowedUserDomains" : "");
    }
  }
  if (rules.rolesAndGroups.length > 0) {
    for (let i = 0; i < rules.rolesAndGroups.length; i++) {
      const want = rules.rolesAndGroups[i];
      if (id.groups.includes(want) || id.roles.includes(want)) return "";
    }
    return `user "${id.user}" has none of allowedRolesAndGroups`;
  }
  return "";
}

function domainAllowed(id: Identity, domains: Array<string>): bool {
  if (!id.emailVerified || domains.length == 0) return false;
  const at = id.email.lastIndexOf("@");
  return at > 0 && containsFold(domains, id.email.substring(at + 1));
}

function containsFold(list: Array<string>, value: string): bool {
  if (value.length == 0) return false;
  const v = value.toLowerCase();
  for (let i = 0; i < list.length; i++) if (list[i].toLowerCase() == v) return true;
  return false;
}

function str(claims: JsonValue, name: string): string {
  const v = claims.get(name);
  return v !== null && v.kind == JsonKind.String ? v.string : "";
}

// A list claim may be an array of strings or one string (some providers send a single group that way).
function list(claims: JsonValue, name: string): Array<string> {
  const out = new Array<string>();
  const v = claims.get(name);
  if (v === null) return out;
  if (v.kind == JsonKind.String) { out.push(v.string); return out; }
  if (v.kind != JsonKind.Array) return out;
  const items = v.items!;
  for (let i = 0; i < items.length; i++) if (items[i].kind == JsonKind.String) out.push(items[i].string);
  return out;
}
