// Reads typed values out of the plugin's JSON configuration, tolerantly: Traefik's label and file providers
// deliver every scalar as a string ("5", "true"), the CRD provider as JSON numbers and booleans
// (traefik-wasm-host.md §1.4), so each reader accepts both. The first problem is kept; later reads are ignored.

import { JsonKind, JsonValue } from "../json/value";
import { ConfigError } from "./config_error";

export class ConfigReader {
  private _error: ConfigError | null = null;
  private seen: Set<string> = new Set<string>();
  // A nested reader (child()) names its keys `prefix + key` and records its errors in its parent's.
  private prefix: string = "";
  private parent: ConfigReader | null = null;
  // Keys whose value came from an environment variable instead of the config: name -> variable.
  private sources: Map<string, string> = new Map<string, string>();

  constructor(private root: JsonValue | null) {}

  /** error is the first problem found by this reader or any of its children. */
  get error(): ConfigError | null {
    const parent = this.parent;
    return parent !== null ? parent.error : this._error;
  }

  /**
   * child returns a reader of the object at key (dotted names in errors: `key.sub`), or a reader of nothing when
   * key is absent or null. Traefik's file provider turns an empty section (`redis: {}`) into "", so an empty
   * string counts as absent too. Any other value that is not an object is an error.
   */
  child(key: string): ConfigReader {
    const v = this.value(key);
    let obj: JsonValue | null = null;
    if (v !== null) {
      if (v.kind == JsonKind.Object) obj = v;
      else if (!isEmptyString(v)) this.fail<bool>(key, "must be an object", false);
    }
    const r = new ConfigReader(obj);
    r.prefix = this.prefix + key + ".";
    r.parent = this;
    return r;
  }

  /**
   * children returns a reader for each object in the list at key (errors name `key[i].sub`); an empty list when
   * absent or null. A value that is not a list of objects is an error.
   */
  children(key: string): Array<ConfigReader> {
    const out = new Array<ConfigReader>();
    const v = this.value(key);
    if (v === null) return out;
    const items = v.items;
    if (v.kind != JsonKind.Array || items === null) return this.fail(key, "must be a list of objects", out);
    for (let i = 0; i < items.length; i++) {
      if (items[i].kind != JsonKind.Object) return this.fail(key, `must be a list of objects (item ${i} is not)`, out);
      const r = new ConfigReader(items[i]);
      r.prefix = this.prefix + key + "[" + i.toString() + "].";
      r.parent = this;
      out.push(r);
    }
    return out;
  }

  /** has says whether key is present with a non-null value (it does not count as reading it). */
  has(key: string): bool {
    const root = this.root;
    if (root === null) return false;
    const v = root.get(key);
    return v !== null && v.kind != JsonKind.Null;
  }

  /**
   * fallback supplies value (a string, as labels give it) for key when the config lacks it, e.g. from an
   * environment variable named source; errors about it then say where it came from. The root must be an object
   * or absent (then one is made).
   */
  fallback(key: string, value: string, source: string): void {
    if (this.has(key)) return;
    let root = this.root;
    if (root === null) {
      root = JsonValue.newObject();
      this.root = root;
    }
    root.set(key, JsonValue.ofString(value));
    this.sources.set(key, source);
  }

  /** str returns the string at key, or fallback when absent or null. */
  str(key: string, fallback: string): string {
    const v = this.value(key);
    if (v === null) return fallback;
    if (v.kind != JsonKind.String) return this.fail(key, "must be a string", fallback);
    return v.string;
  }

  /** bool accepts true/false and the strings "true"/"false" (any case), as Go's strconv.ParseBool mostly does. */
  bool(key: string, fallback: bool): bool {
    const v = this.value(key);
    if (v === null) return fallback;
    if (v.kind == JsonKind.Bool) return v.bool;
    if (v.kind == JsonKind.String) {
      const s = v.string.toLowerCase();
      if (s == "true" || s == "1") return true;
      if (s == "false" || s == "0") return false;
    }
    return this.fail(key, "must be true or false", fallback);
  }

  /** int accepts a whole JSON number or a decimal string within [min, max]. */
  int(key: string, fallback: i64, min: i64, max: i64): i64 {
    const v = this.value(key);
    if (v === null) return fallback;
    let n: f64 = NaN;
    if (v.kind == JsonKind.Number) n = v.number;
    else if (v.kind == JsonKind.String) n = parseDecimal(v.string);
    if (isNaN(n) || n != Math.floor(n) || n < <f64>min || n > <f64>max) {
      return this.fail(key, `must be a whole number from ${min} to ${max}`, fallback);
    }
    return <i64>n;
  }

  /**
   * strList accepts a list of strings, or one string of comma-separated items (what a Docker or Kubernetes label
   * usually holds); items are trimmed and empty ones dropped. fallback when absent or null.
   */
  strList(key: string, fallback: string[]): string[] {
    const v = this.value(key);
    if (v === null) return fallback;
    if (v.kind == JsonKind.String) return splitList(v.string);
    const items = v.items;
    if (v.kind != JsonKind.Array || items === null) return this.fail(key, "must be a list of strings", fallback);
    const out = new Array<string>();
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.kind != JsonKind.String) return this.fail(key, `must be a list of strings (item ${i} is not)`, fallback);
      const s = item.string.trim();
      if (s.length > 0) out.push(s);
    }
    return out;
  }

  /** oneOf returns the string at key if it is one of choices. */
  oneOf(key: string, fallback: string, choices: string[]): string {
    const s = this.str(key, fallback);
    if (choices.includes(s)) return s;
    return this.fail(key, `must be one of ${choices.join(", ")} (got "${s}")`, fallback);
  }

  /** reject records a problem with key found by the caller's own validation. */
  reject(key: string, reason: string): void {
    this.fail<bool>(key, reason, false);
  }

  /** checkUnknownKeys reports the first key no reader asked for: a typo must not silently fall back to a default. */
  checkUnknownKeys(): void {
    const root = this.root;
    if (root === null || this.error !== null) return;
    const keys = root.keys;
    if (keys === null) return;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (!this.seen.has(key)) {
        this.fail<bool>(key, "unknown key", false);
        return;
      }
    }
  }

  private value(key: string): JsonValue | null {
    this.seen.add(key);
    const root = this.root;
    if (root === null) return null;
    const v = root.get(key);
    if (v === null || v.kind == JsonKind.Null) return null;
    return v;
  }

  private fail<T>(key: string, reason: string, fallback: T): T {
    const why = this.sources.has(key) ? reason + " (from environment variable " + this.sources.get(key) + ")" : reason;
    this.record(this.prefix + key, why);
    return fallback;
  }

  private record(name: string, reason: string): void {
    const parent = this.parent;
    if (parent !== null) parent.record(name, reason);
    else if (this._error === null) this._error = new ConfigError(name, reason);
  }
}

// Accepts an optional sign and digits only: label values like "5" or "-1", never "5s" or "0x10".
function parseDecimal(s: string): f64 {
  const n = s.length;
  if (n == 0 || n > 18) return NaN;
  let i = s.charCodeAt(0) == 45 ? 1 : 0;
  if (i == n) return NaN;
  let v: f64 = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
    v = v * 10 + <f64>(c - 48);
  }
  return s.charCodeAt(0) == 45 ? -v : v;
}

function splitList(s: string): string[] {
  const out = new Array<string>();
  const parts = s.split(",");
  for (let i = 0; i < parts.length; i++) {
    const item = parts[i].trim();
    if (item.length > 0) out.push(item);
  }
  return out;
}

function isEmptyString(v: JsonValue): bool {
  return v.kind == JsonKind.String && v.string.length == 0;
}
