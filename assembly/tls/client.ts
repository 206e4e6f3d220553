// The entry point of assembly/tls: tlsHandshake runs a TLS 1.3 client handshake on a connected Conn and installs
// the TlsLayer, after which the connection reads and writes application data. One full handshake per connection:
// connections live for one request (net/request_connections.ts), so there is nothing to resume.

import { Conn } from "../net/conn";
import { Deadline } from "../net/deadline";
import { NetErr } from "../net/errors";
import { IpAddr, parseIp } from "../net/ip";
import { unixSeconds } from "../sys/clock";
import { TLS13_SIGNATURE_SCHEMES } from "../x509/tls13";
import { TrustStore } from "../x509/trust_store";
import { HelloParams, MAX_ALPN_NAME_BYTES, MAX_SERVER_NAME_BYTES } from "./client_hello";
import { CipherSuiteId, hex16, NamedGroup } from "./constants";
import { TlsEngine } from "./engine";
import { RandomOffer } from "./hello_offer";
import { isSupportedGroup } from "./key_share";
import { CLOSE_NOTIFY_MS, place, remainingMs, TlsLayer } from "./layer";
import { printableText } from "./status";
import { cipherSuite } from "./suites";
import { X509Verifier } from "./x509_verifier";

/** MAX_ALPN_PROTOCOLS bounds the ALPN list a config may offer. */
export const MAX_ALPN_PROTOCOLS: i32 = 8;

/**
 * TlsClientConfig says whom to expect and what to offer. The defaults offer the three TLS 1.3 suites and x25519
 * then secp256r1; trust is required unless skipVerify, which keeps the handshake sound but accepts any
 * certificate for any name (log it loudly).
 */
export class TlsClientConfig {
  /** serverName is sent as SNI (unless an IP literal) and checked against the certificate; "" uses conn.host. */
  serverName: string = "";
  /** alpn lists the protocols to offer, such as ["http/1.1"]; empty offers none. */
  alpn: Array<string> = [];
  /** trust holds the anchors the server's chain must reach; required unless skipVerify. */
  trust: TrustStore | null = null;
  /** skipVerify (tlsSkipVerify): no chain, validity or name check; CertificateVerify is still checked. */
  skipVerify: bool = false;
  /** cipherSuites in preference order. */
  cipherSuites: Array<u16> = [
    <u16>CipherSuiteId.Aes128GcmSha256, <u16>CipherSuiteId.ChaCha20Poly1305Sha256, <u16>CipherSuiteId.Aes256GcmSha384,
  ];
  /** groups in preference order: x25519 (0x001d) then secp256r1 (0x0017); the first gets the initial key share. */
  groups: Array<u16> = [<u16>NamedGroup.X25519, <u16>NamedGroup.Secp256r1];
}

/**
 * tlsHandshake runs a full TLS 1.3 handshake on a connected conn within timeoutMs and installs the TlsLayer; on
 * failure it sends an alert when it can, closes conn and returns conn.err (NetErr.Tls, or the I/O error) with
 * conn.detail naming the cause: "tls handshake with idp.example.com:443: <cause>".
 */
export function tlsHandshake(conn: Conn, config: TlsClientConfig, timeoutMs: i32): NetErr {
  tlsConnect(conn, config, timeoutMs);
  return conn.err;
}

/**
 * tlsConnect is tlsHandshake returning the installed layer, whose engine tells what was negotiated (suite,
 * group, ALPN protocol, whether the server asked for another key share), or null after a failure.
 */
export function tlsConnect(conn: Conn, config: TlsClientConfig, timeoutMs: i32): TlsLayer | null {
  const deadline = new Deadline(timeoutMs);
  const prefix = "tls handshake with " + place(conn) + ": ";
  if (!conn.isOpen) {
    conn.fail(NetErr.NotOpen, prefix + "not connected");
    return null;
  }
  const name = targetName(config, conn);
  const problem = configProblem(config, name);
  if (problem.length > 0) return refuse(conn, prefix + problem);
  const now = unixSeconds();
  if (now < 0 && !config.skipVerify) return refuse(conn, prefix + "no wall clock to check certificates against");
  const verifier = new X509Verifier(config.skipVerify ? null : config.trust, name, now);
  const engine = new TlsEngine(new RandomOffer(helloParams(config, name)), verifier);
  engine.begin();
  if (!drive(conn, engine, deadline, prefix)) return null;
  const layer = new TlsLayer(engine);
  conn.installLayer(layer);
  conn.ok();
  return layer;
}

// Sends and receives until the engine is connected or fails, within the deadline.
function drive(conn: Conn, engine: TlsEngine, deadline: Deadline, prefix: string): bool {
  for (;;) {
    if (engine.failed) return handshakeFailed(conn, engine, prefix);
    const out = engine.out;
    if (out.length > 0) {
      const e = conn.rawWrite(out.dataStart, out.length, remainingMs(deadline));
      out.clear();
      if (e != NetErr.Ok) return ioFailed(conn, prefix, deadline);
    }
    if (engine.connected) return true;
    const room = engine.inputRoom(); // first: it may move buffered bytes, and with them inputPtr()
    const got = conn.rawRead(engine.inputPtr(), room, remainingMs(deadline));
    if (got < 0) return ioFailed(conn, prefix, deadline);
    engine.commitInput(got);
    engine.process();
  }
  return false; // not reached: the loop only exits by returning
}

// The engine refused the server: the alert it owes goes out briefly, then the connection closes.
function handshakeFailed(conn: Conn, engine: TlsEngine, prefix: string): bool {
  const out = engine.out;
  if (out.length > 0) conn.rawWrite(out.dataStart, out.length, CLOSE_NOTIFY_MS);
  conn.close();
  conn.fail(NetErr.Tls, prefix + engine.status.detail);
  return false;
}

// The socket failed (conn closed itself); its error stays, restated for the handshake.
function ioFailed(conn: Conn, prefix: string, deadline: Deadline): bool {
  let cause = conn.detail;
  if (conn.err == NetErr.Closed) cause = "server closed the connection during the handshake";
  else if (conn.err == NetErr.Timeout) cause = "not complete within " + deadline.timeoutMs.toString() + " ms";
  conn.fail(conn.err, prefix + cause);
  return false;
}

function refuse(conn: Conn, detail: string): TlsLayer | null {
  conn.close();
  conn.fail(NetErr.Tls, detail);
  return null;
}

// The name to verify: the configured serverName, else the host connected to, without IPv6 brackets.
function targetName(config: TlsClientConfig, conn: Conn): string {
  const name = config.serverName.length > 0 ? config.serverName : conn.host;
  return name.startsWith("[") && name.endsWith("]") ? name.slice(1, name.length - 1) : name;
}

// RFC 6066 §3: SNI carries DNS names only, without a trailing dot; IP literals are not sent.
function sniName(name: string): string {
  if (parseIp(name, new IpAddr())) return "";
  return name.endsWith(".") ? name.slice(0, name.length - 1) : name;
}

function helloParams(config: TlsClientConfig, name: string): HelloParams {
  const p = new HelloParams();
  p.suites = config.cipherSuites.slice(0);
  p.groups = config.groups.slice(0);
  for (let i = 0; i < TLS13_SIGNATURE_SCHEMES.length; i++) p.schemes.push(TLS13_SIGNATURE_SCHEMES[i]);
  p.serverName = sniName(name);
  p.alpn = config.alpn.slice(0);
  return p;
}

// What makes a config unusable, in words for the operator; "" when it is fine.
function configProblem(config: TlsClientConfig, name: string): string {
  if (!config.skipVerify && config.trust === null) {
    return "no trust anchors configured (set a CA bundle, or skip verification)";
  }
  if (!isHostName(name)) return "server name \"" + printableText(name) + "\" is neither a DNS name nor an IP address";
  if (config.cipherSuites.length == 0) return "no cipher suite configured";
  for (let i = 0; i < config.cipherSuites.length; i++) {
    const id = config.cipherSuites[i];
    if (cipherSuite(id) === null) return "unsupported cipher suite " + hex16(id);
  }
  if (config.groups.length == 0) return "no key exchange group configured";
  for (let i = 0; i < config.groups.length; i++) {
    if (!isSupportedGroup(config.groups[i])) return "unsupported key exchange group " + hex16(config.groups[i]);
  }
  if (config.alpn.length > MAX_ALPN_PROTOCOLS) return "more than " + MAX_ALPN_PROTOCOLS.toString() + " ALPN protocols";
  for (let i = 0; i < config.alpn.length; i++) {
    const n = String.UTF8.byteLength(config.alpn[i]);
    if (n == 0 || n > MAX_ALPN_NAME_BYTES) return "ALPN protocol names must be 1 to 255 bytes";
  }
  return "";
}

// An IP literal, or a DNS name: labels of letters, digits, '-' and '_' separated by dots, 253 bytes at most.
function isHostName(name: string): bool {
  if (parseIp(name, new IpAddr())) return true;
  if (name.length == 0 || name.length > MAX_SERVER_NAME_BYTES + 1) return false;
  let label = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c == 0x2e) { // '.': no empty label; a trailing dot (after a label) is allowed
      if (label == 0) return false;
      label = 0;
      continue;
    }
    const letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
    const ok = letter || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x5f;
    if (!ok || ++label > 63) return false;
  }
  return true;
}
