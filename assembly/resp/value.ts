// The reply tree that RespReader builds. Payloads are copies, never views of the reader's buffer, so a value stays
// valid after the reader compacts, refills or resets.

import { utf8DecodeLossy, utf8Encode } from "../encoding/utf8";
import { doubleValue } from "./scalars";

/**
 * RespKind tells which fields of a RespValue are meaningful. Null covers RESP2 `$-1`/`*-1` and RESP3 `_`; Error
 * covers `-` and `!`; Attribute appears only in RespValue.attributes. Values are stable.
 */
export const enum RespKind {
  Null = 0,
  /** `+`: bytes. */
  SimpleString = 1,
  /** `-` or `!`: bytes (the server's text, e.g. "NOAUTH Authentication required."). */
  Error = 2,
  /** `:`: integer. */
  Integer = 3,
  /** `$`: bytes, binary-safe. */
  BulkString = 4,
  /** `*`: elements. */
  Array = 5,
  /** `#`: integer is 1 (true) or 0 (false). */
  Bool = 6,
  /** `,`: bytes keeps the exact text ("1.5", "inf", "nan"); toDouble() converts it. */
  Double = 7,
  /** `(`: bytes keeps the digits with their optional sign; no arithmetic is done on them. */
  BigNumber = 8,
  /** `=`: format ("txt", "mkd") and bytes (the text after the colon). */
  Verbatim = 9,
  /** `%`: elements holds key, value, key, value... in wire order. */
  Map = 10,
  /** `~`: elements. */
  Set = 11,
  /** `>`: elements, out-of-band data such as pub/sub messages and client-tracking invalidations. */
  Push = 12,
  /** `|`: elements as in Map; only ever found in RespValue.attributes. */
  Attribute = 13,
}

/** isTypeByte reports whether c starts a RESP2 or RESP3 value: + - : $ * _ # , ( ! = % ~ > | */
export function isTypeByte(c: u8): bool {
  switch (c) {
    case 0x2b: case 0x2d: case 0x3a: case 0x24: case 0x2a: case 0x5f: case 0x23: case 0x2c: case 0x28:
    case 0x21: case 0x3d: case 0x25: case 0x7e: case 0x3e: case 0x7c: return true;
  }
  return false;
}

/** aggregateKind maps an aggregate type byte (* % ~ > |) to its kind; any other byte gives Array. */
export function aggregateKind(type: u8): RespKind {
  switch (type) {
    case 0x25: return RespKind.Map;
    case 0x7e: return RespKind.Set;
    case 0x3e: return RespKind.Push;
    case 0x7c: return RespKind.Attribute;
  }
  return RespKind.Array;
}

const NO_BYTES = new Uint8Array(0);

/**
 * RespValue is one decoded reply or element. Scalars leave `elements` null; aggregates leave `bytes` empty.
 * `attributes` holds a RESP3 attribute (`|`) that preceded the value, or null. The accessors never trap.
 */
export class RespValue {
  kind: RespKind = RespKind.Null;
  integer: i64 = 0;
  bytes: Uint8Array = NO_BYTES;
  format: string = "";
  elements: Array<RespValue> | null = null;
  attributes: RespValue | null = null;

  constructor(kind: RespKind) {
    this.kind = kind;
  }

  static ofBytes(kind: RespKind, bytes: Uint8Array): RespValue {
    const v = new RespValue(kind);
    v.bytes = bytes;
    return v;
  }

  static ofInteger(kind: RespKind, n: i64): RespValue {
    const v = new RespValue(kind);
    v.integer = n;
    return v;
  }

  static ofAggregate(kind: RespKind): RespValue {
    const v = new RespValue(kind);
    v.elements = new Array<RespValue>();
    return v;
  }

  isNull(): bool { return this.kind == RespKind.Null; }
  isError(): bool { return this.kind == RespKind.Error; }
  get bool(): bool { return this.kind == RespKind.Bool && this.integer != 0; }

  /** isAggregate is true for Array, Map, Set, Push and Attribute. */
  isAggregate(): bool { return this.elements !== null; }

  /**
   * toDouble converts a Double to the nearest f64 (correctly rounded; inf, -inf and nan as such; text beyond the
   * f64 range as ±inf); 0 for other kinds. It parses on every call: extreme exponents cost up to ~0.2 ms.
   */
  toDouble(): f64 {
    return this.kind == RespKind.Double ? doubleValue(this.bytes) : 0;
  }

  /** text returns bytes as a string, invalid UTF-8 replaced by U+FFFD; "" for kinds without bytes. */
  text(): string {
    return utf8DecodeLossy(this.bytes);
  }

  /** textIs reports whether bytes equal the UTF-8 of s, such as `v.textIs("OK")` after SET. */
  textIs(s: string): bool {
    const b = this.bytes;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      // Past ASCII, compare against the real encoding instead of unit by unit.
      if (s.charCodeAt(i) >= 0x80) return sameBytes(b, utf8Encode(s));
    }
    if (b.length != n) return false;
    for (let i = 0; i < n; i++) if (<i32>unchecked(b[i]) != s.charCodeAt(i)) return false; // i < n == b.length
    return true;
  }

  /**
   * errorCode returns the first word of an Error reply ("ERR", "NOAUTH", "WRONGPASS", "READONLY", "OOM",
   * "LOADING", "MOVED"...), by Redis convention its machine-readable prefix; "" for other kinds.
   */
  errorCode(): string {
    if (this.kind != RespKind.Error) return "";
    const b = this.bytes;
    let n = 0;
    while (n < b.length && unchecked(b[n]) != 0x20) n++; // n < b.length checked first
    return utf8DecodeLossy(b.subarray(0, n));
  }

  /** length is the number of elements (2 per pair in maps and attributes); 0 for scalars. */
  get length(): i32 {
    const e = this.elements;
    return e !== null ? e.length : 0;
  }

  /** at returns element i, or null when this is not an aggregate or i is out of range. */
  at(i: i32): RespValue | null {
    const e = this.elements;
    if (e === null || <u32>i >= <u32>e.length) return null;
    return unchecked(e[i]); // bounds checked on the line above
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): bool {
  if (a.length != b.length) return false;
  for (let i = 0; i < a.length; i++) if (unchecked(a[i]) != unchecked(b[i])) return false; // i < both lengths
  return true;
}
