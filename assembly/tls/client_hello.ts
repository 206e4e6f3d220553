// The ClientHello (RFC 8446 §4.1.2) this client sends, and the parameters every answer is checked against. No
// PSK, no early data, no session resumption: connections are per request, so each one is a full handshake.

import { utf8Encode } from "../encoding/utf8";
import { ExtensionType, HandshakeType, RANDOM_BYTES, RECORD_SIZE_LIMIT, TLS_1_2, TLS_1_3 } from "./constants";
import { KeyShare } from "./key_share";
import { TlsWriter } from "./wire";

/** MAX_SERVER_NAME_BYTES and MAX_ALPN_NAME_BYTES are the DNS name and ProtocolName limits (RFC 1035, RFC 7301). */
export const MAX_SERVER_NAME_BYTES: i32 = 253;
export const MAX_ALPN_NAME_BYTES: i32 = 255;

/**
 * HelloParams are what a ClientHello offers. The engine checks the server's choices against them, so a test that
 * sends a ClientHello of its own (RFC 8448's) describes that hello here.
 */
export class HelloParams {
  random: Uint8Array = new Uint8Array(RANDOM_BYTES);
  /** legacy_session_id: empty, as no middlebox compatibility mode is needed (RFC 8446 §D.4). */
  sessionId: Uint8Array = new Uint8Array(0);
  suites: Array<u16> = [];
  /** supported_groups, in preference order; only groups[0] gets a key share in the first ClientHello. */
  groups: Array<u16> = [];
  schemes: Array<u16> = [];
  /** server_name: a DNS name, or "" to send none (IP literals are never sent, RFC 6066 §3). */
  serverName: string = "";
  alpn: Array<string> = [];
  /** record_size_limit offered (RFC 8449), so a constrained server can ask for smaller records; 0 offers none. */
  recordSizeLimit: i32 = RECORD_SIZE_LIMIT;
}

/**
 * encodeClientHello returns the ClientHello handshake message, header included, offering `share` and echoing
 * `cookie` when a HelloRetryRequest sent one. It returns null when a parameter does not fit its field, which
 * config validation rules out before a connection starts.
 */
export function encodeClientHello(p: HelloParams, share: KeyShare, cookie: Uint8Array | null): Uint8Array | null {
  const w = new TlsWriter(512);
  w.u8(HandshakeType.ClientHello);
  const body = w.begin(3);
  w.u16(TLS_1_2).bytes(p.random); // legacy_version: 0x0303, the version lives in supported_versions
  const sid = w.begin(1);
  w.bytes(p.sessionId).end(sid);
  const suites = w.begin(2);
  for (let i = 0; i < p.suites.length; i++) w.u16(p.suites[i]);
  w.end(suites);
  w.u8(1).u8(0); // legacy_compression_methods: only "null"
  const exts = w.begin(2);
  if (p.serverName.length > 0) serverName(w, p.serverName);
  u16List(w, ExtensionType.SupportedGroups, p.groups);
  u16List(w, ExtensionType.SignatureAlgorithms, p.schemes);
  if (p.alpn.length > 0) alpn(w, p.alpn);
  supportedVersions(w);
  keyShare(w, share);
  if (p.recordSizeLimit > 0) {
    const r = extension(w, ExtensionType.RecordSizeLimit);
    w.u16(<u32>p.recordSizeLimit).end(r);
  }
  if (cookie !== null) {
    const c = extension(w, ExtensionType.Cookie);
    const v = w.begin(2);
    w.bytes(cookie).end(v).end(c);
  }
  w.end(exts).end(body);
  if (w.failed || p.random.length != RANDOM_BYTES || p.sessionId.length > 32) return null;
  return w.finish();
}

// Each extension is type, then its data with a 2-byte length; extension() returns the mark end() closes.
function extension(w: TlsWriter, type: ExtensionType): i32 {
  w.u16(type);
  return w.begin(2);
}

// RFC 6066 §3: ServerNameList of one host_name (type 0).
function serverName(w: TlsWriter, name: string): void {
  const e = extension(w, ExtensionType.ServerName);
  const list = w.begin(2);
  w.u8(0);
  const n = w.begin(2);
  w.bytes(utf8Encode(name)).end(n).end(list).end(e);
}

// supported_groups and signature_algorithms: a 2-byte-length list of u16 code points.
function u16List(w: TlsWriter, type: ExtensionType, values: Array<u16>): void {
  const e = extension(w, type);
  const list = w.begin(2);
  for (let i = 0; i < values.length; i++) w.u16(values[i]);
  w.end(list).end(e);
}

// RFC 7301 §3.1: ProtocolNameList of 1-byte-length names.
function alpn(w: TlsWriter, names: Array<string>): void {
  const e = extension(w, ExtensionType.Alpn);
  const list = w.begin(2);
  for (let i = 0; i < names.length; i++) {
    const n = w.begin(1);
    w.bytes(utf8Encode(names[i])).end(n);
  }
  w.end(list).end(e);
}

// RFC 8446 §4.2.1: TLS 1.3 only.
function supportedVersions(w: TlsWriter): void {
  const e = extension(w, ExtensionType.SupportedVersions);
  w.u8(2).u16(TLS_1_3).end(e);
}

// RFC 8446 §4.2.8: client_shares with one KeyShareEntry.
function keyShare(w: TlsWriter, share: KeyShare): void {
  const e = extension(w, ExtensionType.KeyShare);
  const list = w.begin(2);
  w.u16(share.group);
  const k = w.begin(2);
  w.bytes(share.publicKey).end(k).end(list).end(e);
}
