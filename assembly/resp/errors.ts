// Protocol error codes of the RESP reader and their stable names. A reply of kind Error (`-ERR ...`, `!...`) is
// the server talking, not a protocol error: it never appears here.

/**
 * RespErr says why RespReader stopped. Ok (0) while the byte stream is well formed. Any other value poisons the
 * reader until reset(): the stream has lost its framing, so the connection under it must be closed.
 * Values are stable.
 */
export const enum RespErr {
  Ok = 0,
  /** A reply starts with a byte that is not a RESP2 or RESP3 type byte. */
  BadType = 1,
  /** A bulk or aggregate length that is not a strict integer, or negative other than the RESP2 null (-1). */
  BadLength = 2,
  /** The line of an integer reply (`:`) is not a strict integer: sign `+`, leading zeros, `-0`, empty, junk. */
  BadInteger = 3,
  /** An integer reply or a length does not fit in a signed 64-bit integer. */
  IntegerOverflow = 4,
  /** A line holds a lone CR or LF, or a bulk payload is not followed by CRLF. */
  MissingCrlf = 5,
  /** A null (`_`), boolean (`#`), double (`,`) or big number (`(`) line breaks the grammar of its type. */
  BadScalar = 6,
  /** A verbatim string (`=`) is shorter than 4 bytes or lacks the `:` after its 3-byte format. */
  BadVerbatim = 7,
  /** Opening this aggregate would nest deeper than RespLimits.maxDepth. */
  TooDeep = 8,
  /** The reply would hold more than RespLimits.maxElements values in total. */
  TooManyElements = 9,
  /** A bulk, bulk error or verbatim string is longer than RespLimits.maxBulkBytes. */
  BulkTooLong = 10,
  /** A line (simple string, error, number, header) is longer than RespLimits.maxLineBytes. */
  LineTooLong = 11,
  /** One reply spans more than RespLimits.maxReplyBytes bytes on the wire. */
  ReplyTooLarge = 12,
  /** feed() would hold more than RespLimits.maxBufferBytes unread bytes. */
  BufferFull = 13,
}

/** RESP_ERR_LAST is the highest RespErr value, for tests that walk every code. */
export const RESP_ERR_LAST: i32 = 13;

/** respErrName returns the stable operator-facing name of e, such as "ERR_RESP_BAD_TYPE". */
export function respErrName(e: RespErr): string {
  switch (e) {
    case RespErr.Ok: return "OK";
    case RespErr.BadType: return "ERR_RESP_BAD_TYPE";
    case RespErr.BadLength: return "ERR_RESP_BAD_LENGTH";
    case RespErr.BadInteger: return "ERR_RESP_BAD_INTEGER";
    case RespErr.IntegerOverflow: return "ERR_RESP_INTEGER_OVERFLOW";
    case RespErr.MissingCrlf: return "ERR_RESP_MISSING_CRLF";
    case RespErr.BadScalar: return "ERR_RESP_BAD_SCALAR";
    case RespErr.BadVerbatim: return "ERR_RESP_BAD_VERBATIM";
    case RespErr.TooDeep: return "ERR_RESP_TOO_DEEP";
    case RespErr.TooManyElements: return "ERR_RESP_TOO_MANY_ELEMENTS";
    case RespErr.BulkTooLong: return "ERR_RESP_BULK_TOO_LONG";
    case RespErr.LineTooLong: return "ERR_RESP_LINE_TOO_LONG";
    case RespErr.ReplyTooLarge: return "ERR_RESP_REPLY_TOO_LARGE";
    case RespErr.BufferFull: return "ERR_RESP_BUFFER_FULL";
  }
  return "ERR_RESP_UNKNOWN";
}

/** badTypeText is hiredis' message for a reply that starts with byte c; non-printable bytes appear as \xNN. */
export function badTypeText(c: u8): string {
  let shown: string;
  if (c >= 0x20 && c < 0x7f) {
    shown = String.fromCharCode(c);
  } else {
    const hex = "0123456789abcdef";
    shown = "\\x" + hex.charAt(c >> 4) + hex.charAt(c & 15);
  }
  return "Protocol error, got \"" + shown + "\" as reply type byte";
}
