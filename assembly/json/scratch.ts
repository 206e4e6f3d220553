// Growable stacks that JsonParser keeps between parses: open containers, their finished children, member names
// and frame marks. They exist to make a push a few stores instead of a call into Array<T>.push.
//
// RefStack's buffer is a StaticArray of references, which the GC traces slot by slot; every slot at or above
// `length` is zero, so a stack never keeps a value alive after it was popped.

// @ts-ignore: decorator
@inline const INITIAL: i32 = 16;

/** RefStack holds references of type T (a nullable class type). */
export class RefStack<T> {
  length: i32 = 0;
  private cap: i32 = INITIAL;
  private buf: StaticArray<T> = new StaticArray<T>(INITIAL);

  // @ts-ignore: decorator
  @inline push(v: T): void {
    const n = this.length;
    if (n == this.cap) this.grow();
    const buf = changetype<usize>(this.buf);
    store<usize>(buf + (<usize>n << alignof<usize>()), changetype<usize>(v)); // n < cap: grown above
    // The write barrier: the buffer may already be black in an incremental GC cycle, and v white.
    __link(buf, changetype<usize>(v), true);
    this.length = n + 1;
  }

  /** at returns slot i; the caller guarantees 0 <= i < length. */
  // @ts-ignore: decorator
  @inline at(i: i32): T {
    return changetype<T>(load<usize>(this.slot(i)));
  }

  /** slot is the address of slot i, for copying a run of slots out; 0 <= i <= length. */
  // @ts-ignore: decorator
  @inline slot(i: i32): usize {
    return changetype<usize>(this.buf) + (<usize>i << alignof<usize>());
  }

  /** truncate pops every slot from `from` (0 <= from <= length) on, zeroing them. */
  truncate(from: i32): void {
    for (let i = from; i < this.length; i++) store<usize>(this.slot(i), 0); // i < length <= cap
    this.length = from;
  }

  /**
   * moveTo pops the slots from `from` (0 <= from <= length) on into memory at dst, which has room for them,
   * zeroing the slots. The caller is responsible for dst's write barrier.
   */
  moveTo(dst: usize, from: i32): void {
    const n = this.length - from;
    for (let k = 0; k < n; k++) {
      const at = this.slot(from + k); // from + k < length <= cap
      store<usize>(dst + (<usize>k << alignof<usize>()), load<usize>(at));
      store<usize>(at, 0);
    }
    this.length = from;
  }

  private grow(): void {
    const cap = this.cap << 1;
    const bigger = new StaticArray<T>(cap);
    // Nothing allocates between `bigger`'s allocation and the field store below, so `bigger` is not black when
    // filled; the store's barrier then grays it if this stack is black, and the GC traces the copied slots.
    memory.copy(changetype<usize>(bigger), changetype<usize>(this.buf), <usize>this.length << alignof<usize>());
    this.buf = bigger;
    this.cap = cap;
  }
}

/** I32Stack holds plain integers. */
export class I32Stack {
  length: i32 = 0;
  private cap: i32 = INITIAL;
  private buf: StaticArray<i32> = new StaticArray<i32>(INITIAL);

  // @ts-ignore: decorator
  @inline push(v: i32): void {
    const n = this.length;
    if (n == this.cap) this.grow();
    store<i32>(changetype<usize>(this.buf) + (<usize>n << 2), v); // n < cap: grown above
    this.length = n + 1;
  }

  /** at returns slot i; the caller guarantees 0 <= i < length. */
  // @ts-ignore: decorator
  @inline at(i: i32): i32 {
    return load<i32>(this.slot(i));
  }

  /** slot is the address of slot i; 0 <= i <= length. */
  // @ts-ignore: decorator
  @inline slot(i: i32): usize {
    return changetype<usize>(this.buf) + (<usize>i << 2);
  }

  private grow(): void {
    const cap = this.cap << 1;
    const bigger = new StaticArray<i32>(cap);
    memory.copy(changetype<usize>(bigger), changetype<usize>(this.buf), <usize>this.length << 2);
    this.buf = bigger;
    this.cap = cap;
  }
}
