// CookieJar: Cookie headers as browsers send them (RFC 6265 §4.2.1, §5.4), invalid pairs skipped, limits kept.
import { CookieJar, CookieLimits, isToken } from "../../../assembly/http/cookie";
import { HttpErr } from "../../../assembly/http/errors";

function jar(header: string): CookieJar {
  const j = new CookieJar();
  expect(j.parse(header)).toBe(HttpErr.Ok);
  return j;
}

describe("CookieJar.parse", () => {
  it("reads every pair of a header with many cookies, in order", () => {
    const j = jar("a=1; b=2; session=v1.abc_DEF-123; theme=dark");
    expect(j.length).toBe(4);
    expect(j.at(0)!.name).toBe("a");
    expect(j.at(3)!.value).toBe("dark");
    expect(j.get("session")).toBe("v1.abc_DEF-123");
    expect(j.at(4)).toBeNull();
    expect(j.at(-1)).toBeNull();
  });

  it("tolerates missing or extra spaces and tabs around pairs, names and values", () => {
    const j = jar("  a=1;b=2 ;\tc = 3\t;  d=  4");
    expect(j.get("a")).toBe("1");
    expect(j.get("b")).toBe("2");
    expect(j.get("c")).toBe("3");
    expect(j.get("d")).toBe("4");
    expect(j.skipped).toBe(0);
  });

  it("strips the double quotes of a quoted value", () => {
    const j = jar("q=\"quoted\"; e=\"\"; half=\"x");
    expect(j.get("q")).toBe("quoted");
    expect(j.get("e")).toBe("");
    expect(j.get("half")).toBeNull();
    expect(j.skipped).toBe(1);
  });

  it("keeps empty values and values that contain =", () => {
    const j = jar("empty=; b64=YWJj==; k=a=b");
    expect(j.get("empty")).toBe("");
    expect(j.get("b64")).toBe("YWJj==");
    expect(j.get("k")).toBe("a=b");
  });

  it("keeps duplicates in order, get() returning the first and getAll() every one", () => {
    const j = jar("sid=first; other=x; sid=second");
    expect(j.get("sid")).toBe("first");
    const all = j.getAll("sid");
    expect(all.length).toBe(2);
    expect(all[1]).toBe("second");
  });

  it("treats names as case-sensitive", () => {
    const j = jar("SID=upper; sid=lower");
    expect(j.get("sid")).toBe("lower");
    expect(j.get("Sid")).toBeNull();
  });

  it("skips pairs without =, with an empty or non-token name, or with a bad value, keeping the rest", () => {
    const j = jar("novalue; =x; a b=1; bad\"name=1; sp=a b; comma=a,b; semi\u00e9=1; ctl=a\u0001; ok=1; u=caf\u00e9");
    expect(j.length).toBe(1);
    expect(j.get("ok")).toBe("1");
    expect(j.skipped).toBe(9);
  });

  it("ignores empty pieces and a trailing semicolon without counting them", () => {
    const j = jar(";; a=1;;  ; b=2;");
    expect(j.length).toBe(2);
    expect(j.skipped).toBe(0);
  });

  it("parses several header values into one jar", () => {
    const j = new CookieJar();
    expect(j.parse("a=1")).toBe(HttpErr.Ok);
    expect(j.parse("b=2; a=3")).toBe(HttpErr.Ok);
    expect(j.length).toBe(3);
    expect(j.get("a")).toBe("1");
    j.reset();
    expect(j.length).toBe(0);
  });

  it("reads nothing from an empty header", () => {
    expect(jar("").length).toBe(0);
  });
});

describe("CookieJar limits", () => {
  it("keeps the first maxCookies cookies and reports TooMany", () => {
    const limits = new CookieLimits();
    limits.maxCookies = 3;
    const j = new CookieJar(limits);
    expect(j.parse("a=1; b=2; c=3; d=4; e=5")).toBe(HttpErr.TooMany);
    expect(j.err).toBe(HttpErr.TooMany);
    expect(j.length).toBe(3);
    expect(j.get("c")).toBe("3");
    expect(j.get("d")).toBeNull();
  });

  it("accepts exactly maxCookies cookies", () => {
    const limits = new CookieLimits();
    limits.maxCookies = 3;
    expect(new CookieJar(limits).parse("a=1; b=2; c=3")).toBe(HttpErr.Ok);
  });

  it("refuses, unread, a header that would pass maxLength over all calls", () => {
    const limits = new CookieLimits();
    limits.maxLength = 10;
    const j = new CookieJar(limits);
    expect(j.parse("a=12345")).toBe(HttpErr.Ok);
    expect(j.parse("b=123")).toBe(HttpErr.TooLarge);
    expect(j.length).toBe(1);
    expect(j.parse("c=1")).toBe(HttpErr.Ok);
  });

  it("skips a pair longer than maxCookieLength and keeps one exactly at it", () => {
    const limits = new CookieLimits();
    limits.maxCookieLength = 8;
    const j = new CookieJar(limits);
    expect(j.parse("big=123456; fit=12345")).toBe(HttpErr.Ok);
    expect(j.get("big")).toBeNull();
    expect(j.get("fit")).toBe("12345");
    expect(j.skipped).toBe(1);
  });

  it("parses 180 cookies by default", () => {
    const parts = new Array<string>();
    for (let i = 0; i < 200; i++) parts.push("c" + i.toString() + "=" + i.toString());
    const j = new CookieJar();
    expect(j.parse(parts.join("; "))).toBe(HttpErr.TooMany);
    expect(j.length).toBe(180);
    expect(j.get("c179")).toBe("179");
  });
});

describe("isToken", () => {
  it("accepts RFC 9110 tchar and rejects separators, empty input and bad ranges", () => {
    expect(isToken("abc!#$%&'*+-.^_`|~09", 0, 20)).toBe(true);
    expect(isToken("a b", 0, 3)).toBe(false);
    expect(isToken("a;b", 0, 3)).toBe(false);
    expect(isToken("", 0, 0)).toBe(false);
    expect(isToken("ab", 1, 5)).toBe(false);
  });
});
