// The strict DER reader under every certificate parse: what X.690's DER allows is read, every other encoding of
// lengths, integers, booleans, bit strings and OIDs is refused with its reason and byte offset, nesting and
// lengths are bounded, and no input reads outside its element.
import { DER_MAX_DEPTH, DerProblem, DerReader, derReader, Tag, tagName } from "../../../assembly/x509/der";
import { oidAt, oidName, oidText, Oid } from "../../../assembly/x509/oid";
import { hex, toHex } from "../crypto/helpers";

function reader(h: string): DerReader {
  return derReader(hex(h), new DerProblem());
}

/** refused checks that reading one element of h fails with reason at offset. */
function refused(h: string, reason: string, offset: i32): void {
  const r = reader(h);
  expect(r.next()).toBe(false, h);
  expect(r.problem.reason).toBe(reason, h);
  expect(r.problem.offset).toBe(offset, h);
}

describe("DER lengths (X.690 §8.1.3, §10.1)", () => {
  it("reads short-form lengths and the shortest long forms", () => {
    const r = reader("0403616263");
    expect(r.next()).toBe(true);
    expect(r.tag).toBe(Tag.OctetString);
    expect(r.contentStart).toBe(2);
    expect(r.contentLength).toBe(3);
    expect(r.atEnd).toBe(true);
    const long = "0481" + "80" + "00".repeat(128);
    const l = reader(long);
    expect(l.next()).toBe(true);
    expect(l.contentLength).toBe(128);
    const two = reader("048201" + "00" + "00".repeat(256));
    expect(two.next()).toBe(true);
    expect(two.contentLength).toBe(256);
  });

  it("refuses the indefinite form", () => {
    refused("30800000", "indefinite length", 0);
  });

  it("refuses long forms that a shorter form could express", () => {
    refused("048105" + "00".repeat(5), "non-minimal length", 0);
    refused("0482007f" + "00".repeat(127), "non-minimal length", 0);
    refused("04820080" + "00".repeat(128), "non-minimal length", 0);
  });

  it("refuses lengths of four or more octets and lengths past the input", () => {
    refused("048401000000", "length too large", 0);
    refused("0405aabb", "length beyond the enclosing element", 0);
    refused("0482ff", "length truncated", 0);
    refused("04", "length missing", 0);
  });

  it("refuses multi-byte tags and reads past the end as a missing element", () => {
    refused("1f8101" + "00", "multi-byte tag", 0);
    refused("", "element missing", 0);
  });

  it("keeps a child inside its parent: an inner length may not run past the outer element", () => {
    const r = reader("3003" + "0405aabbcc" + "dd");
    const inner = r.enter(Tag.Sequence)!;
    expect(inner.next()).toBe(false);
    expect(r.problem.reason).toBe("length beyond the enclosing element");
    expect(r.problem.offset).toBe(2);
  });
});

describe("DER structure", () => {
  it("enters nested elements and reports the first problem only, with its offset", () => {
    const r = reader("300602010102017f" + "05");
    const seq = r.enter(Tag.Sequence)!;
    expect(seq.readSmall(10)).toBe(1);
    expect(seq.readSmall(10)).toBe(-1);
    expect(r.problem.toString()).toBe("INTEGER too large at byte 5");
    expect(r.finish("test")).toBe(false);
    expect(r.problem.toString()).toBe("INTEGER too large at byte 5");
  });

  it("names the expected and found tags when a tag differs", () => {
    const r = reader("020100");
    expect(r.read(Tag.Sequence)).toBe(false);
    expect(r.problem.reason).toBe("expected SEQUENCE, found INTEGER");
    expect(tagName(0xa3)).toBe("[3]");
    expect(tagName(0x45)).toBe("tag 0x45");
  });

  it("refuses data after the last element with finish", () => {
    const r = reader("0500" + "00");
    expect(r.readNull()).toBe(true);
    expect(r.finish("the test")).toBe(false);
    expect(r.problem.toString()).toBe("data after the end of the test at byte 2");
  });

  it("reads optional elements with readIf: 1 present, 0 absent, -1 malformed", () => {
    expect(reader("800100").readIf(0x80)).toBe(1);
    expect(reader("810100").readIf(0x80)).toBe(0);
    expect(reader("").readIf(0x80)).toBe(0);
    expect(reader("8005").readIf(0x80)).toBe(-1);
  });

  it("bounds nesting at DER_MAX_DEPTH levels", () => {
    let h = "";
    for (let i = 0; i < DER_MAX_DEPTH + 1; i++) h = "30" + byteHex(h.length / 2) + h;
    let r: DerReader | null = reader(h);
    let levels = 0;
    while (r !== null && !r.atEnd) {
      r = r.enter(Tag.Sequence);
      if (r !== null) levels++;
    }
    expect(levels).toBe(DER_MAX_DEPTH);
    let shallow: DerReader | null = reader(h.substring(4));
    for (let i = 0; i < DER_MAX_DEPTH && shallow !== null; i++) shallow = shallow.enter(Tag.Sequence);
    expect(shallow).not.toBeNull();
  });

  it("gives views of the content and the whole element without copying", () => {
    const data = hex("3003020105");
    const r = derReader(data, new DerProblem());
    expect(r.read(Tag.Sequence)).toBe(true);
    expect(toHex(r.element())).toBe("3003020105");
    expect(toHex(r.content())).toBe("020105");
    expect(r.content().dataStart).toBe(data.dataStart + 2);
  });
});

describe("DER values", () => {
  it("reads INTEGERs only in their shortest form", () => {
    expect(reader("020100").readInteger()).toBe(true);
    expect(reader("0202ff7f").readInteger()).toBe(true);
    expect(reader("02020080").readInteger()).toBe(true);
    const cases = ["02020001", "0202ff80"];
    for (let i = 0; i < cases.length; i++) {
      const r = reader(cases[i]);
      expect(r.readInteger()).toBe(false, cases[i]);
      expect(r.problem.reason).toBe("non-minimal INTEGER");
    }
    const empty = reader("0200");
    expect(empty.readInteger()).toBe(false);
    expect(empty.problem.reason).toBe("empty INTEGER");
  });

  it("reads unsigned magnitudes without the sign byte and refuses negative ones", () => {
    expect(toHex(reader("020300ff01").readUnsigned())).toBe("ff01");
    expect(toHex(reader("020100").readUnsigned())).toBe("");
    expect(toHex(reader("02017f").readUnsigned())).toBe("7f");
    const r = reader("020180");
    expect(r.readUnsigned()).toBeNull();
    expect(r.problem.reason).toBe("negative INTEGER");
  });

  it("reads small integers up to their maximum", () => {
    expect(reader("020102").readSmall(2)).toBe(2);
    expect(reader("020103").readSmall(2)).toBe(-1);
    expect(reader("02047fffffff").readSmall(i32.MAX_VALUE)).toBe(i32.MAX_VALUE);
    expect(reader("02050100000000").readSmall(i32.MAX_VALUE)).toBe(-1);
  });

  it("reads BOOLEAN only as 0x00 or 0xff in one byte (X.690 §11.1)", () => {
    expect(reader("010100").readBool()).toBe(0);
    expect(reader("0101ff").readBool()).toBe(1);
    expect(reader("010101").readBool()).toBe(-1);
    expect(reader("01020000").readBool()).toBe(-1);
  });

  it("reads BIT STRINGs with zero unused bits, and named-bit lists whose unused bits are zero", () => {
    expect(toHex(reader("030300abcd").readBitString(false))).toBe("abcd");
    expect(toHex(reader("03020780").readBitString(true))).toBe("80");
    expect(reader("03020780").readBitString(false)).toBeNull();
    const dirty = reader("03020781");
    expect(dirty.readBitString(true)).toBeNull();
    expect(dirty.problem.reason).toBe("BIT STRING with non-zero unused bits");
    expect(reader("030108").readBitString(true)).toBeNull();
    expect(reader("030101").readBitString(true)).toBeNull();
    expect(reader("0300").readBitString(true)).toBeNull();
  });

  it("reads OBJECT IDENTIFIERs with minimal subidentifiers only", () => {
    expect(reader("06032a0304").readOid()).toBe(true);
    const cases = ["0600", "06022a80", "06032a8001"];
    const reasons = ["empty OBJECT IDENTIFIER", "truncated OBJECT IDENTIFIER", "non-minimal OBJECT IDENTIFIER"];
    for (let i = 0; i < cases.length; i++) {
      const r = reader(cases[i]);
      expect(r.readOid()).toBe(false, cases[i]);
      expect(r.problem.reason).toBe(reasons[i]);
    }
  });

  it("reads NULL only without content", () => {
    expect(reader("0500").readNull()).toBe(true);
    expect(reader("050100").readNull()).toBe(false);
  });
});

describe("OIDs", () => {
  it("identifies table entries by their content octets and names them", () => {
    const sha256Rsa = hex("2a864886f70d01010b");
    expect(oidAt(sha256Rsa, 0, sha256Rsa.length)).toBe(Oid.Sha256WithRsa);
    expect(oidName(Oid.Sha256WithRsa)).toBe("sha256WithRSAEncryption");
    expect(oidAt(sha256Rsa, 0, sha256Rsa.length - 1)).toBe(Oid.Unknown);
  });

  it("writes dotted forms, the first two arcs unpacked from one subidentifier", () => {
    const cases = ["2a864886f70d010105", "0603", "550403", "8837", "2b0601040182370201"];
    const want = ["1.2.840.113549.1.1.5", "0.6.3", "2.5.4.3", "2.999", "1.3.6.1.4.1.311.2.1"];
    for (let i = 0; i < cases.length; i++) {
      const b = hex(cases[i]);
      expect(oidText(b, 0, b.length)).toBe(want[i]);
    }
  });

  it("shows arcs too large for 56 bits as ?", () => {
    const b = hex("2a" + "ff".repeat(9) + "7f");
    expect(oidText(b, 0, b.length)).toBe("1.2.?");
  });
});

function byteHex(n: i32): string {
  return (n < 16 ? "0" : "") + n.toString(16);
}
