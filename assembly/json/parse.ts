// Strict RFC 8259 JSON parser for attacker-controlled input (JWT headers and claims, token and discovery
// responses, the Traefik config). It never traps: every failure is a JsonErr, and nesting is walked with an
// explicit stack, so depth costs heap, not wasm stack.

import { JsonErr, jsonErrName } from "./errors";
import { NumberReader } from "./number";
import { StringReader } from "./strings";
import { JsonKind, JsonValue } from "./value";

export { JsonErr, jsonErrName };

/** MAX_DEPTH_CAP bounds JsonLimits.maxDepth so recursive walkers (jsonEquals, JsonWriter.value) stay shallow. */
export const MAX_DEPTH_CAP: i32 = 512;
// Objects with this many members switch duplicate detection from a linear scan to a Set, which bounds the
// cost of a 10000-member object at O(n) instead of O(n^2) string compares.
// @ts-ignore: decorator
@inline const LINEAR_KEYS: i32 = 16;

/** JsonLimits bounds what one parse may consume. The defaults suit JOSE objects and OIDC documents. */
export class JsonLimits {
  /** Longest accepted input, in bytes. */
  maxBytes: i32 = 1 << 20;
  /** Deepest nesting of arrays and objects; `[]` has depth 1, a scalar 0. Clamped to MAX_DEPTH_CAP. */
  maxDepth: i32 = 32;
  /** Most values in one document, counting the root and every nested value (not member names). */
  maxMembers: i32 = 10000;
  /** Reject an object that repeats a member name; JOSE (RFC 7515 §5.2 step 4) requires this. */
  rejectDuplicateKeys: bool = true;
}

const NO_BYTES = new Uint8Array(0);

/**
 * JsonParser parses one UTF-8 JSON text into a JsonValue. On failure parse() returns null and leaves `err` and
 * `offset` (the byte where parsing stopped). A parser can be reused; it keeps no reference to its last input.
 * It does not accept a byte order mark (RFC 8259 §8.1), comments, trailing commas, NaN or Infinity.
 */
export class JsonParser {
  err: JsonErr = JsonErr.Ok;
  offset: i32 = 0;
  private limits: JsonLimits;
  private bytes: Uint8Array = NO_BYTES;
  private pos: i32 = 0;
  private count: i32 = 0;
  private opened: bool = false;
  private stack: Array<JsonValue> = new Array<JsonValue>();
  private seen: Array<Set<string> | null> = new Array<Set<string> | null>();
  private strings: StringReader = new StringReader();
  private numbers: NumberReader = new NumberReader();

  constructor(limits: JsonLimits = new JsonLimits()) {
    this.limits = limits;
  }

  /** parse returns the document's root value, or null with `err` set. */
  parse(bytes: Uint8Array): JsonValue | null {
    this.err = JsonErr.Ok;
    this.offset = 0;
    this.pos = 0;
    this.count = 0;
    this.stack.length = 0;
    this.seen.length = 0;
    // RFC 8259 §9: a parser may limit the size of texts it accepts; checked before reading a byte.
    if (bytes.length > this.limits.maxBytes) return this.fail(JsonErr.TooLarge, 0);
    this.bytes = bytes;
    const root = this.document();
    this.bytes = NO_BYTES;
    this.stack.length = 0;
    this.seen.length = 0;
    return root;
  }

  // One pass of the outer loop reads a value; the inner loop attaches finished values to their parents and
  // closes every container that ends at that point.
  private document(): JsonValue | null {
    while (true) {
      let done = this.value();
      if (done === null) return null;
      if (this.opened) {
        this.skipWs();
        if (this.peek() == closer(done)) {
          this.pos++;
          this.pop();
        } else {
          if (done.kind == JsonKind.Object && !this.key(done)) return null;
          continue;
        }
      }
      while (true) {
        const depth = this.stack.length;
        if (depth == 0) return this.finish(done);
        const top = unchecked(this.stack[depth - 1]); // depth > 0
        if (top.kind == JsonKind.Object) top.values!.push(done); // objects always carry values
        else top.items!.push(done); // the stack holds only arrays and objects
        this.skipWs();
        const c = this.peek();
        if (c == 0x2c) {
          // RFC 8259 §4/§5: after a comma another member or element must follow, so `[1,]` fails below.
          this.pos++;
          if (top.kind == JsonKind.Object && !this.key(top)) return null;
          break;
        }
        if (c != closer(top)) return this.unexpected();
        this.pos++;
        this.pop();
        done = top;
      }
    }
  }

  // Reads one value. Scalars come back complete; an array or object is pushed and returned with `opened` set.
  private value(): JsonValue | null {
    this.opened = false;
    this.skipWs();
    const c = this.peek();
    if (c < 0) return this.fail(JsonErr.UnexpectedEnd, this.pos);
    if (++this.count > this.limits.maxMembers) return this.fail(JsonErr.TooManyMembers, this.pos);
    switch (c) {
      case 0x7b: case 0x5b: { // { [
        // RFC 8259 §9: a parser may limit the maximum depth of nesting; checked before the push.
        const maxDepth = min(this.limits.maxDepth, MAX_DEPTH_CAP);
        if (this.stack.length >= maxDepth) return this.fail(JsonErr.TooDeep, this.pos);
        this.pos++;
        const v = c == 0x7b ? JsonValue.newObject() : JsonValue.newArray();
        this.stack.push(v);
        this.seen.push(null);
        this.opened = true;
        return v;
      }
      case 0x22: {
        if (!this.strings.read(this.bytes, this.pos)) return this.fail(this.strings.err, this.strings.end);
        this.pos = this.strings.end;
        return JsonValue.ofString(this.strings.value);
      }
      case 0x74: return this.literal("true") ? JsonValue.ofBool(true) : null;
      case 0x66: return this.literal("false") ? JsonValue.ofBool(false) : null;
      case 0x6e: return this.literal("null") ? JsonValue.ofNull() : null;
    }
    if (c != 0x2d && (c < 0x30 || c > 0x39)) return this.fail(JsonErr.UnexpectedByte, this.pos);
    if (!this.numbers.read(this.bytes, this.pos)) return this.fail(this.numbers.err, this.numbers.end);
    this.pos = this.numbers.end;
    return JsonValue.ofNumber(this.numbers.value);
  }

  // Reads `"name" :` of the next member of obj, rejecting a repeated name when the limits say so.
  private key(obj: JsonValue): bool {
    this.skipWs();
    const c = this.peek();
    if (c != 0x22) {
      this.unexpected();
      return false;
    }
    if (!this.strings.read(this.bytes, this.pos)) {
      this.fail(this.strings.err, this.strings.end);
      return false;
    }
    const name = this.strings.value;
    const keys = obj.keys!; // key() is only called for objects, which always carry keys
    // RFC 8259 §4: names SHOULD be unique, and receivers of duplicates behave unpredictably; we refuse them.
    if (this.limits.rejectDuplicateKeys && this.isDuplicate(keys, name)) {
      this.fail(JsonErr.DuplicateKey, this.pos);
      return false;
    }
    keys.push(name);
    this.pos = this.strings.end;
    this.skipWs();
    // RFC 8259 §4: name-separator between a member's name and value.
    if (this.peek() != 0x3a) {
      this.unexpected();
      return false;
    }
    this.pos++;
    return true;
  }

  // Small objects are scanned; from LINEAR_KEYS members on, the object's names go into a Set kept on its frame.
  private isDuplicate(keys: Array<string>, name: string): bool {
    const frame = this.seen.length - 1; // the object being filled is the top frame
    let set = unchecked(this.seen[frame]); // frame >= 0: key() runs inside an open object
    if (set === null) {
      if (keys.length < LINEAR_KEYS) {
        for (let i = 0; i < keys.length; i++) if (unchecked(keys[i]) == name) return true; // i < length
        return false;
      }
      set = new Set<string>();
      for (let i = 0; i < keys.length; i++) set.add(unchecked(keys[i])); // i < length
      unchecked(this.seen[frame] = set);
    }
    if (set.has(name)) return true;
    set.add(name);
    return false;
  }

  // Matches the rest of a literal whose first byte the caller has seen.
  private literal(word: string): bool {
    for (let i = 0; i < word.length; i++) {
      const c = this.peek();
      if (c != word.charCodeAt(i)) {
        this.unexpected();
        return false;
      }
      this.pos++;
    }
    return true;
  }

  private finish(root: JsonValue): JsonValue | null {
    this.skipWs();
    if (this.pos < this.bytes.length) return this.fail(JsonErr.TrailingBytes, this.pos);
    return root;
  }

  private pop(): void {
    this.stack.pop();
    this.seen.pop();
  }

  // RFC 8259 §2: insignificant whitespace is space, horizontal tab, line feed and carriage return only.
  private skipWs(): void {
    while (true) {
      const c = this.peek();
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) return;
      this.pos++;
    }
  }

  // The byte at pos, or -1 at the end of the input.
  // @ts-ignore: decorator
  @inline private peek(): i32 {
    const pos = this.pos;
    const bytes = this.bytes;
    return <u32>pos < <u32>bytes.length ? <i32>unchecked(bytes[pos]) : -1; // bounds checked in the condition
  }

  private unexpected(): JsonValue | null {
    return this.fail(this.peek() < 0 ? JsonErr.UnexpectedEnd : JsonErr.UnexpectedByte, this.pos);
  }

  private fail(e: JsonErr, at: i32): JsonValue | null {
    this.err = e;
    this.offset = at;
    return null;
  }
}

// The byte that closes container v.
// @ts-ignore: decorator
@inline function closer(v: JsonValue): i32 {
  return v.kind == JsonKind.Object ? 0x7d : 0x5d;
}
