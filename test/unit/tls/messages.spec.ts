// The handshake messages this client builds and reads (client_hello.ts, server_hello.ts, server_messages.ts):
// what the ClientHello offers and leaves out, and how each server message's decoder refuses malformed input.
import { AlertDescription } from "../../../assembly/tls/alerts";
import { encodeClientHello, HelloParams } from "../../../assembly/tls/client_hello";
import { newKeyShare } from "../../../assembly/tls/key_share";
import {
  parseCertificate, parseCertificateRequest, parseCertificateVerify, parseEncryptedExtensions, parseKeyUpdate,
  serverSignedContent,
} from "../../../assembly/tls/server_messages";
import { NO_EXTENSION, parseServerHello } from "../../../assembly/tls/server_hello";
import { TlsStatus } from "../../../assembly/tls/status";
import { TlsReader } from "../../../assembly/tls/wire";
import { hex, toHex } from "../crypto/helpers";
import { S3_CERTIFICATE, S3_CLIENT_PRIVATE, S3_CLIENT_PUBLIC, S3_ENCRYPTED_EXTENSIONS, S3_SERVER_HELLO, S5_HELLO_RETRY_REQUEST } from "./rfc8448";

function params(): HelloParams {
  const p = new HelloParams();
  p.random = hex("11".repeat(32));
  p.suites = [0x1301, 0x1303];
  p.groups = [0x001d, 0x0017];
  p.schemes = [0x0403, 0x0804];
  p.serverName = "idp.example.com";
  return p;
}

/** extensions returns the extension types of a ClientHello message, in order, and their data as hex. */
function extensions(hello: Uint8Array): Map<u32, string> {
  const r = new TlsReader(hello, 4);
  r.skip(2 + 32);
  r.vec8();
  r.vec16();
  r.vec8();
  const exts = r.vec16();
  const out = new Map<u32, string>();
  while (exts.remaining > 0 && !exts.failed) {
    const type = exts.u16();
    out.set(type, toHex(exts.vec16().rest()));
  }
  return out;
}

function hello(p: HelloParams, cookie: Uint8Array | null = null): Uint8Array {
  return encodeClientHello(p, newKeyShare(0x001d, hex(S3_CLIENT_PRIVATE))!, cookie)!;
}

describe("ClientHello", () => {
  it("is a well-formed handshake message with legacy version 0x0303 and only the null compression", () => {
    const m = hello(params());
    expect(m[0]).toBe(1);
    expect(<i32>m[1] << 16 | <i32>m[2] << 8 | <i32>m[3]).toBe(m.length - 4);
    expect(toHex(m.slice(4, 6))).toBe("0303");
    expect(toHex(m.slice(38, 39 + 6 + 2))).toBe("00" + "0004" + "13011303" + "0100");
  });

  it("offers TLS 1.3 only, the groups in order, and one key share for the first group", () => {
    const e = extensions(hello(params()));
    expect(e.get(43)).toBe("020304");
    expect(e.get(10)).toBe("0004001d0017");
    expect(e.get(51)).toBe("0024001d0020" + S3_CLIENT_PUBLIC);
    expect(e.get(13)).toBe("000404030804");
  });

  it("sends the server name as SNI, and none when the name is empty (an IP literal)", () => {
    const e = extensions(hello(params()));
    expect(e.get(0)).toBe("0012" + "00" + "000f" + toHex(Uint8Array.wrap(String.UTF8.encode("idp.example.com"))));
    const p = params();
    p.serverName = "";
    expect(extensions(hello(p)).has(0)).toBe(false);
  });

  it("offers ALPN only when asked, as a list of length-prefixed names", () => {
    expect(extensions(hello(params())).has(16)).toBe(false);
    const p = params();
    p.alpn = ["h2", "http/1.1"];
    expect(extensions(hello(p)).get(16)).toBe("000c" + "026832" + "08" + "687474702f312e31");
  });

  it("offers record_size_limit 2^14 + 1 and echoes a HelloRetryRequest cookie", () => {
    const e = extensions(hello(params(), hex("c0ffee")));
    expect(e.get(28)).toBe("4001");
    expect(e.get(44)).toBe("0003c0ffee");
  });

  it("sends neither pre_shared_key nor early_data nor psk_key_exchange_modes", () => {
    const e = extensions(hello(params()));
    expect(e.has(41)).toBe(false);
    expect(e.has(42)).toBe(false);
    expect(e.has(45)).toBe(false);
  });

  it("refuses parameters that do not fit their fields", () => {
    const p = params();
    p.sessionId = new Uint8Array(33);
    expect(encodeClientHello(p, newKeyShare(0x001d, hex(S3_CLIENT_PRIVATE))!, null)).toBeNull();
  });
});

describe("ServerHello decoding", () => {
  it("decodes RFC 8448's ServerHello: suite, group, key share, version", () => {
    const sh = parseServerHello(hex(S3_SERVER_HELLO), new TlsStatus())!;
    expect(sh.retry).toBe(false);
    expect(sh.suite).toBe(0x1301);
    expect(sh.group).toBe(0x001d);
    expect(sh.keyExchange.length).toBe(32);
    expect(sh.version).toBe(0x0304);
    expect(sh.unexpectedExtension).toBe(NO_EXTENSION);
  });

  it("recognises a HelloRetryRequest by its random and reads its group and cookie", () => {
    const sh = parseServerHello(hex(S5_HELLO_RETRY_REQUEST), new TlsStatus())!;
    expect(sh.retry).toBe(true);
    expect(sh.group).toBe(0x0017);
    expect(sh.cookie!.length).toBe(114);
  });

  it("accepts a TLS 1.2 ServerHello without extensions, so the version can be refused by name", () => {
    const sh = parseServerHello(hex("02000026" + "0303" + "22".repeat(32) + "00" + "c02f" + "00"), new TlsStatus())!;
    expect(sh.version).toBe(0);
    expect(sh.legacyVersion).toBe(0x0303);
  });

  it("refuses a repeated extension with illegal_parameter", () => {
    const s = new TlsStatus();
    const body = "0303" + "22".repeat(32) + "00" + "1301" + "00" + "000c" + "002b00020304" + "002b00020304";
    expect(parseServerHello(hex("02000040" + body), s)).toBeNull();
    expect(s.alert).toBe(AlertDescription.IllegalParameter);
    expect(s.detail).toBe("duplicate extension 43 in ServerHello");
  });

  it("refuses an empty cookie and trailing bytes with decode_error", () => {
    const s = new TlsStatus();
    const hrr = S5_HELLO_RETRY_REQUEST;
    expect(parseServerHello(hex(hrr + "00"), s)).toBeNull();
    expect(s.detail).toBe("malformed HelloRetryRequest");
    const emptyCookie = "02000034" + hrr.slice(8, 8 + 2 * 41) + "000c" + "002c00020000" + "002b00020304";
    const t = new TlsStatus();
    expect(parseServerHello(hex(emptyCookie), t)).toBeNull();
    expect(t.alert).toBe(AlertDescription.DecodeError);
  });

  it("notes the first extension the client did not offer", () => {
    const body = "0303" + "22".repeat(32) + "00" + "1301" + "00" + "000a" + "002b00020304" + "ff010000";
    expect(parseServerHello(hex("0200003e" + body), new TlsStatus())!.unexpectedExtension).toBe(0xff01);
  });
});

describe("server flight decoding", () => {
  it("reads RFC 8448's EncryptedExtensions: no ALPN, the full record size", () => {
    const p = params();
    p.serverName = "server";
    const e = parseEncryptedExtensions(hex(S3_ENCRYPTED_EXTENSIONS), p, new TlsStatus())!;
    expect(e.alpn).toBe("");
    expect(e.maxFragment).toBe(16384);
  });

  it("takes the ALPN protocol the server chose, and refuses one that was not offered", () => {
    const p = params();
    p.alpn = ["http/1.1"];
    expect(parseEncryptedExtensions(hex("08000011000f0010000b000908687474702f312e31"), p, new TlsStatus())!.alpn).toBe("http/1.1");
    const s = new TlsStatus();
    expect(parseEncryptedExtensions(hex("0800000a00080010000400020268"), p, s)).toBeNull();
    expect(s.detail).toBe("malformed ALPN answer");
    const t = new TlsStatus();
    expect(parseEncryptedExtensions(hex("0800000a00080010000400020168"), p, t)).toBeNull();
    expect(t.detail).toBe("the server chose ALPN protocol \"h\", which was not offered");
  });

  it("obeys a smaller record_size_limit and refuses one below 64", () => {
    const p = params();
    expect(parseEncryptedExtensions(hex("080000080006001c000203e8"), p, new TlsStatus())!.maxFragment).toBe(999);
    const s = new TlsStatus();
    expect(parseEncryptedExtensions(hex("080000080006001c0002003f"), p, s)).toBeNull();
    expect(s.detail).toBe("record_size_limit 63 is below 64");
  });

  it("refuses an answer to an extension that was not offered, and a repeated one", () => {
    const p = params();
    const s = new TlsStatus();
    expect(parseEncryptedExtensions(hex("08000006000400100000"), p, s)).toBeNull();
    expect(s.alert).toBe(AlertDescription.UnsupportedExtension);
    const t = new TlsStatus();
    expect(parseEncryptedExtensions(hex("0800000a0008000000000000000000"), p, t)).toBeNull();
    expect(t.alert).toBe(AlertDescription.IllegalParameter);
  });

  it("reads RFC 8448's Certificate as one DER certificate", () => {
    const chain = parseCertificate(hex(S3_CERTIFICATE), new TlsStatus())!;
    expect(chain.length).toBe(1);
    expect(chain[0].length).toBe(0x1b0);
    expect(chain[0][0]).toBe(0x30);
  });

  it("refuses an empty certificate list, a request context, entry extensions and too long a chain", () => {
    const s = new TlsStatus();
    expect(parseCertificate(hex("0b00000400000000"), s)).toBeNull();
    expect(s.detail).toBe("the server sent no certificate");
    const t = new TlsStatus();
    expect(parseCertificate(hex("0b00000b01aa000006000001300000"), t)).toBeNull();
    expect(t.detail).toBe("malformed Certificate");
    const u = new TlsStatus();
    expect(parseCertificate(hex("0b00000e0000000a00000130000400050000"), u)).toBeNull();
    expect(u.alert).toBe(AlertDescription.UnsupportedExtension);
    let entries = "";
    for (let i = 0; i < 11; i++) entries += "000001300000";
    const v = new TlsStatus();
    expect(parseCertificate(hex("0b000046" + "00" + "000042" + entries), v)).toBeNull();
    expect(v.detail).toBe("the server sent more than 10 certificates");
  });

  it("reads a CertificateVerify and a CertificateRequest context, refusing trailing bytes", () => {
    const cv = parseCertificateVerify(hex("0f000006040300020102"), new TlsStatus())!;
    expect(cv.scheme).toBe(0x0403);
    expect(toHex(cv.signature)).toBe("0102");
    expect(parseCertificateVerify(hex("0f00000704030002010203"), new TlsStatus())).toBeNull();
    expect(toHex(parseCertificateRequest(hex("0d00000902abcd0004000d0000"), new TlsStatus()))).toBe("abcd");
  });

  it("reads KeyUpdate's request_update, refusing values other than 0 and 1", () => {
    expect(parseKeyUpdate(hex("1800000100"), new TlsStatus())).toBe(0);
    expect(parseKeyUpdate(hex("1800000101"), new TlsStatus())).toBe(1);
    const s = new TlsStatus();
    expect(parseKeyUpdate(hex("1800000102"), s)).toBe(-1);
    expect(s.alert).toBe(AlertDescription.IllegalParameter);
    expect(parseKeyUpdate(hex("180000020100"), new TlsStatus())).toBe(-1);
  });

  it("builds the CertificateVerify content: 64 spaces, the server context, a zero, the hash", () => {
    const c = serverSignedContent(hex("aabb"));
    expect(toHex(c.slice(0, 64))).toBe("20".repeat(64));
    expect(String.UTF8.decode(c.slice(64, 97).buffer)).toBe("TLS 1.3, server CertificateVerify");
    expect(toHex(c.slice(97))).toBe("00aabb");
  });
});
