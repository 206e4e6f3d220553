// The TLS presentation language (RFC 8446 §3) over bytes: a reader that cannot overrun what it was given and a
// writer for length-prefixed vectors. A short or overlong read sets `failed` and yields zeros or empty readers,
// so a parser checks `failed` once at the end instead of after every field.

/**
 * TlsReader reads big-endian integers and vectors from bytes[start..end). Every read is bounds-checked; the first
 * one that does not fit sets `failed`, after which every read returns 0 or an empty, failed reader.
 */
export class TlsReader {
  failed: bool = false;
  private pos: i32;
  private end: i32;

  constructor(readonly bytes: Uint8Array, start: i32 = 0, end: i32 = -1) {
    const limit = end < 0 ? bytes.length : min(end, bytes.length);
    this.pos = start < 0 ? 0 : min(start, limit);
    this.end = limit;
  }

  /** remaining is how many bytes are left to read. */
  get remaining(): i32 { return this.end - this.pos; }
  /** offset is the position of the next read in bytes. */
  get offset(): i32 { return this.pos; }
  /** done says whether everything was read and nothing failed: the check a parser ends with. */
  get done(): bool { return !this.failed && this.pos == this.end; }

  /** u8 reads one byte. */
  u8(): u32 {
    if (!this.take(1)) return 0;
    return <u32>unchecked(this.bytes[this.pos - 1]); // take() checked pos - 1 < end <= bytes.length
  }

  /** u16 reads a big-endian 16-bit integer. */
  u16(): u32 {
    if (!this.take(2)) return 0;
    const at = this.pos - 2; // take() checked at + 2 <= end <= bytes.length
    return <u32>unchecked(this.bytes[at]) << 8 | <u32>unchecked(this.bytes[at + 1]);
  }

  /** u24 reads a big-endian 24-bit integer. */
  u24(): u32 {
    if (!this.take(3)) return 0;
    const at = this.pos - 3;
    return <u32>unchecked(this.bytes[at]) << 16 | <u32>unchecked(this.bytes[at + 1]) << 8 |
      <u32>unchecked(this.bytes[at + 2]);
  }

  /** copy reads n bytes into a new array (empty when they are not all there). */
  copy(n: i32): Uint8Array {
    const at = this.pos;
    if (!this.take(n)) return new Uint8Array(0);
    return this.bytes.slice(at, at + n);
  }

  /** skip moves past n bytes. */
  skip(n: i32): void {
    this.take(n);
  }

  /** vec8, vec16 and vec24 return a reader over the next vector, whose length prefix is 1, 2 or 3 bytes. */
  vec8(): TlsReader { return this.sub(this.u8()); }
  vec16(): TlsReader { return this.sub(this.u16()); }
  vec24(): TlsReader { return this.sub(this.u24()); }

  /** rest returns a copy of every byte not yet read and moves to the end. */
  rest(): Uint8Array {
    return this.copy(this.remaining);
  }

  /** absorb marks this reader failed when the sub-reader r failed or was not read to its end. */
  absorb(r: TlsReader): void {
    if (!r.done) this.failed = true;
  }

  private sub(len: u32): TlsReader {
    const at = this.pos;
    if (this.failed || <i64>len > <i64>this.remaining) {
      this.failed = true;
      const empty = new TlsReader(this.bytes, at, at);
      empty.failed = true;
      return empty;
    }
    this.pos += <i32>len;
    return new TlsReader(this.bytes, at, at + <i32>len);
  }

  private take(n: i32): bool {
    if (this.failed || n < 0 || n > this.end - this.pos) {
      this.failed = true;
      return false;
    }
    this.pos += n;
    return true;
  }
}

/**
 * TlsWriter appends big-endian integers and length-prefixed vectors to a growing buffer. begin() reserves a
 * length prefix and end() fills it in; a vector longer than its prefix can express sets `failed`.
 */
export class TlsWriter {
  failed: bool = false;
  private buf: Uint8Array;
  private len: i32 = 0;

  constructor(capacity: i32 = 256) {
    this.buf = new Uint8Array(max(capacity, 16));
  }

  /** length is the number of bytes written so far. */
  get length(): i32 { return this.len; }

  /** u8, u16 and u24 append an integer of 1, 2 or 3 bytes. */
  u8(v: u32): this {
    this.room(1);
    unchecked(this.buf[this.len++] = <u8>v); // room() grew buf past len
    return this;
  }

  u16(v: u32): this {
    return this.u8(v >> 8).u8(v);
  }

  u24(v: u32): this {
    return this.u8(v >> 16).u8(v >> 8).u8(v);
  }

  /** bytes appends data. */
  bytes(data: Uint8Array): this {
    return this.bytesAt(data.dataStart, data.length);
  }

  /** bytesAt appends len bytes at ptr, which the caller guarantees lie inside a live buffer. */
  bytesAt(ptr: usize, len: i32): this {
    if (len <= 0) return this;
    this.room(len);
    memory.copy(this.buf.dataStart + <usize>this.len, ptr, <usize>len);
    this.len += len;
    return this;
  }

  /** begin reserves a length prefix of prefixBytes (1, 2 or 3) and returns the mark to pass to end(). */
  begin(prefixBytes: i32): i32 {
    const mark = this.len << 2 | prefixBytes;
    for (let i = 0; i < prefixBytes; i++) this.u8(0);
    return mark;
  }

  /** end writes the length of everything appended since begin(mark) into the prefix begin reserved. */
  end(mark: i32): this {
    const prefixBytes = mark & 3, at = mark >> 2;
    const n = this.len - at - prefixBytes;
    if (n < 0 || <i64>n >= (<i64>1 << (8 * prefixBytes))) {
      this.failed = true;
      return this;
    }
    for (let i = 0; i < prefixBytes; i++) {
      this.buf[at + i] = <u8>(n >> (8 * (prefixBytes - 1 - i))); // at + i < len: the prefix was written
    }
    return this;
  }

  /** dataStart is the address of the first byte written; valid until the next append. */
  get dataStart(): usize { return this.buf.dataStart; }

  /** clear forgets everything written and keeps the buffer for reuse. */
  clear(): void {
    this.len = 0;
    this.failed = false;
  }

  /** finish returns a copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private room(n: i32): void {
    if (this.len + n <= this.buf.length) return;
    const grown = new Uint8Array(max(this.buf.length * 2, this.len + n));
    memory.copy(grown.dataStart, this.buf.dataStart, <usize>this.len);
    this.buf = grown;
  }
}
