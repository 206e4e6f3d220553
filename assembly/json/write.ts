// Compact JSON writer: builds UTF-8 into one growing buffer. Output is always valid UTF-8, and the parser reads
// back every string and finite number it writes unchanged (lone surrogates excepted, written as \u escapes).

import { JsonKind, JsonValue } from "./value";

// @ts-ignore: decorator
@inline const INITIAL_BYTES: i32 = 256;
// 2^53: every integer up to this magnitude is exact in f64 and prints as a plain integer.
// @ts-ignore: decorator
@inline const MAX_EXACT_INT: f64 = 9007199254740992;

/**
 * JsonWriter emits compact JSON. Calls chain: `w.beginObject().key("alg").string("RS256").endObject()`.
 * It inserts commas itself but does not check that calls are balanced or that keys appear only in objects:
 * the caller owns the document's shape. Non-finite numbers are written as `null`, as JSON.stringify does.
 */
export class JsonWriter {
  private buf: StaticArray<u8> = new StaticArray<u8>(INITIAL_BYTES);
  private n: i32 = 0;
  private needComma: bool = false;
  private afterKey: bool = false;

  /** reset empties the writer, keeping its buffer. */
  reset(): JsonWriter {
    this.n = 0;
    this.needComma = false;
    this.afterKey = false;
    return this;
  }

  /** byteLength is the number of UTF-8 bytes written so far. */
  get byteLength(): i32 { return this.n; }

  beginObject(): JsonWriter { this.open(0x7b); return this; }
  endObject(): JsonWriter { this.close(0x7d); return this; }
  beginArray(): JsonWriter { this.open(0x5b); return this; }
  endArray(): JsonWriter { this.close(0x5d); return this; }

  /** key writes a member name and the colon; the next call writes its value. */
  key(name: string): JsonWriter {
    if (this.needComma) this.byte(0x2c);
    this.quoted(name);
    this.byte(0x3a);
    this.afterKey = true;
    this.needComma = false;
    return this;
  }

  string(s: string): JsonWriter {
    this.before();
    this.quoted(s);
    return this;
  }

  /**
   * number writes v in a form JSON.parse and JsonParser read back to the same f64: integers up to 2^53 without
   * a fraction, -0 as "-0", others by the standard library's shortest-digits (Grisu) conversion.
   */
  number(v: f64): JsonWriter {
    if (!isFinite(v)) return this.null();
    if (v == 0 && 1 / v < 0) {
      this.before();
      this.ascii("-0");
      return this;
    }
    if (v == Math.trunc(v) && Math.abs(v) <= MAX_EXACT_INT) return this.integer(<i64>v);
    this.before();
    this.ascii(v.toString());
    return this;
  }

  integer(v: i64): JsonWriter {
    this.before();
    this.ascii(v.toString());
    return this;
  }

  bool(b: bool): JsonWriter {
    this.before();
    this.ascii(b ? "true" : "false");
    return this;
  }

  null(): JsonWriter {
    this.before();
    this.ascii("null");
    return this;
  }

  /** value writes a whole JsonValue. It recurses once per nesting level (the parser caps depth). */
  value(v: JsonValue): JsonWriter {
    switch (v.kind) {
      case JsonKind.Null: return this.null();
      case JsonKind.Bool: return this.bool(v.bool);
      case JsonKind.Number: return this.number(v.number);
      case JsonKind.String: return this.string(v.string);
      case JsonKind.Array: {
        this.beginArray();
        for (let i = 0, len = v.length; i < len; i++) {
          const item = v.at(i);
          if (item !== null) this.value(item);
        }
        return this.endArray();
      }
    }
    this.beginObject();
    for (let i = 0, len = v.length; i < len; i++) {
      const k = v.keyAt(i);
      const item = v.valueAt(i);
      if (k !== null && item !== null) this.key(k).value(item);
    }
    return this.endObject();
  }

  /** toString decodes the output as a string. */
  toString(): string {
    // The buffer holds n bytes of valid UTF-8 (lone surrogates are escaped), so decoding cannot fail.
    return String.UTF8.decodeUnsafe(changetype<usize>(this.buf), <usize>this.n);
  }

  /** toBytes copies the output into a new Uint8Array. */
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.n);
    memory.copy(out.dataStart, changetype<usize>(this.buf), <usize>this.n); // out has exactly n bytes
    return out;
  }

  private open(c: u8): void {
    this.before();
    this.byte(c);
    this.needComma = false;
  }

  private close(c: u8): void {
    this.byte(c);
    this.needComma = true;
    this.afterKey = false;
  }

  // Writes the comma that separates this value from the previous one, unless it follows a key.
  private before(): void {
    if (this.afterKey) this.afterKey = false;
    else if (this.needComma) this.byte(0x2c);
    this.needComma = true;
  }

  // RFC 8259 §7: escape '"', '\' and U+0000..U+001F; everything else is written as UTF-8.
  private quoted(s: string): void {
    this.byte(0x22);
    const len = s.length;
    for (let i = 0; i < len; i++) {
      const c = <u32>s.charCodeAt(i);
      if (c == 0x22 || c == 0x5c) {
        this.byte(0x5c);
        this.byte(<u8>c);
      } else if (c < 0x20) {
        this.control(c);
      } else if (c < 0x80) {
        this.byte(<u8>c);
      } else if (c < 0x800) {
        this.byte(<u8>(0xc0 | (c >> 6)));
        this.byte(<u8>(0x80 | (c & 0x3f)));
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const lo = i + 1 < len ? <u32>s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
          this.byte(<u8>(0xf0 | (cp >> 18)));
          this.byte(<u8>(0x80 | ((cp >> 12) & 0x3f)));
          this.byte(<u8>(0x80 | ((cp >> 6) & 0x3f)));
          this.byte(<u8>(0x80 | (cp & 0x3f)));
          i++;
        } else {
          this.unicodeEscape(c); // a lone surrogate has no UTF-8 form
        }
      } else {
        this.byte(<u8>(0xe0 | (c >> 12)));
        this.byte(<u8>(0x80 | ((c >> 6) & 0x3f)));
        this.byte(<u8>(0x80 | (c & 0x3f)));
      }
    }
    this.byte(0x22);
  }

  private control(c: u32): void {
    switch (c) {
      case 0x08: this.ascii("\\b"); return;
      case 0x09: this.ascii("\\t"); return;
      case 0x0a: this.ascii("\\n"); return;
      case 0x0c: this.ascii("\\f"); return;
      case 0x0d: this.ascii("\\r"); return;
    }
    this.unicodeEscape(c);
  }

  // Writes \uXXXX with lowercase hex, as JSON.stringify does.
  private unicodeEscape(c: u32): void {
    this.byte(0x5c);
    this.byte(0x75);
    for (let shift = 12; shift >= 0; shift -= 4) {
      const d = (c >> shift) & 0xf;
      this.byte(<u8>(d < 10 ? 0x30 + d : 0x61 + d - 10));
    }
  }

  // Writes a string known to be ASCII (number text, literals, escapes).
  private ascii(s: string): void {
    for (let i = 0, len = s.length; i < len; i++) this.byte(<u8>s.charCodeAt(i));
  }

  private byte(b: u8): void {
    let buf = this.buf;
    if (this.n >= buf.length) {
      const bigger = new StaticArray<u8>(buf.length << 1);
      memory.copy(changetype<usize>(bigger), changetype<usize>(buf), <usize>this.n);
      this.buf = buf = bigger;
    }
    unchecked(buf[this.n++] = b); // n < buf.length: ensured above
  }
}

/** stringify serializes v as compact JSON. */
export function stringify(v: JsonValue): string {
  return new JsonWriter().value(v).toString();
}
