// ChaCha20 (RFC 8439 §2.3-2.4) with WebAssembly SIMD: four blocks at a time, one v128 per state word with one
// block in each lane. Only additions, XORs and rotations: no table lookups, so timing never depends on the key.

/** CHACHA20_KEY_BYTES and CHACHA20_NONCE_BYTES are the RFC 8439 key and nonce lengths. */
export const CHACHA20_KEY_BYTES: i32 = 32;
export const CHACHA20_NONCE_BYTES: i32 = 12;
/**
 * CHACHA20_MAX_BYTES bounds one message: far below the 2^38-byte limit of a 32-bit block counter (RFC 8439
 * §2.8), and small enough that the output of one seal stays a valid typed array (AssemblyScript's limit is 2^30).
 */
export const CHACHA20_MAX_BYTES: i32 = 1 << 29;

// Four blocks of keystream for the tail of a message and for single blocks; a guest runs one call at a time.
const SCRATCH = memory.data(256, 16);

/**
 * chacha20 returns data XOR the keystream for (key, nonce) from block `counter` on (RFC 8439 §2.4): it encrypts
 * and decrypts. It returns null when key or nonce has the wrong length, data exceeds CHACHA20_MAX_BYTES, or the
 * 32-bit block counter would wrap.
 */
export function chacha20(key: Uint8Array, nonce: Uint8Array, counter: u32, data: Uint8Array): Uint8Array | null {
  // RFC 8439 §2.4: a 256-bit key, a 96-bit nonce and a 32-bit counter.
  if (key.length != CHACHA20_KEY_BYTES || nonce.length != CHACHA20_NONCE_BYTES) return null;
  if (data.length > CHACHA20_MAX_BYTES) return null;
  const blocks = (<u64>data.length + 63) >> 6;
  if (blocks > 0 && <u64>counter + blocks - 1 > <u64>u32.MAX_VALUE) return null;
  const out = new Uint8Array(data.length);
  chacha20XorAt(key.dataStart, nonce.dataStart, counter, data.dataStart, out.dataStart, data.length);
  return out;
}

/** chacha20Block returns the 64-byte block for (key, counter, nonce) (RFC 8439 §2.3), or null on a bad length. */
export function chacha20Block(key: Uint8Array, counter: u32, nonce: Uint8Array): Uint8Array | null {
  if (key.length != CHACHA20_KEY_BYTES || nonce.length != CHACHA20_NONCE_BYTES) return null;
  const out = new Uint8Array(64);
  chacha20BlockAt(key.dataStart, nonce.dataStart, counter, out.dataStart);
  return out;
}

/**
 * chacha20XorAt writes len bytes of src XOR keystream to dst (which may equal src). The caller guarantees the
 * ranges: 32 bytes of key, 12 of nonce, len at src and dst, and that counter + ceil(len/64) - 1 fits in 32 bits.
 */
export function chacha20XorAt(key: usize, nonce: usize, counter: u32, src: usize, dst: usize, len: i32): void {
  while (len >= 256) {
    xor4(key, nonce, counter, src, dst);
    counter += 4;
    src += 256;
    dst += 256;
    len -= 256;
  }
  if (len <= 0) return;
  // The tail goes through SCRATCH so that no block ever reads or writes past the caller's ranges.
  memory.copy(SCRATCH, src, <usize>len);
  xor4(key, nonce, counter, SCRATCH, SCRATCH);
  memory.copy(dst, SCRATCH, <usize>len);
  memory.fill(SCRATCH, 0, 256);
}

/** chacha20BlockAt writes the 64-byte block for (key, counter, nonce) at out; the caller guarantees the ranges. */
export function chacha20BlockAt(key: usize, nonce: usize, counter: u32, out: usize): void {
  memory.fill(SCRATCH, 0, 256);
  xor4(key, nonce, counter, SCRATCH, SCRATCH);
  memory.copy(out, SCRATCH, 64);
  memory.fill(SCRATCH, 0, 256);
}

// xor4 XORs 256 bytes at src with blocks counter..counter+3 into dst. Lane j of vector xi is word i of block j.
// v128 loads and stores stay inside the 256 bytes the callers own at src and dst, and 32 + 12 at key and nonce.
function xor4(key: usize, nonce: usize, counter: u32, src: usize, dst: usize): void {
  // RFC 8439 §2.3: constants "expand 32-byte k", key, counter, nonce.
  let x0 = i32x4.splat(0x61707865), x1 = i32x4.splat(0x3320646e);
  let x2 = i32x4.splat(0x79622d32), x3 = i32x4.splat(0x6b206574);
  let x4 = v128.load32_splat(key), x5 = v128.load32_splat(key, 4);
  let x6 = v128.load32_splat(key, 8), x7 = v128.load32_splat(key, 12);
  let x8 = v128.load32_splat(key, 16), x9 = v128.load32_splat(key, 20);
  let x10 = v128.load32_splat(key, 24), x11 = v128.load32_splat(key, 28);
  const ctr = i32x4.add(i32x4.splat(counter), i32x4(0, 1, 2, 3));
  let x12 = ctr, x13 = v128.load32_splat(nonce);
  let x14 = v128.load32_splat(nonce, 4), x15 = v128.load32_splat(nonce, 8);
  // RFC 8439 §2.3: 20 rounds, alternating column and diagonal rounds; each line is one step of four
  // quarter rounds (§2.1), applied side by side.
  for (let i = 0; i < 10; i++) {
    x0 = add(x0, x4); x1 = add(x1, x5); x2 = add(x2, x6); x3 = add(x3, x7);
    x12 = rotl16(xor(x12, x0)); x13 = rotl16(xor(x13, x1)); x14 = rotl16(xor(x14, x2)); x15 = rotl16(xor(x15, x3));
    x8 = add(x8, x12); x9 = add(x9, x13); x10 = add(x10, x14); x11 = add(x11, x15);
    x4 = rotl(xor(x4, x8), 12); x5 = rotl(xor(x5, x9), 12); x6 = rotl(xor(x6, x10), 12); x7 = rotl(xor(x7, x11), 12);
    x0 = add(x0, x4); x1 = add(x1, x5); x2 = add(x2, x6); x3 = add(x3, x7);
    x12 = rotl8(xor(x12, x0)); x13 = rotl8(xor(x13, x1)); x14 = rotl8(xor(x14, x2)); x15 = rotl8(xor(x15, x3));
    x8 = add(x8, x12); x9 = add(x9, x13); x10 = add(x10, x14); x11 = add(x11, x15);
    x4 = rotl(xor(x4, x8), 7); x5 = rotl(xor(x5, x9), 7); x6 = rotl(xor(x6, x10), 7); x7 = rotl(xor(x7, x11), 7);

    x0 = add(x0, x5); x1 = add(x1, x6); x2 = add(x2, x7); x3 = add(x3, x4);
    x15 = rotl16(xor(x15, x0)); x12 = rotl16(xor(x12, x1)); x13 = rotl16(xor(x13, x2)); x14 = rotl16(xor(x14, x3));
    x10 = add(x10, x15); x11 = add(x11, x12); x8 = add(x8, x13); x9 = add(x9, x14);
    x5 = rotl(xor(x5, x10), 12); x6 = rotl(xor(x6, x11), 12); x7 = rotl(xor(x7, x8), 12); x4 = rotl(xor(x4, x9), 12);
    x0 = add(x0, x5); x1 = add(x1, x6); x2 = add(x2, x7); x3 = add(x3, x4);
    x15 = rotl8(xor(x15, x0)); x12 = rotl8(xor(x12, x1)); x13 = rotl8(xor(x13, x2)); x14 = rotl8(xor(x14, x3));
    x10 = add(x10, x15); x11 = add(x11, x12); x8 = add(x8, x13); x9 = add(x9, x14);
    x5 = rotl(xor(x5, x10), 7); x6 = rotl(xor(x6, x11), 7); x7 = rotl(xor(x7, x8), 7); x4 = rotl(xor(x4, x9), 7);
  }
  // §2.3: add the input state to the result; splatted words are reloaded rather than kept live through the rounds.
  x0 = add(x0, i32x4.splat(0x61707865)); x1 = add(x1, i32x4.splat(0x3320646e));
  x2 = add(x2, i32x4.splat(0x79622d32)); x3 = add(x3, i32x4.splat(0x6b206574));
  x4 = add(x4, v128.load32_splat(key)); x5 = add(x5, v128.load32_splat(key, 4));
  x6 = add(x6, v128.load32_splat(key, 8)); x7 = add(x7, v128.load32_splat(key, 12));
  x8 = add(x8, v128.load32_splat(key, 16)); x9 = add(x9, v128.load32_splat(key, 20));
  x10 = add(x10, v128.load32_splat(key, 24)); x11 = add(x11, v128.load32_splat(key, 28));
  x12 = add(x12, ctr); x13 = add(x13, v128.load32_splat(nonce));
  x14 = add(x14, v128.load32_splat(nonce, 4)); x15 = add(x15, v128.load32_splat(nonce, 8));
  // §2.4: serialize little-endian (wasm's own order) and XOR; block j is lane j, so transpose 4x4 per word group.
  emit(x0, x1, x2, x3, src, dst);
  emit(x4, x5, x6, x7, src + 16, dst + 16);
  emit(x8, x9, x10, x11, src + 32, dst + 32);
  emit(x12, x13, x14, x15, src + 48, dst + 48);
}

// emit transposes words a..d of four blocks and XORs them into the four 64-byte blocks at src/dst. @inline: it
// runs four times per 256 bytes, and its arguments are live vectors.
// @ts-ignore: decorator
@inline function emit(a: v128, b: v128, c: v128, d: v128, src: usize, dst: usize): void {
  const ab0 = i32x4.shuffle(a, b, 0, 4, 1, 5), cd0 = i32x4.shuffle(c, d, 0, 4, 1, 5);
  const ab1 = i32x4.shuffle(a, b, 2, 6, 3, 7), cd1 = i32x4.shuffle(c, d, 2, 6, 3, 7);
  v128.store(dst, xor(v128.load(src), i64x2.shuffle(ab0, cd0, 0, 2)));
  v128.store(dst, xor(v128.load(src, 64), i64x2.shuffle(ab0, cd0, 1, 3)), 64);
  v128.store(dst, xor(v128.load(src, 128), i64x2.shuffle(ab1, cd1, 0, 2)), 128);
  v128.store(dst, xor(v128.load(src, 192), i64x2.shuffle(ab1, cd1, 1, 3)), 192);
}

// Lane-wise helpers. @inline: each is one or three SIMD instructions in the round loop.
// @ts-ignore: decorator
@inline function add(a: v128, b: v128): v128 { return i32x4.add(a, b); }
// @ts-ignore: decorator
@inline function xor(a: v128, b: v128): v128 { return v128.xor(a, b); }
// wasm SIMD has no rotate: two shifts and an OR, except for 16 and 8, which are byte shuffles (one pshufb).
// @ts-ignore: decorator
@inline function rotl(x: v128, n: i32): v128 { return v128.or(i32x4.shl(x, n), i32x4.shr_u(x, 32 - n)); }
// @ts-ignore: decorator
@inline function rotl16(x: v128): v128 {
  return i8x16.shuffle(x, x, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
}
// @ts-ignore: decorator
@inline function rotl8(x: v128): v128 {
  return i8x16.shuffle(x, x, 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14);
}
