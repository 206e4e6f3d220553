// How the body is delimited (RFC 9112 §6.3), and the framing the parser refuses rather than guesses.
import { HttpClientErr } from "../../../assembly/httpclient/errors";
import { ResponseParser } from "../../../assembly/httpclient/parser";
import { detailOf, parseText, utf8 } from "./helpers";

describe("framing: what is refused", () => {
  it("refuses Transfer-Encoding together with Content-Length (RFC 9112 §6.3 item 3)", () => {
    const wire = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
    expect(parseText(wire)).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(detailOf(wire)).toBe("both Transfer-Encoding and Content-Length (RFC 9112 §6.3)");
    expect(parseText("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
  });

  it("refuses any transfer coding but one chunked", () => {
    expect(parseText("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(parseText("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(parseText("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(parseText("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(parseText("HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    expect(parseText("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked;x=1\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
  });

  it("accepts chunked in any case and with empty list elements", () => {
    expect(parseText("HTTP/1.1 200 OK\r\nTransfer-Encoding: , CHUNKED ,\r\n\r\n1\r\nx\r\n0\r\n\r\n"))
      .toBe("200 1.1 i0 \"OK\" [transfer-encoding=\", CHUNKED ,\"] \"x\"");
  });

  it("refuses Transfer-Encoding in HTTP/1.0 (RFC 9112 §6.1)", () => {
    expect(parseText("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
  });

  it("refuses Content-Length values that are not digits or that disagree", () => {
    const bad = ["+3", "-3", "3 3", "0x3", "", "3,4", "3,", "abc", "3\t,\t4", "\xc3\xa9"];
    for (let i = 0; i < bad.length; i++) {
      expect(parseText("HTTP/1.1 200 OK\r\nContent-Length: " + bad[i] + "\r\n\r\nabc")).toBe("ERR_FETCH_BAD_RESPONSE", bad[i]);
    }
    expect(parseText("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")).toBe("ERR_FETCH_BAD_RESPONSE");
  });

  it("accepts repeated identical Content-Length values (RFC 9110 §8.6)", () => {
    expect(parseText("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\nContent-Length: 003\r\n\r\nabc"))
      .toBe("200 1.1 i0 \"OK\" [content-length=\"3, 3\",content-length=\"003\"] \"abc\"");
  });

  it("refuses 101 Switching Protocols and more than 8 interim responses", () => {
    expect(parseText("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
    const eight = "HTTP/1.1 100 Continue\r\n\r\n".repeat(8);
    expect(parseText(eight + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")).toBe("200 1.1 i8 \"OK\" [content-length=\"0\"] \"\"");
    expect(parseText(eight + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n")).toBe("ERR_FETCH_BAD_RESPONSE");
  });

  it("ignores the fields of interim responses, framing ones included", () => {
    expect(parseText("HTTP/1.1 100 Continue\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz"))
      .toBe("200 1.1 i1 \"OK\" [content-length=\"1\"] \"z\"");
  });
});

describe("framing: the end of the body", () => {
  it("a body read until the close ends only at finish()", () => {
    expect(parseText("HTTP/1.1 200 OK\r\n\r\nabc")).toBe("INCOMPLETE");
    expect(parseText("HTTP/1.1 200 OK\r\n\r\nabc", true)).toBe("200 1.1 i0 \"OK\" [] \"abc\"");
    expect(parseText("HTTP/1.1 200 OK\r\n\r\n", true)).toBe("200 1.1 i0 \"OK\" [] \"\"");
  });

  it("a close before the end is Io, and says where it happened", () => {
    expect(parseText("", true)).toBe("ERR_FETCH_IO");
    expect(detailOf("", true)).toBe("the server closed the connection without sending anything");
    expect(detailOf("HTTP/1.1 200", true)).toBe("the server closed the connection after 12 bytes, in the status line");
    expect(detailOf("HTTP/1.1 200 OK\r\nA: b", true)).toBe("the server closed the connection after 21 bytes, in the header section");
    expect(detailOf("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true))
      .toBe("the server closed the connection after 42 bytes, in the body (3 of 10 bytes)");
    expect(parseText("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n", true)).toBe("ERR_FETCH_IO");
  });

  it("stays failed after an error until begin()", () => {
    const p = new ResponseParser();
    p.begin(false);
    expect(p.feed(utf8("HTTP/9.9 200 OK\r\n"))).toBe(false);
    expect(p.feed(utf8("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))).toBe(false);
    expect(p.finish()).toBe(false);
    expect(p.take()).toBeNull();
    expect(p.err).toBe(HttpClientErr.BadResponse);
    p.begin(false);
    expect(p.feed(utf8("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))).toBe(true);
    expect(p.done).toBe(true);
    expect(p.take()!.status).toBe(200);
  });
});
