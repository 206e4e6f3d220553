// Field arithmetic of the three NIST primes (ec_field.ts with p256.ts, p384.ts, p521.ts): known answers on the
// base point's coordinates, the edges 0, 1 and p - 1, canonical results, range checks on decoding, and the fast
// reductions on wide values built to need their rarest correction steps. Expected values come from Python's
// integers; test/host/ecdsa.test.ts adds random operands against BigInt.
import { curveParams } from "../../../assembly/crypto/ec_curve";
import { Field } from "../../../assembly/crypto/ec_field";
import { EC_ELEM_BYTES } from "../../../assembly/crypto/ec_limbs";
import { p256ReduceWide } from "../../../assembly/crypto/p256";
import { p384ReduceWide } from "../../../assembly/crypto/p384";
import { p521ReduceWide } from "../../../assembly/crypto/p521";
import { hex, toHex } from "./helpers";

// Operands and results live in static memory: plain pointers, never collected.
const A = memory.data(<i32>EC_ELEM_BYTES, 8);
const B = memory.data(<i32>EC_ELEM_BYTES, 8);
const R = memory.data(<i32>EC_ELEM_BYTES, 8);
const WIDE = memory.data(34 * 4, 8);

/** FieldVectors: p, p - 1, G's coordinates and results on them (gx * gy, gx^2, gx + gy, gx - gy, gy - gx, 1/gx). */
class FieldVectors {
  constructor(
    public bits: i32, public p: string, public pMinus1: string, public gx: string, public gy: string,
    public gxTimesGy: string, public gxSquared: string, public gxPlusGy: string, public gxMinusGy: string,
    public gyMinusGx: string, public gxInverse: string,
  ) {}
}

const VECTORS: FieldVectors[] = [
  new FieldVectors(256,
    "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
    "ffffffff00000001000000000000000000000000fffffffffffffffffffffffe",
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
    "823cd15f6dd3c71933565064513a6b2bd183e554c6a08622f713ebbbface98be",
    "98f6b84d29bef2b281819a5e0e3690d833b699495d694dd1002ae56c426b3f8c",
    "bafb14d5df46c1e387a4d22fdfb3df08a2d1b0d8991c926fc05779ae1058148b",
    "1b348f0fe311c2ac69d4fb9ae794a2dc4b354a29c2b9d4d228eaf8dda0d970a1",
    "e4cb70ef1cee3d54962b0465186b5d23b4cab5d73d462b2dd71507225f268f5e",
    "e060cbb088706d5d24936933b69b16ab707d656273744b65664c49e577f35238"),
  new FieldVectors(384,
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffe",
    "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
    "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
    "332e559389c970313cb29c4b55af5783821971a99c250daf84dc5d3cc441cb0a482e90de9d3ccd96b3c8c48b2ad3f025",
    "046af925fa51ac496728217df5bc7c1fc3353aca34a380e1ffd8419fe7b13f6a92e8614fee38a288e2222412aca8b019",
    "e09fa86d54b131a6ec505fde85b3899e6711591fb441b01543d172f43844e2f85f63a42bdcd3ab09b4977bb503601916",
    "746febd82864d8c831132e5f608dd14a75291da5630d871b701d10cccc6371784aa2408fa1d6a7cec01140bbe18bfc58",
    "8b901427d79b2737ceecd1a09f722eb58ad6e25a9cf278e48fe2ef33339c8e86b55dbf6f5e2958313feebf451e7403a7",
    "1ce18121749aa29a393faddf4e55522af8c67dabdfa413aac45da5c5f0781147133e1c96ca2a8234440fbf89e7e96410"),
  new FieldVectors(521,
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
      + "ffffffffffffffffffffffffffffffffffff",
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
      + "fffffffffffffffffffffffffffffffffffe",
    "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ff"
      + "a8de3348b3c1856a429bf97e7e31c2e5bd66",
    "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad"
      + "0761353c7086a272c24088be94769fd16650",
    "01f7f9919049cdd3dd8f7f8e9114d82884ec514def5cdb6c9fcac563b28cfe8e1f8d827db3dede16834c3d8b13751e01"
      + "2a7c9c75360be1cd103e61cc609eab946b5a",
    "01a0c5f6b208884c559039bfcd9ce1e18654802685c92a22d428bee74ec50b2a6be5b56f5205a9faadebf612dd3ab10c"
      + "46b0d790b1c6e816ce8ab9157e8f5c861cfb",
    "01debeb7712f9e40a9d1fac92b1a5012d01c3559c5825cdaf98a0fd86c77928ba3e73939d1114edb7f69c36e7a28e2ac"
      + "b03f6885244827dd04dc823d12a862b723b6",
    "01ae4c649c3e69c929c941b46bb1f7189869036f3cefada470b9e078f249440ed78e095cebde90f332e838cd08266352"
      + "a17cfe0c433ae2f7805b70bfe9bb23145715",
    "0051b39b63c19636d636be4b944e08e76796fc90c310525b8f461f870db6bbf12871f6a314216f0ccd17c732f7d99cad"
      + "5e8301f3bcc51d087fa48f401644dceba8ea",
    "0130151207a429aad30a3149f7fae2c6241ce9bf676e318402a29c04f720ee3865ae7cb16ee6c768283718ea0cd9f1bd"
      + "207f453a90988d7dc56088bafb2751ee4abd"),
];

function field(bits: i32): Field {
  return curveParams(bits)!.field;
}

// load decodes big-endian hex of the coordinate length into the element at at; the value must be below p.
function load(f: Field, at: usize, h: string): usize {
  const bytes = hex(h);
  expect(bytes.length).toBe(f.bytes);
  expect(f.fromBytes(at, bytes.dataStart)).toBe(true);
  return at;
}

function show(f: Field, at: usize): string {
  const out = new Uint8Array(f.bytes);
  f.toBytes(out.dataStart, at);
  return toHex(out);
}

function small(f: Field, at: usize, w: u32): usize {
  f.setWord(at, w);
  return at;
}

function zeroHex(f: Field): string {
  return "00".repeat(f.bytes);
}

function oneHex(f: Field): string {
  return "00".repeat(f.bytes - 1) + "01";
}

describe("field arithmetic known answers (P-256, P-384, P-521)", () => {
  it("multiplies, squares, adds, subtracts and inverts the base point's coordinates", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], f = field(v.bits);
      load(f, A, v.gx);
      load(f, B, v.gy);
      f.mul(R, A, B);
      expect(show(f, R)).toBe(v.gxTimesGy);
      f.sqr(R, A);
      expect(show(f, R)).toBe(v.gxSquared);
      f.mul(R, A, A);
      expect(show(f, R)).toBe(v.gxSquared);
      f.add(R, A, B);
      expect(show(f, R)).toBe(v.gxPlusGy);
      f.sub(R, A, B);
      expect(show(f, R)).toBe(v.gxMinusGy);
      f.sub(R, B, A);
      expect(show(f, R)).toBe(v.gyMinusGx);
      f.inv(R, A);
      expect(show(f, R)).toBe(v.gxInverse);
    }
  });

  it("writes results over an operand (r aliasing a or b)", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], f = field(v.bits);
      load(f, A, v.gx);
      load(f, B, v.gy);
      f.mul(A, A, B);
      expect(show(f, A)).toBe(v.gxTimesGy);
      load(f, A, v.gx);
      f.sub(B, A, B);
      expect(show(f, B)).toBe(v.gxMinusGy);
      load(f, B, v.gy);
      f.sqr(A, A);
      expect(show(f, A)).toBe(v.gxSquared);
    }
  });
});

describe("field arithmetic at 0, 1 and p - 1", () => {
  it("keeps results canonical: (p-1)^2 = 1, (p-1) + (p-1) = p - 2, (p-1) + 1 = 0", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], f = field(v.bits);
      load(f, A, v.pMinus1);
      f.mul(R, A, A);
      expect(show(f, R)).toBe(oneHex(f));
      f.sqr(R, A);
      expect(show(f, R)).toBe(oneHex(f));
      f.add(R, A, small(f, B, 1));
      expect(show(f, R)).toBe(zeroHex(f));
      f.add(R, A, A);
      f.add(R, R, small(f, B, 1));
      expect(show(f, R)).toBe(v.pMinus1);
    }
  });

  it("wraps subtraction below zero: 0 - 1 = p - 1, 1 - (p - 1) = 2, x - x = 0", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], f = field(v.bits);
      f.sub(R, small(f, A, 0), small(f, B, 1));
      expect(show(f, R)).toBe(v.pMinus1);
      load(f, B, v.pMinus1);
      f.sub(R, small(f, A, 1), B);
      expect(show(f, R)).toBe("00".repeat(f.bytes - 1) + "02");
      f.sub(R, B, B);
      expect(show(f, R)).toBe(zeroHex(f));
      expect(f.isZero(R)).toBe(true);
    }
  });

  it("negates 0 to 0 and 1 to p - 1", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], f = field(v.bits);
      f.neg(R, small(f, A, 0));
      expect(show(f, R)).toBe(zeroHex(f));
      f.neg(R, small(f, A, 1));
      expect(show(f, R)).toBe(v.pMinus1);
    }
  });

  it("inverts 1 to 1 and p - 1 to p - 1, and maps 0 to 0", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], f = field(v.bits);
      f.inv(R, small(f, A, 1));
      expect(show(f, R)).toBe(oneHex(f));
      f.inv(R, load(f, A, v.pMinus1));
      expect(show(f, R)).toBe(v.pMinus1);
      f.inv(R, small(f, A, 0));
      expect(show(f, R)).toBe(zeroHex(f));
    }
  });

  it("decodes p - 1 but refuses p and the all-ones value (SEC 1 range check)", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], f = field(v.bits);
      expect(f.fromBytes(A, hex(v.pMinus1).dataStart)).toBe(true);
      expect(f.fromBytes(A, hex(v.p).dataStart)).toBe(false);
      expect(f.fromBytes(A, hex("ff".repeat(f.bytes)).dataStart)).toBe(false);
    }
  });
});

describe("fast reductions of wide values", () => {
  it("P-256: folds the top carry a second time, in both directions, and reduces p and 2^512 - 1", () => {
    // The first two need a second pass of the carry fold (positive, then negative); found by search in Python.
    wide256("0000000000000001fffffffe0000000180000000ffffffff0000000280000000fffffffe00000002fffffffe00000002"
      + "fffffffefffffffe00000001fffffffe",
    "fffffffe800000047ffffffe000000027fffffff7ffffffe00000001fffffffe");
    wide256("ffffffff00000001ffffffff00000000ffffffff80000000fffffffffffffffe80000000ffffffff0000000200000002"
      + "00000002000000010000000280000000",
    "0000000100000001800000028000000200000000800000008000000280000000");
    wide256("0".repeat(64) + "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", "0".repeat(64));
    wide256("f".repeat(128), "00000004fffffffdfffffffffffffffefffffffbffffffff0000000000000002");
  });

  it("P-384: folds a top carry twice, and reduces p and 2^768 - 1", () => {
    wide384("ffffffffffffffff6bd0638bffffffff6fa84dcaf729b4c8ffffffffffffffff00000000ffffffff00000000cd085b71"
      + "9057b23504fe60f89d05e7aa6fa84dcb878166fc08d64b36942f9c765b56dd7ac72740f5d0b96b82cf56dc1c7f8dc598",
    "0000000000000000000000000000000000000000000000000000000000000001fffffff764e907f6024e80a9b8668496");
    const p384 = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff";
    wide384("0".repeat(96) + p384, "0".repeat(96));
    wide384("f".repeat(192),
      "000000000000000000000000000000010000000200000000fffffffe000000000000000200000000fffffffe00000000");
  });

  it("P-521: reduces (p - 1)^2 to 1, p to 0, and 2^1042 - 1 (= 2^1042 - 1 mod p) to 0", () => {
    const p = "01" + "f".repeat(130);
    wide521("000000000003" + "f".repeat(129) + "8" + "0".repeat(129) + "4", "00".repeat(65) + "01");
    wide521("0".repeat(272 - p.length) + p, "00".repeat(66));
    wide521("000000000003" + "f".repeat(260), "00".repeat(66));
  });
});

// wideN loads big-endian hex as the little-endian limbs of a wide value, reduces it and checks the result.
function wide256(t: string, want: string): void {
  loadWide(t, 64);
  p256ReduceWide(R, WIDE);
  expect(show(field(256), R)).toBe(want);
}

function wide384(t: string, want: string): void {
  loadWide(t, 96);
  p384ReduceWide(R, WIDE);
  expect(show(field(384), R)).toBe(want);
}

function wide521(t: string, want: string): void {
  loadWide(t, 136);
  p521ReduceWide(R, WIDE);
  expect(show(field(521), R)).toBe(want);
}

function loadWide(t: string, len: i32): void {
  const bytes = hex(t);
  expect(bytes.length).toBe(len);
  for (let i = 0; i < len; i++) store<u8>(WIDE + <usize>i, bytes[len - 1 - i]);
}
