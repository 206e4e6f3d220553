// constantTimeEqual: equality of byte strings whose timing depends only on their lengths.
import { constantTimeEqual } from "../../../assembly/crypto/ct";
import { hex, pattern } from "./helpers";

describe("constantTimeEqual", () => {
  it("is true for equal bytes, including two empty arrays", () => {
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
    expect(constantTimeEqual(pattern(100), pattern(100))).toBe(true);
  });

  it("is false when any single byte differs, at every position and both sides of the 8-byte stride", () => {
    for (let n = 1; n <= 20; n++) {
      for (let i = 0; i < n; i++) {
        const b = pattern(n);
        b[i] ^= 0x80;
        expect(constantTimeEqual(pattern(n), b)).toBe(false, "length " + n.toString() + " byte " + i.toString());
      }
    }
  });

  it("is false for different lengths, even when one is a prefix of the other", () => {
    expect(constantTimeEqual(hex("0102"), hex("010203"))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), hex("00"))).toBe(false);
  });

  it("compares views by their own bytes, not their backing buffers", () => {
    const a = pattern(64);
    expect(constantTimeEqual(a.subarray(8, 24), pattern(64).subarray(8, 24))).toBe(true);
    expect(constantTimeEqual(a.subarray(8, 24), a.subarray(9, 25))).toBe(false);
  });
});
