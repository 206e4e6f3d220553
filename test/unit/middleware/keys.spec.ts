// Key derivation from sessionEncryptionKey: HKDF-SHA-256, one independent key per purpose.
import { deriveKeys } from "../../../assembly/middleware/keys";

function hex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (<u32>b[i]).toString(16).padStart(2, "0");
  return s;
}

describe("deriveKeys", () => {
  it("derives each purpose's key as HKDF-SHA-256 with the versioned salt (values from node:crypto hkdfSync)", () => {
    const keys = deriveKeys("0123456789abcdef0123456789abcdef")!;
    expect(hex(keys.cookieMac)).toBe("fbec39573b6a9f8cd85fefcad469c8df8ef85d1bb4910bc1cf3fcb2ff02a5157");
    expect(hex(keys.sessionEncryption)).toBe("e4bf8aeeaaa56c3f8c3516012bc3423b3efdb1e8220779f77a705bffd738f67f");
    expect(hex(keys.redisKeyHash)).toBe("ae1db578a2a8115c5a532b428eb5e9eac50bce155f8fd7bed29c825f54c6777f");
  });

  it("refuses a secret shorter than 32 bytes", () => {
    expect(deriveKeys("0123456789abcdef0123456789abcde")).toBeNull();
    expect(deriveKeys("")).toBeNull();
  });

  it("counts bytes, not characters: 16 two-byte characters are enough", () => {
    expect(deriveKeys("éééééééééééééééé")).not.toBeNull();
  });
});
