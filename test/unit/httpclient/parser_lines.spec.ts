// The status line (RFC 9112 §4) and field lines (§5): what is accepted, what is refused, and how fields are
// looked up afterwards.
import { HttpClientErr } from "../../../assembly/httpclient/errors";
import { ResponseParser } from "../../../assembly/httpclient/parser";
import { HttpResponse } from "../../../assembly/httpclient/response";
import { bytes, detailOf, parseText } from "./helpers";

function status(line: string): string {
  return parseText(line + "\r\nContent-Length: 0\r\n\r\n");
}

function field(line: string): string {
  return parseText("HTTP/1.1 200 OK\r\n" + line + "\r\nContent-Length: 0\r\n\r\n");
}

function response(text: string): HttpResponse {
  const p = new ResponseParser();
  p.begin(false);
  expect(p.feed(bytes(text))).toBe(true);
  expect(p.err).toBe(HttpClientErr.Ok);
  return p.take()!;
}

describe("status line", () => {
  it("reads version, code and reason; the reason may be empty or absent", () => {
    expect(status("HTTP/1.1 404 Not Found")).toBe("404 1.1 i0 \"Not Found\" [content-length=\"0\"] \"\"");
    expect(status("HTTP/1.1 200 ")).toBe("200 1.1 i0 \"\" [content-length=\"0\"] \"\"");
    expect(status("HTTP/1.1 200")).toBe("200 1.1 i0 \"\" [content-length=\"0\"] \"\"");
    expect(status("HTTP/1.1 599 a\tb  c")).toBe("599 1.1 i0 \"a\\x09b  c\" [content-length=\"0\"] \"\"");
    expect(status("HTTP/1.9 200 OK")).toBe("200 1.9 i0 \"OK\" [content-length=\"0\"] \"\"");
  });

  it("refuses other versions, codes outside 100..599 and malformed lines", () => {
    const bad = ["HTTP/2 200 OK", "HTTP/2.0 200 OK", "HTTP/0.9 200 OK", "http/1.1 200 OK", "HTTP/1.1 099 x",
      "HTTP/1.1 600 x", "HTTP/1.1 20x OK", "HTTP/1.1 2000 OK", "HTTP/1.1  200 OK", "HTTP/1.1\t200 OK", "HTTP/1.1 200\tOK",
      "HTTP/1.1 200 O\x00K", "HTTP/1.1 200 O\rK", "HTTP/1.1 200 O\x7fK", " HTTP/1.1 200 OK", "", "HTTP/1.1 20", "HTTP/1.x 200 OK"];
    for (let i = 0; i < bad.length; i++) expect(status(bad[i])).toBe("ERR_FETCH_BAD_RESPONSE", bad[i]);
  });

  it("names what it got, escaped, in the detail", () => {
    expect(detailOf("\x15\x03\x01\x00\x02\x02\x0b\n")).toBe("not an HTTP/1.x status line: \"\\x15\\x03\\x01\\x00\\x02\\x02\\x0b\"");
    expect(detailOf("<html><head><title>It works! Apache</title></head>\n"))
      .toBe("not an HTTP/1.x status line: \"<html><head><title>It works! Apa\"...");
  });

  it("keeps obs-text in the reason, decoded as UTF-8", () => {
    expect(response("HTTP/1.1 200 Gr\xc3\xbc\xc3\x9fe\r\nContent-Length: 0\r\n\r\n").reason).toBe("Grüße");
  });
});

describe("field lines", () => {
  it("trims whitespace around the value and lowercases the name", () => {
    expect(field("X-Thing: \t a b \t ")).toBe("200 1.1 i0 \"OK\" [x-thing=\"a b\",content-length=\"0\"] \"\"");
    expect(field("X-Empty:")).toBe("200 1.1 i0 \"OK\" [x-empty=\"\",content-length=\"0\"] \"\"");
    expect(field("x!#$%&'*+-.^_`|~9:v")).toBe("200 1.1 i0 \"OK\" [x!#$%&'*+-.^_`|~9=\"v\",content-length=\"0\"] \"\"");
  });

  it("refuses obs-fold, whitespace before the colon, missing colons and names that are not tokens", () => {
    const bad = ["X: a\r\n b", "X: a\r\n\tb", "X : a", "X\t: a", "X", ": a", "X(y): a", "X\x80: a", " X: a"];
    for (let i = 0; i < bad.length; i++) expect(field(bad[i])).toBe("ERR_FETCH_BAD_RESPONSE", bad[i]);
    expect(detailOf("HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n")).toBe("obsolete line folding (RFC 9112 §5.2) in the header section, field line 2");
    expect(detailOf("HTTP/1.1 200 OK\r\nA: 1\r\nB : secret\r\n\r\n"))
      .toBe("bad field line: the name is not a token, or whitespace precedes ':' in the header section, field line 2");
  });

  it("refuses NUL, bare CR and other controls in a value, but keeps HTAB and obs-text", () => {
    const bad = ["X: a\x00b", "X: a\rb", "X: a\x01", "X: \x7f", "X: a\x1bb"];
    for (let i = 0; i < bad.length; i++) expect(field(bad[i])).toBe("ERR_FETCH_BAD_RESPONSE", bad[i]);
    expect(detailOf("HTTP/1.1 200 OK\r\nX-Bad: a\x00b\r\n\r\n")).toBe("control character in the value of field X-Bad in the header section, field line 1");
    expect(field("X: a\tb")).toBe("200 1.1 i0 \"OK\" [x=\"a\\x09b\",content-length=\"0\"] \"\"");
    expect(response("HTTP/1.1 200 OK\r\nX: caf\xc3\xa9 \xff\r\nContent-Length: 0\r\n\r\n").header("x")).toBe("café \uFFFD");
  });

  it("looks names up in any case and combines repeated lines in order", () => {
    const r = response("HTTP/1.1 200 OK\r\nVary: a\r\nContent-Type: text/plain\r\nVARY: b\r\nContent-Length: 0\r\n\r\n");
    expect(r.header("vary")).toBe("a, b");
    expect(r.header("Content-TYPE")).toBe("text/plain");
    expect(r.header("missing")).toBeNull();
    expect(r.headers.getAll("Vary").join("|")).toBe("a|b");
    expect(r.headers.has("CONTENT-length")).toBe(true);
    expect(r.headers.count).toBe(4);
    expect(r.headers.name(2)).toBe("vary");
    expect(r.headers.value(99)).toBe("");
    expect(r.headers.name(-1)).toBe("");
  });

  it("gives the body as text only when it is UTF-8", () => {
    expect(response("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{\"a\"}").bodyText()).toBe("{\"a\"}");
    expect(response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n\xc3(").bodyText()).toBeNull();
  });
});
