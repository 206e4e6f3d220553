// Base64 (RFC 4648 §4, always padded) and base64url (§5, never padded, as JOSE uses it: RFC 7515 §2), both
// strict, so each byte string has exactly one accepted spelling. Decoders read bytes or UTF-16 strings in place.

import { DecodeStatus, EncodingErr, MAX_DECODE_INPUT, decodeFail, decodeOk } from "./errors";

const ALPHABET_STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ALPHABET_URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// @ts-ignore: decorator
@inline const PAD: u32 = 0x3d; // '='
// @ts-ignore: decorator
@inline const INVALID: u32 = 0xff;

// The 6-bit value of each ASCII code in the alphabets above, INVALID for every other code (padding included).
const DECODE_STD = memory.data<u8>([
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3e, 0xff, 0xff, 0xff, 0x3f,
  0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
  0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
  0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0xff, 0xff, 0xff, 0xff, 0xff,
]);
const DECODE_URL = memory.data<u8>([
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3e, 0xff, 0xff,
  0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
  0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0xff, 0xff, 0xff, 0xff, 0x3f,
  0xff, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
  0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0xff, 0xff, 0xff, 0xff, 0xff,
]);

/** base64Encode returns the padded standard base64 of bytes (RFC 4648 §4). */
export function base64Encode(bytes: Uint8Array): string {
  return encode(bytes, ALPHABET_STD, true);
}

/** base64UrlEncode returns the unpadded base64url of bytes (RFC 4648 §5, RFC 7515 §2). */
export function base64UrlEncode(bytes: Uint8Array): string {
  return encode(bytes, ALPHABET_URL, false);
}

/**
 * base64Decode decodes padded standard base64. It returns null, with the reason on status, for a length that is
 * not a multiple of 4, a character outside the alphabet, misplaced or missing padding, or non-zero trailing bits.
 * It accepts no whitespace or line breaks (RFC 4648 §3.3).
 */
export function base64Decode(input: Uint8Array, status: DecodeStatus | null = null): Uint8Array | null {
  return decode<u8>(input.dataStart, input.length, DECODE_STD, true, status);
}

/** base64DecodeString is base64Decode over a string; any character above U+007F is BadCharacter. */
export function base64DecodeString(input: string, status: DecodeStatus | null = null): Uint8Array | null {
  return decode<u16>(changetype<usize>(input), input.length, DECODE_STD, true, status);
}

/**
 * base64UrlDecode decodes unpadded base64url, as in JWS and JWT segments. It rejects `=` anywhere (BadPadding),
 * a length of 4n+1, characters outside the alphabet (`+` and `/` included) and non-zero trailing bits.
 */
export function base64UrlDecode(input: Uint8Array, status: DecodeStatus | null = null): Uint8Array | null {
  return decode<u8>(input.dataStart, input.length, DECODE_URL, false, status);
}

/** base64UrlDecodeString is base64UrlDecode over a string; any character above U+007F is BadCharacter. */
export function base64UrlDecodeString(input: string, status: DecodeStatus | null = null): Uint8Array | null {
  return decode<u16>(changetype<usize>(input), input.length, DECODE_URL, false, status);
}

// Encodes into one string allocated at its final length; every 3 bytes become 4 UTF-16 units in one store.
function encode(bytes: Uint8Array, alphabet: string, pad: bool): string {
  const n = bytes.length;
  if (n == 0) return "";
  const full = n - n % 3;
  const rem = n - full;
  const units = (full / 3) * 4 + (rem == 0 ? 0 : pad ? 4 : rem + 1);
  const out = changetype<string>(__new(<usize>units << 1, idof<String>()));
  const src = bytes.dataStart;
  const abc = changetype<usize>(alphabet);
  let o = changetype<usize>(out);
  for (let i = 0; i < full; i += 3) {
    // i + 2 < full <= n: the three loads stay inside bytes; o advances by 8 bytes per 4 units allocated.
    const v = (<u32>load<u8>(src + i) << 16) | (<u32>load<u8>(src + i + 1) << 8) | <u32>load<u8>(src + i + 2);
    store<u64>(o, unit(abc, v >> 18) | (unit(abc, (v >> 12) & 63) << 16) |
      (unit(abc, (v >> 6) & 63) << 32) | (unit(abc, v & 63) << 48));
    o += 8;
  }
  if (rem == 0) return out;
  // The final group: 1 byte gives 2 characters, 2 bytes give 3; padding fills the group to 4 (RFC 4648 §4).
  const b0 = <u32>load<u8>(src + full); // full < n
  const b1 = rem == 2 ? <u32>load<u8>(src + full + 1) : 0; // full + 1 < n when rem == 2
  const v = (b0 << 16) | (b1 << 8);
  store<u16>(o, <u16>unit(abc, v >> 18));
  store<u16>(o, <u16>unit(abc, (v >> 12) & 63), 2);
  if (rem == 2) store<u16>(o, <u16>unit(abc, (v >> 6) & 63), 4);
  else if (pad) store<u16>(o, <u16>PAD, 4);
  if (pad) store<u16>(o, <u16>PAD, 6);
  return out;
}

// The alphabet's character for a 6-bit value, widened for a packed store. sextet < 64 = alphabet.length.
// @ts-ignore: decorator
@inline function unit(alphabet: usize, sextet: u32): u64 {
  return <u64>load<u16>(alphabet + (<usize>sextet << 1));
}

// Decodes len units of T (u8 for bytes, u16 for a string) at ptr. The output is allocated once, at its exact
// size, after the length and padding checks and before the characters are read.
function decode<T>(ptr: usize, len: i32, table: usize, padded: bool, status: DecodeStatus | null): Uint8Array | null {
  if (len > MAX_DECODE_INPUT) return decodeFail<Uint8Array>(status, EncodingErr.TooLarge, 0);
  let data = len;
  if (padded) {
    // RFC 4648 §4: the output is padded with "=" to a whole number of 4-character groups.
    if ((len & 3) != 0) return decodeFail<Uint8Array>(status, EncodingErr.BadLength, len);
    // At most two "=" end the text; len >= 4 whenever len > 0 here, so len - 2 is in range.
    if (len > 0 && at<T>(ptr, len - 1) == PAD) data = at<T>(ptr, len - 2) == PAD ? len - 2 : len - 1;
  } else if ((len & 3) == 1) {
    // RFC 4648 §5 used without padding (RFC 7515 §2): a lone final character cannot carry a whole byte.
    return decodeFail<Uint8Array>(status, EncodingErr.BadLength, len);
  }
  const full = data & ~3;
  const rem = data - full; // 0, 2 or 3: padding removes at most 2, and 4n+1 was rejected
  const out = new Uint8Array((full >> 2) * 3 + (rem == 0 ? 0 : rem - 1));
  let o = out.dataStart;
  for (let i = 0; i < full; i += 4) {
    const a = sextet<T>(ptr, i, table);
    const b = sextet<T>(ptr, i + 1, table);
    const c = sextet<T>(ptr, i + 2, table);
    const d = sextet<T>(ptr, i + 3, table);
    if (((a | b | c | d) & 0x80) != 0) return badCharacter<T>(ptr, i, table, status);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    // Each group of 4 characters owns 3 output bytes: o + 2 < out.dataStart + out.length.
    store<u8>(o, <u8>(v >> 16));
    store<u8>(o, <u8>(v >> 8), 1);
    store<u8>(o, <u8>v, 2);
    o += 3;
  }
  if (rem != 0) {
    const a = sextet<T>(ptr, full, table);
    const b = sextet<T>(ptr, full + 1, table);
    const c = rem == 3 ? sextet<T>(ptr, full + 2, table) : 0;
    if (((a | b | c) & 0x80) != 0) return badCharacter<T>(ptr, full, table, status);
    // RFC 4648 §3.5: the pad bits of the last character must be zero, or two texts decode to the same bytes.
    if (rem == 2 && (b & 0x0f) != 0) return decodeFail<Uint8Array>(status, EncodingErr.TrailingBits, full + 1);
    if (rem == 3 && (c & 0x03) != 0) return decodeFail<Uint8Array>(status, EncodingErr.TrailingBits, full + 2);
    // rem - 1 output bytes remain for this group: 1 after 2 characters, 2 after 3.
    store<u8>(o, <u8>((a << 2) | (b >> 4)));
    if (rem == 3) store<u8>(o, <u8>((b << 4) | (c >> 2)), 1);
  }
  decodeOk(status, len);
  return out;
}

// The unit of T at index i; every caller passes i < len.
// @ts-ignore: decorator
@inline function at<T>(ptr: usize, i: i32): u32 {
  return <u32>load<T>(ptr + (<usize>i << alignof<T>()));
}

// The 6-bit value of the unit at index i, or INVALID (bit 7 set). The table read is masked to its 128 entries
// before the range test, so a wide character never reads past it.
// @ts-ignore: decorator
@inline function sextet<T>(ptr: usize, i: i32, table: usize): u32 {
  const c = at<T>(ptr, i);
  const v = <u32>load<u8>(table + (c & 0x7f));
  return c < 0x80 ? v : INVALID;
}

// Finds the first unit at or after `from` that the table rejects: `=` is BadPadding, anything else BadCharacter.
function badCharacter<T>(ptr: usize, from: i32, table: usize, status: DecodeStatus | null): Uint8Array | null {
  let i = from;
  while ((sextet<T>(ptr, i, table) & 0x80) == 0) i++; // the caller saw an invalid unit within the next 4
  const e = at<T>(ptr, i) == PAD ? EncodingErr.BadPadding : EncodingErr.BadCharacter;
  return decodeFail<Uint8Array>(status, e, i);
}
