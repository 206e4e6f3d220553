// IMF-fixdate (RFC 9110 §5.6.7), the date format of the Set-Cookie Expires attribute and of HTTP date headers.

const DAYS = "SunMonTueWedThuFriSat";
const MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

/** MAX_HTTP_DATE is 9999-12-31T23:59:59Z in Unix seconds, the last instant with a four-digit year. */
export const MAX_HTTP_DATE: i64 = 253402300799;

/**
 * formatHttpDate returns unixSeconds as `Sun, 06 Nov 1994 08:49:37 GMT`, or null outside 0..MAX_HTTP_DATE, which
 * the format's four-digit year cannot express without guessing.
 */
export function formatHttpDate(unixSeconds: i64): string | null {
  if (unixSeconds < 0 || unixSeconds > MAX_HTTP_DATE) return null;
  const days = <i32>(unixSeconds / 86400);
  const secs = <i32>(unixSeconds % 86400);
  // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-compatible low-level date algorithms"), for days >= 0.
  const z = days + 719468;
  const era = z / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const day = doy - (153 * mp + 2) / 5 + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const weekday = (days + 4) % 7; // 1970-01-01 was a Thursday
  return DAYS.substr(weekday * 3, 3) + ", " + pad(day, 2) + " " + MONTHS.substr((month - 1) * 3, 3) + " " +
    pad(year, 4) + " " + pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2) + ":" + pad(secs % 60, 2) + " GMT";
}

function pad(v: i32, width: i32): string {
  return v.toString().padStart(width, "0");
}
