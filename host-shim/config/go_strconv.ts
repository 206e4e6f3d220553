// The few Go `strconv` functions paerser runs on plugin config values, with Go's results and error texts, so the
// shim fails (or rounds) exactly where Traefik does.

/** goQuote approximates `strconv.Quote` / `%q` for error messages (identical for printable ASCII). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

function numError(fn: string, s: string, what: "invalid syntax" | "value out of range"): Error {
  return new Error(`strconv.${fn}: parsing ${goQuote(s)}: ${what}`);
}

/** parseGoBool is `strconv.ParseBool`. */
export function parseGoBool(s: string): boolean {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  throw numError("ParseBool", s, "invalid syntax");
}

/** parseGoInt is `strconv.ParseInt(s, 10, bitSize)`: optional sign, ASCII digits only (no `_` in base 10). */
export function parseGoInt(s: string, bitSize: number, fn = "ParseInt"): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) throw numError(fn, s, "invalid syntax");
  const v = BigInt(s);
  const limit = 1n << BigInt(bitSize - 1);
  if (v < -limit || v >= limit) throw numError(fn, s, "value out of range");
  return v;
}

/** parseGoUint is `strconv.ParseUint(s, 10, bitSize)`: no sign allowed. */
export function parseGoUint(s: string, bitSize: number): bigint {
  if (!/^[0-9]+$/.test(s)) throw numError("ParseUint", s, "invalid syntax");
  const v = BigInt(s);
  if (v >= 1n << BigInt(bitSize)) throw numError("ParseUint", s, "value out of range");
  return v;
}

/** parseGoAtoi is `strconv.Atoi` (int is 64-bit on Traefik's platforms). */
export function parseGoAtoi(s: string): number {
  return Number(parseGoInt(s, 64, "Atoi"));
}

/**
 * parseGoFloat64 is `strconv.ParseFloat(s, 64)` for decimal input and inf/infinity/nan (any case, optional sign).
 * Overflow is "value out of range" like Go; underflow silently rounds like Go. Go's hexadecimal float syntax is
 * not implemented (only reachable through a hand-written `║14║0x…` string) and is reported as such.
 */
export function parseGoFloat64(s: string): number {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special) {
    if (special[2].toLowerCase() === "nan") return NaN;
    return special[1] === "-" ? -Infinity : Infinity;
  }
  if (/^[+-]?0[xX]/.test(s)) throw new Error(`shim: hexadecimal float ${goQuote(s)} is not supported`);
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) throw numError("ParseFloat", s, "invalid syntax");
  const v = Number(s);
  if (!Number.isFinite(v)) throw numError("ParseFloat", s, "value out of range");
  return v;
}

/**
 * formatGoFloatFixed6 is `strconv.FormatFloat(f, 'f', 6, 64)`: the exact binary value rounded to 6 decimals,
 * ties to even (Go's bigFtoa / decimal.Round), sign kept even when the digits are all zero (`-0.000000`).
 * JS `toFixed` rounds ties away from zero and switches to exponent form at 1e21, so it cannot be used.
 */
export function formatGoFloatFixed6(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  const negative = f < 0 || Object.is(f, -0);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(f));
  const bits = view.getBigUint64(0);
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exp2 = -1074; // subnormal: value = mantissa × 2^-1074
  if (biasedExp !== 0) { mantissa |= 1n << 52n; exp2 = biasedExp - 1075; }
  let scaled: bigint; // round(|f| × 10^6), ties to even
  if (exp2 >= 0) {
    scaled = (mantissa << BigInt(exp2)) * 1_000_000n;
  } else {
    const num = mantissa * 1_000_000n;
    const den = 1n << BigInt(-exp2);
    scaled = num / den;
    const twiceRem = 2n * (num % den);
    if (twiceRem > den || (twiceRem === den && (scaled & 1n) === 1n)) scaled += 1n;
  }
  const digits = scaled.toString().padStart(7, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}
