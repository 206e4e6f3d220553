// `headers`: extra request headers for the backend, templated over the ID token's (or bearer token's) claims, the
// incumbent's option in a deliberately small syntax: literal text and `{{.Claims.<name>}}` placeholders, nothing
// else (no tokens: a backend needing one should get it from the provider). Values are rendered once at login and
// kept in the session, so a request pays nothing for them. A rendered value holding a control character is
// dropped, never sent: claims are the provider's data, not ours to trust with header syntax.

import { JsonKind, JsonValue } from "../json/value";

const OPEN = "{{";
const CLOSE = "}}";
const CLAIMS = ".Claims.";

/** HeaderTemplate is one parsed `headers` entry: literal parts around claim names (literals.length = claims + 1). */
export class HeaderTemplate {
  constructor(readonly name: string, readonly literals: Array<string>, readonly claims: Array<string>) {}
}

/** TemplateStatus carries why a template was refused. */
export class TemplateStatus {
  reason: string = "";
}

/** parseHeaderTemplate parses value for header name; null with status.reason for anything but the syntax above. */
export function parseHeaderTemplate(name: string, value: string, status: TemplateStatus): HeaderTemplate | null {
  const literals = new Array<string>();
  const claims = new Array<string>();
  let at = 0;
  for (;;) {
    const open = value.indexOf(OPEN, at);
    if (open < 0) break;
    const close = value.indexOf(CLOSE, open + 2);
    if (close < 0) return refuse(status, `an unclosed "{{" at ${open}`);
    const inner = value.substring(open + 2, close).trim();
    if (!inner.startsWith(CLAIMS) || inner.length == CLAIMS.length || inner.includes(" ")) {
      return refuse(status, `only {{.Claims.<name>}} is supported (got "{{${inner}}}")`);
    }
    literals.push(value.substring(at, open));
    claims.push(inner.substring(CLAIMS.length));
    at = close + 2;
  }
  if (value.indexOf(CLOSE, at) >= 0) return refuse(status, `a "}}" without "{{"`);
  literals.push(value.substring(at));
  return new HeaderTemplate(name, literals, claims);
}

/** renderHeaders returns name, value, name, value… for the templates over claims; empty renders are left out. */
export function renderHeaders(templates: Array<HeaderTemplate>, claims: JsonValue): Array<string> {
  const out = new Array<string>();
  for (let i = 0; i < templates.length; i++) {
    const t = templates[i];
    let value = t.literals[0];
    for (let j = 0; j < t.claims.length; j++) value += claimText(claims.get(t.claims[j])) + t.literals[j + 1];
    if (value.trim().length == 0 || hasControl(value)) continue;
    out.push(t.name);
    out.push(value);
  }
  return out;
}

// Strings as they are, numbers and booleans as JSON writes them, lists of those joined by ","; anything else "".
function claimText(v: JsonValue | null): string {
  if (v === null) return "";
  if (v.kind == JsonKind.String) return v.string;
  if (v.kind == JsonKind.Bool) return v.bool ? "true" : "false";
  if (v.kind == JsonKind.Number) return v.number == Math.floor(v.number) && Math.abs(v.number) < 1e15 ? (<i64>v.number).toString() : v.number.toString();
  if (v.kind != JsonKind.Array) return "";
  const items = v.items!;
  const parts = new Array<string>();
  for (let i = 0; i < items.length; i++) if (items[i].kind != JsonKind.Array && items[i].kind != JsonKind.Object) parts.push(claimText(items[i]));
  return parts.join(",");
}

function hasControl(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

function refuse(status: TemplateStatus, reason: string): HeaderTemplate | null {
  status.reason = reason;
  return null;
}
