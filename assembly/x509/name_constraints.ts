// nameConstraints (RFC 5280 §4.2.1.10) for the two forms a TLS server's names take: dNSName and iPAddress. A
// constraint of another form in a critical extension cannot be honoured, so it makes the issuer unusable rather
// than being ignored; in a non-critical one it is ignored, as §4.2 lets a verifier do with what it does not know.

import { GeneralNames, NameConstraints, Subtrees } from "./general_names";
import { asciiLower, ipText } from "./hostname";
import { displayText } from "./name";

/**
 * nameConstraintsProblem returns "" when every dNSName and iPAddress in names is allowed by nc, else what is
 * wrong: "DNS name evil.example is not in the permitted subtrees", "IP address 10.0.0.1 is in the excluded subtree
 * 10.0.0.0/255.0.0.0". A name type is constrained by permitted subtrees only when at least one subtree of that
 * type is present (§4.2.1.10). Constraints of other forms are the caller's to refuse (nc.otherForm).
 */
export function nameConstraintsProblem(nc: NameConstraints, names: GeneralNames): string {
  const permitted = nc.permitted, excluded = nc.excluded;
  for (let i = 0; i < names.dns.length; i++) {
    const name = asciiLower(names.dns[i]);
    if (excluded !== null) {
      const hit = excludedDns(excluded, name);
      if (hit >= 0) {
        return "DNS name " + displayText(name) + " is in the excluded subtree " + displayText(excluded.dns[hit]);
      }
    }
    if (permitted !== null && permitted.dns.length > 0 && !permittedDns(permitted, name)) {
      return "DNS name " + displayText(name) + " is not in the permitted subtrees";
    }
  }
  for (let i = 0; i < names.ip.length; i++) {
    const ip = names.ip[i];
    if (excluded !== null) {
      const hit = matchingIp(excluded, ip);
      if (hit >= 0) return "IP address " + ipText(ip) + " is in the excluded subtree " + subnetText(excluded.ip[hit]);
    }
    if (permitted !== null && hasFamily(permitted, ip.length) && matchingIp(permitted, ip) < 0) {
      return "IP address " + ipText(ip) + " is not in the permitted subtrees";
    }
  }
  return "";
}

/**
 * dnsWithin reports whether name (lower case) lies in the subtree of constraint: "example.com" holds itself and
 * every name ending in ".example.com"; ".example.com" only the latter (the leading-period form RFC 5280 defines
 * for URIs, which verifiers also accept here); "" holds everything. A wildcard name is taken literally, its "*"
 * a label like any other, which is exact for permitted subtrees: all of "*.a.com"'s matches lie in a subtree
 * exactly when "x.a.com" does.
 */
export function dnsWithin(name: string, constraint: string): bool {
  let c = asciiLower(constraint);
  if (c.endsWith(".") && c.length > 1) c = c.substring(0, c.length - 1);
  let n = name;
  if (n.endsWith(".")) n = n.substring(0, n.length - 1);
  if (c.length == 0) return true;
  if (c.startsWith(".")) return n.length > c.length && n.endsWith(c);
  if (n.length == c.length) return n == c;
  return n.length > c.length && n.endsWith(c) && n.charCodeAt(n.length - c.length - 1) == 0x2e;
}

function permittedDns(s: Subtrees, name: string): bool {
  for (let i = 0; i < s.dns.length; i++) if (dnsWithin(name, s.dns[i])) return true;
  return false;
}

// The index of an excluded subtree that name, or one of its matches if it is a wildcard, falls in; -1 if none.
function excludedDns(s: Subtrees, name: string): i32 {
  for (let i = 0; i < s.dns.length; i++) {
    const c = s.dns[i];
    if (dnsWithin(name, c) || wildcardReaches(name, c)) return i;
  }
  return -1;
}

// A wildcard "*.rest" also matches "label.rest", so an excluded subtree "label.rest" (one more label than rest)
// must exclude it, which the literal comparison in dnsWithin does not see.
function wildcardReaches(name: string, constraint: string): bool {
  if (!name.startsWith("*.")) return false;
  const rest = name.substring(1); // ".rest"
  const c = asciiLower(constraint);
  if (c.startsWith(".") || c.length <= rest.length || !c.endsWith(rest)) return false;
  const label = c.substring(0, c.length - rest.length);
  return label.indexOf(".") < 0 && label.length > 0;
}

// The index of a subtree of ip's family whose masked address equals ip masked, or -1.
function matchingIp(s: Subtrees, ip: Uint8Array): i32 {
  const n = ip.length;
  for (let i = 0; i < s.ip.length; i++) {
    const c = s.ip[i];
    if (c.length != 2 * n) continue;
    let same = true;
    for (let j = 0; j < n; j++) {
      const mask = unchecked(c[n + j]); // n + j < 2n = c.length
      if ((unchecked(ip[j]) & mask) != (unchecked(c[j]) & mask)) same = false; // j < n
    }
    if (same) return i;
  }
  return -1;
}

function hasFamily(s: Subtrees, bytes: i32): bool {
  for (let i = 0; i < s.ip.length; i++) if (s.ip[i].length == 2 * bytes) return true;
  return false;
}

function subnetText(c: Uint8Array): string {
  const half = c.length >> 1;
  return ipText(c.subarray(0, half)) + "/" + ipText(c.subarray(half));
}
