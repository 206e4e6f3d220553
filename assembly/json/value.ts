// The DOM that JsonParser builds and JsonWriter serializes. Objects keep their members in document order as
// parallel key/value arrays: JOSE headers and claims are small, so lookups are a linear scan.

/** JsonKind tells which fields of a JsonValue are meaningful. */
export const enum JsonKind { Null = 0, Bool = 1, Number = 2, String = 3, Array = 4, Object = 5 }

/**
 * JsonValue is one JSON value. Only the fields of its kind are set: `bool`, `number`, `string`, `items` (Array),
 * or `keys`/`values` (Object, same length, document order). Container fields are null for every other kind, so
 * callers that do not check `kind` should use the helpers, which never trap.
 */
// JsonParser allocates values without this constructor (parse.ts make()): keep every default zero but `string`.
export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  bool: bool = false;
  number: f64 = 0;
  string: string = "";
  items: Array<JsonValue> | null = null;
  keys: Array<string> | null = null;
  values: Array<JsonValue> | null = null;

  static ofNull(): JsonValue { return new JsonValue(); }

  static ofBool(b: bool): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Bool;
    v.bool = b;
    return v;
  }

  static ofNumber(n: f64): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Number;
    v.number = n;
    return v;
  }

  static ofString(s: string): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.String;
    v.string = s;
    return v;
  }

  static newArray(): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Array;
    v.items = new Array<JsonValue>();
    return v;
  }

  static newObject(): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Object;
    v.keys = new Array<string>();
    v.values = new Array<JsonValue>();
    return v;
  }

  isNull(): bool { return this.kind == JsonKind.Null; }
  isBool(): bool { return this.kind == JsonKind.Bool; }
  isNumber(): bool { return this.kind == JsonKind.Number; }
  isString(): bool { return this.kind == JsonKind.String; }
  isArray(): bool { return this.kind == JsonKind.Array; }
  isObject(): bool { return this.kind == JsonKind.Object; }

  /** asString returns the string of a String value, or null for any other kind. */
  asString(): string | null { return this.kind == JsonKind.String ? this.string : null; }

  /** length is the number of array items or object members; 0 for scalars. */
  get length(): i32 {
    const items = this.items;
    if (items !== null) return items.length;
    const keys = this.keys;
    return keys !== null ? keys.length : 0;
  }

  /** at returns array item i, or null when this is not an array or i is out of range. */
  at(i: i32): JsonValue | null {
    const items = this.items;
    if (items === null || <u32>i >= <u32>items.length) return null;
    return unchecked(items[i]); // bounds checked on the line above
  }

  /** keyAt returns the name of object member i, or null when this is not an object or i is out of range. */
  keyAt(i: i32): string | null {
    const keys = this.keys;
    if (keys === null || <u32>i >= <u32>keys.length) return null;
    return unchecked(keys[i]); // bounds checked on the line above
  }

  /** valueAt returns the value of object member i, or null when this is not an object or i is out of range. */
  valueAt(i: i32): JsonValue | null {
    const values = this.values;
    if (values === null || <u32>i >= <u32>values.length) return null;
    return unchecked(values[i]); // bounds checked on the line above
  }

  /**
   * get returns the member named key, or null if absent or this is not an object. When duplicates were allowed
   * it returns the last one, as JSON.parse and Go's encoding/json do.
   */
  get(key: string): JsonValue | null {
    const keys = this.keys;
    const values = this.values;
    if (keys === null || values === null || keys.length != values.length) return null;
    for (let i = keys.length - 1; i >= 0; i--) {
      if (unchecked(keys[i]) == key) return unchecked(values[i]); // i < keys.length == values.length
    }
    return null;
  }

  /** push appends v to an array; it does nothing on other kinds. */
  push(v: JsonValue): JsonValue {
    const items = this.items;
    if (items !== null) items.push(v);
    return this;
  }

  /** set appends the member key: v to an object without looking for an existing key; no-op on other kinds. */
  set(key: string, v: JsonValue): JsonValue {
    const keys = this.keys;
    const values = this.values;
    if (keys !== null && values !== null) {
      keys.push(key);
      values.push(v);
    }
    return this;
  }
}

/**
 * jsonEquals compares two values structurally: numbers by bit pattern (so -0 differs from 0), objects member by
 * member in order. It recurses, so its depth is that of the values (the parser caps it at MAX_DEPTH_CAP).
 */
export function jsonEquals(a: JsonValue, b: JsonValue): bool {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case JsonKind.Null: return true;
    case JsonKind.Bool: return a.bool == b.bool;
    case JsonKind.Number: return reinterpret<u64>(a.number) == reinterpret<u64>(b.number);
    case JsonKind.String: return a.string == b.string;
  }
  const n = a.length;
  if (n != b.length) return false;
  for (let i = 0; i < n; i++) {
    if (a.kind == JsonKind.Object) {
      const ka = a.keyAt(i), kb = b.keyAt(i), va = a.valueAt(i), vb = b.valueAt(i);
      if (ka === null || kb === null || va === null || vb === null) return false;
      if (ka != kb || !jsonEquals(va, vb)) return false;
    } else {
      const ia = a.at(i), ib = b.at(i);
      if (ia === null || ib === null || !jsonEquals(ia, ib)) return false;
    }
  }
  return true;
}
