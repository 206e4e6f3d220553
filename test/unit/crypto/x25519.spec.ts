// X25519 (x25519.ts): RFC 7748 §5.2 known answers (two single products and the iterated 1 and 1,000 rounds),
// the §6.1 Diffie-Hellman example, the decoding rules of §5 (clamping, the ignored top bit of u, u at or above
// p taken mod p), and the refusals: wrong lengths, and every low-order point, whose shared secret is all zeros.
import { x25519, x25519PublicKey, X25519_BYTES } from "../../../assembly/crypto/x25519";
import { fill, hex, toHex } from "./helpers";

// RFC 7748 §6.1: Alice's and Bob's private scalars, public keys, and the secret they share.
const ALICE_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
const BOB_PRIVATE = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
const BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
const SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

// u-coordinates of points of order 1, 2, 4 and 8 on the curve and its twist (0, 1, the two order-8 values,
// p - 1), their encodings at or above p (p, p + 1) and with the ignored top bit set. Each makes any clamped
// scalar's product zero; node:crypto (OpenSSL) refuses all of them too.
const LOW_ORDER: string[] = [
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0100000000000000000000000000000000000000000000000000000000000000",
  "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
  "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "0100000000000000000000000000000000000000000000000000000000000080",
  "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
  "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
];

describe("X25519 known answers (RFC 7748 §5.2)", () => {
  it("multiplies test vector 1", () => {
    expect(toHex(x25519(hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
      hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))))
      .toBe("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  });

  it("multiplies test vector 2, whose u has the top bit set", () => {
    expect(toHex(x25519(hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
      hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))))
      .toBe("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
  });

  it("iterates k, u = x25519(k, u), k from k = u = 9: 1 and 1,000 rounds", () => {
    let k = new Uint8Array(X25519_BYTES);
    k[0] = 9;
    let u = k;
    for (let i = 1; i <= 1000; i++) {
      const next = x25519(k, u)!;
      u = k;
      k = next;
      if (i == 1) expect(toHex(k)).toBe("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }
    expect(toHex(k)).toBe("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
  });
});

describe("X25519 Diffie-Hellman (RFC 7748 §6.1)", () => {
  it("derives both public keys from the private scalars", () => {
    expect(toHex(x25519PublicKey(hex(ALICE_PRIVATE)))).toBe(ALICE_PUBLIC);
    expect(toHex(x25519PublicKey(hex(BOB_PRIVATE)))).toBe(BOB_PUBLIC);
  });

  it("gives both sides the same shared secret", () => {
    expect(toHex(x25519(hex(ALICE_PRIVATE), hex(BOB_PUBLIC)))).toBe(SHARED);
    expect(toHex(x25519(hex(BOB_PRIVATE), hex(ALICE_PUBLIC)))).toBe(SHARED);
  });

  it("agrees with x25519 of the base point 9", () => {
    const nine = new Uint8Array(X25519_BYTES);
    nine[0] = 9;
    expect(toHex(x25519(hex(ALICE_PRIVATE), nine))).toBe(ALICE_PUBLIC);
  });
});

describe("X25519 decoding (RFC 7748 §5)", () => {
  it("clamps the scalar: the three low bits and bit 255 are cleared, bit 254 set", () => {
    const k = hex(ALICE_PRIVATE);
    const same = hex(ALICE_PRIVATE);
    same[0] ^= 7;
    same[31] ^= 0xc0;
    expect(toHex(x25519(same, hex(BOB_PUBLIC)))).toBe(toHex(x25519(k, hex(BOB_PUBLIC))));
  });

  it("ignores the top bit of u", () => {
    const u = hex(BOB_PUBLIC);
    u[31] |= 0x80;
    expect(toHex(x25519(hex(ALICE_PRIVATE), u))).toBe(SHARED);
  });

  it("takes a u at or above p mod p: p + 9 gives the public key", () => {
    // p + 9 = 2^255 - 10, little-endian f6 ff .. ff 7f.
    const u = fill(0xff, X25519_BYTES);
    u[0] = 0xf6;
    u[31] = 0x7f;
    expect(toHex(x25519(hex(ALICE_PRIVATE), u))).toBe(ALICE_PUBLIC);
  });

  it("leaves the caller's scalar and u unchanged", () => {
    const k = hex(ALICE_PRIVATE), u = hex(BOB_PUBLIC);
    u[31] |= 0x80;
    x25519(k, u);
    x25519PublicKey(k);
    expect(toHex(k)).toBe(ALICE_PRIVATE);
    expect(u[31]).toBe(0xcf);
  });
});

describe("X25519 refusals", () => {
  it("refuses every low-order point: the shared secret would be all zeros (RFC 7748 §6.1, RFC 8446 §7.4.2)", () => {
    for (let i = 0; i < LOW_ORDER.length; i++) {
      expect(x25519(hex(ALICE_PRIVATE), hex(LOW_ORDER[i]))).toBeNull(LOW_ORDER[i]);
      expect(x25519(hex(BOB_PRIVATE), hex(LOW_ORDER[i]))).toBeNull(LOW_ORDER[i]);
    }
  });

  it("refuses a scalar or u that is not 32 bytes", () => {
    const k = hex(ALICE_PRIVATE), u = hex(BOB_PUBLIC);
    expect(x25519(k.subarray(1), u)).toBeNull();
    expect(x25519(k, u.subarray(0, 31))).toBeNull();
    expect(x25519(new Uint8Array(33), u)).toBeNull();
    expect(x25519(k, new Uint8Array(0))).toBeNull();
    expect(x25519PublicKey(new Uint8Array(31))).toBeNull();
    expect(x25519PublicKey(new Uint8Array(0))).toBeNull();
  });
});
