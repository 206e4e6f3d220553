// originFromHeaders (the external origin behind Traefik) and htmlEscape.
import { HttpErr, HttpStatus } from "../../../assembly/http/errors";
import { htmlEscape } from "../../../assembly/http/html";
import { Origin, originFromHeaders } from "../../../assembly/http/origin";

function origin(proto: string | null, fwdHost: string | null, host: string | null): Origin {
  const status = new HttpStatus();
  const o = originFromHeaders(proto, fwdHost, host, status);
  expect(status.err).toBe(HttpErr.Ok);
  return o!;
}

function fails(proto: string | null, fwdHost: string | null, host: string | null, e: HttpErr): void {
  const status = new HttpStatus();
  expect(originFromHeaders(proto, fwdHost, host, status)).toBeNull();
  expect(status.err).toBe(e);
}

describe("originFromHeaders", () => {
  it("takes scheme and host from X-Forwarded-Proto and X-Forwarded-Host", () => {
    const o = origin("https", "App.Example.com", "internal:8080");
    expect(o.scheme).toBe("https");
    expect(o.host).toBe("app.example.com");
    expect(o.port).toBe(-1);
    expect(o.toString()).toBe("https://app.example.com");
  });

  it("falls back to the Host header and http", () => {
    const o = origin(null, null, "localhost:8080");
    expect(o.scheme).toBe("http");
    expect(o.host).toBe("localhost");
    expect(o.port).toBe(8080);
    expect(o.toString()).toBe("http://localhost:8080");
    expect(origin("", "", "a.example").toString()).toBe("http://a.example");
  });

  it("uses the first element of comma-separated lists, trimmed", () => {
    const o = origin(" HTTPS , http", " app.example.com:8443 , proxy.internal", null);
    expect(o.toString()).toBe("https://app.example.com:8443");
  });

  it("maps Traefik's ws and wss to http and https", () => {
    expect(origin("wss", "a.example", null).scheme).toBe("https");
    expect(origin("ws", "a.example", null).scheme).toBe("http");
  });

  it("omits default ports when serializing and compares effective ports", () => {
    const o = origin("https", "a.example:443", null);
    expect(o.toString()).toBe("https://a.example");
    expect(o.effectivePort).toBe(443);
    expect(o.matches("https", "a.example", -1)).toBe(true);
    expect(o.matches("https", "a.example", 443)).toBe(true);
    expect(o.matches("http", "a.example", 443)).toBe(false);
    expect(o.matches("https", "b.example", 443)).toBe(false);
    expect(origin("http", "a.example:80", null).toString()).toBe("http://a.example");
    expect(origin("http", "[::1]:8080", null).toString()).toBe("http://[::1]:8080");
  });

  it("rejects other protocols", () => {
    fails("ftp", "a.example", null, HttpErr.BadScheme);
    fails("javascript", "a.example", null, HttpErr.BadScheme);
  });

  it("rejects missing, malformed and userinfo-carrying hosts", () => {
    fails("https", null, null, HttpErr.BadHost);
    fails("https", "", "", HttpErr.BadHost);
    fails("https", "evil.com/x", null, HttpErr.BadHost);
    fails("https", "user@a.example", null, HttpErr.BadHost);
    fails("https", "a.example:0", null, HttpErr.BadPort);
    fails("https", "a b", null, HttpErr.BadHost);
  });
});

describe("htmlEscape", () => {
  it("escapes the five characters that matter in content and quoted attributes", () => {
    expect(htmlEscape("<script>alert(\"x\" & 'y')</script>"))
      .toBe("&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
  });

  it("returns text without those characters unchanged", () => {
    const s = "plain text, é and 😀";
    expect(changetype<usize>(htmlEscape(s))).toBe(changetype<usize>(s));
    expect(htmlEscape("")).toBe("");
    expect(htmlEscape("&")).toBe("&amp;");
  });
});
