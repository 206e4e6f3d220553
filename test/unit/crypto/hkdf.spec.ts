// HKDF-SHA-256: RFC 5869 test cases 1-3 (the SHA-256 ones), and the length limits answered with null.
import { HKDF_SHA256_MAX_BYTES, hkdfSha256, hkdfSha256Expand, hkdfSha256Extract } from "../../../assembly/crypto/hkdf";
import { fill, seq, toHex } from "./helpers";

describe("HKDF-SHA-256 known answers (RFC 5869 Appendix A)", () => {
  it("derives test case 1: 13-byte salt, 10-byte info, 42 bytes", () => {
    const prk = hkdfSha256Extract(seq(0x00, 0x0c), fill(0x0b, 22));
    expect(toHex(prk)).toBe("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    expect(toHex(hkdfSha256Expand(prk, seq(0xf0, 0xf9), 42)))
      .toBe("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  });

  it("derives test case 2: 80-byte salt, ikm and info, 82 bytes", () => {
    const prk = hkdfSha256Extract(seq(0x60, 0xaf), seq(0x00, 0x4f));
    expect(toHex(prk)).toBe("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244");
    expect(toHex(hkdfSha256(seq(0x60, 0xaf), seq(0x00, 0x4f), seq(0xb0, 0xff), 82))).toBe(
      "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
        + "cc30c58179ec3e87c14c01d5c1f3434f1d87");
  });

  it("derives test case 3: empty salt (HashLen zeros) and empty info", () => {
    const prk = hkdfSha256Extract(new Uint8Array(0), fill(0x0b, 22));
    expect(toHex(prk)).toBe("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
    expect(toHex(hkdfSha256(new Uint8Array(0), fill(0x0b, 22), new Uint8Array(0), 42)))
      .toBe("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  });
});

describe("HKDF-SHA-256 limits (RFC 5869 §2.3)", () => {
  it("gives every output length up to 255*HashLen, each a prefix of the longest", () => {
    const prk = hkdfSha256Extract(seq(0, 12), fill(0x0b, 22));
    const longest = hkdfSha256Expand(prk, seq(0xf0, 0xf9), HKDF_SHA256_MAX_BYTES)!;
    expect(longest.length).toBe(8160);
    for (let n = 0; n <= 100; n++) {
      expect(toHex(hkdfSha256Expand(prk, seq(0xf0, 0xf9), n))).toBe(toHex(longest.subarray(0, n)));
    }
  });

  it("returns null above 255*HashLen and for a negative length", () => {
    const prk = fill(1, 32);
    expect(hkdfSha256Expand(prk, new Uint8Array(0), HKDF_SHA256_MAX_BYTES + 1)).toBeNull();
    expect(hkdfSha256Expand(prk, new Uint8Array(0), -1)).toBeNull();
    expect(hkdfSha256(new Uint8Array(0), prk, new Uint8Array(0), i32.MAX_VALUE)).toBeNull();
  });

  it("returns null for a PRK shorter than HashLen", () => {
    expect(hkdfSha256Expand(fill(1, 31), new Uint8Array(0), 32)).toBeNull();
    expect(hkdfSha256Expand(fill(1, 32), new Uint8Array(0), 32)).not.toBeNull();
  });
});
