// PEM text (RFC 7468) as CA bundles write it: any number of "-----BEGIN X-----" ... "-----END X-----" blocks of
// base64, with anything between blocks ignored (comments, `openssl x509 -text` dumps). Lines may end in LF or
// CRLF, and whitespace inside the base64 is skipped. A block that cannot be decoded is reported, not fatal.

import { base64Decode } from "../encoding/base64";
import { DecodeStatus, encodingErrName } from "../encoding/errors";

const BEGIN = "-----BEGIN ";
const END = "-----END ";
const DASHES = "-----";

/** PemBlock is one block: its label, its 1-based first line, and its bytes, or why they could not be read. */
export class PemBlock {
  label: string = "";
  line: i32 = 0;
  der: Uint8Array | null = null;
  problem: string = "";
}

/**
 * parsePemBlocks returns every block of text in order. A block with RFC 1421 headers (a ":" line, as in
 * encrypted keys), a character outside base64, bad padding, an END line with another label, or no END line at
 * all comes back with der null and the reason in problem. A BEGIN line inside a block ends that block (unended)
 * and starts a new one. At most maxBlocks blocks are returned.
 */
export function parsePemBlocks(text: string, maxBlocks: i32): Array<PemBlock> {
  const out = new Array<PemBlock>();
  // The base64 of the current block, spaces removed; never longer than text.
  const body = new Uint8Array(text.length);
  let bodyLen = 0;
  let block: PemBlock | null = null;
  let lineNo = 0;
  for (let start = 0; start < text.length && out.length < maxBlocks;) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lineNo++;
    const line = trimmed(text, start, end);
    start = end + 1;
    const open = block;
    if (line.startsWith(BEGIN) && line.endsWith(DASHES) && line.length > BEGIN.length + DASHES.length) {
      if (open !== null) unended(open, out);
      block = new PemBlock();
      block.label = line.substring(BEGIN.length, line.length - DASHES.length);
      block.line = lineNo;
      bodyLen = 0;
    } else if (open === null) {
      continue; // text between blocks
    } else if (line.startsWith(END)) {
      const label = line.endsWith(DASHES) ? line.substring(END.length, line.length - DASHES.length) : "";
      if (label != open.label) open.problem = "END line does not match BEGIN " + open.label;
      else if (open.problem.length == 0) decode(open, body.subarray(0, bodyLen));
      out.push(open);
      block = null;
    } else if (open.problem.length == 0) {
      bodyLen = appendBase64(open, line, body, bodyLen);
    }
  }
  if (block !== null && out.length < maxBlocks) unended(block, out);
  return out;
}

function unended(block: PemBlock, out: Array<PemBlock>): void {
  block.problem = "no END line";
  out.push(block);
}

// Appends the characters of line to body (which has room: its size is the whole text's). A ":", which base64
// never holds, marks an RFC 1421 header line ("Proc-Type: 4,ENCRYPTED"), which certificates never have.
function appendBase64(block: PemBlock, line: string, body: Uint8Array, len: i32): i32 {
  if (line.indexOf(":") >= 0) {
    block.problem = "encapsulated headers (an encrypted or RFC 1421 block)";
    return len;
  }
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c == 0x20 || c == 0x09) continue;
    if (c > 0x7f) {
      block.problem = "non-ASCII character in the base64";
      return len;
    }
    unchecked(body[len++] = <u8>c); // len < body.length: body holds every character of text
  }
  return len;
}

function decode(block: PemBlock, base64: Uint8Array): void {
  const status = new DecodeStatus();
  const der = base64Decode(base64, status);
  if (der === null) block.problem = "bad base64 (" + encodingErrName(status.err) + ")";
  else if (der.length == 0) block.problem = "empty block";
  else block.der = der;
}

// text[start, end) without a trailing CR and without surrounding spaces and tabs.
function trimmed(text: string, start: i32, end: i32): string {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  return text.substring(start, end);
}

// @ts-ignore: decorator
@inline function isSpace(c: i32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0d;
}
