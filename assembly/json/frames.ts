// The tree JsonParser is building: its open containers, innermost last, and the finished children and member
// names that wait for their container to close. A container gets arrays of exactly its size when it closes, so
// nothing grows while a document is read; repeated member names are caught here.

import { I32Stack, RefStack } from "./scratch";
import { JsonKind, JsonValue } from "./value";

// Objects with this many members switch duplicate detection from a linear scan of name hashes to a Set, which
// bounds the cost of a 10000-member object at O(n) instead of O(n^2).
// @ts-ignore: decorator
@inline const LINEAR_KEYS: i32 = 32;

/** Frames holds the open containers of one parse at a time; clear() empties it for the next. */
export class Frames {
  // Open containers, with two marks each (where its children start in `items`, and its member names in `names`)
  // and, for objects from LINEAR_KEYS members on, the Set of their names.
  private stack: RefStack<JsonValue | null> = new RefStack<JsonValue | null>();
  private marks: I32Stack = new I32Stack();
  private seen: RefStack<Set<string> | null> = new RefStack<Set<string> | null>();
  // Finished children of every open container, and member names and their hashes of every open object.
  private items: RefStack<JsonValue | null> = new RefStack<JsonValue | null>();
  private names: RefStack<string | null> = new RefStack<string | null>();
  private hashes: I32Stack = new I32Stack();

  /** depth is the number of open containers. */
  // @ts-ignore: decorator
  @inline get depth(): i32 {
    return this.stack.length;
  }

  /** top is the innermost open container; the caller guarantees depth > 0. */
  // @ts-ignore: decorator
  @inline top(): JsonValue {
    return this.stack.at(this.stack.length - 1)!; // the stack holds no nulls
  }

  /** open pushes the array or object v, whose members come by add() and addName() until close(). */
  // @ts-ignore: decorator
  @inline open(v: JsonValue): void {
    this.stack.push(v);
    this.marks.push(this.items.length);
    this.marks.push(this.names.length);
    this.seen.push(null);
  }

  /** add appends v to the innermost container (after its name, in an object). */
  // @ts-ignore: decorator
  @inline add(v: JsonValue): void {
    this.items.push(v);
  }

  /**
   * addName records the name of the next member of the innermost object, an object; hash is its nameHash. With
   * `unique` set it returns false, recording nothing, if the object already has a member of that name.
   */
  // @ts-ignore: decorator
  @inline addName(name: string, hash: u32, unique: bool): bool {
    if (unique && this.isDuplicate(name, hash)) return false;
    this.names.push(name);
    this.hashes.push(<i32>hash);
    return true;
  }

  /** close gives the innermost container its members, pops it and returns it; the caller guarantees depth > 0. */
  close(): JsonValue {
    const frame = this.stack.length - 1;
    const v = this.stack.at(frame)!; // the stack holds no nulls
    const from = this.marks.at(frame << 1); // two marks per frame
    const n = this.items.length - from;
    const values = moveOut<JsonValue>(this.items, from, n);
    if (v.kind == JsonKind.Object) {
      // Every name read for this object has its value: the closing brace follows a value, never a name.
      const nameFrom = this.marks.at((frame << 1) + 1);
      v.keys = moveOut<string>(this.names, nameFrom, n);
      this.hashes.length = nameFrom;
      v.values = values;
    } else {
      v.items = values;
    }
    this.stack.truncate(frame);
    this.marks.length = frame << 1;
    this.seen.truncate(frame);
    return v;
  }

  /** clear drops every open container, as a failed parse leaves them, so the GC no longer sees them. */
  clear(): void {
    this.stack.truncate(0);
    this.marks.length = 0;
    this.seen.truncate(0);
    this.items.truncate(0);
    this.names.truncate(0);
    this.hashes.length = 0;
  }

  // Small objects compare hashes, then names on a match; from LINEAR_KEYS members on, the object's names go into
  // a Set kept on its frame.
  // @ts-ignore: decorator
  @inline private isDuplicate(name: string, hash: u32): bool {
    const frame = this.stack.length - 1; // addName() is for the innermost container
    const from = this.marks.at((frame << 1) + 1); // two marks per frame
    const to = this.names.length;
    // The Set slot is null until the object reaches LINEAR_KEYS names; tested by address, not with a call.
    if (load<usize>(this.seen.slot(frame)) == 0 && to - from < LINEAR_KEYS) return this.scan(from, to, name, hash);
    return this.inSet(frame, from, to, name);
  }

  // Whether names[from..to) holds name, whose hash is hash, comparing hashes four at a time and names only where
  // hashes match.
  // @ts-ignore: decorator
  @inline private scan(from: i32, to: i32, name: string, hash: u32): bool {
    // names and hashes grow together in addName(), so every i < to indexes both.
    const hashes = this.hashes;
    const want = i32x4.splat(<i32>hash);
    let i = from;
    for (; i <= to - 4; i += 4) {
      let hits = i32x4.bitmask(i32x4.eq(v128.load(hashes.slot(i)), want)); // hashes[i..i+4), i + 4 <= to
      while (hits != 0) {
        if (this.nameIs(i + ctz(hits), name)) return true; // a set bit k < 4 stands for hashes[i + k]
        hits &= hits - 1;
      }
    }
    for (; i < to; i++) if (<u32>hashes.at(i) == hash && this.nameIs(i, name)) return true;
    return false;
  }

  // Whether names[i] (i < names.length) equals name.
  private nameIs(i: i32, name: string): bool {
    return this.names.at(i)! == name; // names holds no nulls
  }

  // isDuplicate for objects of LINEAR_KEYS names and more: creates the frame's Set on first use.
  private inSet(frame: i32, from: i32, to: i32, name: string): bool {
    let set = this.seen.at(frame);
    if (set === null) {
      set = new Set<string>();
      for (let i = from; i < to; i++) set.add(this.names.at(i)!); // i < names.length; names holds no nulls
      this.seen.truncate(frame);
      this.seen.push(set);
    }
    if (set.has(name)) return true;
    set.add(name);
    return false;
  }
}

// A new Array of the n references at stack[from..from+n), which are then popped off the stack.
function moveOut<T>(stack: RefStack<T | null>, from: i32, n: i32): Array<T> {
  const out = new Array<T>(n);
  // Nothing allocates between the allocation of out's buffer and this copy, so the buffer is not black (at most
  // grayed when the constructor stored it) and needs no write barrier per element; every slot gets a value.
  stack.moveTo(out.dataStart, from); // from + n == stack.length, and out has n slots
  return out;
}
