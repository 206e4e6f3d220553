// HTML escaping for text placed in element content or quoted attribute values of the guest's own error pages.

import { codeAt } from "./chars";

/**
 * htmlEscape returns s with & < > " ' replaced by character references, so it can sit in element content or in a
 * quoted attribute value. It does not make text safe inside <script>, <style>, URLs or unquoted attributes.
 * Returns s itself when nothing needs escaping.
 */
export function htmlEscape(s: string): string {
  const len = s.length;
  let first = 0;
  while (first < len && reference(codeAt(s, first)).length == 0) first++; // first < len
  if (first == len) return s;
  const parts = new Array<string>();
  let from = 0;
  for (let i = first; i < len; i++) {
    const ref = reference(codeAt(s, i)); // i < len
    if (ref.length == 0) continue;
    if (i > from) parts.push(s.substring(from, i));
    parts.push(ref);
    from = i + 1;
  }
  if (from < len) parts.push(s.substring(from));
  return parts.join("");
}

// The character reference for c, or "" when c stands for itself.
function reference(c: u32): string {
  switch (c) {
    case 0x26: return "&amp;";
    case 0x3c: return "&lt;";
    case 0x3e: return "&gt;";
    case 0x22: return "&quot;";
    case 0x27: return "&#39;";
  }
  return "";
}
