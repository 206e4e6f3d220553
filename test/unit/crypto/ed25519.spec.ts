// Ed25519 verification (RFC 8032 §5.1.7) and public keys (§5.1.3): every §7.1 test vector, the RFC 8037 A.4 JWS,
// and every way a signature or key must be refused: a changed bit anywhere, S >= L (malleability), wrong lengths,
// non-canonical and off-curve encodings, x = 0 with the sign bit set, and the eight small-order points.
import {
  ED25519_PUBLIC_KEY_BYTES, ED25519_SIGNATURE_BYTES, Ed25519PublicKey, ed25519PublicKey, ed25519Verify,
} from "../../../assembly/crypto/ed25519";
import { POINT_BYTES, pointDecode, pointEncode } from "../../../assembly/crypto/ed25519_point";
import { base64UrlDecodeString } from "../../../assembly/encoding/base64";
import { concat, hex, text, toHex } from "./helpers";

class Vector {
  constructor(public name: string, public key: string, public message: string, public signature: string) {}
}

// RFC 8032 §7.1: public key, message and signature of TEST 1, 2, 3, 1024 and SHA(abc).
const M1024 = "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1"
  + "e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
  + "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a"
  + "7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
  + "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc10"
  + "3b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
  + "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d"
  + "502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
  + "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089b"
  + "eccf80cfe2df16a2cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
  + "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969b"
  + "e3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
  + "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988d"
  + "cda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
  + "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7"
  + "984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
  + "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac09"
  + "43bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
  + "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f161"
  + "0e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
  + "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8ca"
  + "c60c905c15fc910840b94c00a0b9d0";
const VECTORS: Vector[] = [
  new Vector("TEST 1", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
  new Vector("TEST 2", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
  new Vector("TEST 3", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
    "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
  new Vector("TEST 1024", "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e", M1024,
    "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03"),
  new Vector("TEST SHA(abc)", "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"),
];

// The eight points of order 1, 2, 4 and 8, canonically encoded.
const SMALL_ORDER: string[] = [
  "0100000000000000000000000000000000000000000000000000000000000000", // neutral (0, 1)
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // (0, -1), order 2
  "0000000000000000000000000000000000000000000000000000000000000000", // (±sqrt(-1), 0), order 4
  "0000000000000000000000000000000000000000000000000000000000000080",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
];

// y + p for the points with y = 3, 4 and 18: valid points, non-canonical encodings.
const NON_CANONICAL: string[] = [
  "f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "f1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
  "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
];
// y = 2, 7 and 8: (y^2 - 1)/(d y^2 + 1) is not a square, so no x exists.
const OFF_CURVE: string[] = [
  "0200000000000000000000000000000000000000000000000000000000000000",
  "0700000000000000000000000000000000000000000000000000000000000080",
  "0800000000000000000000000000000000000000000000000000000000000000",
];

function key(encoding: string): Ed25519PublicKey {
  const k = ed25519PublicKey(hex(encoding));
  if (k === null) throw new Error("key does not decode: " + encoding);
  return k;
}

function verifies(v: Vector): bool {
  return ed25519Verify(key(v.key), hex(v.message), hex(v.signature));
}

function roundTrip(encoding: string): string {
  const bytes = hex(encoding);
  const point = new StaticArray<u8>(<i32>POINT_BYTES);
  if (!pointDecode(changetype<usize>(point), bytes.dataStart)) return "null";
  const out = new Uint8Array(32);
  pointEncode(out.dataStart, changetype<usize>(point));
  return toHex(out);
}

describe("ed25519Verify known answers", () => {
  it("verifies every RFC 8032 §7.1 vector", () => {
    for (let i = 0; i < VECTORS.length; i++) expect(verifies(VECTORS[i])).toBe(true, VECTORS[i].name);
  });

  it("verifies the RFC 8037 Appendix A.4 JWS over its signing input", () => {
    const jws = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
      + ".hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
    const dot = jws.lastIndexOf(".");
    const x = base64UrlDecodeString("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")!;
    const sig = base64UrlDecodeString(jws.slice(dot + 1))!;
    const k = ed25519PublicKey(x)!;
    expect(ed25519Verify(k, text(jws.slice(0, dot)), sig)).toBe(true);
    expect(ed25519Verify(k, text("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmC"), sig)).toBe(false);
  });

  it("keeps a copy of the encoding, and verifies repeatedly and across keys with decoded keys reused", () => {
    const bytes = hex(VECTORS[1].key);
    const k = ed25519PublicKey(bytes)!;
    bytes[0] ^= 1; // the caller's buffer changing does not change the key
    expect(toHex(k.encoded)).toBe(VECTORS[1].key);
    const keys: Ed25519PublicKey[] = [];
    for (let i = 0; i < VECTORS.length; i++) keys.push(key(VECTORS[i].key));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < VECTORS.length; i++) {
        const v = VECTORS[i];
        expect(ed25519Verify(keys[i], hex(v.message), hex(v.signature))).toBe(true, v.name);
        expect(ed25519Verify(keys[(i + 1) % keys.length], hex(v.message), hex(v.signature))).toBe(false, v.name);
      }
    }
  });

  it("verifies a message given as a view into a larger buffer", () => {
    const v = VECTORS[2];
    const buf = concat(hex("00112233"), concat(hex(v.message), hex("4455")));
    expect(ed25519Verify(key(v.key), buf.subarray(4, 6), hex(v.signature))).toBe(true);
  });
});

describe("ed25519Verify refuses", () => {
  it("every single-bit change of R, S, the message or the key", () => {
    for (let n = 0; n < VECTORS.length; n++) {
      const v = VECTORS[n];
      const sig = hex(v.signature), msg = hex(v.message), pub = hex(v.key);
      const k = key(v.key);
      for (let i = 0; i < 64 * 8; i += 3) {
        sig[i >> 3] ^= <u8>(1 << <u8>(i & 7));
        expect(ed25519Verify(k, msg, sig)).toBe(false, v.name + " signature bit " + i.toString());
        sig[i >> 3] ^= <u8>(1 << <u8>(i & 7));
      }
      for (let i = 0; i < min(msg.length * 8, 600); i += 5) {
        msg[i >> 3] ^= <u8>(1 << <u8>(i & 7));
        expect(ed25519Verify(k, msg, sig)).toBe(false, v.name + " message bit " + i.toString());
        msg[i >> 3] ^= <u8>(1 << <u8>(i & 7));
      }
      for (let i = 0; i < 256; i += 7) {
        pub[i >> 3] ^= <u8>(1 << <u8>(i & 7));
        const changed = ed25519PublicKey(pub); // may not decode at all
        if (changed !== null) expect(ed25519Verify(changed, msg, sig)).toBe(false, v.name + " key bit " + i.toString());
        pub[i >> 3] ^= <u8>(1 << <u8>(i & 7));
      }
      expect(ed25519Verify(k, msg, sig)).toBe(true, v.name + " restored");
    }
  });

  it("S + L, S = L and S = 2^256 - 1 (RFC 8032 §5.1.7: S must be below L)", () => {
    const v = VECTORS[0], k = key(v.key), msg = hex(v.message);
    const r = v.signature.slice(0, 64);
    // TEST 1's S plus L: the same scalar mod L, so only the range check refuses it.
    expect(ed25519Verify(k, msg, hex(r + "4c8c7872aa064e049dbb3013fbf29380d25bf5f0595bbe24655141438e7a101b"))).toBe(false);
    expect(ed25519Verify(k, msg, hex(r + "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"))).toBe(false);
    expect(ed25519Verify(k, msg, hex(r + "ff".repeat(32)))).toBe(false);
  });

  it("signatures of any length but 64, and keys of any length but 32", () => {
    const v = VECTORS[1], k = key(v.key), msg = hex(v.message), sig = hex(v.signature);
    const sigLengths: i32[] = [0, 1, 32, 63, 65, 96, 128];
    for (let i = 0; i < sigLengths.length; i++) {
      const n = sigLengths[i];
      const s = new Uint8Array(n);
      for (let j = 0; j < min(n, 64); j++) s[j] = sig[j];
      expect(ed25519Verify(k, msg, s)).toBe(false, "signature length " + n.toString());
    }
    expect(ed25519Verify(k, msg, concat(sig, hex("00")))).toBe(false);
    const pub = hex(v.key);
    const keyLengths: i32[] = [0, 1, 31, 33, 64];
    for (let i = 0; i < keyLengths.length; i++) {
      const n = keyLengths[i];
      const b = new Uint8Array(n);
      for (let j = 0; j < min(n, 32); j++) b[j] = pub[j];
      expect(ed25519PublicKey(b)).toBeNull("key length " + n.toString());
    }
    expect(ED25519_PUBLIC_KEY_BYTES).toBe(32);
    expect(ED25519_SIGNATURE_BYTES).toBe(64);
  });

  it("a key put together by hand instead of by ed25519PublicKey, without reading past its table", () => {
    const v = VECTORS[0], good = key(v.key), msg = hex(v.message), sig = hex(v.signature);
    expect(ed25519Verify(new Ed25519PublicKey(good.encoded, new StaticArray<u8>(16)), msg, sig)).toBe(false);
    expect(ed25519Verify(new Ed25519PublicKey(hex("00"), good.table), msg, sig)).toBe(false);
    expect(ed25519Verify(new Ed25519PublicKey(good.encoded, good.table), msg, sig)).toBe(true);
  });

  it("an R that is not a point, or not canonical, without decoding it", () => {
    const v = VECTORS[0], k = key(v.key), msg = hex(v.message), s = v.signature.slice(64);
    for (let i = 0; i < OFF_CURVE.length; i++) expect(ed25519Verify(k, msg, hex(OFF_CURVE[i] + s))).toBe(false);
    for (let i = 0; i < NON_CANONICAL.length; i++) expect(ed25519Verify(k, msg, hex(NON_CANONICAL[i] + s))).toBe(false);
    expect(ed25519Verify(k, msg, hex("ff".repeat(32) + s))).toBe(false);
  });
});

describe("ed25519PublicKey", () => {
  it("decodes the RFC 8032 keys and the base point", () => {
    for (let i = 0; i < VECTORS.length; i++) expect(ed25519PublicKey(hex(VECTORS[i].key))).not.toBeNull();
    expect(ed25519PublicKey(hex("5866666666666666666666666666666666666666666666666666666666666666"))).not.toBeNull();
  });

  it("refuses y >= p (RFC 8032 §5.1.3 step 1), even when y - p is a valid y", () => {
    for (let i = 0; i < NON_CANONICAL.length; i++) {
      expect(ed25519PublicKey(hex(NON_CANONICAL[i]))).toBeNull(NON_CANONICAL[i]);
      expect(roundTrip(NON_CANONICAL[i])).toBe("null");
    }
    // y = p itself, and p + 1 (whose y - p = 1 is the neutral point), with both sign bits.
    expect(roundTrip("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")).toBe("null");
    expect(roundTrip("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")).toBe("null");
  });

  it("refuses a y with no x on the curve", () => {
    for (let i = 0; i < OFF_CURVE.length; i++) {
      expect(ed25519PublicKey(hex(OFF_CURVE[i]))).toBeNull(OFF_CURVE[i]);
      expect(roundTrip(OFF_CURVE[i])).toBe("null");
    }
  });

  it("refuses x = 0 with the sign bit set (RFC 8032 §5.1.3 step 4)", () => {
    expect(roundTrip("0100000000000000000000000000000000000000000000000000000000000080")).toBe("null");
    expect(roundTrip("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")).toBe("null");
  });

  it("refuses the eight small-order points, which decode as points", () => {
    for (let i = 0; i < SMALL_ORDER.length; i++) {
      expect(roundTrip(SMALL_ORDER[i])).toBe(SMALL_ORDER[i]);
      expect(ed25519PublicKey(hex(SMALL_ORDER[i]))).toBeNull(SMALL_ORDER[i]);
    }
  });

  it("re-encodes decoded points to the same bytes, both signs of x included", () => {
    for (let i = 0; i < VECTORS.length; i++) expect(roundTrip(VECTORS[i].key)).toBe(VECTORS[i].key);
    expect(roundTrip("5866666666666666666666666666666666666666666666666666666666666666")).toBe(
      "5866666666666666666666666666666666666666666666666666666666666666");
    expect(roundTrip("58666666666666666666666666666666666666666666666666666666666666e6")).toBe(
      "58666666666666666666666666666666666666666666666666666666666666e6");
  });
});
