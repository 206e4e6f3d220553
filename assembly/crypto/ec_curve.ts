// The NIST prime curves y^2 = x^3 - 3x + b of FIPS 186-4 §D.1.2 (P-256, P-384, P-521): their field, group order,
// b and base point G. All three have cofactor 1, so every point on the curve except infinity has order n.

import { limbsFromHex, Field } from "./ec_field";
import { ScalarField } from "./ec_scalar";

/**
 * CurveParams holds one curve's domain parameters. `gTable` is filled on first use by ec_mul.ts (odd multiples
 * of G in affine form), and kept for the life of the instance.
 */
export class CurveParams {
  readonly field: Field;
  readonly scalar: ScalarField;
  private readonly bLimbs: StaticArray<u32>;
  private readonly gxLimbs: StaticArray<u32>;
  private readonly gyLimbs: StaticArray<u32>;
  /** gTable is ec_mul.ts's precomputed table of G, or null before the first verification on this curve. */
  gTable: StaticArray<u8> | null = null;

  constructor(bits: i32, pHex: string, nHex: string, bHex: string, gxHex: string, gyHex: string) {
    const field = new Field(bits, pHex);
    const n = field.limbs;
    this.field = field;
    this.scalar = new ScalarField(bits, nHex);
    this.bLimbs = limbsFromHex(bHex, n);
    this.gxLimbs = limbsFromHex(gxHex, n);
    this.gyLimbs = limbsFromHex(gyHex, n);
  }

  /** b, gx and gy point at the curve constant and the base point's affine coordinates. */
  get b(): usize { return changetype<usize>(this.bLimbs); }
  get gx(): usize { return changetype<usize>(this.gxLimbs); }
  get gy(): usize { return changetype<usize>(this.gyLimbs); }
}

// FIPS 186-4 §D.1.2.3. n's bit length equals p's for all three curves, so one `bits` serves both.
const P256 = new CurveParams(256,
  "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
  "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
  "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
  "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
  "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");

// FIPS 186-4 §D.1.2.4.
const P384 = new CurveParams(384,
  "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
  "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
  "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
  "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
  "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f");

// FIPS 186-4 §D.1.2.5.
const P521 = new CurveParams(521,
  "1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
    + "fffffffffffffffffffffffffff",
  "1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c"
    + "9b8899c47aebb6fb71e91386409",
  "51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df"
    + "883d2c34f1ef451fd46b503f00",
  "c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3"
    + "c1856a429bf97e7e31c2e5bd66",
  "11839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7"
    + "086a272c24088be94769fd16650");

/** curveParams returns the parameters for 256, 384 or 521, and null for any other size. */
export function curveParams(bits: i32): CurveParams | null {
  if (bits == 256) return P256;
  if (bits == 384) return P384;
  if (bits == 521) return P521;
  return null;
}
