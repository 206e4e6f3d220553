// Server identity (RFC 6125 §6, as RFC 9110 §4.3.4 and RFC 8446 use it): the host the client connected to against
// the certificate's subjectAltName. DNS names match dNSName entries only, case-insensitively, with a wildcard
// allowed only as the whole left-most label and standing for exactly one label; IP literals match iPAddress
// entries only. The subject's CN is never consulted (§6.4.4 allows that only without DNS-ID, and no browser does).

import { GeneralNames } from "./general_names";
import { IpAddr, parseIp } from "../net/ip";
import { SockFamily } from "../abi/wasi";

/** MAX_HOST_CHARS is the longest DNS name (RFC 1035 §2.3.4), without the trailing dot. */
export const MAX_HOST_CHARS: i32 = 253;

/**
 * HostTarget is a host prepared once for matching: `ip` holds the address of an IP literal (4 or 16 bytes),
 * otherwise `name` is the DNS name in lower case without a trailing dot. `problem` is non-empty when the host
 * is neither (empty, too long, an empty label, a character outside letters, digits, '-' and '_').
 */
export class HostTarget {
  name: string = "";
  ip: Uint8Array | null = null;
  problem: string = "";
}

/** hostTarget prepares host, as the client would put it in SNI or a URL ("[::1]" is accepted for IPv6). */
export function hostTarget(host: string): HostTarget {
  const t = new HostTarget();
  const inner = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length - 1) : host;
  const addr = new IpAddr();
  if (parseIp(inner, addr)) {
    const bytes = new Uint8Array(addr.byteLength);
    for (let i = 0; i < bytes.length; i++) bytes[i] = addr.bytes[i];
    t.ip = bytes;
    return t;
  }
  const name = asciiLower(host.endsWith(".") ? host.substring(0, host.length - 1) : host);
  t.problem = hostNameProblem(name);
  t.name = name;
  return t;
}

/** matchesHost reports whether one of names' entries identifies target (see the module comment). */
export function matchesHost(names: GeneralNames, target: HostTarget): bool {
  if (target.problem.length > 0) return false;
  const ip = target.ip;
  if (ip !== null) {
    for (let i = 0; i < names.ip.length; i++) {
      const a = names.ip[i];
      if (a.length == ip.length && memory.compare(a.dataStart, ip.dataStart, <usize>ip.length) == 0) return true;
    }
    return false;
  }
  for (let i = 0; i < names.dns.length; i++) if (dnsNameMatches(names.dns[i], target.name)) return true;
  return false;
}

/**
 * dnsNameMatches reports whether the dNSName pattern identifies host, a name prepared by hostTarget. Both are
 * compared in ASCII lower case, a trailing dot on the pattern ignored. "*.example.com" matches "a.example.com"
 * but not "example.com" or "a.b.example.com" (RFC 6125 §6.4.3), nor "_acme.example.com": as in OpenSSL, the
 * wildcard stands only for a label of letters, digits and hyphens. A wildcard that is not the whole left-most
 * label ("f*.example.com", "a.*.example.com"), or stands above fewer than two labels ("*.com", "*"), matches
 * nothing.
 */
export function dnsNameMatches(pattern: string, host: string): bool {
  let p = asciiLower(pattern);
  if (p.endsWith(".")) p = p.substring(0, p.length - 1);
  if (p.length == 0 || host.length == 0) return false;
  if (!p.startsWith("*.")) return p.indexOf("*") < 0 && p == host;
  const rest = p.substring(1); // ".example.com"
  if (rest.indexOf("*") >= 0 || rest.indexOf(".", 1) < 0) return false;
  const dot = host.indexOf(".");
  if (dot <= 0 || host.length - dot != rest.length || !host.endsWith(rest)) return false;
  for (let i = 0; i < dot; i++) {
    const c = host.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d)) return false;
  }
  return true;
}

/** ipText writes a 4- or 16-byte address as text (RFC 5952 for IPv6), other lengths as hex. */
export function ipText(bytes: Uint8Array): string {
  if (bytes.length != 4 && bytes.length != 16) {
    let s = "0x";
    for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return s;
  }
  const a = new IpAddr();
  a.family = bytes.length == 4 ? SockFamily.Inet4 : SockFamily.Inet6;
  for (let i = 0; i < bytes.length; i++) a.bytes[i] = bytes[i];
  return a.toString();
}

/**
 * asciiLower lowers A-Z and nothing else: certificate names are ASCII (IA5String), IDNs are compared as A-labels,
 * and Unicode lowering would turn a host's KELVIN SIGN into "k".
 */
export function asciiLower(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n && !isUpper(s.charCodeAt(i))) i++;
  if (i == n) return s;
  // A copy of s, made with the runtime's allocator as std's String methods do, then lowered in place.
  const out = changetype<string>(__new(<usize>n << 1, idof<String>()));
  const at = changetype<usize>(out);
  memory.copy(at, changetype<usize>(s), <usize>n << 1);
  for (; i < n; i++) {
    const p = at + (<usize>i << 1); // i < n, the copy's length in units
    const c = <i32>load<u16>(p);
    if (isUpper(c)) store<u16>(p, <u16>(c | 0x20));
  }
  return out;
}

// @ts-ignore: decorator
@inline function isUpper(c: i32): bool {
  return c >= 0x41 && c <= 0x5a;
}

function hostNameProblem(name: string): string {
  if (name.length == 0) return "empty host name";
  if (name.length > MAX_HOST_CHARS) return "host name longer than " + MAX_HOST_CHARS.toString() + " characters";
  let label = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c == 0x2e) {
      if (label == 0) return "empty label in host name";
      label = 0;
      continue;
    }
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x5f;
    if (!ok) return "character " + c.toString() + " not allowed in a host name";
    label++;
  }
  return label == 0 ? "empty label in host name" : "";
}
