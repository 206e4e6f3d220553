// RespReader limits: each one accepts its boundary and rejects one past it with its own code.
import { MAX_DEPTH_CAP, RespErr, RespLimits, RespReader } from "../../../assembly/resp/reader";
import { errOf, errOfText, limitsOf, readAll, utf8 } from "./helpers";

// depth nested one-element arrays around an empty array: depth 1 is `*0`, depth 2 `*1 *0`.
function nestedArrays(depth: i32): Uint8Array {
  return utf8("*1\r\n".repeat(depth - 1) + "*0\r\n");
}

function line(len: i32): string {
  return "+" + "a".repeat(len) + "\r\n";
}

function bulk(type: string, len: i32): Uint8Array {
  return utf8(type + len.toString() + "\r\n" + (type == "=" ? "txt:" + "v".repeat(len - 4) : "v".repeat(len)) + "\r\n");
}

describe("RespLimits defaults", () => {
  it("has the documented defaults", () => {
    const l = new RespLimits();
    expect(l.maxDepth).toBe(32);
    expect(l.maxElements).toBe(65536);
    expect(l.maxBulkBytes).toBe(1 << 20);
    expect(l.maxLineBytes).toBe(1 << 16);
    expect(l.maxReplyBytes).toBe(1 << 22);
    expect(l.maxBufferBytes).toBe(1 << 23);
  });
});

describe("RespLimits maxDepth", () => {
  it("accepts nesting at maxDepth and rejects maxDepth + 1 with TooDeep", () => {
    const l = limitsOf(3);
    expect(errOf(nestedArrays(2), l)).toBe(RespErr.Ok);
    expect(errOf(nestedArrays(3), l)).toBe(RespErr.Ok);
    expect(errOf(nestedArrays(4), l)).toBe(RespErr.TooDeep);
  });

  it("enforces the default depth of 32", () => {
    expect(errOf(nestedArrays(32))).toBe(RespErr.Ok);
    expect(errOf(nestedArrays(33))).toBe(RespErr.TooDeep);
  });

  it("counts maps, sets, pushes and attributes as levels", () => {
    const l = limitsOf(2);
    expect(errOfText("%1\r\n~1\r\n_\r\n_\r\n", l)).toBe(RespErr.Ok);
    expect(errOfText("%1\r\n~1\r\n>0\r\n_\r\n", l)).toBe(RespErr.TooDeep);
    expect(errOfText("*1\r\n|1\r\n*0\r\n_\r\n_\r\n", l)).toBe(RespErr.TooDeep);
  });

  it("clamps maxDepth to MAX_DEPTH_CAP", () => {
    const l = limitsOf(100000);
    expect(errOf(nestedArrays(MAX_DEPTH_CAP), l)).toBe(RespErr.Ok);
    expect(errOf(nestedArrays(MAX_DEPTH_CAP + 1), l)).toBe(RespErr.TooDeep);
  });
});

describe("RespLimits maxElements", () => {
  it("counts the reply and every nested value, and rejects one more", () => {
    const l = limitsOf(32, 3);
    expect(errOfText("*2\r\n:1\r\n:2\r\n", l)).toBe(RespErr.Ok);
    expect(errOfText("*1\r\n*1\r\n:1\r\n", l)).toBe(RespErr.Ok);
    expect(errOfText("*3\r\n:1\r\n:2\r\n:3\r\n", l)).toBe(RespErr.TooManyElements);
    expect(errOfText("*1\r\n*1\r\n*1\r\n:1\r\n", l)).toBe(RespErr.TooManyElements);
  });

  it("rejects an aggregate header that announces too many elements before they arrive", () => {
    expect(errOfText("*3\r\n", limitsOf(32, 3))).toBe(RespErr.TooManyElements);
    expect(errOfText("*2\r\n", limitsOf(32, 3))).toBe(RespErr.Ok);
    expect(errOfText("*9223372036854775807\r\n")).toBe(RespErr.TooManyElements);
    expect(errOfText("%4611686018427387904\r\n")).toBe(RespErr.TooManyElements);
  });

  it("counts both halves of each map and attribute pair", () => {
    expect(errOfText("%1\r\n:1\r\n:2\r\n", limitsOf(32, 3))).toBe(RespErr.Ok);
    expect(errOfText("%1\r\n:1\r\n:2\r\n", limitsOf(32, 2))).toBe(RespErr.TooManyElements);
    expect(errOfText("|1\r\n:1\r\n:2\r\n_\r\n", limitsOf(32, 4))).toBe(RespErr.Ok);
    expect(errOfText("|1\r\n:1\r\n:2\r\n_\r\n", limitsOf(32, 3))).toBe(RespErr.TooManyElements);
  });

  it("gives each pipelined reply its own count", () => {
    expect(readAll(utf8("*2\r\n:1\r\n:2\r\n*2\r\n:3\r\n:4\r\n"), limitsOf(32, 3))).toBe("*[:1,:2] *[:3,:4]");
  });
});

describe("RespLimits maxBulkBytes", () => {
  it("accepts bulk strings, bulk errors and verbatim strings of maxBulkBytes and rejects one more", () => {
    const l = limitsOf(32, 100, 10);
    expect(errOf(bulk("$", 10), l)).toBe(RespErr.Ok);
    expect(errOf(bulk("$", 11), l)).toBe(RespErr.BulkTooLong);
    expect(errOf(bulk("!", 10), l)).toBe(RespErr.Ok);
    expect(errOf(bulk("!", 11), l)).toBe(RespErr.BulkTooLong);
    expect(errOf(bulk("=", 10), l)).toBe(RespErr.Ok);
    expect(errOf(bulk("=", 11), l)).toBe(RespErr.BulkTooLong);
  });

  it("rejects an oversized bulk from its header alone", () => {
    expect(errOfText("$1048577\r\n")).toBe(RespErr.BulkTooLong);
    expect(errOfText("$1048576\r\n")).toBe(RespErr.Ok);
    expect(errOfText("$9223372036854775807\r\n")).toBe(RespErr.BulkTooLong);
  });
});

describe("RespLimits maxLineBytes", () => {
  it("accepts a line of maxLineBytes and rejects one more", () => {
    const l = limitsOf(32, 100, 100, 8);
    expect(errOfText(line(8), l)).toBe(RespErr.Ok);
    expect(errOfText(line(9), l)).toBe(RespErr.LineTooLong);
    expect(errOfText(":12345678\r\n", l)).toBe(RespErr.Ok);
    expect(errOfText(":123456789\r\n", l)).toBe(RespErr.LineTooLong);
  });

  it("rejects a line as soon as it is one byte too long, without waiting for CRLF", () => {
    const l = limitsOf(32, 100, 100, 8);
    const r = new RespReader(l);
    r.feed(utf8("+aaaaaaaa"));
    expect(r.next()).toBeNull();
    expect(r.err).toBe(RespErr.Ok);
    r.feed(utf8("\r"));
    expect(r.next()).toBeNull();
    expect(r.err).toBe(RespErr.Ok);
    const r2 = new RespReader(l);
    r2.feed(utf8("+aaaaaaaaa"));
    expect(r2.next()).toBeNull();
    expect(r2.err).toBe(RespErr.LineTooLong);
  });
});

describe("RespLimits maxReplyBytes", () => {
  it("accepts a reply of maxReplyBytes wire bytes and rejects one more", () => {
    expect(errOfText("+OK\r\n", limitsOf(32, 100, 100, 100, 5))).toBe(RespErr.Ok);
    expect(errOfText("+OK\r\n", limitsOf(32, 100, 100, 100, 4))).toBe(RespErr.ReplyTooLarge);
    const arr = "*2\r\n$3\r\nabc\r\n:1\r\n"; // 4 + 9 + 4 = 17 bytes
    expect(errOfText(arr, limitsOf(32, 100, 100, 100, 17))).toBe(RespErr.Ok);
    expect(errOfText(arr, limitsOf(32, 100, 100, 100, 16))).toBe(RespErr.ReplyTooLarge);
  });

  it("rejects a bulk that would overflow the reply from its header alone", () => {
    // The whole reply would be `*1\r\n$3\r\nabc\r\n`: 13 bytes.
    expect(errOfText("*1\r\n$3\r\n", limitsOf(32, 100, 100, 100, 13))).toBe(RespErr.Ok);
    expect(errOfText("*1\r\n$3\r\n", limitsOf(32, 100, 100, 100, 12))).toBe(RespErr.ReplyTooLarge);
  });

  it("gives each pipelined reply its own budget", () => {
    expect(readAll(utf8("+OK\r\n+OK\r\n+OK\r\n"), limitsOf(32, 100, 100, 100, 5))).toBe("+OK +OK +OK");
  });
});

describe("RespLimits maxBufferBytes", () => {
  it("accepts up to maxBufferBytes unread bytes and rejects one more with BufferFull", () => {
    const reply = utf8("$10\r\n0123456789\r\n"); // 17 bytes
    const fits = new RespReader(limitsOf(32, 100, 100, 100, 100, 17));
    expect(fits.feed(reply)).toBe(true);
    expect(fits.next()!.text()).toBe("0123456789");
    const r = new RespReader(limitsOf(32, 100, 100, 100, 100, 16));
    expect(r.feed(reply.subarray(0, 10))).toBe(true);
    expect(r.feed(reply.subarray(10, 16))).toBe(true);
    expect(r.next()).toBeNull();
    expect(r.err).toBe(RespErr.Ok);
    expect(r.feed(reply.subarray(16))).toBe(false);
    expect(r.err).toBe(RespErr.BufferFull);
    expect(r.buffered).toBe(0);
  });

  it("counts only unread bytes, so consumed replies make room again", () => {
    const r = new RespReader(limitsOf(32, 100, 100, 100, 100, 10));
    for (let i = 0; i < 100; i++) {
      expect(r.feed(utf8("+0123456\r\n"))).toBe(true);
      expect(r.next()).not.toBeNull();
    }
    expect(r.feed(utf8("+0123456\r\n+"))).toBe(false);
    expect(r.err).toBe(RespErr.BufferFull);
  });
});
