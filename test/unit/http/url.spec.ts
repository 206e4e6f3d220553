// UrlParser and the host rules under it: absolute http(s) URLs, origin-form targets, every rejection path.
import { HttpErr, httpErrName } from "../../../assembly/http/errors";
import { Authority, isIpv4, isIpv6, parseAuthority, parsePort } from "../../../assembly/http/host";
import { Url, UrlParser } from "../../../assembly/http/url";

function ok(s: string): Url {
  const p = new UrlParser();
  const u = p.parse(s);
  expect(p.err).toBe(HttpErr.Ok, "unexpected " + httpErrName(p.err) + " for " + s);
  return u!;
}

function fails(s: string, e: HttpErr): void {
  const p = new UrlParser();
  expect(p.parse(s)).toBeNull();
  expect(p.err).toBe(e, s + ": expected " + httpErrName(e) + ", got " + httpErrName(p.err));
}

describe("UrlParser.parse: absolute URLs", () => {
  it("splits scheme, host, port, path, query and fragment", () => {
    const u = ok("https://idp.example.com:8443/auth/realms/x?client_id=a&scope=openid#frag");
    expect(u.scheme).toBe("https");
    expect(u.host).toBe("idp.example.com");
    expect(u.port).toBe(8443);
    expect(u.path).toBe("/auth/realms/x");
    expect(u.query).toBe("client_id=a&scope=openid");
    expect(u.fragment).toBe("frag");
    expect(u.isAbsolute).toBe(true);
    expect(u.requestTarget()).toBe("/auth/realms/x?client_id=a&scope=openid");
  });

  it("lowercases scheme and host, keeps the path's case", () => {
    const u = ok("HTTPS://IdP.Example.COM/Path");
    expect(u.scheme).toBe("https");
    expect(u.host).toBe("idp.example.com");
    expect(u.path).toBe("/Path");
  });

  it("gives an empty path as / and tells no query from an empty one", () => {
    const a = ok("http://example.com");
    expect(a.path).toBe("/");
    expect(a.query).toBeNull();
    expect(a.fragment).toBeNull();
    const b = ok("http://example.com?");
    expect(b.path).toBe("/");
    expect(b.query).toBe("");
    expect(ok("http://example.com#").fragment).toBe("");
  });

  it("knows default ports", () => {
    expect(ok("http://a").effectivePort).toBe(80);
    expect(ok("https://a").effectivePort).toBe(443);
    expect(ok("https://a:8443").effectivePort).toBe(8443);
    expect(ok("/x").effectivePort).toBe(-1);
  });

  it("accepts IPv4 and bracketed IPv6 hosts", () => {
    expect(ok("http://192.168.0.1:8080/").host).toBe("192.168.0.1");
    expect(ok("http://[::1]:8080/").host).toBe("[::1]");
    expect(ok("http://[2001:DB8::1]/").host).toBe("[2001:db8::1]");
    expect(ok("http://[::ffff:10.0.0.1]/").host).toBe("[::ffff:10.0.0.1]");
  });

  it("keeps percent-escapes, sub-delims and the characters browsers leave raw", () => {
    const u = ok("https://a/p%20q/;x=1,y/@:!$&'()*+[]{}|^`?q=%2F&r=a/b?c");
    expect(u.path).toBe("/p%20q/;x=1,y/@:!$&'()*+[]{}|^`");
    expect(u.query).toBe("q=%2F&r=a/b?c");
  });

  it("rejects schemes other than http and https", () => {
    fails("javascript:alert(1)", HttpErr.BadScheme);
    fails("ftp://example.com/", HttpErr.BadScheme);
    fails("data:text/html,x", HttpErr.BadScheme);
    fails("httpx://a/", HttpErr.BadScheme);
  });

  it("rejects a missing or malformed scheme and a missing //", () => {
    fails("example.com/path", HttpErr.BadUrl);
    fails("1http://a/", HttpErr.BadUrl);
    fails("://a/", HttpErr.BadUrl);
    fails("https:example.com", HttpErr.BadUrl);
    fails("https:/example.com", HttpErr.BadUrl);
    fails("https:", HttpErr.BadUrl);
    fails("", HttpErr.BadUrl);
  });

  it("rejects userinfo, empty hosts and malformed hosts", () => {
    fails("https://user:pass@example.com/", HttpErr.BadHost);
    fails("https://example.com@evil.com/", HttpErr.BadHost);
    fails("https:///path", HttpErr.BadHost);
    fails("https://:443/", HttpErr.BadHost);
    fails("https://exa%6dple.com/", HttpErr.BadHost);
    fails("https://exa mple.com/", HttpErr.BadHost);
    fails("https://a..b/", HttpErr.BadHost);
    fails("https://.a/", HttpErr.BadHost);
    fails("https://a./", HttpErr.BadHost);
    fails("https://[::1/", HttpErr.BadHost);
    fails("https://[::1]x/", HttpErr.BadHost);
    fails("https://[fe80::1%25eth0]/", HttpErr.BadHost);
    fails("https://ex\u00e4mple.com/", HttpErr.BadHost);
  });

  it("rejects hosts a browser would read as a differently spelled IPv4 address", () => {
    fails("http://0x7f.1/", HttpErr.BadHost);
    fails("http://127.1/", HttpErr.BadHost);
    fails("http://2130706433/", HttpErr.BadHost);
    fails("http://127.0.0.01/", HttpErr.BadHost);
    fails("http://256.0.0.1/", HttpErr.BadHost);
    fails("http://a.0x10/", HttpErr.BadHost);
    expect(ok("http://1a.example/").host).toBe("1a.example");
  });

  it("rejects empty, zero, too large and non-decimal ports", () => {
    fails("http://a:/", HttpErr.BadPort);
    fails("http://a:0/", HttpErr.BadPort);
    fails("http://a:65536/", HttpErr.BadPort);
    fails("http://a:123456/", HttpErr.BadPort);
    fails("http://a:8o/", HttpErr.BadPort);
    fails("http://a:-1/", HttpErr.BadPort);
    expect(ok("http://a:65535/").port).toBe(65535);
  });

  it("rejects broken percent-escapes", () => {
    fails("/a%", HttpErr.BadPercent);
    fails("/a%2", HttpErr.BadPercent);
    fails("/a%zz", HttpErr.BadPercent);
    fails("/?q=%G0", HttpErr.BadPercent);
    fails("/#%", HttpErr.BadPercent);
  });

  it("rejects whitespace, controls, backslash, quotes, angle brackets and non-ASCII anywhere", () => {
    const bad = ["/a b", "/a\tb", "/a\nb", "/a\rb", "/a\0", "/a\u007f", "/a\\b", "/a\"b", "/a<b", "/a>b",
      "/caf\u00e9", "/?q=a b", "/?q=<", "/#a b", "/#a#b", "https://a/\\evil"];
    for (let i = 0; i < bad.length; i++) fails(bad[i], HttpErr.BadCharacter);
  });

  it("rejects scheme-relative and relative-path references", () => {
    fails("//evil.com/", HttpErr.BadUrl);
    fails("//", HttpErr.BadUrl);
    fails("?x=1", HttpErr.BadUrl);
    fails("#x", HttpErr.BadUrl);
  });

  it("rejects input longer than maxLength as TooLarge", () => {
    const p = new UrlParser();
    p.maxLength = 10;
    expect(p.parse("/123456789")).not.toBeNull();
    expect(p.parse("/1234567890")).toBeNull();
    expect(p.err).toBe(HttpErr.TooLarge);
  });

  it("reports the offset where parsing stopped", () => {
    const p = new UrlParser();
    expect(p.parse("/abc d")).toBeNull();
    expect(p.offset).toBe(4);
    expect(p.parse("/ok%zz")).toBeNull();
    expect(p.offset).toBe(3);
  });
});

describe("UrlParser.parse: origin-form", () => {
  it("splits path, query and fragment of a path reference", () => {
    const u = ok("/a/b?c=d#e");
    expect(u.isAbsolute).toBe(false);
    expect(u.scheme).toBe("");
    expect(u.host).toBe("");
    expect(u.path).toBe("/a/b");
    expect(u.query).toBe("c=d");
    expect(u.fragment).toBe("e");
  });

  it("keeps dot segments as written", () => {
    expect(ok("/a/../b/./c").path).toBe("/a/../b/./c");
  });
});

describe("UrlParser.parseRequestTarget (RFC 9112 §3.2.1)", () => {
  it("reads what get_uri returns: path and raw query", () => {
    const p = new UrlParser();
    const u = p.parseRequestTarget("/oauth2/callback?code=abc&state=x%2Fy");
    expect(u!.path).toBe("/oauth2/callback");
    expect(u!.query).toBe("code=abc&state=x%2Fy");
  });

  it("reads a leading // as a path, not an authority", () => {
    const u = new UrlParser().parseRequestTarget("//evil.com/x");
    expect(u!.path).toBe("//evil.com/x");
    expect(u!.host).toBe("");
  });

  it("rejects absolute-form, asterisk-form, empty input and fragments", () => {
    const p = new UrlParser();
    expect(p.parseRequestTarget("http://a/")).toBeNull();
    expect(p.err).toBe(HttpErr.BadUrl);
    expect(p.parseRequestTarget("*")).toBeNull();
    expect(p.parseRequestTarget("")).toBeNull();
    expect(p.parseRequestTarget("/a#b")).toBeNull();
    expect(p.err).toBe(HttpErr.BadCharacter);
  });
});

describe("host rules", () => {
  it("parseAuthority fills host and port", () => {
    const a = new Authority();
    expect(parseAuthority("Example.com:8080", 0, 16, a)).toBe(HttpErr.Ok);
    expect(a.host).toBe("example.com");
    expect(a.port).toBe(8080);
    expect(parseAuthority("example.com", 0, 11, a)).toBe(HttpErr.Ok);
    expect(a.port).toBe(-1);
    expect(parseAuthority("x", 0, 5, a)).toBe(HttpErr.BadHost);
  });

  it("rejects a label over 63 characters and a name over 253", () => {
    const a = new Authority();
    const label = "a".repeat(63);
    expect(parseAuthority(label, 0, 63, a)).toBe(HttpErr.Ok);
    expect(parseAuthority(label + "a", 0, 64, a)).toBe(HttpErr.BadHost);
    const long = (label + ".").repeat(4) + "a";
    expect(parseAuthority(long, 0, long.length, a)).toBe(HttpErr.BadHost);
  });

  it("isIpv4 accepts only four decimal octets without leading zeros", () => {
    expect(isIpv4("0.0.0.0", 0, 7)).toBe(true);
    expect(isIpv4("255.255.255.255", 0, 15)).toBe(true);
    expect(isIpv4("1.2.3", 0, 5)).toBe(false);
    expect(isIpv4("1.2.3.4.5", 0, 9)).toBe(false);
    expect(isIpv4("01.2.3.4", 0, 8)).toBe(false);
    expect(isIpv4("1.2.3.", 0, 6)).toBe(false);
    expect(isIpv4("1.2..4", 0, 6)).toBe(false);
    expect(isIpv4("1.2.3.1000", 0, 10)).toBe(false);
  });

  it("isIpv6 follows RFC 4291 §2.2", () => {
    const good = ["::", "::1", "1::", "1:2:3:4:5:6:7:8", "1::8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
      "::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "fe80::abcd"];
    for (let i = 0; i < good.length; i++) expect(isIpv6(good[i], 0, good[i].length)).toBe(true, good[i]);
    const bad = ["", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1:", ":1",
      "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "::g", "fe80::1%eth0", "1:2:3:4:5:6:7:8::"];
    for (let i = 0; i < bad.length; i++) expect(isIpv6(bad[i], 0, bad[i].length)).toBe(false, bad[i]);
  });

  it("parsePort accepts 1..65535 in at most five digits", () => {
    expect(parsePort("1", 0, 1)).toBe(1);
    expect(parsePort("00080", 0, 5)).toBe(80);
    expect(parsePort("", 0, 0)).toBe(-1);
    expect(parsePort("000080", 0, 6)).toBe(-1);
    expect(parsePort("99999", 0, 5)).toBe(-1);
  });
});
