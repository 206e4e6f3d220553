// Base16 (RFC 4648 §8): lowercase on output, either case on input, nothing else accepted (no "0x", no spaces).

import { DecodeStatus, EncodingErr, MAX_DECODE_INPUT, decodeFail, decodeOk } from "./errors";

const DIGITS = "0123456789abcdef";

/** hexEncode returns two lowercase hex digits per byte. */
export function hexEncode(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n == 0) return "";
  const out = changetype<string>(__new(<usize>n << 2, idof<String>()));
  const src = bytes.dataStart;
  const digits = changetype<usize>(DIGITS);
  const dst = changetype<usize>(out);
  for (let i = 0; i < n; i++) {
    // i < n bytes read; 4 bytes (2 units) written per byte into the 4n bytes allocated. Nibbles index 16 digits.
    const b = <usize>load<u8>(src + i);
    const hi = <u32>load<u16>(digits + ((b >> 4) << 1));
    const lo = <u32>load<u16>(digits + ((b & 15) << 1));
    store<u32>(dst + (<usize>i << 2), hi | (lo << 16));
  }
  return out;
}

/** hexDecode decodes an even number of hex digits of either case; anything else returns null with a reason. */
export function hexDecode(input: Uint8Array, status: DecodeStatus | null = null): Uint8Array | null {
  return decode<u8>(input.dataStart, input.length, status);
}

/** hexDecodeString is hexDecode over a string. */
export function hexDecodeString(input: string, status: DecodeStatus | null = null): Uint8Array | null {
  return decode<u16>(changetype<usize>(input), input.length, status);
}

/** hexValue returns the value of one hex digit of either case, or -1 for any other code. */
// @ts-ignore: decorator
@inline export function hexValue(c: u32): i32 {
  // Unsigned wrap-around sends codes below '0' or 'a' far out of range. `| 0x20` folds only 'A'..'F' onto
  // 'a'..'f': no other code c has c | 0x20 in 0x61..0x66.
  const d = c - 0x30;
  if (d < 10) return <i32>d;
  const l = (c | 0x20) - 0x61;
  return l < 6 ? <i32>l + 10 : -1;
}

function decode<T>(ptr: usize, len: i32, status: DecodeStatus | null): Uint8Array | null {
  if (len > MAX_DECODE_INPUT) return decodeFail<Uint8Array>(status, EncodingErr.TooLarge, 0);
  // RFC 4648 §8: each byte is exactly two digits.
  if ((len & 1) != 0) return decodeFail<Uint8Array>(status, EncodingErr.BadLength, len);
  const out = new Uint8Array(len >> 1);
  const dst = out.dataStart;
  for (let i = 0; i < len; i += 2) {
    // i + 1 < len (len is even): both units are inside the input; byte i/2 is inside out.
    const hi = hexValue(<u32>load<T>(ptr + (<usize>i << alignof<T>())));
    const lo = hexValue(<u32>load<T>(ptr + (<usize>(i + 1) << alignof<T>())));
    if (hi < 0) return decodeFail<Uint8Array>(status, EncodingErr.BadCharacter, i);
    if (lo < 0) return decodeFail<Uint8Array>(status, EncodingErr.BadCharacter, i + 1);
    store<u8>(dst + (<usize>i >> 1), <u8>((hi << 4) | lo));
  }
  decodeOk(status, len);
  return out;
}
