// TLS 1.3 code points (RFC 8446 §4, §5, Appendix B) and the limits this client holds peers to. Everything here is
// a wire value or a bound: no logic.

/** TLS_1_3 is the only version this client speaks (supported_versions, RFC 8446 §4.2.1). */
export const TLS_1_3: u16 = 0x0304;
/** TLS_1_2 is legacy_version in every hello and legacy_record_version in every record but the first. */
export const TLS_1_2: u16 = 0x0303;
/** TLS_1_0 is legacy_record_version of the first ClientHello, as RFC 8446 §5.1 permits, for old middleboxes. */
export const TLS_1_0: u16 = 0x0301;

/** RECORD_HEADER_BYTES is the TLSPlaintext / TLSCiphertext header: type, legacy version, length. */
export const RECORD_HEADER_BYTES: i32 = 5;
/** MAX_PLAINTEXT_BYTES is the largest record payload before protection: 2^14 (RFC 8446 §5.1). */
export const MAX_PLAINTEXT_BYTES: i32 = 1 << 14;
/** MAX_CIPHERTEXT_BYTES is the largest protected record payload: 2^14 + 256 (RFC 8446 §5.2). */
export const MAX_CIPHERTEXT_BYTES: i32 = (1 << 14) + 256;
/** RECORD_SIZE_LIMIT is the record_size_limit this client offers (RFC 8449 §4): a full record plus its type byte. */
export const RECORD_SIZE_LIMIT: i32 = MAX_PLAINTEXT_BYTES + 1;
/** MIN_RECORD_SIZE_LIMIT is the smallest record_size_limit a peer may ask for (RFC 8449 §4). */
export const MIN_RECORD_SIZE_LIMIT: i32 = 64;
/** HANDSHAKE_HEADER_BYTES is msg_type (1) and length (3) in front of every handshake message. */
export const HANDSHAKE_HEADER_BYTES: i32 = 4;
/** MAX_HANDSHAKE_BYTES bounds one handshake message: a Certificate chain of several large certificates fits. */
export const MAX_HANDSHAKE_BYTES: i32 = 128 * 1024;
/** MAX_CHAIN_CERTIFICATES bounds the server's certificate_list; x509 builds paths of depth 8 at most. */
export const MAX_CHAIN_CERTIFICATES: i32 = 10;
/** RANDOM_BYTES is the length of ClientHello.random and ServerHello.random. */
export const RANDOM_BYTES: i32 = 32;
/** AEAD_TAG_BYTES and AEAD_NONCE_BYTES are the same for the three cipher suites: 16 and 12. */
export const AEAD_TAG_BYTES: i32 = 16;
export const AEAD_NONCE_BYTES: i32 = 12;

/** ContentType of a record (RFC 8446 §5.1). */
export const enum ContentType {
  ChangeCipherSpec = 20,
  Alert = 21,
  Handshake = 22,
  ApplicationData = 23,
}

/** HandshakeType of a handshake message (RFC 8446 §4). */
export const enum HandshakeType {
  ClientHello = 1,
  ServerHello = 2,
  NewSessionTicket = 4,
  EndOfEarlyData = 5,
  EncryptedExtensions = 8,
  Certificate = 11,
  CertificateRequest = 13,
  CertificateVerify = 15,
  Finished = 20,
  KeyUpdate = 24,
  MessageHash = 254,
}

/** ExtensionType values this client sends or answers to (RFC 8446 §4.2, RFC 6066, RFC 7301, RFC 8449). */
export const enum ExtensionType {
  ServerName = 0,
  SupportedGroups = 10,
  SignatureAlgorithms = 13,
  Alpn = 16,
  RecordSizeLimit = 28,
  SupportedVersions = 43,
  Cookie = 44,
  KeyShare = 51,
}

/** NamedGroup values for key exchange (RFC 8446 §4.2.7). */
export const enum NamedGroup {
  Secp256r1 = 0x0017,
  X25519 = 0x001d,
}

/** CipherSuite values of the three suites this client implements (RFC 8446 Appendix B.4). */
export const enum CipherSuiteId {
  Aes128GcmSha256 = 0x1301,
  Aes256GcmSha384 = 0x1302,
  ChaCha20Poly1305Sha256 = 0x1303,
}

/** HRR_RANDOM is the ServerHello.random that marks a HelloRetryRequest: SHA-256("HelloRetryRequest"), §4.1.3. */
export const HRR_RANDOM: StaticArray<u8> = [
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/** handshakeName names a handshake message type for details, such as "Certificate (11)". */
export function handshakeName(type: u32): string {
  let name = "unknown message";
  switch (type) {
    case HandshakeType.ClientHello: name = "ClientHello"; break;
    case HandshakeType.ServerHello: name = "ServerHello"; break;
    case HandshakeType.NewSessionTicket: name = "NewSessionTicket"; break;
    case HandshakeType.EndOfEarlyData: name = "EndOfEarlyData"; break;
    case HandshakeType.EncryptedExtensions: name = "EncryptedExtensions"; break;
    case HandshakeType.Certificate: name = "Certificate"; break;
    case HandshakeType.CertificateRequest: name = "CertificateRequest"; break;
    case HandshakeType.CertificateVerify: name = "CertificateVerify"; break;
    case HandshakeType.Finished: name = "Finished"; break;
    case HandshakeType.KeyUpdate: name = "KeyUpdate"; break;
  }
  return name + " (" + type.toString() + ")";
}

/** groupName names a key exchange group, such as "x25519", or "group 0x0018" for others. */
export function groupName(group: u32): string {
  if (group == NamedGroup.X25519) return "x25519";
  if (group == NamedGroup.Secp256r1) return "secp256r1";
  return "group " + hex16(group);
}

/** hex16 formats a 16-bit code point as "0x1301". */
export function hex16(v: u32): string {
  const digits = (v & 0xffff).toString(16);
  return "0x" + "0000".slice(digits.length) + digits;
}
