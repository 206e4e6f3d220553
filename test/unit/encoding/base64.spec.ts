// base64 and base64url: RFC 4648 §10 vectors, both alphabets, and every strictness rule (§3.3, §3.5, §4, §5).
import {
  base64Decode, base64DecodeString, base64Encode, base64UrlDecode, base64UrlDecodeString, base64UrlEncode,
} from "../../../assembly/encoding/base64";
import { DecodeStatus, EncodingErr, MAX_DECODE_INPUT, encodingErrName } from "../../../assembly/encoding/errors";
import { expectFailure, latin1, raw, utf8 } from "./helpers";

// RFC 4648 §10 test vectors.
const PLAIN = ["", "f", "fo", "foo", "foob", "fooba", "foobar"];
const STD = ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"];
const URL = ["", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"];

function std(s: string, status: DecodeStatus = new DecodeStatus()): Uint8Array | null {
  const fromString = base64DecodeString(s, status);
  const fromBytes = base64Decode(utf8(s), new DecodeStatus());
  expect(fromString === null).toBe(fromBytes === null, "string and byte decoders disagree on " + s);
  return fromString;
}

function url(s: string, status: DecodeStatus = new DecodeStatus()): Uint8Array | null {
  const fromString = base64UrlDecodeString(s, status);
  const fromBytes = base64UrlDecode(utf8(s), new DecodeStatus());
  expect(fromString === null).toBe(fromBytes === null, "string and byte decoders disagree on " + s);
  return fromString;
}

describe("base64 (RFC 4648 §4)", () => {
  it("encodes the RFC 4648 §10 vectors with padding", () => {
    for (let i = 0; i < PLAIN.length; i++) expect(base64Encode(utf8(PLAIN[i]))).toBe(STD[i]);
  });

  it("decodes the RFC 4648 §10 vectors", () => {
    for (let i = 0; i < PLAIN.length; i++) expect(latin1(std(STD[i]))).toBe(PLAIN[i]);
  });

  it("uses + and / for values 62 and 63", () => {
    expect(base64Encode(raw([0xfb, 0xef, 0xbe]))).toBe("++++");
    expect(base64Encode(raw([0xff, 0xff, 0xff]))).toBe("////");
    expect(latin1(std("+/8="))).toBe("\xfb\xff");
  });

  it("round-trips every byte value", () => {
    const all = new Uint8Array(256);
    for (let i = 0; i < 256; i++) all[i] = <u8>i;
    expect(latin1(std(base64Encode(all)))).toBe(latin1(all));
  });

  it("reports success with Ok and the input length", () => {
    const status = new DecodeStatus();
    std("Zm9vYg==", status);
    expect(status.err).toBe(EncodingErr.Ok);
    expect(status.offset).toBe(8);
  });

  it("rejects a length that is not a multiple of 4 as BadLength", () => {
    const status = new DecodeStatus();
    expectFailure(std("Zg", status), status, EncodingErr.BadLength, 2);
    expectFailure(std("Zm9vY", status), status, EncodingErr.BadLength, 5);
    expectFailure(std("Zm9vYmE", status), status, EncodingErr.BadLength, 7);
  });

  it("rejects padding inside the text, excess padding and a group of padding only as BadPadding", () => {
    const status = new DecodeStatus();
    expectFailure(std("Zg=a", status), status, EncodingErr.BadPadding, 2);
    expectFailure(std("Z===", status), status, EncodingErr.BadPadding, 1);
    expectFailure(std("====", status), status, EncodingErr.BadPadding, 0);
    expectFailure(std("Zg==Zg==", status), status, EncodingErr.BadPadding, 2);
    expectFailure(std("=Zm9", status), status, EncodingErr.BadPadding, 0);
  });

  it("rejects characters outside the alphabet, whitespace and line breaks included (§3.3)", () => {
    const status = new DecodeStatus();
    expectFailure(std("Zm9v Yg=", status), status, EncodingErr.BadCharacter, 4);
    expectFailure(std("Zm9\nYg==", status), status, EncodingErr.BadCharacter, 3);
    expectFailure(std("Zm-v", status), status, EncodingErr.BadCharacter, 2);
    expectFailure(std("Zm_v", status), status, EncodingErr.BadCharacter, 2);
    expectFailure(std("Zm9\0", status), status, EncodingErr.BadCharacter, 3);
    expectFailure(std("Zm9vY\u00e9==", status), status, EncodingErr.BadCharacter, 5);
  });

  it("rejects a wide character whose low byte is in the alphabet", () => {
    const status = new DecodeStatus();
    // U+0141 and U+0241 share their low byte with 'A' (0x41); they must not decode as 'A'.
    expectFailure(base64DecodeString("Zm9\u0141", status), status, EncodingErr.BadCharacter, 3);
    expectFailure(base64UrlDecodeString("\u0241A", status), status, EncodingErr.BadCharacter, 0);
  });

  it("rejects non-zero trailing bits as TrailingBits (§3.5)", () => {
    const status = new DecodeStatus();
    expectFailure(std("Zh==", status), status, EncodingErr.TrailingBits, 1);
    expectFailure(std("Zm9=", status), status, EncodingErr.TrailingBits, 2);
    expect(std("Zg==")).not.toBeNull();
    expect(std("Zm8=")).not.toBeNull();
  });

  it("rejects a byte above 0x7f in byte input as BadCharacter", () => {
    const status = new DecodeStatus();
    expectFailure(base64Decode(raw([0x5a, 0x6d, 0x39, 0xf6]), status), status, EncodingErr.BadCharacter, 3);
  });
});

describe("base64url (RFC 4648 §5, unpadded as in RFC 7515 §2)", () => {
  it("encodes the RFC 4648 §10 vectors without padding", () => {
    for (let i = 0; i < PLAIN.length; i++) expect(base64UrlEncode(utf8(PLAIN[i]))).toBe(URL[i]);
  });

  it("decodes the RFC 4648 §10 vectors without padding", () => {
    for (let i = 0; i < PLAIN.length; i++) expect(latin1(url(URL[i]))).toBe(PLAIN[i]);
  });

  it("decodes the RFC 7515 Appendix A.1 protected header", () => {
    expect(latin1(url("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"))).toBe("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
  });

  it("uses - and _ for values 62 and 63", () => {
    expect(base64UrlEncode(raw([0xfb, 0xef, 0xbe]))).toBe("----");
    expect(base64UrlEncode(raw([0xff, 0xff, 0xff]))).toBe("____");
    expect(latin1(url("-_8"))).toBe("\xfb\xff");
  });

  it("rejects + and / from the standard alphabet as BadCharacter", () => {
    const status = new DecodeStatus();
    expectFailure(url("+_8", status), status, EncodingErr.BadCharacter, 0);
    expectFailure(url("-/8", status), status, EncodingErr.BadCharacter, 1);
  });

  it("rejects any padding as BadPadding", () => {
    const status = new DecodeStatus();
    expectFailure(url("Zg==", status), status, EncodingErr.BadPadding, 2);
    expectFailure(url("Zm8=", status), status, EncodingErr.BadPadding, 3);
    expectFailure(url("Zg=", status), status, EncodingErr.BadPadding, 2);
  });

  it("rejects a length of 4n+1 as BadLength", () => {
    const status = new DecodeStatus();
    expectFailure(url("Z", status), status, EncodingErr.BadLength, 1);
    expectFailure(url("Zm9vY", status), status, EncodingErr.BadLength, 5);
  });

  it("rejects non-zero trailing bits as TrailingBits", () => {
    const status = new DecodeStatus();
    expectFailure(url("Zh", status), status, EncodingErr.TrailingBits, 1);
    expectFailure(url("Zm9", status), status, EncodingErr.TrailingBits, 2);
  });

  it("rejects a dot, as between JWS segments, as BadCharacter", () => {
    const status = new DecodeStatus();
    expectFailure(url("eyJh.eyJ", status), status, EncodingErr.BadCharacter, 4);
  });
});

describe("decoder limits and names", () => {
  it("rejects input longer than MAX_DECODE_INPUT as TooLarge before reading it", () => {
    const status = new DecodeStatus();
    const big = new Uint8Array(MAX_DECODE_INPUT + 4);
    expectFailure(base64Decode(big, status), status, EncodingErr.TooLarge, 0);
    expectFailure(base64UrlDecode(big, status), status, EncodingErr.TooLarge, 0);
  });

  it("decodes without a status object", () => {
    expect(base64UrlDecodeString("Zg")).not.toBeNull();
    expect(base64UrlDecodeString("Zg=")).toBeNull();
  });

  it("names every code with a stable ERR_ENCODING_ string", () => {
    expect(encodingErrName(EncodingErr.Ok)).toBe("OK");
    expect(encodingErrName(EncodingErr.TooLarge)).toBe("ERR_ENCODING_TOO_LARGE");
    expect(encodingErrName(EncodingErr.BadLength)).toBe("ERR_ENCODING_BAD_LENGTH");
    expect(encodingErrName(EncodingErr.BadCharacter)).toBe("ERR_ENCODING_BAD_CHARACTER");
    expect(encodingErrName(EncodingErr.BadPadding)).toBe("ERR_ENCODING_BAD_PADDING");
    expect(encodingErrName(EncodingErr.TrailingBits)).toBe("ERR_ENCODING_TRAILING_BITS");
    expect(encodingErrName(EncodingErr.BadUtf8)).toBe("ERR_ENCODING_BAD_UTF8");
  });
});
