// Shared helpers for the JSON specs: build inputs from text or raw bytes and run one parse.
import { JsonErr, JsonLimits, JsonParser } from "../../../assembly/json/parse";
import { JsonValue } from "../../../assembly/json/value";

/** utf8 encodes s as the parser's input. */
export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** raw builds an input from byte values, for invalid UTF-8 that no string literal can express. */
export function raw(values: Array<i32>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = <u8>values[i];
  return out;
}

/** ok parses s, expecting success, and returns the root. */
export function ok(s: string, limits: JsonLimits = new JsonLimits()): JsonValue {
  const p = new JsonParser(limits);
  const v = p.parse(utf8(s));
  expect(p.err).toBe(JsonErr.Ok, "unexpected error for " + s);
  expect(v).not.toBeNull();
  return v!;
}

/** err parses s, expecting failure, and returns the error code. */
export function err(s: string, limits: JsonLimits = new JsonLimits()): JsonErr {
  return errBytes(utf8(s), limits);
}

/** errBytes parses bytes, expecting failure, and returns the error code. */
export function errBytes(bytes: Uint8Array, limits: JsonLimits = new JsonLimits()): JsonErr {
  const p = new JsonParser(limits);
  const v = p.parse(bytes);
  expect(v).toBeNull();
  return p.err;
}

/** errAt parses s, expecting failure, and returns the offset where parsing stopped. */
export function errAt(s: string, limits: JsonLimits = new JsonLimits()): i32 {
  const p = new JsonParser(limits);
  expect(p.parse(utf8(s))).toBeNull();
  return p.offset;
}

/** num parses s, expecting a number, and returns it. */
export function num(s: string): f64 {
  const v = ok(s);
  expect(v.isNumber()).toBe(true, s + " is not a number");
  return v.number;
}

/** str parses s, expecting a string, and returns it. */
export function str(s: string): string {
  const v = ok(s).asString();
  expect(v).not.toBeNull(s + " is not a string");
  return v!;
}

/** nested returns depth arrays around a 0: depth 2 is `[[0]]`. */
export function nested(depth: i32): string {
  return "[".repeat(depth) + "0" + "]".repeat(depth);
}

/** nestedObjects returns depth objects around a 0: depth 2 is `{"a":{"a":0}}`. */
export function nestedObjects(depth: i32): string {
  return "{\"a\":".repeat(depth) + "0" + "}".repeat(depth);
}

/** limitsOf builds JsonLimits; omitted arguments keep the defaults. */
export function limitsOf(
  maxBytes: i32 = 1 << 20, maxDepth: i32 = 32, maxMembers: i32 = 10000, rejectDuplicateKeys: bool = true,
): JsonLimits {
  const l = new JsonLimits();
  l.maxBytes = maxBytes;
  l.maxDepth = maxDepth;
  l.maxMembers = maxMembers;
  l.rejectDuplicateKeys = rejectDuplicateKeys;
  return l;
}
