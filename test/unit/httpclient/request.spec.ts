// Request targets from URLs and the request's wire form: exact bytes, framing headers owned by the client, and no
// way to split a request through a method, header name or value.
import { HttpClientErr, HttpClientStatus } from "../../../assembly/httpclient/errors";
import { FormBody } from "../../../assembly/httpclient/form";
import { encodeRequest, HttpRequest, MAX_EXTRA_HEADERS, MAX_REQUEST_BODY } from "../../../assembly/httpclient/request";
import { parseTarget, Target } from "../../../assembly/httpclient/target";

function target(url: string): Target {
  const st = new HttpClientStatus();
  const t = parseTarget(url, st);
  expect(st.detail).toBe("");
  return t!;
}

function targetErr(url: string): HttpClientErr {
  const st = new HttpClientStatus();
  expect(parseTarget(url, st)).toBeNull();
  return st.err;
}

function wire(req: HttpRequest): string {
  const st = new HttpClientStatus();
  const bytes = encodeRequest(req, target(req.url), st);
  expect(st.detail).toBe("");
  return String.UTF8.decodeUnsafe(bytes!.dataStart, bytes!.length);
}

function refused(req: HttpRequest): string {
  const st = new HttpClientStatus();
  expect(encodeRequest(req, target(req.url), st)).toBeNull();
  expect(st.err).toBe(HttpClientErr.BadRequest);
  return st.detail;
}

describe("parseTarget", () => {
  it("splits host, port, Host header and request target", () => {
    const t = target("http://IdP.Example.com:8080/realms/x/protocol?a=1&b=%20#frag");
    expect(t.host).toBe("idp.example.com");
    expect(t.port).toBe(8080);
    expect(t.hostHeader).toBe("idp.example.com:8080");
    expect(t.requestTarget).toBe("/realms/x/protocol?a=1&b=%20");
    expect(t.where).toBe("idp.example.com:8080/realms/x/protocol");
  });

  it("uses port 80 without naming it in Host, and / for an empty path", () => {
    const t = target("http://idp:80");
    expect(t.port).toBe(80);
    expect(t.hostHeader).toBe("idp");
    expect(t.requestTarget).toBe("/");
    expect(target("http://idp?x").requestTarget).toBe("/?x");
  });

  it("keeps IPv6 literals in brackets", () => {
    const t = target("http://[::1]:9000/jwks");
    expect(t.host).toBe("[::1]");
    expect(t.hostHeader).toBe("[::1]:9000");
    expect(target("http://[2001:DB8::1]/").hostHeader).toBe("[2001:db8::1]");
  });

  it("reads https URLs as TLS targets, port 443 by default and left out of Host", () => {
    const t = target("https://idp.example.com/token");
    expect(t.tls).toBe(true);
    expect(t.port).toBe(443);
    expect(t.hostHeader).toBe("idp.example.com");
    const other = target("https://idp.example.com:8443/token");
    expect(other.port).toBe(8443);
    expect(other.hostHeader).toBe("idp.example.com:8443");
    expect(target("http://idp.example.com:443/").hostHeader).toBe("idp.example.com:443");
    expect(target("http://idp.example.com/").tls).toBe(false);
  });

  it("refuses relative, userinfo, other schemes and malformed URLs", () => {
    const bad = ["/token", "//idp/x", "idp/x", "ftp://idp/x", "http://user:pw@idp/x", "http://idp:0/", "http://idp:65536/",
      "http://idp/a b", "http://idp/a\r\nX: y", "http://[::1/", "http://[fe80::1%25eth0]/", "http:///x", "", "http://idp/%zz"];
    for (let i = 0; i < bad.length; i++) expect(targetErr(bad[i])).toBe(HttpClientErr.BadUrl, bad[i]);
  });
});

describe("encodeRequest", () => {
  it("writes a GET with Host, User-Agent, Accept and Connection: close", () => {
    expect(wire(HttpRequest.get("http://idp.example.com/.well-known/openid-configuration"))).toBe(
      "GET /.well-known/openid-configuration HTTP/1.1\r\nHost: idp.example.com\r\nUser-Agent: traefik-oidc-wasm\r\n" +
      "Accept: application/json\r\nConnection: close\r\n\r\n");
  });

  it("writes a form POST with Authorization, Content-Type and Content-Length, then the body", () => {
    const req = HttpRequest.postForm("http://10.0.0.5:8080/token", new FormBody().add("grant_type", "authorization_code").add("code", "a b&c"));
    req.authorization = "Basic Y2xpZW50OnNlY3JldA==";
    expect(wire(req)).toBe(
      "POST /token HTTP/1.1\r\nHost: 10.0.0.5:8080\r\nUser-Agent: traefik-oidc-wasm\r\nAccept: application/json\r\n" +
      "Authorization: Basic Y2xpZW50OnNlY3JldA==\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
      "Content-Length: 42\r\nConnection: close\r\n\r\ngrant_type=authorization_code&code=a+b%26c");
  });

  it("sends Content-Length: 0 for a POST without a body, none for a GET without one", () => {
    expect(wire(new HttpRequest("POST", "http://a/x")).includes("\r\nContent-Length: 0\r\n")).toBe(true);
    expect(wire(new HttpRequest("DELETE", "http://a/x")).includes("Content-Length")).toBe(false);
  });

  it("lets added headers replace User-Agent, Accept and Authorization, and omits an empty Accept", () => {
    const req = HttpRequest.get("http://a/").header("user-agent", "probe/1").header("ACCEPT", "application/jwk-set+json")
      .header("X-Request-Id", "r1");
    req.authorization = "Bearer t";
    req.header("Authorization", "Bearer u");
    expect(wire(req)).toBe("GET / HTTP/1.1\r\nHost: a\r\nuser-agent: probe/1\r\nACCEPT: application/jwk-set+json\r\n" +
      "X-Request-Id: r1\r\nAuthorization: Bearer u\r\nConnection: close\r\n\r\n");
    const none = HttpRequest.get("http://a/");
    none.accept = "";
    expect(wire(none).includes("Accept")).toBe(false);
  });

  it("sends non-ASCII header values as UTF-8 and keeps HTAB", () => {
    expect(wire(HttpRequest.get("http://a/").header("X-Name", "Jürgen\tx")).includes("\r\nX-Name: J\u00fcrgen\tx\r\n")).toBe(true);
  });

  it("refuses CR, LF, NUL and other controls in every value, without echoing the value", () => {
    const values = ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\x00b", "\x7f", "a\x0bb"];
    for (let i = 0; i < values.length; i++) {
      expect(refused(HttpRequest.get("http://a/").header("X-A", values[i]))).toBe("header X-A: value holds CR, LF, NUL or another control character");
      const r1 = HttpRequest.get("http://a/");
      r1.accept = values[i];
      expect(refused(r1).includes("header Accept:")).toBe(true);
      const r2 = HttpRequest.get("http://a/");
      r2.authorization = values[i];
      expect(refused(r2).includes("header Authorization:")).toBe(true);
      const r3 = new HttpRequest("POST", "http://a/");
      r3.contentType = values[i];
      r3.body = new Uint8Array(1);
      expect(refused(r3).includes("header Content-Type:")).toBe(true);
    }
  });

  it("refuses header names and methods that are not tokens", () => {
    const names = ["", "X A", "X:A", "X\r\nY", "X\x00", "Ü", "X\t"];
    for (let i = 0; i < names.length; i++) {
      expect(refused(HttpRequest.get("http://a/").header(names[i], "v"))).toBe("header #1: name is not a token");
    }
    const methods = ["", "GET /x HTTP/1.1\r\nX:", "G T", "GET\r\n", "x".repeat(33)];
    for (let i = 0; i < methods.length; i++) expect(refused(new HttpRequest(methods[i], "http://a/"))).toBe("method is not a token");
    expect(wire(new HttpRequest("PROPFIND", "http://a/")).slice(0, 9)).toBe("PROPFIND ");
  });

  it("refuses the headers the client owns, in any case", () => {
    const owned = ["Host", "content-length", "Transfer-Encoding", "CONNECTION", "Keep-Alive", "TE", "Upgrade", "Trailer", "Proxy-Connection"];
    for (let i = 0; i < owned.length; i++) {
      expect(refused(HttpRequest.get("http://a/").header(owned[i], "x"))).toBe("header " + owned[i] + " is set by the client itself");
    }
  });

  it("bounds the number of headers and the body", () => {
    const many = HttpRequest.get("http://a/");
    for (let i = 0; i <= MAX_EXTRA_HEADERS; i++) many.header("X-" + i.toString(), "v");
    expect(refused(many)).toBe("more than " + MAX_EXTRA_HEADERS.toString() + " headers");
    const big = new HttpRequest("POST", "http://a/");
    big.body = new Uint8Array(MAX_REQUEST_BODY + 1);
    expect(refused(big)).toBe("body larger than " + MAX_REQUEST_BODY.toString() + " bytes");
    big.body = new Uint8Array(MAX_REQUEST_BODY);
    expect(wire(big).includes("Content-Length: " + MAX_REQUEST_BODY.toString() + "\r\n")).toBe(true);
  });

  it("lists added headers and answers empty past the end", () => {
    const r = HttpRequest.get("http://a/").header("A", "1");
    expect(r.headerCount).toBe(1);
    expect(r.headerName(0)).toBe("A");
    expect(r.headerValue(0)).toBe("1");
    expect(r.headerName(1)).toBe("");
    expect(r.headerValue(-1)).toBe("");
    expect(r.idempotent).toBe(true);
    expect(new HttpRequest("POST", "http://a/").idempotent).toBe(false);
  });
});
