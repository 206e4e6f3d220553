// Incremental RESP2/RESP3 reply decoder in the shape of hiredis read.c: bytes in (feed), replies out (next), an
// explicit task stack so that a reply split at any byte resumes where it stopped, and "need more bytes" kept apart
// from protocol errors. No input can trap it: every failure is a RespErr, after which the reader is poisoned.

import { utf8DecodeLossyUnsafe } from "../encoding/utf8";
import { InputBuffer, LINE_BAD_END, LINE_MORE, LINE_TOO_LONG } from "./buffer";
import { badTypeText, RESP_ERR_LAST, RespErr, respErrName } from "./errors";
import { MAX_DEPTH_CAP, RespLimits } from "./limits";
import { isBigNumber, isDouble, ScalarParser } from "./scalars";
import { aggregateKind, isTypeByte, RespKind, RespValue } from "./value";

export { MAX_DEPTH_CAP, RESP_ERR_LAST, RespErr, respErrName, RespLimits };

// Outcomes of readItem. An opened aggregate waits for its elements; a done item is in this.item.
// @ts-ignore: decorator
@inline const STEP_MORE: i32 = 0;
// @ts-ignore: decorator
@inline const STEP_OPENED: i32 = 1;
// @ts-ignore: decorator
@inline const STEP_DONE: i32 = 2;
// @ts-ignore: decorator
@inline const STEP_FAILED: i32 = 3;
// readLength's result when the header is broken (err is set); -1 is the RESP2 null.
// @ts-ignore: decorator
@inline const LENGTH_FAILED: i64 = -2;

// One open aggregate: its value, the elements still to come, and an attribute waiting for the next element.
class Task {
  constructor(public value: RespValue, public remaining: i64) {}
  attr: RespValue | null = null;
}

/**
 * RespReader decodes a stream of replies. feed() copies bytes in; next() returns the next complete reply, or null
 * when more bytes are needed or when `err` is set. Error replies (`-ERR`, `-NOAUTH`, `!...`) are values of kind
 * Error, not protocol errors. After a protocol error feed() and next() refuse to work until reset(): the stream
 * has lost its framing and the connection under it must be dropped, not resynchronised.
 */
export class RespReader {
  err: RespErr = RespErr.Ok;
  /** A short description of err for logs, such as `Protocol error, got "@" as reply type byte`. */
  errText: string = "";
  private limits: RespLimits;
  private input: InputBuffer = new InputBuffer();
  private tasks: Array<Task> = new Array<Task>();
  private rootAttr: RespValue | null = null;
  private elements: i64 = 0; // values of the current reply consumed so far
  private replyBytes: i64 = 0; // wire bytes of the current reply consumed so far
  private item: RespValue | null = null;
  private scalars: ScalarParser = new ScalarParser();

  constructor(limits: RespLimits = new RespLimits()) {
    this.limits = limits;
  }

  /** buffered is the number of bytes fed but not yet consumed by a reply. */
  get buffered(): i32 { return this.input.unread; }
  /**
   * inReply is true while an aggregate or an attribute has been read but its reply has not ended. With
   * `buffered == 0` as well, the connection sits between replies and may be reused.
   */
  get inReply(): bool { return this.tasks.length > 0 || this.rootAttr !== null; }
  /** capacity is the size of the internal buffer, so tests can see that memory is given back. */
  get capacity(): i32 { return this.input.bytes.length; }

  /** feed appends a copy of bytes; false (and nothing kept) when poisoned or when it sets BufferFull. */
  feed(bytes: Uint8Array): bool {
    if (this.err != RespErr.Ok) return false;
    const n = bytes.length;
    if (n == 0) return true;
    if (<i64>this.buffered + <i64>n > <i64>this.limits.maxBufferBytes) {
      this.fail(RespErr.BufferFull, "buffered bytes would exceed maxBufferBytes");
      return false;
    }
    this.input.append(bytes, this.limits.maxBufferBytes);
    return true;
  }

  /** next returns the next complete reply, or null: more bytes are needed (err == Ok) or the stream is broken. */
  next(): RespValue | null {
    if (this.err != RespErr.Ok) return null;
    while (true) {
      const step = this.readItem();
      if (step == STEP_MORE || step == STEP_FAILED) return null;
      if (step == STEP_OPENED) continue;
      const reply = this.attach(this.item!); // STEP_DONE always sets item
      this.item = null;
      if (reply !== null) return this.finishReply(reply);
    }
  }

  /** reset clears the error, the buffer and any partial reply, as for a new connection. */
  reset(): void {
    this.err = RespErr.Ok;
    this.errText = "";
    this.dropState();
  }

  // Reads the item at pos: a whole scalar or bulk, or an aggregate header (pushed as a task).
  private readItem(): i32 {
    const input = this.input;
    const pos = input.pos;
    if (pos >= input.end) return STEP_MORE;
    const type = unchecked(input.bytes[pos]); // pos < end <= bytes.length
    if (!isTypeByte(type)) return this.fail(RespErr.BadType, badTypeText(type));
    const cr = input.seekLine(pos + 1, this.limits.maxLineBytes);
    if (cr == LINE_MORE) return STEP_MORE;
    if (cr == LINE_BAD_END) return this.missingCrlf();
    if (cr == LINE_TOO_LONG) return this.fail(RespErr.LineTooLong, "line exceeds maxLineBytes");
    if (type == 0x24 || type == 0x21 || type == 0x3d) return this.readBulk(type, pos + 1, cr); // $ ! =
    if (type == 0x2a || type == 0x25 || type == 0x7e || type == 0x3e || type == 0x7c) { // * % ~ > |
      return this.readAggregate(type, pos + 1, cr);
    }
    return this.readScalar(type, pos + 1, cr);
  }

  // Scalar lines. RESP3 spec: `_\r\n`, `#t\r\n`/`#f\r\n`, doubles and big numbers have fixed grammars.
  private readScalar(type: u8, a: i32, cr: i32): i32 {
    if (!this.budget(<i64>(cr + 2 - this.input.pos), 0)) return STEP_FAILED;
    const buf = this.input.bytes;
    let v: RespValue;
    if (type == 0x2b || type == 0x2d) { // + -
      v = RespValue.ofBytes(type == 0x2b ? RespKind.SimpleString : RespKind.Error, buf.slice(a, cr));
    } else if (type == 0x3a) { // :
      const e = this.scalars.parseInteger(buf, a, cr);
      if (e != RespErr.Ok) return this.fail(e, "invalid integer reply");
      v = RespValue.ofInteger(RespKind.Integer, this.scalars.integer);
    } else if (type == 0x5f) { // _
      if (cr != a) return this.fail(RespErr.BadScalar, "null reply with a payload");
      v = new RespValue(RespKind.Null);
    } else if (type == 0x23) { // #
      const c = cr - a == 1 ? unchecked(buf[a]) : 0; // a < cr < end
      if (c != 0x74 && c != 0x66) return this.fail(RespErr.BadScalar, "boolean reply is not t or f");
      v = RespValue.ofInteger(RespKind.Bool, c == 0x74 ? 1 : 0);
    } else if (type == 0x2c) { // ,
      if (!isDouble(buf, a, cr)) return this.fail(RespErr.BadScalar, "invalid double reply");
      v = RespValue.ofBytes(RespKind.Double, buf.slice(a, cr));
    } else { // ( is the last type byte readItem sends here
      if (!isBigNumber(buf, a, cr)) return this.fail(RespErr.BadScalar, "invalid big number reply");
      v = RespValue.ofBytes(RespKind.BigNumber, buf.slice(a, cr));
    }
    return this.done(v, cr + 2);
  }

  // `$len\r\n<len bytes>\r\n`, and the same framing for `!` (bulk error) and `=` (verbatim string).
  private readBulk(type: u8, a: i32, cr: i32): i32 {
    const len = this.readLength(a, cr, type == 0x24);
    if (len == LENGTH_FAILED) return STEP_FAILED;
    if (len == -1) return this.readNull(cr);
    if (len > <i64>this.limits.maxBulkBytes) return this.fail(RespErr.BulkTooLong, "bulk exceeds maxBulkBytes");
    // RESP3 spec, Verbatim string: three bytes of format, a colon, then the text.
    if (type == 0x3d && len < 4) return this.fail(RespErr.BadVerbatim, "verbatim string shorter than its format");
    const start = cr + 2;
    const stop = <i64>start + len; // in i64: a large maxBulkBytes must not wrap the sum
    if (!this.budget(stop + 2 - <i64>this.input.pos, 0)) return STEP_FAILED;
    // RESP2 spec: the payload is followed by CRLF; check each terminator byte as soon as it has arrived.
    const end = <i64>this.input.end;
    const buf = this.input.bytes;
    if (end > stop && unchecked(buf[<i32>stop]) != 0x0d) return this.missingCrlf(); // stop < end
    if (end > stop + 1 && unchecked(buf[<i32>stop + 1]) != 0x0a) return this.missingCrlf(); // stop + 1 < end
    if (end < stop + 2) return STEP_MORE;
    const b = <i32>stop; // < end, so it fits
    let v: RespValue;
    if (type == 0x24) {
      v = RespValue.ofBytes(RespKind.BulkString, buf.slice(start, b));
    } else if (type == 0x21) {
      v = RespValue.ofBytes(RespKind.Error, buf.slice(start, b));
    } else {
      const colon = unchecked(buf[start + 3]); // len >= 4, so start + 3 < b
      if (colon != 0x3a) return this.fail(RespErr.BadVerbatim, "verbatim format not followed by ':'");
      v = RespValue.ofBytes(RespKind.Verbatim, buf.slice(start + 4, b));
      v.format = utf8DecodeLossyUnsafe(buf.dataStart + <usize>start, 3); // 3 bytes inside the payload
    }
    return this.done(v, b + 2);
  }

  // `*n`, `%n` (n pairs), `~n`, `>n`, `|n` (n pairs): the header; elements arrive as separate items.
  private readAggregate(type: u8, a: i32, cr: i32): i32 {
    const n = this.readLength(a, cr, type == 0x2a);
    if (n == LENGTH_FAILED) return STEP_FAILED;
    if (n == -1) return this.readNull(cr);
    const limits = this.limits;
    // hiredis caps nesting too; depth is counted before the push, so `*0` at maxDepth already fails.
    if (this.tasks.length >= min(limits.maxDepth, MAX_DEPTH_CAP)) return this.fail(RespErr.TooDeep, "too deep");
    const paired = type == 0x25 || type == 0x7c;
    // n is at most i64.MAX_VALUE: compare before doubling so that the count cannot wrap.
    if (n > <i64>limits.maxElements) return this.fail(RespErr.TooManyElements, "reply exceeds maxElements");
    const count = paired ? n * 2 : n;
    if (!this.budget(<i64>(cr + 2 - this.input.pos), count)) return STEP_FAILED;
    const v = RespValue.ofAggregate(aggregateKind(type));
    if (count == 0) return this.done(v, cr + 2);
    this.consume(cr + 2);
    this.tasks.push(new Task(v, count));
    return STEP_OPENED;
  }

  // The line of `$-1` or `*-1`, the RESP2 null bulk string and null array.
  private readNull(cr: i32): i32 {
    if (!this.budget(<i64>(cr + 2 - this.input.pos), 0)) return STEP_FAILED;
    return this.done(new RespValue(RespKind.Null), cr + 2);
  }

  // Parses the length on a header line: the length, -1 for a RESP2 null where nullable, or LENGTH_FAILED.
  private readLength(a: i32, cr: i32, nullable: bool): i64 {
    const e = this.scalars.parseInteger(this.input.bytes, a, cr);
    if (e != RespErr.Ok) {
      if (e == RespErr.IntegerOverflow) this.fail(e, "length does not fit in 64 bits");
      else this.fail(RespErr.BadLength, "invalid length");
      return LENGTH_FAILED;
    }
    const n = this.scalars.integer;
    // RESP2 spec: `$-1` and `*-1` are the null bulk string and null array; no other negative length exists.
    if (n < 0 && !(n == -1 && nullable)) {
      this.fail(RespErr.BadLength, "negative length");
      return LENGTH_FAILED;
    }
    return n;
  }

  // Adds a finished value to its parent, closing every aggregate it completes; returns the reply when one ends.
  private attach(v: RespValue): RespValue | null {
    const tasks = this.tasks;
    while (true) {
      const depth = tasks.length;
      const top: Task | null = depth > 0 ? unchecked(tasks[depth - 1]) : null; // depth - 1 < length
      // RESP3 spec, Attribute type: it describes the value that follows it, at the same level.
      if (v.kind == RespKind.Attribute) {
        if (top === null) this.rootAttr = mergeAttr(this.rootAttr, v);
        else top.attr = mergeAttr(top.attr, v);
        return null;
      }
      if (top === null) {
        v.attributes = this.rootAttr;
        this.rootAttr = null;
        return v;
      }
      v.attributes = top.attr;
      top.attr = null;
      top.value.elements!.push(v); // tasks hold aggregates only
      if (--top.remaining > 0) return null;
      tasks.pop();
      v = top.value;
    }
  }

  private finishReply(reply: RespValue): RespValue {
    this.elements = 0;
    this.replyBytes = 0;
    this.input.settle();
    return reply;
  }

  // Checks that an item of `bytes` wire bytes announcing `more` elements fits the reply's limits.
  private budget(bytes: i64, more: i64): bool {
    if (this.elements + 1 + more > <i64>this.limits.maxElements) {
      this.fail(RespErr.TooManyElements, "reply exceeds maxElements");
      return false;
    }
    if (this.replyBytes + bytes > <i64>this.limits.maxReplyBytes) {
      this.fail(RespErr.ReplyTooLarge, "reply exceeds maxReplyBytes");
      return false;
    }
    return true;
  }

  private done(v: RespValue, next: i32): i32 {
    this.consume(next);
    this.item = v;
    return STEP_DONE;
  }

  private consume(next: i32): void {
    this.elements++;
    this.replyBytes += <i64>(next - this.input.pos);
    this.input.advance(next);
  }

  private missingCrlf(): i32 {
    return this.fail(RespErr.MissingCrlf, "expected CRLF");
  }

  // Poisons the reader (hiredis __redisReaderSetError): the buffer and partial reply are dropped, err stays.
  private fail(e: RespErr, text: string): i32 {
    this.err = e;
    this.errText = text;
    this.dropState();
    return STEP_FAILED;
  }

  private dropState(): void {
    this.input.clear();
    this.tasks.length = 0;
    this.rootAttr = null;
    this.elements = 0;
    this.replyBytes = 0;
    this.item = null;
  }
}

// Two attributes in a row describe the same value: keep both, in order.
function mergeAttr(pending: RespValue | null, attr: RespValue): RespValue {
  if (pending === null) return attr;
  const from = attr.elements!; // attributes are aggregates
  for (let i = 0; i < from.length; i++) pending.elements!.push(unchecked(from[i])); // i < length
  return pending;
}
