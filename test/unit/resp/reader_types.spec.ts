// RespReader: every RESP2 and RESP3 type decodes to the right kind and fields; server errors are values.
import { RespReader } from "../../../assembly/resp/reader";
import { RespKind, RespValue } from "../../../assembly/resp/value";
import { concat, one, raw, readAll, utf8 } from "./helpers";

function first(text: string): RespReader {
  const r = new RespReader();
  r.feed(utf8(text));
  return r;
}

describe("RespReader RESP2 types", () => {
  it("decodes a simple string", () => {
    const v = first("+OK\r\n").next()!;
    expect(v.kind).toBe(RespKind.SimpleString);
    expect(v.textIs("OK")).toBe(true);
    expect(v.text()).toBe("OK");
    expect(one("+\r\n")).toBe("+");
  });

  it("decodes an error reply as a value of kind Error, keeping the server's text", () => {
    const v = first("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n").next()!;
    expect(v.kind).toBe(RespKind.Error);
    expect(v.isError()).toBe(true);
    expect(v.errorCode()).toBe("WRONGTYPE");
    expect(v.text()).toBe("WRONGTYPE Operation against a key holding the wrong kind of value");
  });

  it("keeps the error codes a session store must branch on", () => {
    expect(first("-NOAUTH Authentication required.\r\n").next()!.errorCode()).toBe("NOAUTH");
    expect(first("-WRONGPASS invalid username-password pair or user is disabled.\r\n").next()!.errorCode())
      .toBe("WRONGPASS");
    expect(first("-READONLY You can't write against a read only replica.\r\n").next()!.errorCode()).toBe("READONLY");
    expect(first("-OOM command not allowed when used memory > 'maxmemory'.\r\n").next()!.errorCode()).toBe("OOM");
    expect(first("-LOADING Redis is loading the dataset in memory\r\n").next()!.errorCode()).toBe("LOADING");
    expect(first("-ERR\r\n").next()!.errorCode()).toBe("ERR");
    expect(first("+OK\r\n").next()!.errorCode()).toBe("");
  });

  it("decodes integers across the whole i64 range", () => {
    const v = first(":1000\r\n").next()!;
    expect(v.kind).toBe(RespKind.Integer);
    expect(v.integer).toBe(1000);
    expect(one(":0\r\n")).toBe(":0");
    expect(one(":-1\r\n")).toBe(":-1");
    expect(first(":9223372036854775807\r\n").next()!.integer).toBe(i64.MAX_VALUE);
    expect(first(":-9223372036854775808\r\n").next()!.integer).toBe(i64.MIN_VALUE);
  });

  it("decodes bulk strings, empty and binary-safe with CR, LF and NUL inside", () => {
    const v = first("$5\r\nhello\r\n").next()!;
    expect(v.kind).toBe(RespKind.BulkString);
    expect(v.text()).toBe("hello");
    expect(one("$0\r\n\r\n")).toBe("$");
    expect(one("$6\r\na\r\nb\rc\r\n")).toBe("$a\\r\\nb\\rc");
    const bin = concat(utf8("$4\r\n"), concat(raw([0x00, 0xff, 0x0a, 0x0d]), utf8("\r\n")));
    expect(readAll(bin)).toBe("$\\x00\\xff\\n\\r");
  });

  it("decodes the RESP2 null bulk string and null array as Null", () => {
    expect(first("$-1\r\n").next()!.isNull()).toBe(true);
    expect(first("*-1\r\n").next()!.kind).toBe(RespKind.Null);
  });

  it("decodes arrays: empty, flat, nested and mixed", () => {
    expect(one("*0\r\n")).toBe("*[]");
    const v = first("*3\r\n:1\r\n$3\r\nfoo\r\n*2\r\n+a\r\n$-1\r\n").next()!;
    expect(v.kind).toBe(RespKind.Array);
    expect(v.length).toBe(3);
    expect(v.at(0)!.integer).toBe(1);
    expect(v.at(1)!.text()).toBe("foo");
    expect(v.at(2)!.at(1)!.isNull()).toBe(true);
    expect(v.at(3)).toBeNull();
    expect(v.at(-1)).toBeNull();
    expect(one("*2\r\n*1\r\n*0\r\n-ERR x\r\n")).toBe("*[*[*[]],-ERR x]");
  });
});

describe("RespReader RESP3 types", () => {
  it("decodes null and booleans", () => {
    expect(one("_\r\n")).toBe("_");
    const t = first("#t\r\n").next()!;
    expect(t.kind).toBe(RespKind.Bool);
    expect(t.bool).toBe(true);
    expect(first("#f\r\n").next()!.bool).toBe(false);
  });

  it("decodes doubles, keeping their text, with inf, -inf and nan", () => {
    const v = first(",3.14\r\n").next()!;
    expect(v.kind).toBe(RespKind.Double);
    expect(v.toDouble()).toBe(3.14);
    expect(v.text()).toBe("3.14");
    expect(first(",-1.5e-3\r\n").next()!.toDouble()).toBe(-0.0015);
    expect(first(",+2\r\n").next()!.toDouble()).toBe(2);
    expect(first(",1E+2\r\n").next()!.toDouble()).toBe(100);
    expect(first(",inf\r\n").next()!.toDouble()).toBe(Infinity);
    expect(first(",-inf\r\n").next()!.toDouble()).toBe(-Infinity);
    expect(isNaN(first(",nan\r\n").next()!.toDouble())).toBe(true);
    expect(first(",1e400\r\n").next()!.toDouble()).toBe(Infinity);
    expect(first(",-1e400\r\n").next()!.toDouble()).toBe(-Infinity);
    expect(first(",0.30000000000000004\r\n").next()!.toDouble()).toBe(0.30000000000000004);
  });

  it("decodes big numbers as their digits", () => {
    const v = first("(3492890328409238509324850943850943825024385\r\n").next()!;
    expect(v.kind).toBe(RespKind.BigNumber);
    expect(v.text()).toBe("3492890328409238509324850943850943825024385");
    expect(one("(-12\r\n")).toBe("(-12");
  });

  it("decodes a bulk error as an Error value, CRLF inside allowed", () => {
    const v = first("!22\r\nSYNTAX invalid\r\nsyntax\r\n").next()!;
    expect(v.kind).toBe(RespKind.Error);
    expect(v.errorCode()).toBe("SYNTAX");
    expect(one("!0\r\n\r\n")).toBe("-");
  });

  it("decodes a verbatim string into format and text", () => {
    const v = first("=15\r\ntxt:Some string\r\n").next()!;
    expect(v.kind).toBe(RespKind.Verbatim);
    expect(v.format).toBe("txt");
    expect(v.text()).toBe("Some string");
    expect(one("=4\r\nmkd:\r\n")).toBe("=mkd:");
  });

  it("decodes maps as key, value pairs in wire order", () => {
    const v = first("%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n").next()!;
    expect(v.kind).toBe(RespKind.Map);
    expect(v.length).toBe(4);
    expect(v.at(2)!.text()).toBe("second");
    expect(v.at(3)!.integer).toBe(2);
    expect(one("%0\r\n")).toBe("%[]");
  });

  it("decodes sets and pushes", () => {
    expect(one("~3\r\n+a\r\n:1\r\n#f\r\n")).toBe("~[+a,:1,#f]");
    const p = first(">3\r\n$10\r\ninvalidate\r\n*1\r\n$3\r\nkey\r\n_\r\n").next()!;
    expect(p.kind).toBe(RespKind.Push);
    expect(readAll(utf8(">2\r\n+message\r\n+hi\r\n"))).toBe(">[+message,+hi]");
  });

  it("attaches an attribute to the value that follows it", () => {
    // The example of the RESP3 specification, Attribute type.
    const r = first("|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n" +
      "*2\r\n:2039123\r\n:9543892\r\n");
    const v = r.next()!;
    expect(v.kind).toBe(RespKind.Array);
    expect(v.attributes).not.toBeNull();
    expect(v.attributes!.kind).toBe(RespKind.Attribute);
    expect(v.attributes!.at(0)!.text()).toBe("key-popularity");
    expect(v.at(0)!.integer).toBe(2039123);
    expect(v.at(0)!.attributes).toBeNull();
  });

  it("attaches attributes inside aggregates without counting them as elements", () => {
    expect(one("*2\r\n:1\r\n|1\r\n+ttl\r\n:3600\r\n:2\r\n")).toBe("*[:1,|[+ttl,:3600]:2]");
    expect(one("|1\r\n+a\r\n:1\r\n|1\r\n+b\r\n:2\r\n+OK\r\n")).toBe("|[+a,:1,+b,:2]+OK");
    expect(one("|0\r\n_\r\n")).toBe("|[]_");
  });

  it("returns nothing for an attribute alone, and stays mid-reply", () => {
    const r = first("|1\r\n+a\r\n:1\r\n");
    expect(r.next()).toBeNull();
    expect(r.inReply).toBe(true);
    r.feed(utf8(":7\r\n"));
    expect(r.next()!.attributes!.length).toBe(2);
    expect(r.inReply).toBe(false);
  });
});

describe("RespValue accessors", () => {
  it("answer safely for kinds they do not apply to", () => {
    const n = new RespValue(RespKind.Null);
    expect(n.length).toBe(0);
    expect(n.at(0)).toBeNull();
    expect(n.text()).toBe("");
    expect(n.textIs("")).toBe(true);
    expect(n.errorCode()).toBe("");
    expect(n.toDouble()).toBe(0);
    expect(n.bool).toBe(false);
    expect(n.isAggregate()).toBe(false);
    expect(first(":1\r\n").next()!.bool).toBe(false);
  });

  it("compares text as UTF-8, beyond ASCII too", () => {
    // "café" is 4 characters and 5 bytes: lengths count bytes.
    expect(first("$5\r\ncaf\u00e9\r\n").next()!.textIs("caf\u00e9")).toBe(true);
    const w = first("+caf\u00e9\r\n").next()!;
    expect(w.textIs("caf\u00e9")).toBe(true);
    expect(w.textIs("cafe")).toBe(false);
    expect(w.textIs("caf")).toBe(false);
    expect(w.text()).toBe("caf\u00e9");
  });
});
