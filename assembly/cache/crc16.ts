// CRC16 as Redis Cluster hashes keys to slots (cluster specification, "Keys distribution model", and Redis'
// src/crc16.c): CRC-16/XMODEM, i.e. polynomial 0x1021, initial value 0, no reflection, no final XOR. The
// specification's check value: "123456789" gives 0x31C3.

const POLY: u32 = 0x1021;

// One entry per byte value, computed once per instance (256 × 8 shifts): the table Redis ships as a literal.
const TABLE: StaticArray<u16> = buildTable();

/** crc16 returns the CRC-16/XMODEM of data[start, end). The range is clamped to the array. */
export function crc16(data: Uint8Array, start: i32 = 0, end: i32 = i32.MAX_VALUE): u16 {
  const to = min(end, data.length);
  let crc: u32 = 0;
  for (let i = max(start, 0); i < to; i++) {
    const b = <u32>unchecked(data[i]); // 0 <= i < to <= data.length
    crc = ((crc << 8) ^ <u32>unchecked(TABLE[((crc >> 8) ^ b) & 0xff])) & 0xffff; // the index is masked to 0..255
  }
  return <u16>crc;
}

function buildTable(): StaticArray<u16> {
  const t = new StaticArray<u16>(256);
  for (let n: u32 = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = (c & 0x8000) != 0 ? (c << 1) ^ POLY : c << 1;
    t[n] = <u16>(c & 0xffff);
  }
  return t;
}
