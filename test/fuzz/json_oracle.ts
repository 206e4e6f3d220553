// The differential oracle: what the guest parser must do with an input, decided by TextDecoder (fatal) and
// JSON.parse plus the places where our parser is deliberately stricter than JSON.parse: duplicate keys,
// unpaired surrogate escapes, non-finite numbers, and the default limits.

/** The guest's JsonErr values (assembly/json/errors.ts). */
export const JsonErr = {
  Ok: 0, TooLarge: 1, TooDeep: 2, TooManyMembers: 3, UnexpectedEnd: 4, UnexpectedByte: 5,
  BadEscape: 6, BadUtf8: 7, BadNumber: 8, DuplicateKey: 9, TrailingBytes: 10,
} as const;

/** The JsonLimits defaults the fuzz guest uses. */
export const LIMITS = { maxBytes: 1 << 20, maxDepth: 32, maxMembers: 10000 } as const;

/** Expectation: accept with this value, or reject with one of `codes` (null: any error code). */
export type Expectation = { accept: true; value: unknown } | { accept: false; codes: Set<number> | null };

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** expectation decides the outcome for input. */
export function expectation(input: Uint8Array): Expectation {
  if (input.length > LIMITS.maxBytes) return { accept: false, codes: new Set([JsonErr.TooLarge]) };
  let text: string;
  let value: unknown;
  try {
    text = fatalUtf8.decode(input);
    value = JSON.parse(text);
  } catch {
    return { accept: false, codes: null };
  }
  const f = facts(text);
  const codes = new Set<number>();
  if (f.depth > LIMITS.maxDepth) codes.add(JsonErr.TooDeep);
  if (f.values > LIMITS.maxMembers) codes.add(JsonErr.TooManyMembers);
  if (f.duplicateKey) codes.add(JsonErr.DuplicateKey);
  if (f.loneSurrogate) codes.add(JsonErr.BadEscape);
  if (f.nonFinite) codes.add(JsonErr.BadNumber);
  return codes.size > 0 ? { accept: false, codes } : { accept: true, value };
}

/** Facts are the properties of a valid JSON text that JSON.parse does not report. */
export interface Facts {
  depth: number;
  values: number;
  duplicateKey: boolean;
  loneSurrogate: boolean;
  nonFinite: boolean;
}

// One token of a valid JSON text; whitespace included so the sticky scan never skips a byte.
const TOKEN = /[ \t\n\r]+|[{}[\],:]|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const LONE_SURROGATE = /\p{Cs}/u;

/** facts scans a text that JSON.parse accepted; it walks tokens iteratively, so depth costs no JS stack. */
export function facts(text: string): Facts {
  const f: Facts = { depth: 0, values: 0, duplicateKey: false, loneSurrogate: false, nonFinite: false };
  const frames: Array<Set<string> | null> = []; // a key set per open object, null per open array
  let expectKey = false;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (m === null) throw new Error(`oracle tokenizer stuck at ${TOKEN.lastIndex} in ${JSON.stringify(text)}`);
    const tok = m[0];
    const c = tok[0];
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === ":") continue;
    if (c === "{" || c === "[") {
      f.values++;
      frames.push(c === "{" ? new Set() : null);
      f.depth = Math.max(f.depth, frames.length);
      expectKey = c === "{";
    } else if (c === "}" || c === "]") {
      frames.pop();
    } else if (c === ",") {
      expectKey = frames.length > 0 && frames[frames.length - 1] !== null;
    } else if (c === "\"") {
      const s = JSON.parse(tok) as string;
      if (LONE_SURROGATE.test(s)) f.loneSurrogate = true;
      if (expectKey) {
        const keys = frames[frames.length - 1]!;
        if (keys.has(s)) f.duplicateKey = true;
        keys.add(s);
        expectKey = false;
      } else {
        f.values++;
      }
    } else {
      f.values++;
      if ((c === "-" || (c >= "0" && c <= "9")) && !Number.isFinite(Number(tok))) f.nonFinite = true;
    }
  }
  return f;
}

/** sameJson compares two JSON.parse results; numbers with Object.is, so -0 and every bit must match. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a === "number") return Object.is(a, b);
  if (a === null || b === null || typeof a !== "object") return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameJson(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  if (keys.length !== Object.keys(bo).length) return false;
  return keys.every((k) => Object.hasOwn(bo, k) && sameJson(ao[k], bo[k]));
}
