// JsonParser: grammar, limits at their boundaries, duplicate keys, error codes and offsets.
// Strings and numbers have their own specs (parse_strings.spec.ts, parse_numbers.spec.ts).
import { JsonErr, jsonErrName, JsonParser, MAX_DEPTH_CAP } from "../../../assembly/json/parse";
import { JsonKind } from "../../../assembly/json/value";
import { err, errAt, limitsOf, nested, nestedObjects, ok, utf8 } from "./helpers";

describe("JsonParser values", () => {
  it("parses every scalar at the top level (RFC 8259 §2)", () => {
    expect(ok("null").kind).toBe(JsonKind.Null);
    expect(ok("true").bool).toBe(true);
    expect(ok("false").isBool()).toBe(true);
    expect(ok("false").bool).toBe(false);
    expect(ok("42").number).toBe(42);
    expect(ok("\"hi\"").string).toBe("hi");
  });

  it("keeps object members in document order", () => {
    const v = ok("{\"z\":1,\"a\":2,\"m\":3}");
    expect(v.length).toBe(3);
    expect(v.keyAt(0)!).toBe("z");
    expect(v.keyAt(1)!).toBe("a");
    expect(v.keyAt(2)!).toBe("m");
    expect(v.valueAt(1)!.number).toBe(2);
    expect(v.get("m")!.number).toBe(3);
  });

  it("parses nested arrays and objects", () => {
    const v = ok("{\"a\":[1,{\"b\":[]},\"x\"],\"c\":{}}");
    const a = v.get("a")!;
    expect(a.isArray()).toBe(true);
    expect(a.length).toBe(3);
    expect(a.at(1)!.get("b")!.isArray()).toBe(true);
    expect(a.at(1)!.get("b")!.length).toBe(0);
    expect(a.at(2)!.asString()!).toBe("x");
    expect(v.get("c")!.isObject()).toBe(true);
    expect(v.get("c")!.length).toBe(0);
  });

  it("skips the four JSON whitespace characters everywhere (RFC 8259 §2)", () => {
    const v = ok(" \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n[ 1 , 2 ] \t\r\n} \t\r\n");
    expect(v.get("a")!.length).toBe(2);
  });

  it("rejects other whitespace: VT, FF, NBSP and a byte order mark", () => {
    expect(err("\x0b1")).toBe(JsonErr.UnexpectedByte);
    expect(err("\x0c1")).toBe(JsonErr.UnexpectedByte);
    expect(err("\u00a01")).toBe(JsonErr.UnexpectedByte);
    expect(err("\ufeff{}")).toBe(JsonErr.UnexpectedByte);
    expect(err("[1,\u20282]")).toBe(JsonErr.UnexpectedByte);
  });

  it("rejects an empty input and whitespace alone as UnexpectedEnd", () => {
    expect(err("")).toBe(JsonErr.UnexpectedEnd);
    expect(err(" \n\t\r")).toBe(JsonErr.UnexpectedEnd);
  });
});

describe("JsonParser strict grammar", () => {
  it("rejects a trailing comma", () => {
    expect(err("[1,]")).toBe(JsonErr.UnexpectedByte);
    expect(err("{\"a\":1,}")).toBe(JsonErr.UnexpectedByte);
  });

  it("rejects leading, doubled and missing commas", () => {
    expect(err("[,1]")).toBe(JsonErr.UnexpectedByte);
    expect(err("[1,,2]")).toBe(JsonErr.UnexpectedByte);
    expect(err("[1 2]")).toBe(JsonErr.UnexpectedByte);
    expect(err("{\"a\":1 \"b\":2}")).toBe(JsonErr.UnexpectedByte);
    expect(err("{,}")).toBe(JsonErr.UnexpectedByte);
  });

  it("rejects a missing colon, a missing value and a non-string key", () => {
    expect(err("{\"a\" 1}")).toBe(JsonErr.UnexpectedByte);
    expect(err("{\"a\":}")).toBe(JsonErr.UnexpectedByte);
    expect(err("{a:1}")).toBe(JsonErr.UnexpectedByte);
    expect(err("{1:1}")).toBe(JsonErr.UnexpectedByte);
    expect(err("{'a':1}")).toBe(JsonErr.UnexpectedByte);
  });

  it("rejects comments", () => {
    expect(err("[1 // one\n]")).toBe(JsonErr.UnexpectedByte);
    expect(err("/* c */ 1")).toBe(JsonErr.UnexpectedByte);
  });

  it("rejects NaN and Infinity", () => {
    expect(err("NaN")).toBe(JsonErr.UnexpectedByte);
    expect(err("Infinity")).toBe(JsonErr.UnexpectedByte);
    expect(err("-Infinity")).toBe(JsonErr.BadNumber);
  });

  it("rejects mismatched and unclosed brackets", () => {
    expect(err("[}")).toBe(JsonErr.UnexpectedByte);
    expect(err("{]")).toBe(JsonErr.UnexpectedByte);
    expect(err("[[1]")).toBe(JsonErr.UnexpectedEnd);
    expect(err("{\"a\":{}")).toBe(JsonErr.UnexpectedEnd);
    expect(err("]")).toBe(JsonErr.UnexpectedByte);
  });

  it("rejects misspelled and truncated literals", () => {
    expect(err("tru")).toBe(JsonErr.UnexpectedEnd);
    expect(err("nul")).toBe(JsonErr.UnexpectedEnd);
    expect(err("True")).toBe(JsonErr.UnexpectedByte);
    expect(err("fals3")).toBe(JsonErr.UnexpectedByte);
    expect(err("[nil]")).toBe(JsonErr.UnexpectedByte);
  });

  it("rejects bytes after the top-level value as TrailingBytes", () => {
    expect(err("1 2")).toBe(JsonErr.TrailingBytes);
    expect(err("{}x")).toBe(JsonErr.TrailingBytes);
    expect(err("[]]")).toBe(JsonErr.TrailingBytes);
    expect(err("truee")).toBe(JsonErr.TrailingBytes);
    expect(err("\"a\"\"b\"")).toBe(JsonErr.TrailingBytes);
    expect(err("0\x00")).toBe(JsonErr.TrailingBytes);
  });

  it("fails every strict prefix of a document with UnexpectedEnd or BadNumber", () => {
    const doc = "{\"a\":[1,\"x\\u0041\",true,null,{\"b\":-2.5e3}],\"c\":false}";
    const bytes = utf8(doc);
    const p = new JsonParser();
    for (let n = 0; n < bytes.length; n++) {
      expect(p.parse(bytes.subarray(0, n))).toBeNull("prefix " + n.toString());
      const e = p.err;
      expect(e == JsonErr.UnexpectedEnd || e == JsonErr.BadNumber).toBe(true, "prefix " + n.toString());
    }
    expect(p.parse(bytes)).not.toBeNull();
  });
});

describe("JsonParser limits", () => {
  it("accepts exactly maxBytes and rejects maxBytes + 1 as TooLarge at offset 0", () => {
    expect(ok("[1,2,3,4]", limitsOf(9)).length).toBe(4);
    expect(err("[1,2,3,4] ", limitsOf(9))).toBe(JsonErr.TooLarge);
    expect(errAt("[1,2,3,4] ", limitsOf(9))).toBe(0);
    expect(ok("[1,2,3,4]", limitsOf(10)).length).toBe(4);
  });

  it("applies the 1 MiB default size limit at its boundary", () => {
    const body = "a".repeat((1 << 20) - 2);
    expect(ok("\"" + body + "\"").string.length).toBe((1 << 20) - 2);
    expect(err("\"" + body + "a\"")).toBe(JsonErr.TooLarge);
  });

  it("accepts nesting at maxDepth and rejects maxDepth + 1 as TooDeep", () => {
    expect(ok(nested(31)).isArray()).toBe(true);
    expect(ok(nested(32)).isArray()).toBe(true);
    expect(err(nested(33))).toBe(JsonErr.TooDeep);
    expect(errAt(nested(33))).toBe(32);
    expect(ok(nestedObjects(32)).isObject()).toBe(true);
    expect(err(nestedObjects(33))).toBe(JsonErr.TooDeep);
    expect(err("[{\"a\":" + nested(31) + "}]")).toBe(JsonErr.TooDeep);
  });

  it("counts depth for small limits: 0 allows scalars only", () => {
    expect(ok("1", limitsOf(1 << 20, 0)).number).toBe(1);
    expect(err("[]", limitsOf(1 << 20, 0))).toBe(JsonErr.TooDeep);
    expect(ok("[[],{}]", limitsOf(1 << 20, 2)).length).toBe(2);
    expect(err("[[[]]]", limitsOf(1 << 20, 2))).toBe(JsonErr.TooDeep);
  });

  it("clamps maxDepth to MAX_DEPTH_CAP so recursive walkers stay shallow", () => {
    const deep = limitsOf(1 << 20, 1 << 30, 1 << 30);
    expect(ok(nested(MAX_DEPTH_CAP), deep).isArray()).toBe(true);
    expect(err(nested(MAX_DEPTH_CAP + 1), deep)).toBe(JsonErr.TooDeep);
  });

  it("rejects 100000 opening brackets without recursing", () => {
    expect(err("[".repeat(100000))).toBe(JsonErr.TooDeep);
    expect(err("{\"a\":".repeat(100000))).toBe(JsonErr.TooDeep);
  });

  it("counts every value against maxMembers, the root included, member names not", () => {
    expect(ok("[1,2]", limitsOf(1 << 20, 32, 3)).length).toBe(2);
    expect(err("[1,2,3]", limitsOf(1 << 20, 32, 3))).toBe(JsonErr.TooManyMembers);
    expect(errAt("[1,2,3]", limitsOf(1 << 20, 32, 3))).toBe(5);
    expect(ok("{\"a\":1,\"b\":2}", limitsOf(1 << 20, 32, 3)).length).toBe(2);
    expect(err("{\"a\":1,\"b\":2,\"c\":3}", limitsOf(1 << 20, 32, 3))).toBe(JsonErr.TooManyMembers);
    expect(err("[[]]", limitsOf(1 << 20, 32, 1))).toBe(JsonErr.TooManyMembers);
  });

  it("applies the default of 10000 values at its boundary", () => {
    expect(ok("[" + "0,".repeat(9998) + "0]").length).toBe(9999);
    expect(err("[" + "0,".repeat(9999) + "0]")).toBe(JsonErr.TooManyMembers);
  });
});

describe("JsonParser duplicate keys", () => {
  it("rejects a repeated member name at the second occurrence", () => {
    expect(err("{\"a\":1,\"a\":2}")).toBe(JsonErr.DuplicateKey);
    expect(errAt("{\"a\":1,\"a\":2}")).toBe(7);
  });

  it("compares names after unescaping", () => {
    expect(err("{\"alg\":\"none\",\"\\u0061lg\":\"RS256\"}")).toBe(JsonErr.DuplicateKey);
  });

  it("finds duplicates in objects past the linear-scan size", () => {
    let doc = "{";
    for (let i = 0; i < 40; i++) doc += "\"k" + i.toString() + "\":" + i.toString() + ",";
    expect(ok(doc + "\"k40\":0}").length).toBe(41);
    expect(err(doc + "\"k3\":0}")).toBe(JsonErr.DuplicateKey);
    expect(err(doc + "\"k39\":0}")).toBe(JsonErr.DuplicateKey);
  });

  it("allows one name in sibling and nested objects", () => {
    expect(ok("{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}]}").length).toBe(2);
  });

  it("allows duplicates when rejectDuplicateKeys is off, and get returns the last", () => {
    const v = ok("{\"a\":1,\"a\":2}", limitsOf(1 << 20, 32, 10000, false));
    expect(v.length).toBe(2);
    expect(v.get("a")!.number).toBe(2);
  });
});

describe("JsonParser errors", () => {
  it("names every error code", () => {
    expect(jsonErrName(JsonErr.Ok)).toBe("OK");
    expect(jsonErrName(JsonErr.TooLarge)).toBe("ERR_JSON_TOO_LARGE");
    expect(jsonErrName(JsonErr.TooDeep)).toBe("ERR_JSON_TOO_DEEP");
    expect(jsonErrName(JsonErr.TooManyMembers)).toBe("ERR_JSON_TOO_MANY_MEMBERS");
    expect(jsonErrName(JsonErr.UnexpectedEnd)).toBe("ERR_JSON_UNEXPECTED_END");
    expect(jsonErrName(JsonErr.UnexpectedByte)).toBe("ERR_JSON_UNEXPECTED_BYTE");
    expect(jsonErrName(JsonErr.BadEscape)).toBe("ERR_JSON_BAD_ESCAPE");
    expect(jsonErrName(JsonErr.BadUtf8)).toBe("ERR_JSON_BAD_UTF8");
    expect(jsonErrName(JsonErr.BadNumber)).toBe("ERR_JSON_BAD_NUMBER");
    expect(jsonErrName(JsonErr.DuplicateKey)).toBe("ERR_JSON_DUPLICATE_KEY");
    expect(jsonErrName(JsonErr.TrailingBytes)).toBe("ERR_JSON_TRAILING_BYTES");
    expect(jsonErrName(<JsonErr>99)).toBe("ERR_JSON_UNKNOWN");
  });

  it("keeps the error codes' numeric values stable", () => {
    expect(<i32>JsonErr.TooLarge).toBe(1);
    expect(<i32>JsonErr.TrailingBytes).toBe(10);
  });

  it("reports the offset of the offending byte", () => {
    expect(errAt("[1,]")).toBe(3);
    expect(errAt("  x")).toBe(2);
    expect(errAt("{\"a\":1} ,")).toBe(8);
  });

  it("is reusable after an error, and resets err and offset", () => {
    const p = new JsonParser();
    expect(p.parse(utf8("[1,"))).toBeNull();
    expect(p.err).toBe(JsonErr.UnexpectedEnd);
    const v = p.parse(utf8("[1]"));
    expect(v).not.toBeNull();
    expect(p.err).toBe(JsonErr.Ok);
    expect(p.offset).toBe(0);
  });
});

describe("JsonValue helpers", () => {
  it("return null or 0 instead of trapping on the wrong kind or index", () => {
    const s = ok("\"x\"");
    expect(s.get("a")).toBeNull();
    expect(s.at(0)).toBeNull();
    expect(s.keyAt(0)).toBeNull();
    expect(s.length).toBe(0);
    const a = ok("[1]");
    expect(a.at(1)).toBeNull();
    expect(a.at(-1)).toBeNull();
    expect(a.asString()).toBeNull();
    expect(ok("{}").get("missing")).toBeNull();
    expect(ok("{\"a\":1}").valueAt(1)).toBeNull();
  });
});
