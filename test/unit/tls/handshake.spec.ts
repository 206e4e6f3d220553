// The client state machine (assembly/tls/engine.ts) driven without sockets: RFC 8448 §3 and §5 replayed byte for
// byte, then every way a server can break the handshake, each refused with the alert RFC 8446 names and a detail.
import { ContentType } from "../../../assembly/tls/constants";
import { TlsEngine } from "../../../assembly/tls/engine";
import { nextTrafficSecret } from "../../../assembly/tls/key_schedule";
import { TlsHash } from "../../../assembly/tls/suites";
import { concat, hex, toHex } from "../crypto/helpers";
import {
  S3_CERTIFICATE, S3_CERTIFICATE_VERIFY, S3_CLIENT_ALERT_RECORD, S3_CLIENT_AP_SECRET, S3_CLIENT_DATA_RECORD,
  S3_CLIENT_FINISHED_RECORD, S3_CLIENT_HELLO_RECORD, S3_CLIENT_HS_SECRET, S3_ENCRYPTED_EXTENSIONS,
  S3_SERVER_ALERT_RECORD, S3_SERVER_AP_SECRET, S3_SERVER_DATA_RECORD, S3_SERVER_FINISHED, S3_SERVER_FLIGHT_RECORD,
  S3_SERVER_HELLO, S3_SERVER_HELLO_RECORD, S3_SERVER_HS_SECRET, S3_TICKET_RECORD, S5_CLIENT_FINISHED_RECORD,
  S5_CLIENT_HELLO_2, S5_COOKIE, S5_HELLO_RETRY_REQUEST, S5_SERVER_FLIGHT_RECORD, S5_SERVER_HELLO,
} from "./rfc8448";
import { connectedS3, feedAll, plain, s3Offer, s5Offer, Sealer, started, takeOut, TraceVerifier } from "./trace";

const DATA_50 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031";

/** serverFlight seals the given messages as the server's encrypted flight of §3. */
function serverFlight(messages: string): Uint8Array {
  return new Sealer(S3_SERVER_HS_SECRET).seal(ContentType.Handshake, messages);
}

const S3_FLIGHT_AFTER_EE = S3_CERTIFICATE + S3_CERTIFICATE_VERIFY + S3_SERVER_FINISHED;

describe("RFC 8448 §3 replayed through the engine", () => {
  it("sends the trace's ClientHello in a record whose legacy version is 0x0301", () => {
    const e = new TlsEngine(s3Offer(), new TraceVerifier());
    expect(e.begin()).toBe(true);
    expect(toHex(takeOut(e))).toBe(S3_CLIENT_HELLO_RECORD);
  });

  it("answers the server's flight with the trace's encrypted Finished, byte for byte", () => {
    const e = started(s3Offer());
    feedAll(e, hex(S3_SERVER_HELLO_RECORD + S3_SERVER_FLIGHT_RECORD));
    expect(e.status.detail).toBe("");
    expect(e.connected).toBe(true);
    expect(toHex(takeOut(e))).toBe(S3_CLIENT_FINISHED_RECORD);
  });

  it("asks the verifier about the one certificate and has it check what the CertificateVerify signs", () => {
    const v = new TraceVerifier();
    const e = started(s3Offer(), v);
    feedAll(e, hex(S3_SERVER_HELLO_RECORD + S3_SERVER_FLIGHT_RECORD));
    expect(v.chainLength).toBe(1);
    expect(v.scheme).toBe(0x0804);
    const content = v.signedContent;
    expect(content.length).toBe(64 + 33 + 1 + 32);
    for (let i = 0; i < 64; i++) expect(content[i]).toBe(0x20);
    expect(String.UTF8.decode(content.slice(64, 97).buffer)).toBe("TLS 1.3, server CertificateVerify");
    expect(content[97]).toBe(0);
  });

  it("negotiates TLS_AES_128_GCM_SHA256 over x25519, without retry or ALPN", () => {
    const e = connectedS3();
    expect(e.suite!.name).toBe("TLS_AES_128_GCM_SHA256");
    expect(e.group).toBe(0x001d);
    expect(e.helloRetried).toBe(false);
    expect(e.alpn).toBe("");
  });

  it("seals the client's 50 bytes into the trace's application data record", () => {
    const e = connectedS3();
    const data = hex(DATA_50);
    expect(e.writeApplication(data.dataStart, data.length)).toBe(true);
    expect(toHex(takeOut(e))).toBe(S3_CLIENT_DATA_RECORD);
  });

  it("skips the NewSessionTicket and decrypts the server's 50 bytes", () => {
    const e = connectedS3();
    expect(toHex(feedAll(e, hex(S3_TICKET_RECORD + S3_SERVER_DATA_RECORD)))).toBe(DATA_50);
    expect(e.failed).toBe(false);
  });

  it("sends the trace's close_notify and reads the server's as the end of the stream", () => {
    const e = connectedS3();
    const data = hex(DATA_50);
    e.writeApplication(data.dataStart, data.length);
    takeOut(e);
    e.closeNotify();
    expect(toHex(takeOut(e))).toBe(S3_CLIENT_ALERT_RECORD);
    feedAll(e, hex(S3_TICKET_RECORD + S3_SERVER_DATA_RECORD + S3_SERVER_ALERT_RECORD));
    expect(e.peerClosed).toBe(true);
    expect(e.failed).toBe(false);
  });

  it("gives the same bytes when the server's records arrive one byte at a time", () => {
    const e = started(s3Offer());
    feedAll(e, hex(S3_SERVER_HELLO_RECORD + S3_SERVER_FLIGHT_RECORD), 1);
    expect(toHex(takeOut(e))).toBe(S3_CLIENT_FINISHED_RECORD);
    expect(toHex(feedAll(e, hex(S3_TICKET_RECORD + S3_SERVER_DATA_RECORD + S3_SERVER_ALERT_RECORD), 1))).toBe(DATA_50);
    expect(e.peerClosed).toBe(true);
  });

  it("reassembles the flight when its messages are split across records and padded", () => {
    const s = new Sealer(S3_SERVER_HS_SECRET);
    const cut = 100; // inside the Certificate
    const flight = S3_ENCRYPTED_EXTENSIONS + S3_FLIGHT_AFTER_EE;
    const records = concat(s.seal(ContentType.Handshake, flight.slice(0, 2 * cut), 7),
      s.seal(ContentType.Handshake, flight.slice(2 * cut), 300));
    const e = started(s3Offer());
    feedAll(e, concat(hex(S3_SERVER_HELLO_RECORD), records));
    expect(toHex(takeOut(e))).toBe(S3_CLIENT_FINISHED_RECORD);
  });
});

describe("RFC 8448 §5 HelloRetryRequest replayed through the engine", () => {
  it("answers the HelloRetryRequest with the second ClientHello: secp256r1 and the cookie echoed", () => {
    const offer = s5Offer();
    const e = started(offer);
    feedAll(e, plain(ContentType.Handshake, S5_HELLO_RETRY_REQUEST));
    expect(e.status.detail).toBe("");
    expect(offer.retryGroup).toBe(0x0017);
    expect(toHex(offer.retryCookie)).toBe(S5_COOKIE);
    expect(toHex(takeOut(e))).toBe("1603030200" + S5_CLIENT_HELLO_2);
  });

  it("completes with the trace's encrypted Finished, over the message_hash transcript", () => {
    const e = started(s5Offer());
    feedAll(e, plain(ContentType.Handshake, S5_HELLO_RETRY_REQUEST));
    takeOut(e);
    feedAll(e, concat(plain(ContentType.Handshake, S5_SERVER_HELLO), hex(S5_SERVER_FLIGHT_RECORD)));
    expect(e.status.detail).toBe("");
    expect(toHex(takeOut(e))).toBe(S5_CLIENT_FINISHED_RECORD);
    expect(e.helloRetried).toBe(true);
    expect(e.group).toBe(0x0017);
  });

  it("refuses a second HelloRetryRequest with unexpected_message", () => {
    const e = started(s5Offer());
    feedAll(e, plain(ContentType.Handshake, S5_HELLO_RETRY_REQUEST));
    takeOut(e);
    feedAll(e, plain(ContentType.Handshake, S5_HELLO_RETRY_REQUEST));
    expect(e.status.detail).toBe("unexpected message: a second HelloRetryRequest");
    expect(toHex(takeOut(e))).toBe("15030300020" + "20a");
  });

  it("refuses a HelloRetryRequest for a group that was not offered", () => {
    const e = started(s5Offer());
    feedAll(e, plain(ContentType.Handshake, S5_HELLO_RETRY_REQUEST.replace("003300020017", "003300020019")));
    expect(e.status.detail).toBe("HelloRetryRequest asks for group 0x0019, which was not offered");
    expect(toHex(takeOut(e))).toBe("15030300020" + "22f");
  });

  it("refuses a HelloRetryRequest for the group the ClientHello already shared", () => {
    const e = started(s5Offer());
    feedAll(e, plain(ContentType.Handshake, S5_HELLO_RETRY_REQUEST.replace("003300020017", "00330002001d")));
    expect(e.status.detail).toBe("HelloRetryRequest asks for x25519, which the ClientHello already shared");
  });

  it("refuses a ServerHello after the retry whose key share is not the new group's", () => {
    const e = started(s5Offer());
    feedAll(e, plain(ContentType.Handshake, S5_HELLO_RETRY_REQUEST));
    feedAll(e, plain(ContentType.Handshake, S3_SERVER_HELLO));
    expect(e.status.detail).toBe("the server's key share is for x25519, the ClientHello offered secp256r1");
  });
});

describe("ServerHello refusals", () => {
  it("refuses a TLS 1.2 ServerHello with protocol_version and says so", () => {
    const e = started(s3Offer());
    // A TLS 1.2 answer: ECDHE-RSA-AES128-GCM-SHA256, renegotiation_info, and no supported_versions.
    feedAll(e, plain(ContentType.Handshake, "0200002d0303" + "11".repeat(32) + "00c02f000005ff01000100"));
    expect(e.status.detail).toBe("server chose TLS 1.2 (only TLS 1.3 is supported)");
    expect(toHex(takeOut(e))).toBe("15030300020246");
  });

  it("refuses a suite the ClientHello did not offer with illegal_parameter", () => {
    const e = started(s3Offer());
    feedAll(e, plain(ContentType.Handshake, S3_SERVER_HELLO.replace("0013010000", "0013040000")));
    expect(e.status.detail).toBe("server chose cipher suite 0x1304, which was not offered");
    expect(toHex(takeOut(e))).toBe("1503030002022f");
  });

  it("refuses a ServerHello that does not echo the session id", () => {
    const e = started(s3Offer());
    const sh = "020000570303" + S3_SERVER_HELLO.slice(12, 76) + "0101" + S3_SERVER_HELLO.slice(78);
    feedAll(e, plain(ContentType.Handshake, sh));
    expect(e.status.detail).toBe("ServerHello does not echo the session id");
  });

  it("refuses an extension the ClientHello did not offer with unsupported_extension", () => {
    const e = started(s3Offer());
    const sh = "0200005a" + S3_SERVER_HELLO.slice(8, 84) + "0032" + S3_SERVER_HELLO.slice(88) + "002a0000";
    feedAll(e, plain(ContentType.Handshake, sh));
    expect(e.status.detail).toBe("ServerHello carries extension 42, which was not offered");
    expect(toHex(takeOut(e))).toBe("1503030002026e");
  });

  it("refuses a truncated ServerHello with decode_error", () => {
    const e = started(s3Offer());
    feedAll(e, plain(ContentType.Handshake, "020000020303"));
    expect(e.status.detail).toBe("malformed ServerHello");
    expect(toHex(takeOut(e))).toBe("15030300020232");
  });

  it("reports the server's alert with its reason and sends nothing back", () => {
    const e = started(s3Offer());
    feedAll(e, plain(ContentType.Alert, "0228"));
    expect(e.status.detail).toBe("server alert: handshake_failure (40): handshake failure: no shared cipher suite, key exchange group or signature scheme");
    expect(takeOut(e).length).toBe(0);
  });

  it("reports a close_notify before the handshake completed as the server closing", () => {
    const e = started(s3Offer());
    feedAll(e, plain(ContentType.Alert, "0100"));
    expect(e.status.detail).toBe("server closed the connection during the handshake (close_notify)");
  });
});

describe("encrypted flight refusals", () => {
  it("refuses a Finished whose verify_data is wrong with decrypt_error, under the handshake keys", () => {
    const e = started(s3Offer());
    const badFinished = S3_SERVER_FINISHED.slice(0, 70) + "00";
    feedAll(e, concat(hex(S3_SERVER_HELLO_RECORD), serverFlight(S3_ENCRYPTED_EXTENSIONS + S3_CERTIFICATE + S3_CERTIFICATE_VERIFY + badFinished)));
    expect(e.status.detail).toBe("bad Finished: the server's verify_data does not match the handshake");
    expect(e.connected).toBe(false);
    expect(new Sealer(S3_CLIENT_HS_SECRET).open(takeOut(e))).toBe("023315");
  });

  it("refuses a CertificateVerify the leaf key does not verify", () => {
    const v = new TraceVerifier();
    v.refuseSignature = true;
    const e = started(s3Offer(), v);
    feedAll(e, hex(S3_SERVER_HELLO_RECORD + S3_SERVER_FLIGHT_RECORD));
    expect(e.status.detail).toBe("bad CertificateVerify: the signature does not match the certificate's key");
    expect(new Sealer(S3_CLIENT_HS_SECRET).open(takeOut(e))).toBe("023315");
  });

  it("refuses an RSA PKCS #1 v1.5 CertificateVerify even though the scheme was offered", () => {
    const e = started(s3Offer());
    const cv = "0f000084" + "0401" + S3_CERTIFICATE_VERIFY.slice(12);
    feedAll(e, concat(hex(S3_SERVER_HELLO_RECORD), serverFlight(S3_ENCRYPTED_EXTENSIONS + S3_CERTIFICATE + cv + S3_SERVER_FINISHED)));
    expect(e.status.detail).toBe("CertificateVerify uses RSA PKCS #1 v1.5 (0x0401), which TLS 1.3 allows only in certificates");
    expect(new Sealer(S3_CLIENT_HS_SECRET).open(takeOut(e))).toBe("022f15");
  });

  it("refuses the chain with the verifier's alert and detail", () => {
    const v = new TraceVerifier();
    v.refuseChain = true;
    const e = started(s3Offer(), v);
    feedAll(e, hex(S3_SERVER_HELLO_RECORD + S3_SERVER_FLIGHT_RECORD));
    expect(e.status.detail).toBe("unknown CA: no trusted issuer for CN=rsa");
    expect(new Sealer(S3_CLIENT_HS_SECRET).open(takeOut(e))).toBe("023015");
  });

  it("refuses a flight whose authentication tag was altered with bad_record_mac", () => {
    const e = started(s3Offer());
    const flight = hex(S3_SERVER_FLIGHT_RECORD);
    flight[flight.length - 1] ^= 1;
    feedAll(e, concat(hex(S3_SERVER_HELLO_RECORD), flight));
    expect(e.status.detail).toBe("record authentication failed (bad_record_mac)");
    expect(new Sealer(S3_CLIENT_HS_SECRET).open(takeOut(e))).toBe("021415");
  });

  it("refuses messages out of order with unexpected_message", () => {
    const e = started(s3Offer());
    feedAll(e, concat(hex(S3_SERVER_HELLO_RECORD), serverFlight(S3_FLIGHT_AFTER_EE)));
    expect(e.status.detail).toBe("unexpected message: Certificate (11) while waiting for EncryptedExtensions");
  });

  it("refuses an EncryptedExtensions answering an extension that was not offered", () => {
    const e = started(s3Offer());
    feedAll(e, concat(hex(S3_SERVER_HELLO_RECORD), serverFlight("0800000600040010000000" + S3_FLIGHT_AFTER_EE)));
    expect(e.status.detail).toBe("EncryptedExtensions carries extension 16, which was not offered");
    expect(new Sealer(S3_CLIENT_HS_SECRET).open(takeOut(e))).toBe("026e15");
  });

  it("refuses application data before the handshake finished", () => {
    const e = started(s3Offer());
    feedAll(e, concat(hex(S3_SERVER_HELLO_RECORD), new Sealer(S3_SERVER_HS_SECRET).seal(ContentType.ApplicationData, "41")));
    expect(e.status.detail).toBe("unexpected message: application data before the handshake finished");
  });

  it("refuses handshake data sharing a record with the ServerHello (a key change)", () => {
    const e = started(s3Offer());
    feedAll(e, plain(ContentType.Handshake, S3_SERVER_HELLO + S3_ENCRYPTED_EXTENSIONS));
    expect(e.status.detail).toBe("unexpected message: data after ServerHello (2) in the same record as a key change");
  });
});

describe("KeyUpdate", () => {
  it("honours update_requested: new read keys, its own KeyUpdate, then new write keys", () => {
    const c = connectedS3();
    const server = new Sealer(S3_SERVER_AP_SECRET);
    feedAll(c, server.seal(ContentType.Handshake, "1800000101"));
    expect(c.keyUpdates).toBe(1);
    // The answer goes under the old client key: KeyUpdate(update_not_requested), type handshake.
    const client = new Sealer(S3_CLIENT_AP_SECRET);
    expect(client.open(takeOut(c))).toBe("180000010016");
    // The server's next record uses its next secret, from sequence number 0.
    const next = new Sealer(toHex(nextSecret(S3_SERVER_AP_SECRET)));
    expect(toHex(feedAll(c, next.seal(ContentType.ApplicationData, "68656c6c6f")))).toBe("68656c6c6f");
    const data = hex("6f6b");
    c.writeApplication(data.dataStart, data.length);
    expect(new Sealer(toHex(nextSecret(S3_CLIENT_AP_SECRET))).open(takeOut(c))).toBe("6f6b17");
  });

  it("updates only the read keys for update_not_requested", () => {
    const c = connectedS3();
    feedAll(c, new Sealer(S3_SERVER_AP_SECRET).seal(ContentType.Handshake, "1800000100"));
    expect(takeOut(c).length).toBe(0);
    const data = hex(DATA_50);
    c.writeApplication(data.dataStart, data.length);
    const out = takeOut(c);
    expect(toHex(out).slice(0, 10)).toBe("1703030043");
  });

  it("refuses a request_update other than 0 or 1 with illegal_parameter", () => {
    const c = connectedS3();
    feedAll(c, new Sealer(S3_SERVER_AP_SECRET).seal(ContentType.Handshake, "1800000102"));
    expect(c.status.detail).toBe("KeyUpdate with request_update 2");
  });
});

function nextSecret(secret: string): Uint8Array {
  return nextTrafficSecret(TlsHash.Sha256, hex(secret));
}
