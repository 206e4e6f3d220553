// Strict RFC 8259 JSON parser for attacker-controlled input (JWT headers and claims, token and discovery
// responses, the Traefik config). It never traps: every failure is a JsonErr, and nesting is walked with an
// explicit stack, so depth costs heap, not wasm stack.

import { JsonErr, jsonErrName } from "./errors";
import { Frames } from "./frames";
import { NumberReader } from "./number";
import { StringReader } from "./strings";
import { JsonKind, JsonValue } from "./value";

export { JsonErr, jsonErrName };

/** MAX_DEPTH_CAP bounds JsonLimits.maxDepth so recursive walkers (jsonEquals, JsonWriter.value) stay shallow. */
export const MAX_DEPTH_CAP: i32 = 512;

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
 * `offset` (the byte where parsing stopped). A parser can be reused; it keeps no reference to its last input,
 * only the strings of up to 256 short member names, which later documents then share (names.ts).
 * It does not accept a byte order mark (RFC 8259 §8.1), comments, trailing commas, NaN or Infinity.
 */
export class JsonParser {
  err: JsonErr = JsonErr.Ok;
  offset: i32 = 0;
  private limits: JsonLimits;
  // The input during parse() (len bytes at base), read up to pos. Limits are copied here for the same time.
  private bytes: Uint8Array = NO_BYTES;
  private base: usize = 0;
  private len: i32 = 0;
  private pos: i32 = 0;
  private count: i32 = 0;
  private maxMembers: i32 = 0;
  private maxDepth: i32 = 0;
  private unique: bool = true;
  private opened: bool = false;
  private frames: Frames = new Frames();
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
    const limits = this.limits;
    // RFC 8259 §9: a parser may limit the size of texts it accepts; checked before reading a byte.
    if (bytes.length > limits.maxBytes) return this.fail(JsonErr.TooLarge, 0);
    this.maxMembers = limits.maxMembers;
    this.maxDepth = min(limits.maxDepth, MAX_DEPTH_CAP);
    this.unique = limits.rejectDuplicateKeys;
    this.bytes = bytes;
    this.base = bytes.dataStart;
    this.len = bytes.length;
    const root = this.document();
    this.bytes = NO_BYTES;
    this.base = 0;
    this.len = 0;
    this.frames.clear(); // after a failure it still holds the open containers
    return root;
  }

  // One pass of the outer loop reads a value; the inner loop attaches finished values to their parents and
  // closes every container that ends at that point.
  private document(): JsonValue | null {
    const frames = this.frames;
    while (true) {
      let done = this.value();
      if (done === null) return null;
      if (this.opened) {
        if (this.peekWs() == closer(done)) {
          this.pos++;
          frames.close(); // done
        } else {
          if (done.kind == JsonKind.Object && !this.key()) return null;
          continue;
        }
      }
      while (true) {
        if (frames.depth == 0) return this.finish(done);
        const top = frames.top(); // depth > 0
        frames.add(done);
        const c = this.peekWs();
        if (c == 0x2c) {
          // RFC 8259 §4/§5: after a comma another member or element must follow, so `[1,]` fails below.
          this.pos++;
          if (top.kind == JsonKind.Object && !this.key()) return null;
          break;
        }
        if (c != closer(top)) return this.unexpected();
        this.pos++;
        done = frames.close(); // top
      }
    }
  }

  // Reads one value. Scalars come back complete; an array or object is pushed and returned with `opened` set.
  // @ts-ignore: decorator
  @inline private value(): JsonValue | null {
    this.opened = false;
    const c = this.peekWs();
    if (c < 0) return this.fail(JsonErr.UnexpectedEnd, this.pos);
    if (++this.count > this.maxMembers) return this.fail(JsonErr.TooManyMembers, this.pos);
    if (c == 0x22) return this.stringValue();
    if (c == 0x7b || c == 0x5b) return this.open(c); // { [
    if (c == 0x74) return this.literal("true") ? makeBool(true) : null;
    if (c == 0x66) return this.literal("false") ? makeBool(false) : null;
    if (c == 0x6e) return this.literal("null") ? make(JsonKind.Null) : null;
    if (c != 0x2d && (c < 0x30 || c > 0x39)) return this.fail(JsonErr.UnexpectedByte, this.pos);
    return this.numberValue();
  }

  // @ts-ignore: decorator
  @inline private stringValue(): JsonValue | null {
    const strings = this.strings;
    const s = strings.read(this.base, this.len, this.pos, false);
    if (changetype<usize>(s) == 0) return this.fail(strings.err, strings.end); // not `== null`: String.__eq
    this.pos = strings.end;
    const v = make(JsonKind.String);
    // v is newer than s and nothing allocated since, so v is not black: no write barrier needed.
    store<usize>(changetype<usize>(v), changetype<usize>(s), offsetof<JsonValue>("string"));
    return v;
  }

  private numberValue(): JsonValue | null {
    const numbers = this.numbers;
    if (!numbers.read(this.bytes, this.pos)) return this.fail(numbers.err, numbers.end);
    this.pos = numbers.end;
    const v = make(JsonKind.Number);
    v.number = numbers.value;
    return v;
  }

  // Opens the array or object whose first byte c is at pos.
  private open(c: i32): JsonValue | null {
    // RFC 8259 §9: a parser may limit the maximum depth of nesting; checked before the push.
    if (this.frames.depth >= this.maxDepth) return this.fail(JsonErr.TooDeep, this.pos);
    this.pos++;
    // Its arrays are attached by Frames.close(), the only way a container leaves the frames into a result.
    const v = make(c == 0x7b ? JsonKind.Object : JsonKind.Array);
    this.frames.open(v);
    this.opened = true;
    return v;
  }

  // Reads `"name" :` of the next member of the innermost object, rejecting a repeated name when the limits say so.
  // @ts-ignore: decorator
  @inline private key(): bool {
    if (this.peekWs() != 0x22) {
      this.unexpected();
      return false;
    }
    const strings = this.strings;
    const name = strings.read(this.base, this.len, this.pos, true);
    if (changetype<usize>(name) == 0) { // not `== null`: String.__eq
      this.fail(strings.err, strings.end);
      return false;
    }
    // RFC 8259 §4: names SHOULD be unique, and receivers of duplicates behave unpredictably; we refuse them.
    if (!this.frames.addName(name, strings.hash, this.unique)) {
      this.fail(JsonErr.DuplicateKey, this.pos);
      return false;
    }
    this.pos = strings.end;
    // RFC 8259 §4: name-separator between a member's name and value.
    if (this.peekWs() != 0x3a) {
      this.unexpected();
      return false;
    }
    this.pos++;
    return true;
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
    if (this.peekWs() >= 0) return this.fail(JsonErr.TrailingBytes, this.pos);
    return root;
  }

  // Skips whitespace and returns the byte at the new pos, or -1 at the end of the input.
  // @ts-ignore: decorator
  @inline private peekWs(): i32 {
    const base = this.base;
    const len = this.len;
    let pos = this.pos;
    let c = -1;
    for (; pos < len; pos++) {
      c = <i32>load<u8>(base + <usize>pos); // pos < len
      // RFC 8259 §2: insignificant whitespace is space, horizontal tab, line feed and carriage return only.
      if (c > 0x20 || (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d)) break;
      c = -1;
    }
    this.pos = pos;
    return c;
  }

  // The byte at pos, or -1 at the end of the input.
  // @ts-ignore: decorator
  @inline private peek(): i32 {
    const pos = this.pos;
    return pos < this.len ? <i32>load<u8>(this.base + <usize>pos) : -1; // 0 <= pos < len
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

// A new value of this kind, every other field at its default, as `new JsonValue()` and a store of the kind make
// it but without the constructor's calls and write barriers. JsonValue's defaults are zero (as __new leaves
// memory) except `string`, "", a static string.
// @ts-ignore: decorator
@inline function make(kind: JsonKind): JsonValue {
  const v = changetype<JsonValue>(__new(offsetof<JsonValue>(), idof<JsonValue>()));
  v.kind = kind;
  // v was just allocated, so it is not black: a store into it needs no write barrier.
  store<usize>(changetype<usize>(v), changetype<usize>(""), offsetof<JsonValue>("string"));
  return v;
}

// @ts-ignore: decorator
@inline function makeBool(b: bool): JsonValue {
  const v = make(JsonKind.Bool);
  v.bool = b;
  return v;
}

// The byte that closes container v.
// @ts-ignore: decorator
@inline function closer(v: JsonValue): i32 {
  return v.kind == JsonKind.Object ? 0x7d : 0x5d;
}
