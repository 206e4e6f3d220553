// The server's encrypted flight (RFC 8446 §4.3, §4.4) and post-handshake messages (§4.6), decoded and checked
// against what the ClientHello offered. Each parser returns null with `status` failed and the alert to send.

import { utf8DecodeLossy } from "../encoding/utf8";
import { AlertDescription } from "./alerts";
import {
  ExtensionType, HANDSHAKE_HEADER_BYTES, MAX_CHAIN_CERTIFICATES, MAX_PLAINTEXT_BYTES, MIN_RECORD_SIZE_LIMIT,
} from "./constants";
import { HelloParams } from "./client_hello";
import { printableText, TlsStatus } from "./status";
import { TlsReader } from "./wire";

// RFC 8446 §4.4.3: 64 spaces, the context string, a zero byte, then the transcript hash.
const SIGNATURE_PADDING: i32 = 64;
const SERVER_CONTEXT = "TLS 1.3, server CertificateVerify";

/** ServerExtensions are the server's answers in EncryptedExtensions that change how this client proceeds. */
export class ServerExtensions {
  /** alpn is the protocol the server chose, "" for none. */
  alpn: string = "";
  /** maxFragment is the largest record content the server accepts (record_size_limit less the type byte). */
  maxFragment: i32 = MAX_PLAINTEXT_BYTES;
}

/** CertificateVerifyMessage is a decoded CertificateVerify: the signature scheme and the signature. */
export class CertificateVerifyMessage {
  constructor(readonly scheme: u16, readonly signature: Uint8Array) {}
}

/**
 * parseEncryptedExtensions checks EncryptedExtensions (§4.3.1). Only answers to what was offered may appear (§4.2:
 * unsupported_extension otherwise); the chosen ALPN protocol must be one offered (RFC 7301 §3.2) and a
 * record_size_limit at least 64 (RFC 8449 §4).
 */
export function parseEncryptedExtensions(message: Uint8Array, offered: HelloParams,
  status: TlsStatus): ServerExtensions | null {
  const r = new TlsReader(message, HANDSHAKE_HEADER_BYTES);
  const exts = r.vec16();
  const out = new ServerExtensions();
  let seen: u32 = 0;
  while (!exts.failed && exts.remaining > 0) {
    const type = exts.u16();
    const data = exts.vec16();
    let bit: u32 = 0;
    if (type == ExtensionType.ServerName && offered.serverName.length > 0) {
      bit = 1; // RFC 6066 §3: the acknowledgement is empty
    } else if (type == ExtensionType.SupportedGroups) {
      bit = 2; // the server's preferences, for a later connection: nothing to do (§4.2.7)
      data.skip(data.remaining);
    } else if (type == ExtensionType.Alpn && offered.alpn.length > 0) {
      bit = 4;
      const chosen = readAlpn(data, offered, status);
      if (chosen === null) return null;
      out.alpn = chosen;
    } else if (type == ExtensionType.RecordSizeLimit && offered.recordSizeLimit > 0) {
      bit = 8;
      const limit = <i32>data.u16();
      if (!data.failed && limit < MIN_RECORD_SIZE_LIMIT) {
        status.fail(AlertDescription.IllegalParameter, "record_size_limit " + limit.toString() + " is below 64");
        return null;
      }
      out.maxFragment = min(MAX_PLAINTEXT_BYTES, limit - 1); // TLS 1.3 counts the content type byte (§4)
    } else {
      status.fail(AlertDescription.UnsupportedExtension,
        "EncryptedExtensions carries extension " + type.toString() + ", which was not offered");
      return null;
    }
    if ((seen & bit) != 0) {
      status.fail(AlertDescription.IllegalParameter,
        "duplicate extension " + type.toString() + " in EncryptedExtensions");
      return null;
    }
    seen |= bit;
    exts.absorb(data);
  }
  r.absorb(exts);
  if (!r.done) {
    status.fail(AlertDescription.DecodeError, "malformed EncryptedExtensions");
    return null;
  }
  return out;
}

/**
 * parseCertificate decodes the server's Certificate (§4.4.2) into its DER certificates, leaf first. The context
 * must be empty, the list must not be (decode_error, §4.4.2.4), and no entry may carry extensions, as this client
 * requests neither OCSP stapling nor SCTs.
 */
export function parseCertificate(message: Uint8Array, status: TlsStatus): Array<Uint8Array> | null {
  const r = new TlsReader(message, HANDSHAKE_HEADER_BYTES);
  const context = r.vec8();
  const list = r.vec24();
  const chain = new Array<Uint8Array>();
  while (!list.failed && list.remaining > 0) {
    const der = list.vec24().rest();
    const exts = list.vec16();
    if (exts.remaining > 0) {
      status.fail(AlertDescription.UnsupportedExtension,
        "Certificate entry carries extensions, which were not requested");
      return null;
    }
    if (der.length == 0) list.failed = true; // cert_data<1..2^24-1>
    chain.push(der);
    if (chain.length > MAX_CHAIN_CERTIFICATES) {
      status.fail(AlertDescription.BadCertificate,
        "the server sent more than " + MAX_CHAIN_CERTIFICATES.toString() + " certificates");
      return null;
    }
  }
  r.absorb(list);
  if (!r.done || context.remaining != 0) {
    status.fail(AlertDescription.DecodeError, "malformed Certificate");
    return null;
  }
  if (chain.length == 0) {
    status.fail(AlertDescription.DecodeError, "the server sent no certificate");
    return null;
  }
  return chain;
}

/** parseCertificateVerify decodes a CertificateVerify (§4.4.3); the engine checks the scheme and signature. */
export function parseCertificateVerify(message: Uint8Array, status: TlsStatus): CertificateVerifyMessage | null {
  const r = new TlsReader(message, HANDSHAKE_HEADER_BYTES);
  const scheme = <u16>r.u16();
  const signature = r.vec16().rest();
  if (!r.done) {
    status.fail(AlertDescription.DecodeError, "malformed CertificateVerify");
    return null;
  }
  return new CertificateVerifyMessage(scheme, signature);
}

/**
 * parseCertificateRequest decodes a CertificateRequest (§4.3.2) and returns its certificate_request_context, which
 * the empty Certificate this client answers with must echo. The extensions are not needed for that answer.
 */
export function parseCertificateRequest(message: Uint8Array, status: TlsStatus): Uint8Array | null {
  const r = new TlsReader(message, HANDSHAKE_HEADER_BYTES);
  const context = r.vec8().rest();
  const exts = r.vec16();
  exts.skip(exts.remaining);
  r.absorb(exts);
  if (!r.done) {
    status.fail(AlertDescription.DecodeError, "malformed CertificateRequest");
    return null;
  }
  return context;
}

/** parseKeyUpdate returns request_update of a KeyUpdate (§4.6.3): 0 not requested, 1 requested; -1 on failure. */
export function parseKeyUpdate(message: Uint8Array, status: TlsStatus): i32 {
  const r = new TlsReader(message, HANDSHAKE_HEADER_BYTES);
  const request = r.u8();
  if (!r.done) return failInt(status, AlertDescription.DecodeError, "malformed KeyUpdate");
  if (request > 1) {
    return failInt(status, AlertDescription.IllegalParameter, "KeyUpdate with request_update " + request.toString());
  }
  return <i32>request;
}

/** serverSignedContent is what the server's CertificateVerify signs over transcriptHash (§4.4.3). */
export function serverSignedContent(transcriptHash: Uint8Array): Uint8Array {
  const context = String.UTF8.encode(SERVER_CONTEXT);
  const out = new Uint8Array(SIGNATURE_PADDING + context.byteLength + 1 + transcriptHash.length);
  out.fill(0x20, 0, SIGNATURE_PADDING);
  memory.copy(out.dataStart + <usize>SIGNATURE_PADDING, changetype<usize>(context), <usize>context.byteLength);
  out.set(transcriptHash, SIGNATURE_PADDING + context.byteLength + 1); // the zero separator is already there
  return out;
}

// RFC 7301 §3.1: ProtocolNameList with exactly one name in a server's answer.
function readAlpn(data: TlsReader, offered: HelloParams, status: TlsStatus): string | null {
  const list = data.vec16();
  const name = list.vec8().rest();
  data.absorb(list);
  if (!list.done || name.length == 0) {
    status.fail(AlertDescription.DecodeError, "malformed ALPN answer");
    return null;
  }
  const chosen = utf8DecodeLossy(name);
  for (let i = 0; i < offered.alpn.length; i++) {
    if (offered.alpn[i] == chosen) return chosen;
  }
  status.fail(AlertDescription.IllegalParameter,
    "the server chose ALPN protocol \"" + printableText(chosen) + "\", which was not offered");
  return null;
}

function failInt(status: TlsStatus, alert: i32, detail: string): i32 {
  status.fail(alert, detail);
  return -1;
}
