// Distinguished names (RFC 5280 §4.1.2.4): a structural check at parse time, and a printable form for messages
// in RFC 4514 order ("CN=Example Intermediate,O=Example"), made only when a message needs it. Certificate text is
// attacker-chosen, so everything shown passes through displayText, which escapes and cuts it.

import { DerProblem, DerReader, derReader, stringProblem, Tag } from "./der";
import { Oid, oidAt, oidLabel } from "./oid";
import { utf8DecodeLossy } from "../encoding/utf8";

/** Longest attribute value shown, and longest name, in UTF-16 units before escaping. */
const MAX_VALUE_CHARS: i32 = 64;
const MAX_NAME_CHARS: i32 = 200;
const HEX = "0123456789abcdef";

/**
 * checkName checks the content of a Name, read by r: a SEQUENCE OF RelativeDistinguishedName, each a non-empty
 * SET OF AttributeTypeAndValue { OID, a string }. Every attribute of RFC 5280 §4.1.2.4 and Appendix A is one of
 * a few string types (isStringTag), and each must be well-formed for its type (UTF-8, whole BMP and universal
 * characters, IA5 below 0x80), as Go and OpenSSL require. An empty Name is valid (§4.1.2.6 allows an empty
 * subject when subjectAltName is present). Problems go to r's problem record.
 */
export function checkName(r: DerReader): bool {
  while (!r.atEnd) {
    const rdn = r.enter(Tag.Set);
    if (rdn === null) return false;
    if (rdn.atEnd) return rdn.fail("empty RelativeDistinguishedName");
    while (!rdn.atEnd) {
      const atv = rdn.enter(Tag.Sequence);
      if (atv === null || !atv.readOid() || !atv.next() || !checkValue(atv)) return false;
      if (!atv.finish("AttributeTypeAndValue")) return false;
    }
  }
  return true;
}

/**
 * nameToString returns the printable form of a Name given as DER (a SEQUENCE checked by checkName): RDNs from
 * last to first, attributes by short name (CN, O, OU, C, ...) or dotted OID, joined by "," and "+", values escaped
 * by displayText. "(empty name)" for a Name without RDNs.
 */
export function nameToString(der: Uint8Array): string {
  const r = derReader(der, new DerProblem());
  const inner = r.enter(Tag.Sequence);
  if (inner === null) return "(unreadable name)";
  const parts = new Array<string>();
  while (!inner.atEnd) {
    const rdn = inner.enter(Tag.Set);
    if (rdn === null) break;
    let s = "";
    while (!rdn.atEnd) {
      const atv = rdn.enter(Tag.Sequence);
      if (atv === null || !atv.readOid()) break;
      const key = oidLabel(atv.data, atv.contentStart, atv.contentLength);
      if (!atv.next()) break;
      s += (s.length > 0 ? "+" : "") + key + "=" + valueText(atv);
    }
    parts.push(s);
  }
  if (parts.length == 0) return "(empty name)";
  let out = "";
  for (let i = parts.length - 1; i >= 0; i--) out += (out.length > 0 ? "," : "") + parts[i];
  return out.length > MAX_NAME_CHARS ? out.substring(0, MAX_NAME_CHARS) + "..." : out;
}

/** commonName returns the displayed value of the last (most specific) CN attribute in a Name's DER, or "". */
export function commonName(der: Uint8Array): string {
  const r = derReader(der, new DerProblem());
  const inner = r.enter(Tag.Sequence);
  if (inner === null) return "";
  let cn = "";
  while (!inner.atEnd) {
    const rdn = inner.enter(Tag.Set);
    if (rdn === null) break;
    while (!rdn.atEnd) {
      const atv = rdn.enter(Tag.Sequence);
      if (atv === null || !atv.readOid()) break;
      const isCn = oidAt(atv.data, atv.contentStart, atv.contentLength) == Oid.CommonName;
      if (!atv.next()) break;
      if (isCn) cn = valueText(atv);
    }
  }
  return cn;
}

/**
 * displayText makes certificate text safe for a log line: characters outside printable ASCII become \uXXXX,
 * a backslash becomes \\, and text longer than max characters is cut and ends in "...".
 */
export function displayText(s: string, max: i32 = MAX_VALUE_CHARS): string {
  const n = min(s.length, max);
  let out = "";
  let from = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c != 0x5c) continue;
    out += s.substring(from, i) + (c == 0x5c ? "\\\\" : escapeUnit(c));
    from = i + 1;
  }
  out += s.substring(from, n);
  return s.length > n ? out + "..." : out;
}

// The value just read by atv: one of the string types, well-formed for its type.
function checkValue(atv: DerReader): bool {
  const tag = atv.tag, at = atv.elementStart;
  if (!isStringTag(tag)) return atv.failAt(at, "attribute value that is not a string");
  const problem = stringProblem(tag, atv.content());
  return problem.length == 0 || atv.failAt(at, problem);
}

// The string types RFC 5280's attributes use: DirectoryString's (TeletexString, PrintableString,
// UniversalString, UTF8String, BMPString), IA5String (emailAddress, domainComponent) and NumericString. OpenSSL
// refuses the rest (VisibleString, GeneralString, ...) in names too.
function isStringTag(tag: i32): bool {
  return tag == Tag.Utf8String || tag == Tag.NumericString || tag == Tag.PrintableString || tag == Tag.TeletexString ||
    tag == Tag.Ia5String || tag == Tag.UniversalString || tag == Tag.BmpString;
}

// The value just read by atv, as text: strings decoded (the one-byte types as Latin-1, as OpenSSL shows
// TeletexString), anything else, which checkName refuses, as "#" and the DER in hex (RFC 4514 §2.4). Decoding
// never fails: invalid UTF-8 becomes U+FFFD, a partial BMP or universal character is dropped.
function valueText(atv: DerReader): string {
  const content = atv.content();
  const tag = atv.tag;
  let s: string;
  if (tag == Tag.Utf8String) s = utf8DecodeLossy(content);
  else if (tag == Tag.BmpString) s = wide(content, 2);
  else if (tag == Tag.UniversalString) s = wide(content, 4);
  else if (isStringTag(tag)) s = latin1(content);
  else return "#" + hexText(atv.element(), MAX_VALUE_CHARS / 2);
  return displayText(s);
}

// Each byte as the character of the same code (TeletexString is treated as Latin-1, as OpenSSL shows it).
function latin1(b: Uint8Array): string {
  const n = min(b.length, MAX_VALUE_CHARS + 1);
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(<i32>unchecked(b[i])); // i < b.length
  return s;
}

// Big-endian code units of `width` bytes (BMPString 2, UniversalString 4); a trailing partial unit is dropped.
function wide(b: Uint8Array, width: i32): string {
  let s = "";
  for (let i = 0; i + width <= b.length && s.length <= MAX_VALUE_CHARS; i += width) {
    let c: u32 = 0;
    for (let j = 0; j < width; j++) c = (c << 8) | <u32>unchecked(b[i + j]); // i + j < b.length
    s += c > 0x10ffff ? "\ufffd" : String.fromCodePoint(<i32>c);
  }
  return s;
}

function hexText(b: Uint8Array, maxBytes: i32): string {
  const n = min(b.length, maxBytes);
  let s = "";
  for (let i = 0; i < n; i++) {
    const v = <i32>unchecked(b[i]); // i < b.length
    s += HEX.charAt(v >> 4) + HEX.charAt(v & 15);
  }
  return b.length > n ? s + "..." : s;
}

function escapeUnit(c: i32): string {
  return "\\u" + HEX.charAt((c >> 12) & 15) + HEX.charAt((c >> 8) & 15) + HEX.charAt((c >> 4) & 15) +
    HEX.charAt(c & 15);
}
