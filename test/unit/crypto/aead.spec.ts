// ChaCha20-Poly1305 AEAD: RFC 8439 §2.8.2 (seal) and Appendix A.5 (open) known answers, and every way open must
// refuse: altered ciphertext, tag, aad, nonce or key, short input, wrong lengths, all answered with null.
import { AEAD_TAG_BYTES, open, seal } from "../../../assembly/crypto/aead";
import { concat, hex, pattern, seq, text, toHex } from "./helpers";

const SUNSCREEN = "Ladies and Gentlemen of the class of '99: If I could offer you o"
  + "nly one tip for the future, sunscreen would be it.";
const A5_KEY = "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0";
const A5_CT = "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2"
  + "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf"
  + "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855"
  + "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4"
  + "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e"
  + "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a"
  + "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
  + "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29"
  + "a6ad5cb4022b02709b";
const A5_TAG = "eead9d67890cbb22392336fea1851f38";
const A5_PLAIN = "Internet-Drafts are draft documents valid for a maximum of six m"
  + "onths and may be updated, replaced, or obsoleted by other docume"
  + "nts at any time. It is inappropriate to use Internet-Drafts as r"
  + "eference material or to cite them other than as /\u201cwork in p"
  + "rogress./\u201d";

describe("AEAD_CHACHA20_POLY1305 known answers (RFC 8439)", () => {
  it("seals the §2.8.2 example into its ciphertext and tag", () => {
    const nonce = hex("070000004041424344454647"), aad = hex("50515253c0c1c2c3c4c5c6c7");
    const sealed = seal(seq(0x80, 0x9f), nonce, text(SUNSCREEN), aad);
    expect(toHex(sealed)).toBe(
      "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
        + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
        + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
        + "3ff4def08e4b7a9de576d26586cec64b6116"
      + "1ae10b594f09e26a7e902ecbd0600691");
  });

  it("opens the Appendix A.5 message", () => {
    const nonce = hex("000000000102030405060708"), aad = hex("f33388860000000000004e91");
    const plain = open(hex(A5_KEY), nonce, hex(A5_CT + A5_TAG), aad);
    expect(toHex(plain)).toBe(toHex(text(A5_PLAIN)));
  });
});

describe("AEAD open refuses anything not sealed as given", () => {
  it("opens what seal produced, for empty and non-empty plaintext and aad", () => {
    const key = pattern(32), nonce = pattern(12);
    const lengths: i32[] = [0, 1, 15, 16, 17, 63, 64, 65, 255, 256, 257, 1000];
    for (let i = 0; i < lengths.length; i++) {
      const pt = pattern(lengths[i]), aad = pattern(lengths[(i + 3) % lengths.length]);
      const sealed = seal(key, nonce, pt, aad)!;
      expect(sealed.length).toBe(pt.length + AEAD_TAG_BYTES);
      expect(toHex(open(key, nonce, sealed, aad))).toBe(toHex(pt));
    }
  });

  it("returns null when any single bit of the A.5 ciphertext, tag or aad is flipped", () => {
    const key = hex(A5_KEY), nonce = hex("000000000102030405060708"), aad = hex("f33388860000000000004e91");
    const sealed = hex(A5_CT + A5_TAG);
    for (let i = 0; i < sealed.length; i += 7) {
      sealed[i] ^= bit(i);
      expect(open(key, nonce, sealed, aad)).toBeNull();
      sealed[i] ^= bit(i);
    }
    for (let i = 0; i < aad.length * 8; i++) {
      aad[i >> 3] ^= bit(i);
      expect(open(key, nonce, sealed, aad)).toBeNull();
      aad[i >> 3] ^= bit(i);
    }
    expect(open(key, nonce, sealed, aad)).not.toBeNull();
  });

  it("returns null under another key or nonce, or with the aad moved into the ciphertext", () => {
    const key = pattern(32), nonce = pattern(12), pt = text("session payload"), aad = text("cookie:v1");
    const sealed = seal(key, nonce, pt, aad)!;
    const otherKey = pattern(32);
    otherKey[31] ^= 1;
    const otherNonce = pattern(12);
    otherNonce[0] ^= 0x80;
    expect(open(otherKey, nonce, sealed, aad)).toBeNull();
    expect(open(key, otherNonce, sealed, aad)).toBeNull();
    expect(open(key, nonce, sealed, new Uint8Array(0))).toBeNull();
    expect(open(key, nonce, concat(aad, sealed), new Uint8Array(0))).toBeNull();
  });

  it("returns null for input shorter than a tag, and for a truncated or extended message", () => {
    const key = pattern(32), nonce = pattern(12);
    const sealed = seal(key, nonce, pattern(40), new Uint8Array(0))!;
    for (let n = 0; n < AEAD_TAG_BYTES; n++) expect(open(key, nonce, pattern(n), new Uint8Array(0))).toBeNull();
    expect(open(key, nonce, sealed.subarray(0, sealed.length - 1), new Uint8Array(0))).toBeNull();
    expect(open(key, nonce, concat(sealed, new Uint8Array(1)), new Uint8Array(0))).toBeNull();
  });

  it("opens a bare tag as the empty plaintext", () => {
    const key = pattern(32), nonce = pattern(12);
    const sealed = seal(key, nonce, new Uint8Array(0), text("aad"))!;
    expect(sealed.length).toBe(16);
    const plain = open(key, nonce, sealed, text("aad"));
    expect(plain).not.toBeNull();
    expect(plain!.length).toBe(0);
  });

  it("returns null from seal and open for a key that is not 32 bytes or a nonce that is not 12", () => {
    const pt = pattern(10), empty = new Uint8Array(0);
    expect(seal(pattern(16), pattern(12), pt, empty)).toBeNull();
    expect(seal(pattern(32), pattern(24), pt, empty)).toBeNull();
    expect(seal(empty, empty, pt, empty)).toBeNull();
    expect(open(pattern(31), pattern(12), pattern(40), empty)).toBeNull();
    expect(open(pattern(32), pattern(8), pattern(40), empty)).toBeNull();
  });
});

function bit(i: i32): u8 {
  return <u8>(<i32>1 << (i & 7));
}
