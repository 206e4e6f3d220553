// ChaCha20: RFC 8439 §2.3.2 (block function) and §2.4.2 (encryption) known answers; the four-block SIMD path
// against itself at every length; and the length and counter checks that answer null.
import { chacha20, chacha20Block } from "../../../assembly/crypto/chacha20";
import { hex, pattern, seq, text, toHex } from "./helpers";

const SUNSCREEN = "Ladies and Gentlemen of the class of '99: If I could offer you o"
  + "nly one tip for the future, sunscreen would be it.";

describe("chacha20 known answers (RFC 8439)", () => {
  it("computes the §2.3.2 block (counter 1)", () => {
    expect(toHex(chacha20Block(seq(0, 31), 1, hex("000000090000004a00000000")))).toBe(
      "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
        + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
  });

  it("encrypts the §2.4.2 plaintext from counter 1, and decrypts it back", () => {
    const key = seq(0, 31), nonce = hex("000000000000004a00000000");
    const want = "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
      + "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
      + "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
      + "5af90bbf74a35be6b40b8eedf2785e42874d";
    const ct = chacha20(key, nonce, 1, text(SUNSCREEN));
    expect(toHex(ct)).toBe(want);
    expect(toHex(chacha20(key, nonce, 1, ct!))).toBe(toHex(text(SUNSCREEN)));
  });
});

describe("chacha20 keystream", () => {
  it("is the same stream at every length from 0 to 600 (four-block groups and tails agree)", () => {
    const key = pattern(32), nonce = pattern(12);
    const longest = chacha20(key, nonce, 7, new Uint8Array(600))!;
    for (let n = 0; n <= 600; n++) {
      const got = chacha20(key, nonce, 7, new Uint8Array(n));
      expect(toHex(got)).toBe(toHex(longest.subarray(0, n)), "length " + n.toString());
    }
  });

  it("continues block by block: stream from counter c+1 is the stream from c without its first 64 bytes", () => {
    const key = pattern(32), nonce = pattern(12);
    const from7 = chacha20(key, nonce, 7, new Uint8Array(640))!;
    const from8 = chacha20(key, nonce, 8, new Uint8Array(576))!;
    expect(toHex(from8)).toBe(toHex(from7.subarray(64)));
    expect(toHex(chacha20Block(key, 9, nonce))).toBe(toHex(from7.subarray(128, 192)));
  });

  it("XORs data of any offset view, leaving the input unchanged", () => {
    const key = pattern(32), nonce = pattern(12);
    const data = pattern(300);
    const view = data.subarray(3, 290);
    const before = toHex(view);
    const ct = chacha20(key, nonce, 0, view)!;
    expect(toHex(view)).toBe(before);
    expect(toHex(chacha20(key, nonce, 0, ct))).toBe(before);
  });
});

describe("chacha20 argument checks", () => {
  it("returns null for a key that is not 32 bytes or a nonce that is not 12", () => {
    expect(chacha20(pattern(31), pattern(12), 0, pattern(5))).toBeNull();
    expect(chacha20(pattern(33), pattern(12), 0, pattern(5))).toBeNull();
    expect(chacha20(pattern(32), pattern(8), 0, pattern(5))).toBeNull();
    expect(chacha20Block(pattern(32), 0, pattern(16))).toBeNull();
    expect(chacha20Block(new Uint8Array(0), 0, pattern(12))).toBeNull();
  });

  it("returns null when the 32-bit block counter would wrap, and allows the last block", () => {
    const key = pattern(32), nonce = pattern(12);
    expect(chacha20(key, nonce, u32.MAX_VALUE, new Uint8Array(64))).not.toBeNull();
    expect(chacha20(key, nonce, u32.MAX_VALUE, new Uint8Array(65))).toBeNull();
    expect(chacha20(key, nonce, u32.MAX_VALUE - 1, new Uint8Array(128))).not.toBeNull();
    expect(chacha20(key, nonce, u32.MAX_VALUE, new Uint8Array(0))).not.toBeNull();
    expect(toHex(chacha20(key, nonce, u32.MAX_VALUE, new Uint8Array(64))))
      .toBe(toHex(chacha20Block(key, u32.MAX_VALUE, nonce)));
  });
});
