// JsonParser numbers: the RFC 8259 §6 grammar and correctly rounded conversion to f64.
import { JsonErr } from "../../../assembly/json/parse";
import { err, errAt, num } from "./helpers";

// Bit-exact comparison, so that -0 and 0 differ and a one-ulp error fails.
function bits(v: f64): u64 {
  return reinterpret<u64>(v);
}

describe("JsonParser number grammar", () => {
  it("parses integers, fractions and exponents", () => {
    expect(num("0")).toBe(0);
    expect(num("-1")).toBe(-1);
    expect(num("1.5")).toBe(1.5);
    expect(num("1e2")).toBe(100);
    expect(num("1E2")).toBe(100);
    expect(num("1e+2")).toBe(100);
    expect(num("25e-2")).toBe(0.25);
    expect(num("0.5")).toBe(0.5);
    expect(num("-0.0e0")).toBe(-0.0);
    expect(num("1700000000")).toBe(1700000000);
  });

  it("keeps the sign of -0", () => {
    expect(bits(num("-0"))).toBe(bits(-0.0));
    expect(bits(num("0"))).toBe(0);
    expect(bits(num("-0.000"))).toBe(bits(-0.0));
  });

  it("rejects leading zeros as BadNumber", () => {
    expect(err("01")).toBe(JsonErr.BadNumber);
    expect(err("-01")).toBe(JsonErr.BadNumber);
    expect(err("00")).toBe(JsonErr.BadNumber);
    expect(err("[00.5]")).toBe(JsonErr.BadNumber);
    expect(errAt("01")).toBe(1);
  });

  it("rejects a missing digit after '-', '.', 'e' or the exponent sign as BadNumber", () => {
    expect(err("-")).toBe(JsonErr.BadNumber);
    expect(err("-a")).toBe(JsonErr.BadNumber);
    expect(err("1.")).toBe(JsonErr.BadNumber);
    expect(err("1.e5")).toBe(JsonErr.BadNumber);
    expect(err("[1.]")).toBe(JsonErr.BadNumber);
    expect(err("1e")).toBe(JsonErr.BadNumber);
    expect(err("1e+")).toBe(JsonErr.BadNumber);
    expect(err("1e-]")).toBe(JsonErr.BadNumber);
    expect(err("- 1")).toBe(JsonErr.BadNumber);
  });

  it("rejects forms JSON does not have", () => {
    expect(err(".5")).toBe(JsonErr.UnexpectedByte);
    expect(err("+1")).toBe(JsonErr.UnexpectedByte);
    expect(err("0x10")).toBe(JsonErr.TrailingBytes);
    expect(err("1_000")).toBe(JsonErr.TrailingBytes);
    expect(err("[1e5.5]")).toBe(JsonErr.UnexpectedByte);
  });
});

describe("JsonParser number range", () => {
  it("accepts 1e308 and the largest finite double", () => {
    expect(num("1e308")).toBe(1e308);
    expect(num("1.7976931348623157e308")).toBe(f64.MAX_VALUE);
    expect(num("-1.7976931348623157e308")).toBe(-f64.MAX_VALUE);
  });

  it("rejects values that overflow to Infinity as BadNumber", () => {
    expect(err("1e309")).toBe(JsonErr.BadNumber);
    expect(err("-1e309")).toBe(JsonErr.BadNumber);
    expect(err("1.7976931348623159e308")).toBe(JsonErr.BadNumber);
    expect(err("1e99999999999999999999")).toBe(JsonErr.BadNumber);
    expect(err("[1" + "0".repeat(400) + "]")).toBe(JsonErr.BadNumber);
    expect(errAt("[1e400]")).toBe(1);
  });

  it("rounds the largest double's upper halfway point down only below it", () => {
    expect(num("1.7976931348623158e308")).toBe(f64.MAX_VALUE);
  });

  it("underflows tiny values to zero, keeping the sign", () => {
    expect(num("1e-400")).toBe(0);
    expect(bits(num("-1e-400"))).toBe(bits(-0.0));
    expect(num("1e-99999999999999999999")).toBe(0);
    expect(num("0e99999")).toBe(0);
  });

  it("parses subnormals, and rounds at the smallest one's halfway point", () => {
    expect(num("5e-324")).toBe(reinterpret<f64>(<u64>1));
    expect(num("4.9406564584124654e-324")).toBe(reinterpret<f64>(<u64>1));
    expect(num("2.4703282292062328e-324")).toBe(reinterpret<f64>(<u64>1));
    expect(num("2.4703282292062327e-324")).toBe(0);
    expect(num("2.2250738585072011e-308")).toBe(2.225073858507201e-308);
    expect(num("2.2250738585072014e-308")).toBe(2.2250738585072014e-308);
  });
});

describe("JsonParser number rounding", () => {
  it("converts values the fast path cannot hold exactly", () => {
    expect(num("0.30000000000000004")).toBe(0.30000000000000004);
    expect(num("123456789012345678901234567890")).toBe(1.2345678901234568e+29);
    expect(num("3.141592653589793238462643383279")).toBe(3.141592653589793);
    expect(num("1e23")).toBe(1e23);
    expect(num("8.41e21")).toBe(8.41e21);
    expect(num("1e-22")).toBe(1e-22);
    expect(num("1e-23")).toBe(1e-23);
  });

  it("rounds integers beyond 2^53 half to even", () => {
    expect(num("9007199254740993")).toBe(9007199254740992);
    expect(num("9007199254740995")).toBe(9007199254740996);
    expect(num("9007199254740993.0000000001")).toBe(9007199254740994);
  });

  it("settles exact halfway points by the digits after them", () => {
    // 1 + 2^-53 is exactly halfway between 1 and its successor: even wins.
    expect(num("1.00000000000000011102230246251565404236316680908203125")).toBe(1.0);
    expect(num("1.00000000000000011102230246251565404236316680908203126")).toBe(1.0000000000000002);
    expect(num("1.000000000000000111022302462515654042363166809082031250000000001")).toBe(1.0000000000000002);
  });

  it("keeps a nonzero digit beyond the 800th when it breaks a tie", () => {
    const half = "1.00000000000000011102230246251565404236316680908203125";
    expect(num(half + "0".repeat(900))).toBe(1.0);
    expect(num(half + "0".repeat(900) + "1")).toBe(1.0000000000000002);
  });

  it("reads numbers with many leading fractional zeros", () => {
    expect(num("0." + "0".repeat(300) + "1")).toBe(1e-301);
    expect(num("0." + "0".repeat(400) + "1")).toBe(0);
  });
});
