// Every limit at its edge: exactly at the limit is accepted, one past it is TooLarge, whatever the framing.
import { MAX_CHUNK_LINE } from "../../../assembly/httpclient/limits";
import { ResponseParser } from "../../../assembly/httpclient/parser";
import { detailOf, expectSplitEverywhere, limitsOf, parseText, utf8 } from "./helpers";

const CL_HEAD = "HTTP/1.1 200 OK\r\nContent-Length: "; // + n + "\r\n\r\n"

function clResponse(n: i32): string {
  return CL_HEAD + n.toString() + "\r\n\r\n" + "x".repeat(n);
}

describe("maxResponseBytes counts every byte of the reply", () => {
  it("accepts a Content-Length response of exactly the limit and refuses one byte more", () => {
    const wire = clResponse(100);
    const exact = limitsOf(wire.length);
    expect(parseText(wire, false, exact).slice(0, 3)).toBe("200");
    expect(parseText(clResponse(101), false, exact)).toBe("ERR_FETCH_TOO_LARGE");
    expect(detailOf(clResponse(101), false, exact)).toBe("Content-Length 101 over the " + wire.length.toString() + "-byte response limit");
  });

  it("refuses a huge Content-Length at once, without reading or allocating the body", () => {
    expect(parseText(CL_HEAD + "99999999999999999999999999\r\n\r\n")).toBe("ERR_FETCH_TOO_LARGE");
    expect(parseText(CL_HEAD + "1048577\r\n\r\n")).toBe("ERR_FETCH_TOO_LARGE");
  });

  it("counts chunk framing and trailers", () => {
    const wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX: y\r\n\r\n";
    expect(parseText(wire, false, limitsOf(wire.length)).slice(0, 3)).toBe("200");
    expect(parseText(wire, false, limitsOf(wire.length - 1))).toBe("ERR_FETCH_TOO_LARGE");
    const chunkFits = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n";
    expect(parseText(chunkFits, false, limitsOf(chunkFits.length - 1))).toBe("ERR_FETCH_TOO_LARGE");
  });

  it("bounds a body read until the close", () => {
    const wire = "HTTP/1.1 200 OK\r\n\r\n" + "z".repeat(50);
    expect(parseText(wire, true, limitsOf(wire.length)).slice(0, 3)).toBe("200");
    expect(parseText(wire, true, limitsOf(wire.length - 1))).toBe("ERR_FETCH_TOO_LARGE");
    expect(detailOf(wire, true, limitsOf(wire.length - 1))).toBe("a response larger than " + (wire.length - 1).toString() + " bytes");
  });

  it("counts interim responses too", () => {
    const final = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    const interim = "HTTP/1.1 100 Continue\r\n\r\n";
    expect(parseText(interim + final, false, limitsOf(interim.length + final.length)).slice(0, 3)).toBe("200");
    expect(parseText(interim + final, false, limitsOf(interim.length + final.length - 1))).toBe("ERR_FETCH_TOO_LARGE");
  });

  it("clamps nonsense limits instead of trapping", () => {
    expect(parseText(clResponse(1), false, limitsOf(0))).toBe("ERR_FETCH_TOO_LARGE");
    expect(parseText(clResponse(1), false, limitsOf(-5))).toBe("ERR_FETCH_TOO_LARGE");
    expect(parseText(clResponse(3), false, limitsOf(i32.MAX_VALUE, i32.MAX_VALUE, i32.MAX_VALUE)).slice(0, 3)).toBe("200");
    expect(parseText(clResponse(3), false, limitsOf(1 << 20, -1, -1))).toBe("ERR_FETCH_TOO_LARGE");
  });
});

describe("header section limits", () => {
  it("accepts a header section of exactly maxHeaderBytes and refuses one byte more", () => {
    const head = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    expect(parseText(head, false, limitsOf(1 << 20, head.length)).slice(0, 3)).toBe("200");
    expect(parseText(head, false, limitsOf(1 << 20, head.length - 1))).toBe("ERR_FETCH_TOO_LARGE");
    expect(detailOf(head, false, limitsOf(1 << 20, head.length - 1))).toBe("a header section larger than " + (head.length - 1).toString() + " bytes");
  });

  it("counts every line in full however the feeds cut it (found by the fuzz test)", () => {
    const head = "HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 0\r\n\r\n";
    expectSplitEverywhere(utf8(head), "200 1.1 i0 \"OK\" [x-a=\"1\",content-length=\"0\"] \"\"", false, limitsOf(1 << 20, head.length));
    expectSplitEverywhere(utf8(head), "ERR_FETCH_TOO_LARGE", false, limitsOf(1 << 20, head.length - 1));
  });

  it("refuses one long line as soon as it passes the limit, before its end arrives", () => {
    const p = new ResponseParser(limitsOf(1 << 20, 100));
    p.begin(false);
    expect(p.feed(utf8("HTTP/1.1 200 OK\r\nX: " + "a".repeat(100)))).toBe(false);
  });

  it("accepts maxHeaders fields and refuses one more", () => {
    let fields = "";
    for (let i = 0; i < 9; i++) fields += "X-" + i.toString() + ": v\r\n";
    expect(parseText("HTTP/1.1 200 OK\r\n" + fields + "Content-Length: 0\r\n\r\n", false, limitsOf(1 << 20, 1 << 10, 10)).slice(0, 3)).toBe("200");
    expect(parseText("HTTP/1.1 200 OK\r\n" + fields + "X-9: v\r\nContent-Length: 0\r\n\r\n", false, limitsOf(1 << 20, 1 << 10, 10)))
      .toBe("ERR_FETCH_TOO_LARGE");
  });

  it("applies the same limits to the trailer section, afresh", () => {
    const head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
    const l = limitsOf(1 << 20, 60, 2);
    expect(parseText(head + "A: 1\r\nB: 2\r\n\r\n", false, l).slice(0, 3)).toBe("200");
    expect(parseText(head + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n", false, l)).toBe("ERR_FETCH_TOO_LARGE");
    expect(parseText(head + "A: " + "x".repeat(60) + "\r\n\r\n", false, l)).toBe("ERR_FETCH_TOO_LARGE");
  });
});

describe("chunk-size line limit", () => {
  it("accepts a chunk-size line of MAX_CHUNK_LINE bytes with its CRLF and refuses one byte more", () => {
    const head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    const ext = (n: i32): string => "1;" + "e".repeat(n - 4) + "\r\n"; // n bytes in all
    expect(parseText(head + ext(MAX_CHUNK_LINE) + "x\r\n0\r\n\r\n").slice(0, 3)).toBe("200");
    expect(parseText(head + ext(MAX_CHUNK_LINE + 1) + "x\r\n0\r\n\r\n")).toBe("ERR_FETCH_TOO_LARGE");
  });
});
