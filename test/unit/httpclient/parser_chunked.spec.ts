// Chunked transfer coding (RFC 9112 §7.1): strict hex sizes that cannot overflow, extensions ignored, the CRLF
// after each chunk's data enforced, trailers checked and dropped, truncation reported.
import { ResponseParser } from "../../../assembly/httpclient/parser";
import { detailOf, parseText, utf8 } from "./helpers";

const HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
const OK_EMPTY = "200 1.1 i0 \"OK\" [transfer-encoding=\"chunked\"] \"\"";

function body(chunks: string): string {
  return parseText(HEAD + chunks);
}

function ok(text: string): string {
  return "200 1.1 i0 \"OK\" [transfer-encoding=\"chunked\"] \"" + text + "\"";
}

describe("chunked: sizes", () => {
  it("reads hex sizes in either case and with leading zeros", () => {
    expect(body("A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n")).toBe(ok("01234567890123456789"));
    expect(body("0000000000000000000000000003\r\nabc\r\n000\r\n\r\n")).toBe(ok("abc"));
  });

  it("refuses signs, 0x prefixes, spaces before the size and empty size lines", () => {
    expect(body("+3\r\nabc\r\n0\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(body("-1\r\n0\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(body("0x3\r\nabc\r\n0\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(body(" 3\r\nabc\r\n0\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(body("\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(body("3 x\r\nabc\r\n0\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(body("g\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(detailOf(HEAD + "1\r\nx\r\nzz\r\n")).toBe("bad chunk-size line after 1 body bytes (RFC 9112 §7.1)");
  });

  it("takes a size of any length without overflow: huge ones are too large, not wrapped", () => {
    expect(body("ffffffffffffffffffffffffffffffff\r\n")).toBe("ERR_FETCH_TOO_LARGE");
    expect(body("10000000000000003\r\nabc\r\n")).toBe("ERR_FETCH_TOO_LARGE"); // 2^64 + 3 wraps to 3 in 64 bits
    expect(body("100000003\r\nabc\r\n")).toBe("ERR_FETCH_TOO_LARGE"); // 2^32 + 3 wraps to 3 in 32 bits
    expect(body("8000000000000000\r\n")).toBe("ERR_FETCH_TOO_LARGE");
  });
});

describe("chunked: extensions, data ends and trailers", () => {
  it("ignores extensions, with or without values, after optional whitespace", () => {
    expect(body("3;a\r\nabc\r\n3 ; b=\"q;x\"\r\ndef\r\n0;z=1\r\n\r\n")).toBe(ok("abcdef"));
  });

  it("refuses control characters in an extension", () => {
    expect(body("3;a\x00b\r\nabc\r\n0\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(body("3;a\rb\r\nabc\r\n0\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
  });

  it("requires CRLF (or LF) right after the data", () => {
    expect(body("3\r\nabc0\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(body("3\r\nabc\r0\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(body("3\r\nabc\n0\r\n\r\n")).toBe(ok("abc"));
  });

  it("skips trailer fields, but checks them like header fields", () => {
    expect(body("0\r\nExpires: never\r\nX-Checksum: abc\r\n\r\n")).toBe(OK_EMPTY);
    expect(body("0\r\nBad Name: x\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(body("0\r\nX: a\r\n folded\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(body("0\r\nX: a\x00b\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
  });

  it("is incomplete until the last chunk and the end of the trailer section", () => {
    expect(body("3\r\nabc\r\n")).toBe("INCOMPLETE");
    expect(body("3\r\nabc\r\n0\r\n")).toBe("INCOMPLETE");
    expect(body("3\r\nabc\r\n0\r\nX: 1\r\n")).toBe("INCOMPLETE");
  });

  it("reports a close inside the chunked body as Io, saying where", () => {
    const p = new ResponseParser();
    p.begin(false);
    p.feed(utf8(HEAD + "5\r\nab"));
    expect(p.finish()).toBe(false);
    expect(p.detail).toBe("the server closed the connection after 52 bytes, in the chunked body (2 bytes decoded)");
  });
});
