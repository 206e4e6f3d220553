// The one way the middleware's clients (HTTP to the identity provider, Redis) get a connection: the request's
// connection to host:port from RequestConnections, with TLS on it when the client is configured for TLS.

import { Conn } from "../net/conn";
import { NetErr } from "../net/errors";
import { RequestConnections } from "../net/request_connections";
import { tlsHandshake, TlsClientConfig } from "./client";

/**
 * secureConnection returns the request's connection to host:port, after a TLS handshake when tls is given and the
 * connection is fresh (one handed out again already speaks TLS), or null with the reason in conns.err and
 * conns.detail: the net layer's, or NetErr.Tls naming the handshake's cause. The handshake shares connectMs.
 */
export function secureConnection(conns: RequestConnections, host: string, port: i32, connectMs: i32,
  tls: TlsClientConfig | null): Conn | null {
  const c = conns.get(host, port, connectMs);
  if (c === null || tls === null || c.hasLayer) return c;
  if (tlsHandshake(c, tls, connectMs) != NetErr.Ok) {
    conns.fail(c.err, c.detail);
    return null;
  }
  return c;
}
