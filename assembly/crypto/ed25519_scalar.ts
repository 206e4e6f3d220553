// Scalars of Ed25519, integers modulo the prime group order L = 2^252 + δ, δ = 27742317777372353535851937790883648493
// (RFC 8032 §5.1): the S < L check, the reduction of the 64-byte SHA-512 output, and the signed-digit form that
// the double-scalar multiplication (ed25519_point.ts) walks. Scalars here are public, so nothing is constant time.

/** SCALAR_BYTES is the length of a scalar's little-endian encoding; WIDE_BYTES that of a hash to reduce. */
export const SCALAR_BYTES: i32 = 32;
export const WIDE_BYTES: i32 = 64;
/** NAF_DIGITS is the length of a width-w NAF of a scalar below 2^253 (one digit per bit, plus room to carry). */
export const NAF_DIGITS: i32 = 256;

// L, little-endian.
const L_BYTES = memory.data<u8>([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);
// δ = L - 2^252 in six 21-bit digits, least significant first.
const DELTA = memory.data<i64>([1430509, 1626855, 1442968, 997804, 1960495, 683900]);

// @ts-ignore: decorator
@inline const MASK21: i64 = 0x1fffff;

// Scratch: the wide input zero-padded so that 32-bit loads near its end stay inside, the 25 digits being reduced,
// and a zero-padded scalar for the NAF window loads.
const WIDE = memory.data(72, 8);
const DIGITS = memory.data(25 * 8, 8);
const PADDED = memory.data(40, 8);

/** scalarIsCanonical reports whether the 32 little-endian bytes at s encode an integer below L. */
export function scalarIsCanonical(s: usize): bool {
  // Compare from the most significant byte down: the first difference decides; equal to L is not below it.
  for (let i = 31; i >= 0; i--) {
    const a = load<u8>(s + <usize>i), b = load<u8>(L_BYTES + <usize>i);
    if (a != b) return a < b;
  }
  return false;
}

/**
 * scalarReduce writes at out the 32-byte little-endian encoding of the 64-byte little-endian integer at wide,
 * reduced mod L (RFC 8032 §5.1.7 step 2, "interpret ... as a little-endian integer" then mod L). out may be wide.
 */
export function scalarReduce(out: usize, wide: usize): void {
  // Digits of 21 bits, so that 2^252 is a digit boundary (digit 12) and 2^252 = -δ mod L folds digit i >= 12 into
  // digits i-12 .. i-7 as x_i * -δ. Folding in stages with carries in between keeps every digit below 2^50.
  memory.copy(WIDE, wide, 64);
  memory.fill(WIDE + 64, 0, 8);
  for (let i: usize = 0; i < 25; i++) {
    const bit = i * 21;
    store<i64>(DIGITS + 8 * i, <i64>(load<u32>(WIDE + (bit >> 3)) >> <u32>(bit & 7)) & MASK21);
  }
  // Digits 24..18 into 6..17 (each below 2^45 after), carry 6..17 (digit 18 below 2^25), digits 18..12 into 0..11
  // (below 2^49), carry 0..11: now |digit 12| < 2^28.
  fold(24, 18);
  carry(6, 18);
  fold(18, 12);
  carry(0, 12);
  // Twice more: the value becomes low + c 2^252 with 0 <= low < 2^252 and c in {-1, 0, 1}, then, after folding
  // c again, a value in [-δ, 2^252 + δ) = [-δ, L), so only a negative one still needs L added.
  fold(12, 12);
  carry(0, 12);
  fold(12, 12);
  carry(0, 12);
  if (load<i64>(DIGITS + 96) < 0) {
    for (let j: usize = 0; j < 6; j++) store<i64>(DIGITS + 8 * j, load<i64>(DIGITS + 8 * j) + load<i64>(DELTA + 8 * j));
    store<i64>(DIGITS + 96, load<i64>(DIGITS + 96) + 1); // + 2^252: L added in full
    carry(0, 12);
  }
  // Digits 0..11 are 21 bits each and digit 12 is 0 or 1: 253 bits into 32 bytes.
  let acc: u64 = 0, bits: u64 = 0, o: usize = 0;
  for (let i: usize = 0; i <= 12; i++) {
    acc |= <u64>load<i64>(DIGITS + 8 * i) << bits;
    bits += 21;
    while (bits >= 8 && o < 32) {
      store<u8>(out + o, <u8>acc);
      o++;
      acc >>= 8;
      bits -= 8;
    }
  }
  for (; o < 32; o++) {
    store<u8>(out + o, <u8>acc);
    acc >>= 8;
  }
}

/**
 * scalarNaf writes at naf (NAF_DIGITS signed bytes) the width-w non-adjacent form of the 32-byte scalar at s,
 * which must be below 2^253: digits d_i, each 0 or odd with |d_i| < 2^(w-1), any w consecutive of them holding at
 * most one non-zero, and sum d_i 2^i = s. A multiplication then adds a table entry only at non-zero digits,
 * about one bit in w + 1. w is 2..8.
 */
export function scalarNaf(naf: usize, s: usize, w: i32): void {
  memory.fill(naf, 0, <usize>NAF_DIGITS);
  memory.copy(PADDED, s, 32);
  memory.fill(PADDED + 32, 0, 8);
  const width = 1 << w, half = width >> 1, mask = width - 1;
  // carry is 1 when the digits written so far overshoot s's low bits by 2^pos (a negative digit borrowed).
  let carry = 0;
  for (let pos = 0; pos < NAF_DIGITS;) {
    // The w bits at pos; the padding makes the 32-bit load safe up to pos 255.
    const window = <i32>((load<u32>(PADDED + <usize>(pos >> 3)) >> <u32>(pos & 7)) & <u32>mask) + carry;
    if ((window & 1) == 0) {
      pos++;
      continue;
    }
    if (window < half) {
      store<i8>(naf + <usize>pos, <i8>window);
      carry = 0;
    } else {
      store<i8>(naf + <usize>pos, <i8>(window - width));
      carry = 1;
    }
    pos += w;
  }
}

// fold replaces digits hi..lo (hi first) by their value times -δ in digits i-12 .. i-7.
function fold(hi: i32, lo: i32): void {
  for (let i = hi; i >= lo; i--) {
    const at = DIGITS + 8 * <usize>i;
    const v = load<i64>(at);
    store<i64>(at, 0);
    const base = at - 96;
    for (let j: usize = 0; j < 6; j++) {
      store<i64>(base + 8 * j, load<i64>(base + 8 * j) - v * load<i64>(DELTA + 8 * j));
    }
  }
}

// carry moves each digit from..to-1 into [0, 2^21) with a floor carry into the next; digit `to` takes the last.
function carry(from: i32, to: i32): void {
  for (let i = from; i < to; i++) {
    const at = DIGITS + 8 * <usize>i;
    const v = load<i64>(at);
    store<i64>(at + 8, load<i64>(at + 8) + (v >> 21));
    store<i64>(at, v & MASK21);
  }
}
