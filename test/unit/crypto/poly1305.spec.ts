// Poly1305: RFC 8439 §2.5.2 and the Appendix A.3 vectors 5-11 that push the final reduction and carries to their
// edges; streaming in pieces; the key-length check.
import { Poly1305, poly1305 } from "../../../assembly/crypto/poly1305";
import { concat, fill, hex, pattern, text, toHex } from "./helpers";

// Sixteen bytes of 0x00 and of 0xff, in hex.
const ZEROS = "00000000000000000000000000000000";
const FF = "ffffffffffffffffffffffffffffffff";

function tag(keyHex: string, msgHex: string): string {
  return toHex(poly1305(hex(keyHex), hex(msgHex)));
}

describe("poly1305 known answers (RFC 8439)", () => {
  it("authenticates the §2.5.2 message", () => {
    const key = hex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
    expect(toHex(poly1305(key, text("Cryptographic Forum Research Group")))).toBe("a8061dc1305136c6c22b8baf0c0127a9");
  });

  it("reduces h >= p and wraps h + s past 2^128 (A.3 vectors 5 and 6)", () => {
    const r2 = "02" + ZEROS.slice(2);
    expect(tag(r2 + ZEROS, FF)).toBe("03" + ZEROS.slice(2));
    expect(tag(r2 + FF, r2)).toBe("03" + ZEROS.slice(2));
  });

  it("carries across limbs on multi-block messages (A.3 vectors 7 and 8)", () => {
    const key = "01" + ZEROS.slice(2) + ZEROS;
    expect(tag(key, FF + "f0ffffffffffffffffffffffffffffff" + "11" + ZEROS.slice(2))).toBe("05" + ZEROS.slice(2));
    expect(tag(key, FF + "fbfefefefefefefefefefefefefefefe" + "01010101010101010101010101010101")).toBe(ZEROS);
  });

  it("handles h = p - 1 and the 2^130 - 5 fold (A.3 vectors 9, 10 and 11)", () => {
    const r2 = "02" + ZEROS.slice(2);
    expect(tag(r2 + ZEROS, "fdffffffffffffffffffffffffffffff")).toBe("faffffffffffffffffffffffffffffff");
    const key = "01000000000000000400000000000000" + ZEROS;
    const m = "e33594d7505e43b90000000000000000" + "3394d7505e4379cd0100000000000000" + ZEROS;
    expect(tag(key, m + "01" + ZEROS.slice(2))).toBe("14000000000000005500000000000000");
    expect(tag(key, m)).toBe("13" + ZEROS.slice(2));
  });
});

describe("Poly1305 streaming and checks", () => {
  it("gives the one-shot tag for every split of a 70-byte message", () => {
    const key = pattern(32), msg = pattern(70);
    const want = toHex(poly1305(key, msg));
    for (let cut = 0; cut <= 70; cut++) {
      const out = new Uint8Array(16);
      new Poly1305().initAt(key.dataStart)
        .updateAt(msg.dataStart, cut).updateAt(msg.dataStart + <usize>cut, 70 - cut).finalAt(out.dataStart);
      expect(toHex(out)).toBe(want, "split at " + cut.toString());
    }
  });

  it("pads with pad16 exactly as if zero bytes had been fed", () => {
    const key = pattern(32), msg = pattern(21);
    const out = new Uint8Array(16);
    new Poly1305().initAt(key.dataStart).updateAt(msg.dataStart, 21).pad16().finalAt(out.dataStart);
    expect(toHex(out)).toBe(toHex(poly1305(key, concat(msg, new Uint8Array(11)))));
  });

  it("authenticates the empty message as s alone", () => {
    const key = concat(fill(0x55, 16), hex("0102030405060708090a0b0c0d0e0f10"));
    expect(toHex(poly1305(key, new Uint8Array(0)))).toBe("0102030405060708090a0b0c0d0e0f10");
  });

  it("returns null for a key that is not 32 bytes", () => {
    expect(poly1305(pattern(31), pattern(3))).toBeNull();
    expect(poly1305(pattern(33), pattern(3))).toBeNull();
  });
});
