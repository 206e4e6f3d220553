// The JOSE `typ` header (RFC 7515 §4.1.9), the explicit typing RFC 8725 §3.11 recommends so that one kind of JWT
// cannot be replayed as another: RFC 9068 access tokens are "at+jwt", back-channel logout tokens "logout+jwt".

import { JsonValue } from "../json/value";
import { asciiEqualFold } from "./algorithms";
import { JoseErr, JoseError, quoted } from "./errors";

/** TYP_ACCESS_TOKEN is the `typ` of a JWT access token (RFC 9068 §2.1). */
export const TYP_ACCESS_TOKEN = "at+jwt";
/** TYP_LOGOUT_TOKEN is the `typ` of a back-channel logout token (OpenID Back-Channel Logout 1.0 §2.4). */
export const TYP_LOGOUT_TOKEN = "logout+jwt";

const APPLICATION = "application/";

/**
 * typMatches reports whether the header's `typ` is the media type `expected`, exactly as RFC 7515 §4.1.9 reads
 * it: a value without "/" means "application/" followed by it, and media types compare case-insensitively
 * (RFC 2045). So "at+jwt", "AT+JWT" and "application/at+jwt" all match "at+jwt"; "at+jwt; v=1", "jwt" or a
 * missing or non-string typ do not.
 */
export function typMatches(header: JsonValue, expected: string): bool {
  const typ = header.get("typ");
  if (typ === null || !typ.isString()) return false;
  return asciiEqualFold(mediaType(typ.string), mediaType(expected));
}

/** checkTyp is typMatches with a ClaimInvalid error (claim "typ") that shows what the token carried. */
export function checkTyp(header: JsonValue, expected: string, err: JoseError): bool {
  if (typMatches(header, expected)) return true;
  const typ = header.get("typ");
  const got = typ === null ? "no typ" : typ.isString() ? "typ " + quoted(typ.string) : "a typ that is not a string";
  return err.set(JoseErr.ClaimInvalid,
    "token has " + got + ", expected typ " + quoted(expected) + " (RFC 8725 §3.11)", "typ");
}

// RFC 7515 §4.1.9: "application/" is implied when the value holds no "/".
function mediaType(typ: string): string {
  return typ.includes("/") ? typ : APPLICATION + typ;
}
