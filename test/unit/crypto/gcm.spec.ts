// AES-GCM: the test cases of McGrew and Viega's GCM specification with 96-bit IVs and 128- or 256-bit keys (1-4
// and 13-16; 5, 6, 17 and 18 use other IV lengths and 7-12 AES-192 keys, all refused here), the keystream at every
// length, and every way open must refuse: altered ciphertext, tag, aad, nonce or key, short input, wrong lengths.
import { AesGcm, AES_GCM_TAG_BYTES } from "../../../assembly/crypto/gcm";
import { concat, hex, pattern, toHex } from "./helpers";

const K3 = "feffe9928665731c6d6a8f9467308308";
const IV3 = "cafebabefacedbaddecaf888";
const P3 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
  + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
const P4 = P3.substring(0, 120); // 60 bytes
const A4 = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const C3 = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
  + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";
const C15 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
  + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";
const EMPTY = new Uint8Array(0);

describe("AES-GCM known answers (McGrew-Viega test cases)", () => {
  it("case 1: AES-128, zero key, empty plaintext and aad: the tag alone", () => {
    expectSealed(new Uint8Array(16), new Uint8Array(12), EMPTY, EMPTY, "58e2fccefa7e3061367f1d57a4e7455a");
  });

  it("case 2: AES-128, zero key, one zero block", () => {
    expectSealed(new Uint8Array(16), new Uint8Array(12), new Uint8Array(16), EMPTY,
      "0388dace60b6a392f328c2b971b2fe78" + "ab6e47d42cec13bdf53a67b21257bddf");
  });

  it("case 3: AES-128, four blocks, no aad", () => {
    expectSealed(hex(K3), hex(IV3), hex(P3), EMPTY, C3 + "4d5c2af327cd64a62cf35abd2ba6fab4");
  });

  it("case 4: AES-128, 60 bytes (a partial last block) with 20 bytes of aad", () => {
    expectSealed(hex(K3), hex(IV3), hex(P4), hex(A4), C3.substring(0, 120) + "5bc94fbc3221a5db94fae95ae7121a47");
  });

  it("case 13: AES-256, zero key, empty plaintext and aad", () => {
    expectSealed(new Uint8Array(32), new Uint8Array(12), EMPTY, EMPTY, "530f8afbc74536b9a963b4f1c4cb738b");
  });

  it("case 14: AES-256, zero key, one zero block", () => {
    expectSealed(new Uint8Array(32), new Uint8Array(12), new Uint8Array(16), EMPTY,
      "cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919");
  });

  it("case 15: AES-256, four blocks, no aad", () => {
    expectSealed(hex(K3 + K3), hex(IV3), hex(P3), EMPTY, C15 + "b094dac5d93471bdec1a502270e3cc6c");
  });

  it("case 16: AES-256, 60 bytes with 20 bytes of aad", () => {
    expectSealed(hex(K3 + K3), hex(IV3), hex(P4), hex(A4),
      C15.substring(0, 120) + "76fc6ece0f4e1768cddf8853bb2d551b");
  });

  it("authenticates aad alone (empty plaintext, case 4's key, nonce and aad; computed with OpenSSL)", () => {
    expectSealed(hex(K3), hex(IV3), EMPTY, hex(A4), "346434fd51d5cd0c5887ec63e39b907a");
  });
});

describe("AES-GCM keystream and GHASH at every length", () => {
  it("encrypts every prefix of a message to the prefix of its ciphertext (lengths 0 to 400)", () => {
    for (let keyLen = 16; keyLen <= 32; keyLen += 16) {
      const gcm = AesGcm.create(pattern(keyLen))!;
      const pt = pattern(400);
      const whole = gcm.seal(pattern(12), pt, EMPTY)!;
      for (let n = 0; n <= 400; n++) {
        const part = gcm.seal(pattern(12), pt.subarray(0, n), EMPTY)!;
        expect(toHex(part.subarray(0, n))).toBe(toHex(whole.subarray(0, n)));
      }
    }
  });

  it("opens what it sealed for every plaintext length 0 to 300 and aad lengths across GHASH's 4-block groups", () => {
    const gcm = AesGcm.create(pattern(16))!;
    const aadLengths: i32[] = [0, 1, 15, 16, 17, 47, 48, 63, 64, 65, 80, 129];
    for (let n = 0; n <= 300; n++) {
      const pt = pattern(n), aad = pattern(aadLengths[n % aadLengths.length]);
      const sealed = gcm.seal(pattern(12), pt, aad)!;
      expect(sealed.length).toBe(n + AES_GCM_TAG_BYTES);
      expect(toHex(gcm.open(pattern(12), sealed, aad))).toBe(toHex(pt));
    }
  });

  it("gives the same result from one instance as from a fresh one (no state leaks between calls)", () => {
    const gcm = AesGcm.create(hex(K3))!;
    gcm.seal(pattern(12), pattern(1000), pattern(33));
    gcm.open(pattern(12), pattern(100), pattern(7));
    expectSealed(hex(K3), hex(IV3), hex(P4), hex(A4), toHex(gcm.seal(hex(IV3), hex(P4), hex(A4))));
  });
});

describe("AES-GCM open refuses anything not sealed as given", () => {
  it("returns null when any single bit of case 4's ciphertext, tag, aad or nonce is flipped", () => {
    const gcm = AesGcm.create(hex(K3))!;
    const nonce = hex(IV3), aad = hex(A4);
    const sealed = gcm.seal(nonce, hex(P4), aad)!;
    for (let i = 0; i < sealed.length * 8; i++) {
      sealed[i >> 3] ^= bit(i);
      expect(gcm.open(nonce, sealed, aad)).toBeNull();
      sealed[i >> 3] ^= bit(i);
    }
    for (let i = 0; i < aad.length * 8; i++) {
      aad[i >> 3] ^= bit(i);
      expect(gcm.open(nonce, sealed, aad)).toBeNull();
      aad[i >> 3] ^= bit(i);
    }
    for (let i = 0; i < nonce.length * 8; i++) {
      nonce[i >> 3] ^= bit(i);
      expect(gcm.open(nonce, sealed, aad)).toBeNull();
      nonce[i >> 3] ^= bit(i);
    }
    expect(toHex(gcm.open(nonce, sealed, aad))).toBe(P4);
  });

  it("returns null under another key, or with aad moved into the ciphertext or dropped", () => {
    const key = pattern(32), nonce = pattern(12), pt = pattern(50), aad = pattern(9);
    const sealed = AesGcm.create(key)!.seal(nonce, pt, aad)!;
    key[0] ^= 1;
    expect(AesGcm.create(key)!.open(nonce, sealed, aad)).toBeNull();
    key[0] ^= 1;
    const gcm = AesGcm.create(key)!;
    expect(gcm.open(nonce, sealed, EMPTY)).toBeNull();
    expect(gcm.open(nonce, concat(aad, sealed), EMPTY)).toBeNull();
    expect(gcm.open(nonce, sealed, aad)).not.toBeNull();
  });

  it("returns null for input shorter than a tag, and for a truncated or extended message", () => {
    const gcm = AesGcm.create(pattern(16))!, nonce = pattern(12);
    const sealed = gcm.seal(nonce, pattern(40), EMPTY)!;
    for (let n = 0; n < AES_GCM_TAG_BYTES; n++) expect(gcm.open(nonce, pattern(n), EMPTY)).toBeNull();
    expect(gcm.open(nonce, sealed.subarray(0, sealed.length - 1), EMPTY)).toBeNull();
    expect(gcm.open(nonce, concat(sealed, new Uint8Array(1)), EMPTY)).toBeNull();
  });

  it("opens case 1's bare tag as the empty plaintext, and refuses it under another key", () => {
    const tag = hex("58e2fccefa7e3061367f1d57a4e7455a");
    const plain = AesGcm.create(new Uint8Array(16))!.open(new Uint8Array(12), tag, EMPTY);
    expect(plain).not.toBeNull();
    expect(plain!.length).toBe(0);
    expect(AesGcm.create(pattern(16))!.open(new Uint8Array(12), tag, EMPTY)).toBeNull();
  });
});

describe("AES-GCM refusals", () => {
  it("returns null from create for keys that are not 16 or 32 bytes (AES-192, cases 7-12, included)", () => {
    const lengths: i32[] = [0, 1, 15, 17, 24, 31, 33];
    for (let i = 0; i < lengths.length; i++) expect(AesGcm.create(pattern(lengths[i]))).toBeNull();
  });

  it("returns null from seal and open for nonces that are not 12 bytes (cases 5, 6, 17, 18 use 8 and 60)", () => {
    const gcm = AesGcm.create(hex(K3))!;
    const lengths: i32[] = [0, 8, 11, 13, 16, 60];
    for (let i = 0; i < lengths.length; i++) {
      expect(gcm.seal(pattern(lengths[i]), hex(P4), hex(A4))).toBeNull();
      expect(gcm.open(pattern(lengths[i]), pattern(40), hex(A4))).toBeNull();
    }
  });
});

// expectSealed checks seal's ciphertext || tag against want, and that open gives the plaintext back.
function expectSealed(key: Uint8Array, nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array, want: string): void {
  const gcm = AesGcm.create(key)!;
  const sealed = gcm.seal(nonce, pt, aad);
  expect(toHex(sealed)).toBe(want);
  const plain = gcm.open(nonce, hex(want), aad);
  expect(plain).not.toBeNull();
  expect(toHex(plain)).toBe(toHex(pt));
}

function bit(i: i32): u8 {
  return <u8>(<i32>1 << (i & 7));
}
