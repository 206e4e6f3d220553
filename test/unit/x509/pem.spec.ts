// PEM bundles (RFC 7468): blocks among comments, LF and CRLF, whitespace inside the base64, and every way a block
// can be unusable, each reported on its own block without stopping the others.
import { parsePemBlocks } from "../../../assembly/x509/pem";
import { toHex } from "../crypto/helpers";

describe("parsePemBlocks", () => {
  it("reads every block and ignores the text around and between them", () => {
    const text = "# Comment: a root\nsubject=CN=x\n-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n" +
      "free text\n\n-----BEGIN CERTIFICATE-----\nBAUG\nBw==\n-----END CERTIFICATE-----\ntrailing";
    const blocks = parsePemBlocks(text, 100);
    expect(blocks.length).toBe(2);
    expect(blocks[0].label).toBe("CERTIFICATE");
    expect(blocks[0].line).toBe(3);
    expect(toHex(blocks[0].der)).toBe("010203");
    expect(toHex(blocks[1].der)).toBe("04050607");
    expect(blocks[1].problem).toBe("");
  });

  it("tolerates CRLF, spaces and tabs around markers and inside the base64", () => {
    const text = "  -----BEGIN CERTIFICATE-----  \r\n AQ ID \r\n\tBAUG\t\r\n\r\n-----END CERTIFICATE-----\r\n";
    const blocks = parsePemBlocks(text, 100);
    expect(blocks.length).toBe(1);
    expect(toHex(blocks[0].der)).toBe("010203040506");
  });

  it("keeps other labels as blocks of their own", () => {
    const blocks = parsePemBlocks("-----BEGIN PRIVATE KEY-----\nAQID\n-----END PRIVATE KEY-----\n", 100);
    expect(blocks.length).toBe(1);
    expect(blocks[0].label).toBe("PRIVATE KEY");
  });

  it("reports headers, bad base64, empty bodies, mismatched and missing END lines", () => {
    const text = "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\nAQID\n-----END CERTIFICATE-----\n" +
      "-----BEGIN CERTIFICATE-----\nAQI\n-----END CERTIFICATE-----\n" +
      "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n" +
      "-----BEGIN CERTIFICATE-----\nAQID\n-----END X509 CRL-----\n" +
      "-----BEGIN CERTIFICATE-----\nAQ\u00e9D\n-----END CERTIFICATE-----\n" +
      "-----BEGIN CERTIFICATE-----\nAQID\n-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n" +
      "-----BEGIN CERTIFICATE-----\nAQID\n";
    const blocks = parsePemBlocks(text, 100);
    const want = [
      "encapsulated headers (an encrypted or RFC 1421 block)",
      "bad base64 (ERR_ENCODING_BAD_LENGTH)",
      "empty block",
      "END line does not match BEGIN CERTIFICATE",
      "non-ASCII character in the base64",
      "no END line",
      "",
      "no END line",
    ];
    expect(blocks.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      expect(blocks[i].problem).toBe(want[i], i.toString());
      expect(blocks[i].der === null).toBe(want[i].length > 0, i.toString());
    }
  });

  it("finds nothing in text without BEGIN lines, and stops at maxBlocks", () => {
    expect(parsePemBlocks("", 100).length).toBe(0);
    expect(parsePemBlocks("-----END CERTIFICATE-----\nAQID\n-----BEGIN -----\n", 100).length).toBe(0);
    const one = "-----BEGIN A-----\nAQID\n-----END A-----\n";
    expect(parsePemBlocks(one + one + one, 2).length).toBe(2);
  });
});
