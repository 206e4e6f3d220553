// TLS alerts (RFC 8446 §6): the descriptions this client sends and the text an operator reads for one received.
// In TLS 1.3 every alert but close_notify and user_canceled ends the connection; AlertLevel is legacy.

/** AlertDescription values (RFC 8446 §6, RFC 7301 §3.2). */
export const enum AlertDescription {
  CloseNotify = 0,
  UnexpectedMessage = 10,
  BadRecordMac = 20,
  RecordOverflow = 22,
  HandshakeFailure = 40,
  BadCertificate = 42,
  UnsupportedCertificate = 43,
  CertificateRevoked = 44,
  CertificateExpired = 45,
  CertificateUnknown = 46,
  IllegalParameter = 47,
  UnknownCa = 48,
  AccessDenied = 49,
  DecodeError = 50,
  DecryptError = 51,
  ProtocolVersion = 70,
  InsufficientSecurity = 71,
  InternalError = 80,
  InappropriateFallback = 86,
  UserCanceled = 90,
  MissingExtension = 109,
  UnsupportedExtension = 110,
  UnrecognizedName = 112,
  BadCertificateStatusResponse = 113,
  UnknownPskIdentity = 115,
  CertificateRequired = 116,
  NoApplicationProtocol = 120,
}

/** ALERT_LEVEL_WARNING and ALERT_LEVEL_FATAL are AlertLevel; TLS 1.3 sends fatal for all but close_notify. */
export const ALERT_LEVEL_WARNING: u8 = 1;
export const ALERT_LEVEL_FATAL: u8 = 2;

/** alertName returns the RFC name of an alert description, such as "handshake_failure", or "alert N". */
export function alertName(d: u32): string {
  switch (d) {
    case AlertDescription.CloseNotify: return "close_notify";
    case AlertDescription.UnexpectedMessage: return "unexpected_message";
    case AlertDescription.BadRecordMac: return "bad_record_mac";
    case AlertDescription.RecordOverflow: return "record_overflow";
    case AlertDescription.HandshakeFailure: return "handshake_failure";
    case AlertDescription.BadCertificate: return "bad_certificate";
    case AlertDescription.UnsupportedCertificate: return "unsupported_certificate";
    case AlertDescription.CertificateRevoked: return "certificate_revoked";
    case AlertDescription.CertificateExpired: return "certificate_expired";
    case AlertDescription.CertificateUnknown: return "certificate_unknown";
    case AlertDescription.IllegalParameter: return "illegal_parameter";
    case AlertDescription.UnknownCa: return "unknown_ca";
    case AlertDescription.AccessDenied: return "access_denied";
    case AlertDescription.DecodeError: return "decode_error";
    case AlertDescription.DecryptError: return "decrypt_error";
    case AlertDescription.ProtocolVersion: return "protocol_version";
    case AlertDescription.InsufficientSecurity: return "insufficient_security";
    case AlertDescription.InternalError: return "internal_error";
    case AlertDescription.InappropriateFallback: return "inappropriate_fallback";
    case AlertDescription.UserCanceled: return "user_canceled";
    case AlertDescription.MissingExtension: return "missing_extension";
    case AlertDescription.UnsupportedExtension: return "unsupported_extension";
    case AlertDescription.UnrecognizedName: return "unrecognized_name";
    case AlertDescription.BadCertificateStatusResponse: return "bad_certificate_status_response";
    case AlertDescription.UnknownPskIdentity: return "unknown_psk_identity";
    case AlertDescription.CertificateRequired: return "certificate_required";
    case AlertDescription.NoApplicationProtocol: return "no_application_protocol";
  }
  return "alert " + d.toString();
}

/**
 * receivedAlertDetail is the detail for a fatal alert from the server: "server alert: handshake_failure (40)",
 * followed, for the alerts whose usual cause is known, by that cause in words an operator can act on.
 */
export function receivedAlertDetail(d: u32): string {
  const base = "server alert: " + alertName(d) + " (" + d.toString() + ")";
  const hint = alertHint(d);
  return hint.length > 0 ? base + ": " + hint : base;
}

function alertHint(d: u32): string {
  switch (d) {
    case AlertDescription.HandshakeFailure:
      return "handshake failure: no shared cipher suite, key exchange group or signature scheme";
    case AlertDescription.ProtocolVersion: return "the server does not speak TLS 1.3 (only TLS 1.3 is supported)";
    case AlertDescription.UnrecognizedName: return "the server has no certificate for the requested server name";
    case AlertDescription.NoApplicationProtocol: return "the server supports none of the offered ALPN protocols";
    case AlertDescription.CertificateRequired: return "the server requires a client certificate";
    case AlertDescription.InsufficientSecurity: return "the server refused every offered parameter as too weak";
  }
  return "";
}
