// ResponseParser fed in pieces: every split point of each response, and byte by byte, gives the whole feed's
// result, for each way a body can be framed, with interim responses and in HTTP/1.0.
import { expectSplitEverywhere, limitsOf, utf8 } from "./helpers";

describe("ResponseParser: the same result at every split point", () => {
  it("reads a Content-Length body", () => {
    expectSplitEverywhere(utf8("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"keys\":[42]}"),
      "200 1.1 i0 \"OK\" [content-type=\"application/json\",content-length=\"13\"] \"{\\x22keys\\x22:[42]}\"");
  });

  it("reads a chunked body with extensions and trailers", () => {
    const wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
      "5;name=value\r\nhello\r\n1\t;x\r\n \r\n00005\r\nworld\r\n0;last\r\nX-Trailer: t\r\nX-Two: 2\r\n\r\n";
    expectSplitEverywhere(utf8(wire), "200 1.1 i0 \"OK\" [transfer-encoding=\"chunked\"] \"hello world\"");
  });

  it("reads a body delimited by the close of the connection", () => {
    expectSplitEverywhere(utf8("HTTP/1.1 200 OK\r\nServer: x\r\n\r\nuntil the end\r\n\r\n"),
      "200 1.1 i0 \"OK\" [server=\"x\"] \"until the end\\r\\n\\r\\n\"", true);
  });

  it("skips interim 100 and 103 responses and keeps only the final fields", () => {
    const wire = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" +
      "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
    expectSplitEverywhere(utf8(wire), "201 1.1 i2 \"Created\" [content-length=\"2\"] \"ok\"");
  });

  it("reads HTTP/1.0 with and without Content-Length", () => {
    expectSplitEverywhere(utf8("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc"), "200 1.0 i0 \"OK\" [content-length=\"3\"] \"abc\"");
    expectSplitEverywhere(utf8("HTTP/1.0 404 Not Found\r\n\r\nnope"), "404 1.0 i0 \"Not Found\" [] \"nope\"", true);
  });

  it("reads no body after HEAD, 204 and 304 whatever the fields say", () => {
    expectSplitEverywhere(utf8("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"), "200 1.1 i0 \"OK\" [content-length=\"1000\"] \"\"",
      false, limitsOf(), true);
    expectSplitEverywhere(utf8("HTTP/1.1 204 No Content\r\n\r\n"), "204 1.1 i0 \"No Content\" [] \"\"");
    expectSplitEverywhere(utf8("HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n"),
      "304 1.1 i0 \"Not Modified\" [content-length=\"7\"] \"\"");
  });

  it("accepts bare LF line ends and an empty Content-Length body", () => {
    expectSplitEverywhere(utf8("HTTP/1.1 200 OK\nContent-Length: 0\n\n"), "200 1.1 i0 \"OK\" [content-length=\"0\"] \"\"");
    expectSplitEverywhere(utf8("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nab\n0\n\n"),
      "200 1.1 i0 \"OK\" [transfer-encoding=\"chunked\"] \"ab\"");
  });

  it("keeps a binary body byte for byte and leaves bytes after the response unread", () => {
    const head = utf8("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n");
    const wire = new Uint8Array(head.length + 9);
    wire.set(head);
    wire[head.length] = 0;
    wire[head.length + 1] = 0x0d;
    wire[head.length + 2] = 0xff;
    wire[head.length + 3] = 0x0a;
    wire.set(utf8("EXTRA"), head.length + 4);
    expectSplitEverywhere(wire, "200 1.1 i0 \"OK\" [content-length=\"4\"] \"\\x00\\r\\xff\\n\"");
  });

  it("ends in the same error wherever a broken response is split", () => {
    expectSplitEverywhere(utf8("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n"), "ERR_FETCH_BAD_RESPONSE");
    expectSplitEverywhere(utf8("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"), "ERR_FETCH_IO", true);
    expectSplitEverywhere(utf8("HTTP/1.1 200 OK\r\nX: a\r\n  folded\r\n\r\n"), "ERR_FETCH_BAD_RESPONSE");
  });
});
