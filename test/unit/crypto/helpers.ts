// Shared helpers for the crypto specs: build inputs from hex, text and byte patterns, and show results as hex so a
// failed expectation prints both values readably.

/** hex decodes a string of hex digit pairs (no separators). */
export function hex(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) {
    out[i] = <u8>(nibble(s.charCodeAt(2 * i)) << 4 | nibble(s.charCodeAt(2 * i + 1)));
  }
  return out;
}

/** toHex encodes bytes as lowercase hex, and null as "null". */
export function toHex(b: Uint8Array | null): string {
  if (b === null) return "null";
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
  return s;
}

/** text encodes s as UTF-8. */
export function text(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** fill returns n bytes of value v. */
export function fill(v: u8, n: i32): Uint8Array {
  const out = new Uint8Array(n);
  out.fill(v);
  return out;
}

/** seq returns the bytes from..to inclusive, as RFC test vectors write "0x00 ... 0x0c". */
export function seq(from: i32, to: i32): Uint8Array {
  const out = new Uint8Array(to - from + 1);
  for (let i = 0; i < out.length; i++) out[i] = <u8>(from + i);
  return out;
}

/** pattern returns n bytes that differ from block to block, for split and boundary tests. */
export function pattern(n: i32): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = <u8>(i * 131 + (i >> 8) + 7);
  return out;
}

/** concat joins two byte arrays. */
export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function nibble(c: i32): i32 {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10;
}
