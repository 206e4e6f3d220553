// Distinguished names for messages (RFC 4514 order, short attribute names, escaped values) and the DER-to-r||s
// conversion of ECDSA signatures, which must accept exactly one encoding of each signature.
import { DerProblem, derReader, Tag } from "../../../assembly/x509/der";
import { checkName, commonName, displayText, nameToString } from "../../../assembly/x509/name";
import { digestOf, ecdsaSignatureFromDer } from "../../../assembly/x509/signature";
import { hex, toHex } from "../crypto/helpers";

const ROOT = "3036310b30090603550406130255533110300e060355040a0c074578616d706c653115301306035504030c0c4578616d706c6520526f6f74";
// CN=a+OU=b / 1.2.3.4=Zürich (BMPString) / CN="x\ny\" / O="vé" (TeletexString, Latin-1), first to last.
const ODD = "30493114300806035504030c01613008060355040b0c01623115301306032a03041e0c005a00fc0072006900630068310d300b0603" +
  "5504030c04780a795c310b3009060355040a140276e9";

describe("names for messages", () => {
  it("prints RDNs last to first with short attribute names", () => {
    expect(nameToString(hex(ROOT))).toBe("CN=Example Root,O=Example,C=US");
    expect(commonName(hex(ROOT))).toBe("Example Root");
  });

  it("joins multi-valued RDNs with +, shows unknown types dotted, and escapes values", () => {
    expect(nameToString(hex(ODD))).toBe("O=v\\u00e9,CN=x\\u000ay\\\\,1.2.3.4=Z\\u00fcrich,CN=a+OU=b");
    expect(commonName(hex(ODD))).toBe("x\\u000ay\\\\");
  });

  it("shows a value that is not a string, which checkName refuses, as #hex", () => {
    expect(nameToString(hex("300c310a3008060355040a020101"))).toBe("O=#020101");
  });

  it("prints an empty name as such, and a name without CN has an empty common name", () => {
    expect(nameToString(hex("3000"))).toBe("(empty name)");
    expect(commonName(hex("3000"))).toBe("");
    expect(nameToString(hex("0500"))).toBe("(unreadable name)");
  });

  it("cuts long values and escapes everything outside printable ASCII", () => {
    expect(displayText("a".repeat(70))).toBe("a".repeat(64) + "...");
    expect(displayText("tab\there", 64)).toBe("tab\\u0009here");
    expect(displayText("\u202eevil")).toBe("\\u202eevil");
  });

  it("checks the structure: non-empty SETs of { OID, one string well-formed for its type }", () => {
    const good = derReader(hex(ROOT), new DerProblem()).enter(Tag.Sequence)!;
    expect(checkName(good)).toBe(true);
    expect(checkName(derReader(hex(ODD), new DerProblem()).enter(Tag.Sequence)!)).toBe(true);
    const cases = ["30023100", "3009310730050603550403", "300d310b300906035504030c000500", "300c310a3008060355040a1a0176",
      "300c310a300806035504030c0180", "300e310c300a06035504031e03004100", "300c310a300806035504031601c3"];
    const reasons = ["empty RelativeDistinguishedName", "element missing", "data after the end of AttributeTypeAndValue",
      "attribute value that is not a string", "UTF8String that is not UTF-8", "BMPString that is not UCS-2",
      "IA5String with a byte above 0x7f"];
    for (let i = 0; i < cases.length; i++) {
      const r = derReader(hex(cases[i]), new DerProblem()).enter(Tag.Sequence)!;
      expect(checkName(r)).toBe(false, cases[i]);
      expect(r.problem.reason).toBe(reasons[i], cases[i]);
    }
  });
});

describe("ECDSA signatures from DER (RFC 5480 §2.2.3)", () => {
  it("right-aligns r and s in halves of the coordinate size", () => {
    expect(toHex(ecdsaSignatureFromDer(hex("3006020101020102"), 4))).toBe("0000000100000002");
    expect(toHex(ecdsaSignatureFromDer(hex("30070202008002017f"), 2))).toBe("0080007f");
  });

  it("refuses every other encoding", () => {
    const bad = [
      "30070202000102017f", // non-minimal r
      "3006020180020101", // negative r
      "3007020201000201" + "01", // r longer than the size
      "3006020101020102" + "00", // data after the SEQUENCE
      "3009020101020102020103", // a third INTEGER
      "3003020101", // s missing
      "3106020101020102", // not a SEQUENCE
      "30800201010201020000", // indefinite length
    ];
    for (let i = 0; i < bad.length; i++) expect(ecdsaSignatureFromDer(hex(bad[i]), 1)).toBeNull(bad[i]);
  });

  it("hashes with SHA-256, -384 and -512 only", () => {
    const m = hex("616263");
    expect(toHex(digestOf(256, m))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(digestOf(384, m)!.length).toBe(48);
    expect(digestOf(512, m)!.length).toBe(64);
    expect(digestOf(160, m)).toBeNull();
  });
});
