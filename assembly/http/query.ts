// Query strings as application/x-www-form-urlencoded (WHATWG URL §5.1-§5.2), the format of OAuth 2.0 requests and
// responses (RFC 6749 §4.1.1-§4.1.2): parsed strictly, built exactly as URLSearchParams serializes.

import { codeAt } from "./chars";
import { HttpErr, HttpStatus } from "./errors";
import { PercentSet, percentDecode, percentEncode } from "./percent";
import { MAX_URL_LENGTH } from "./url";

/** MAX_QUERY_PARAMS is the default limit on parameters per query. */
export const MAX_QUERY_PARAMS: i32 = 256;

/**
 * QueryParams holds the name/value pairs of one query, decoded, in order, duplicates kept. parse() fails, with
 * `err` and `offset` set, on a broken "%" escape or text that is not UTF-8, where URLSearchParams would guess.
 */
export class QueryParams {
  err: HttpErr = HttpErr.Ok;
  offset: i32 = 0;
  /** Most pairs accepted; parse fails with TooMany past it, keeping the first maxParams. */
  maxParams: i32 = MAX_QUERY_PARAMS;
  /** Longest accepted query, in UTF-16 units. */
  maxLength: i32 = MAX_URL_LENGTH;
  private names: Array<string> = new Array<string>();
  private values: Array<string> = new Array<string>();
  private status: HttpStatus = new HttpStatus();

  /**
   * parse replaces the pairs with those of query (without its leading "?"): split at "&", empty pieces skipped,
   * name and value split at the first "=", "+" read as a space, then percent-decoded. Returns false with `err`
   * set on failure; the pairs before the failing one stay.
   */
  parse(query: string): bool {
    this.err = HttpErr.Ok;
    this.offset = 0;
    this.names.length = 0;
    this.values.length = 0;
    const len = query.length;
    if (len > this.maxLength) return this.fail(HttpErr.TooLarge, 0);
    let start = 0;
    while (start < len) {
      let end = start;
      let eq = -1;
      while (end < len) {
        const c = codeAt(query, end); // end < len
        if (c == 0x26) break;
        if (c == 0x3d && eq < 0) eq = end;
        end++;
      }
      if (end > start && !this.pair(query, start, eq, end)) return false;
      start = end + 1;
    }
    return true;
  }

  /** length is the number of pairs. */
  get length(): i32 { return this.names.length; }

  /** nameAt returns the name of pair i, or null when i is out of range. */
  nameAt(i: i32): string | null {
    return <u32>i < <u32>this.names.length ? unchecked(this.names[i]) : null; // the unsigned test bounds i
  }

  /** valueAt returns the value of pair i, or null when i is out of range. */
  valueAt(i: i32): string | null {
    return <u32>i < <u32>this.values.length ? unchecked(this.values[i]) : null; // the unsigned test bounds i
  }

  /** get returns the value of the first pair named name, or null; later duplicates are ignored. */
  get(name: string): string | null {
    // names and values always have the same length: i < n indexes both.
    for (let i = 0, n = this.names.length; i < n; i++) if (unchecked(this.names[i]) == name) return unchecked(this.values[i]);
    return null;
  }

  /** count returns how many pairs are named name, so callers can refuse a repeated OAuth parameter (RFC 6749 §3.1). */
  count(name: string): i32 {
    let k = 0;
    for (let i = 0, n = this.names.length; i < n; i++) if (unchecked(this.names[i]) == name) k++; // i < n
    return k;
  }

  // Decodes and stores the pair in query[start, end) whose first "=" is at eq (or -1).
  private pair(query: string, start: i32, eq: i32, end: i32): bool {
    if (this.names.length >= this.maxParams) return this.fail(HttpErr.TooMany, start);
    const nameEnd = eq < 0 ? end : eq;
    const name = percentDecode(query.substring(start, nameEnd), true, this.status);
    if (name === null) return this.fail(this.status.err, start + this.status.offset);
    let value = "";
    if (eq >= 0) {
      const v = percentDecode(query.substring(eq + 1, end), true, this.status);
      if (v === null) return this.fail(this.status.err, eq + 1 + this.status.offset);
      value = v;
    }
    this.names.push(name);
    this.values.push(value);
    return true;
  }

  private fail(e: HttpErr, at: i32): bool {
    this.err = e;
    this.offset = at;
    return false;
  }
}

/**
 * QueryBuilder writes a query string the way URLSearchParams.toString() does: `name=value` pairs joined by "&",
 * each side percent-encoded with PercentSet.Form. It cannot fail; the output never holds a raw "&", "=", "#" or
 * control character.
 */
export class QueryBuilder {
  private parts: Array<string> = new Array<string>();

  /** add appends one pair and returns the builder. */
  add(name: string, value: string): QueryBuilder {
    this.parts.push(percentEncode(name, PercentSet.Form) + "=" + percentEncode(value, PercentSet.Form));
    return this;
  }

  /** reset removes every pair. */
  reset(): QueryBuilder {
    this.parts.length = 0;
    return this;
  }

  toString(): string {
    return this.parts.join("&");
  }
}
