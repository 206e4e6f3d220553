// Record protection and fragmentation (record_protection.ts, record_layer.ts): every suite seals and opens under
// per-record nonces, writes are cut at 2^14 bytes, or at the server's record_size_limit, and the sequence of
// record lengths on the wire is what RFC 8446 §5.2 prescribes.
import { ContentType } from "../../../assembly/tls/constants";
import { TlsEngine } from "../../../assembly/tls/engine";
import { finishedVerifyData } from "../../../assembly/tls/key_schedule";
import { RecordProtection } from "../../../assembly/tls/record_protection";
import { cipherSuite, TlsHash } from "../../../assembly/tls/suites";
import { Transcript } from "../../../assembly/tls/transcript";
import { TlsReader, TlsWriter } from "../../../assembly/tls/wire";
import { concat, hex, pattern, toHex } from "../crypto/helpers";
import {
  S3_CERTIFICATE, S3_CERTIFICATE_VERIFY, S3_CLIENT_FINISHED_RECORD, S3_CLIENT_HELLO, S3_SERVER_AP_SECRET,
  S3_SERVER_FLIGHT_RECORD, S3_SERVER_HELLO,
  S3_SERVER_HELLO_RECORD, S3_SERVER_HS_SECRET,
} from "./rfc8448";
import { connectedS3, feedAll, plain, s3Offer, Sealer, started, takeOut, TraceVerifier } from "./trace";

/** recordLengths lists the payload lengths of the records in bytes. */
function recordLengths(bytes: Uint8Array): i32[] {
  const r = new TlsReader(bytes);
  const out: i32[] = [];
  while (r.remaining > 0 && !r.failed) {
    r.u8();
    r.u16();
    out.push(r.vec16().remaining);
  }
  return out;
}

function sealed(p: RecordProtection, content: Uint8Array): Uint8Array {
  const w = new TlsWriter();
  p.seal(content, w);
  return w.finish();
}

function connected(flight: Uint8Array): TlsEngine {
  const e = new TlsEngine(s3Offer(), new TraceVerifier());
  e.begin();
  feedAll(e, concatAll([hex(S3_SERVER_HELLO_RECORD), flight]));
  takeOut(e);
  return e;
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += parts[i].length;
  const out = new Uint8Array(n);
  for (let i = 0, at = 0; i < parts.length; at += parts[i].length, i++) out.set(parts[i], at);
  return out;
}

describe("record protection", () => {
  it("seals and opens with each of the three suites, under the next nonce each time", () => {
    const ids: u32[] = [0x1301, 0x1302, 0x1303];
    for (let i = 0; i < ids.length; i++) {
      const suite = cipherSuite(ids[i])!;
      const secret = pattern(suite.hashBytes);
      const writer = RecordProtection.fromSecret(suite, secret)!;
      const reader = RecordProtection.fromSecret(suite, secret)!;
      const inner = pattern(1000);
      const first = sealed(writer, inner), second = sealed(writer, inner);
      expect(toHex(first) == toHex(second)).toBe(false);
      expect(toHex(first.slice(0, 5))).toBe("17030303f8"); // 1000 bytes of TLSInnerPlaintext and the tag
      expect(toHex(reader.open(first.subarray(0, 5), first.subarray(5)))).toBe(toHex(inner));
      expect(toHex(reader.open(second.subarray(0, 5), second.subarray(5)))).toBe(toHex(inner));
    }
  });

  it("refuses a record opened out of sequence or under an altered header", () => {
    const suite = cipherSuite(0x1303)!;
    const writer = RecordProtection.fromSecret(suite, pattern(32))!;
    const first = sealed(writer, pattern(10)), second = sealed(writer, pattern(10));
    const reader = RecordProtection.fromSecret(suite, pattern(32))!;
    expect(reader.open(second.subarray(0, 5), second.subarray(5))).toBeNull();
    const other = RecordProtection.fromSecret(suite, pattern(32))!;
    const header = first.slice(0, 5);
    header[2] = 1;
    expect(other.open(header, first.subarray(5))).toBeNull();
  });

  it("keys AES-256-GCM from a SHA-384 secret and ChaCha20 from a SHA-256 one", () => {
    expect(RecordProtection.fromSecret(cipherSuite(0x1302)!, pattern(48))).not.toBeNull();
    expect(RecordProtection.fromSecret(cipherSuite(0x1303)!, pattern(32))).not.toBeNull();
    expect(cipherSuite(0x1304)).toBeNull();
  });
});

describe("fragmentation", () => {
  it("cuts a 40000-byte write into records of 2^14 bytes and the rest", () => {
    const e = connected(hex(S3_SERVER_FLIGHT_RECORD));
    const data = pattern(40000);
    expect(e.writeApplication(data.dataStart, data.length)).toBe(true);
    const lengths = recordLengths(takeOut(e));
    expect(lengths.length).toBe(3);
    expect(lengths[0]).toBe(16384 + 1 + 16);
    expect(lengths[1]).toBe(16384 + 1 + 16);
    expect(lengths[2]).toBe(40000 - 2 * 16384 + 1 + 16);
  });

  it("keeps records within the record_size_limit the server asked for", () => {
    // §3's flight with record_size_limit 1000 instead of 16385, re-sealed, its Finished recomputed to match.
    const ee = hex("080000240022000a00140012001d00170018001901000101010201030104001c000203e800000000");
    const t = new Transcript();
    t.add(hex(S3_CLIENT_HELLO));
    t.select(TlsHash.Sha256);
    t.add(hex(S3_SERVER_HELLO));
    t.add(ee);
    t.add(hex(S3_CERTIFICATE));
    t.add(hex(S3_CERTIFICATE_VERIFY));
    const verify = finishedVerifyData(TlsHash.Sha256, hex(S3_SERVER_HS_SECRET), t.current());
    const finished = concatAll([hex("14000020"), verify]);
    const flight = concatAll([ee, hex(S3_CERTIFICATE), hex(S3_CERTIFICATE_VERIFY), finished, hex("16")]);
    const p = RecordProtection.fromSecret(cipherSuite(0x1301)!, hex(S3_SERVER_HS_SECRET))!;
    const e = connected(sealed(p, flight));
    expect(e.connected).toBe(true);
    const data = pattern(2500);
    e.writeApplication(data.dataStart, data.length);
    const lengths = recordLengths(takeOut(e));
    expect(lengths.length).toBe(3);
    expect(lengths[0]).toBe(999 + 1 + 16);
    expect(lengths[2]).toBe(502 + 1 + 16);
  });

  it("writes nothing for an empty write and refuses to write before the handshake", () => {
    const e = connected(hex(S3_SERVER_FLIGHT_RECORD));
    expect(e.writeApplication(0, 0)).toBe(true);
    expect(takeOut(e).length).toBe(0);
    const fresh = new TlsEngine(s3Offer(), new TraceVerifier());
    fresh.begin();
    const data = pattern(4);
    expect(fresh.writeApplication(data.dataStart, 4)).toBe(false);
  });

  it("writes nothing more after close_notify", () => {
    const e = connected(hex(S3_SERVER_FLIGHT_RECORD));
    e.closeNotify();
    takeOut(e);
    const data = pattern(4);
    expect(e.writeApplication(data.dataStart, 4)).toBe(false);
    e.closeNotify();
    expect(takeOut(e).length).toBe(0);
  });

  it("holds back input behind unread application data instead of dropping it", () => {
    const e = connected(hex(S3_SERVER_FLIGHT_RECORD));
    const server = RecordProtection.fromSecret(cipherSuite(0x1301)!, hex(S3_SERVER_AP_SECRET))!;
    const w = new TlsWriter();
    const big = new Uint8Array(16385);
    big[16384] = ContentType.ApplicationData;
    for (let i = 0; i < 4; i++) server.seal(big, w);
    const records = w.finish();
    const taken = e.feed(records);
    expect(taken < records.length).toBe(true);
    expect(e.plainAvailable).toBe(16384);
    expect(feedAll(e, records.subarray(taken)).length).toBe(4 * 16384); // the record held back comes first
  });
});

describe("record layer rules", () => {
  it("drops a change_cipher_spec during the handshake", () => {
    const e = started(s3Offer());
    feedAll(e, concat(plain(ContentType.ChangeCipherSpec, "01"), hex(S3_SERVER_HELLO_RECORD + S3_SERVER_FLIGHT_RECORD)));
    expect(toHex(takeOut(e))).toBe(S3_CLIENT_FINISHED_RECORD);
  });

  it("refuses a change_cipher_spec whose byte is not 1, and one after the handshake", () => {
    const e = started(s3Offer());
    feedAll(e, plain(ContentType.ChangeCipherSpec, "02"));
    expect(e.status.detail).toBe("malformed change_cipher_spec record");
    const c = connectedS3();
    feedAll(c, plain(ContentType.ChangeCipherSpec, "01"));
    expect(c.status.detail).toBe("unexpected message: change_cipher_spec after the handshake");
  });

  it("refuses a plaintext record longer than 2^14 bytes as soon as its header arrives", () => {
    const e = started(s3Offer());
    e.feed(hex("1603034001"));
    expect(e.status.detail).toBe("record too large: 16385 bytes, the limit is 16384");
    expect(toHex(takeOut(e))).toBe("15030300020216");
  });

  it("refuses a protected record longer than 2^14 + 256 bytes", () => {
    const c = connectedS3();
    c.feed(hex("1703034101"));
    expect(c.status.detail).toBe("record too large: 16641 bytes, the limit is 16640");
  });

  it("refuses an encrypted record whose plaintext is all padding", () => {
    const c = connectedS3();
    feedAll(c, new Sealer(S3_SERVER_AP_SECRET).seal(0, "000000"));
    expect(c.status.detail).toBe("unexpected message: encrypted record without a content type");
  });

  it("refuses a TLSInnerPlaintext longer than 2^14 + 1 bytes even when the excess is padding", () => {
    const c = connectedS3();
    feedAll(c, new Sealer(S3_SERVER_AP_SECRET).seal(ContentType.ApplicationData, "41", 16384));
    expect(c.status.detail).toBe("record too large: 16386 bytes, the limit is 16385");
  });

  it("refuses a handshake message above 128 KiB as soon as its header arrives", () => {
    const e = started(s3Offer());
    feedAll(e, plain(ContentType.Handshake, "02020001"));
    expect(e.status.detail).toBe("ServerHello (2) of 131073 bytes exceeds the limit of 131072");
  });

  it("names what a server that does not speak TLS sent", () => {
    const e = started(s3Offer());
    feedAll(e, Uint8Array.wrap(String.UTF8.encode("HTTP/1.1 400 Bad Request\r\n\r\n")));
    expect(e.status.detail).toBe("the server does not speak TLS: unexpected record type 72, it sent \"HTTP/1.1 400 Bad Request\"");
  });

  it("refuses an alert that is not two bytes with decode_error", () => {
    const c = connectedS3();
    feedAll(c, new Sealer(S3_SERVER_AP_SECRET).seal(ContentType.Alert, "010000"));
    expect(c.status.detail).toBe("malformed alert record");
  });
});
