// The TLS presentation-language codec (assembly/tls/wire.ts): reads never run past what they were given, a short
// read poisons the reader instead of trapping, and the writer's length prefixes refuse what they cannot express.
import { TlsReader, TlsWriter } from "../../../assembly/tls/wire";
import { hex, toHex } from "../crypto/helpers";

describe("TlsReader", () => {
  it("reads big-endian integers of 1, 2 and 3 bytes, then is done", () => {
    const r = new TlsReader(hex("01020304050607"));
    expect(r.u8()).toBe(0x01);
    expect(r.u16()).toBe(0x0203);
    expect(r.u24()).toBe(0x040506);
    expect(r.done).toBe(false);
    expect(r.u8()).toBe(0x07);
    expect(r.done).toBe(true);
  });

  it("fails instead of reading past the end, and stays failed", () => {
    const r = new TlsReader(hex("01"));
    expect(r.u16()).toBe(0);
    expect(r.failed).toBe(true);
    expect(r.u8()).toBe(0);
    expect(r.done).toBe(false);
  });

  it("gives a vector its own bounds and fails the parent when the length overruns", () => {
    const r = new TlsReader(hex("0003aabbcc99"));
    const v = r.vec16();
    expect(toHex(v.rest())).toBe("aabbcc");
    expect(r.u8()).toBe(0x99);
    expect(r.done).toBe(true);
    const bad = new TlsReader(hex("0005aabb"));
    const sub = bad.vec16();
    expect(bad.failed).toBe(true);
    expect(sub.failed).toBe(true);
    expect(sub.remaining).toBe(0);
  });

  it("reads a 24-bit vector length up to the available bytes only", () => {
    const r = new TlsReader(hex("ffffff00"));
    r.vec24();
    expect(r.failed).toBe(true);
  });

  it("absorbs a sub-reader that was not read to its end as a failure", () => {
    const r = new TlsReader(hex("02aabb"));
    const v = r.vec8();
    v.u8();
    r.absorb(v);
    expect(r.failed).toBe(true);
  });

  it("respects a start and end inside the bytes", () => {
    const r = new TlsReader(hex("00112233"), 1, 3);
    expect(r.remaining).toBe(2);
    expect(r.u16()).toBe(0x1122);
    expect(r.done).toBe(true);
  });

  it("clamps out-of-range bounds instead of trusting them", () => {
    const r = new TlsReader(hex("0011"), -5, 99);
    expect(r.remaining).toBe(2);
    const s = new TlsReader(hex("0011"), 7);
    expect(s.remaining).toBe(0);
  });

  it("copies a negative count as a failure", () => {
    const r = new TlsReader(hex("0011"));
    expect(r.copy(-1).length).toBe(0);
    expect(r.failed).toBe(true);
  });
});

describe("TlsWriter", () => {
  it("writes integers and nested length-prefixed vectors", () => {
    const w = new TlsWriter(4);
    w.u8(0x16);
    const outer = w.begin(2);
    w.u24(0x010203);
    const inner = w.begin(1);
    w.bytes(hex("aabb")).end(inner).end(outer);
    expect(w.failed).toBe(false);
    expect(toHex(w.finish())).toBe("16" + "0006" + "010203" + "02aabb");
  });

  it("grows past its initial capacity", () => {
    const w = new TlsWriter(16);
    for (let i = 0; i < 1000; i++) w.u8(<u32>i);
    expect(w.length).toBe(1000);
    expect(w.finish()[999]).toBe(<u8>999);
  });

  it("refuses a vector longer than its 1-byte prefix can say", () => {
    const w = new TlsWriter();
    const m = w.begin(1);
    w.bytes(new Uint8Array(256)).end(m);
    expect(w.failed).toBe(true);
  });

  it("clear() forgets the bytes and the failure", () => {
    const w = new TlsWriter();
    const m = w.begin(1);
    w.bytes(new Uint8Array(300)).end(m);
    w.clear();
    expect(w.failed).toBe(false);
    expect(w.length).toBe(0);
  });
});
