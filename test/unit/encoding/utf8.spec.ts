// UTF-8 (RFC 3629): validation, strict decoding with every rejection class, and WHATWG-exact lossy decoding.
import { DecodeStatus, EncodingErr, MAX_DECODE_INPUT } from "../../../assembly/encoding/errors";
import { utf8Decode, utf8DecodeLossy, utf8Encode, utf8Validate } from "../../../assembly/encoding/utf8";
import { raw, utf8 } from "./helpers";

function rejects(bytes: Array<i32>, offset: i32): void {
  const status = new DecodeStatus();
  expect(utf8Decode(raw(bytes), status)).toBeNull();
  expect(status.err).toBe(EncodingErr.BadUtf8);
  expect(status.offset).toBe(offset);
  expect(utf8Validate(raw(bytes))).toBe(false);
}

function decodes(bytes: Array<i32>, text: string): void {
  const status = new DecodeStatus();
  expect(utf8Decode(raw(bytes), status)).toBe(text);
  expect(status.err).toBe(EncodingErr.Ok);
  expect(status.offset).toBe(bytes.length);
  expect(utf8Validate(raw(bytes))).toBe(true);
}

describe("utf8Decode (strict)", () => {
  it("decodes ASCII, two-, three- and four-byte sequences", () => {
    decodes([], "");
    decodes([0x41, 0x42], "AB");
    decodes([0xc3, 0xa9], "é");
    decodes([0xe2, 0x82, 0xac], "€");
    decodes([0xf0, 0x9f, 0x98, 0x80], "😀");
  });

  it("decodes the boundaries of every sequence length", () => {
    decodes([0x7f], "\u007f");
    decodes([0xc2, 0x80], "\u0080");
    decodes([0xdf, 0xbf], "\u07ff");
    decodes([0xe0, 0xa0, 0x80], "\u0800");
    decodes([0xed, 0x9f, 0xbf], "\ud7ff");
    decodes([0xee, 0x80, 0x80], "\ue000");
    decodes([0xef, 0xbf, 0xbf], "\uffff");
    decodes([0xf0, 0x90, 0x80, 0x80], "\u{10000}");
    decodes([0xf4, 0x8f, 0xbf, 0xbf], "\u{10ffff}");
  });

  it("keeps NUL and a byte order mark as characters", () => {
    decodes([0x00], "\0");
    decodes([0xef, 0xbb, 0xbf, 0x41], "\ufeffA");
  });

  it("decodes long ASCII runs across the 8-byte fast path, with a multi-byte tail", () => {
    const s = "abcdefghijklmnopqrstuvwxyz0123456789é";
    expect(utf8Decode(utf8(s))).toBe(s);
    expect(utf8Decode(utf8("0123456😀89abcdef"))).toBe("0123456😀89abcdef");
  });

  it("rejects overlong encodings (RFC 3629 §3)", () => {
    rejects([0xc0, 0x80], 0);
    rejects([0xc1, 0xbf], 0);
    rejects([0xe0, 0x80, 0x80], 0);
    rejects([0xe0, 0x9f, 0xbf], 0);
    rejects([0xf0, 0x80, 0x80, 0x80], 0);
    rejects([0xf0, 0x8f, 0xbf, 0xbf], 0);
  });

  it("rejects UTF-16 surrogates encoded as UTF-8", () => {
    rejects([0xed, 0xa0, 0x80], 0);
    rejects([0xed, 0xbf, 0xbf], 0);
    rejects([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], 0);
  });

  it("rejects code points above U+10FFFF and the bytes F5..FF", () => {
    rejects([0xf4, 0x90, 0x80, 0x80], 0);
    rejects([0xf5, 0x80, 0x80, 0x80], 0);
    rejects([0xf8, 0x88, 0x80, 0x80, 0x80], 0);
    rejects([0xfe], 0);
    rejects([0xff], 0);
  });

  it("rejects stray continuation bytes and truncated sequences at their start", () => {
    rejects([0x41, 0x80], 1);
    rejects([0x41, 0xbf, 0x42], 1);
    rejects([0xc3], 0);
    rejects([0x41, 0xe2, 0x82], 1);
    rejects([0xf0, 0x9f, 0x98], 0);
    rejects([0xc3, 0x41], 0);
    rejects([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x80], 8);
  });

  it("rejects input longer than MAX_DECODE_INPUT as TooLarge", () => {
    const status = new DecodeStatus();
    expect(utf8Decode(new Uint8Array(MAX_DECODE_INPUT + 1), status)).toBeNull();
    expect(status.err).toBe(EncodingErr.TooLarge);
    expect(utf8Validate(new Uint8Array(MAX_DECODE_INPUT + 1))).toBe(false);
  });
});

describe("utf8DecodeLossy (WHATWG replacement)", () => {
  it("decodes valid input exactly as the strict decoder", () => {
    expect(utf8DecodeLossy(utf8("añ€😀"))).toBe("añ€😀");
  });

  it("replaces each maximal invalid subpart with one U+FFFD", () => {
    // Unicode §3.9 Table 3-8: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 -> a FFFD FFFD FFFD b FFFD c FFFD FFFD d
    const input = raw([0x61, 0xf1, 0x80, 0x80, 0xe1, 0x80, 0xc2, 0x62, 0x80, 0x63, 0x80, 0xbf, 0x64]);
    expect(utf8DecodeLossy(input)).toBe("a\ufffd\ufffd\ufffdb\ufffdc\ufffd\ufffdd");
  });

  it("replaces overlongs and surrogates byte by byte", () => {
    expect(utf8DecodeLossy(raw([0xc0, 0x80]))).toBe("\ufffd\ufffd");
    expect(utf8DecodeLossy(raw([0xed, 0xa0, 0x80]))).toBe("\ufffd\ufffd\ufffd");
    expect(utf8DecodeLossy(raw([0xf4, 0x90, 0x80, 0x80]))).toBe("\ufffd\ufffd\ufffd\ufffd");
  });

  it("replaces a truncated sequence at the end with one U+FFFD", () => {
    expect(utf8DecodeLossy(raw([0x41, 0xf0, 0x9f, 0x98]))).toBe("A\ufffd");
    expect(utf8DecodeLossy(raw([0xe2]))).toBe("\ufffd");
  });
});

describe("utf8Encode", () => {
  it("encodes text as UTF-8 and a lone surrogate as U+FFFD", () => {
    expect(utf8Encode("é😀").length).toBe(6);
    const lone = utf8Encode("a\ud800b");
    expect(lone.length).toBe(5);
    expect(lone[1]).toBe(0xef);
    expect(lone[2]).toBe(0xbf);
    expect(lone[3]).toBe(0xbd);
  });
});
