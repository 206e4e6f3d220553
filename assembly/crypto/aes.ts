// AES-128 and AES-256 encryption (FIPS-197), bitsliced over WebAssembly SIMD, eight blocks at a time, for GCM's
// counter mode. No table lookups and no branches on key or data: timing never depends on secrets. Only the
// forward cipher exists, because GCM never decrypts a block.

/** AES_BLOCK_BYTES is the block length; AES_BATCH_BYTES the eight blocks that encrypt8At takes at once. */
export const AES_BLOCK_BYTES: i32 = 16;
export const AES_BATCH_BYTES: i32 = 128;

// The bitsliced state of eight blocks. Plane i (16 bytes at STATE + 16 * i) holds bit i of every state byte: byte
// p of a plane is state byte p in FIPS-197 §3.4 order (row p % 4, column p / 4), and its bit k belongs to block k.
// One state serves every key: a guest runs one call at a time.
const STATE = memory.data(AES_BATCH_BYTES, 16);
// Key expansion's words (FIPS-197 §5.2: at most 4 * 15 for AES-256), and SubWord's eight blocks.
const WORDS = memory.data(240, 16);
const BLOCKS = memory.data(AES_BATCH_BYTES, 16);

/**
 * Aes holds one expanded key as bitsliced round keys, expanded once by create. encrypt8At encrypts eight blocks
 * per call. The round keys stay in the object for its lifetime; drop it to forget the key.
 */
export class Aes {
  private constructor(private readonly planes: StaticArray<u8>, private readonly rounds: i32) {}

  /** create expands a 16-byte (AES-128) or 32-byte (AES-256) key; null for any other length (AES-192 is unused). */
  static create(key: Uint8Array): Aes | null {
    if (key.length != 16 && key.length != 32) return null;
    const nk = key.length >> 2;
    const rounds = nk + 6; // FIPS-197 §5, Table 4: Nr = 10 or 14
    expandKey(key.dataStart, nk, rounds);
    const planes = new StaticArray<u8>((rounds + 1) * AES_BATCH_BYTES);
    for (let r = 0; r <= rounds; r++) {
      // The S-box circuit leaves out the affine constant 0x63. SubBytes is followed only by linear steps that map a
      // state of 0x63 bytes to itself (ShiftRows, and MixColumns: 2c ^ 3c ^ c ^ c = c), so adding 0x63 to every
      // round key after the first restores it.
      const c = r == 0 ? i8x16.splat(0) : i8x16.splat(0x63);
      roundKeyPlanes(v128.xor(v128.load(WORDS + (<usize>r << 4)), c), changetype<usize>(planes) + (<usize>r << 7));
    }
    memory.fill(WORDS, 0, 240);
    return new Aes(planes, rounds);
  }

  /**
   * encrypt8At encrypts the eight 16-byte blocks at src into dst (which may equal src). The caller guarantees
   * 128 bytes at both.
   */
  encrypt8At(src: usize, dst: usize): void {
    const rk = changetype<usize>(this.planes);
    transpose(src, STATE);
    addRoundKey(rk);
    // FIPS-197 §5.1: Nr - 1 full rounds, then one without MixColumns.
    const rounds = this.rounds;
    for (let r = 1; r < rounds; r++) {
      subBytes();
      mixColumnsAddKey(rk + (<usize>r << 7));
    }
    subBytes();
    shiftRowsAddKey(rk + (<usize>rounds << 7));
    transpose(STATE, dst);
    memory.fill(STATE, 0, AES_BATCH_BYTES);
  }

  /**
   * encryptBlockAt encrypts the one 16-byte block at src into dst (which may equal src), at the cost of a batch.
   * The caller guarantees 16 bytes at both.
   */
  encryptBlockAt(src: usize, dst: usize): void {
    memory.fill(BLOCKS, 0, AES_BATCH_BYTES);
    memory.copy(BLOCKS, src, AES_BLOCK_BYTES);
    this.encrypt8At(BLOCKS, BLOCKS);
    memory.copy(dst, BLOCKS, AES_BLOCK_BYTES);
    memory.fill(BLOCKS, 0, AES_BATCH_BYTES);
  }
}

// expandKey writes the 4 * (rounds + 1) words of FIPS-197 §5.2 KeyExpansion to WORDS. Words are little-endian u32,
// so byte 0 of a word is its low byte: RotWord is a rotation right by 8 and Rcon goes into the low byte.
function expandKey(key: usize, nk: i32, rounds: i32): void {
  memory.copy(WORDS, key, <usize>(nk << 2));
  let rcon: u32 = 1;
  const total = (rounds + 1) << 2;
  for (let i = nk; i < total; i++) {
    let t = load<u32>(WORDS + (<usize>(i - 1) << 2));
    if (i % nk == 0) {
      t = subWord(rotr<u32>(t, 8)) ^ rcon;
      rcon = (rcon << 1) ^ ((rcon >> 7) * 0x11b); // xtime: Rcon[i/Nk] = x^(i/Nk - 1) in GF(2^8)
    } else if (nk > 6 && i % nk == 4) {
      t = subWord(t);
    }
    store<u32>(WORDS + (<usize>i << 2), load<u32>(WORDS + (<usize>(i - nk) << 2)) ^ t);
  }
}

// subWord applies the S-box to the four bytes of w through the bitsliced circuit (as block 0 of eight), so the key
// schedule is as free of table lookups as the rounds.
function subWord(w: u32): u32 {
  memory.fill(BLOCKS, 0, AES_BATCH_BYTES);
  store<u32>(BLOCKS, w);
  transpose(BLOCKS, STATE);
  subBytes();
  transpose(STATE, BLOCKS);
  const out = load<u32>(BLOCKS) ^ 0x63636363;
  memory.fill(BLOCKS, 0, AES_BATCH_BYTES);
  memory.fill(STATE, 0, AES_BATCH_BYTES);
  return out;
}

// roundKeyPlanes writes the bitsliced form of round key k to out: byte p of plane i is 0xff when bit i of key
// byte p is set, since every block gets the same key.
function roundKeyPlanes(k: v128, out: usize): void {
  for (let i: u32 = 0; i < 8; i++) {
    const bit = i16x8.splat(<i16>(<u32>0x0101 << i));
    v128.store(out + (<usize>i << 4), i8x16.eq(v128.and(k, bit), bit));
  }
}

// transpose turns the eight blocks at src into the eight planes at dst and, being its own inverse, planes back into
// blocks. Register k starts as block k. The SWAPMOVE step for s = 1, 2, 4 pairs registers j and j + s (bit s of j
// clear) and swaps, in every byte, bit x + s of register j with bit x of register j + s (bit s of x clear). After
// the three steps bit k of byte p of register i is bit i of byte p of block k: each byte position's 8x8 bit matrix
// is transposed. The 64-bit lane shifts carry bits across bytes, but the masks drop them again.
function transpose(src: usize, dst: usize): void {
  let b0 = v128.load(src), b1 = v128.load(src, 16), b2 = v128.load(src, 32), b3 = v128.load(src, 48);
  let b4 = v128.load(src, 64), b5 = v128.load(src, 80), b6 = v128.load(src, 96), b7 = v128.load(src, 112);
  const m1 = i8x16.splat(0x55), m2 = i8x16.splat(0x33), m4 = i8x16.splat(0x0f);
  let t = delta(b0, b1, 1, m1); b1 = xor(b1, t); b0 = xor(b0, i64x2.shl(t, 1));
  t = delta(b2, b3, 1, m1); b3 = xor(b3, t); b2 = xor(b2, i64x2.shl(t, 1));
  t = delta(b4, b5, 1, m1); b5 = xor(b5, t); b4 = xor(b4, i64x2.shl(t, 1));
  t = delta(b6, b7, 1, m1); b7 = xor(b7, t); b6 = xor(b6, i64x2.shl(t, 1));
  t = delta(b0, b2, 2, m2); b2 = xor(b2, t); b0 = xor(b0, i64x2.shl(t, 2));
  t = delta(b1, b3, 2, m2); b3 = xor(b3, t); b1 = xor(b1, i64x2.shl(t, 2));
  t = delta(b4, b6, 2, m2); b6 = xor(b6, t); b4 = xor(b4, i64x2.shl(t, 2));
  t = delta(b5, b7, 2, m2); b7 = xor(b7, t); b5 = xor(b5, i64x2.shl(t, 2));
  t = delta(b0, b4, 4, m4); b4 = xor(b4, t); b0 = xor(b0, i64x2.shl(t, 4));
  t = delta(b1, b5, 4, m4); b5 = xor(b5, t); b1 = xor(b1, i64x2.shl(t, 4));
  t = delta(b2, b6, 4, m4); b6 = xor(b6, t); b2 = xor(b2, i64x2.shl(t, 4));
  t = delta(b3, b7, 4, m4); b7 = xor(b7, t); b3 = xor(b3, i64x2.shl(t, 4));
  v128.store(dst, b0); v128.store(dst, b1, 16); v128.store(dst, b2, 32); v128.store(dst, b3, 48);
  v128.store(dst, b4, 64); v128.store(dst, b5, 80); v128.store(dst, b6, 96); v128.store(dst, b7, 112);
}

// delta is SWAPMOVE's difference: bit x (x in mask) is set where bit x + s of a differs from bit x of b.
// @ts-ignore: decorator
@inline function delta(a: v128, b: v128, s: i32, mask: v128): v128 {
  return v128.and(xor(i64x2.shr_u(a, s), b), mask);
}

// addRoundKey XORs the eight planes at rk into the state (FIPS-197 §5.1.4).
function addRoundKey(rk: usize): void {
  for (let i: usize = 0; i < 128; i += 16) v128.store(STATE + i, xor(v128.load(STATE + i), v128.load(rk + i)));
}

// mixColumnsAddKey applies ShiftRows, MixColumns and AddRoundKey (FIPS-197 §5.1.2-5.1.4) to the state. With a the
// state after ShiftRows, r = a with every column's rows rotated up by one, and t = a ^ r, each new byte is
// 2a0 ^ 3a1 ^ a2 ^ a3 = 2t ^ r ^ rot2(t). Shuffles move bytes within a plane; doubling (xtime) moves bits across
// planes: bit i of 2t is bit i - 1 of t, and bits 0, 1, 3 and 4 also take in bit 7 (x^8 = x^4 + x^3 + x + 1).
function mixColumnsAddKey(rk: usize): void {
  const s0 = v128.load(STATE), s1 = v128.load(STATE, 16), s2 = v128.load(STATE, 32), s3 = v128.load(STATE, 48);
  const s4 = v128.load(STATE, 64), s5 = v128.load(STATE, 80), s6 = v128.load(STATE, 96), s7 = v128.load(STATE, 112);
  const r0 = rotateRows(s0), r1 = rotateRows(s1), r2 = rotateRows(s2), r3 = rotateRows(s3);
  const r4 = rotateRows(s4), r5 = rotateRows(s5), r6 = rotateRows(s6), r7 = rotateRows(s7);
  const t0 = xor(shiftRows(s0), r0), t1 = xor(shiftRows(s1), r1), t2 = xor(shiftRows(s2), r2);
  const t3 = xor(shiftRows(s3), r3), t4 = xor(shiftRows(s4), r4), t5 = xor(shiftRows(s5), r5);
  const t6 = xor(shiftRows(s6), r6), t7 = xor(shiftRows(s7), r7);
  v128.store(STATE, xor(xor(t7, r0), xor(rotate2(t0), v128.load(rk))));
  v128.store(STATE, xor(xor(xor(t0, t7), r1), xor(rotate2(t1), v128.load(rk, 16))), 16);
  v128.store(STATE, xor(xor(t1, r2), xor(rotate2(t2), v128.load(rk, 32))), 32);
  v128.store(STATE, xor(xor(xor(t2, t7), r3), xor(rotate2(t3), v128.load(rk, 48))), 48);
  v128.store(STATE, xor(xor(xor(t3, t7), r4), xor(rotate2(t4), v128.load(rk, 64))), 64);
  v128.store(STATE, xor(xor(t4, r5), xor(rotate2(t5), v128.load(rk, 80))), 80);
  v128.store(STATE, xor(xor(t5, r6), xor(rotate2(t6), v128.load(rk, 96))), 96);
  v128.store(STATE, xor(xor(t6, r7), xor(rotate2(t7), v128.load(rk, 112))), 112);
}

// shiftRowsAddKey is the last round's ShiftRows and AddRoundKey (FIPS-197 §5.1: no MixColumns).
function shiftRowsAddKey(rk: usize): void {
  for (let i: usize = 0; i < 128; i += 16) {
    v128.store(STATE + i, xor(shiftRows(v128.load(STATE + i)), v128.load(rk + i)));
  }
}

// Byte shuffles of one plane. Byte p is row p % 4 of column p / 4. @inline: each is one instruction (pshufb).
// shiftRows: row r moves left by r columns (FIPS-197 §5.1.2), so new byte (r, c) is old byte (r, c + r).
// @ts-ignore: decorator
@inline function shiftRows(x: v128): v128 {
  return i8x16.shuffle(x, x, 0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11);
}
// rotateRows is shiftRows followed by taking each column's next row: new byte (r, c) is shiftRows' (r + 1, c).
// @ts-ignore: decorator
@inline function rotateRows(x: v128): v128 {
  return i8x16.shuffle(x, x, 5, 10, 15, 0, 9, 14, 3, 4, 13, 2, 7, 8, 1, 6, 11, 12);
}
// rotate2 takes each column's row r + 2.
// @ts-ignore: decorator
@inline function rotate2(x: v128): v128 {
  return i8x16.shuffle(x, x, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
}

// @ts-ignore: decorator
@inline function xor(a: v128, b: v128): v128 { return v128.xor(a, b); }
// @ts-ignore: decorator
@inline function and(a: v128, b: v128): v128 { return v128.and(a, b); }

// subBytes applies the S-box (FIPS-197 §5.1.1) to all 128 state bytes at once: a circuit of 36 ANDs and 89 XORs
// over the planes, without the constant 0x63 (see create). It is our own derivation of the tower-field method:
// - a^-1 = a^16 / N(a), where the norm N(a) = a^17 lies in GF(16). In the GF(16)-basis (0x52, 1) of GF(256),
//   a^16 = U * 0x52 + V with U, V in GF(16) linear in the bits of a, and N(a) = beta * (U * V + lambda(U, V)) with
//   beta constant and lambda linear (squaring is linear in characteristic 2). So with f = U * V + lambda(U, V)
//   and e = f^-1: a^-1 = (U * e) * 0x52 / beta + (V * e) / beta.
// - f^-1 is the same construction one level down, over GF(4) in the normal basis (0x5c, 0x5d) of GF(16); there
//   an inverse is a square, which is linear.
// - Products use Karatsuba at both levels, over GF(4)'s normal basis (0xbd, 0xbc): 3 ANDs in GF(4), 9 in GF(16).
// Every linear step (the bases, beta, lambda, the S-box's affine map) is folded into the XOR layers between the
// AND layers, each shortened with Paar's greedy common-pair heuristic; the bases were chosen by searching
// polynomial and normal bases at every level for the fewest XORs. The tests check every input (aes.spec.ts).
function subBytes(): void {
  const x0 = v128.load(STATE), x1 = v128.load(STATE, 16), x2 = v128.load(STATE, 32), x3 = v128.load(STATE, 48);
  const x4 = v128.load(STATE, 64), x5 = v128.load(STATE, 80), x6 = v128.load(STATE, 96), x7 = v128.load(STATE, 112);
  const t0 = xor(x3, x6); const t1 = xor(x2, x4); const t2 = xor(x5, t1); const t3 = xor(x1, t0);
  const t4 = xor(x0, t0); const t5 = xor(x5, x7); const t6 = xor(x4, x5); const t7 = xor(x7, t1);
  const t8 = xor(x6, x7); const t9 = xor(x2, t4); const t10 = xor(x0, x1); const t11 = xor(x6, t6);
  const t12 = xor(x2, x3); const t13 = xor(x3, t7); const t14 = xor(t7, t10); const t15 = xor(x5, t3);
  const t16 = xor(t2, t3); const t17 = xor(x1, t11); const t18 = xor(x7, t9); const t19 = xor(x1, t5);
  const t20 = xor(x4, t3); const t21 = xor(t0, t2); const t22 = xor(t2, t8); const t23 = xor(t3, t5);
  const t24 = xor(t2, t4); const t25 = xor(t3, t7); const t26 = xor(x4, t8);
  // U * V (9 ANDs), then f = U * V + lambda(U, V) and the operands of its inverse
  const t27 = and(t25, t9); const t28 = and(t16, t18); const t29 = and(t5, x7); const t30 = and(t19, t24);
  const t31 = and(t17, t14); const t32 = and(t26, t23); const t33 = and(t21, t6); const t34 = and(t12, t20);
  const t35 = and(t11, t15); const t36 = xor(t33, t34); const t37 = xor(t33, t35); const t38 = xor(t32, t2);
  const t39 = xor(t27, t36); const t40 = xor(t29, t37); const t41 = xor(t28, t40); const t42 = xor(t30, t32);
  const t43 = xor(t31, t38); const t44 = xor(t37, t43); const t45 = xor(t22, t39); const t46 = xor(t10, t42);
  const t47 = xor(t29, t45); const t48 = xor(t36, t46); const t49 = xor(t13, t41); const t50 = xor(t48, t44);
  const t51 = xor(t47, t49); const t52 = xor(t50, t51); const t53 = xor(t49, t44);
  // e = f^-1 in GF(16), the same method over GF(4): 3 ANDs for the norm, 6 for the products
  const t54 = and(t48, t47); const t55 = and(t44, t49); const t56 = and(t50, t51); const t57 = xor(t55, t53);
  const t58 = xor(t54, t52); const t59 = xor(t56, t57); const t60 = xor(t57, t58); const t61 = xor(t56, t58);
  const t62 = and(t48, t59); const t63 = and(t44, t61); const t64 = and(t50, t60); const t65 = and(t47, t59);
  const t66 = and(t49, t61); const t67 = and(t51, t60); const t68 = xor(t62, t64); const t69 = xor(t62, t63);
  const t70 = xor(t65, t66); const t71 = xor(t63, t64); const t72 = xor(t65, t67); const t73 = xor(t66, t67);
  const t74 = xor(t69, t70); const t75 = xor(t71, t73); const t76 = xor(t68, t72);
  // U * e and V * e (18 ANDs), then the basis change back to bytes and the affine map
  const t77 = and(t25, t68); const t78 = and(t16, t71); const t79 = and(t5, t69); const t80 = and(t19, t72);
  const t81 = and(t17, t73); const t82 = and(t26, t70); const t83 = and(t21, t76); const t84 = and(t12, t75);
  const t85 = and(t11, t74); const t86 = and(t9, t68); const t87 = and(t18, t71); const t88 = and(x7, t69);
  const t89 = and(t24, t72); const t90 = and(t14, t73); const t91 = and(t23, t70); const t92 = and(t6, t76);
  const t93 = and(t20, t75); const t94 = and(t15, t74); const t95 = xor(t82, t83); const t96 = xor(t81, t95);
  const t97 = xor(t77, t78); const t98 = xor(t84, t96); const t99 = xor(t90, t91); const t100 = xor(t87, t88);
  const t101 = xor(t92, t94); const t102 = xor(t97, t98); const t103 = xor(t93, t94); const t104 = xor(t100, t101);
  const t105 = xor(t99, t102); const t106 = xor(t86, t88); const t107 = xor(t89, t95); const t108 = xor(t79, t104);
  const t109 = xor(t97, t107); const t110 = xor(t101, t105); const t111 = xor(t85, t96); const t112 = xor(t99, t103);
  const t113 = xor(t84, t108); const t114 = xor(t89, t91); const t115 = xor(t85, t109); const t116 = xor(t106, t114);
  const t117 = xor(t77, t113); const t118 = xor(t106, t112); const t119 = xor(t80, t115);
  const t120 = xor(t83, t117); const t121 = xor(t90, t119); const t122 = xor(t103, t121);
  const t123 = xor(t100, t105); const t124 = xor(t102, t104);
  v128.store(STATE, t124); v128.store(STATE, t116, 16); v128.store(STATE, t118, 32); v128.store(STATE, t120, 48);
  v128.store(STATE, t123, 64); v128.store(STATE, t110, 80); v128.store(STATE, t111, 96);
  v128.store(STATE, t122, 112);
}
