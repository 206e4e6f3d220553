// The fields of a received response: names lowercased once on arrival, so every lookup is case-insensitive
// (RFC 9110 §5.1) without folding on each call.

import { equalsIgnoreCase } from "../http/chars";

/** HttpHeaders holds field lines in arrival order. Lookups never trap: an absent name is null or empty. */
export class HttpHeaders {
  private names: Array<string> = new Array<string>();
  private values: Array<string> = new Array<string>();

  /** count is the number of field lines. */
  get count(): i32 { return this.names.length; }

  /** name returns the lowercased name of line i, "" past the end. */
  name(i: i32): string { return i >= 0 && i < this.names.length ? this.names[i] : ""; }

  /** value returns the value of line i (leading and trailing whitespace removed), "" past the end. */
  value(i: i32): string { return i >= 0 && i < this.values.length ? this.values[i] : ""; }

  /**
   * get returns the field's value, any case of name; lines that repeat the name are combined with ", " in order
   * (RFC 9110 §5.3). Null when absent. Do not use it for Set-Cookie, whose lines cannot be combined.
   */
  get(name: string): string | null {
    let out: string | null = null;
    for (let i = 0; i < this.names.length; i++) {
      if (!equalsIgnoreCase(this.names[i], name)) continue;
      out = out === null ? this.values[i] : out + ", " + this.values[i];
    }
    return out;
  }

  /** getAll returns the value of every line with that name, in order; empty when absent. */
  getAll(name: string): Array<string> {
    const out = new Array<string>();
    for (let i = 0; i < this.names.length; i++) if (equalsIgnoreCase(this.names[i], name)) out.push(this.values[i]);
    return out;
  }

  /** has says whether a line with that name arrived. */
  has(name: string): bool {
    for (let i = 0; i < this.names.length; i++) if (equalsIgnoreCase(this.names[i], name)) return true;
    return false;
  }

  /** add appends a line; lowerName must already be lowercase (the parser's job). */
  add(lowerName: string, value: string): void {
    this.names.push(lowerName);
    this.values.push(value);
  }

  /** clear forgets every line. */
  clear(): void {
    this.names.length = 0;
    this.values.length = 0;
  }
}
