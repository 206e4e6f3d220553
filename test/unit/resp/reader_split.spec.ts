// RespReader incremental decoding: any split of the input gives the same replies; pipelined replies come out in
// order; consumed bytes are given back, so memory does not grow with the number of replies.
import { RespErr, RespReader } from "../../../assembly/resp/reader";
import { concat, drain, expectSplitEverywhere, raw, readAll, utf8 } from "./helpers";

function splitText(text: string, want: string): void {
  expectSplitEverywhere(utf8(text), want);
}

describe("RespReader split input", () => {
  it("resumes a simple string split at every byte", () => {
    splitText("+OK\r\n", "+OK");
  });

  it("resumes an error reply split at every byte", () => {
    splitText("-NOAUTH Authentication required.\r\n", "-NOAUTH Authentication required.");
  });

  it("resumes an integer split at every byte", () => {
    splitText(":-9223372036854775808\r\n", ":-9223372036854775808");
  });

  it("resumes a bulk string split at every byte", () => {
    splitText("$11\r\nhello world\r\n", "$hello world");
  });

  it("resumes a binary bulk string with CR and LF inside split at every byte", () => {
    const input = concat(utf8("$6\r\n\r\n\r"), concat(raw([0x00, 0xff, 0x0a]), utf8("\r\n")));
    expectSplitEverywhere(input, "$\\r\\n\\r\\x00\\xff\\n");
  });

  it("resumes null bulk, null array and RESP3 null split at every byte", () => {
    splitText("$-1\r\n*-1\r\n_\r\n", "_ _ _");
  });

  it("resumes a nested array split at every byte", () => {
    splitText("*3\r\n:1\r\n*2\r\n$3\r\nfoo\r\n+bar\r\n*0\r\n", "*[:1,*[$foo,+bar],*[]]");
  });

  it("resumes every RESP3 scalar split at every byte", () => {
    splitText("#t\r\n,-1.25e+2\r\n,inf\r\n(-123456789012345678901234567890\r\n",
      "#t ,-1.25e+2 ,inf (-123456789012345678901234567890");
    splitText("!8\r\nERR a\r\nb\r\n=8\r\ntxt:a\r\nb\r\n", "-ERR a\\r\\nb =txt:a\\r\\nb");
  });

  it("resumes maps, sets and pushes split at every byte", () => {
    splitText("%2\r\n+a\r\n:1\r\n$1\r\nb\r\n~1\r\n#f\r\n", "%[+a,:1,$b,~[#f]]");
    splitText(">3\r\n+message\r\n+chan\r\n$2\r\nhi\r\n", ">[+message,+chan,$hi]");
  });

  it("resumes attributes split at every byte", () => {
    splitText("|1\r\n+a\r\n:1\r\n*2\r\n|1\r\n+b\r\n:2\r\n_\r\n:3\r\n", "|[+a,:1]*[|[+b,:2]_,:3]");
  });

  it("decodes pipelined replies from one feed, in order", () => {
    const want = "+OK $v _ :1 -ERR no *[+a] +OK";
    expect(readAll(utf8("+OK\r\n$1\r\nv\r\n$-1\r\n:1\r\n-ERR no\r\n*1\r\n+a\r\n+OK\r\n"))).toBe(want);
    splitText("+OK\r\n$1\r\nv\r\n$-1\r\n:1\r\n-ERR no\r\n*1\r\n+a\r\n+OK\r\n", want);
  });

  it("returns null without an error while a reply is incomplete", () => {
    const r = new RespReader();
    r.feed(utf8("*2\r\n$5\r\nhel"));
    expect(r.next()).toBeNull();
    expect(r.err).toBe(RespErr.Ok);
    expect(r.inReply).toBe(true);
    expect(r.next()).toBeNull();
    r.feed(utf8("lo\r\n:2\r"));
    expect(r.next()).toBeNull();
    r.feed(utf8("\n"));
    expect(r.next()!.length).toBe(2);
    expect(r.inReply).toBe(false);
    expect(r.next()).toBeNull();
  });

  it("accepts empty feeds", () => {
    const r = new RespReader();
    expect(r.feed(new Uint8Array(0))).toBe(true);
    expect(r.next()).toBeNull();
    r.feed(utf8("+OK\r\n"));
    expect(r.feed(new Uint8Array(0))).toBe(true);
    expect(r.next()!.textIs("OK")).toBe(true);
  });
});

describe("RespReader memory", () => {
  it("keeps its buffer small across many replies fed one at a time", () => {
    const r = new RespReader();
    const reply = utf8("$100\r\n" + "x".repeat(100) + "\r\n");
    let got = 0;
    for (let i = 0; i < 20000; i++) {
      r.feed(reply);
      if (r.next() !== null) got++;
    }
    expect(got).toBe(20000);
    expect(r.capacity).toBeLessThanOrEqual(1024);
    expect(r.buffered).toBe(0);
  });

  it("gives back a buffer grown by a large reply once it is consumed", () => {
    const r = new RespReader();
    r.feed(utf8("$100000\r\n" + "y".repeat(100000) + "\r\n"));
    expect(r.capacity).toBeGreaterThanOrEqual(100000);
    expect(r.next()!.bytes.length).toBe(100000);
    expect(r.capacity).toBeLessThanOrEqual(16384);
  });

  it("discards the consumed prefix while replies arrive in small pieces", () => {
    const r = new RespReader();
    const reply = utf8("12345\r\n:");
    // Each feed ends mid-reply, so the buffer is never empty between replies: only compaction keeps it small.
    r.feed(utf8(":"));
    let got = 0;
    for (let i = 0; i < 5000; i++) {
      r.feed(reply);
      if (r.next() !== null && r.buffered == 1) got++;
    }
    expect(got).toBe(5000);
    expect(r.capacity).toBeLessThanOrEqual(4096);
  });

  it("keeps a backlog of pipelined replies intact while they are read one per feed", () => {
    const r = new RespReader();
    r.feed(utf8(":1\r\n".repeat(3000)));
    let ok = 0;
    for (let i = 0; i < 3000; i++) {
      const v = r.next();
      if (v !== null && v.integer == 1) ok++;
      r.feed(utf8(i % 2 == 0 ? ":" : "2\r\n"));
    }
    expect(ok).toBe(3000);
    expect(drain(r)).toBe(":2 ".repeat(1499) + ":2");
    expect(r.buffered).toBe(0);
    expect(r.capacity).toBeLessThanOrEqual(16384);
  });

  it("returns replies that stay valid after the buffer is reused", () => {
    const r = new RespReader();
    r.feed(utf8("$3\r\nabc\r\n"));
    const v = r.next()!;
    for (let i = 0; i < 100; i++) {
      r.feed(utf8("$3\r\nxyz\r\n"));
      r.next();
    }
    expect(v.text()).toBe("abc");
    expect(drain(r)).toBe("");
  });
});
