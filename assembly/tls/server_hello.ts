// ServerHello and HelloRetryRequest (RFC 8446 §4.1.3, §4.1.4): one wire format, told apart by the random. This
// file only decodes; the engine checks the choices against what the ClientHello offered.

import { AlertDescription } from "./alerts";
import { ExtensionType, HANDSHAKE_HEADER_BYTES, hex16, HRR_RANDOM, RANDOM_BYTES } from "./constants";
import { TlsStatus } from "./status";
import { TlsReader } from "./wire";

/** NO_EXTENSION marks that every extension of a message was one this client offered. */
export const NO_EXTENSION: i32 = -1;

/** ServerHello is a decoded ServerHello or HelloRetryRequest (`retry`). */
export class ServerHello {
  retry: bool = false;
  legacyVersion: u32 = 0;
  sessionId: Uint8Array = new Uint8Array(0);
  suite: u32 = 0;
  compression: u32 = 0;
  /** supported_versions' selected_version, 0 when the extension is absent (a TLS 1.2 or older server). */
  version: u32 = 0;
  /** key_share: the server's group (ServerHello) or selected_group (HelloRetryRequest); 0 when absent. */
  group: u32 = 0;
  keyExchange: Uint8Array = new Uint8Array(0);
  /** cookie of a HelloRetryRequest, null when absent. */
  cookie: Uint8Array | null = null;
  /** The first extension this client did not offer, or NO_EXTENSION (RFC 8446 §4.2: unsupported_extension). */
  unexpectedExtension: i32 = NO_EXTENSION;
}

/**
 * parseServerHello decodes a ServerHello message (header included). It returns null with status failed for a
 * message that does not parse (decode_error) or repeats an extension (illegal_parameter).
 */
export function parseServerHello(message: Uint8Array, status: TlsStatus): ServerHello | null {
  const r = new TlsReader(message, HANDSHAKE_HEADER_BYTES);
  const sh = new ServerHello();
  sh.legacyVersion = r.u16();
  const random = r.copy(RANDOM_BYTES);
  sh.retry = isRetryRandom(random);
  const sid = r.vec8();
  sh.sessionId = sid.rest();
  sh.suite = r.u16();
  sh.compression = r.u8();
  // A TLS 1.2 ServerHello may end here: its extensions are optional (RFC 5246 §7.4.1.3).
  if (!r.failed && r.remaining > 0) {
    const exts = r.vec16();
    if (!readExtensions(exts, sh, status)) return null;
    r.absorb(exts);
  }
  if (!r.done || sh.sessionId.length > 32) {
    status.fail(AlertDescription.DecodeError, "malformed " + (sh.retry ? "HelloRetryRequest" : "ServerHello"));
    return null;
  }
  return sh;
}

/** versionName names a legacy_version such as 0x0303 "TLS 1.2", for the refusal of older servers. */
export function versionName(v: u32): string {
  if (v == 0x0303) return "TLS 1.2";
  if (v == 0x0302) return "TLS 1.1";
  if (v == 0x0301) return "TLS 1.0";
  if (v == 0x0300) return "SSL 3.0";
  return "version " + hex16(v);
}

function isRetryRandom(random: Uint8Array): bool {
  if (random.length != RANDOM_BYTES) return false;
  for (let i = 0; i < RANDOM_BYTES; i++) {
    if (random[i] != HRR_RANDOM[i]) return false;
  }
  return true;
}

function readExtensions(r: TlsReader, sh: ServerHello, status: TlsStatus): bool {
  let seen: u32 = 0; // one bit per known extension, for the duplicate rule of RFC 8446 §4.2
  while (!r.failed && r.remaining > 0) {
    const type = r.u16();
    const data = r.vec16();
    let bit: u32 = 0;
    if (type == ExtensionType.SupportedVersions) {
      bit = 1;
      sh.version = data.u16();
    } else if (type == ExtensionType.KeyShare) {
      bit = 2;
      sh.group = data.u16();
      if (!sh.retry) sh.keyExchange = data.vec16().rest();
    } else if (type == ExtensionType.Cookie && sh.retry) {
      bit = 4;
      const cookie = data.vec16().rest();
      if (cookie.length == 0) data.failed = true; // cookie<1..2^16-1>
      sh.cookie = cookie;
    } else {
      if (sh.unexpectedExtension == NO_EXTENSION) sh.unexpectedExtension = <i32>type;
      data.skip(data.remaining);
    }
    if (bit != 0 && (seen & bit) != 0) {
      return status.fail(AlertDescription.IllegalParameter,
        "duplicate extension " + type.toString() + " in ServerHello");
    }
    seen |= bit;
    r.absorb(data);
  }
  return true;
}
