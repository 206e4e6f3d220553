// GeneralName (RFC 5280 §4.2.1.6) as subjectAltName and nameConstraints use it. Only dNSName and iPAddress are
// kept; the other forms are checked to be one element of a known tag and otherwise only counted, by name, so a
// constraint this layer cannot enforce is known to be there.

import { DerReader, Tag } from "./der";

/** The GeneralName CHOICE tags (context-specific, IMPLICIT, constructed where the type is). */
export const enum NameTag {
  OtherName = 0xa0, Rfc822Name = 0x81, DnsName = 0x82, X400Address = 0xa3, DirectoryName = 0xa4,
  EdiPartyName = 0xa5, Uri = 0x86, IpAddress = 0x87, RegisteredId = 0x88,
}

/** GeneralNames collects the dNSName and iPAddress entries of a subjectAltName. */
export class GeneralNames {
  dns: Array<string> = new Array<string>();
  /** ip holds 4-byte (IPv4) and 16-byte (IPv6) addresses. */
  ip: Array<Uint8Array> = new Array<Uint8Array>();
}

/**
 * Subtrees is one side of nameConstraints: dNSName bases (as written, matched case-insensitively), iPAddress
 * bases as address || mask (8 or 32 bytes, mask contiguous), and the first constraint of another form, described
 * for messages ("a directoryName constraint", "a subtree maximum"; "" if none).
 */
export class Subtrees {
  dns: Array<string> = new Array<string>();
  ip: Array<Uint8Array> = new Array<Uint8Array>();
  otherForm: string = "";
}

/** NameConstraints is a parsed nameConstraints extension (§4.2.1.10); permitted is null when absent. */
export class NameConstraints {
  permitted: Subtrees | null = null;
  excluded: Subtrees | null = null;
  critical: bool = false;

  /** otherForm is the first unsupported form in either side, "" if none. */
  get otherForm(): string {
    const p = this.permitted, e = this.excluded;
    if (p !== null && p.otherForm.length > 0) return p.otherForm;
    return e !== null ? e.otherForm : "";
  }
}

/** readGeneralNames reads GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName from r into out. */
export function readGeneralNames(r: DerReader, out: GeneralNames): bool {
  const seq = r.enter(Tag.Sequence);
  if (seq === null || !r.finish("subjectAltName")) return false;
  if (seq.atEnd) return seq.fail("empty subjectAltName");
  while (!seq.atEnd) {
    if (!seq.next()) return false;
    const tag = seq.tag;
    if (tag == NameTag.DnsName) {
      const name = ia5(seq);
      if (name === null) return false;
      out.dns.push(name);
    } else if (tag == NameTag.IpAddress) {
      const n = seq.contentLength;
      if (n != 4 && n != 16) return seq.failAt(seq.elementStart, "iPAddress not 4 or 16 bytes");
      out.ip.push(seq.content());
    } else if (formName(tag).length == 0) {
      return seq.failAt(seq.elementStart, "unknown GeneralName form");
    }
  }
  return true;
}

/**
 * readNameConstraints reads NameConstraints ::= SEQUENCE { permittedSubtrees [0] OPTIONAL, excludedSubtrees [1]
 * OPTIONAL }, each a non-empty SEQUENCE OF GeneralSubtree { base GeneralName, minimum [0] DEFAULT 0, maximum [1]
 * OPTIONAL }. A minimum other than 0 or any maximum, which §4.2.1.10 forbids, counts as an unsupported form.
 */
export function readNameConstraints(r: DerReader, critical: bool): NameConstraints | null {
  const seq = r.enter(Tag.Sequence);
  if (seq === null || !r.finish("nameConstraints")) return null;
  const nc = new NameConstraints();
  nc.critical = critical;
  if (seq.peek() == 0xa0) {
    const inner = seq.enter(0xa0);
    nc.permitted = inner === null ? null : readSubtrees(inner);
    if (nc.permitted === null) return null;
  }
  if (seq.peek() == 0xa1) {
    const inner = seq.enter(0xa1);
    nc.excluded = inner === null ? null : readSubtrees(inner);
    if (nc.excluded === null) return null;
  }
  // §4.2.1.10: "Conforming CAs MUST NOT issue certificates where name constraints is an empty sequence".
  if (nc.permitted === null && nc.excluded === null) {
    seq.fail("empty nameConstraints");
    return null;
  }
  return seq.finish("nameConstraints") ? nc : null;
}

/** formName names a GeneralName form for messages; "" for a tag outside the CHOICE. */
export function formName(tag: i32): string {
  switch (tag) {
    case NameTag.OtherName: return "otherName";
    case NameTag.Rfc822Name: return "rfc822Name";
    case NameTag.DnsName: return "dNSName";
    case NameTag.X400Address: return "x400Address";
    case NameTag.DirectoryName: return "directoryName";
    case NameTag.EdiPartyName: return "ediPartyName";
    case NameTag.Uri: return "uniformResourceIdentifier";
    case NameTag.IpAddress: return "iPAddress";
    case NameTag.RegisteredId: return "registeredID";
  }
  return "";
}

function readSubtrees(r: DerReader): Subtrees | null {
  const out = new Subtrees();
  if (r.atEnd) {
    r.fail("empty GeneralSubtrees");
    return null;
  }
  while (!r.atEnd) {
    const subtree = r.enter(Tag.Sequence);
    if (subtree === null || !subtree.next()) return null;
    const tag = subtree.tag;
    const name = formName(tag);
    let form = "a " + name + " constraint";
    if (name.length == 0) {
      subtree.failAt(subtree.elementStart, "unknown GeneralName form");
      return null;
    }
    if (tag == NameTag.DnsName) {
      const base = ia5(subtree);
      if (base === null) return null;
      out.dns.push(base);
      form = "";
    } else if (tag == NameTag.IpAddress) {
      if (!ipSubtree(subtree)) return null;
      out.ip.push(subtree.content());
      form = "";
    }
    if (subtree.peek() == 0x80) {
      if (subtree.readIf(0x80) < 0) return null;
      if (subtree.contentLength != 1 || unchecked(subtree.data[subtree.contentStart]) != 0) form = "a subtree minimum";
    }
    if (subtree.peek() == 0x81) {
      if (!subtree.next()) return null;
      form = "a subtree maximum";
    }
    if (!subtree.finish("GeneralSubtree")) return null;
    if (form.length > 0 && out.otherForm.length == 0) out.otherForm = form;
  }
  return out;
}

// RFC 5280 §4.2.1.10: an iPAddress base is address || mask, 8 bytes for IPv4 and 32 for IPv6, and the mask is a
// run of ones then zeros (a CIDR prefix).
function ipSubtree(r: DerReader): bool {
  const n = r.contentLength;
  if (n != 8 && n != 32) return r.failAt(r.elementStart, "iPAddress constraint not 8 or 32 bytes");
  const half = n >> 1;
  let zeros = false;
  for (let i = 0; i < half; i++) {
    const m = <i32>unchecked(r.data[r.contentStart + half + i]); // inside the element
    // A prefix byte with k ones is the top k bits set: 0xff00 >> k, cut to 8 bits.
    const ok = zeros ? m == 0 : m == ((0xff00 >> popcnt<i32>(m)) & 0xff);
    if (!ok) return r.failAt(r.elementStart, "iPAddress constraint with a non-contiguous mask");
    if (m != 0xff) zeros = true;
  }
  return true;
}

// An IA5String's content (the element just read) as a string; bytes above 0x7f are not IA5 and are refused.
function ia5(r: DerReader): string | null {
  const at = r.data.dataStart + <usize>r.contentStart;
  for (let i = 0; i < r.contentLength; i++) {
    if (load<u8>(at + <usize>i) > 0x7f) { // inside the element just read
      r.failAt(r.elementStart, "dNSName with a byte above 0x7f");
      return null;
    }
  }
  // ASCII only, so UTF-8 decoding is byte for byte; the range is the element's content.
  return String.UTF8.decodeUnsafe(at, <usize>r.contentLength);
}
