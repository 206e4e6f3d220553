// Percent-encoding (RFC 3986 §2.1) and query strings (application/x-www-form-urlencoded).
import { HttpErr, HttpStatus } from "../../../assembly/http/errors";
import { MAX_PERCENT_INPUT, PercentSet, percentDecode, percentEncode } from "../../../assembly/http/percent";
import { QueryBuilder, QueryParams } from "../../../assembly/http/query";

function decodeFails(s: string, plus: bool, e: HttpErr, offset: i32): void {
  const status = new HttpStatus();
  expect(percentDecode(s, plus, status)).toBeNull();
  expect(status.err).toBe(e);
  expect(status.offset).toBe(offset);
}

describe("percentEncode", () => {
  it("keeps only unreserved characters in a component, in uppercase hex", () => {
    expect(percentEncode("AZaz09-._~")).toBe("AZaz09-._~");
    expect(percentEncode("a b&c=d/e?f#g%h+i")).toBe("a%20b%26c%3Dd%2Fe%3Ff%23g%25h%2Bi");
    expect(percentEncode("!*'()")).toBe("%21%2A%27%28%29");
    expect(percentEncode("\n\0")).toBe("%0A%00");
  });

  it("encodes UTF-8 of two-, three- and four-byte characters", () => {
    expect(percentEncode("é€😀")).toBe("%C3%A9%E2%82%AC%F0%9F%98%80");
  });

  it("encodes a lone surrogate as U+FFFD", () => {
    expect(percentEncode("a\ud800b")).toBe("a%EF%BF%BDb");
    expect(percentEncode("\udc00")).toBe("%EF%BF%BD");
  });

  it("keeps slashes and sub-delims in a path", () => {
    expect(percentEncode("/a b/c;d=e@f:g", PercentSet.Path)).toBe("/a%20b/c;d=e@f:g");
    expect(percentEncode("/?#%\\", PercentSet.Path)).toBe("/%3F%23%25%5C");
  });

  it("writes form data as URLSearchParams does: space as +, * kept, ~ escaped", () => {
    expect(percentEncode("a b*c~d!", PercentSet.Form)).toBe("a+b*c%7Ed%21");
    expect(percentEncode(" ", PercentSet.Form)).toBe("+");
    expect(percentEncode("+", PercentSet.Form)).toBe("%2B");
  });

  it("returns the string itself when nothing needs escaping", () => {
    const s = "plain-text_1.0~";
    expect(changetype<usize>(percentEncode(s))).toBe(changetype<usize>(s));
  });
});

describe("percentDecode", () => {
  it("decodes escapes of either case to UTF-8 text", () => {
    expect(percentDecode("a%20b%2fc%2F")).toBe("a b/c/");
    expect(percentDecode("%C3%A9%e2%82%ac%F0%9F%98%80")).toBe("é€😀");
    expect(percentDecode("caf\u00e9%21")).toBe("café!");
  });

  it("reads + as a space only for form data", () => {
    expect(percentDecode("a+b")).toBe("a+b");
    expect(percentDecode("a+b%2B", true)).toBe("a b+");
  });

  it("rejects a % without two hex digits, at the %", () => {
    decodeFails("%", false, HttpErr.BadPercent, 0);
    decodeFails("ab%4", false, HttpErr.BadPercent, 2);
    decodeFails("%zz", false, HttpErr.BadPercent, 0);
    decodeFails("a%%41", false, HttpErr.BadPercent, 1);
  });

  it("rejects decoded bytes that are not UTF-8 and a lone surrogate", () => {
    decodeFails("%C0%AF", false, HttpErr.BadUtf8, 0);
    decodeFails("%ED%A0%80", false, HttpErr.BadUtf8, 0);
    decodeFails("%FF", false, HttpErr.BadUtf8, 0);
    decodeFails("%C3", false, HttpErr.BadUtf8, 0);
    decodeFails("a\ud800", false, HttpErr.BadUtf8, 0);
  });

  it("decodes %00 to a NUL character, which callers must check for", () => {
    expect(percentDecode("a%00b")).toBe("a\0b");
  });

  it("rejects input over MAX_PERCENT_INPUT", () => {
    decodeFails("a".repeat(MAX_PERCENT_INPUT + 1), false, HttpErr.TooLarge, 0);
  });
});

describe("QueryParams", () => {
  it("parses an authorization response (RFC 6749 §4.1.2)", () => {
    const q = new QueryParams();
    expect(q.parse("code=SplxlOBeZQQYbYS6WxSbIA&state=xyz%2F1")).toBe(true);
    expect(q.length).toBe(2);
    expect(q.get("code")).toBe("SplxlOBeZQQYbYS6WxSbIA");
    expect(q.get("state")).toBe("xyz/1");
    expect(q.get("missing")).toBeNull();
  });

  it("decodes + and escapes in names and values", () => {
    const q = new QueryParams();
    expect(q.parse("a+b=c+d&%C3%A9=%26")).toBe(true);
    expect(q.get("a b")).toBe("c d");
    expect(q.get("é")).toBe("&");
  });

  it("splits at the first = and reads a pair without = as an empty value", () => {
    const q = new QueryParams();
    expect(q.parse("a=b=c&flag&=v")).toBe(true);
    expect(q.get("a")).toBe("b=c");
    expect(q.get("flag")).toBe("");
    expect(q.get("")).toBe("v");
  });

  it("skips empty pieces", () => {
    const q = new QueryParams();
    expect(q.parse("&&a=1&&b=2&")).toBe(true);
    expect(q.length).toBe(2);
    expect(q.parse("")).toBe(true);
    expect(q.length).toBe(0);
  });

  it("keeps duplicates in order: get() returns the first, count() sees all", () => {
    const q = new QueryParams();
    expect(q.parse("state=a&state=b")).toBe(true);
    expect(q.get("state")).toBe("a");
    expect(q.count("state")).toBe(2);
    expect(q.nameAt(1)).toBe("state");
    expect(q.valueAt(1)).toBe("b");
    expect(q.nameAt(2)).toBeNull();
    expect(q.valueAt(-1)).toBeNull();
  });

  it("fails on a broken escape or invalid UTF-8, with the offset in the query", () => {
    const q = new QueryParams();
    expect(q.parse("a=1&b=%zz")).toBe(false);
    expect(q.err).toBe(HttpErr.BadPercent);
    expect(q.offset).toBe(6);
    expect(q.parse("a=1&b%=1")).toBe(false);
    expect(q.offset).toBe(5);
    expect(q.parse("x=%C0%80")).toBe(false);
    expect(q.err).toBe(HttpErr.BadUtf8);
  });

  it("enforces maxParams and maxLength", () => {
    const q = new QueryParams();
    q.maxParams = 2;
    expect(q.parse("a=1&b=2")).toBe(true);
    expect(q.parse("a=1&b=2&c=3")).toBe(false);
    expect(q.err).toBe(HttpErr.TooMany);
    expect(q.length).toBe(2);
    q.maxLength = 5;
    expect(q.parse("a=123")).toBe(true);
    expect(q.parse("a=1234")).toBe(false);
    expect(q.err).toBe(HttpErr.TooLarge);
  });
});

describe("QueryBuilder", () => {
  it("builds an authorization request query as URLSearchParams would", () => {
    const q = new QueryBuilder()
      .add("response_type", "code")
      .add("client_id", "s6BhdRkqt3")
      .add("redirect_uri", "https://client.example.com/cb")
      .add("scope", "openid email")
      .add("state", "a&b=c");
    expect(q.toString()).toBe("response_type=code&client_id=s6BhdRkqt3&redirect_uri=https%3A%2F%2Fclient.example.com" +
      "%2Fcb&scope=openid+email&state=a%26b%3Dc");
  });

  it("round-trips through QueryParams", () => {
    const built = new QueryBuilder().add("a b", "é+&=").add("", "").add("x", "%41").toString();
    const q = new QueryParams();
    expect(q.parse(built)).toBe(true);
    expect(q.get("a b")).toBe("é+&=");
    expect(q.get("x")).toBe("%41");
  });

  it("is empty without pairs and after reset", () => {
    const b = new QueryBuilder();
    expect(b.toString()).toBe("");
    expect(b.add("a", "1").reset().toString()).toBe("");
  });
});
