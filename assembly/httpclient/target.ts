// Where a request goes: an absolute http(s) URL turned into the host and port to connect to, whether to speak TLS,
// the Host header and the origin-form request target (RFC 9112 §3.2.1, §3.2).

import { httpErrName } from "../http/errors";
import { UrlParser } from "../http/url";
import { HttpClientErr, HttpClientStatus } from "./errors";

/** Target is a parsed http(s) URL, ready for the wire. */
export class Target {
  /** The host to connect to: a lowercased name, a dotted IPv4 address or a bracketed IPv6 literal ("[::1]"). */
  host: string = "";
  /** The port to connect to: the URL's, or the scheme's (80, 443). */
  port: i32 = 80;
  /** https: the exchange goes over TLS, with the certificate checked for host. */
  tls: bool = false;
  /** The Host header value (RFC 9110 §7.2): the host, with ":port" unless the port is the scheme's default. */
  hostHeader: string = "";
  /** The origin-form request target: the path, then "?" and the query when the URL has one. Never a fragment. */
  requestTarget: string = "/";
  /** host:port and the path, without the query (which may carry secrets): what details name. */
  where: string = "";
}

/**
 * parseTarget reads an absolute `http(s)://host[:port]/path?query` URL (a fragment is dropped: RFC 9110 §4.2.4,
 * it is never sent). It returns null with BadUrl for anything else (relative, userinfo, bad host or port,
 * characters outside RFC 3986).
 */
export function parseTarget(url: string, status: HttpClientStatus): Target | null {
  const parser = new UrlParser();
  const u = parser.parse(url);
  if (u === null) {
    status.fail(HttpClientErr.BadUrl, "bad URL: " + httpErrName(parser.err) + " at offset " + parser.offset.toString());
    return null;
  }
  if (!u.isAbsolute) {
    status.fail(HttpClientErr.BadUrl, "bad URL: not absolute (http://host/path expected)");
    return null;
  }
  const t = new Target();
  t.host = u.host;
  t.port = u.effectivePort;
  t.tls = u.scheme == "https";
  t.hostHeader = t.port == (t.tls ? 443 : 80) ? u.host : u.host + ":" + t.port.toString();
  t.requestTarget = u.requestTarget();
  t.where = u.host + ":" + t.port.toString() + u.path;
  status.ok();
  return t;
}
