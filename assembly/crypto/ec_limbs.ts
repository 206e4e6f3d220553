// Fixed-size unsigned integers for the elliptic-curve code: n little-endian 32-bit limbs at a pointer, with every
// product a u64 (wasm has no 64x64->128 multiply). No allocation and no bounds checks: callers own the ranges.

// @ts-ignore: decorator
@inline export const MASK32: u64 = 0xffffffff;
/** EC_MAX_LIMBS is the limb count of the largest field (P-521: 17 limbs, 544 bits). */
// @ts-ignore: decorator
@inline export const EC_MAX_LIMBS: i32 = 17;
/** EC_ELEM_BYTES is the stride between numbers in scratch memory: 17 limbs, padded to 8 bytes. */
// @ts-ignore: decorator
@inline export const EC_ELEM_BYTES: usize = 72;

/** limbsFromBytes reads len big-endian bytes at src (len <= 4n) into the n limbs at r, zero-extended. */
export function limbsFromBytes(r: usize, src: usize, len: i32, n: i32): void {
  memory.fill(r, 0, <usize>n << 2);
  for (let i = 0; i < len; i++) {
    // Byte i from the end is byte i & 3 of limb i >> 2; wasm is little-endian, so that is r + i.
    store<u8>(r + <usize>i, load<u8>(src + <usize>(len - 1 - i)));
  }
}

/** limbsToBytes writes the low len bytes of the n limbs at a (len <= 4n) at out, big-endian. */
export function limbsToBytes(out: usize, a: usize, len: i32): void {
  for (let i = 0; i < len; i++) store<u8>(out + <usize>(len - 1 - i), load<u8>(a + <usize>i));
}

/** limbsCopy copies n limbs from a to r. */
// @ts-ignore: decorator
@inline export function limbsCopy(r: usize, a: usize, n: i32): void {
  memory.copy(r, a, <usize>n << 2);
}

/** limbsSetWord makes the n limbs at r equal to the small value w. */
export function limbsSetWord(r: usize, w: u32, n: i32): void {
  memory.fill(r, 0, <usize>n << 2);
  store<u32>(r, w);
}

/** limbsIsZero reports whether the n limbs at a are all zero. */
export function limbsIsZero(a: usize, n: i32): bool {
  let acc: u32 = 0;
  for (let i = 0; i < n; i++) acc |= load<u32>(a + (<usize>i << 2));
  return acc == 0;
}

/** limbsCmp returns -1, 0 or 1 as a < b, a == b or a > b (n limbs each). */
export function limbsCmp(a: usize, b: usize, n: i32): i32 {
  for (let i = n - 1; i >= 0; i--) {
    const x = load<u32>(a + (<usize>i << 2)), y = load<u32>(b + (<usize>i << 2));
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** limbsAdd sets r = a + b mod 2^(32n) and returns the carry (0 or 1); r may alias a or b. */
export function limbsAdd(r: usize, a: usize, b: usize, n: i32): u32 {
  let c: u64 = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    c += <u64>load<u32>(a + o) + <u64>load<u32>(b + o);
    store<u32>(r + o, <u32>c);
    c >>= 32;
  }
  return <u32>c;
}

/** limbsSub sets r = a - b mod 2^(32n) and returns the borrow (0 or 1); r may alias a or b. */
export function limbsSub(r: usize, a: usize, b: usize, n: i32): u32 {
  let c: i64 = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    c += <i64>load<u32>(a + o) - <i64>load<u32>(b + o);
    store<u32>(r + o, <u32>c);
    c >>= 32; // arithmetic: 0 or -1
  }
  return <u32>(c & 1);
}

/** limbsShr1 halves the n limbs at r, shifting top (0 or 1) in as the new highest bit. */
export function limbsShr1(r: usize, n: i32, top: u32): void {
  for (let i = n - 1; i >= 0; i--) {
    const o = <usize>i << 2;
    const w = load<u32>(r + o);
    store<u32>(r + o, (w >>> 1) | (top << 31));
    top = w & 1;
  }
}

/**
 * limbsMulWide writes the 2n-limb product a * b at t, which must not overlap a or b. Row by row: each step
 * t[i+j] + a[i]*b[j] + carry is at most (2^32-1) + (2^32-1)^2 + (2^32-1) = 2^64 - 1, so a u64 never overflows.
 */
export function limbsMulWide(t: usize, a: usize, b: usize, n: i32): void {
  memory.fill(t, 0, <usize>n << 3);
  for (let i = 0; i < n; i++) {
    const ai = <u64>load<u32>(a + (<usize>i << 2));
    if (ai == 0) continue;
    const ti = t + (<usize>i << 2);
    let c: u64 = 0;
    for (let j = 0; j < n; j++) {
      const o = <usize>j << 2;
      c += ai * <u64>load<u32>(b + o) + <u64>load<u32>(ti + o);
      store<u32>(ti + o, <u32>c);
      c >>= 32;
    }
    store<u32>(ti + (<usize>n << 2), <u32>c);
  }
}

/**
 * limbsSqrWide writes the 2n-limb square of a at t (no overlap): the products a[i]*a[j] with i < j once, doubled
 * by a one-bit shift, then the squares a[i]^2 added on the diagonal. About half the multiplications of a product.
 */
export function limbsSqrWide(t: usize, a: usize, n: i32): void {
  memory.fill(t, 0, <usize>n << 3);
  for (let i = 0; i < n - 1; i++) {
    const ai = <u64>load<u32>(a + (<usize>i << 2));
    const ti = t + (<usize>i << 2);
    let c: u64 = 0;
    for (let j = i + 1; j < n; j++) {
      const o = <usize>j << 2;
      c += ai * <u64>load<u32>(a + o) + <u64>load<u32>(ti + o);
      store<u32>(ti + o, <u32>c);
      c >>= 32;
    }
    store<u32>(ti + (<usize>n << 2), <u32>c);
  }
  let top: u32 = 0;
  let c: u64 = 0;
  for (let i = 0; i < n; i++) {
    const ai = <u64>load<u32>(a + (<usize>i << 2));
    const sq = ai * ai;
    const o = <usize>i << 3;
    // Double the off-diagonal pair (t[2i], t[2i+1]) in flight, then add the square and the running carry.
    const lo = load<u32>(t + o), hi = load<u32>(t + o + 4);
    const dlo = ((<u64>lo << 1) & MASK32) | <u64>top;
    const dhi = ((<u64>hi << 1) & MASK32) | <u64>(lo >>> 31);
    top = hi >>> 31;
    c += dlo + (sq & MASK32);
    store<u32>(t + o, <u32>c);
    c = (c >> 32) + dhi + (sq >> 32);
    store<u32>(t + o + 4, <u32>c);
    c >>= 32;
  }
}

/** limbsBits returns count (1..24) bits of the n limbs at a from bit pos up; bits past the top read as zero. */
export function limbsBits(a: usize, n: i32, pos: i32, count: i32): u32 {
  const limb = pos >> 5, shift = pos & 31;
  if (limb >= n) return 0;
  let w = <u64>load<u32>(a + (<usize>limb << 2));
  if (limb + 1 < n) w |= <u64>load<u32>(a + (<usize>(limb + 1) << 2)) << 32;
  return <u32>(w >> <u64>shift) & ((<u32>1 << <u32>count) - 1);
}

/** limbsBitLength is the index of the highest set bit of the n limbs at a, plus one (0 for zero). */
export function limbsBitLength(a: usize, n: i32): i32 {
  for (let i = n - 1; i >= 0; i--) {
    const w = load<u32>(a + (<usize>i << 2));
    if (w != 0) return (i << 5) + 32 - <i32>clz<u32>(w);
  }
  return 0;
}
