// Shared helpers for the RESP specs: inputs from text or raw bytes, a one-line rendering of a reply tree to compare
// against, and feeding an input whole, split at every offset, or byte by byte.
import { RespErr, RespLimits, RespReader } from "../../../assembly/resp/reader";
import { RespKind, RespValue } from "../../../assembly/resp/value";

/** utf8 encodes s; RESP test inputs are ASCII apart from deliberate UTF-8 payloads. */
export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** raw builds bytes from values, for payloads no string literal can express. */
export function raw(values: Array<i32>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = <u8>values[i];
  return out;
}

/** concat joins byte arrays. */
export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** limitsOf builds RespLimits; omitted arguments keep the defaults. */
export function limitsOf(
  maxDepth: i32 = 32, maxElements: i32 = 1 << 16, maxBulkBytes: i32 = 1 << 20, maxLineBytes: i32 = 1 << 16,
  maxReplyBytes: i32 = 1 << 22, maxBufferBytes: i32 = 1 << 23,
): RespLimits {
  const l = new RespLimits();
  l.maxDepth = maxDepth;
  l.maxElements = maxElements;
  l.maxBulkBytes = maxBulkBytes;
  l.maxLineBytes = maxLineBytes;
  l.maxReplyBytes = maxReplyBytes;
  l.maxBufferBytes = maxBufferBytes;
  return l;
}

/**
 * show renders a reply on one line: `_`, `+OK`, `-ERR x`, `:1`, `$"a\r\n"`, `#t`, `,1.5`, `(12`, `=txt:"hi"`,
 * `*[..]`, `%[k,v]`, `~[..]`, `>[..]`, with `|[k,v]` in front when the value carries attributes.
 */
export function show(v: RespValue): string {
  let out = "";
  const attrs = v.attributes;
  if (attrs !== null) out += "|" + showElements(attrs);
  switch (v.kind) {
    case RespKind.Null: return out + "_";
    case RespKind.SimpleString: return out + "+" + quote(v.bytes);
    case RespKind.Error: return out + "-" + quote(v.bytes);
    case RespKind.Integer: return out + ":" + v.integer.toString();
    case RespKind.BulkString: return out + "$" + quote(v.bytes);
    case RespKind.Bool: return out + (v.bool ? "#t" : "#f");
    case RespKind.Double: return out + "," + quote(v.bytes);
    case RespKind.BigNumber: return out + "(" + quote(v.bytes);
    case RespKind.Verbatim: return out + "=" + v.format + ":" + quote(v.bytes);
    case RespKind.Array: return out + "*" + showElements(v);
    case RespKind.Map: return out + "%" + showElements(v);
    case RespKind.Set: return out + "~" + showElements(v);
    case RespKind.Push: return out + ">" + showElements(v);
  }
  return out + "?" + showElements(v);
}

function showElements(v: RespValue): string {
  let out = "[";
  for (let i = 0; i < v.length; i++) {
    if (i > 0) out += ",";
    out += show(v.at(i)!);
  }
  return out + "]";
}

// Printable ASCII as itself, CR and LF as \r \n, everything else as \xNN.
function quote(b: Uint8Array): string {
  const hex = "0123456789abcdef";
  let out = "";
  for (let i = 0; i < b.length; i++) {
    const c = <i32>b[i];
    if (c == 0x0d) out += "\\r";
    else if (c == 0x0a) out += "\\n";
    else if (c >= 0x20 && c < 0x7f && c != 0x5c) out += String.fromCharCode(c);
    else out += "\\x" + hex.charAt(c >> 4) + hex.charAt(c & 15);
  }
  return out;
}

/** readAll feeds input in one piece and renders every reply, space-separated; expects no protocol error. */
export function readAll(input: Uint8Array, limits: RespLimits = new RespLimits()): string {
  const r = new RespReader(limits);
  expect(r.feed(input)).toBe(true);
  const out = drain(r);
  expect(r.errText).toBe("", "unexpected protocol error");
  expect(r.err).toBe(RespErr.Ok);
  return out;
}

/** one reads a single reply from text. */
export function one(text: string): string {
  return readAll(utf8(text));
}

/** drain renders every reply available now, space-separated. */
export function drain(r: RespReader): string {
  let out = "";
  let v = r.next();
  while (v !== null) {
    if (out.length > 0) out += " ";
    out += show(v);
    v = r.next();
  }
  return out;
}

/** errOf feeds input in one piece and returns the error code it ends with (Ok if none). */
export function errOf(input: Uint8Array, limits: RespLimits = new RespLimits()): RespErr {
  const r = new RespReader(limits);
  r.feed(input);
  // Not rendered: show() recurses, and replies here may be nested up to MAX_DEPTH_CAP.
  while (r.next() !== null) {}
  return r.err;
}

/** errOfText is errOf on the UTF-8 of text. */
export function errOfText(text: string, limits: RespLimits = new RespLimits()): RespErr {
  return errOf(utf8(text), limits);
}

/**
 * expectSplitEverywhere feeds input split at every offset k (two feeds, next() drained after each) and byte by
 * byte, and expects the same rendering as one whole feed, with nothing returned early and nothing left over.
 */
export function expectSplitEverywhere(input: Uint8Array, want: string, limits: RespLimits = new RespLimits()): void {
  expect(readAll(input, limits)).toBe(want);
  for (let k = 0; k <= input.length; k++) {
    const r = new RespReader(limits);
    r.feed(input.subarray(0, k));
    let got = drain(r);
    r.feed(input.subarray(k));
    const rest = drain(r);
    if (got.length > 0 && rest.length > 0) got += " ";
    got += rest;
    expect(got).toBe(want, "split at byte " + k.toString());
    expect(r.err).toBe(RespErr.Ok);
    expect(r.buffered).toBe(0);
    expect(r.inReply).toBe(false);
  }
  const r = new RespReader(limits);
  let got = "";
  for (let i = 0; i < input.length; i++) {
    r.feed(input.subarray(i, i + 1));
    const part = drain(r);
    if (got.length > 0 && part.length > 0) got += " ";
    got += part;
  }
  expect(got).toBe(want, "byte by byte");
  expect(r.buffered).toBe(0);
}
