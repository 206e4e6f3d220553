// SetCookie.build: every attribute, the secure defaults, prefix rules (RFC 6265bis §4.1.3) and refusals.
import { HttpErr, httpErrName } from "../../../assembly/http/errors";
import { formatHttpDate, MAX_HTTP_DATE } from "../../../assembly/http/http_date";
import { NO_EXPIRES, SameSite, SetCookie } from "../../../assembly/http/set_cookie";

function refuses(c: SetCookie, e: HttpErr): void {
  expect(c.build()).toBeNull();
  expect(c.err).toBe(e, "expected " + httpErrName(e) + ", got " + httpErrName(c.err));
}

describe("SetCookie.build", () => {
  it("writes a secure session cookie by default", () => {
    expect(new SetCookie("sid", "abc").build()).toBe("sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax");
  });

  it("writes every attribute in a fixed order", () => {
    const c = new SetCookie("sid", "v1.x-y_z");
    c.path = "/app";
    c.domain = "example.com";
    c.maxAge = 3600;
    c.expires = 784111777;
    c.sameSite = SameSite.Strict;
    expect(c.build()).toBe(
      "sid=v1.x-y_z; Path=/app; Domain=example.com; Max-Age=3600; Expires=Sun, 06 Nov 1994 08:49:37 GMT; " +
      "Secure; HttpOnly; SameSite=Strict");
  });

  it("leaves out attributes that are switched off", () => {
    const c = new SetCookie("a", "1");
    c.path = null;
    c.httpOnly = false;
    c.secure = false;
    c.sameSite = SameSite.Omit;
    expect(c.build()).toBe("a=1");
  });

  it("writes SameSite=None only with Secure", () => {
    const c = new SetCookie("a", "1");
    c.sameSite = SameSite.None;
    expect(c.build()).toBe("a=1; Path=/; Secure; HttpOnly; SameSite=None");
    c.secure = false;
    refuses(c, HttpErr.InsecureSameSiteNone);
  });

  it("builds a deletion with an empty value, Max-Age=0 and an Expires in 1970", () => {
    expect(SetCookie.deletion("sid").build())
      .toBe("sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Lax");
  });

  it("rejects names that are not tokens", () => {
    refuses(new SetCookie("", "1"), HttpErr.BadCookieName);
    refuses(new SetCookie("a b", "1"), HttpErr.BadCookieName);
    refuses(new SetCookie("a=b", "1"), HttpErr.BadCookieName);
    refuses(new SetCookie("a;b", "1"), HttpErr.BadCookieName);
    refuses(new SetCookie("a\r\nSet-Cookie: x", "1"), HttpErr.BadCookieName);
    refuses(new SetCookie("caf\u00e9", "1"), HttpErr.BadCookieName);
  });

  it("rejects, never escapes, a value with ; CR LF space comma quote backslash or non-ASCII", () => {
    refuses(new SetCookie("a", "1; Domain=evil.com"), HttpErr.BadCookieValue);
    refuses(new SetCookie("a", "1\r\nSet-Cookie: b=2"), HttpErr.BadCookieValue);
    refuses(new SetCookie("a", "1\n"), HttpErr.BadCookieValue);
    refuses(new SetCookie("a", "x y"), HttpErr.BadCookieValue);
    refuses(new SetCookie("a", "x,y"), HttpErr.BadCookieValue);
    refuses(new SetCookie("a", "\"x\""), HttpErr.BadCookieValue);
    refuses(new SetCookie("a", "x\\y"), HttpErr.BadCookieValue);
    refuses(new SetCookie("a", "caf\u00e9"), HttpErr.BadCookieValue);
    refuses(new SetCookie("a", "\0"), HttpErr.BadCookieValue);
  });

  it("rejects a name plus value over 4096 characters and accepts one at the limit", () => {
    refuses(new SetCookie("a", "x".repeat(4096)), HttpErr.TooLarge);
    expect(new SetCookie("a", "x".repeat(4095)).build()).not.toBeNull();
  });

  it("rejects a Path that is relative, holds ; or a control, or is too long", () => {
    const bad = ["", "app", "/a;b", "/a\nb", "/a\u0000", "/caf\u00e9", "/" + "p".repeat(1024)];
    for (let i = 0; i < bad.length; i++) {
      const c = new SetCookie("a", "1");
      c.path = bad[i];
      refuses(c, HttpErr.BadAttribute);
    }
  });

  it("rejects a Domain that is not a host name", () => {
    const bad = ["", ".example.com", "example.com.", "a..b", "exa mple.com", "example.com:443", "[::1]", "a;b",
      "ex\u00e4mple.com"];
    for (let i = 0; i < bad.length; i++) {
      const c = new SetCookie("a", "1");
      c.domain = bad[i];
      refuses(c, HttpErr.BadAttribute);
    }
  });

  it("rejects Max-Age below -1 and an Expires outside the four-digit years", () => {
    const c = new SetCookie("a", "1");
    c.maxAge = -2;
    refuses(c, HttpErr.BadAttribute);
    const e = new SetCookie("a", "1");
    e.expires = -1;
    refuses(e, HttpErr.BadAttribute);
    e.expires = MAX_HTTP_DATE + 1;
    refuses(e, HttpErr.BadAttribute);
    e.expires = NO_EXPIRES;
    expect(e.build()).not.toBeNull();
  });
});

describe("cookie prefixes (RFC 6265bis §4.1.3)", () => {
  it("accepts __Host- with Secure, Path=/ and no Domain", () => {
    expect(new SetCookie("__Host-sid", "1").build()).toBe("__Host-sid=1; Path=/; Secure; HttpOnly; SameSite=Lax");
  });

  it("rejects __Host- without Secure, with a Domain, or with another or no Path", () => {
    const insecure = new SetCookie("__Host-sid", "1");
    insecure.secure = false;
    refuses(insecure, HttpErr.BadPrefix);
    const domain = new SetCookie("__Host-sid", "1");
    domain.domain = "example.com";
    refuses(domain, HttpErr.BadPrefix);
    const path = new SetCookie("__Host-sid", "1");
    path.path = "/app";
    refuses(path, HttpErr.BadPrefix);
    const noPath = new SetCookie("__Host-sid", "1");
    noPath.path = null;
    refuses(noPath, HttpErr.BadPrefix);
  });

  it("rejects __Secure- without Secure and accepts it with a Domain and Path", () => {
    const c = new SetCookie("__Secure-sid", "1");
    c.domain = "example.com";
    c.path = "/app";
    expect(c.build()).not.toBeNull();
    c.secure = false;
    refuses(c, HttpErr.BadPrefix);
  });

  it("applies the prefix rules whatever the case of the prefix", () => {
    const host = new SetCookie("__HOST-sid", "1");
    host.domain = "example.com";
    refuses(host, HttpErr.BadPrefix);
    const secure = new SetCookie("__secure-sid", "1");
    secure.secure = false;
    refuses(secure, HttpErr.BadPrefix);
  });
});

describe("formatHttpDate (RFC 9110 §5.6.7)", () => {
  it("formats the RFC example, the epoch, a leap day and the last four-digit second", () => {
    expect(formatHttpDate(784111777)).toBe("Sun, 06 Nov 1994 08:49:37 GMT");
    expect(formatHttpDate(0)).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    expect(formatHttpDate(951782400)).toBe("Tue, 29 Feb 2000 00:00:00 GMT");
    expect(formatHttpDate(MAX_HTTP_DATE)).toBe("Fri, 31 Dec 9999 23:59:59 GMT");
  });

  it("returns null outside 1970..9999", () => {
    expect(formatHttpDate(-1)).toBeNull();
    expect(formatHttpDate(MAX_HTTP_DATE + 1)).toBeNull();
  });
});
