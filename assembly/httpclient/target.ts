// Where a request goes: an absolute http URL turned into the host and port to connect to, the Host header and the
// origin-form request target (RFC 9112 §3.2.1, §3.2). https is refused here, before any socket exists: the guest
// has no TLS yet, and a silent downgrade to plain text would leak client secrets and tokens.

import { httpErrName } from "../http/errors";
import { UrlParser } from "../http/url";
import { HttpClientErr, HttpClientStatus } from "./errors";

/** HTTPS_UNSUPPORTED is the reason given for an https URL, naming the option that gives an http path instead. */
export const HTTPS_UNSUPPORTED: string =
  "https is not supported yet (the plugin has no TLS): set providerBackchannelURL to an http:// address";

/** Target is a parsed http URL, ready for the wire. */
export class Target {
  /** The host to connect to: a lowercased name, a dotted IPv4 address or a bracketed IPv6 literal ("[::1]"). */
  host: string = "";
  /** The port to connect to: the URL's, or 80. */
  port: i32 = 80;
  /** The Host header value (RFC 9110 §7.2): the host, with ":port" unless the port is the default 80. */
  hostHeader: string = "";
  /** The origin-form request target: the path, then "?" and the query when the URL has one. Never a fragment. */
  requestTarget: string = "/";
  /** host:port and the path, without the query (which may carry secrets): what details name. */
  where: string = "";
}

/**
 * parseTarget reads an absolute `http://host[:port]/path?query` URL (a fragment is dropped: RFC 9110 §4.2.4, it
 * is never sent). It returns null with BadUrl for anything else (relative, userinfo, bad host or port, characters
 * outside RFC 3986) and HttpsUnsupported for https.
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
  if (u.scheme == "https") {
    status.fail(HttpClientErr.HttpsUnsupported, "https://" + u.host + ": " + HTTPS_UNSUPPORTED);
    return null;
  }
  const t = new Target();
  t.host = u.host;
  t.port = u.effectivePort;
  t.hostHeader = t.port == 80 ? u.host : u.host + ":" + t.port.toString();
  t.requestTarget = u.requestTarget();
  t.where = u.host + ":" + t.port.toString() + u.path;
  status.ok();
  return t;
}
