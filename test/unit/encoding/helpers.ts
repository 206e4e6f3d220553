// Shared helpers for the encoding specs: inputs from text or raw byte values, and outputs back to text.
import { DecodeStatus, EncodingErr } from "../../../assembly/encoding/errors";

/** utf8 encodes s as bytes. */
export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** raw builds bytes from values, for inputs no string literal can express. */
export function raw(values: Array<i32>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = <u8>values[i];
  return out;
}

/** latin1 maps each byte to one character, to compare decoded bytes against a literal. */
export function latin1(b: Uint8Array | null): string {
  expect(b).not.toBeNull("expected bytes, got null");
  let s = "";
  for (let i = 0; i < b!.length; i++) s += String.fromCharCode(b![i]);
  return s;
}

/** expectFailure checks that a decoder returned null with err at offset. */
export function expectFailure(result: Uint8Array | null, status: DecodeStatus, err: EncodingErr, offset: i32): void {
  expect(result).toBeNull();
  expect(status.err).toBe(err);
  expect(status.offset).toBe(offset);
}
