// The client side of the TLS 1.3 full handshake (RFC 8446 §2, §4) as a state machine over whole handshake
// messages: ClientHello, an optional HelloRetryRequest, ServerHello, then the encrypted flight EncryptedExtensions,
// [CertificateRequest], Certificate, CertificateVerify, Finished, answered by [Certificate] and Finished.

import { constantTimeEqual } from "../crypto/ct";
import { AlertDescription } from "./alerts";
import { ContentType, groupName, handshakeName, HandshakeType, hex16, TLS_1_0, TLS_1_2, TLS_1_3 } from "./constants";
import { HelloOffer, HelloOut } from "./hello_offer";
import { finishedVerifyData, KeySchedule, nextTrafficSecret } from "./key_schedule";
import { isSupportedGroup, KeyShare } from "./key_share";
import { RecordLayer } from "./record_layer";
import { RecordProtection } from "./record_protection";
import {
  parseCertificate, parseCertificateRequest, parseCertificateVerify, parseEncryptedExtensions, parseKeyUpdate,
  serverSignedContent,
} from "./server_messages";
import { NO_EXTENSION, parseServerHello, ServerHello, versionName } from "./server_hello";
import { TlsStatus } from "./status";
import { cipherSuite, CipherSuite, suiteName } from "./suites";
import { Transcript } from "./transcript";
import { PeerVerifier } from "./verifier";

/** HandshakeState is where the client stands: which message it waits for next. */
export const enum HandshakeState {
  Start = 0,
  WaitServerHello = 1,
  WaitEncryptedExtensions = 2,
  WaitCertificateOrRequest = 3,
  WaitCertificate = 4,
  WaitCertificateVerify = 5,
  WaitFinished = 6,
  Connected = 7,
}

/**
 * ClientHandshake drives one full handshake over the record layer it extends. begin() queues the ClientHello;
 * each complete handshake message then goes to handleMessage(). Once `connected`, it keeps answering KeyUpdate
 * and ignores NewSessionTicket. Server authentication is the verifier's.
 */
export class ClientHandshake extends RecordLayer {
  state: HandshakeState = HandshakeState.Start;
  /** What was negotiated, for callers and logs: the suite, the group, the ALPN protocol ("" for none). */
  suite: CipherSuite | null = null;
  group: u16 = 0;
  alpn: string = "";
  /** helloRetried: the server asked for another key share; keyUpdates counts server KeyUpdates honoured. */
  helloRetried: bool = false;
  keyUpdates: i32 = 0;
  /** certificateRequested: the server asked for a client certificate, and got an empty Certificate. */
  certificateRequested: bool = false;
  /** keysChanged is set when a message switched the read keys: the next bytes must start a new record. */
  protected keysChanged: bool = false;
  private transcript: Transcript = new Transcript();
  private schedule: KeySchedule | null = null;
  private share: KeyShare | null = null;
  private requestContext: Uint8Array | null = null;
  private clientSecret: Uint8Array = new Uint8Array(0);
  private serverSecret: Uint8Array = new Uint8Array(0);
  private parse: TlsStatus = new TlsStatus();

  constructor(private offer: HelloOffer, private verifier: PeerVerifier) {
    super();
  }

  /** connected says whether the handshake completed: application data may flow. */
  get connected(): bool { return this.state == HandshakeState.Connected && !this.failed; }

  /** begin queues the first ClientHello; false if it cannot be built (no randomness from the host). */
  begin(): bool {
    const hello = this.offer.first();
    if (hello === null) {
      return this.fail(AlertDescription.InternalError,
        "could not build a ClientHello: no randomness from the host");
    }
    this.sendHello(hello, TLS_1_0); // RFC 8446 §5.1: the first ClientHello's record may say 0x0301
    this.state = HandshakeState.WaitServerHello;
    return true;
  }

  /** handleMessage processes one complete handshake message (header included) in the current state. */
  protected handleMessage(message: Uint8Array): bool {
    const type = <u32>message[0]; // the engine only passes messages with a complete 4-byte header
    this.keysChanged = false;
    this.parse = new TlsStatus();
    switch (this.state) {
      case HandshakeState.WaitServerHello:
        if (type == HandshakeType.ServerHello) return this.onServerHello(message);
        break;
      case HandshakeState.WaitEncryptedExtensions:
        if (type == HandshakeType.EncryptedExtensions) return this.onEncryptedExtensions(message);
        break;
      case HandshakeState.WaitCertificateOrRequest:
        if (type == HandshakeType.CertificateRequest) return this.onCertificateRequest(message);
        if (type == HandshakeType.Certificate) return this.onCertificate(message);
        break;
      case HandshakeState.WaitCertificate:
        if (type == HandshakeType.Certificate) return this.onCertificate(message);
        break;
      case HandshakeState.WaitCertificateVerify:
        if (type == HandshakeType.CertificateVerify) return this.onCertificateVerify(message);
        break;
      case HandshakeState.WaitFinished:
        if (type == HandshakeType.Finished) return this.onFinished(message);
        break;
      case HandshakeState.Connected:
        if (type == HandshakeType.NewSessionTicket) return true; // no resumption: tickets are of no use (§4.6.1)
        if (type == HandshakeType.KeyUpdate) return this.onKeyUpdate(message);
        break;
    }
    return this.fail(AlertDescription.UnexpectedMessage,
      "unexpected message: " + handshakeName(type) + " while waiting for " + this.expected());
  }

  private onServerHello(message: Uint8Array): bool {
    const sh = parseServerHello(message, this.parse);
    if (sh === null) return this.failParse();
    if (!this.checkServerHello(sh)) return false;
    if (sh.retry) return this.onHelloRetryRequest(sh, message);
    const suite = cipherSuite(sh.suite)!; // checkServerHello: an offered, hence implemented, suite
    const share = this.share!; // begin() set it
    if (sh.group != <u32>share.group) {
      return this.fail(AlertDescription.IllegalParameter,
        "the server's key share is for " + groupName(sh.group) + ", the ClientHello offered " + groupName(share.group));
    }
    const shared = share.shared(sh.keyExchange);
    if (shared === null) {
      return this.fail(AlertDescription.IllegalParameter,
        "the server's " + groupName(sh.group) + " key share is invalid");
    }
    if (!this.helloRetried) this.transcript.select(suite.hash);
    this.transcript.add(message);
    const schedule = new KeySchedule(suite.hash);
    schedule.handshake(shared, this.transcript.current());
    shared.fill(0);
    this.suite = suite;
    this.group = share.group;
    this.schedule = schedule;
    this.clientSecret = schedule.clientHandshakeSecret;
    this.serverSecret = schedule.serverHandshakeSecret;
    if (!this.switchKeys(this.clientSecret, this.serverSecret)) return false;
    this.state = HandshakeState.WaitEncryptedExtensions;
    return true;
  }

  // RFC 8446 §4.1.3, §4.1.4: what a ServerHello and a HelloRetryRequest must say, in the order a server most
  // likely gets wrong first: the version (an old server), then extensions, echo, suite and compression.
  private checkServerHello(sh: ServerHello): bool {
    const what = sh.retry ? "HelloRetryRequest" : "ServerHello";
    if (sh.version == 0) {
      return this.fail(AlertDescription.ProtocolVersion,
        "server chose " + versionName(sh.legacyVersion) + " (only TLS 1.3 is supported)");
    }
    if (sh.version != TLS_1_3 || sh.legacyVersion != TLS_1_2) {
      return this.fail(AlertDescription.IllegalParameter,
        "server chose " + versionName(sh.version) + " in supported_versions (only TLS 1.3 was offered)");
    }
    if (sh.unexpectedExtension != NO_EXTENSION) {
      return this.fail(AlertDescription.UnsupportedExtension,
        what + " carries extension " + sh.unexpectedExtension.toString() + ", which was not offered");
    }
    const p = this.offer.params;
    if (!constantTimeEqual(sh.sessionId, p.sessionId)) {
      return this.fail(AlertDescription.IllegalParameter, what + " does not echo the session id");
    }
    if (!p.suites.includes(<u16>sh.suite) || cipherSuite(sh.suite) === null) {
      return this.fail(AlertDescription.IllegalParameter,
        "server chose " + suiteName(sh.suite) + ", which was not offered");
    }
    if (sh.compression != 0) {
      return this.fail(AlertDescription.IllegalParameter,
        what + " chose compression " + sh.compression.toString());
    }
    if (this.helloRetried && this.suite !== null && <u32>this.suite!.id != sh.suite) {
      return this.fail(AlertDescription.IllegalParameter,
        "ServerHello chose " + suiteName(sh.suite) + " after the HelloRetryRequest chose " + this.suite!.name);
    }
    if (!sh.retry && sh.keyExchange.length == 0) {
      return this.fail(AlertDescription.MissingExtension,
        "ServerHello has no key share");
    }
    return true;
  }

  // RFC 8446 §4.1.4: one retry at most; the group must be offered and not the one already shared; then the
  // transcript restarts from message_hash(ClientHello1) (§4.4.1).
  private onHelloRetryRequest(sh: ServerHello, message: Uint8Array): bool {
    if (this.helloRetried) {
      return this.fail(AlertDescription.UnexpectedMessage,
        "unexpected message: a second HelloRetryRequest");
    }
    const previous = this.share!; // begin() set it
    const group = <u16>sh.group;
    if (group != 0) {
      if (!this.offer.params.groups.includes(group) || !isSupportedGroup(group)) {
        return this.fail(AlertDescription.IllegalParameter,
          "HelloRetryRequest asks for " + groupName(group) + ", which was not offered");
      }
      if (group == previous.group) {
        return this.fail(AlertDescription.IllegalParameter,
          "HelloRetryRequest asks for " + groupName(group) + ", which the ClientHello already shared");
      }
    } else if (sh.cookie === null) {
      return this.fail(AlertDescription.IllegalParameter, "HelloRetryRequest would change nothing in the ClientHello");
    }
    const suite = cipherSuite(sh.suite)!; // checkServerHello
    this.helloRetried = true;
    this.suite = suite;
    this.transcript.select(suite.hash);
    this.transcript.replaceWithMessageHash();
    this.transcript.add(message);
    const hello = this.offer.retry(group, sh.cookie, previous);
    if (hello === null) {
      return this.fail(AlertDescription.InternalError,
        "could not build the second ClientHello for " + groupName(group));
    }
    this.sendHello(hello, TLS_1_2);
    return true;
  }

  private onEncryptedExtensions(message: Uint8Array): bool {
    const exts = parseEncryptedExtensions(message, this.offer.params, this.parse);
    if (exts === null) return this.failParse();
    this.alpn = exts.alpn;
    this.maxFragment = exts.maxFragment;
    this.transcript.add(message);
    this.state = HandshakeState.WaitCertificateOrRequest;
    return true;
  }

  private onCertificateRequest(message: Uint8Array): bool {
    const context = parseCertificateRequest(message, this.parse);
    if (context === null) return this.failParse();
    this.requestContext = context;
    this.certificateRequested = true;
    this.transcript.add(message);
    this.state = HandshakeState.WaitCertificate;
    return true;
  }

  private onCertificate(message: Uint8Array): bool {
    const chain = parseCertificate(message, this.parse);
    if (chain === null) return this.failParse();
    if (!this.verifier.checkChain(chain, this.parse)) return this.failParse();
    this.transcript.add(message);
    this.state = HandshakeState.WaitCertificateVerify;
    return true;
  }

  // RFC 8446 §4.4.3: the scheme must be one offered, and the signature covers the transcript through Certificate.
  private onCertificateVerify(message: Uint8Array): bool {
    const cv = parseCertificateVerify(message, this.parse);
    if (cv === null) return this.failParse();
    if (!this.offer.params.schemes.includes(cv.scheme)) {
      return this.fail(AlertDescription.IllegalParameter,
        "CertificateVerify uses signature scheme " + hex16(cv.scheme) + ", which was not offered");
    }
    if (isPkcs1(cv.scheme)) {
      const scheme = hex16(cv.scheme);
      return this.fail(AlertDescription.IllegalParameter,
        "CertificateVerify uses RSA PKCS #1 v1.5 (" + scheme + "), which TLS 1.3 allows only in certificates");
    }
    const content = serverSignedContent(this.transcript.current());
    if (!this.verifier.checkSignature(cv.scheme, content, cv.signature)) {
      return this.fail(AlertDescription.DecryptError,
        "bad CertificateVerify: the signature does not match the certificate's key");
    }
    this.transcript.add(message);
    this.state = HandshakeState.WaitFinished;
    return true;
  }

  // RFC 8446 §4.4.4: verify the server's Finished in constant time, derive the application secrets over the
  // transcript through it, then answer with [Certificate] and Finished under the client handshake keys.
  private onFinished(message: Uint8Array): bool {
    const schedule = this.schedule!; // set with the ServerHello
    const hash = schedule.hash;
    const expected = finishedVerifyData(hash, this.serverSecret, this.transcript.current());
    const got = message.subarray(4);
    if (got.length != expected.length) return this.fail(AlertDescription.DecodeError, "malformed Finished");
    if (!constantTimeEqual(expected, got)) {
      return this.fail(AlertDescription.DecryptError,
        "bad Finished: the server's verify_data does not match the handshake");
    }
    this.transcript.add(message);
    schedule.application(this.transcript.current());
    const clientHandshakeSecret = this.clientSecret;
    this.clientSecret = schedule.clientApplicationSecret;
    this.serverSecret = schedule.serverApplicationSecret;
    if (!this.switchRead(this.serverSecret)) return false;
    const context = this.requestContext;
    if (context !== null) this.sendHandshake(emptyCertificate(context));
    const verifyData = finishedVerifyData(hash, clientHandshakeSecret, this.transcript.current());
    this.sendHandshake(handshakeMessage(HandshakeType.Finished, verifyData));
    if (!this.switchWrite(this.clientSecret)) return false;
    this.ccsAllowed = false;
    this.plaintextAlertsAllowed = false;
    this.state = HandshakeState.Connected;
    return true;
  }

  // RFC 8446 §4.6.3: the server's next records use the updated secret; update_requested asks for ours too.
  private onKeyUpdate(message: Uint8Array): bool {
    const request = parseKeyUpdate(message, this.parse);
    if (request < 0) return this.failParse();
    const hash = this.schedule!.hash; // Connected implies a schedule
    this.serverSecret = nextTrafficSecret(hash, this.serverSecret);
    if (!this.switchRead(this.serverSecret)) return false;
    this.keyUpdates++;
    if (request == 1) {
      const answer = new Uint8Array(1); // update_not_requested
      this.writeRecord(ContentType.Handshake, handshakeMessage(HandshakeType.KeyUpdate, answer));
      this.clientSecret = nextTrafficSecret(hash, this.clientSecret);
      return this.switchWrite(this.clientSecret);
    }
    return true;
  }

  private sendHello(hello: HelloOut, recordVersion: u16): void {
    this.share = hello.share;
    this.transcript.add(hello.message);
    this.writeRecord(ContentType.Handshake, hello.message, recordVersion);
  }

  private sendHandshake(message: Uint8Array): void {
    this.transcript.add(message);
    this.writeRecord(ContentType.Handshake, message);
  }

  private switchKeys(client: Uint8Array, server: Uint8Array): bool {
    return this.switchRead(server) && this.switchWrite(client);
  }

  private switchRead(secret: Uint8Array): bool {
    const p = RecordProtection.fromSecret(this.suite!, secret);
    if (p === null) return this.fail(AlertDescription.InternalError, "could not key the record layer");
    this.setReadProtection(p);
    this.keysChanged = true;
    return true;
  }

  private switchWrite(secret: Uint8Array): bool {
    const p = RecordProtection.fromSecret(this.suite!, secret);
    if (p === null) return this.fail(AlertDescription.InternalError, "could not key the record layer");
    this.setWriteProtection(p);
    return true;
  }

  private failParse(): bool {
    return this.fail(this.parse.alert, this.parse.detail);
  }

  private expected(): string {
    switch (this.state) {
      case HandshakeState.WaitServerHello: return "ServerHello";
      case HandshakeState.WaitEncryptedExtensions: return "EncryptedExtensions";
      case HandshakeState.WaitCertificateOrRequest: return "Certificate or CertificateRequest";
      case HandshakeState.WaitCertificate: return "Certificate";
      case HandshakeState.WaitCertificateVerify: return "CertificateVerify";
      case HandshakeState.WaitFinished: return "Finished";
    }
    return "application data";
  }
}

// RFC 8446 §4.4.3: rsa_pkcs1_* (0x0201 to 0x0601) are offered for certificate signatures, never for CertificateVerify.
function isPkcs1(scheme: u16): bool {
  return (scheme & 0xff) == 0x01 && scheme >= 0x0201 && scheme <= 0x0601;
}

// A handshake message: type, uint24 length, body.
function handshakeMessage(type: HandshakeType, body: Uint8Array): Uint8Array {
  const m = new Uint8Array(4 + body.length);
  m[0] = <u8>type;
  m[1] = <u8>(body.length >> 16);
  m[2] = <u8>(body.length >> 8);
  m[3] = <u8>body.length;
  m.set(body, 4);
  return m;
}

// RFC 8446 §4.4.2: the answer to a CertificateRequest when there is no client certificate: the request's
// context and an empty certificate_list. No CertificateVerify follows (§4.4.3).
function emptyCertificate(context: Uint8Array): Uint8Array {
  const body = new Uint8Array(1 + context.length + 3);
  body[0] = <u8>context.length;
  body.set(context, 1);
  return handshakeMessage(HandshakeType.Certificate, body);
}
