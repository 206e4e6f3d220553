// The store's memory of verified signatures: a link is found only for the exact certificate and issuer key bytes
// it was added with, and the oldest links are forgotten once LINK_CACHE_ENTRIES are held.
import { LINK_CACHE_ENTRIES, LinkCache } from "../../../assembly/x509/link_cache";
import { pattern } from "../crypto/helpers";

function cert(n: i32): Uint8Array {
  const b = pattern(300);
  b[0] = <u8>n;
  b[1] = <u8>(n >> 8);
  return b;
}

describe("LinkCache", () => {
  it("finds a link only for the bytes it was added with", () => {
    const cache = new LinkCache();
    const key = pattern(91);
    expect(cache.has(cert(1), key)).toBe(false);
    cache.add(cert(1), key);
    expect(cache.has(cert(1), key)).toBe(true);
    expect(cache.has(cert(2), key)).toBe(false);
    const otherKey = pattern(91);
    otherKey[90] ^= 1;
    expect(cache.has(cert(1), otherKey)).toBe(false);
    expect(cache.has(cert(1).subarray(0, 299), key)).toBe(false);
  });

  it("forgets the oldest link once full", () => {
    const cache = new LinkCache();
    const key = pattern(65);
    for (let i = 0; i <= LINK_CACHE_ENTRIES; i++) cache.add(cert(i), key);
    expect(cache.has(cert(0), key)).toBe(false);
    expect(cache.has(cert(1), key)).toBe(true);
    expect(cache.has(cert(LINK_CACHE_ENTRIES), key)).toBe(true);
  });
});
