// AES-128 and AES-256 block encryption: FIPS-197 Appendix B and C known answers, every S-box input through the
// first round, the eight blocks of a batch kept apart, and the key lengths that create refuses.
import { Aes, AES_BATCH_BYTES } from "../../../assembly/crypto/aes";
import { hex, pattern, seq, toHex } from "./helpers";

// All 256 byte values as 16 blocks, encrypted under the all-zero key (ECB, computed with OpenSSL through
// node:crypto). With a zero first round key, round 1's SubBytes sees every byte value once.
const ZERO_KEY_128 = "7aca0fd9bcd6ec7c9f97466616e6a282358d5b59adb65d04107676586f4734467ae4a1a54763eabcc73c42aeca94ed81"
  + "e7204fc0cf7ef9b13a44d549aaac25bf21d814c9d8e9c2c027fdb81697e96c3a202c11692e65c99bcb7ba90b1b61524a"
  + "6bf179c54006c2b2d424c84afbc856bbdd7bd3c30b9d03ad43c21e6f290402ba151a9fb0b6acc5976afb5031d1dec841"
  + "78f9e03fb1ee4b89fb835d175920ce6511d4d0fb8b52063651ac08f1a593e3fab273634fe034b00345acb9673d758389"
  + "442fb7268b5f94c8c3f956fee5d24d80982cb02fbb7146f650597b8a666f3c5ea03f1eba81e0324bba32bd7cd7a7d9aa"
  + "e1b6293ea19c4eff3d92e23b62c24226";
const ZERO_KEY_256 = "b65d30030c88b44c975a343f93fb3c0961006666010c43379ede85048213921fab987da5c8880ac61ce7d1069041bb96"
  + "c53684da13c67ee7b7cb68795eecace87695c5abe906dbbb744ca0826e601dffc9634706ffe044b671e4a5254da22ebb"
  + "4484f15086be0881abf4339e593563e24a0d5ff8f317f1431d8d6b160e6b7e2583769a1f948672b53fbec891e2944550"
  + "718d3b8da34177d68723e8f7b79f9b75b83eb6b287c1ab54aa236e80e9bf36a85c330bdeee24dd54fda0f5ebd9f4f4d8"
  + "0f8132f23570279debb7618f567288465f938110d216e80b01c8df2b23930d0d213c5eacb8c2c28aab973875a00af4b2"
  + "ec7789725ea154175da09e02415b9f97";

describe("AES known answers (FIPS-197)", () => {
  it("encrypts the Appendix B example with its AES-128 key", () => {
    const aes = Aes.create(hex("2b7e151628aed2a6abf7158809cf4f3c"))!;
    expect(toHex(encryptBlock(aes, hex("3243f6a8885a308d313198a2e0370734")))).toBe("3925841d02dc09fbdc118597196a0b32");
  });

  it("encrypts the Appendix C.1 example (AES-128)", () => {
    const aes = Aes.create(seq(0, 15))!;
    expect(toHex(encryptBlock(aes, hex("00112233445566778899aabbccddeeff")))).toBe("69c4e0d86a7b0430d8cdb78070b4c55a");
  });

  it("encrypts the Appendix C.3 example (AES-256)", () => {
    const aes = Aes.create(seq(0, 31))!;
    expect(toHex(encryptBlock(aes, hex("00112233445566778899aabbccddeeff")))).toBe("8ea2b7ca516745bfeafc49904b496089");
  });
});

describe("AES bitsliced batches", () => {
  it("passes every byte value through the S-box and matches OpenSSL, for both key sizes", () => {
    expect(toHex(encryptAll(Aes.create(new Uint8Array(16))!, seq(0, 255)))).toBe(ZERO_KEY_128);
    expect(toHex(encryptAll(Aes.create(new Uint8Array(32))!, seq(0, 255)))).toBe(ZERO_KEY_256);
  });

  it("encrypts each of the eight blocks of a batch as it would alone, in place or not", () => {
    const aes = Aes.create(pattern(32))!;
    const blocks = pattern(AES_BATCH_BYTES);
    const out = new Uint8Array(AES_BATCH_BYTES);
    aes.encrypt8At(blocks.dataStart, out.dataStart);
    for (let k = 0; k < 8; k++) {
      const alone = encryptBlock(aes, blocks.subarray(16 * k, 16 * k + 16));
      expect(toHex(out.subarray(16 * k, 16 * k + 16))).toBe(toHex(alone));
    }
    aes.encrypt8At(blocks.dataStart, blocks.dataStart);
    expect(toHex(blocks)).toBe(toHex(out));
  });

  it("gives different keys different ciphertexts, and one key the same every time", () => {
    const key = pattern(16);
    const a = encryptBlock(Aes.create(key)!, pattern(16));
    key[15] ^= 1;
    const b = encryptBlock(Aes.create(key)!, pattern(16));
    expect(toHex(a)).not.toBe(toHex(b));
    key[15] ^= 1;
    expect(toHex(encryptBlock(Aes.create(key)!, pattern(16)))).toBe(toHex(a));
  });
});

describe("AES refusals", () => {
  it("returns null from create for keys that are not 16 or 32 bytes (AES-192 included)", () => {
    const lengths: i32[] = [0, 1, 15, 17, 24, 31, 33, 64];
    for (let i = 0; i < lengths.length; i++) expect(Aes.create(pattern(lengths[i]))).toBeNull();
  });

});

// encryptBlock encrypts one 16-byte block with encryptBlockAt.
function encryptBlock(aes: Aes, block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  aes.encryptBlockAt(block.dataStart, out.dataStart);
  return out;
}

// encryptAll encrypts data (a multiple of 128 bytes) batch by batch, as ECB.
function encryptAll(aes: Aes, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += AES_BATCH_BYTES) {
    aes.encrypt8At(data.dataStart + <usize>i, out.dataStart + <usize>i);
  }
  return out;
}
