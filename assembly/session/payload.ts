// Payload records: a compact, versioned binary encoding for the small records kept in sealed cookies (a session
// summary, a login's state). Generic on purpose: fields are positional and typed, their meaning is the caller's.
//
// Format 1:
//   0x01            the format (this layout)
//   schema          one byte the caller picks per record type and version; opaque here
//   uvarint count   the number of fields, at most MAX_FIELDS
//   count fields, each a tag byte, then:
//     0x01 string   uvarint n, n bytes of UTF-8
//     0x02 int      uvarint of the zigzag-mapped i64 (small magnitudes of either sign are short)
//     0x03 strings  uvarint k, then k times (uvarint n, n bytes of UTF-8)
//     0x04 bytes    uvarint n, n bytes
//   and nothing after the last field.
// uvarint is unsigned LEB128 in at most 10 bytes, minimal (no final 0x00 group). The count up front makes every
// proper prefix of a record fail; minimal varints and strict UTF-8 give each record exactly one encoding.
// Sealed cookies authenticate these bytes, but the reader still assumes nothing: it never traps, on any input.

import { utf8DecodeUnsafe } from "../encoding/utf8";
import { SessionErr, SessionStatus, sessionFail, sessionOk } from "./errors";

/** PAYLOAD_FORMAT_V1 is the first byte of every record in this format. */
export const PAYLOAD_FORMAT_V1: u8 = 1;
/** MAX_PAYLOAD_BYTES: the longest record, read or written; a cookie session past it has gone wrong. */
export const MAX_PAYLOAD_BYTES: i32 = 16384;
/** MAX_FIELDS: most fields in one record. */
export const MAX_FIELDS: i32 = 64;
/** MAX_STRING_BYTES: longest string, in UTF-8 bytes, and longest bytes field. */
export const MAX_STRING_BYTES: i32 = 4096;
/** MAX_LIST_ITEMS: most strings in one strings field. */
export const MAX_LIST_ITEMS: i32 = 256;

/** FieldKind is a field's type, and its tag byte. None is what kindAt reports past the last field. */
export const enum FieldKind { None = 0, String = 1, Int = 2, Strings = 3, Bytes = 4 }

// The shape letters of Payload.matches, indexed by FieldKind.
const SHAPE = " silb";

/** PayloadField is one decoded field; only the member of its kind is set. */
export class PayloadField {
  text: string = "";
  int: i64 = 0;
  list: Array<string> = new Array<string>(0);
  bytes: Uint8Array = new Uint8Array(0);
  constructor(readonly kind: FieldKind) {}
}

/**
 * Payload is a decoded record: its schema byte and its fields in order. Getters never trap: an index past the end
 * or of another kind gives null (intAt: 0, so check kindAt or matches first).
 */
export class Payload {
  constructor(readonly schema: u8, private readonly fields: Array<PayloadField>) {}

  /** length is the number of fields. */
  get length(): i32 { return this.fields.length; }

  /** kindAt returns the kind of field i, or None when there is no field i. */
  kindAt(i: i32): FieldKind {
    return <u32>i < <u32>this.fields.length ? unchecked(this.fields[i]).kind : FieldKind.None; // unsigned test bounds i
  }

  /**
   * matches reports whether the fields are exactly of the kinds shape spells, one letter each: s string, i int,
   * l strings (list), b bytes. `p.matches("sil")` checks a whole schema before the getters read it.
   */
  matches(shape: string): bool {
    const n = this.fields.length;
    if (shape.length != n) return false;
    for (let i = 0; i < n; i++) {
      if (shape.charCodeAt(i) != SHAPE.charCodeAt(<i32>unchecked(this.fields[i]).kind)) return false; // i < n, kind <= 4
    }
    return true;
  }

  /** stringAt returns string field i, or null when field i is missing or not a string. */
  stringAt(i: i32): string | null {
    return this.kindAt(i) == FieldKind.String ? unchecked(this.fields[i]).text : null; // kindAt bounded i
  }

  /** intAt returns int field i, or 0 when field i is missing or not an int (tell them apart with kindAt). */
  intAt(i: i32): i64 {
    return this.kindAt(i) == FieldKind.Int ? unchecked(this.fields[i]).int : 0; // kindAt bounded i
  }

  /** stringsAt returns strings field i (the decoded array itself, not a copy), or null. */
  stringsAt(i: i32): Array<string> | null {
    return this.kindAt(i) == FieldKind.Strings ? unchecked(this.fields[i]).list : null; // kindAt bounded i
  }

  /** bytesAt returns bytes field i (its own copy of the input bytes), or null. */
  bytesAt(i: i32): Uint8Array | null {
    return this.kindAt(i) == FieldKind.Bytes ? unchecked(this.fields[i]).bytes : null; // kindAt bounded i
  }
}

/**
 * decodePayload reads one whole record. It returns null, with status err and offset, for: PayloadLimit (input,
 * count, string, bytes or list over its limit), PayloadTruncated (the input ends inside the record),
 * PayloadOverflow (a varint past 64 bits), PayloadBadUtf8, or PayloadMalformed (another format byte, an unknown
 * tag, a non-minimal varint, bytes after the last field).
 */
export function decodePayload(bytes: Uint8Array, status: SessionStatus | null = null): Payload | null {
  if (bytes.length > MAX_PAYLOAD_BYTES) return sessionFail<Payload>(status, SessionErr.PayloadLimit);
  const r = new Reader(bytes);
  if (r.byte() != PAYLOAD_FORMAT_V1 && r.err == SessionErr.Ok) r.fail(SessionErr.PayloadMalformed, 0);
  const schema = <u8>r.byte();
  const count = r.count(MAX_FIELDS);
  const fields = new Array<PayloadField>();
  for (let i = 0; i < count && r.err == SessionErr.Ok; i++) {
    const at = r.at;
    const tag = r.byte();
    const f = new PayloadField(<FieldKind>max(tag, 0));
    if (tag == FieldKind.String) f.text = r.text();
    else if (tag == FieldKind.Int) f.int = zigzagDecode(r.uvarint());
    else if (tag == FieldKind.Strings) {
      for (let k = 0, n = r.count(MAX_LIST_ITEMS); k < n && r.err == SessionErr.Ok; k++) f.list.push(r.text());
    } else if (tag == FieldKind.Bytes) f.bytes = r.bytes();
    else if (r.err == SessionErr.Ok) r.fail(SessionErr.PayloadMalformed, at);
    fields.push(f);
  }
  if (r.err == SessionErr.Ok && r.at != bytes.length) r.fail(SessionErr.PayloadMalformed, r.at);
  if (r.err != SessionErr.Ok) return sessionFail<Payload>(status, r.err, r.errAt);
  sessionOk(status);
  return new Payload(schema, fields);
}

/**
 * PayloadWriter builds one record, field by field, in call order. A field over a limit, or a string with a lone
 * surrogate (it has no UTF-8), sets `err` and makes every later call a no-op; finish() then returns null.
 */
export class PayloadWriter {
  /** The first error met (PayloadLimit or PayloadBadUtf8), or Ok. */
  err: SessionErr = SessionErr.Ok;
  private buf: Uint8Array = new Uint8Array(128);
  private n: i32 = 0;
  private count: i32 = 0;

  /** The writer starts a record of the caller's schema byte (its record type and version). */
  constructor(readonly schema: u8) {}

  /** string appends a string field: PayloadLimit past MAX_STRING_BYTES of UTF-8, PayloadBadUtf8 for a lone surrogate. */
  string(s: string): PayloadWriter {
    if (this.field(FieldKind.String)) this.text(s);
    return this;
  }

  /** int appends an int field; every i64 fits, in 1 to 10 bytes. */
  int(v: i64): PayloadWriter {
    if (this.field(FieldKind.Int)) this.uvarint((<u64>v << 1) ^ <u64>(v >> 63)); // zigzag: sign to the low bit
    return this;
  }

  /** strings appends a strings field: PayloadLimit past MAX_LIST_ITEMS items; each item as string(). */
  strings(list: Array<string>): PayloadWriter {
    if (!this.field(FieldKind.Strings)) return this;
    if (list.length > MAX_LIST_ITEMS) return this.fail(SessionErr.PayloadLimit);
    this.uvarint(<u64>list.length);
    for (let i = 0, n = list.length; i < n && this.err == SessionErr.Ok; i++) this.text(unchecked(list[i])); // i < n
    return this;
  }

  /** bytes appends a bytes field: PayloadLimit past MAX_STRING_BYTES bytes. */
  bytes(b: Uint8Array): PayloadWriter {
    if (!this.field(FieldKind.Bytes)) return this;
    if (b.length > MAX_STRING_BYTES) return this.fail(SessionErr.PayloadLimit);
    this.uvarint(<u64>b.length);
    this.put(b.dataStart, b.length);
    return this;
  }

  /** finish returns the record, or null with err (also on status) after a refused field or past MAX_PAYLOAD_BYTES. */
  finish(status: SessionStatus | null = null): Uint8Array | null {
    if (this.err != SessionErr.Ok) return sessionFail<Uint8Array>(status, this.err);
    const count = this.count;
    const head = 2 + (count < 0x80 ? 1 : 2); // count <= MAX_FIELDS < 2^14
    if (head + this.n > MAX_PAYLOAD_BYTES) {
      this.err = SessionErr.PayloadLimit;
      return sessionFail<Uint8Array>(status, SessionErr.PayloadLimit);
    }
    const out = new Uint8Array(head + this.n);
    out[0] = PAYLOAD_FORMAT_V1;
    out[1] = this.schema;
    if (count < 0x80) out[2] = <u8>count;
    else {
      out[2] = <u8>(count | 0x80);
      out[3] = <u8>(count >> 7);
    }
    memory.copy(out.dataStart + <usize>head, this.buf.dataStart, <usize>this.n); // out has head + n bytes
    sessionOk(status);
    return out;
  }

  // Starts a field of kind; false when the writer is poisoned or full.
  private field(kind: FieldKind): bool {
    if (this.err != SessionErr.Ok) return false;
    if (this.count >= MAX_FIELDS) {
      this.fail(SessionErr.PayloadLimit);
      return false;
    }
    this.count++;
    this.byte(<u8>kind);
    return true;
  }

  private text(s: string): void {
    if (!wellFormed(s)) {
      this.fail(SessionErr.PayloadBadUtf8);
      return;
    }
    const len = String.UTF8.byteLength(s);
    if (len > MAX_STRING_BYTES) {
      this.fail(SessionErr.PayloadLimit);
      return;
    }
    this.uvarint(<u64>len);
    this.room(len);
    // wellFormed(s) holds, so the encoding is exactly len bytes, and room() made space for them.
    String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, this.buf.dataStart + <usize>this.n);
    this.n += len;
  }

  private uvarint(v: u64): void {
    while (v >= 0x80) {
      this.byte(<u8>(v | 0x80));
      v >>= 7;
    }
    this.byte(<u8>v);
  }

  private byte(b: u8): void {
    this.room(1);
    store<u8>(this.buf.dataStart + <usize>this.n, b); // room(1) made n < buf.length
    this.n++;
  }

  private put(ptr: usize, len: i32): void {
    this.room(len);
    memory.copy(this.buf.dataStart + <usize>this.n, ptr, <usize>len); // room(len) made space
    this.n += len;
  }

  // Grows buf to hold k more bytes. Fields are bounded, so n stays far below i32 overflow before finish() checks.
  private room(k: i32): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(max(this.buf.length * 2, this.n + k));
    memory.copy(next.dataStart, this.buf.dataStart, <usize>this.n);
    this.buf = next;
  }

  private fail(e: SessionErr): PayloadWriter {
    this.err = e;
    return this;
  }
}

// A cursor over a record. The first error sticks (err, errAt), and from then on every read returns 0 or "".
class Reader {
  at: i32 = 0;
  err: SessionErr = SessionErr.Ok;
  errAt: i32 = 0;
  private readonly ptr: usize;
  private readonly end: i32;

  constructor(bytes: Uint8Array) {
    this.ptr = bytes.dataStart;
    this.end = bytes.length;
  }

  fail(e: SessionErr, at: i32): void {
    if (this.err != SessionErr.Ok) return;
    this.err = e;
    this.errAt = at;
  }

  // The next byte, or -1 (and Truncated) at the end.
  byte(): i32 {
    if (this.err != SessionErr.Ok) return -1;
    if (this.at >= this.end) {
      this.fail(SessionErr.PayloadTruncated, this.at);
      return -1;
    }
    const b = <i32>load<u8>(this.ptr + <usize>this.at); // at < end
    this.at++;
    return b;
  }

  uvarint(): u64 {
    const start = this.at;
    let v: u64 = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      if (b < 0) return 0;
      // The 10th group holds bit 63 alone: anything above 1 there, or a continuation, passes 64 bits.
      if (i == 9 && b > 1) {
        this.fail(SessionErr.PayloadOverflow, start);
        return 0;
      }
      v |= <u64>(b & 0x7f) << (7 * <u64>i);
      if (b < 0x80) {
        // Minimal: a final group of 0 after other groups adds nothing, a second spelling of a shorter varint.
        if (b == 0 && i > 0) this.fail(SessionErr.PayloadMalformed, start);
        return v;
      }
    }
    return 0; // unreachable in practice: the 10th byte either ends the varint or fails above
  }

  // A count of at most limit (PayloadLimit past it), as an i32.
  count(limit: i32): i32 {
    const start = this.at;
    const v = this.uvarint();
    if (v > <u64>limit) {
      this.fail(SessionErr.PayloadLimit, start);
      return 0;
    }
    return <i32>v;
  }

  // A length-prefixed run of at most MAX_STRING_BYTES that the input holds; returns its offset, or -1.
  run(): i32 {
    const n = this.count(MAX_STRING_BYTES);
    if (this.err != SessionErr.Ok) return -1;
    if (n > this.end - this.at) {
      this.fail(SessionErr.PayloadTruncated, this.end);
      return -1;
    }
    const at = this.at;
    this.at += n;
    return at;
  }

  text(): string {
    const at = this.run();
    if (at < 0) return "";
    const s = utf8DecodeUnsafe(this.ptr + <usize>at, this.at - at); // [at, this.at) is inside the input
    if (s !== null) return s;
    this.fail(SessionErr.PayloadBadUtf8, at);
    return "";
  }

  bytes(): Uint8Array {
    const at = this.run();
    if (at < 0) return new Uint8Array(0);
    const out = new Uint8Array(this.at - at);
    memory.copy(out.dataStart, this.ptr + <usize>at, <usize>out.length); // [at, this.at) is inside the input
    return out;
  }
}

// zigzag maps 0, -1, 1, -2 … to 0, 1, 2, 3 …; this is its inverse.
function zigzagDecode(u: u64): i64 {
  return <i64>(u >> 1) ^ -<i64>(u & 1);
}

// wellFormed reports whether s has no lone surrogate, i.e. whether it has a UTF-8 encoding.
function wellFormed(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff || i + 1 >= n) return false;
    const d = s.charCodeAt(i + 1);
    if (d < 0xdc00 || d > 0xdfff) return false;
    i++;
  }
  return true;
}
