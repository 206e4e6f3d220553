// Validity times (RFC 5280 §4.1.2.5): UTCTime and GeneralizedTime in exactly the forms the RFC allows, the
// UTCTime century rule, calendar checks including leap years, and ISO 8601 output for messages.
import { Tag } from "../../../assembly/x509/der";
import { daysFromCivil, formatTime, parseTime, TIME_INVALID, TIME_MAX, TIME_MIN } from "../../../assembly/x509/time";
import { text } from "../crypto/helpers";

function utc(s: string): i64 {
  const b = text(s);
  return parseTime(b, 0, b.length, Tag.UtcTime);
}

function generalized(s: string): i64 {
  const b = text(s);
  return parseTime(b, 0, b.length, Tag.GeneralizedTime);
}

describe("UTCTime (RFC 5280 §4.1.2.5.1)", () => {
  it("reads YYMMDDHHMMSSZ as Unix seconds", () => {
    expect(utc("700101000000Z")).toBe(0);
    expect(utc("260101000000Z")).toBe(1767225600);
    expect(utc("491231235959Z")).toBe(2524607999);
  });

  it("puts years 50-99 in the 1900s and 00-49 in the 2000s", () => {
    expect(formatTime(utc("500101000000Z"))).toBe("1950-01-01T00:00:00Z");
    expect(formatTime(utc("991231235959Z"))).toBe("1999-12-31T23:59:59Z");
    expect(formatTime(utc("000229120000Z"))).toBe("2000-02-29T12:00:00Z");
  });

  it("refuses forms RFC 5280 excludes: no seconds, offsets, missing Z, fractions", () => {
    const bad = ["2601010000Z", "260101000000+0100", "260101000000", "260101000000.5Z", "260101000000z", " 60101000000Z"];
    for (let i = 0; i < bad.length; i++) expect(utc(bad[i])).toBe(TIME_INVALID, bad[i]);
  });

  it("refuses a GeneralizedTime's text under the UTCTime tag and the other way round", () => {
    expect(utc("20260101000000Z")).toBe(TIME_INVALID);
    expect(generalized("260101000000Z")).toBe(TIME_INVALID);
  });
});

describe("GeneralizedTime (RFC 5280 §4.1.2.5.2)", () => {
  it("reads YYYYMMDDHHMMSSZ, including years past 2049 and before 1950", () => {
    expect(generalized("20500101000000Z")).toBe(2524608000);
    expect(formatTime(generalized("99991231235959Z"))).toBe("9999-12-31T23:59:59Z");
    expect(generalized("99991231235959Z")).toBe(TIME_MAX);
    expect(formatTime(generalized("19491231235959Z"))).toBe("1949-12-31T23:59:59Z");
    expect(generalized("00000101000000Z")).toBe(TIME_MIN);
  });

  it("refuses fractional seconds and local times", () => {
    expect(generalized("20260101000000.000Z")).toBe(TIME_INVALID);
    expect(generalized("20260101000000")).toBe(TIME_INVALID);
    expect(generalized("202601010000Z")).toBe(TIME_INVALID);
  });
});

describe("calendar checks", () => {
  it("accepts February 29th only in leap years (every 4th, not every 100th, every 400th)", () => {
    expect(generalized("20240229000000Z")).not.toBe(TIME_INVALID);
    expect(generalized("20000229000000Z")).not.toBe(TIME_INVALID);
    expect(generalized("21000229000000Z")).toBe(TIME_INVALID);
    expect(generalized("19000229000000Z")).toBe(TIME_INVALID);
    expect(generalized("20230229000000Z")).toBe(TIME_INVALID);
  });

  it("refuses days past the month's end, month 0 or 13, hour 24, minute 60 and leap second 60", () => {
    const bad = ["20260431000000Z", "20260132000000Z", "20260001000000Z", "20261301000000Z", "20260100000000Z",
      "20260101240000Z", "20260101006000Z", "20261231235960Z", "2026010100000aZ", "2026-101000000Z"];
    for (let i = 0; i < bad.length; i++) expect(generalized(bad[i])).toBe(TIME_INVALID, bad[i]);
  });

  it("counts days like the proleptic Gregorian calendar", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(2000, 3, 1)).toBe(11017);
    expect(daysFromCivil(1600, 1, 1)).toBe(-135140);
  });

  it("refuses ranges that lie outside the data", () => {
    const b = text("260101000000Z");
    expect(parseTime(b, 1, 13, Tag.UtcTime)).toBe(TIME_INVALID);
    expect(parseTime(b, -1, 13, Tag.UtcTime)).toBe(TIME_INVALID);
  });
});

describe("formatTime", () => {
  it("writes ISO 8601 in UTC, before 1970 as well", () => {
    expect(formatTime(0)).toBe("1970-01-01T00:00:00Z");
    expect(formatTime(-1)).toBe("1969-12-31T23:59:59Z");
    expect(formatTime(1767225600)).toBe("2026-01-01T00:00:00Z");
    expect(formatTime(951782400)).toBe("2000-02-29T00:00:00Z");
  });

  it("round-trips every day boundary of four centuries, in steps of 7 days and 1 hour", () => {
    for (let t: i64 = -2208988800; t < 10413792000; t += 7 * 86400 + 3600) {
      const s = formatTime(t);
      const digits = s.substring(0, 4) + s.substring(5, 7) + s.substring(8, 10) + s.substring(11, 13) +
        s.substring(14, 16) + s.substring(17, 19) + "Z";
      expect(generalized(digits)).toBe(t, s);
    }
  });

  it("writes instants outside four-digit years as @seconds", () => {
    expect(formatTime(TIME_MAX + 1)).toBe("@253402300800");
    expect(formatTime(i64.MIN_VALUE)).toBe("@-9223372036854775808");
  });
});
