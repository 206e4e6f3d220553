// RespReader protocol errors: each malformed input sets its code, whatever the split; the reader stays poisoned
// until reset(); replies completed before the error are still returned.
import { RESP_ERR_LAST, RespErr, respErrName, RespReader } from "../../../assembly/resp/reader";
import { concat, drain, errOf, errOfText, raw, utf8 } from "./helpers";

// Expects every input to fail with code, fed whole and split at every byte.
function expectErr(inputs: Array<string>, code: RespErr): void {
  for (let i = 0; i < inputs.length; i++) {
    const input = utf8(inputs[i]);
    expect(errOf(input)).toBe(code, inputs[i]);
    for (let k = 0; k <= input.length; k++) {
      const r = new RespReader();
      r.feed(input.subarray(0, k));
      drain(r);
      r.feed(input.subarray(k));
      drain(r);
      expect(r.err).toBe(code, inputs[i] + " split at " + k.toString());
    }
  }
}

describe("RespReader malformed input", () => {
  it("rejects a bad type byte with hiredis' message", () => {
    expectErr(["@foo\r\n", " +OK\r\n", "\r\n", "x", "a\r\n", "*1\r\n?\r\n"], RespErr.BadType);
    const r = new RespReader();
    r.feed(utf8("@"));
    expect(r.next()).toBeNull();
    expect(r.errText).toBe("Protocol error, got \"@\" as reply type byte");
    const z = new RespReader();
    z.feed(raw([0x00]));
    z.next();
    expect(z.errText).toBe("Protocol error, got \"\\x00\" as reply type byte");
  });

  it("rejects lengths that are not strict integers", () => {
    expectErr(["$abc\r\n", "$\r\n", "$+5\r\n", "$05\r\n", "$ 5\r\n", "$5 \r\n", "*1.0\r\n", "*-0\r\n", "%x\r\n"],
      RespErr.BadLength);
  });

  it("rejects negative lengths other than the RESP2 null -1, and -1 where RESP has no null", () => {
    expectErr(["$-2\r\n", "*-2\r\n", "$-9223372036854775808\r\n", "%-1\r\n", "~-1\r\n", ">-1\r\n", "|-1\r\n",
      "!-1\r\n", "=-1\r\n"], RespErr.BadLength);
  });

  it("rejects integer replies with a sign '+', leading zeros, -0, spaces or junk", () => {
    expectErr([":+1\r\n", ":01\r\n", ":-0\r\n", ":\r\n", ":-\r\n", ": 1\r\n", ":1 \r\n", ":1a\r\n", ":1.0\r\n",
      ":0x10\r\n"], RespErr.BadInteger);
  });

  it("detects integer and length overflow past 64 bits", () => {
    expectErr([":9223372036854775808\r\n", ":-9223372036854775809\r\n", ":99999999999999999999\r\n",
      "$9223372036854775808\r\n", "*18446744073709551616\r\n"], RespErr.IntegerOverflow);
  });

  it("requires CRLF: no bare LF, no CR without LF, and CRLF right after a bulk payload", () => {
    expectErr(["+OK\n", "+OK\rX", "+O\nK\r\n", "$3\r\nabcX\r\n", "$3\r\nabc\rX", "$3\r\nabc\n\r", ":1\n",
      "$3\nabc\r\n", "*1\r\n+a\r\r\n"], RespErr.MissingCrlf);
  });

  it("rejects RESP3 null, boolean, double and big number lines that break their grammar", () => {
    expectErr(["_x\r\n", "_ \r\n", "#\r\n", "#tt\r\n", "#T\r\n", "#1\r\n", ",\r\n", ",1.\r\n", ",.5\r\n", ",01\r\n",
      ",1e\r\n", ",1e+\r\n", ",Inf\r\n", ",NaN\r\n", ",-nan\r\n", ", 1\r\n", ",+-1\r\n", ",0x1\r\n", "(\r\n",
      "(-\r\n", "(1.5\r\n", "(1a\r\n", "(+-1\r\n"], RespErr.BadScalar);
  });

  it("rejects verbatim strings without a 3-byte format and colon", () => {
    expectErr(["=3\r\ntxt\r\n", "=0\r\n\r\n", "=4\r\ntxt;\r\n", "=5\r\ntx:ab\r\n"], RespErr.BadVerbatim);
  });
});

describe("RespReader poisoning", () => {
  it("stays poisoned after an error: feed refuses bytes and next returns null", () => {
    const r = new RespReader();
    r.feed(utf8(":01\r\n"));
    expect(r.next()).toBeNull();
    expect(r.err).toBe(RespErr.BadInteger);
    expect(r.feed(utf8("+OK\r\n"))).toBe(false);
    expect(r.next()).toBeNull();
    expect(r.err).toBe(RespErr.BadInteger);
    expect(r.buffered).toBe(0);
    expect(r.inReply).toBe(false);
  });

  it("drops a partial reply when poisoned mid-aggregate", () => {
    const r = new RespReader();
    r.feed(utf8("*3\r\n:1\r\n|1\r\n+a\r\n:1\r\n"));
    expect(r.next()).toBeNull();
    expect(r.inReply).toBe(true);
    r.feed(utf8("?"));
    expect(r.next()).toBeNull();
    expect(r.err).toBe(RespErr.BadType);
    expect(r.inReply).toBe(false);
  });

  it("returns the replies completed before the error, then stops", () => {
    const r = new RespReader();
    r.feed(utf8("+OK\r\n:1\r\n@\r\n+never\r\n"));
    expect(r.next()!.textIs("OK")).toBe(true);
    expect(r.next()!.integer).toBe(1);
    expect(r.next()).toBeNull();
    expect(r.err).toBe(RespErr.BadType);
    expect(r.next()).toBeNull();
  });

  it("works again after reset(), with nothing left of the old stream", () => {
    const r = new RespReader();
    r.feed(utf8("*2\r\n:1\r\n:x\r\n"));
    expect(r.next()).toBeNull();
    expect(r.err).toBe(RespErr.BadInteger);
    r.reset();
    expect(r.err).toBe(RespErr.Ok);
    expect(r.errText).toBe("");
    expect(r.feed(utf8("+OK\r\n"))).toBe(true);
    expect(drain(r)).toBe("+OK");
  });

  it("keeps a server error reply apart from a protocol error", () => {
    const r = new RespReader();
    r.feed(concat(utf8("-ERR unknown command 'FOO'\r\n"), utf8("+OK\r\n")));
    expect(r.next()!.isError()).toBe(true);
    expect(r.err).toBe(RespErr.Ok);
    expect(r.next()!.textIs("OK")).toBe(true);
  });
});

describe("respErrName", () => {
  it("names every code with a distinct ERR_RESP_ name", () => {
    const seen = new Set<string>();
    expect(respErrName(RespErr.Ok)).toBe("OK");
    for (let c = 1; c <= RESP_ERR_LAST; c++) {
      const name = respErrName(<RespErr>c);
      expect(name.startsWith("ERR_RESP_")).toBe(true, name);
      expect(name).not.toBe("ERR_RESP_UNKNOWN");
      expect(seen.has(name)).toBe(false, name);
      seen.add(name);
    }
    expect(respErrName(<RespErr>(RESP_ERR_LAST + 1))).toBe("ERR_RESP_UNKNOWN");
    expect(respErrName(RespErr.BadType)).toBe("ERR_RESP_BAD_TYPE");
    expect(respErrName(RespErr.BufferFull)).toBe("ERR_RESP_BUFFER_FULL");
  });

  it("accepts an input that only looks like an error", () => {
    expect(errOfText("$4\r\n\r\n\r\n\r\n")).toBe(RespErr.Ok);
  });
});
