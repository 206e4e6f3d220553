// hex (RFC 4648 §8): lowercase output, either case accepted, every rejection path.
import { DecodeStatus, EncodingErr } from "../../../assembly/encoding/errors";
import { hexDecode, hexDecodeString, hexEncode, hexValue } from "../../../assembly/encoding/hex";
import { expectFailure, latin1, raw, utf8 } from "./helpers";

describe("hex", () => {
  it("encodes the RFC 4648 §10 vector in lowercase", () => {
    expect(hexEncode(utf8("foobar"))).toBe("666f6f626172");
    expect(hexEncode(new Uint8Array(0))).toBe("");
  });

  it("decodes the RFC 4648 §10 vector in either case", () => {
    expect(latin1(hexDecodeString("666F6F626172"))).toBe("foobar");
    expect(latin1(hexDecodeString("666f6f626172"))).toBe("foobar");
    expect(latin1(hexDecode(utf8("666F6f626172")))).toBe("foobar");
  });

  it("round-trips every byte value", () => {
    const all = new Uint8Array(256);
    for (let i = 0; i < 256; i++) all[i] = <u8>i;
    const text = hexEncode(all);
    expect(text.slice(0, 8)).toBe("00010203");
    expect(text.slice(504)).toBe("fcfdfeff");
    expect(latin1(hexDecodeString(text))).toBe(latin1(all));
  });

  it("rejects an odd number of digits as BadLength", () => {
    const status = new DecodeStatus();
    expectFailure(hexDecodeString("abc", status), status, EncodingErr.BadLength, 3);
  });

  it("rejects non-hex characters, a 0x prefix and spaces as BadCharacter at their offset", () => {
    const status = new DecodeStatus();
    expectFailure(hexDecodeString("0x41", status), status, EncodingErr.BadCharacter, 1);
    expectFailure(hexDecodeString("4g", status), status, EncodingErr.BadCharacter, 1);
    expectFailure(hexDecodeString("41 42", status), status, EncodingErr.BadLength, 5);
    expectFailure(hexDecodeString("41 4", status), status, EncodingErr.BadCharacter, 2);
    expectFailure(hexDecode(raw([0x34, 0xc1]), status), status, EncodingErr.BadCharacter, 1);
    // U+0661 and U+0141 share their low bytes with 'a' and 'A'; neither is a hex digit.
    expectFailure(hexDecodeString("\u0661\u0661", status), status, EncodingErr.BadCharacter, 0);
    expectFailure(hexDecodeString("a\u0141", status), status, EncodingErr.BadCharacter, 1);
  });

  it("gives hexValue -1 for every code that is not a hex digit", () => {
    let digits = 0;
    for (let c: u32 = 0; c < 0x10000; c++) if (hexValue(c) >= 0) digits++;
    expect(digits).toBe(22);
    expect(hexValue(0x2f)).toBe(-1);
    expect(hexValue(0x3a)).toBe(-1);
    expect(hexValue(0x40)).toBe(-1);
    expect(hexValue(0x47)).toBe(-1);
    expect(hexValue(0x60)).toBe(-1);
    expect(hexValue(0x67)).toBe(-1);
    expect(hexValue(0x46)).toBe(15);
    expect(hexValue(0x66)).toBe(15);
  });
});
