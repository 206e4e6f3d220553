// checkRedirect: the open-redirect corpus. Every rejected target here reaches another origin in some browser or
// behind a server that decodes it again; every accepted one stays on https://app.example.com.
import { HttpErr, httpErrName } from "../../../assembly/http/errors";
import { Origin } from "../../../assembly/http/origin";
import { checkRedirect, MAX_REDIRECT_LENGTH, safeRedirect } from "../../../assembly/http/redirect";

const ORIGIN = new Origin("https", "app.example.com");

function rejects(targets: Array<string>, e: HttpErr): void {
  for (let i = 0; i < targets.length; i++) {
    const got = checkRedirect(targets[i], ORIGIN);
    expect(got).toBe(e, JSON_ish(targets[i]) + ": expected " + httpErrName(e) + ", got " + httpErrName(got));
  }
}

function accepts(targets: Array<string>, origin: Origin | null = ORIGIN): void {
  for (let i = 0; i < targets.length; i++) {
    const got = checkRedirect(targets[i], origin);
    expect(got).toBe(HttpErr.Ok, JSON_ish(targets[i]) + " rejected with " + httpErrName(got));
  }
}

// Shows control characters in failure messages.
function JSON_ish(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c < 0x20 || c > 0x7e ? "\\u" + c.toString(16).padStart(4, "0") : String.fromCharCode(c);
  }
  return "\"" + out + "\"";
}

describe("checkRedirect accepts", () => {
  it("paths on this origin, with query and fragment", () => {
    accepts(["/", "/app", "/app/page?x=1#frag", "/a%20b", "/search?q=%2F%2Fevil.com", "/a/b/c.d", "/...",
      "/.well-known/openid-configuration", "/a/.../b", "/100%25", "/%E2%82%AC", "/?next=//evil.com", "/#//evil.com"]);
  });

  it("absolute URLs with this scheme, host and port, in any case and with the default port spelled out", () => {
    accepts(["https://app.example.com", "https://app.example.com/", "https://app.example.com:443/x",
      "HTTPS://APP.EXAMPLE.COM/x?y#z"]);
  });

  it("origins with explicit ports", () => {
    accepts(["http://localhost:8080/x"], new Origin("http", "localhost", 8080));
    expect(checkRedirect("http://localhost/x", new Origin("http", "localhost", 8080))).toBe(HttpErr.CrossOrigin);
  });
});

describe("checkRedirect rejects other origins", () => {
  it("scheme-relative targets", () => {
    rejects(["//evil.com", "//evil.com/path", "///evil.com", "////evil.com", "//app.example.com/"], HttpErr.CrossOrigin);
  });

  it("absolute URLs on another host, scheme or port", () => {
    rejects(["https://evil.com", "http://evil.com/", "HTTPS://EVIL.COM/", "https://app.example.com.evil.com/",
      "https://evil.com#app.example.com", "https://evil.com?app.example.com", "https://evil.com/app.example.com",
      "http://app.example.com/", "https://app.example.com:444/", "https://sub.app.example.com/",
      "https://example.com/"], HttpErr.CrossOrigin);
  });

  it("any absolute URL when the origin is unknown", () => {
    expect(checkRedirect("https://app.example.com/", null)).toBe(HttpErr.CrossOrigin);
    accepts(["/path"], null);
  });
});

describe("checkRedirect rejects targets a browser reads differently", () => {
  it("backslashes, raw or mixed with slashes", () => {
    rejects(["/\\evil.com", "\\\\evil.com", "\\/evil.com", "/\\/evil.com", "https:\\\\evil.com",
      "http:/\\/\\evil.com", "https://evil.com\\@app.example.com", "/a\\b"], HttpErr.UnsafeRedirect);
  });

  it("whitespace and control characters anywhere, which browsers strip or drop", () => {
    rejects(["/\t/evil.com", "/\n/evil.com", "/\r/evil.com", " //evil.com", "\u0000//evil.com", "/ /evil.com",
      "//evil.com\t", "/a\u007f", "\u001f/evil.com", "/x\u000b"], HttpErr.UnsafeRedirect);
  });

  it("non-ASCII characters, which would need the caller to encode them", () => {
    rejects(["/\u3002evil.com", "/caf\u00e9", "https://app.example.com\u3002evil.com/", "/\u2215\u2215evil.com"],
      HttpErr.UnsafeRedirect);
  });

  it("encoded slashes and backslashes that a second decoding turns into another origin", () => {
    rejects(["/%2F%2Fevil.com", "/%2f%2fevil.com", "/%2F/evil.com", "/%5Cevil.com", "/%5C%5Cevil.com",
      "/%252F%252Fevil.com", "/%25252F%25252Fevil.com", "https://app.example.com/%2F%2Fevil.com",
      "/%09/evil.com", "/%0A/evil.com", "/%00"], HttpErr.UnsafeRedirect);
  });

  it("dot segments, raw or encoded, which resolve away and can leave // at the start", () => {
    rejects(["/.//evil.com", "/..//evil.com", "/a/../..//evil.com", "/%2e%2e//evil.com", "/%2E/x", "/.",
      "/..", "/a/..", "/a/./b", "/%252e%252e/x"], HttpErr.UnsafeRedirect);
  });

  it("encodings of / that are not UTF-8", () => {
    rejects(["/%C0%AF/evil.com", "/%E0%80%AF", "/%FF"], HttpErr.UnsafeRedirect);
  });

  it("relative-path references and an empty target", () => {
    rejects(["", "evil.com", "evil.com/path", ".evil.com", "?next=/x", "#x", "%2F%2Fevil.com", "./x", "../x"],
      HttpErr.UnsafeRedirect);
  });
});

describe("checkRedirect rejects other schemes and malformed URLs", () => {
  it("javascript:, data: and friends", () => {
    rejects(["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "ftp://evil.com/",
      "file:///etc/passwd"], HttpErr.BadScheme);
  });

  it("http(s) without //, which a browser may complete with another host", () => {
    rejects(["https:evil.com", "https:/evil.com", "http:evil.com"], HttpErr.UnsafeRedirect);
  });

  it("userinfo, which hides the real host", () => {
    rejects(["https://app.example.com@evil.com/", "https://user@app.example.com/"], HttpErr.BadHost);
  });

  it("broken escapes in the raw target", () => {
    rejects(["/%", "/%zz", "/a%2"], HttpErr.BadPercent);
  });

  it("targets longer than MAX_REDIRECT_LENGTH", () => {
    expect(checkRedirect("/" + "a".repeat(MAX_REDIRECT_LENGTH), ORIGIN)).toBe(HttpErr.TooLarge);
    expect(checkRedirect("/" + "a".repeat(MAX_REDIRECT_LENGTH - 1), ORIGIN)).toBe(HttpErr.Ok);
  });
});

describe("safeRedirect", () => {
  it("returns the target when safe and the fallback otherwise", () => {
    expect(safeRedirect("/app?x=1", ORIGIN)).toBe("/app?x=1");
    expect(safeRedirect("//evil.com", ORIGIN)).toBe("/");
    expect(safeRedirect("https://evil.com", ORIGIN, "/home")).toBe("/home");
    expect(safeRedirect(null, ORIGIN)).toBe("/");
  });
});
