// JsonParser strings: RFC 8259 §7 escapes and RFC 3629 UTF-8 validation.
import { JsonErr } from "../../../assembly/json/parse";
import { err, errBytes, ok, raw, str } from "./helpers";

// A string token around raw bytes: `"` bytes `"`.
function quoted(bytes: Array<i32>): Uint8Array {
  return raw([0x22].concat(bytes).concat([0x22]));
}

describe("JsonParser string escapes", () => {
  it("decodes the short escapes", () => {
    expect(str("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"")).toBe("\"\\/\b\f\n\r\t");
  });

  it("decodes \\u003c, \\u003e and \\u0026 from Go-escaped config", () => {
    expect(str("\"https://a/?x=1\\u0026y=\\u003cz\\u003e\"")).toBe("https://a/?x=1&y=<z>");
  });

  it("decodes upper- and lowercase hex digits", () => {
    expect(str("\"\\u00E9\\u00e9\\uABCD\"")).toBe("éé\uabcd");
  });

  it("decodes \\u0000 to a NUL character", () => {
    const s = str("\"a\\u0000b\"");
    expect(s.length).toBe(3);
    expect(s.charCodeAt(1)).toBe(0);
  });

  it("decodes a surrogate-pair escape to one supplementary code point", () => {
    const s = str("\"\\ud83d\\ude00\"");
    expect(s.length).toBe(2);
    expect(s.codePointAt(0)).toBe(0x1f600);
    expect(str("\"\\uDBFF\\uDFFF\"").codePointAt(0)).toBe(0x10ffff);
  });

  it("rejects an unpaired high surrogate escape as BadEscape", () => {
    expect(err("\"\\ud800\"")).toBe(JsonErr.BadEscape);
    expect(err("\"\\ud800x\"")).toBe(JsonErr.BadEscape);
    expect(err("\"\\ud800\\n\"")).toBe(JsonErr.BadEscape);
    expect(err("\"\\ud800\\u0041\"")).toBe(JsonErr.BadEscape);
    expect(err("\"\\ud800\\ud800\"")).toBe(JsonErr.BadEscape);
  });

  it("rejects a lone low surrogate escape as BadEscape", () => {
    expect(err("\"\\udc00\"")).toBe(JsonErr.BadEscape);
    expect(err("\"\\ude00\\ud83d\"")).toBe(JsonErr.BadEscape);
  });

  it("rejects unknown escapes and bad hex digits as BadEscape", () => {
    expect(err("\"\\a\"")).toBe(JsonErr.BadEscape);
    expect(err("\"\\x41\"")).toBe(JsonErr.BadEscape);
    expect(err("\"\\U0041\"")).toBe(JsonErr.BadEscape);
    expect(err("\"\\'\"")).toBe(JsonErr.BadEscape);
    expect(err("\"\\u12\"")).toBe(JsonErr.BadEscape);
    expect(err("\"\\uZZZZ\"")).toBe(JsonErr.BadEscape);
    expect(err("\"\\u00g0\"")).toBe(JsonErr.BadEscape);
  });

  it("reports escapes cut by the end of input as UnexpectedEnd", () => {
    expect(err("\"\\")).toBe(JsonErr.UnexpectedEnd);
    expect(err("\"\\u00")).toBe(JsonErr.UnexpectedEnd);
    expect(err("\"\\ud83d")).toBe(JsonErr.UnexpectedEnd);
    expect(err("\"\\ud83d\\")).toBe(JsonErr.UnexpectedEnd);
    expect(err("\"\\ud83d\\ude0")).toBe(JsonErr.UnexpectedEnd);
  });

  it("rejects raw control characters, and accepts DEL", () => {
    expect(err("\"a\tb\"")).toBe(JsonErr.UnexpectedByte);
    expect(err("\"a\nb\"")).toBe(JsonErr.UnexpectedByte);
    expect(errBytes(quoted([0x00]))).toBe(JsonErr.UnexpectedByte);
    expect(errBytes(quoted([0x1f]))).toBe(JsonErr.UnexpectedByte);
    expect(str("\"\x7f\"")).toBe("\x7f");
  });

  it("rejects an unterminated string as UnexpectedEnd", () => {
    expect(err("\"abc")).toBe(JsonErr.UnexpectedEnd);
    expect(err("\"")).toBe(JsonErr.UnexpectedEnd);
  });

  it("decodes a string longer than the scratch buffer", () => {
    const long = "é😀x".repeat(500);
    expect(str("\"" + long + "\"")).toBe(long);
  });
});

describe("JsonParser UTF-8", () => {
  it("decodes 2-, 3- and 4-byte sequences at their range boundaries", () => {
    expect(str("\"\u0080\u07ff\u0800\uffff\"")).toBe("\u0080\u07ff\u0800\uffff");
    expect(ok("\"\ud800\udc00\"").string.codePointAt(0)).toBe(0x10000);
    expect(ok("\"\udbff\udfff\"").string.codePointAt(0)).toBe(0x10ffff);
    expect(str("\"é€😀\"")).toBe("é€😀");
    expect(ok("\"\ud7ff\ue000\"").string).toBe("\ud7ff\ue000");
  });

  it("rejects overlong encodings as BadUtf8", () => {
    expect(errBytes(quoted([0xc0, 0x80]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xc1, 0xbf]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xe0, 0x80, 0x80]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xe0, 0x9f, 0xbf]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xf0, 0x80, 0x80, 0x80]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xf0, 0x8f, 0xbf, 0xbf]))).toBe(JsonErr.BadUtf8);
  });

  it("rejects UTF-16 surrogates encoded in UTF-8 as BadUtf8", () => {
    expect(errBytes(quoted([0xed, 0xa0, 0x80]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xed, 0xbf, 0xbf]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]))).toBe(JsonErr.BadUtf8);
    expect(ok("\"\ud7ff\"").string).toBe("\ud7ff"); // ED 9F BF, just below the surrogates
  });

  it("rejects code points above U+10FFFF and bytes F5..FF as BadUtf8", () => {
    expect(errBytes(quoted([0xf4, 0x90, 0x80, 0x80]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xf5, 0x80, 0x80, 0x80]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xf8, 0x88, 0x80, 0x80, 0x80]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xfe]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xff]))).toBe(JsonErr.BadUtf8);
  });

  it("rejects stray continuation bytes and truncated sequences as BadUtf8", () => {
    expect(errBytes(quoted([0x80]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xbf]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xc3]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xe2, 0x82]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xf0, 0x9f, 0x98]))).toBe(JsonErr.BadUtf8);
    expect(errBytes(quoted([0xc3, 0x41]))).toBe(JsonErr.BadUtf8);
  });

  it("reports a sequence cut by the end of input as UnexpectedEnd", () => {
    expect(errBytes(raw([0x22, 0xc3]))).toBe(JsonErr.UnexpectedEnd);
    expect(errBytes(raw([0x22, 0xf0, 0x9f, 0x98]))).toBe(JsonErr.UnexpectedEnd);
  });

  it("rejects non-ASCII bytes outside strings as UnexpectedByte", () => {
    expect(errBytes(raw([0xc3, 0xa9]))).toBe(JsonErr.UnexpectedByte);
    expect(errBytes(raw([0x5b, 0x80, 0x5d]))).toBe(JsonErr.UnexpectedByte);
  });

  it("validates member names like values", () => {
    expect(errBytes(raw([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]))).toBe(JsonErr.BadUtf8);
    expect(ok("{\"\\u00e9\":1}").keyAt(0)!).toBe("é");
  });
});
