// Error codes of the JSON layer and their stable names. They live apart from parse.ts so the string and number
// readers can return them without an import cycle; parse.ts re-exports both.

/** JsonErr says why JsonParser.parse returned null. Ok (0) after a successful parse. Values are stable. */
export const enum JsonErr {
  Ok = 0,
  /** The input is longer than JsonLimits.maxBytes (checked before any byte is read). */
  TooLarge = 1,
  /** Opening this array or object would nest deeper than JsonLimits.maxDepth. */
  TooDeep = 2,
  /** The document holds more than JsonLimits.maxMembers values in total (the root and every nested value). */
  TooManyMembers = 3,
  /** The input ended inside a value, or held no value at all. */
  UnexpectedEnd = 4,
  /** A byte that cannot start or continue the expected token (including raw control characters in strings). */
  UnexpectedByte = 5,
  /** An unknown escape, a bad hex digit in \uXXXX, or a surrogate escape that is not part of a valid pair. */
  BadEscape = 6,
  /** Invalid UTF-8 inside a string: overlong, surrogate, above U+10FFFF, stray continuation or truncated. */
  BadUtf8 = 7,
  /** A number that breaks the RFC 8259 §6 grammar, or whose value is not a finite f64. */
  BadNumber = 8,
  /** An object repeats a member name while JsonLimits.rejectDuplicateKeys is set. */
  DuplicateKey = 9,
  /** Non-whitespace bytes follow the top-level value. */
  TrailingBytes = 10,
}

/** jsonErrName returns the stable operator-facing name of e, such as "ERR_JSON_TOO_DEEP". */
export function jsonErrName(e: JsonErr): string {
  switch (e) {
    case JsonErr.Ok: return "OK";
    case JsonErr.TooLarge: return "ERR_JSON_TOO_LARGE";
    case JsonErr.TooDeep: return "ERR_JSON_TOO_DEEP";
    case JsonErr.TooManyMembers: return "ERR_JSON_TOO_MANY_MEMBERS";
    case JsonErr.UnexpectedEnd: return "ERR_JSON_UNEXPECTED_END";
    case JsonErr.UnexpectedByte: return "ERR_JSON_UNEXPECTED_BYTE";
    case JsonErr.BadEscape: return "ERR_JSON_BAD_ESCAPE";
    case JsonErr.BadUtf8: return "ERR_JSON_BAD_UTF8";
    case JsonErr.BadNumber: return "ERR_JSON_BAD_NUMBER";
    case JsonErr.DuplicateKey: return "ERR_JSON_DUPLICATE_KEY";
    case JsonErr.TrailingBytes: return "ERR_JSON_TRAILING_BYTES";
  }
  return "ERR_JSON_UNKNOWN";
}
