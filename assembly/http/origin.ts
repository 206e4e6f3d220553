// The request's external origin, as the browser sees it, from the values Traefik's entrypoint puts in
// X-Forwarded-Proto and X-Forwarded-Host (it strips what an untrusted client sent) and the Host header.

import { codeAt, lowerAscii } from "./chars";
import { HttpErr, HttpStatus, httpFail, httpOk } from "./errors";
import { Authority, parseAuthority } from "./host";

/** Origin is a scheme, host and port (RFC 6454 §4), canonical so that two origins compare field by field. */
export class Origin {
  constructor(
    /** "http" or "https". */
    public scheme: string,
    /** As parseAuthority canonicalises it: lowercase name, IPv4, or bracketed IPv6. */
    public host: string,
    /** The explicit port, or -1 for the scheme's default. */
    public port: i32 = -1,
  ) {}

  /** effectivePort is the port, or 443 for https and 80 for http. */
  get effectivePort(): i32 {
    if (this.port >= 0) return this.port;
    return this.scheme == "https" ? 443 : 80;
  }

  /** matches reports whether scheme, host and effective port equal the given ones (port -1: the default). */
  matches(scheme: string, host: string, port: i32): bool {
    if (scheme != this.scheme || host != this.host) return false;
    const p = port >= 0 ? port : scheme == "https" ? 443 : 80;
    return p == this.effectivePort;
  }

  /** toString serializes the origin as `https://host[:port]`, leaving out a default port (RFC 6454 §6.2). */
  toString(): string {
    const p = this.port;
    const isDefault = p < 0 || (p == 443 && this.scheme == "https") || (p == 80 && this.scheme == "http");
    return this.scheme + "://" + this.host + (isDefault ? "" : ":" + p.toString());
  }
}

/**
 * originFromHeaders builds the external origin from the first X-Forwarded-Proto value (missing: "http"; Traefik's
 * "ws"/"wss" for WebSocket upgrades map to http/https), the first element of X-Forwarded-Host, else the Host
 * header. It returns null with BadScheme for another protocol, BadHost / BadPort for a malformed host.
 */
export function originFromHeaders(
  forwardedProto: string | null, forwardedHost: string | null, host: string | null, status: HttpStatus | null = null,
): Origin | null {
  const proto = forwardedProto === null ? "" : lowerAscii(firstListElement(forwardedProto));
  let scheme: string;
  if (proto == "" || proto == "http" || proto == "ws") scheme = "http";
  else if (proto == "https" || proto == "wss") scheme = "https";
  else return httpFail<Origin>(status, HttpErr.BadScheme, 0);
  // A proxy chain appends to X-Forwarded-Host; the first element is what the client asked for.
  let authority = forwardedHost === null ? "" : firstListElement(forwardedHost);
  if (authority.length == 0 && host !== null) authority = firstListElement(host);
  const parsed = new Authority();
  const e = parseAuthority(authority, 0, authority.length, parsed);
  if (e != HttpErr.Ok) return httpFail<Origin>(status, e, 0);
  httpOk(status, 0);
  return new Origin(scheme, parsed.host, parsed.port);
}

/** firstListElement is the text before the first comma, without surrounding spaces or tabs (RFC 9110 §5.6.1). */
export function firstListElement(s: string): string {
  const len = s.length;
  let end = 0;
  while (end < len && codeAt(s, end) != 0x2c) end++; // end < len
  let start = 0;
  while (start < end && isOws(codeAt(s, start))) start++; // start < end
  while (end > start && isOws(codeAt(s, end - 1))) end--; // end - 1 >= start
  return start == 0 && end == len ? s : s.substring(start, end);
}

// @ts-ignore: decorator
@inline function isOws(c: u32): bool {
  return c == 0x20 || c == 0x09;
}
