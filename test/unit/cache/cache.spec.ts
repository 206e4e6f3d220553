// The contract's pieces that are not a mode: error names, the key bound, counters' decimal form, the test clock.
import {
  CACHE_ERR_LAST, CacheErr, cacheErrName, keyTooLong, ManualClock, MAX_KEY_BYTES,
} from "../../../assembly/cache/cache";
import { DecimalI64, formatI64 } from "../../../assembly/cache/counter";
import { bytes, text } from "./contract";

describe("cacheErrName", () => {
  it("names Ok OK and every other code ERR_CACHE_*, each name distinct", () => {
    expect(cacheErrName(CacheErr.Ok)).toBe("OK");
    const seen = new Set<string>();
    for (let e = 1; e <= CACHE_ERR_LAST; e++) {
      const name = cacheErrName(<CacheErr>e);
      expect(name.startsWith("ERR_CACHE_")).toBe(true, name);
      expect(name).not.toBe("ERR_CACHE_UNKNOWN");
      expect(seen.has(name)).toBe(false, name);
      seen.add(name);
    }
  });
  it("keeps the names operators and alerts match on", () => {
    expect(cacheErrName(CacheErr.Unavailable)).toBe("ERR_CACHE_UNAVAILABLE");
    expect(cacheErrName(CacheErr.Timeout)).toBe("ERR_CACHE_TIMEOUT");
    expect(cacheErrName(CacheErr.Protocol)).toBe("ERR_CACHE_PROTOCOL");
    expect(cacheErrName(CacheErr.Rejected)).toBe("ERR_CACHE_REJECTED");
    expect(cacheErrName(CacheErr.TooLarge)).toBe("ERR_CACHE_TOO_LARGE");
    expect(cacheErrName(CacheErr.InvalidTtl)).toBe("ERR_CACHE_INVALID_TTL");
    expect(cacheErrName(CacheErr.NotInteger)).toBe("ERR_CACHE_NOT_INTEGER");
  });
  it("names a value outside the enum ERR_CACHE_UNKNOWN instead of trapping", () => {
    expect(cacheErrName(<CacheErr>(CACHE_ERR_LAST + 1))).toBe("ERR_CACHE_UNKNOWN");
    expect(cacheErrName(<CacheErr>-1)).toBe("ERR_CACHE_UNKNOWN");
  });
});

describe("keyTooLong", () => {
  it("accepts MAX_KEY_BYTES bytes and refuses one more, for one-, two- and four-byte characters", () => {
    expect(keyTooLong("a".repeat(MAX_KEY_BYTES))).toBe(false);
    expect(keyTooLong("a".repeat(MAX_KEY_BYTES + 1))).toBe(true);
    expect(keyTooLong("é".repeat(MAX_KEY_BYTES / 2))).toBe(false);
    expect(keyTooLong("é".repeat(MAX_KEY_BYTES / 2) + "a")).toBe(true);
    expect(keyTooLong("😀".repeat(MAX_KEY_BYTES / 4))).toBe(false);
    expect(keyTooLong("😀".repeat(MAX_KEY_BYTES / 4) + "a")).toBe(true);
  });
  it("measures a lone surrogate as the 3 bytes UTF-8 encoding gives it, without trapping", () => {
    expect(keyTooLong("\uD800".repeat(MAX_KEY_BYTES / 3))).toBe(false);
    expect(keyTooLong("\uD800".repeat(MAX_KEY_BYTES / 3 + 1))).toBe(true);
  });
});

describe("counters in decimal", () => {
  it("formats 0, ±1, i64.MAX and i64.MIN as Redis does", () => {
    expect(text(formatI64(0))).toBe("0");
    expect(text(formatI64(1))).toBe("1");
    expect(text(formatI64(-1))).toBe("-1");
    expect(text(formatI64(i64.MAX_VALUE))).toBe("9223372036854775807");
    expect(text(formatI64(i64.MIN_VALUE))).toBe("-9223372036854775808");
  });
  it("parses back what it formats", () => {
    const d = new DecimalI64();
    const vs: i64[] = [0, 1, -1, 9, 10, -10, 1234567890123, i64.MAX_VALUE, i64.MIN_VALUE];
    for (let i = 0; i < vs.length; i++) {
      expect(d.parse(formatI64(vs[i]))).toBe(true);
      expect(d.value).toBe(vs[i]);
    }
  });
  it("rejects what Redis's string2ll rejects: signs, leading zeros, -0, spaces, overflow by one", () => {
    const d = new DecimalI64();
    const bad = ["", "-", "+1", "01", "-01", "-0", "00", " 1", "1 ", "1a", "0x1", "1e3",
      "9223372036854775808", "-9223372036854775809", "12345678901234567890"];
    for (let i = 0; i < bad.length; i++) expect(d.parse(bytes(bad[i]))).toBe(false, bad[i]);
  });
});

describe("ManualClock", () => {
  it("moves only when advanced, in either direction", () => {
    const c = new ManualClock(100);
    expect(c.nowMs()).toBe(100);
    c.advance(5);
    expect(c.nowMs()).toBe(105);
    c.advance(-10);
    expect(c.nowMs()).toBe(95);
  });
});
