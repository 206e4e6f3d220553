// SHA-512 and SHA-384: FIPS 180-4 known answers (NIST CSRC example values), and the streaming API against the
// one-shot one. SHA-384 shares SHA-512's block function, with its own initial value and a 48-byte output.
import { Sha384, sha384, SHA384_BYTES } from "../../../assembly/crypto/sha384";
import { Sha512, sha512, SHA512_BYTES } from "../../../assembly/crypto/sha512";
import { fill, pattern, text, toHex } from "./helpers";

const M448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const M896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
  + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

describe("sha512 known answers (FIPS 180-4 examples)", () => {
  it("hashes the empty message", () => {
    expect(toHex(sha512(new Uint8Array(0)))).toBe(
      "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
        + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
  });

  it("hashes \"abc\"", () => {
    expect(toHex(sha512(text("abc")))).toBe(
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  });

  it("hashes the 448-bit message", () => {
    expect(toHex(sha512(text(M448)))).toBe(
      "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
        + "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445");
  });

  it("hashes the 896-bit message, whose padding needs a second block", () => {
    expect(toHex(sha512(text(M896)))).toBe(
      "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
        + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  });

  it("hashes one million 'a'", () => {
    expect(toHex(sha512(fill(0x61, 1000000)))).toBe(
      "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
        + "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
  });
});

describe("sha384 known answers (FIPS 180-4 examples)", () => {
  it("hashes the empty message", () => {
    expect(toHex(sha384(new Uint8Array(0)))).toBe(
      "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b");
  });

  it("hashes \"abc\"", () => {
    expect(toHex(sha384(text("abc")))).toBe(
      "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  });

  it("hashes the 448-bit message", () => {
    expect(toHex(sha384(text(M448)))).toBe(
      "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b");
  });

  it("hashes the 896-bit message", () => {
    expect(toHex(sha384(text(M896)))).toBe(
      "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039");
  });

  it("hashes one million 'a'", () => {
    expect(toHex(sha384(fill(0x61, 1000000)))).toBe(
      "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985");
  });
});

describe("Sha512 and Sha384 streaming", () => {
  it("give the one-shot digest for every split of a message that spans three blocks", () => {
    const msg = pattern(300);
    const want512 = toHex(sha512(msg)), want384 = toHex(sha384(msg));
    for (let cut = 0; cut <= msg.length; cut += 3) {
      const a = new Sha512().update(msg.subarray(0, cut)).update(msg.subarray(cut));
      const b = new Sha384().update(msg.subarray(0, cut)).update(msg.subarray(cut));
      expect(toHex(a.digest())).toBe(want512, "split at " + cut.toString());
      expect(toHex(b.digest())).toBe(want384, "split at " + cut.toString());
    }
  });

  it("give the one-shot digest at every length around the padding boundaries (111, 112, 128)", () => {
    const msg = pattern(260);
    for (let n = 100; n <= 260; n++) {
      const h = new Sha512();
      for (let i = 0; i < n; i += 5) h.update(msg.subarray(i, min(i + 5, n)));
      expect(toHex(h.digest())).toBe(toHex(sha512(msg.subarray(0, n))), "length " + n.toString());
    }
  });

  it("reset after digest and continue from a copied state", () => {
    const h = new Sha384();
    h.update(text("first")).digest();
    expect(toHex(h.update(text("abc")).digest())).toBe(toHex(sha384(text("abc"))));
    const prefix = new Sha512().update(pattern(130));
    const copy = new Sha512().copyFrom(prefix);
    expect(toHex(copy.digest())).toBe(toHex(sha512(pattern(130))));
    expect(toHex(prefix.digest())).toBe(toHex(sha512(pattern(130))));
  });

  it("write 64 and 48 bytes", () => {
    expect(sha512(pattern(3)).length).toBe(SHA512_BYTES);
    expect(sha384(pattern(3)).length).toBe(SHA384_BYTES);
    expect(new Sha384().digestBytes()).toBe(48);
    expect(new Sha512().blockBytes()).toBe(128);
  });
});
