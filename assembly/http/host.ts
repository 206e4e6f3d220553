// Hosts and ports as they appear in a URL authority or a Host header (RFC 3986 §3.2.2-§3.2.3, RFC 9110 §7.2),
// spelled so that origins compare as strings: names lowercased, IPv4 only as strict dotted-decimal (the spelling
// browsers normalise to), IPv6 in brackets and lowercased but not compressed, so two spellings of one IPv6
// address compare unequal: the safe direction. Userinfo, zone ids and percent-escapes are refused.

import { codeAt, HOST, inClass, lowerAscii } from "./chars";
import { HttpErr } from "./errors";
import { hexValue } from "../encoding/hex";

/** MAX_HOST_LENGTH: RFC 1035 §2.3.4 caps a name at 253 characters in text form; no IP literal is longer. */
export const MAX_HOST_LENGTH: i32 = 253;
// @ts-ignore: decorator
@inline const MAX_LABEL_LENGTH: i32 = 63;

/** Authority is a parsed host and optional port. */
export class Authority {
  /** Lowercased name, dotted IPv4, or bracketed IPv6 such as "[::1]". */
  host: string = "";
  /** 1..65535, or -1 when the text had no port. */
  port: i32 = -1;
}

/**
 * parseAuthority reads `host[:port]` from s[start, end) into out and returns Ok, or BadHost / BadPort. It rejects
 * userinfo (`user@host`, deprecated for http(s) by RFC 9110 §4.2.4), an empty port, and port 0.
 */
export function parseAuthority(s: string, start: i32, end: i32, out: Authority): HttpErr {
  if (start < 0 || end > s.length || start >= end) return HttpErr.BadHost;
  // RFC 3986 §3.2.1: "@" can only end userinfo, which is refused whatever precedes it.
  for (let i = start; i < end; i++) if (codeAt(s, i) == 0x40) return HttpErr.BadHost; // start <= i < end
  let hostEnd: i32;
  let rest: i32;
  if (codeAt(s, start) == 0x5b) { // '[': RFC 3986 §3.2.2 IP-literal
    hostEnd = start + 1;
    while (hostEnd < end && codeAt(s, hostEnd) != 0x5d) hostEnd++; // hostEnd < end
    if (hostEnd == end || !isIpv6(s, start + 1, hostEnd)) return HttpErr.BadHost;
    hostEnd++; // keep the brackets in the host
    rest = hostEnd;
  } else {
    hostEnd = start;
    while (hostEnd < end && codeAt(s, hostEnd) != 0x3a) hostEnd++; // hostEnd < end
    if (!isHostName(s, start, hostEnd)) return HttpErr.BadHost;
    rest = hostEnd;
  }
  let port = -1;
  if (rest < end) {
    if (codeAt(s, rest) != 0x3a) return HttpErr.BadHost; // rest < end; only ":" may follow "]"
    port = parsePort(s, rest + 1, end);
    if (port < 0) return HttpErr.BadPort;
  }
  out.host = lowerAscii(s.substring(start, hostEnd));
  out.port = port;
  return HttpErr.Ok;
}

/** isIpv4 reports strict dotted-decimal: four dec-octets without leading zeros (RFC 3986 §3.2.2). */
export function isIpv4(s: string, start: i32, end: i32): bool {
  let parts = 0;
  let i = start;
  while (true) {
    let v = 0;
    let digits = 0;
    while (i < end && codeAt(s, i) - 0x30 < 10 && digits < 4) { // i < end
      v = v * 10 + <i32>(codeAt(s, i) - 0x30);
      digits++;
      i++;
    }
    if (digits == 0 || digits > 3 || v > 255) return false;
    if (digits > 1 && codeAt(s, i - digits) == 0x30) return false; // a leading zero reads as octal elsewhere
    parts++;
    if (i == end) return parts == 4;
    if (parts == 4 || codeAt(s, i) != 0x2e) return false; // i < end
    i++;
  }
}

/**
 * isIpv6 reports an RFC 4291 §2.2 text address (the inside of an IP-literal): eight 1-4 digit hex groups, one
 * "::" standing for at least one zero group, and an optional dotted IPv4 tail counted as two groups.
 */
export function isIpv6(s: string, start: i32, end: i32): bool {
  if (end - start < 2) return false;
  let i = start;
  let groups = 0;
  let compressed = false;
  if (codeAt(s, i) == 0x3a) {
    if (codeAt(s, i + 1) != 0x3a) return false; // i + 1 < end: checked above
    compressed = true;
    i += 2;
    if (i == end) return true;
  }
  while (true) {
    let j = i;
    while (j < end && j - i < 5 && hexValue(codeAt(s, j)) >= 0) j++; // j < end
    if (j == i) return false;
    if (j < end && codeAt(s, j) == 0x2e) {
      // The IPv4 tail ends the address and fills two groups.
      if (groups > 6 || !isIpv4(s, i, end)) return false;
      groups += 2;
      break;
    }
    if (j - i > 4) return false;
    groups++;
    i = j;
    if (i == end) break;
    if (codeAt(s, i) != 0x3a) return false; // i < end
    i++;
    if (i == end) return false; // a single trailing colon
    if (codeAt(s, i) == 0x3a) { // i < end
      if (compressed) return false;
      compressed = true;
      i++;
      if (i == end) break;
    }
  }
  return compressed ? groups <= 7 : groups == 8;
}

/** parsePort returns the decimal port in s[start, end), or -1 unless it is 1..65535 in at most 5 digits. */
export function parsePort(s: string, start: i32, end: i32): i32 {
  const n = end - start;
  if (n < 1 || n > 5) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = codeAt(s, i) - 0x30; // start <= i < end
    if (d >= 10) return -1;
    v = v * 10 + <i32>d;
  }
  return v >= 1 && v <= 65535 ? v : -1;
}

/**
 * isHostName reports a registered name of letter-digit-hyphen labels (underscore allowed), or a strict IPv4
 * address when the last label looks numeric, which the WHATWG host parser would read as an address.
 */
export function isHostName(s: string, start: i32, end: i32): bool {
  const n = end - start;
  if (start < 0 || end > s.length || n < 1 || n > MAX_HOST_LENGTH) return false;
  let label = start;
  for (let i = start; i <= end; i++) {
    if (i < end && codeAt(s, i) != 0x2e) { // i < end
      if (!inClass(codeAt(s, i), HOST)) return false;
      continue;
    }
    // RFC 1035 §2.3.4: no empty label (so no leading, doubled or trailing dot), none longer than 63.
    if (i == label || i - label > MAX_LABEL_LENGTH) return false;
    if (i == end && isNumeric(s, label, end)) return isIpv4(s, start, end);
    label = i + 1;
  }
  return true;
}

// A label the WHATWG URL parser treats as a number: all decimal digits, or 0x / 0X and hex digits.
function isNumeric(s: string, start: i32, end: i32): bool {
  let i = start;
  if (end - start >= 2 && codeAt(s, i) == 0x30 && (codeAt(s, i + 1) | 0x20) == 0x78) {
    for (i += 2; i < end; i++) if (hexValue(codeAt(s, i)) < 0) return false; // i < end
    return true;
  }
  for (; i < end; i++) if (codeAt(s, i) - 0x30 >= 10) return false; // i < end
  return true;
}
