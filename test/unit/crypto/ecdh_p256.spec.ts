// P-256 ECDH (ecdh_p256.ts): RFC 5903 §8.1 and NIST CAVS ECC CDH (KAS ECC CDH primitive, P-256 COUNT 0) known
// answers, public keys of edge scalars (1, 2, 3, 15, 16, 17: first and last table entries, and the first scalars
// with two windows; n - 1 and n - 2: the top of the range), the scalar range of create, and every kind of peer key
// that shared refuses. Edge-scalar public keys were computed with node:crypto's createECDH("prime256v1").
import { P256Ecdh, P256_POINT_BYTES } from "../../../assembly/crypto/ecdh_p256";
import { concat, fill, hex, toHex } from "./helpers";

const P = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
const N = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const G = "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
  + "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";

// RFC 5903 §8.1: the initiator's i and g^i, the responder's r and g^r, and g^ir's x.
const RFC5903_I = "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433";
const RFC5903_GI = "04dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
  + "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3";
const RFC5903_R = "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53";
const RFC5903_GR = "04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
  + "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab";
const RFC5903_GIR = "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";

class Multiple {
  constructor(public name: string, public scalar: string, public point: string) {}
}

const MULTIPLES: Multiple[] = [
  new Multiple("1", scalarHex("01"), G),
  new Multiple("2", scalarHex("02"), "047cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978"
    + "07775510db8ed040293d9ac69f7430dbba7dade63ce982299e04b79d227873d1"),
  new Multiple("3", scalarHex("03"), "045ecbe4d1a6330a44c8f7ef951d4bf165e6c6b721efada985fb41661bc6e7fd6c"
    + "8734640c4998ff7e374b06ce1a64a2ecd82ab036384fb83d9a79b127a27d5032"),
  new Multiple("15", scalarHex("0f"), "04f0454dc6971abae7adfb378999888265ae03af92de3a0ef163668c63e59b9d5f"
    + "b5b93ee3592e2d1f4e6594e51f9643e62a3b21ce75b5fa3f47e59cde0d034f36"),
  new Multiple("16", scalarHex("10"), "0476a94d138a6b41858b821c629836315fcd28392eff6ca038a5eb4787e1277c6e"
    + "a985fe61341f260e6cb0a1b5e11e87208599a0040fc78baa0e9ddd724b8c5110"),
  new Multiple("17", scalarHex("11"), "0447776904c0f1cc3a9c0984b66f75301a5fa68678f0d64af8ba1abce34738a73e"
    + "aa005ee6b5b957286231856577648e8381b2804428d5733f32f787ff71f1fcdc"),
  new Multiple("n - 1", "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550",
    "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
      + "b01cbd1c01e58065711814b583f061e9d431cca994cea1313449bf97c840ae0a"),
  new Multiple("n - 2", "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc63254f",
    "047cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978"
      + "f888aaee24712fc0d6c26539608bcf244582521ac3167dd661fb4862dd878c2e"),
];

describe("P-256 ECDH known answers", () => {
  it("derives both public keys of RFC 5903 §8.1 and the same shared secret on each side", () => {
    const i = P256Ecdh.create(hex(RFC5903_I))!;
    const r = P256Ecdh.create(hex(RFC5903_R))!;
    expect(toHex(i.publicKey)).toBe(RFC5903_GI);
    expect(toHex(r.publicKey)).toBe(RFC5903_GR);
    expect(toHex(i.shared(hex(RFC5903_GR)))).toBe(RFC5903_GIR);
    expect(toHex(r.shared(hex(RFC5903_GI)))).toBe(RFC5903_GIR);
  });

  it("matches NIST CAVS ECC CDH P-256 COUNT 0: QIUT from dIUT, ZIUT from QCAVS", () => {
    const iut = P256Ecdh.create(hex("7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534"))!;
    expect(toHex(iut.publicKey)).toBe("04ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230"
      + "28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141");
    const cavs = hex("04700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287"
      + "db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac");
    expect(toHex(iut.shared(cavs))).toBe("46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b");
  });

  it("computes d * G for edge scalars: 1, 2, 3, 15 (one window), 16, 17 (two windows), n - 1, n - 2", () => {
    for (let k = 0; k < MULTIPLES.length; k++) {
      const m = MULTIPLES[k];
      const pair = P256Ecdh.create(hex(m.scalar));
      expect(pair).not.toBeNull(m.name);
      expect(toHex(pair!.publicKey)).toBe(m.point, m.name);
    }
  });

  it("gives d * peer's x: 1 * Q and (n - 1) * Q = -Q share Q's x", () => {
    const q = hex(RFC5903_GR);
    expect(toHex(P256Ecdh.create(hex(scalarHex("01")))!.shared(q))).toBe(RFC5903_GR.substring(2, 66));
    expect(toHex(P256Ecdh.create(hex(MULTIPLES[6].scalar))!.shared(q))).toBe(RFC5903_GR.substring(2, 66));
  });

  it("agrees with itself: d * (d * G) from two pairs with the same scalar", () => {
    const a = P256Ecdh.create(hex(RFC5903_I))!;
    const b = P256Ecdh.create(hex(RFC5903_I))!;
    expect(toHex(a.shared(b.publicKey))).toBe(toHex(b.shared(a.publicKey)));
  });
});

describe("P-256 ECDH scalar range (SEC 1 §3.2.1: d in [1, n - 1])", () => {
  it("refuses 0, n, n + 1 and 2^256 - 1", () => {
    expect(P256Ecdh.create(new Uint8Array(32))).toBeNull();
    expect(P256Ecdh.create(hex(N))).toBeNull();
    expect(P256Ecdh.create(hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632552"))).toBeNull();
    expect(P256Ecdh.create(fill(0xff, 32))).toBeNull();
  });

  it("refuses random bytes that are not 32 long", () => {
    expect(P256Ecdh.create(hex(RFC5903_I).subarray(1))).toBeNull();
    expect(P256Ecdh.create(concat(hex(RFC5903_I), fill(1, 1)))).toBeNull();
    expect(P256Ecdh.create(new Uint8Array(0))).toBeNull();
  });

  it("leaves the caller's random bytes unchanged", () => {
    const random = hex(RFC5903_I);
    P256Ecdh.create(random);
    expect(toHex(random)).toBe(RFC5903_I);
  });
});

// The initiator's pair of RFC 5903 §8.1, for the refusals (a global: as-pect callbacks cannot close over locals).
const INITIATOR = P256Ecdh.create(hex(RFC5903_I))!;

describe("P-256 ECDH peer validation (RFC 8446 §4.2.8.2)", () => {
  it("refuses the one-byte point at infinity and an all-zero point", () => {
    expect(INITIATOR.shared(fill(0, 1))).toBeNull();
    const zero = new Uint8Array(P256_POINT_BYTES);
    expect(INITIATOR.shared(zero)).toBeNull();
    zero[0] = 4;
    expect(INITIATOR.shared(zero)).toBeNull();
  });

  it("refuses compressed points and other prefixes", () => {
    const gr = hex(RFC5903_GR);
    expect(INITIATOR.shared(hex("03" + RFC5903_GR.substring(2, 66)))).toBeNull();
    expect(INITIATOR.shared(hex("02" + RFC5903_GR.substring(2, 66)))).toBeNull();
    for (let prefix = 0; prefix < 256; prefix++) {
      if (prefix == 4) continue;
      gr[0] = <u8>prefix;
      expect(INITIATOR.shared(gr)).toBeNull();
    }
  });

  it("refuses wrong lengths: 64, 66 and 0 bytes", () => {
    const gr = hex(RFC5903_GR);
    expect(INITIATOR.shared(gr.subarray(0, 64))).toBeNull();
    expect(INITIATOR.shared(concat(gr, fill(0, 1)))).toBeNull();
    expect(INITIATOR.shared(new Uint8Array(0))).toBeNull();
  });

  it("refuses coordinates at or above p: x = p, y = p, both 2^256 - 1", () => {
    const y = RFC5903_GR.substring(66);
    const x = RFC5903_GR.substring(2, 66);
    expect(INITIATOR.shared(hex("04" + P + y))).toBeNull();
    expect(INITIATOR.shared(hex("04" + x + P))).toBeNull();
    expect(INITIATOR.shared(hex("04" + "ff".repeat(64)))).toBeNull();
  });

  it("refuses points off the curve: every single-bit change of y", () => {
    const gr = hex(RFC5903_GR);
    for (let bit = 0; bit < 256; bit++) {
      const changed = hex(RFC5903_GR);
      changed[33 + (bit >> 3)] ^= <u8>(1 << <u8>(bit & 7));
      expect(INITIATOR.shared(changed)).toBeNull();
    }
    expect(toHex(INITIATOR.shared(gr))).toBe(RFC5903_GIR);
  });
});

// scalarHex pads a short big-endian hex number to 32 bytes.
function scalarHex(h: string): string {
  return "0".repeat(64 - h.length) + h;
}
