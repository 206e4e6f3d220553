// Go `encoding/json.Marshal` of the values a Traefik plugin config can hold (`map[string]any`, `[]any`, string,
// float64, int64/uint64, bool, nil), byte for byte, because Traefik hands exactly those bytes to the guest through
// `get_config` (pkg/plugins/middlewarewasm.go: `json.Marshal(config)`). Go 1.22+ behaviour (traefik-wasm-host.md §1.4).
//
// JS → Go value model:
//   null / undefined            → nil → `null`
//   boolean                     → bool
//   number                      → float64 (Go float formatting; NaN/±Inf are a Marshal error)
//   bigint                      → int64 or uint64 (exact integer digits; outside both ranges is an error)
//   string                      → string (escaping below)
//   Array                       → []any
//   Map<string, …> / plain obj  → map[string]any (keys sorted by UTF-8 byte order)

/** marshalGoJson returns the UTF-8 bytes Go's `json.Marshal` produces for value. */
export function marshalGoJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(marshalGoJsonString(value));
}

/** marshalGoJsonString is marshalGoJson before UTF-8 encoding (handy in tests and error messages). */
export function marshalGoJsonString(value: unknown): string {
  const out: string[] = [];
  encodeValue(value, out);
  return out.join("");
}

const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

function encodeValue(v: unknown, out: string[]): void {
  if (v === null || v === undefined) { out.push("null"); return; }
  switch (typeof v) {
    case "boolean": out.push(v ? "true" : "false"); return;
    case "number": out.push(formatGoJsonFloat64(v)); return;
    case "bigint":
      if (v < INT64_MIN || v > UINT64_MAX) throw new Error(`json: unsupported value: ${v} overflows int64/uint64`);
      out.push(v.toString());
      return;
    case "string": out.push(quoteGoJsonString(v)); return;
  }
  if (Array.isArray(v)) {
    out.push("[");
    v.forEach((item, i) => { if (i > 0) out.push(","); encodeValue(item, out); });
    out.push("]");
    return;
  }
  const entries = mapEntries(v);
  if (entries === undefined) throw new Error(`json: unsupported type: ${describe(v)}`);
  entries.sort((a, b) => compareGoStrings(a[0], b[0]));
  out.push("{");
  entries.forEach(([k, item], i) => {
    if (i > 0) out.push(",");
    out.push(quoteGoJsonString(k), ":");
    encodeValue(item, out);
  });
  out.push("}");
}

/** mapEntries reads a Map<string, …> or a plain object as Go map entries; undefined for anything else. */
export function mapEntries(v: unknown): [string, unknown][] | undefined {
  if (v instanceof Map) {
    const entries: [string, unknown][] = [];
    for (const [k, item] of v) {
      if (typeof k !== "string") throw new Error(`json: unsupported type: map key ${describe(k)}`);
      entries.push([k, item]);
    }
    return entries;
  }
  if (isPlainObject(v)) return Object.entries(v);
  return undefined;
}

/** isPlainObject: object literal or Object.create(null) — the JS spelling of a Go map[string]any. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  return (v as object).constructor?.name ?? "object";
}

/**
 * compareGoStrings orders strings like Go's `<` on strings (bytewise UTF-8), which is what `json.Marshal` uses to
 * sort map keys. UTF-8 byte order equals code point order, which differs from JS's UTF-16 `<` for characters
 * above U+FFFF versus U+E000..U+FFFF. Lone surrogates compare by their code unit (like their WTF-8 bytes).
 */
export function compareGoStrings(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  if (i < a.length) return 1;
  return j < b.length ? -1 : 0;
}

const HEX = "0123456789abcdef";

/**
 * quoteGoJsonString is Go's `appendString(…, escapeHTML=true)` (encoding/json/encode.go, Go 1.22+):
 * `"` and `\` backslash-escaped; `\b \f \n \r \t` short escapes (`\b` and `\f` only since Go 1.22; earlier
 * releases wrote `\u0008` and `\u000c`); other bytes < 0x20 and `<`, `>`, `&` as `\u00XX`; U+2028/U+2029 as
 * `\u2028`/`\u2029`; everything else (DEL and all valid non-ASCII) written raw. Invalid UTF-8 becomes the escape
 * `\ufffd`: a JS string cannot hold invalid UTF-8, so a lone surrogate stands for one invalid byte sequence.
 */
export function quoteGoJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      switch (c) {
        case 0x22: out += '\\"'; break;
        case 0x5c: out += "\\\\"; break;
        case 0x08: out += "\\b"; break;
        case 0x0c: out += "\\f"; break;
        case 0x0a: out += "\\n"; break;
        case 0x0d: out += "\\r"; break;
        case 0x09: out += "\\t"; break;
        case 0x3c: case 0x3e: case 0x26: out += "\\u00" + HEX[c >> 4] + HEX[c & 0xf]; break;
        default:
          out += c < 0x20 ? "\\u00" + HEX[c >> 4] + HEX[c & 0xf] : s[i];
      }
      continue;
    }
    if (c === 0x2028 || c === 0x2029) { out += "\\u202" + HEX[c & 0xf]; continue; }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { out += s[i] + s[i + 1]; i++; continue; }
      out += "\\ufffd";
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) { out += "\\ufffd"; continue; }
    out += s[i];
  }
  return out + '"';
}

/**
 * shortestDecimal returns the shortest digits that round-trip abs (abs > 0, finite) and the decimal point
 * position: abs = 0.DIGITS × 10^point. Number.prototype.toString is specified to pick the shortest round-trip
 * digits closest to the value, which is what Go's `strconv.FormatFloat(f, fmt, -1, 64)` picks too.
 */
function shortestDecimal(abs: number): { digits: string; point: number } {
  const [mantissa, exponent] = String(abs).split("e");
  const [intPart, fracPart = ""] = mantissa.split(".");
  let digits = intPart + fracPart;
  let point = intPart.length + (exponent === undefined ? 0 : Number(exponent));
  const lead = digits.length - digits.replace(/^0+/, "").length;
  digits = digits.slice(lead).replace(/0+$/, "");
  point -= lead;
  return { digits, point };
}

/**
 * formatGoJsonFloat64 is encoding/json's floatEncoder for float64: `strconv.AppendFloat(f, 'f', -1, 64)`, or the
 * 'e' format when abs < 1e-6 or abs >= 1e21, after which Go rewrites a two-digit negative exponent `e-0X` to
 * `e-X` (so 1e-7 is `1e-7`, 1e-10 is `1e-10`, 1e21 is `1e+21`). Negative zero is `-0`. NaN/±Inf are an error,
 * worded as Go's UnsupportedValueError.
 */
export function formatGoJsonFloat64(f: number): string {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${goFormatFloatG(f)}`);
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const sign = f < 0 ? "-" : "";
  const abs = Math.abs(f);
  const { digits, point } = shortestDecimal(abs);
  if (abs < 1e-6 || abs >= 1e21) {
    const exp = point - 1;
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expAbs = Math.abs(exp);
    // strconv writes at least two exponent digits; encoding/json then trims "e-0X" to "e-X".
    const expDigits = exp < 0 && expAbs < 10 ? String(expAbs) : String(expAbs).padStart(2, "0");
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${expDigits}`;
  }
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** goFormatFloatG is `strconv.FormatFloat(f, 'g', -1, 64)` for the non-finite values Go names in errors. */
function goFormatFloatG(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  return f > 0 ? "+Inf" : "-Inf";
}
