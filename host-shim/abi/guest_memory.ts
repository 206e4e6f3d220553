// Reading and writing the guest's linear memory the way host-go v0.7.0 does (`handler/middleware.go`,
// `handler/cstring.go`). The view is taken per call because memory.grow replaces the ArrayBuffer.

/** HostPanic is a Go panic raised by a host function; its message is Go's panic text. The pool reports it as a trap. */
export class HostPanic extends Error {
  override name = "HostPanic";
}

const utf8Decoder = new TextDecoder("utf-8");

/** u32 reads an i32 parameter as Go reads it: uint32(stack[i]). */
export function u32(value: number): number {
  return value >>> 0;
}

/** decodeUtf8 turns bytes meant as text (log messages) into a JS string; invalid UTF-8 becomes U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

// Go strings are bytes, and Traefik passes header bytes through untouched. The shim keeps every request-side
// string as a "binary" JS string (one char per byte, latin1), which is also how node:http reads and writes headers.
/** goString turns Go string bytes into a byte-preserving JS string. */
export function goString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** goBytes is the inverse of goString. */
export function goBytes(s: string): Uint8Array {
  return Buffer.from(s, "latin1");
}

/** GuestMemory wraps the exported memory for one host call. */
export class GuestMemory {
  private readonly bytes: Uint8Array;

  constructor(memory: WebAssembly.Memory) {
    this.bytes = new Uint8Array(memory.buffer);
  }

  private inRange(offset: number, count: number): boolean {
    return offset + count <= this.bytes.length;
  }

  /**
   * writeIfUnderLimit returns value's length and writes it only if it fits buf_limit (§3.1). Like wazero's
   * Memory.Write it ignores a destination out of range: nothing is written, no trap.
   */
  writeIfUnderLimit(buf: number, limit: number, value: Uint8Array): number {
    const offset = u32(buf);
    if (value.length > u32(limit) || value.length === 0) return value.length;
    if (this.inRange(offset, value.length)) this.bytes.set(value, offset);
    return value.length;
  }

  writeStringIfUnderLimit(buf: number, limit: number, value: string): number {
    return this.writeIfUnderLimit(buf, limit, goBytes(value));
  }

  /** mustRead copies count bytes at offset, or panics "out of memory reading <field>" (host-go mustRead). */
  mustRead(field: string, offset: number, count: number): Uint8Array {
    const at = u32(offset);
    const n = u32(count);
    if (n === 0) return new Uint8Array(0);
    if (!this.inRange(at, n)) throw new HostPanic(`out of memory reading ${field}`);
    return this.bytes.slice(at, at + n);
  }

  mustReadString(field: string, offset: number, count: number): string {
    return goString(this.mustRead(field, offset, count));
  }

  /** mustView returns a live view of [offset, offset+count) for read_body to fill, or panics like mustRead. */
  mustView(field: string, offset: number, count: number): Uint8Array {
    const at = u32(offset);
    if (!this.inRange(at, count)) throw new HostPanic(`out of memory reading ${field}`);
    return this.bytes.subarray(at, at + count);
  }

  /**
   * writeNulTerminated packs `count << 32 | len` where len counts every byte including a NUL after each value
   * (§3.1; the ABI page's example shows count=1, host-go writes count=number of values). The values are written
   * only if len fits buf_limit; a destination out of range then panics "out of memory" (handler/cstring.go).
   */
  writeNulTerminated(buf: number, limit: number, values: readonly string[]): bigint {
    if (values.length === 0) return 0n;
    const encoded = values.map(goBytes);
    const byteCount = encoded.reduce((sum, e) => sum + e.length + 1, 0);
    const countLen = (BigInt(values.length) << 32n) | BigInt(byteCount >>> 0);
    if (byteCount > u32(limit)) return countLen;
    const offset = u32(buf);
    if (!this.inRange(offset, byteCount)) throw new HostPanic("out of memory");
    const out = this.bytes.subarray(offset, offset + byteCount);
    let at = 0;
    for (const e of encoded) {
      out.set(e, at);
      out[at + e.length] = 0;
      at += e.length + 1;
    }
    return countLen;
  }
}
