// IP addresses as the socket extension takes them: a family (1 INET, 2 INET6, traefik-wasm-host.md §5.2) and 4 or
// 16 bytes in network order. Literal parsing is strict (Go's net.ParseIP rules) and never traps on any input.

import { SockFamily } from "../abi/wasi";

/** IpAddr is one IPv4 or IPv6 address; for IPv4 only bytes[0..4] are used. */
export class IpAddr {
  family: SockFamily = SockFamily.Inet4;
  readonly bytes: StaticArray<u8> = new StaticArray<u8>(16);

  /** byteLength is 4 for IPv4 and 16 for IPv6. */
  get byteLength(): i32 {
    return this.family == SockFamily.Inet4 ? 4 : 16;
  }

  /** toString returns dotted-quad IPv4 or RFC 5952 IPv6 text (lowercase, longest zero run as "::"). */
  toString(): string {
    if (this.family == SockFamily.Inet4) {
      const b = this.bytes;
      return b[0].toString() + "." + b[1].toString() + "." + b[2].toString() + "." + b[3].toString();
    }
    return formatIPv6(this.bytes);
  }

  /** hostPort returns "a.b.c.d:port" or "[v6]:port", for details and logs. */
  hostPort(port: i32): string {
    const ip = this.toString();
    return (this.family == SockFamily.Inet6 ? "[" + ip + "]" : ip) + ":" + port.toString();
  }
}

/**
 * parseIp parses an IPv4 dotted quad or an IPv6 literal (with "::" and an optional dotted IPv4 tail) into out and
 * returns true, or returns false and leaves out unspecified. Brackets, zones ("%eth0"), leading zeros in IPv4
 * parts and anything else are refused; such text is not a literal and the caller may treat it as a name.
 */
export function parseIp(text: string, out: IpAddr): bool {
  if (parseIPv4(text, 0, text.length, out.bytes, 0)) {
    out.family = SockFamily.Inet4;
    return true;
  }
  if (parseIPv6(text, out.bytes)) {
    out.family = SockFamily.Inet6;
    return true;
  }
  return false;
}

// Decimal a.b.c.d in text[from..to) into out[at..at+4): each part 0-255, 1-3 digits, no leading zero.
function parseIPv4(text: string, from: i32, to: i32, out: StaticArray<u8>, at: i32): bool {
  if (to - from < 7 || to - from > 15 || at + 4 > out.length) return false;
  let i = from;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= to || text.charCodeAt(i) != 0x2e) return false; // '.'
      i++;
    }
    let value = 0, digits = 0;
    while (i < to && digits < 4) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      if (digits == 1 && value == 0) return false; // a leading zero, as Go refuses since 1.17
      value = value * 10 + (c - 0x30);
      digits++;
      i++;
    }
    if (digits == 0 || digits > 3 || value > 255) return false;
    out[at + part] = <u8>value;
  }
  return i == to;
}

// RFC 4291 §2.2 text forms: eight groups, one "::" standing for one or more zero groups, an IPv4 tail in place of
// the last two groups.
function parseIPv6(text: string, out: StaticArray<u8>): bool {
  const n = text.length;
  if (n < 2 || n > 45) return false;
  let groups = 0, gap = -1, i = 0;
  if (text.charCodeAt(0) == 0x3a) { // ':' may start the text only as "::"
    if (text.charCodeAt(1) != 0x3a) return false;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    if (groups == 8) return false;
    let value = 0, digits = 0, j = i;
    while (j < n && digits < 5) {
      const d = hexValue(text.charCodeAt(j));
      if (d < 0) break;
      value = (value << 4) | d;
      digits++;
      j++;
    }
    if (j < n && text.charCodeAt(j) == 0x2e) { // a dotted IPv4 tail ends the text
      if (groups > 6 || !parseIPv4(text, i, n, out, groups * 2)) return false;
      groups += 2;
      i = n;
      break;
    }
    if (digits == 0 || digits > 4) return false;
    out[groups * 2] = <u8>(value >> 8);
    out[groups * 2 + 1] = <u8>value;
    groups++;
    i = j;
    if (i == n) break;
    if (text.charCodeAt(i) != 0x3a) return false;
    i++;
    if (i < n && text.charCodeAt(i) == 0x3a) {
      if (gap >= 0) return false; // a second "::"
      gap = groups;
      i++;
    } else if (i == n) {
      return false; // a trailing single ':'
    }
  }
  if (gap < 0) return groups == 8;
  if (groups == 8) return false; // "::" must stand for at least one group
  // Move the groups after the gap to the end and zero the gap.
  const tail = (groups - gap) * 2;
  for (let k = 0; k < tail; k++) out[15 - k] = out[gap * 2 + tail - 1 - k];
  for (let k = gap * 2; k < 16 - tail; k++) out[k] = 0;
  return true;
}

function hexValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

// RFC 5952 §4: lowercase hex without leading zeros, the longest run of two or more zero groups as "::".
function formatIPv6(b: StaticArray<u8>): string {
  let bestAt = -1, bestLen = 1;
  for (let g = 0; g < 8;) {
    if (group(b, g) != 0) { g++; continue; }
    let end = g;
    while (end < 8 && group(b, end) == 0) end++;
    if (end - g > bestLen) { bestAt = g; bestLen = end - g; }
    g = end;
  }
  let s = "";
  for (let g = 0; g < 8; g++) {
    if (g == bestAt) {
      s += "::";
      g += bestLen - 1;
      continue;
    }
    if (g > 0 && g != bestAt + bestLen) s += ":";
    s += (<u32>group(b, g)).toString(16);
  }
  return s;
}

function group(b: StaticArray<u8>, g: i32): i32 {
  return (<i32>b[g * 2] << 8) | <i32>b[g * 2 + 1];
}
