// HKDF-SHA-256: RFC 5869 test cases 1-3 (the SHA-256 ones), and the length limits answered with null.
// HKDF-SHA-384: the same three inputs, whose answers RFC 5869 does not list, checked against node:crypto
// (createHmac("sha384", salt) for the PRK, hkdfSync("sha384", ikm, salt, info, length) for the OKM), and the same
// limits at SHA-384's HashLen of 48.
import {
  HKDF_SHA256_MAX_BYTES, HKDF_SHA384_MAX_BYTES, hkdfSha256, hkdfSha256Expand, hkdfSha256Extract, hkdfSha384Expand,
  hkdfSha384Extract,
} from "../../../assembly/crypto/hkdf";
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

describe("HKDF-SHA-384 known answers (RFC 5869 inputs, node:crypto hkdfSync outputs)", () => {
  it("derives from test case 1's inputs: 13-byte salt, 10-byte info, 42 bytes", () => {
    const prk = hkdfSha384Extract(seq(0x00, 0x0c), fill(0x0b, 22));
    expect(toHex(prk)).toBe("704b39990779ce1dc548052c7dc39f303570dd13fb39f7acc564680bef80e8de"
      + "c70ee9a7e1f3e293ef68eceb072a5ade");
    expect(toHex(hkdfSha384Expand(prk, seq(0xf0, 0xf9), 42)))
      .toBe("9b5097a86038b805309076a44b3a9f38063e25b516dcbf369f394cfab43685f748b6457763e4f0204fc5");
  });

  it("derives from test case 2's inputs: 80-byte salt, ikm and info, 82 bytes", () => {
    const prk = hkdfSha384Extract(seq(0x60, 0xaf), seq(0x00, 0x4f));
    expect(toHex(prk)).toBe("b319f6831dff9314efb643baa29263b30e4a8d779fe31e9c901efd7de737c85b"
      + "62e676d4dc87b0895c6a7dc97b52cebb");
    expect(toHex(hkdfSha384Expand(prk, seq(0xb0, 0xff), 82))).toBe(
      "484ca052b8cc724fd1c4ec64d57b4e818c7e25a8e0f4569ed72a6a05fe0649eebf69f8d5c832856bf4e4fbc17967d549"
        + "75324a94987f7f41835817d8994fdbd6f4c09c5500dca24a56222fea53d8967a8b2e");
  });

  it("derives from test case 3's inputs: empty salt (HashLen zeros) and empty info", () => {
    const prk = hkdfSha384Extract(new Uint8Array(0), fill(0x0b, 22));
    expect(toHex(prk)).toBe("10e40cf072a4c5626e43dd22c1cf727d4bb140975c9ad0cbc8e45b40068f8f0b"
      + "a57cdb598af9dfa6963a96899af047e5");
    expect(toHex(hkdfSha384Extract(fill(0, 48), fill(0x0b, 22)))).toBe(toHex(prk));
    expect(toHex(hkdfSha384Expand(prk, new Uint8Array(0), 42)))
      .toBe("c8c96e710f89b0d7990bca68bcdec8cf854062e54c73a7abc743fade9b242daacc1cea5670415b52849c");
  });

  it("chains blocks across three full blocks and a partial one (149 bytes)", () => {
    const prk = hkdfSha384Extract(seq(0x00, 0x0c), fill(0x0b, 22));
    expect(toHex(hkdfSha384Expand(prk, seq(0xf0, 0xf9), 149))).toBe(
      "9b5097a86038b805309076a44b3a9f38063e25b516dcbf369f394cfab43685f748b6457763e4f0204fc5d95d1da3e62587b2"
        + "2eb8943d0fab6bb631a2fe9df1a68c6ce5d56116a52005b3f122b88b39b7251fcd6c44d3ef25f20ed96802bf1b2c1d98bf"
        + "74a9acc64e0cd810767f725273e94061578dc4298c70a3925338932bfc263066313b43a40e23b76b0d29a59e552adbd325b6");
  });
});

describe("HKDF-SHA-384 limits (RFC 5869 §2.3)", () => {
  it("gives every output length up to 255*HashLen, each a prefix of the longest", () => {
    const prk = hkdfSha384Extract(seq(0, 12), fill(0x0b, 22));
    const longest = hkdfSha384Expand(prk, seq(0xf0, 0xf9), HKDF_SHA384_MAX_BYTES)!;
    expect(longest.length).toBe(12240);
    for (let n = 0; n <= 100; n++) {
      expect(toHex(hkdfSha384Expand(prk, seq(0xf0, 0xf9), n))).toBe(toHex(longest.subarray(0, n)));
    }
  });

  it("returns null above 255*HashLen and for a negative length", () => {
    const prk = fill(1, 48);
    expect(hkdfSha384Expand(prk, new Uint8Array(0), HKDF_SHA384_MAX_BYTES + 1)).toBeNull();
    expect(hkdfSha384Expand(prk, new Uint8Array(0), -1)).toBeNull();
    expect(hkdfSha384Expand(prk, new Uint8Array(0), i32.MAX_VALUE)).toBeNull();
  });

  it("returns null for a PRK shorter than HashLen, such as a SHA-256 PRK", () => {
    expect(hkdfSha384Expand(hkdfSha256Extract(new Uint8Array(0), fill(1, 32)), new Uint8Array(0), 32)).toBeNull();
    expect(hkdfSha384Expand(fill(1, 47), new Uint8Array(0), 32)).toBeNull();
    expect(hkdfSha384Expand(fill(1, 48), new Uint8Array(0), 32)).not.toBeNull();
  });
});
