// CRC16 as Redis Cluster uses it: the specification's check value, and the byte ranges the hash-tag rule hashes.
import { crc16 } from "../../../assembly/cache/crc16";

function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

describe("crc16 (CRC-16/XMODEM)", () => {
  it("gives the cluster specification's check value: \"123456789\" -> 0x31C3", () => {
    expect(crc16(utf8("123456789"))).toBe(<u16>0x31c3);
  });

  it("is 0 for no bytes, and hashes a single byte by the table", () => {
    expect(crc16(new Uint8Array(0))).toBe(<u16>0);
    expect(crc16(utf8("A"))).toBe(<u16>0x58e5); // CRC-16/XMODEM of 0x41
  });

  it("hashes exactly the range [start, end), clamped to the array", () => {
    const b = utf8("xx123456789yy");
    expect(crc16(b, 2, 11)).toBe(<u16>0x31c3);
    expect(crc16(b, 2, 2)).toBe(<u16>0);
    expect(crc16(utf8("123456789"), -5, 1000)).toBe(<u16>0x31c3);
  });
});
