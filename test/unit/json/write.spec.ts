// JsonWriter: compact output, escaping, number forms, and round trips through JsonParser.
import { JsonParser } from "../../../assembly/json/parse";
import { jsonEquals, JsonValue } from "../../../assembly/json/value";
import { JsonWriter, stringify } from "../../../assembly/json/write";
import { ok, utf8 } from "./helpers";

function w(): JsonWriter {
  return new JsonWriter();
}

function numberText(v: f64): string {
  return w().number(v).toString();
}

// Parses text, writes it, parses the output, and expects an equal value; returns the written text.
function roundTrip(text: string): string {
  const first = ok(text);
  const out = stringify(first);
  const p = new JsonParser();
  const second = p.parse(utf8(out));
  expect(second).not.toBeNull("re-parse of " + out);
  expect(jsonEquals(first, second!)).toBe(true, "round trip of " + text);
  return out;
}

describe("JsonWriter structure", () => {
  it("writes scalars", () => {
    expect(w().null().toString()).toBe("null");
    expect(w().bool(true).toString()).toBe("true");
    expect(w().bool(false).toString()).toBe("false");
    expect(w().string("a").toString()).toBe("\"a\"");
  });

  it("places commas between members and elements at every level", () => {
    const out = w().beginObject()
      .key("a").integer(1)
      .key("b").beginArray().integer(1).string("x").beginObject().endObject().beginArray().endArray().endArray()
      .key("c").beginObject().key("d").null().endObject()
      .endObject().toString();
    expect(out).toBe("{\"a\":1,\"b\":[1,\"x\",{},[]],\"c\":{\"d\":null}}");
  });

  it("starts over after reset", () => {
    const x = w().beginArray().integer(1);
    expect(x.reset().string("b").toString()).toBe("\"b\"");
    expect(x.byteLength).toBe(3);
  });

  it("writes a JsonValue built by hand", () => {
    const v = JsonValue.newObject()
      .set("alg", JsonValue.ofString("RS256"))
      .set("aud", JsonValue.newArray().push(JsonValue.ofString("a")).push(JsonValue.ofNull()))
      .set("exp", JsonValue.ofNumber(1700000000))
      .set("ok", JsonValue.ofBool(true));
    expect(stringify(v)).toBe("{\"alg\":\"RS256\",\"aud\":[\"a\",null],\"exp\":1700000000,\"ok\":true}");
  });

  it("grows its buffer and returns the same bytes as text", () => {
    const x = w().beginArray();
    for (let i = 0; i < 1000; i++) x.string("é" + i.toString());
    x.endArray();
    const bytes = x.toBytes();
    expect(bytes.length).toBe(x.byteLength);
    expect(String.UTF8.decode(bytes.buffer)).toBe(x.toString());
    expect(ok(x.toString()).length).toBe(1000);
  });
});

describe("JsonWriter numbers", () => {
  it("writes integers up to 2^53 without a fraction", () => {
    expect(numberText(0)).toBe("0");
    expect(numberText(1)).toBe("1");
    expect(numberText(-42)).toBe("-42");
    expect(numberText(1700000000)).toBe("1700000000");
    expect(numberText(9007199254740992)).toBe("9007199254740992");
    expect(numberText(-9007199254740992)).toBe("-9007199254740992");
  });

  it("writes -0 as -0 so it reads back with its sign", () => {
    expect(numberText(-0.0)).toBe("-0");
  });

  it("writes fractions and large or small magnitudes in JSON number syntax", () => {
    expect(numberText(1.5)).toBe("1.5");
    expect(numberText(0.1)).toBe("0.1");
    expect(numberText(1e-7)).toBe("1e-7");
    expect(numberText(1e21)).toBe("1e+21");
    expect(numberText(f64.MAX_VALUE)).toBe("1.7976931348623157e+308");
    expect(numberText(9007199254740994)).toBe("9007199254740994.0");
  });

  it("writes non-finite numbers as null, as JSON.stringify does", () => {
    expect(numberText(NaN)).toBe("null");
    expect(numberText(Infinity)).toBe("null");
    expect(numberText(-Infinity)).toBe("null");
  });

  it("writes any i64 exactly with integer()", () => {
    expect(w().integer(i64.MAX_VALUE).toString()).toBe("9223372036854775807");
    expect(w().integer(i64.MIN_VALUE).toString()).toBe("-9223372036854775808");
  });
});

describe("JsonWriter strings", () => {
  it("escapes the quotation mark, reverse solidus and control characters (RFC 8259 §7)", () => {
    expect(w().string("\"\\").toString()).toBe("\"\\\"\\\\\"");
    expect(w().string("\b\t\n\f\r").toString()).toBe("\"\\b\\t\\n\\f\\r\"");
    expect(w().string("\x00\x01\x1f").toString()).toBe("\"\\u0000\\u0001\\u001f\"");
  });

  it("leaves '/', DEL and <>& unescaped", () => {
    expect(w().string("a/b\x7f<>&").toString()).toBe("\"a/b\x7f<>&\"");
  });

  it("writes non-ASCII characters as UTF-8", () => {
    const bytes = w().string("é€😀").toBytes();
    expect(bytes.length).toBe(2 + 2 + 3 + 4);
    expect(bytes[1]).toBe(0xc3);
    expect(bytes[3]).toBe(0xe2);
    expect(bytes[6]).toBe(0xf0);
    expect(bytes[9]).toBe(0x80);
  });

  it("writes lone surrogates as \\u escapes so the output stays valid UTF-8", () => {
    expect(w().string("a\ud800b").toString()).toBe("\"a\\ud800b\"");
    expect(w().string("\udc00").toString()).toBe("\"\\udc00\"");
    expect(w().string("\ud800").toString()).toBe("\"\\ud800\"");
    expect(w().string("\ude00\ud83d").toString()).toBe("\"\\ude00\\ud83d\"");
  });

  it("escapes member names too", () => {
    expect(w().beginObject().key("a\"\n").integer(1).endObject().toString()).toBe("{\"a\\\"\\n\":1}");
  });
});

describe("JsonWriter round trips", () => {
  it("reproduces compact documents byte for byte", () => {
    const docs = [
      "{\"a\":[1,2.5,-3,true,false,null],\"b\":{\"c\":\"d\"},\"e\":[]}",
      "[\"\\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\"]",
      "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}",
      "\"é€😀\"",
      "-0",
      "0.1",
    ];
    for (let i = 0; i < docs.length; i++) expect(roundTrip(docs[i])).toBe(docs[i]);
  });

  it("normalizes escapes, whitespace and number spelling without changing values", () => {
    expect(roundTrip(" { \"\\u0061\" : [ 1E2 , 0.50 , \"\\/\\u003c\" ] } ")).toBe("{\"a\":[100,0.5,\"/<\"]}");
  });

  it("reads back every written number to the same f64", () => {
    const nums = [
      "0.30000000000000004", "5e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "1e21", "1e-7",
      "9007199254740993", "123456789012345678901234567890", "3.141592653589793", "-1.5e-300", "4.35", "1e23",
    ];
    for (let i = 0; i < nums.length; i++) roundTrip(nums[i]);
  });

  it("round-trips nesting at the default depth limit of 32", () => {
    const tooDeep = "[".repeat(32) + "{\"a\":1}" + "]".repeat(32);
    expect(new JsonParser().parse(utf8(tooDeep))).toBeNull();
    const atLimit = "[".repeat(31) + "{\"a\":1}" + "]".repeat(31);
    expect(roundTrip(atLimit)).toBe(atLimit);
  });
});
