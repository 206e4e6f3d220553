// Payload records: the exact bytes of format 1, round trips of every field kind and extreme value, and a reader
// that refuses each truncation, overflow, limit at ±1, bad UTF-8 and second spelling with null and a reason.
import { SessionErr, sessionErrName, SessionStatus } from "../../../assembly/session/errors";
import {
  decodePayload, FieldKind, MAX_FIELDS, MAX_LIST_ITEMS, MAX_PAYLOAD_BYTES, MAX_STRING_BYTES, Payload, PayloadWriter,
} from "../../../assembly/session/payload";
import { pattern, repeat, toHex } from "./helpers";

function hex(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = <u8>I32.parseInt(s.substring(2 * i, 2 * i + 2), 16);
  return out;
}

function decoded(b: Uint8Array): Payload {
  const status = new SessionStatus();
  const p = decodePayload(b, status);
  expect(p).not.toBeNull("refused with " + sessionErrName(status.err) + " at " + status.offset.toString());
  return p!;
}

function decodeRefuses(b: Uint8Array, e: SessionErr): SessionStatus {
  const status = new SessionStatus();
  expect(decodePayload(b, status)).toBeNull("decoded " + toHex(b));
  expect(status.err).toBe(e, "expected " + sessionErrName(e) + ", got " + sessionErrName(status.err));
  return status;
}

function writeRefuses(w: PayloadWriter, e: SessionErr): void {
  const status = new SessionStatus();
  expect(w.finish(status)).toBeNull();
  expect(status.err).toBe(e, "expected " + sessionErrName(e) + ", got " + sessionErrName(status.err));
  expect(w.err).toBe(e);
}

// A record with one field of every kind, for truncation and round trips.
function sample(): Uint8Array {
  return new PayloadWriter(3)
    .string("alice@example.com").int(1_700_000_000).int(-5).strings(["admins", "", "dev ops \u00e9\u{1F600}"])
    .bytes(pattern(20)).string("").strings([]).int(i64.MIN_VALUE).int(i64.MAX_VALUE)
    .finish()!;
}

describe("PayloadWriter and decodePayload", () => {
  it("writes the documented bytes of format 1", () => {
    const b = new PayloadWriter(7).string("ab").int(-1).int(300).strings(["x", ""]).bytes(hex("0102")).finish();
    expect(toHex(b)).toBe("010705" + "01026162" + "0201" + "02d804" + "0302017800" + "04020102");
    expect(toHex(new PayloadWriter(0).finish())).toBe("010000");
  });

  it("round trips every kind and extreme value, in order", () => {
    const p = decoded(sample());
    expect(p.schema).toBe(3);
    expect(p.length).toBe(9);
    expect(p.matches("siilbslii")).toBe(true);
    expect(p.stringAt(0)).toBe("alice@example.com");
    expect(p.intAt(1)).toBe(1_700_000_000);
    expect(p.intAt(2)).toBe(-5);
    const groups = p.stringsAt(3)!;
    expect(groups.length).toBe(3);
    expect(groups[0]).toBe("admins");
    expect(groups[1]).toBe("");
    expect(groups[2]).toBe("dev ops \u00e9\u{1F600}");
    expect(toHex(p.bytesAt(4))).toBe(toHex(pattern(20)));
    expect(p.stringAt(5)).toBe("");
    expect(p.stringsAt(6)!.length).toBe(0);
    expect(p.intAt(7)).toBe(i64.MIN_VALUE);
    expect(p.intAt(8)).toBe(i64.MAX_VALUE);
  });

  it("round trips ints across every varint length", () => {
    for (let s: i64 = 0; s < 64; s++) {
      const v = (<i64>1) << s;
      const p = decoded(new PayloadWriter(1).int(v - 1).int(v).int(-v).int(1 - v).finish()!);
      expect(p.intAt(0)).toBe(v - 1);
      expect(p.intAt(1)).toBe(v);
      expect(p.intAt(2)).toBe(-v);
      expect(p.intAt(3)).toBe(1 - v);
    }
  });

  it("answers null (or 0) for an index past the end or of another kind", () => {
    const p = decoded(sample());
    expect(p.kindAt(-1)).toBe(FieldKind.None);
    expect(p.kindAt(9)).toBe(FieldKind.None);
    expect(p.stringAt(1)).toBeNull();
    expect(p.stringAt(99)).toBeNull();
    expect(p.intAt(0)).toBe(0);
    expect(p.stringsAt(0)).toBeNull();
    expect(p.bytesAt(3)).toBeNull();
    expect(p.matches("siilbsli")).toBe(false);
    expect(p.matches("siilbslis")).toBe(false);
  });

  it("re-encodes a decoded record to the same bytes", () => {
    const b = sample();
    const p = decoded(b);
    const w = new PayloadWriter(p.schema);
    for (let i = 0; i < p.length; i++) {
      const k = p.kindAt(i);
      if (k == FieldKind.String) w.string(p.stringAt(i)!);
      else if (k == FieldKind.Int) w.int(p.intAt(i));
      else if (k == FieldKind.Strings) w.strings(p.stringsAt(i)!);
      else w.bytes(p.bytesAt(i)!);
    }
    expect(toHex(w.finish())).toBe(toHex(b));
  });
});

describe("decodePayload refuses", () => {
  it("every proper prefix of a record (mostly PayloadTruncated), never trapping", () => {
    const b = sample();
    for (let n = 0; n < b.length; n++) {
      const status = new SessionStatus();
      expect(decodePayload(b.subarray(0, n), status)).toBeNull("prefix of " + n.toString() + " bytes decoded");
      // A cut inside a UTF-8 sequence still leaves a length that passes the end: truncation, not bad UTF-8.
      expect(status.err).toBe(SessionErr.PayloadTruncated, "prefix " + n.toString() + ": " + sessionErrName(status.err));
    }
  });

  it("another format byte, an unknown tag, or bytes after the last field (PayloadMalformed)", () => {
    decodeRefuses(hex("020000"), SessionErr.PayloadMalformed);
    decodeRefuses(hex("00"), SessionErr.PayloadMalformed);
    decodeRefuses(hex("01000105"), SessionErr.PayloadMalformed);
    decodeRefuses(hex("01000100"), SessionErr.PayloadMalformed);
    decodeRefuses(hex("01000000"), SessionErr.PayloadMalformed);
    expect(decodeRefuses(hex("0100010201ff"), SessionErr.PayloadMalformed).offset).toBe(5);
  });

  it("a varint with a redundant final group (PayloadMalformed): one spelling per value", () => {
    decodeRefuses(hex("0100010280" + "00"), SessionErr.PayloadMalformed);
    decodeRefuses(hex("01008000"), SessionErr.PayloadMalformed);
    decoded(hex("0100010201"));
  });

  it("a varint past 64 bits (PayloadOverflow), and takes the longest that fits", () => {
    decoded(hex("01000102" + "ffffffffffffffffff01"));
    decodeRefuses(hex("01000102" + "ffffffffffffffffff02"), SessionErr.PayloadOverflow);
    decodeRefuses(hex("01000102" + "ffffffffffffffffff81" + "00"), SessionErr.PayloadOverflow);
    decodeRefuses(hex("01000102" + "ffffffffffffffffffffffff"), SessionErr.PayloadOverflow);
  });

  it("invalid UTF-8 in a string or a list item (PayloadBadUtf8)", () => {
    const bad: string[] = ["c0af", "eda080", "f4908080", "80", "e282", "ff"];
    for (let i = 0; i < bad.length; i++) {
      const n = bad[i].length >> 1;
      decodeRefuses(hex("01000101" + "0" + n.toString(16) + bad[i]), SessionErr.PayloadBadUtf8);
      decodeRefuses(hex("0100010301" + "0" + n.toString(16) + bad[i]), SessionErr.PayloadBadUtf8);
    }
  });

  it("each limit at one past it (PayloadLimit), and accepts each limit exactly", () => {
    const fields = new PayloadWriter(0);
    for (let i = 0; i < MAX_FIELDS; i++) fields.int(i);
    expect(decoded(fields.finish()!).length).toBe(MAX_FIELDS);
    decodeRefuses(hex("010041"), SessionErr.PayloadLimit);
    writeRefuses(fields.int(0), SessionErr.PayloadLimit);

    expect(decoded(new PayloadWriter(0).string(repeat("s", MAX_STRING_BYTES)).finish()!).stringAt(0)!.length)
      .toBe(MAX_STRING_BYTES);
    writeRefuses(new PayloadWriter(0).string(repeat("s", MAX_STRING_BYTES + 1)), SessionErr.PayloadLimit);
    writeRefuses(new PayloadWriter(0).string(repeat("\u00e9", MAX_STRING_BYTES / 2 + 1)), SessionErr.PayloadLimit);
    decodeRefuses(hex("01000101" + "8120"), SessionErr.PayloadLimit); // 4097
    writeRefuses(new PayloadWriter(0).bytes(new Uint8Array(MAX_STRING_BYTES + 1)), SessionErr.PayloadLimit);

    const items = new Array<string>();
    for (let i = 0; i < MAX_LIST_ITEMS; i++) items.push("g");
    expect(decoded(new PayloadWriter(0).strings(items).finish()!).stringsAt(0)!.length).toBe(MAX_LIST_ITEMS);
    items.push("g");
    writeRefuses(new PayloadWriter(0).strings(items), SessionErr.PayloadLimit);
    decodeRefuses(hex("010001038102"), SessionErr.PayloadLimit); // 257 items

    const big = new PayloadWriter(0);
    for (let i = 0; i < 4; i++) big.string(repeat("x", MAX_STRING_BYTES));
    writeRefuses(big, SessionErr.PayloadLimit); // 16384 bytes of text plus headers
    decodeRefuses(new Uint8Array(MAX_PAYLOAD_BYTES + 1), SessionErr.PayloadLimit);
  });
});

describe("PayloadWriter refuses", () => {
  it("a lone surrogate (PayloadBadUtf8), and stays refused whatever follows", () => {
    const lone: string[] = ["\uD800", "a\uDC00", "\uD800a", "\uDBFF\uDBFF", "x\uDFFF\uD800"];
    for (let i = 0; i < lone.length; i++) {
      const w = new PayloadWriter(0).int(1).string(lone[i]).int(2).string("ok");
      writeRefuses(w, SessionErr.PayloadBadUtf8);
      writeRefuses(new PayloadWriter(0).strings(["ok", lone[i]]), SessionErr.PayloadBadUtf8);
    }
    expect(decoded(new PayloadWriter(0).string("\uD83D\uDE00").finish()!).stringAt(0)).toBe("\u{1F600}");
  });
});
