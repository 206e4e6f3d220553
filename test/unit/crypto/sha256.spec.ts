// SHA-256: FIPS 180-4 known answers (NIST CSRC example values), and the streaming API against the one-shot one.
import { Sha256, sha256, SHA256_BYTES } from "../../../assembly/crypto/sha256";
import { fill, pattern, text, toHex } from "./helpers";

const M448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const M896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
  + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

describe("sha256 known answers (FIPS 180-4 examples)", () => {
  it("hashes the empty message", () => {
    expect(toHex(sha256(new Uint8Array(0)))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("hashes \"abc\" (one block)", () => {
    expect(toHex(sha256(text("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes the 448-bit message, whose padding needs a second block", () => {
    expect(toHex(sha256(text(M448)))).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  });

  it("hashes the 896-bit message", () => {
    expect(toHex(sha256(text(M896)))).toBe("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  });

  it("hashes one million 'a', one-shot and fed in 1000-byte pieces", () => {
    const want = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    expect(toHex(sha256(fill(0x61, 1000000)))).toBe(want);
    const h = new Sha256();
    const piece = fill(0x61, 1000);
    for (let i = 0; i < 1000; i++) h.update(piece);
    expect(toHex(h.digest())).toBe(want);
  });
});

describe("Sha256 streaming", () => {
  it("gives the one-shot digest for every split of a message that spans three blocks", () => {
    const msg = pattern(150);
    const want = toHex(sha256(msg));
    for (let cut = 0; cut <= msg.length; cut++) {
      const h = new Sha256().update(msg.subarray(0, cut)).update(msg.subarray(cut));
      expect(toHex(h.digest())).toBe(want, "split at " + cut.toString());
    }
  });

  it("gives the one-shot digest at every length around the padding boundaries", () => {
    const msg = pattern(200);
    for (let n = 0; n <= 200; n++) {
      const h = new Sha256();
      for (let i = 0; i < n; i++) h.update(msg.subarray(i, i + 1));
      expect(toHex(h.digest())).toBe(toHex(sha256(msg.subarray(0, n))), "length " + n.toString());
    }
  });

  it("resets after digest, so one object hashes message after message", () => {
    const h = new Sha256();
    h.update(text("first message"));
    h.digest();
    expect(toHex(h.update(text("abc")).digest())).toBe(toHex(sha256(text("abc"))));
  });

  it("continues from a copied state (copyFrom)", () => {
    const prefix = new Sha256().update(pattern(100));
    const copy = new Sha256().copyFrom(prefix);
    const whole = new Uint8Array(130);
    whole.set(pattern(100));
    whole.set(text("and thirty more bytes, exactly"), 100);
    expect(toHex(copy.update(whole.subarray(100)).digest())).toBe(toHex(sha256(whole)));
  });

  it("writes SHA256_BYTES bytes and ignores an empty update", () => {
    expect(sha256(pattern(3)).length).toBe(SHA256_BYTES);
    expect(toHex(new Sha256().update(new Uint8Array(0)).update(text("abc")).digest())).toBe(toHex(sha256(text("abc"))));
  });
});
