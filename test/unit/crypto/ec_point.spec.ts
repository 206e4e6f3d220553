// Points, the double-scalar multiplication and scalar arithmetic (ec_point.ts, ec_mul.ts, ec_scalar.ts) on the
// three curves: the table of G, u1 * G + u2 * Q at the edges (zero scalars, n - 1, equal and opposite points),
// width-w NAF digits, and inversion modulo n. Expected points come from Python's integers; test/host/ecdsa.test.ts
// compares random multiples against node:crypto's ECDH.
import { curveParams, CurveParams } from "../../../assembly/crypto/ec_curve";
import { EC_ELEM_BYTES } from "../../../assembly/crypto/ec_limbs";
import { doubleScalarMul, generatorTable, wnaf } from "../../../assembly/crypto/ec_mul";
import {
  pointAdd, pointAddAffine, pointDouble, pointIsInfinity, pointNegate, pointOnCurve, pointSetAffine,
  pointSetInfinity, pointX, pointY, pointZ, EC_POINT_BYTES,
} from "../../../assembly/crypto/ec_point";
import { hex, toHex } from "./helpers";

const P = memory.data(<i32>EC_POINT_BYTES, 8);
const Q = memory.data(<i32>EC_POINT_BYTES, 8);
const U1 = memory.data(<i32>EC_ELEM_BYTES, 8);
const U2 = memory.data(<i32>EC_ELEM_BYTES, 8);
const T = memory.data(<i32>EC_ELEM_BYTES * 3, 8);
const DIGITS = memory.data(600, 8);

/** PointVectors: 3G, 63G, 2G and (k + 2)G as x || y, k^-1 mod n, and n - 1, for k = 0x0123...cdef (128 bits). */
class PointVectors {
  constructor(
    public bits: i32, public g3: string, public g63: string, public g2: string, public gk2: string,
    public kInverse: string, public nMinus1: string,
  ) {}
}

const K = "0123456789abcdef0123456789abcdef";

const VECTORS: PointVectors[] = [
  new PointVectors(256,
    "5ecbe4d1a6330a44c8f7ef951d4bf165e6c6b721efada985fb41661bc6e7fd6c8734640c4998ff7e374b06ce1a64a2ec"
    + "d82ab036384fb83d9a79b127a27d5032",
    "6a9501d85bf5dc802a1f28a08acc7d8fdf53c8af01a7cd3832a290825d8bdac1ca640ad19347374381c6c6e44a3c56a3"
    + "f8461b5c697a6f3530aff53d5f1ef1a3",
    "7cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc4766997807775510db8ed040293d9ac69f7430db"
    + "ba7dade63ce982299e04b79d227873d1",
    "54bbabdba83ea56360fb57cb447b8e2081cd0d7eb28b77930967e411e8d22ed874a88de6eb63ebba06d37484a99701fa"
    + "23c5bea81c33c03b8b93229c089bb420",
    "4cd80ea96507f8a589f066bb93b234eb6a48fc5eda0859993c68f55c11ce587a",
    "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550"),
  new PointVectors(384,
    "077a41d4606ffa1464793c7e5fdc7d98cb9d3910202dcd06bea4f240d3566da6b408bbae5026580d02d7e5c70500c831"
    + "c995f7ca0b0c42837d0bbe9602a9fc998520b41c85115aa5f7684c0edc111eacc24abd6be4b5d298b65f28600a2f1df1",
    "b32e89eb942aab112cae508f5164ca6cac334769de358b333c968cfbb83c8f7b941560583def5431afd574f7e008f8af"
    + "b1e3ae7166d9710324e2bf69603ffd5ba770fc48b73edc0679cddd7a0499009535daedff59e74a1ac81abe0944e11e2c",
    "08d999057ba3d2d969260045c55b97f089025959a6f434d651d207d19fb96e9e4fe0e86ebe0e64f85b96a9c75295df61"
    + "8e80f1fa5b1b3cedb7bfe8dffd6dba74b275d875bc6cc43e904e505f256ab4255ffd43e94d39e22d61501e700a940e80",
    "629cdec0d14a02c8cfde0ef3f0f86685e9eba5189dce59da2002738788b062d2eab0279bb94d776672a023af15cef663"
    + "5ec786e36cc674308484eb566753b9a92c0f115abb40d6271bf2ff8db2c8cc8630a47511a0f10fa5099aba8d803a31ec",
    "c0976623de3ee2b1d0f96acc3384d0f2385b473485b74c7a65c94a97ad006b1627f76580866df17a445fa20486be1ed4",
    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52972"),
  new PointVectors(521,
    "01a73d352443de29195dd91d6a64b5959479b52a6e5b123d9ab9e5ad7a112d7a8dd1ad3f164a3a4832051da6bd16b59f"
    + "e21baeb490862c32ea05a5919d2ede37ad7d013e9b03b97dfa62ddd9979f86c6cab814f2f1557fa82a9d0317d2f8ab1f"
    + "a355ceec2e2dd4cf8dc575b02d5aced1dec3c70cf105c9bc93a590425f588ca1ee86c0e5",
    "01c132753b64640c457fe82f799acb0a6e8e1ca21b5affa0ddc1e7f54fe4d51b08453ae99661308e125ec63996847586"
    + "265e75af7d025770ac8d0f5beb6fce8888e5015347e184197a0538176d81ac89b205d7961a9e093286414006595e8c35"
    + "3aa2238005d3dbdcec1896bc13f78f82f0071283af657b5bf664a2ace9d15ad2a03dba15",
    "00433c219024277e7e682fcb288148c282747403279b1ccc06352c6e5505d769be97b3b204da6ef55507aa104a3a35c5"
    + "af41cf2fa364d60fd967f43e3933ba6d783d00f4bb8cc7f86db26700a7f3eceeeed3f0b5c6b5107c4da97740ab21a299"
    + "06c42dbbb3e377de9f251f6b93937fa99a3248f4eafcbe95edc0f4f71be356d661f41b02",
    "00e65d91fda7c35015dcce115cb78127e74a7d3906f2382245d6bf42346523de069c9fca88771786a985397823de899a"
    + "d8c03405236ae4a38f5429fc559ce50b924300bc3f9b8d93d57d5cadbf3237389b4cfe0c34bc9c97ee37d3a6960791e8"
    + "3309496c4b4c328b386bae52f2a1e6c3751a83aa6efc79967f3694408035873b52e4e4aa",
    "00e952da84cef3c831cdd42afba3fe5d7c9de802f091f71bb6ce3f386e3a1ffdb20018da2a5bc80362ca29ef7f80e7bc"
    + "42e74e9c3d19907f3ab4c011a3074806a6d7",
    "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709"
    + "a5d03bb5c9b8899c47aebb6fb71e91386408"),
];

function params(bits: i32): CurveParams {
  return curveParams(bits)!;
}

// affine returns the Jacobian point at p as big-endian x || y, or "infinity".
function affine(c: CurveParams, p: usize): string {
  const f = c.field;
  if (pointIsInfinity(f, p)) return "infinity";
  const zinv = T, zz = T + EC_ELEM_BYTES, out = T + 2 * EC_ELEM_BYTES;
  f.inv(zinv, pointZ(p));
  f.sqr(zz, zinv);
  f.mul(out, pointX(p), zz);
  const bytes = new Uint8Array(2 * f.bytes);
  f.toBytes(bytes.dataStart, out);
  f.mul(zz, zz, zinv);
  f.mul(out, pointY(p), zz);
  f.toBytes(bytes.dataStart + <usize>f.bytes, out);
  return toHex(bytes);
}

// scalar loads big-endian hex (at most the coordinate length) as a scalar at at.
function scalar(c: CurveParams, at: usize, h: string): usize {
  const bytes = hex("00".repeat(c.field.bytes - (h.length >> 1)) + h);
  c.field.fromBytes(at, bytes.dataStart);
  return at;
}

function gHex(c: CurveParams): string {
  const bytes = new Uint8Array(2 * c.field.bytes);
  c.field.toBytes(bytes.dataStart, c.gx);
  c.field.toBytes(bytes.dataStart + <usize>c.field.bytes, c.gy);
  return toHex(bytes);
}

// entry returns table entry k (an affine x, y pair) as x || y.
function entry(c: CurveParams, table: usize, k: i32): string {
  const f = c.field;
  const bytes = new Uint8Array(2 * f.bytes);
  f.toBytes(bytes.dataStart, table + <usize>k * 2 * EC_ELEM_BYTES);
  f.toBytes(bytes.dataStart + <usize>f.bytes, table + <usize>k * 2 * EC_ELEM_BYTES + EC_ELEM_BYTES);
  return toHex(bytes);
}

function show(c: CurveParams, at: usize): string {
  const out = new Uint8Array(c.field.bytes);
  c.field.toBytes(out.dataStart, at);
  return toHex(out);
}

function negGHex(c: CurveParams): string {
  pointSetAffine(c.field, P, c.gx, c.gy);
  pointNegate(c.field, P, P);
  return affine(c, P);
}

describe("the precomputed table of G", () => {
  it("holds G, 3G, ..., 63G in affine form, all on the curve", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], c = params(v.bits), f = c.field;
      const table = changetype<usize>(generatorTable(c));
      expect(entry(c, table, 0)).toBe(gHex(c));
      expect(entry(c, table, 1)).toBe(v.g3);
      expect(entry(c, table, 31)).toBe(v.g63);
      for (let k: usize = 0; k < 32; k++) {
        const x = table + k * 2 * EC_ELEM_BYTES;
        expect(pointOnCurve(f, c.b, x, x + EC_ELEM_BYTES)).toBe(true);
      }
      expect(generatorTable(c)).toBe(generatorTable(c)); // built once, then kept
    }
  });
});

describe("u1 * G + u2 * Q", () => {
  it("gives G, Q, 2G, -G and (k + 2)G for u1, u2 in {0, 1, 2, k, n - 1}", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], c = params(v.bits);
      const gx = c.gx, gy = c.gy;
      doubleScalarMul(c, P, scalar(c, U1, "01"), scalar(c, U2, "00"), gx, gy);
      expect(affine(c, P)).toBe(gHex(c));
      doubleScalarMul(c, P, scalar(c, U1, "00"), scalar(c, U2, "01"), gx, gy);
      expect(affine(c, P)).toBe(gHex(c));
      doubleScalarMul(c, P, scalar(c, U1, "01"), scalar(c, U2, "01"), gx, gy);
      expect(affine(c, P)).toBe(v.g2);
      doubleScalarMul(c, P, scalar(c, U1, "02"), scalar(c, U2, "00"), gx, gy);
      expect(affine(c, P)).toBe(v.g2);
      doubleScalarMul(c, P, scalar(c, U1, v.nMinus1), scalar(c, U2, "00"), gx, gy);
      expect(affine(c, P)).toBe(negGHex(c));
      doubleScalarMul(c, P, scalar(c, U1, K), scalar(c, U2, "02"), gx, gy);
      expect(affine(c, P)).toBe(v.gk2);
      doubleScalarMul(c, P, scalar(c, U1, "02"), scalar(c, U2, K), gx, gy);
      expect(affine(c, P)).toBe(v.gk2);
    }
  });

  it("gives infinity for 0 * G + 0 * Q and for (n - 1) * G + 1 * G", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], c = params(v.bits);
      doubleScalarMul(c, P, scalar(c, U1, "00"), scalar(c, U2, "00"), c.gx, c.gy);
      expect(affine(c, P)).toBe("infinity");
      doubleScalarMul(c, P, scalar(c, U1, v.nMinus1), scalar(c, U2, "01"), c.gx, c.gy);
      expect(affine(c, P)).toBe("infinity");
      doubleScalarMul(c, P, scalar(c, U1, "01"), scalar(c, U2, v.nMinus1), c.gx, c.gy);
      expect(affine(c, P)).toBe("infinity");
    }
  });
});

describe("point formulas at their exceptional inputs", () => {
  it("handle infinity, P + P and P + (-P) in both additions, and double infinity to infinity", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], c = params(v.bits), f = c.field;
      pointSetInfinity(f, P);
      pointDouble(f, P, P);
      expect(affine(c, P)).toBe("infinity");
      pointAddAffine(f, P, P, c.gx, c.gy);
      expect(affine(c, P)).toBe(gHex(c));
      pointAddAffine(f, P, P, c.gx, c.gy);
      expect(affine(c, P)).toBe(v.g2);
      pointSetAffine(f, Q, c.gx, c.gy);
      pointAdd(f, P, P, Q);
      expect(affine(c, P)).toBe(v.g3);
      pointSetAffine(f, P, c.gx, c.gy);
      pointAdd(f, P, P, Q);
      expect(affine(c, P)).toBe(v.g2);
      pointNegate(f, Q, Q);
      pointSetAffine(f, P, c.gx, c.gy);
      pointAdd(f, P, P, Q);
      expect(affine(c, P)).toBe("infinity");
      pointAdd(f, P, P, Q);
      expect(affine(c, P)).toBe(negGHex(c));
      pointSetAffine(f, P, c.gx, c.gy);
      f.neg(T, c.gy);
      pointAddAffine(f, P, P, c.gx, T);
      expect(affine(c, P)).toBe("infinity");
    }
  });
});

describe("width-w NAF", () => {
  it("has odd digits below 2^(w-1), at least w - 1 zeros between them, and sums to the scalar", () => {
    const values: u64[] = [0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0xdeadbeef, 0xffffffffff, 0x123456789abcd];
    for (let w = 2; w <= 7; w++) {
      for (let i = 0; i < values.length; i++) {
        memory.fill(U1, 0, EC_ELEM_BYTES);
        store<u64>(U1, values[i]);
        wnaf(DIGITS, U1, 8, 257, w);
        let sum: i64 = 0, last = -w;
        for (let j = 0; j < 257; j++) {
          const d = <i64>load<i8>(DIGITS + <usize>j);
          if (d == 0) continue;
          expect(d & 1).toBe(1);
          expect(abs(d) < (<i64>1 << (w - 1))).toBe(true);
          expect(j - last >= w).toBe(true);
          last = j;
          if (j < 62) sum += d << j;
        }
        expect(sum).toBe(<i64>values[i]);
      }
    }
  });

  it("ends with a carry digit at position len(n) for a scalar with its top bits set", () => {
    memory.fill(U1, 0, EC_ELEM_BYTES);
    for (let i: usize = 0; i < 8; i++) store<u32>(U1 + 4 * i, 0xffffffff);
    wnaf(DIGITS, U1, 8, 257, 5);
    // 2^256 - 1 = 2^256 - 1: the digits are -1 at 0 and 1 at 256.
    expect(load<i8>(DIGITS)).toBe(-1);
    expect(load<i8>(DIGITS + 256)).toBe(1);
    for (let j: usize = 1; j < 256; j++) expect(load<i8>(DIGITS + j)).toBe(0);
  });
});

describe("scalar arithmetic modulo n", () => {
  it("inverts 1, n - 1 and k, and maps 0, n and larger values to 0 (no inverse, no endless loop)", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], c = params(v.bits), sc = c.scalar, f = c.field;
      sc.inv(U2, scalar(c, U1, "01"));
      expect(show(c, U2)).toBe("00".repeat(f.bytes - 1) + "01");
      sc.inv(U2, scalar(c, U1, v.nMinus1));
      expect(show(c, U2)).toBe(v.nMinus1);
      sc.inv(U2, scalar(c, U1, K));
      expect(show(c, U2)).toBe(v.kInverse);
      sc.inv(U1, U1); // aliasing
      expect(show(c, U1)).toBe(v.kInverse);
      sc.inv(U2, scalar(c, U1, "00"));
      expect(show(c, U2)).toBe("00".repeat(f.bytes));
      memory.copy(U1, sc.n, <usize>sc.limbs << 2);
      sc.inv(U2, U1);
      expect(show(c, U2)).toBe("00".repeat(f.bytes));
      memory.fill(U1, 0xff, <usize>sc.limbs << 2);
      sc.inv(U2, U1);
      expect(show(c, U2)).toBe("00".repeat(f.bytes));
      // mont(toMont(k), 1) = k
      sc.toMont(U2, scalar(c, U1, K));
      sc.mont(U2, U2, scalar(c, U1, "01"));
      expect(show(c, U2)).toBe("00".repeat(f.bytes - 16) + K);
    }
  });

  it("accepts r and s in [1, n - 1] only", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i], c = params(v.bits), sc = c.scalar;
      expect(sc.isValid(scalar(c, U1, "00"))).toBe(false);
      expect(sc.isValid(scalar(c, U1, "01"))).toBe(true);
      expect(sc.isValid(scalar(c, U1, v.nMinus1))).toBe(true);
      memory.copy(U1, sc.n, <usize>sc.limbs << 2);
      expect(sc.isValid(U1)).toBe(false);
    }
  });
});
