// GF(2^255 - 19) and the scalars mod L under Ed25519: values at and around p (canonical encodings, the reduction
// of 255-bit values in [p, 2^255)), limbs at the largest scale the point formulas produce, inversion, the square
// root of RFC 8032 §5.1.3, the constants, and the scalar reduction, S < L check and NAF. Field values are written
// as their 32-byte little-endian encodings, in hex; expected values come from BigInt arithmetic.
import {
  FE_D, FE_SQRTM1, feAdd, feEqual, feFromBytes, feInvert, feIsCanonical, feIsNegative, feIsZero, feMul, feNeg,
  feSq, feSqrtRatio, feSub, feToBytes,
} from "../../../assembly/crypto/ed25519_field";
import { NAF_DIGITS, scalarIsCanonical, scalarNaf, scalarReduce } from "../../../assembly/crypto/ed25519_scalar";
import { hex, toHex } from "./helpers";

const ZERO = "0000000000000000000000000000000000000000000000000000000000000000";
const ONE = "0100000000000000000000000000000000000000000000000000000000000000";
const TWO = "0200000000000000000000000000000000000000000000000000000000000000";
const FOUR = "0400000000000000000000000000000000000000000000000000000000000000";
const EIGHT = "0800000000000000000000000000000000000000000000000000000000000000";
const P_MINUS_1 = "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
const P = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
const P_PLUS_1 = "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
const TWO_255_MINUS_1 = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
// 2^255 - 20 - 2^200, whose limbs are all at or near their maximum, its square and its inverse.
const NEAR_P = "ecfffffffffffffffffffffffffffffffffffffffffffffffffeffffffffff7f";
const NEAR_P_SQ = "0100000000000000000000000000000000002600000000000002000000000000";
const NEAR_P_INV = "b3fe2453baaaab818d71bab70f530303fdb06dd07d57a8577b4001dbac455554";
const HALF = "f7ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff3f"; // 1/2 = (p + 1) / 2
const TWO_THIRDS = "a5aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2a";
const MINUS_TWO_THIRDS = "4855555555555555555555555555555555555555555555555555555555555555";
const SQRTM1 = "b0a00e4a271beec478e42fad0618432fa7d7fb3d99004d2b0bdfc14f8024832b";
const D = "a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352";

// Field values live in a static arena, not in GC-managed arrays: an element is passed by address, and an address
// does not keep an array alive, so a temporary array could be collected and reused while a call still reads it.
// Slots are handed out round-robin; no test holds more than ARENA_SLOTS values at once.
const ARENA_SLOTS = 256;
const ARENA = memory.data(ARENA_SLOTS * 40, 8);
let nextSlot = 0;

/** fresh returns a zeroed element slot. */
function fresh(): usize {
  const f = ARENA + <usize>(nextSlot % ARENA_SLOTS) * 40;
  nextSlot++;
  memory.fill(f, 0, 40);
  return f;
}

/** fe decodes a 32-byte encoding (top bit ignored, not reduced first) into a fresh slot. */
function fe(encoding: string): usize {
  const bytes = hex(encoding);
  const f = fresh();
  feFromBytes(f, bytes.dataStart);
  return f;
}

/** enc is the canonical encoding of f, in hex. */
function enc(f: usize): string {
  const out = new Uint8Array(32);
  feToBytes(out.dataStart, f);
  return toHex(out);
}

function canonical(encoding: string): bool {
  const bytes = hex(encoding);
  return feIsCanonical(bytes.dataStart);
}

describe("ed25519 field encodings", () => {
  it("round-trips 0, 1, p - 1 and a value with every limb near its maximum", () => {
    expect(enc(fe(ZERO))).toBe(ZERO);
    expect(enc(fe(ONE))).toBe(ONE);
    expect(enc(fe(P_MINUS_1))).toBe(P_MINUS_1);
    expect(enc(fe(NEAR_P))).toBe(NEAR_P);
  });

  it("reduces the 255-bit values p .. 2^255 - 1 to 0 .. 18", () => {
    expect(enc(fe(P))).toBe(ZERO);
    expect(enc(fe(P_PLUS_1))).toBe(ONE);
    expect(enc(fe(TWO_255_MINUS_1))).toBe("1200000000000000000000000000000000000000000000000000000000000000");
  });

  it("ignores the top bit, which belongs to the sign of x in a point encoding", () => {
    expect(enc(fe("01000000000000000000000000000000000000000000000000000000000000ff"))).toBe(
      "010000000000000000000000000000000000000000000000000000000000007f");
    expect(enc(fe(ONE.slice(0, 62) + "80"))).toBe(ONE);
  });

  it("feIsCanonical accepts values below p and refuses p .. 2^255 - 1, with or without the top bit", () => {
    expect(canonical(ZERO)).toBe(true);
    expect(canonical(P_MINUS_1)).toBe(true);
    expect(canonical(P_MINUS_1.slice(0, 62) + "ff")).toBe(true);
    expect(canonical("ecfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe")).toBe(true);
    expect(canonical(P)).toBe(false);
    expect(canonical(P_PLUS_1)).toBe(false);
    expect(canonical(TWO_255_MINUS_1)).toBe(false);
    expect(canonical(P.slice(0, 62) + "ff")).toBe(false);
  });

  it("reads the sign of x as the parity of the reduced value", () => {
    expect(feIsNegative(fe(ONE))).toBe(true);
    expect(feIsNegative(fe(P_MINUS_1))).toBe(false); // p - 1 is even
    expect(feIsNegative(fe(P_PLUS_1))).toBe(true); // p + 1 reduces to 1
    expect(feIsZero(fe(P))).toBe(true);
    expect(feIsZero(fe(ONE))).toBe(false);
  });
});

describe("ed25519 field arithmetic", () => {
  it("adds and subtracts across p", () => {
    const h = fresh();
    feAdd(h, fe(P_MINUS_1), fe(ONE));
    expect(enc(h)).toBe(ZERO);
    feSub(h, fe(ZERO), fe(ONE));
    expect(enc(h)).toBe(P_MINUS_1);
    feNeg(h, fe(P_MINUS_1));
    expect(enc(h)).toBe(ONE);
    feNeg(h, fe(ZERO));
    expect(enc(h)).toBe(ZERO);
  });

  it("multiplies and squares at and near p", () => {
    const h = fresh();
    feMul(h, fe(P_MINUS_1), fe(P_MINUS_1));
    expect(enc(h)).toBe(ONE);
    feSq(h, fe(P_MINUS_1));
    expect(enc(h)).toBe(ONE);
    feSq(h, fe(NEAR_P));
    expect(enc(h)).toBe(NEAR_P_SQ);
    feMul(h, fe(NEAR_P), fe(NEAR_P));
    expect(enc(h)).toBe(NEAR_P_SQ);
    feMul(h, fe(P_MINUS_1), fe(ZERO));
    expect(enc(h)).toBe(ZERO);
  });

  it("multiplies unreduced sums at the largest scales the point formulas use (2 x 4, and 2 squared)", () => {
    const m1 = fe(P_MINUS_1), two = fresh(), four = fresh(), h = fresh();
    feAdd(two, m1, m1); // -2, scale 2
    feAdd(four, two, two); // -4, scale 4
    feMul(h, two, four);
    expect(enc(h)).toBe(EIGHT);
    feSq(h, two);
    expect(enc(h)).toBe(FOUR);
    const near = fe(NEAR_P), n2 = fresh(), n4 = fresh();
    feAdd(n2, near, near);
    feAdd(n4, n2, n2);
    feMul(h, n2, n4); // 8 near^2
    const want = fresh();
    feAdd(want, fe(NEAR_P_SQ), fe(NEAR_P_SQ));
    feAdd(want, want, want);
    feAdd(want, want, want);
    expect(enc(h)).toBe(enc(want));
    // A difference of opposite extremes: 0 - (p - 1) - (p - 1) - (p - 1) = 3, scale 3, times a scale-2 sum.
    const d3 = fresh();
    feSub(d3, fe(ZERO), m1);
    feSub(d3, d3, m1);
    feSub(d3, d3, m1);
    feMul(h, d3, two);
    expect(enc(h)).toBe("e7ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"); // -6
  });

  it("inverts: 1/1, 1/2, 1/(p - 1), a value near p, and 0 to 0", () => {
    const h = fresh();
    feInvert(h, fe(ONE));
    expect(enc(h)).toBe(ONE);
    feInvert(h, fe(TWO));
    expect(enc(h)).toBe(HALF);
    feInvert(h, fe(P_MINUS_1));
    expect(enc(h)).toBe(P_MINUS_1);
    feInvert(h, fe(NEAR_P));
    expect(enc(h)).toBe(NEAR_P_INV);
    feInvert(h, fe(ZERO));
    expect(enc(h)).toBe(ZERO);
  });

  it("inverts in place, and x * (1/x) = 1 for a spread of values", () => {
    const x = fresh(), y = fresh(), h = fresh();
    for (let i = 1; i < 40; i++) {
      const bytes = new Uint8Array(32);
      for (let j = 0; j < 32; j++) bytes[j] = <u8>(i * 37 + j * (i | 1) * 11);
      bytes[31] &= 0x7f;
      feFromBytes(x, bytes.dataStart);
      feInvert(y, x);
      feMul(h, x, y);
      expect(enc(h)).toBe(ONE, "value " + i.toString());
      feInvert(x, x);
      expect(feEqual(x, y)).toBe(true);
    }
  });
});

describe("ed25519 field square roots (RFC 8032 §5.1.3)", () => {
  it("finds a root of 4/9 (either sign) and of -1", () => {
    const x = fresh();
    expect(feSqrtRatio(x, fe(FOUR), fe("0900000000000000000000000000000000000000000000000000000000000000"))).toBe(true);
    const root = enc(x);
    expect(root == TWO_THIRDS || root == MINUS_TWO_THIRDS).toBe(true, root);
    expect(feSqrtRatio(x, fe(P_MINUS_1), fe(ONE))).toBe(true);
    const sq = fresh();
    feSq(sq, x);
    expect(enc(sq)).toBe(P_MINUS_1);
  });

  it("returns roots that square back for small u, through both branches of the candidate check", () => {
    // With v = 1 the first candidate x = u^((p+3)/8) has x^2 = u * u^((p-1)/4), and u^((p-1)/4) is 1 for about half
    // of the squares and -1 (the sqrt(-1) branch) for the other half; -1 itself, above, takes that branch.
    const x = fresh(), sq = fresh();
    let roots = 0;
    for (let u = 1; u < 60; u++) {
      const bytes = new Uint8Array(32);
      bytes[0] = <u8>u;
      const uf = fresh();
      feFromBytes(uf, bytes.dataStart);
      if (!feSqrtRatio(x, uf, fe(ONE))) continue;
      roots++;
      feSq(sq, x);
      expect(enc(sq)).toBe(enc(uf), "u = " + u.toString());
    }
    expect(roots).toBeGreaterThan(20); // about half of the small values are squares
  });

  it("refuses non-squares (2, and u/0 for u != 0) and gives 0 for 0", () => {
    const x = fresh();
    expect(feSqrtRatio(x, fe(TWO), fe(ONE))).toBe(false);
    expect(feSqrtRatio(x, fe(ONE), fe(ZERO))).toBe(false);
    expect(feSqrtRatio(x, fe(ZERO), fe(ONE))).toBe(true);
    expect(enc(x)).toBe(ZERO);
  });
});

describe("ed25519 field constants", () => {
  it("d is -121665/121666 and its stored limbs encode RFC 8032's d", () => {
    expect(enc(FE_D)).toBe(D);
    const h = fresh();
    feMul(h, FE_D, fe("42db010000000000000000000000000000000000000000000000000000000000"));
    expect(enc(h)).toBe("ac24feffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  });

  it("sqrt(-1) squares to -1", () => {
    expect(enc(FE_SQRTM1)).toBe(SQRTM1);
    const h = fresh();
    feSq(h, FE_SQRTM1);
    expect(enc(h)).toBe(P_MINUS_1);
  });
});

// Scalars: L = 2^252 + 27742317777372353535851937790883648493.
const L = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
const L_MINUS_1 = "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
const ZEROS32 = ZERO;

function reduce(wideHex: string): string {
  const wide = hex(wideHex);
  const out = new Uint8Array(32);
  scalarReduce(out.dataStart, wide.dataStart);
  return toHex(out);
}

function isCanonical(s: string): bool {
  const bytes = hex(s);
  return scalarIsCanonical(bytes.dataStart);
}

describe("ed25519 scalars", () => {
  it("scalarIsCanonical accepts 0 .. L - 1 and refuses L and above", () => {
    expect(isCanonical(ZEROS32)).toBe(true);
    expect(isCanonical(L_MINUS_1)).toBe(true);
    expect(isCanonical("0000000000000000000000000000000000000000000000000000000000000010")).toBe(true);
    expect(isCanonical(L)).toBe(false);
    expect(isCanonical("eed3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")).toBe(false);
    expect(isCanonical("0000000000000000000000000000000000000000000000000000000000000011")).toBe(false);
    expect(isCanonical("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")).toBe(false);
  });

  it("reduces 64-byte values mod L: 0, L - 1, L, 2^512 - 1, L 2^259 + 5, (L - 1)^2, 2^253 - 1", () => {
    expect(reduce(ZEROS32 + ZEROS32)).toBe(ZEROS32);
    expect(reduce(L_MINUS_1 + ZEROS32)).toBe(L_MINUS_1);
    expect(reduce(L + ZEROS32)).toBe(ZEROS32);
    expect(reduce("ff".repeat(64))).toBe("000f9c44e31106a447938568a71b0ed065bef517d273ecce3d9a307c1b419903");
    expect(reduce("0500000000000000000000000000000000000000000000000000000000000000"
      + "689faee7d21893c0b2e6bc17f5cef7a600000000000000000000000000000080")).toBe(
      "0500000000000000000000000000000000000000000000000000000000000000");
    expect(reduce("90e126f15030c9327169a9dcb89e453ebef517d273ecce3d9a307c1b4199b381"
      + "7dba9e4b634c02cb9af35ed43bdf9b0200000000000000000000000000000001")).toBe(ONE);
    expect(reduce("ff".repeat(31) + "1f" + ZEROS32)).toBe(
      "122c0aa3e59ceda72963085d210621ebffffffffffffffffffffffffffffff0f");
  });

  it("reduces in place", () => {
    const wide = hex(L + ZEROS32);
    wide[0] = 0xf0; // L + 3
    scalarReduce(wide.dataStart, wide.dataStart);
    expect(toHex(wide.subarray(0, 32))).toBe("0300000000000000000000000000000000000000000000000000000000000000");
  });

  it("writes NAFs whose digits are odd, bounded and spaced, and sum back to the scalar, for widths 2 to 8", () => {
    const scalars: string[] = [ZEROS32, ONE, L_MINUS_1, "ff".repeat(31) + "1f", "55".repeat(31) + "15",
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707510a"];
    const naf = new StaticArray<i8>(NAF_DIGITS);
    for (let w = 2; w <= 8; w++) {
      for (let n = 0; n < scalars.length; n++) {
        const s = hex(scalars[n]);
        scalarNaf(changetype<usize>(naf), s.dataStart, w);
        let last = -w;
        for (let i = 0; i < NAF_DIGITS; i++) {
          const d = <i32>naf[i];
          if (d == 0) continue;
          expect(d & 1).toBe(1, "even digit");
          expect(abs(d)).toBeLessThan(1 << (w - 1));
          expect(i - last).toBeGreaterThanOrEqual(w, "two non-zero digits closer than w");
          last = i;
        }
        expect(toHex(nafValue(naf))).toBe(scalars[n], "w = " + w.toString());
      }
    }
  });
});

// nafValue sums d_i 2^i into 32 little-endian bytes (signed byte-wise accumulation, then one carry pass).
function nafValue(naf: StaticArray<i8>): Uint8Array {
  const acc = new StaticArray<i64>(34);
  for (let i = 0; i < NAF_DIGITS; i++) acc[i >> 3] += <i64>naf[i] << <i64>(i & 7);
  const out = new Uint8Array(32);
  let carry: i64 = 0;
  for (let i = 0; i < 32; i++) {
    const v = acc[i] + carry;
    out[i] = <u8>(v & 0xff);
    carry = v >> 8;
  }
  return out;
}
