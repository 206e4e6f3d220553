// Constant-time helpers for comparing secrets with attacker-chosen bytes (MAC tags, CSRF state, PKCE verifiers).
// Their timing depends only on the lengths, never on where or whether the bytes differ.

/**
 * constantTimeEqual reports whether a and b hold the same bytes. Its running time depends only on the two lengths:
 * arrays of different lengths return false at once (a length is not secret), equal lengths always read every byte.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): bool {
  if (a.length != b.length) return false;
  return constantTimeEqualAt(a.dataStart, b.dataStart, a.length);
}

/**
 * constantTimeEqualAt compares len bytes at a and b without branching on their values: it ORs the XOR of every
 * byte pair and tests the total once. The caller guarantees both ranges lie inside live buffers.
 */
export function constantTimeEqualAt(a: usize, b: usize, len: i32): bool {
  let diff: u32 = 0;
  let i = 0;
  // Eight bytes at a time: wasm loads may be unaligned and the range is the caller's, so no bounds check applies.
  for (; i + 8 <= len; i += 8) {
    const x = load<u64>(a + <usize>i) ^ load<u64>(b + <usize>i);
    diff |= <u32>x | <u32>(x >>> 32);
  }
  for (; i < len; i++) diff |= <u32>(load<u8>(a + <usize>i) ^ load<u8>(b + <usize>i));
  return diff == 0;
}
