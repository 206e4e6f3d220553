// A strict DER reader (X.690 §8, §10) over part of a byte array, for certificates that come from the network:
// definite lengths only, in their shortest form, one-byte tags, every element inside its parent, nesting bounded.
// Reads return false or null and record the first problem with its byte offset; nothing here can trap.

import { utf8Validate } from "../encoding/utf8";

/** EMPTY is a shared empty array: the initial value of byte fields that parsing fills in. Never written to. */
export const EMPTY = new Uint8Array(0);

/** DER_MAX_DEPTH bounds nesting; a certificate needs about 12 levels (a directoryName in nameConstraints). */
export const DER_MAX_DEPTH: i32 = 16;
/** DER_MAX_LENGTH bounds one element's length, far above any certificate and below i32 overflow. */
export const DER_MAX_LENGTH: i32 = 1 << 24;

/** Universal tags this layer reads, as their identifier octet (constructed types with bit 0x20 set). */
export const enum Tag {
  Boolean = 0x01, Integer = 0x02, BitString = 0x03, OctetString = 0x04, Null = 0x05, Oid = 0x06,
  Utf8String = 0x0c, NumericString = 0x12, PrintableString = 0x13, TeletexString = 0x14, Ia5String = 0x16,
  UtcTime = 0x17, GeneralizedTime = 0x18, UniversalString = 0x1c, BmpString = 0x1e,
  Sequence = 0x30, Set = 0x31,
}

/** contextTag is the identifier octet of [n] (n < 31), constructed or primitive. */
// @ts-ignore: decorator
@inline export function contextTag(n: i32, constructed: bool): i32 {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** DerProblem keeps the first thing a reader refused, shared by a reader and every reader entered from it. */
export class DerProblem {
  reason: string = "";
  offset: i32 = -1;

  get found(): bool { return this.offset >= 0; }

  /** toString is "<reason> at byte <offset>", or "" when nothing was refused. */
  toString(): string {
    return this.found ? this.reason + " at byte " + this.offset.toString() : "";
  }
}

/**
 * DerReader walks the elements of data[pos, end) one at a time. After next(), read() or enter(), the fields tag,
 * elementStart, contentStart and contentLength describe the element just read, and pos is past it. Readers made
 * by enter() cover an element's content and share the problem record, so a failure deep inside is reported once.
 */
export class DerReader {
  tag: i32 = -1;
  elementStart: i32 = 0;
  contentStart: i32 = 0;
  contentLength: i32 = 0;

  /** Use derReader() or enter(): the constructor trusts 0 <= pos <= end <= data.length. */
  constructor(
    readonly data: Uint8Array, public pos: i32, readonly end: i32, readonly depth: i32, readonly problem: DerProblem,
  ) {}

  /** atEnd reports whether every element has been read. */
  get atEnd(): bool { return this.pos >= this.end; }

  /** peek is the next element's tag, or -1 at the end. */
  peek(): i32 {
    return this.pos < this.end ? <i32>unchecked(this.data[this.pos]) : -1; // pos < end <= data.length
  }

  /** next reads the next element's header, whatever its tag, and moves past the element. */
  next(): bool {
    const d = this.data, start = this.pos, end = this.end;
    if (start >= end) return this.failAt(start, "element missing");
    const tag = <i32>unchecked(d[start]); // start < end <= d.length
    // X.690 §8.1.2.4: tag numbers above 30 take more octets; nothing in X.509 uses them.
    if ((tag & 0x1f) == 0x1f) return this.failAt(start, "multi-byte tag");
    if (end - start < 2) return this.failAt(start, "length missing");
    let p = start + 1;
    let len = <i32>unchecked(d[p++]); // p = start + 1 < end
    if (len >= 0x80) {
      const n = len & 0x7f;
      // X.690 §10.1: DER uses the definite form only.
      if (n == 0) return this.failAt(start, "indefinite length");
      if (n > 3) return this.failAt(start, "length too large");
      if (end - p < n) return this.failAt(start, "length truncated");
      // X.690 §10.1: the fewest length octets, so no leading zero and no long form below 128.
      if (unchecked(d[p]) == 0) return this.failAt(start, "non-minimal length"); // p < end
      len = 0;
      for (let i = 0; i < n; i++) len = (len << 8) | <i32>unchecked(d[p++]); // p < end: n <= end - p above
      if (len < 0x80) return this.failAt(start, "non-minimal length");
    }
    if (len > end - p || len > DER_MAX_LENGTH) return this.failAt(start, "length beyond the enclosing element");
    this.tag = tag;
    this.elementStart = start;
    this.contentStart = p;
    this.contentLength = len;
    this.pos = p + len;
    return true;
  }

  /** read reads the next element, which must have the given tag. */
  read(tag: i32): bool {
    if (!this.next()) return false;
    if (this.tag == tag) return true;
    return this.failAt(this.elementStart, "expected " + tagName(tag) + ", found " + tagName(this.tag));
  }

  /** readIf reads the next element only when its tag is tag: 1 read, 0 absent, -1 malformed. */
  readIf(tag: i32): i32 {
    if (this.peek() != tag) return 0;
    return this.read(tag) ? 1 : -1;
  }

  /** enter reads an element with the given tag and returns a reader over its content, or null. */
  enter(tag: i32): DerReader | null {
    if (!this.read(tag)) return null;
    return this.inside();
  }

  /** inside returns a reader over the content of the element just read, one level deeper, or null if too deep. */
  inside(): DerReader | null {
    if (this.depth >= DER_MAX_DEPTH) {
      this.failAt(this.elementStart, "nesting deeper than " + DER_MAX_DEPTH.toString());
      return null;
    }
    const from = this.contentStart;
    return new DerReader(this.data, from, from + this.contentLength, this.depth + 1, this.problem);
  }

  /** content is a view of the last element's content; element, of the whole element. Neither copies. */
  content(): Uint8Array { return this.data.subarray(this.contentStart, this.contentStart + this.contentLength); }
  element(): Uint8Array { return this.data.subarray(this.elementStart, this.contentStart + this.contentLength); }

  /** finish checks that nothing follows the elements read; what names the structure for the message. */
  finish(what: string): bool {
    return this.atEnd || this.failAt(this.pos, "data after the end of " + what);
  }

  /** fail records reason at the current position (unless a problem was recorded already) and returns false. */
  fail(reason: string): bool {
    return this.failAt(this.pos, reason);
  }

  /** failAt is fail at a given offset. */
  failAt(offset: i32, reason: string): bool {
    const p = this.problem;
    if (!p.found) {
      p.reason = reason;
      p.offset = offset;
    }
    return false;
  }

  /** readBool reads a BOOLEAN: 1 true, 0 false, -1 malformed (X.690 §11.1: DER writes true as 0xff). */
  readBool(): i32 {
    if (!this.read(Tag.Boolean)) return -1;
    if (this.contentLength != 1) return this.failInt(this.elementStart, "BOOLEAN not one byte");
    const v = this.byteAt(this.contentStart);
    if (v == 0) return 0;
    if (v == 0xff) return 1;
    return this.failInt(this.elementStart, "BOOLEAN neither 0x00 nor 0xff");
  }

  /** readInteger reads an INTEGER of any sign in its shortest form (X.690 §8.3.2); content() holds it. */
  readInteger(): bool {
    if (!this.read(Tag.Integer)) return false;
    return this.checkMinimalInteger();
  }

  /**
   * readUnsigned reads a non-negative INTEGER and returns its magnitude without the sign byte, as a view; zero is
   * an empty view. Null for a negative or non-minimal INTEGER.
   */
  readUnsigned(): Uint8Array | null {
    if (!this.readInteger()) return null;
    const s = this.contentStart, n = this.contentLength;
    if (this.byteAt(s) >= 0x80) return this.nullAt(this.elementStart, "negative INTEGER");
    const skip = this.byteAt(s) == 0 ? 1 : 0;
    return this.data.subarray(s + skip, s + n);
  }

  /** readSmall reads a non-negative INTEGER up to max: the value, or -1 when malformed, negative or above max. */
  readSmall(max: i32): i32 {
    const v = this.readUnsigned();
    if (v === null) return -1;
    if (v.length > 4) return this.failInt(this.elementStart, "INTEGER too large");
    let x: u64 = 0;
    for (let i = 0; i < v.length; i++) x = (x << 8) | <u64>unchecked(v[i]); // i < v.length
    if (x > <u64>max) return this.failInt(this.elementStart, "INTEGER too large");
    return <i32>x;
  }

  /**
   * readBitString reads a BIT STRING (or, with tag, one implicitly tagged) and returns its bits as a view without
   * the unused-bits octet. Unless allowUnused, the bit count must be a multiple of 8 (keys, signatures); either way
   * unused bits must be zero (X.690 §11.2.1).
   */
  readBitString(allowUnused: bool, tag: i32 = Tag.BitString): Uint8Array | null {
    if (!this.read(tag)) return null;
    const s = this.contentStart, n = this.contentLength;
    if (n == 0) return this.nullAt(this.elementStart, "BIT STRING without its unused-bits octet");
    const unused = this.byteAt(s);
    if (unused > 7 || (unused != 0 && (n == 1 || !allowUnused))) {
      return this.nullAt(this.elementStart, "BIT STRING with " + unused.toString() + " unused bits");
    }
    if (unused != 0 && (this.byteAt(s + n - 1) & ((1 << unused) - 1)) != 0) {
      return this.nullAt(this.elementStart, "BIT STRING with non-zero unused bits");
    }
    return this.data.subarray(s + 1, s + n);
  }

  /** readOid reads an OBJECT IDENTIFIER (X.690 §8.19) whose subidentifiers are minimal; content() holds it. */
  readOid(): bool {
    if (!this.read(Tag.Oid)) return false;
    const s = this.contentStart, n = this.contentLength;
    if (n == 0) return this.failAt(this.elementStart, "empty OBJECT IDENTIFIER");
    // §8.19.2: each subidentifier is base-128 with no leading 0x80 octet, and the last octet ends one.
    if ((this.byteAt(s + n - 1) & 0x80) != 0) return this.failAt(this.elementStart, "truncated OBJECT IDENTIFIER");
    let first = true;
    for (let i = 0; i < n; i++) {
      const b = this.byteAt(s + i);
      if (first && b == 0x80) return this.failAt(this.elementStart, "non-minimal OBJECT IDENTIFIER");
      first = (b & 0x80) == 0;
    }
    return true;
  }

  /**
   * skipAny reads one element of any type and checks that it is DER all the way down, as OpenSSL does for an ANY:
   * constructed content is a run of such elements, BOOLEAN, INTEGER, NULL, OBJECT IDENTIFIER and BIT STRING have
   * their DER forms, and strings are well-formed (stringProblem). Universal tag 0 (end-of-contents) is refused.
   * Nesting is bounded by DER_MAX_DEPTH.
   */
  skipAny(): bool {
    switch (this.peek()) {
      case Tag.Boolean: return this.readBool() >= 0;
      case Tag.Integer: return this.readInteger();
      case Tag.Null: return this.readNull();
      case Tag.Oid: return this.readOid();
      case Tag.BitString: return this.readBitString(true) !== null;
      case 0x00: return this.fail("end-of-contents octets");
    }
    if (!this.next()) return false;
    if ((this.tag & 0x20) == 0) {
      const problem = stringProblem(this.tag, this.content());
      return problem.length == 0 || this.failAt(this.elementStart, problem);
    }
    const inner = this.inside();
    if (inner === null) return false;
    while (!inner.atEnd) if (!inner.skipAny()) return false;
    return true;
  }

  /** readNull reads a NULL, which has no content. */
  readNull(): bool {
    if (!this.read(Tag.Null)) return false;
    return this.contentLength == 0 || this.failAt(this.elementStart, "NULL with content");
  }

  // The byte at i, which every caller keeps inside the element just read (so below data.length).
  private byteAt(i: i32): i32 {
    return <i32>unchecked(this.data[i]);
  }

  private failInt(offset: i32, reason: string): i32 {
    this.failAt(offset, reason);
    return -1;
  }

  private nullAt(offset: i32, reason: string): Uint8Array | null {
    this.failAt(offset, reason);
    return null;
  }

  // X.690 §8.3.2: the first nine bits of an INTEGER of two or more octets are not all equal.
  private checkMinimalInteger(): bool {
    const s = this.contentStart, n = this.contentLength;
    if (n == 0) return this.failAt(this.elementStart, "empty INTEGER");
    if (n > 1) {
      const b0 = this.byteAt(s), b1 = this.byteAt(s + 1) & 0x80;
      if ((b0 == 0 && b1 == 0) || (b0 == 0xff && b1 != 0)) return this.failAt(this.elementStart, "non-minimal INTEGER");
    }
    return true;
  }
}

/**
 * stringProblem says what is wrong with content as a string of type tag, "" when nothing is (or tag is not one of
 * the string types checked): UTF8String must be UTF-8, BMPString whole UCS-2 characters and UniversalString whole
 * UCS-4 ones (no surrogates, nothing above U+10FFFF), IA5String bytes below 0x80.
 */
export function stringProblem(tag: i32, content: Uint8Array): string {
  if (tag == Tag.Utf8String) return utf8Validate(content) ? "" : "UTF8String that is not UTF-8";
  if (tag == Tag.BmpString) return wideValid(content, 2) ? "" : "BMPString that is not UCS-2";
  if (tag == Tag.UniversalString) return wideValid(content, 4) ? "" : "UniversalString that is not UCS-4";
  if (tag == Tag.Ia5String) {
    for (let i = 0; i < content.length; i++) {
      if (unchecked(content[i]) > 0x7f) return "IA5String with a byte above 0x7f"; // i < content.length
    }
  }
  return "";
}

// Whether b is whole big-endian characters of `width` bytes, none a surrogate or above U+10FFFF.
function wideValid(b: Uint8Array, width: i32): bool {
  if (b.length % width != 0) return false;
  for (let i = 0; i < b.length; i += width) {
    let c: u32 = 0;
    for (let j = 0; j < width; j++) c = (c << 8) | <u32>unchecked(b[i + j]); // i + j < b.length
    if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** derReader returns a reader over all of data, sharing problem. */
export function derReader(data: Uint8Array, problem: DerProblem): DerReader {
  return new DerReader(data, 0, data.length, 0, problem);
}

/** tagName names a tag for messages: "SEQUENCE", "[3]", "tag 0x45". */
export function tagName(tag: i32): string {
  switch (tag) {
    case Tag.Boolean: return "BOOLEAN";
    case Tag.Integer: return "INTEGER";
    case Tag.BitString: return "BIT STRING";
    case Tag.OctetString: return "OCTET STRING";
    case Tag.Null: return "NULL";
    case Tag.Oid: return "OBJECT IDENTIFIER";
    case Tag.UtcTime: return "UTCTime";
    case Tag.GeneralizedTime: return "GeneralizedTime";
    case Tag.Sequence: return "SEQUENCE";
    case Tag.Set: return "SET";
  }
  if ((tag & 0xc0) == 0x80) return "[" + (tag & 0x1f).toString() + "]";
  return "tag 0x" + (tag < 16 ? "0" : "") + tag.toString(16);
}
