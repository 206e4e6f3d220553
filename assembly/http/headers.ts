// Request and response headers through the http_handler ABI. A header is read only when asked for, into the
// shared scratch buffer; its name is passed from a static buffer, so a lookup allocates only the strings returned.

import {
  add_header_value, get_header_names, get_header_values, remove_header, set_header_value, CountLen, HeaderKind,
} from "../abi/http_handler";
import { codeAt, inClass, isControl, TCHAR } from "./chars";
import { HttpErr } from "./errors";
import { MAX_READ_BYTES, SCRATCH, SCRATCH_SIZE } from "./scratch";
import { utf8DecodeLossyUnsafe, utf8Encode } from "../encoding/utf8";

/** MAX_HEADER_NAME bounds a header name, in bytes; real names are far shorter. */
export const MAX_HEADER_NAME: i32 = 256;
const NAME: usize = memory.data(MAX_HEADER_NAME);

// The values of the last read: `count` NUL-terminated strings in `len` bytes at `ptr`. `big` holds the buffer of
// a read that did not fit the scratch buffer, alive until the values are decoded.
let ptr: usize = 0;
let len: u32 = 0;
let count: u32 = 0;
let big: ArrayBuffer | null = null;

/**
 * header returns the first value of the named header (names are case-insensitive), decoded from UTF-8 with
 * invalid bytes as U+FFFD, or null when the header is absent or name is not a token.
 */
export function header(kind: HeaderKind, name: string): string | null {
  if (!read(kind, name)) return null;
  let end: u32 = 0;
  while (end < len && load<u8>(ptr + end) != 0) end++; // end < len: inside the bytes the host wrote
  const value = utf8DecodeLossyUnsafe(ptr, <i32>end);
  big = null;
  return value;
}

/** headerValues returns every value of the named header in order; empty when absent. */
export function headerValues(kind: HeaderKind, name: string): Array<string> {
  const out = new Array<string>();
  if (!read(kind, name)) return out;
  let start: u32 = 0;
  for (let i: u32 = 0; i < len && <u32>out.length < count; i++) {
    if (load<u8>(ptr + i) != 0) continue; // i < len
    out.push(utf8DecodeLossyUnsafe(ptr + start, <i32>(i - start)));
    start = i + 1;
  }
  big = null;
  return out;
}

/**
 * peekHeader reads the named header's values into the read buffer without decoding them: it returns their length
 * in bytes (each value NUL-terminated), or -1 when absent. The bytes are at peekedBytes() until the next header
 * read; for callers that only compare them, so a hot path allocates nothing.
 */
export function peekHeader(kind: HeaderKind, name: string): i32 {
  return read(kind, name) ? <i32>len : -1;
}

/** peekedBytes is where the last peekHeader left its bytes. */
export function peekedBytes(): usize {
  return ptr;
}

/** requestHeader is header(HeaderKind.Request, name). */
export function requestHeader(name: string): string | null {
  return header(HeaderKind.Request, name);
}

/** requestHeaderValues is headerValues(HeaderKind.Request, name). */
export function requestHeaderValues(name: string): Array<string> {
  return headerValues(HeaderKind.Request, name);
}

/**
 * setHeader replaces every value of a header with value. It returns BadHeader, and changes nothing, when name is
 * not a token or value holds a control character other than tab (RFC 9110 §5.5): CR and LF would split the header.
 * Like the ABI call, it traps on request headers once the next handler has run (traefik-wasm-host.md §3.4).
 */
export function setHeader(kind: HeaderKind, name: string, value: string): HttpErr {
  return write(kind, name, value, false);
}

/**
 * EncodedHeader is a header checked and encoded once, to be set on many requests (the identity headers of a
 * remembered session) without a check, an encoding or an allocation each time.
 */
export class EncodedHeader {
  private constructor(readonly name: Uint8Array, readonly value: Uint8Array) {}

  /** of returns the header, or null when name is not a token or value holds a control character (see setHeader). */
  static of(name: string, value: string): EncodedHeader | null {
    const n = encodeName(name);
    if (n < 0 || !validValue(value)) return null;
    const bytes = new Uint8Array(n);
    memory.copy(bytes.dataStart, NAME, <usize>n);
    return new EncodedHeader(bytes, utf8Encode(value));
  }
}

/** setEncodedHeader replaces every value of h's header with h's value; it traps where setHeader would. */
export function setEncodedHeader(kind: HeaderKind, h: EncodedHeader): void {
  set_header_value(kind, h.name.dataStart, <u32>h.name.length, h.value.dataStart, <u32>h.value.length);
}

/** addHeader appends one value to a header; same checks as setHeader. */
export function addHeader(kind: HeaderKind, name: string, value: string): HttpErr {
  return write(kind, name, value, true);
}

/** removeHeader deletes every value of a header; BadHeader when name is not a token. */
export function removeHeader(kind: HeaderKind, name: string): HttpErr {
  const n = encodeName(name);
  if (n < 0) return HttpErr.BadHeader;
  remove_header(kind, NAME, <u32>n);
  return HttpErr.Ok;
}

/**
 * HeaderNameSet is a fixed list of header names, prepared once for removeHeaders: with the set of their lengths,
 * a name the message carries is compared only with candidates of its length, and most are passed over at once.
 */
export class HeaderNameSet {
  // Bit n is set when a name is n bytes long; bit 63 stands for every length from 63 up.
  private lengths: u64 = 0;

  constructor(readonly names: Array<string>) {
    for (let i = 0; i < names.length; i++) this.lengths |= lengthBit(names[i].length);
  }

  /** mayHold says whether a name of n bytes can be in the set. */
  @inline mayHold(n: i32): bool {
    return (this.lengths & lengthBit(n)) != 0;
  }
}

// @ts-ignore: decorator
@inline function lengthBit(n: i32): u64 {
  return <u64>1 << <u64>min(n, 63);
}

/**
 * removeHeaders deletes each name of the set that the message carries. It asks the host for the names present once,
 * then removes only those: stripping a list of spoofable headers that are almost never sent costs one host call
 * instead of one per name. Names that are not tokens are skipped, as removeHeader refuses them.
 */
export function removeHeaders(kind: HeaderKind, set: HeaderNameSet): void {
  const names = set.names;
  const size = <u32>get_header_names(kind, SCRATCH, SCRATCH_SIZE);
  if (size > SCRATCH_SIZE) {
    // A list too long for the scratch buffer was not written: then every name is removed blindly.
    for (let i = 0; i < names.length; i++) removeHeader(kind, names[i]);
    return;
  }
  // One pass over the NUL-terminated names the host listed, each compared with the candidates of its length,
  // ASCII case-insensitively (Go hands names in canonical case, the shim in lower case). remove_header leaves the
  // scratch buffer as it is.
  const candidates = names.length;
  let start: u32 = 0;
  for (let i: u32 = 0; i < size; i++) {
    if (load<u8>(SCRATCH + i) != 0) continue; // i < size
    const n = <i32>(i - start);
    if (set.mayHold(n)) {
      for (let j = 0; j < candidates; j++) {
        const name = unchecked(names[j]); // j < length
        if (name.length == n && sameAsciiFold(SCRATCH + start, name)) removeHeader(kind, name);
      }
    }
    start = i + 1;
  }
}

function sameAsciiFold(at: usize, name: string): bool {
  for (let j = 0; j < name.length; j++) {
    if ((<u32>load<u8>(at + j) | 0x20) != (<u32>codeAt(name, j) | 0x20)) return false; // j < the entry's length
  }
  return true;
}

// Reads a header's values into ptr/len/count; false when absent, unreadable or the name is not a token.
function read(kind: HeaderKind, name: string): bool {
  const n = encodeName(name);
  if (n < 0) return false;
  let result: CountLen = get_header_values(kind, NAME, <u32>n, SCRATCH, SCRATCH_SIZE);
  let size = <u32>result;
  ptr = SCRATCH;
  big = null;
  if (size > SCRATCH_SIZE) {
    // Size-then-read: nothing was written; ask again with a buffer of exactly the reported size.
    if (size > MAX_READ_BYTES) return false;
    const buf = new ArrayBuffer(<i32>size);
    big = buf;
    ptr = changetype<usize>(buf);
    result = get_header_values(kind, NAME, <u32>n, ptr, size);
    if (<u32>result > size) return false; // the value grew between the calls: nothing was written
    size = <u32>result;
  }
  len = size;
  count = <u32>(result >> 32);
  return count > 0 && len > 0;
}

// A field value may hold no control character but tab (RFC 9110 §5.5): CR and LF would split the header.
function validValue(value: string): bool {
  for (let i = 0, vn = value.length; i < vn; i++) {
    const c = codeAt(value, i); // i < vn
    if (isControl(c) && c != 0x09) return false;
  }
  return true;
}

// Copies a header name into NAME and returns its length, or -1 unless it is a token (RFC 9110 §5.1).
function encodeName(name: string): i32 {
  const n = name.length;
  if (n == 0 || n > MAX_HEADER_NAME) return -1;
  for (let i = 0; i < n; i++) {
    const c = codeAt(name, i); // i < n
    if (!inClass(c, TCHAR)) return -1;
    store<u8>(NAME + i, <u8>c); // i < n <= MAX_HEADER_NAME, the buffer's size; c < 0x80
  }
  return n;
}

function write(kind: HeaderKind, name: string, value: string, add: bool): HttpErr {
  const n = encodeName(name);
  if (n < 0 || !validValue(value)) return HttpErr.BadHeader;
  const bytes = utf8Encode(value);
  // bytes stays referenced by this frame until the host call returns, so the collector cannot free it meanwhile.
  if (add) add_header_value(kind, NAME, <u32>n, bytes.dataStart, <u32>bytes.length);
  else set_header_value(kind, NAME, <u32>n, bytes.dataStart, <u32>bytes.length);
  return HttpErr.Ok;
}
