// Error codes of the encoding layer (base64, base64url, hex, UTF-8), their stable names, and the status object
// that decoders fill in. Decoders never trap on input: they return null and leave the code and offset here.

/** MAX_DECODE_INPUT bounds every decoder's input, in bytes or UTF-16 units, so offsets and sizes stay in i32. */
export const MAX_DECODE_INPUT: i32 = 1 << 24;

/** EncodingErr says why a decoder returned null. Values are stable. */
export const enum EncodingErr {
  Ok = 0,
  /** The input is longer than MAX_DECODE_INPUT (checked before any byte is read). */
  TooLarge = 1,
  /** The length cannot be an encoding: base64 not a multiple of 4, base64url of 4n+1, hex odd. */
  BadLength = 2,
  /** A byte or character outside the alphabet (including any non-ASCII character). */
  BadCharacter = 3,
  /** `=` where it may not be: missing, misplaced or excess padding, or any padding in base64url. */
  BadPadding = 4,
  /** The last character carries bits that are not zero: a second spelling of the same bytes (RFC 4648 §3.5). */
  TrailingBits = 5,
  /** Invalid UTF-8: overlong, surrogate, above U+10FFFF, stray continuation byte or truncated sequence. */
  BadUtf8 = 6,
}

/** encodingErrName returns the stable operator-facing name of e, such as "ERR_ENCODING_BAD_PADDING". */
export function encodingErrName(e: EncodingErr): string {
  switch (e) {
    case EncodingErr.Ok: return "OK";
    case EncodingErr.TooLarge: return "ERR_ENCODING_TOO_LARGE";
    case EncodingErr.BadLength: return "ERR_ENCODING_BAD_LENGTH";
    case EncodingErr.BadCharacter: return "ERR_ENCODING_BAD_CHARACTER";
    case EncodingErr.BadPadding: return "ERR_ENCODING_BAD_PADDING";
    case EncodingErr.TrailingBits: return "ERR_ENCODING_TRAILING_BITS";
    case EncodingErr.BadUtf8: return "ERR_ENCODING_BAD_UTF8";
  }
  return "ERR_ENCODING_UNKNOWN";
}

/**
 * DecodeStatus receives a decoder's outcome: `err` (Ok after success) and `offset`, the input position where
 * decoding stopped (the input length after success). One status can serve any number of calls.
 */
export class DecodeStatus {
  err: EncodingErr = EncodingErr.Ok;
  offset: i32 = 0;
}

/** decodeOk records success on status, if any. */
// @ts-ignore: decorator
@inline export function decodeOk(status: DecodeStatus | null, len: i32): void {
  if (status !== null) {
    status.err = EncodingErr.Ok;
    status.offset = len;
  }
}

/** decodeFail records e at offset on status, if any, and returns null for the caller's result. */
export function decodeFail<T>(status: DecodeStatus | null, e: EncodingErr, offset: i32): T | null {
  if (status !== null) {
    status.err = e;
    status.offset = offset;
  }
  return null;
}
