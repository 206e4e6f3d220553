// Shared helpers for the jose specs: build JWKS documents and tokens from text, and run one verification,
// returning the JoseError so that each expectation can assert the code and the message.
import { base64UrlEncode } from "../../../assembly/encoding/base64";
import { JoseErr, JoseError } from "../../../assembly/jose/errors";
import { Jwks, parseJwks } from "../../../assembly/jose/jwks";
import { verifyCompact } from "../../../assembly/jose/jws";
import { JwsOptions } from "../../../assembly/jose/options";

/** utf8 encodes s. */
export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** b64 is the base64url of s's UTF-8. */
export function b64(s: string): string {
  return base64UrlEncode(utf8(s));
}

/** set wraps JWK documents into a JWKS document. */
export function set(keys: Array<string>): string {
  return "{\"keys\":[" + keys.join(",") + "]}";
}

/** withMembers adds members (JSON text such as "\"kid\":\"a\"") to a JWK document. */
export function withMembers(jwk: string, members: string): string {
  return jwk.substring(0, jwk.length - 1) + "," + members + "}";
}

/** jwks parses doc, expecting success. */
export function jwks(doc: string): Jwks {
  const err = new JoseError();
  const set = parseJwks(utf8(doc), err);
  expect(err.code).toBe(JoseErr.Ok, err.toString());
  expect(set).not.toBeNull();
  return set!;
}

/** jwksError parses doc, expecting failure, and returns the error. */
export function jwksError(doc: string): JoseError {
  const err = new JoseError();
  expect(parseJwks(utf8(doc), err)).toBeNull();
  return err;
}

/** verify runs verifyCompact(token) against keys with the allowed algorithms and returns the error (Ok on success). */
export function verify(token: string, keys: Jwks, algorithms: Array<string> | null = null): JoseError {
  const options = new JwsOptions();
  options.algorithms = algorithms;
  const err = new JoseError();
  const result = verifyCompact(token, keys, options, err);
  expect(result === null).toBe(err.code != JoseErr.Ok, "result and error disagree: " + err.toString());
  return err;
}

/** compact joins a header given as JSON text with an encoded payload and signature. */
export function compact(headerJson: string, payloadB64: string, signatureB64: string): string {
  return b64(headerJson) + "." + payloadB64 + "." + signatureB64;
}

/** part returns part i (0, 1, 2) of a compact token. */
export function part(token: string, i: i32): string {
  return token.split(".")[i];
}

/** flip changes the character at i of s to another base64url character (never to one with the same value bits). */
export function flip(s: string, i: i32): string {
  const c = s.charCodeAt(i);
  const d = c == 0x41 ? 0x51 : 0x41; // 'A' <-> 'Q': differ in the top bits, so trailing bits stay valid
  return s.substring(0, i) + String.fromCharCode(d) + s.substring(i + 1);
}

/** has reports whether message contains text, printing the message when it does not. */
export function has(message: string, text: string): bool {
  if (message.includes(text)) return true;
  trace("message was: " + message);
  return false;
}
