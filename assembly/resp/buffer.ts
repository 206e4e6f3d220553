// The RESP reader's input buffer: bytes fed but not yet consumed, and the search for a line's CRLF. Consumed
// bytes are discarded as hiredis does, so memory follows the unread bytes, not the history of the connection.

// hiredis discards the consumed prefix once it reaches 1 KiB and frees an empty buffer grown past 16 KiB.
// @ts-ignore: decorator
@inline const COMPACT_AT: i32 = 1024;
// @ts-ignore: decorator
@inline const SHRINK_ABOVE: i32 = 16384;
// @ts-ignore: decorator
@inline const INITIAL_BYTES: i32 = 1024;

/** seekLine results that are not the index of a CR: wait for more bytes, a bad line ending, a line too long. */
export const LINE_MORE: i32 = -1;
export const LINE_BAD_END: i32 = -2;
export const LINE_TOO_LONG: i32 = -3;

/**
 * InputBuffer holds bytes[pos..end), the unread input. Callers read `bytes` directly between pos and end; every
 * other byte is stale. It enforces no limit itself: the reader checks maxBufferBytes before append().
 */
export class InputBuffer {
  bytes: Uint8Array = new Uint8Array(INITIAL_BYTES);
  pos: i32 = 0;
  end: i32 = 0;
  // Bytes of the line after pos + 1 already seen to hold no CR or LF, so a line fed byte by byte is scanned once.
  private scanned: i32 = 0;

  get unread(): i32 { return this.end - this.pos; }

  /** append copies src after the unread bytes, compacting or growing first; growth stops at ceiling if it can. */
  append(src: Uint8Array, ceiling: i32): void {
    const n = src.length;
    const unread = this.end - this.pos;
    // hiredis moves the unread bytes whenever 1 KiB has been consumed; we also wait until the move costs no more
    // than the room it frees, so a caller that reads one reply per feed does not copy its backlog every time.
    // In i64: with a ceiling near 2^31, end + n could wrap.
    const fits = <i64>this.end + <i64>n <= <i64>this.bytes.length;
    if (this.pos > 0 && this.pos >= unread && (this.pos >= COMPACT_AT || !fits)) {
      this.bytes.copyWithin(0, this.pos, this.end);
      this.end = unread;
      this.pos = 0;
    }
    if (<i64>this.end + <i64>n > <i64>this.bytes.length) {
      // A new buffer takes only the unread bytes, so growing compacts too. unread + n <= ceiling (checked by the
      // caller), so the new size fits in i32.
      const size = <i32>max(min(<i64>this.bytes.length * 2, <i64>ceiling), <i64>unread + <i64>n);
      const next = new Uint8Array(size);
      next.set(this.bytes.subarray(this.pos, this.end));
      this.bytes = next;
      this.end = unread;
      this.pos = 0;
    }
    this.bytes.set(src, this.end); // end + n <= bytes.length now
    this.end += n;
  }

  /** advance marks everything before next as consumed. */
  advance(next: i32): void {
    this.pos = next;
    this.scanned = 0;
  }

  /** settle, between replies, rewinds an empty buffer and gives back one that grew past SHRINK_ABOVE. */
  settle(): void {
    if (this.pos != this.end) return;
    this.pos = 0;
    this.end = 0;
    if (this.bytes.length > SHRINK_ABOVE) this.bytes = new Uint8Array(INITIAL_BYTES);
  }

  /** clear drops every byte and returns the buffer to its initial size. */
  clear(): void {
    this.bytes = new Uint8Array(INITIAL_BYTES);
    this.pos = 0;
    this.end = 0;
    this.scanned = 0;
  }

  /**
   * seekLine finds the CRLF that ends the line starting at `from` (just after pos's type byte) and returns the
   * index of its CR, LINE_MORE, LINE_BAD_END or LINE_TOO_LONG. Each byte is judged as soon as it is present, so
   * the outcome depends only on the bytes, never on how they were split across feeds.
   */
  seekLine(from: i32, maxLine: i32): i32 {
    const bytes = this.bytes;
    const end = this.end;
    let i = from + this.scanned;
    for (; i < end; i++) {
      const c = unchecked(bytes[i]); // i < end <= bytes.length
      if (c == 0x0d) {
        if (i + 1 >= end) break; // the LF may arrive with the next feed
        // RESP2 spec: every line ends with CRLF; a CR followed by anything else is a broken stream.
        return unchecked(bytes[i + 1]) == 0x0a ? i : LINE_BAD_END; // i + 1 < end
      }
      // The CR of a line of maxLine bytes sits at from + maxLine; any other byte there is one too many.
      if (i - from >= maxLine) return LINE_TOO_LONG;
      if (c == 0x0a) return LINE_BAD_END; // a bare LF is not a RESP line ending
    }
    this.scanned = i - from;
    return LINE_MORE;
  }
}
