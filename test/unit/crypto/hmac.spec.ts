// HMAC-SHA-256/384/512: RFC 4231 test cases 1-7, and the keyed object (FIPS 198-1 precomputed pads) reused.
import { HmacSha256, hmacSha256, HmacSha384, hmacSha384, HmacSha512, hmacSha512 } from "../../../assembly/crypto/hmac";
import { fill, hex, pattern, seq, text, toHex } from "./helpers";

// RFC 4231 §4.2-4.8: key, data and the three expected MACs of each case.
class Case {
  constructor(public key: Uint8Array, public data: Uint8Array, public sha256: string, public sha384: string,
    public sha512: string) {}
}
const LONG_DATA = "This is a test using a larger than block-size key and a larger t"
  + "han block-size data. The key needs to be hashed before being use"
  + "d by the HMAC algorithm.";
const CASES: Case[] = [
  new Case(fill(0x0b, 20), text("Hi There"),
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
    "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
      + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
  new Case(text("Jefe"), text("what do ya want for nothing?"),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
      + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
  new Case(fill(0xaa, 20), fill(0xdd, 50),
    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
    "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
    "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
      + "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"),
  new Case(seq(0x01, 0x19), fill(0xcd, 50),
    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
    "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
    "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
      + "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"),
  // Case 5 publishes only the first 128 bits of each MAC.
  new Case(fill(0x0c, 20), text("Test With Truncation"),
    "a3b6167473100ee06e0c796c2955552b", "3abf34c3503b2a23a46efc619baef897", "415fad6271580a531d4179bc891d87a6"),
  new Case(fill(0xaa, 131), text("Test Using Larger Than Block-Size Key - Hash Key First"),
    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
    "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
      + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"),
  new Case(fill(0xaa, 131), text(LONG_DATA),
    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
    "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
    "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
      + "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"),
];

// prefix keeps the hex digits that a (possibly truncated) expected value covers.
function prefix(mac: Uint8Array, want: string): string {
  return toHex(mac).slice(0, want.length);
}

describe("HMAC known answers (RFC 4231 test cases 1-7)", () => {
  it("matches HMAC-SHA-256 for every case, case 5 truncated to 128 bits, cases 6-7 with 131-byte keys", () => {
    for (let i = 0; i < CASES.length; i++) {
      const c = CASES[i];
      expect(prefix(hmacSha256(c.key, c.data), c.sha256)).toBe(c.sha256, "case " + (i + 1).toString());
    }
  });

  it("matches HMAC-SHA-384 for every case", () => {
    for (let i = 0; i < CASES.length; i++) {
      const c = CASES[i];
      expect(prefix(hmacSha384(c.key, c.data), c.sha384)).toBe(c.sha384, "case " + (i + 1).toString());
    }
  });

  it("matches HMAC-SHA-512 for every case", () => {
    for (let i = 0; i < CASES.length; i++) {
      const c = CASES[i];
      expect(prefix(hmacSha512(c.key, c.data), c.sha512)).toBe(c.sha512, "case " + (i + 1).toString());
    }
  });

  it("gives full-length MACs: 32, 48 and 64 bytes", () => {
    expect(hmacSha256(text("k"), text("m")).length).toBe(32);
    expect(hmacSha384(text("k"), text("m")).length).toBe(48);
    expect(hmacSha512(text("k"), text("m")).length).toBe(64);
  });
});

describe("Hmac keyed objects", () => {
  it("reuse their precomputed pads: the same object MACs message after message", () => {
    const mac = new HmacSha256(CASES[1].key);
    for (let round = 0; round < 3; round++) {
      expect(toHex(mac.mac(CASES[1].data))).toBe(CASES[1].sha256);
      expect(toHex(mac.mac(text("other")))).toBe(toHex(hmacSha256(CASES[1].key, text("other"))));
    }
  });

  it("accept a message in pieces, and digest readies the next message", () => {
    const c = CASES[6];
    const mac = new HmacSha512(c.key);
    for (let cut = 0; cut <= c.data.length; cut += 17) {
      mac.update(c.data.subarray(0, cut)).update(c.data.subarray(cut));
      expect(toHex(mac.digest())).toBe(c.sha512, "split at " + cut.toString());
    }
  });

  it("drop a message in progress on reset and mac", () => {
    const mac = new HmacSha384(CASES[0].key);
    mac.update(text("abandoned"));
    expect(toHex(mac.reset().update(CASES[0].data).digest())).toBe(CASES[0].sha384);
    mac.update(text("abandoned"));
    expect(toHex(mac.mac(CASES[0].data))).toBe(CASES[0].sha384);
  });

  it("change key with setKey, including to keys longer than a block", () => {
    const mac = new HmacSha256(text("first key"));
    expect(toHex(mac.setKey(CASES[5].key).mac(CASES[5].data))).toBe(CASES[5].sha256);
    expect(toHex(mac.setKey(CASES[1].key).mac(CASES[1].data))).toBe(CASES[1].sha256);
  });

  it("treat a key of exactly one block as is and an empty key as all zeros", () => {
    // FIPS 198-1 §4 step 1 (key length = block) and step 3 (zero padding): 64 zero bytes and no bytes agree.
    expect(toHex(hmacSha256(new Uint8Array(64), text("m")))).toBe(toHex(hmacSha256(new Uint8Array(0), text("m"))));
    expect(toHex(hmacSha256(pattern(64), text("m")))).not.toBe(toHex(hmacSha256(pattern(65), text("m"))));
  });

  it("verify a full-length tag in constant time and reject truncated or altered tags", () => {
    const c = CASES[0];
    const mac = new HmacSha256(c.key);
    const tag = hex(c.sha256);
    expect(mac.verify(c.data, tag)).toBe(true);
    expect(mac.verify(c.data, tag.subarray(0, 16))).toBe(false);
    tag[31] ^= 1;
    expect(mac.verify(c.data, tag)).toBe(false);
    expect(mac.verify(c.data, new Uint8Array(0))).toBe(false);
  });
});
