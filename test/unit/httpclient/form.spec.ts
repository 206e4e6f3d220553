// application/x-www-form-urlencoded bodies (WHATWG URL §5.2) and client_secret_basic (RFC 6749 §2.3.1).
import { basicAuthorization, FormBody } from "../../../assembly/httpclient/form";

describe("FormBody", () => {
  it("joins fields with & and = in the order added, names repeating", () => {
    expect(new FormBody().add("a", "1").add("b", "2").add("a", "3").toString()).toBe("a=1&b=2&a=3");
    expect(new FormBody().toString()).toBe("");
    expect(new FormBody().add("", "").toString()).toBe("=");
  });

  it("keeps ALPHA DIGIT *-._ and writes space as +", () => {
    expect(new FormBody().add("k", "AZaz09*-._ x").toString()).toBe("k=AZaz09*-._+x");
  });

  it("percent-encodes everything else from UTF-8, hex in uppercase", () => {
    expect(new FormBody().add("redirect_uri", "https://app.example.com/cb?x=1&y=2#f").toString())
      .toBe("redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1%26y%3D2%23f");
    expect(new FormBody().add("v", "~!'()+,;/\\\"%").toString()).toBe("v=%7E%21%27%28%29%2B%2C%3B%2F%5C%22%25");
    expect(new FormBody().add("é", "€😀").toString()).toBe("%C3%A9=%E2%82%AC%F0%9F%98%80");
    expect(new FormBody().add("nl", "a\r\nb\x00").toString()).toBe("nl=a%0D%0Ab%00");
  });

  it("writes a lone surrogate as U+FFFD", () => {
    expect(new FormBody().add("s", String.fromCharCode(0xd800)).toString()).toBe("s=%EF%BF%BD");
  });

  it("encodes to ASCII bytes", () => {
    const b = new FormBody().add("a", "é").encode();
    expect(b.length).toBe(8);
    expect(String.UTF8.decodeUnsafe(b.dataStart, b.length)).toBe("a=%C3%A9");
  });
});

describe("basicAuthorization", () => {
  it("is Basic and the base64 of id:secret, a space form-encoded as + (RFC 6749 §2.3.1)", () => {
    expect(basicAuthorization("Aladdin", "open sesame")).toBe("Basic " + "QWxhZGRpbjpvcGVuK3Nlc2FtZQ==");
  });

  it("form-encodes id and secret first, so a colon in the id cannot move the split", () => {
    // "a%3Ab:c%2Bd+e" in base64
    expect(basicAuthorization("a:b", "c+d e")).toBe("Basic YSUzQWI6YyUyQmQrZQ==");
    expect(basicAuthorization("s6BhdRkqt3", "7Fjfp0ZBr1KtDRbnfVdmIw")).toBe("Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3");
  });
});
