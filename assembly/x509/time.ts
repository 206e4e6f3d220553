// Certificate validity times (RFC 5280 §4.1.2.5) as Unix seconds, and back to ISO 8601 for messages. Only the
// forms RFC 5280 allows are read: UTCTime YYMMDDHHMMSSZ and GeneralizedTime YYYYMMDDHHMMSSZ, in UTC, with
// seconds and without fractions.

import { Tag } from "./der";

/** TIME_INVALID is what parseTime returns for text that is not a valid time. */
export const TIME_INVALID: i64 = i64.MIN_VALUE;
/** TIME_MIN and TIME_MAX are 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of four-digit years. */
export const TIME_MIN: i64 = -62167219200;
export const TIME_MAX: i64 = 253402300799;

/**
 * parseTime reads the content octets data[start, start + len) of a UTCTime or GeneralizedTime (tag) and returns
 * Unix seconds, or TIME_INVALID for any other length, a non-digit, a missing Z, or a field out of range
 * (February 30th, hour 24, second 60). UTCTime years 50-99 are 1950-1999, 00-49 are 2000-2049 (§4.1.2.5.1).
 */
export function parseTime(data: Uint8Array, start: i32, len: i32, tag: i32): i64 {
  if (start < 0 || len < 0 || start + len > data.length) return TIME_INVALID;
  const p = data.dataStart + <usize>start;
  let year: i32, at: i32;
  if (tag == Tag.UtcTime && len == 13) {
    const yy = digits(p, 0, 2);
    year = yy < 0 ? -1 : yy >= 50 ? 1900 + yy : 2000 + yy;
    at = 2;
  } else if (tag == Tag.GeneralizedTime && len == 15) {
    year = digits(p, 0, 4);
    at = 4;
  } else {
    return TIME_INVALID;
  }
  // Both forms end in MMDDHHMMSSZ; `at` is where it starts, and the length checks above cover it.
  const month = digits(p, at, 2), day = digits(p, at + 2, 2);
  const hour = digits(p, at + 4, 2), minute = digits(p, at + 6, 2), second = digits(p, at + 8, 2);
  if (load<u8>(p + <usize>(at + 10)) != 0x5a) return TIME_INVALID; // 'Z'
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return TIME_INVALID;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return TIME_INVALID;
  return daysFromCivil(year, month, day) * 86400 + <i64>(hour * 3600 + minute * 60 + second);
}

/** formatTime writes t as "2026-01-01T00:00:00Z"; outside TIME_MIN..TIME_MAX, as "@<seconds>". */
export function formatTime(t: i64): string {
  if (t < TIME_MIN || t > TIME_MAX) return "@" + t.toString();
  let days = t / 86400, secs = <i32>(t % 86400);
  if (secs < 0) {
    secs += 86400;
    days--;
  }
  // The inverse of daysFromCivil, with March as the first month so that leap days end the year.
  const z = days + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = <i32>(z - era * 146097);
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const day = doy - (153 * mp + 2) / 5 + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = <i32>(era * 400) + yoe + (month <= 2 ? 1 : 0);
  return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secs / 3600, 2) + ":" +
    pad(secs / 60 % 60, 2) + ":" + pad(secs % 60, 2) + "Z";
}

/**
 * daysFromCivil counts days from 1970-01-01 to the proleptic Gregorian date y-m-d (m 1..12): eras of 400 years
 * repeat exactly, and counting years from March puts February's variable length at the end of each year.
 */
export function daysFromCivil(y: i32, m: i32, d: i32): i64 {
  const yy = <i64>(m <= 2 ? y - 1 : y);
  const era = (yy >= 0 ? yy : yy - 399) / 400;
  const yoe = yy - era * 400;
  const doy = <i64>((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: i32, m: i32): i32 {
  if (m == 2) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

// The decimal value of the n ASCII digits at p + at, or -1 if one is not a digit. The caller checked the length.
function digits(p: usize, at: i32, n: i32): i32 {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = <i32>load<u8>(p + <usize>(at + i)) - 0x30;
    if (<u32>c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function pad(v: i32, width: i32): string {
  return v.toString().padStart(width, "0");
}
