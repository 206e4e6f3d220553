// JWK and JWKS parsing (jwk.ts, jwks.ts): the RFC 7517 examples, every refusal of key material with the reason a
// log reader needs, private members, unknown kty kept but unusable, and the set-level limits and duplicate names.
import { base64UrlDecodeString, base64UrlEncode } from "../../../assembly/encoding/base64";
import { CURVE_ED25519, CURVE_P256, KeyType } from "../../../assembly/jose/algorithms";
import { JoseErr, JoseError } from "../../../assembly/jose/errors";
import { Jwk, parseJwk } from "../../../assembly/jose/jwk";
import { MAX_JWKS_BYTES, MAX_JWKS_KEYS } from "../../../assembly/jose/jwks";
import { has, jwks, jwksError, set, utf8, withMembers } from "./helpers";
import {
  ED25519_JWK, P256_JWK, P256_PRIVATE_JWK, P521_JWK, RFC7517_A1, RFC7517_A2_EC, RSA_JWK, RSA_N,
} from "./vectors";

/** one parses a JWKS holding only jwk and returns that key. */
function one(jwk: string): Jwk {
  const keys = jwks(set([jwk]));
  expect(keys.keys.length).toBe(1);
  return keys.keys[0];
}

/** problem parses jwk and returns why it is unusable, expecting it to be. */
function problem(jwk: string): string {
  const k = one(jwk);
  expect(k.usable).toBe(false, "key was usable: " + jwk);
  return k.problem;
}

function rsa(n: string, e: string): string {
  return "{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"" + e + "\"}";
}

function ec(crv: string, x: string, y: string): string {
  return "{\"kty\":\"EC\",\"crv\":\"" + crv + "\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
}

function okp(x: string): string {
  return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}";
}

function bytesOf(n: i32, v: u8): string {
  const b = new Uint8Array(n);
  b.fill(v);
  return base64UrlEncode(b);
}

describe("JWK parsing of the published examples", () => {
  it("reads RFC 7517 A.1: an EC P-256 key for enc and an RSA key for RS256, both usable", () => {
    const keys = jwks(RFC7517_A1);
    expect(keys.keys.length).toBe(2);
    const e = keys.keys[0], r = keys.keys[1];
    expect(e.usable).toBe(true, e.problem);
    expect(e.keyType).toBe(KeyType.Ec);
    expect(e.curve).toBe(CURVE_P256);
    expect(e.kid!).toBe("1");
    expect(e.use!).toBe("enc");
    expect(e.ec).not.toBeNull();
    expect(r.usable).toBe(true, r.problem);
    expect(r.rsa!.bits).toBe(2048);
    expect(r.alg!).toBe("RS256");
    expect(r.kid!).toBe("2011-04-29");
    expect(r.description).toBe("an RSA 2048-bit key");
    expect(keys.usableCount).toBe(2);
  });

  it("reads the RFC 7515 and RFC 8037 example public keys", () => {
    expect(one(RSA_JWK).usable).toBe(true);
    expect(one(P256_JWK).description).toBe("an EC P-256 key");
    expect(one(P521_JWK).description).toBe("an EC P-521 key");
    const ed = one(ED25519_JWK);
    expect(ed.usable).toBe(true, ed.problem);
    expect(ed.curve).toBe(CURVE_ED25519);
    expect(ed.description).toBe("an OKP Ed25519 key");
  });

  it("refuses keys with private members (RFC 7517 A.2, RFC 7515 A.3.1): a published private key is compromised", () => {
    expect(has(problem(RFC7517_A2_EC), "holds private key material (\"d\")")).toBe(true);
    expect(has(problem(P256_PRIVATE_JWK), "\"d\"")).toBe(true);
    expect(has(problem(withMembers(RSA_JWK, "\"p\":\"AQAB\"")), "(\"p\")")).toBe(true);
    expect(has(problem(withMembers(RSA_JWK, "\"qi\":\"AQAB\"")), "(\"qi\")")).toBe(true);
    expect(has(problem(withMembers(ED25519_JWK, "\"d\":\"AA\"")), "(\"d\")")).toBe(true);
  });

  it("keeps the kid of an unusable key, so a lookup can explain it", () => {
    const k = one(withMembers(P256_PRIVATE_JWK, "\"kid\":\"leaked\""));
    expect(k.kid!).toBe("leaked");
    expect(k.label).toBe("kid \"leaked\"");
  });
});

describe("JWK members", () => {
  it("keeps an unknown or symmetric kty as an unusable key, not a failed set", () => {
    const keys = jwks(set(["{\"kty\":\"oct\",\"k\":\"AyM1\"}", RSA_JWK, "{\"kty\":\"AKP\",\"alg\":\"ML-DSA-44\"}"]));
    expect(keys.keys.length).toBe(3);
    expect(keys.usableCount).toBe(1);
    expect(has(keys.keys[0].problem, "kty \"oct\" is a symmetric key")).toBe(true);
    expect(has(keys.keys[2].problem, "kty \"AKP\" is not supported")).toBe(true);
    expect(keys.keys[2].description).toBe("a kty \"AKP\" key");
  });

  it("requires kty, and kid, alg and use to be strings", () => {
    expect(problem("{\"n\":\"AQAB\"}")).toBe("\"kty\" is missing or not a string");
    expect(problem("{\"kty\":1}")).toBe("\"kty\" is missing or not a string");
    expect(problem(withMembers(RSA_JWK, "\"kid\":1"))).toBe("\"kid\" is not a string");
    expect(problem(withMembers(RSA_JWK, "\"alg\":[\"RS256\"]"))).toBe("\"alg\" is not a string");
    expect(problem(withMembers(RSA_JWK, "\"use\":null"))).toBe("\"use\" is not a string");
  });

  it("requires key_ops to be an array of distinct strings (RFC 7517 §4.3)", () => {
    expect(problem(withMembers(RSA_JWK, "\"key_ops\":\"verify\""))).toBe("\"key_ops\" is not an array");
    expect(problem(withMembers(RSA_JWK, "\"key_ops\":[1]"))).toBe("\"key_ops\" holds a value that is not a string");
    expect(problem(withMembers(RSA_JWK, "\"key_ops\":[\"verify\",\"verify\"]"))).toBe("\"key_ops\" repeats \"verify\"");
    expect(one(withMembers(RSA_JWK, "\"key_ops\":[\"verify\",\"sign\"]")).keyOps!.length).toBe(2);
  });

  it("keeps a member that is not an object as an unusable key", () => {
    const keys = jwks(set(["\"RS256\"", "null", RSA_JWK]));
    expect(keys.keys[0].problem).toBe("the JWK is not a JSON object");
    expect(keys.keys[1].label).toBe("keys[1]");
    expect(keys.keys[2].usable).toBe(true);
  });
});

describe("RSA JWK material", () => {
  it("refuses n and e that are not strict base64url", () => {
    const padded = problem(rsa(RSA_N + "=", "AQAB"));
    expect(has(padded, "\"n\" is not strict base64url: ERR_ENCODING_BAD_PADDING")).toBe(true);
    expect(has(problem(rsa(RSA_N.replace("-", "+"), "AQAB")), "ERR_ENCODING_BAD_CHARACTER")).toBe(true);
    expect(has(problem(rsa(RSA_N, "AQAC")), "e = 65538 is refused")).toBe(true);
    expect(has(problem(rsa(RSA_N, "AQB")), "ERR_ENCODING_TRAILING_BITS")).toBe(true);
    expect(problem("{\"kty\":\"RSA\",\"e\":\"AQAB\"}")).toBe("\"n\" is missing or not a string");
  });

  it("refuses e = 1, e = 2, an even e and e longer than 8 bytes", () => {
    expect(problem(rsa(RSA_N, "AQ"))).toBe("exponent e = 1 is refused: it must be odd and at least 3 (RFC 8017 §3.1)");
    expect(has(problem(rsa(RSA_N, "Ag")), "e = 2 is refused")).toBe(true);
    expect(has(problem(rsa(RSA_N, "AQAA")), "e = 65536 is refused")).toBe(true);
    expect(has(problem(rsa(RSA_N, "")), "e = 0 is refused")).toBe(true);
    expect(problem(rsa(RSA_N, "AQAAAAAAAAAB"))).toBe("exponent is longer than 8 bytes");
    expect(one(rsa(RSA_N, "Aw")).rsa!.exponent).toBe(3);
  });

  it("refuses moduli below 2048 and above 4096 bits, and an even modulus", () => {
    const n = base64UrlDecodeString(RSA_N)!;
    expect(has(problem(rsa(base64UrlEncode(n.subarray(1)), "AQAB")), "modulus is 2040 bits")).toBe(true);
    const big = new Uint8Array(513);
    big.fill(0xff);
    expect(has(problem(rsa(base64UrlEncode(big), "AQAB")), "modulus is 4104 bits")).toBe(true);
    const even = n.slice();
    even[even.length - 1] &= 0xfe;
    expect(problem(rsa(base64UrlEncode(even), "AQAB"))).toBe("the modulus is even: not an RSA public key");
  });

  it("accepts a modulus with a leading zero byte, as some producers write it", () => {
    const n = base64UrlDecodeString(RSA_N)!;
    const padded = new Uint8Array(n.length + 1);
    padded.set(n, 1);
    expect(one(rsa(base64UrlEncode(padded), "AQAB")).rsa!.bits).toBe(2048);
  });
});

describe("EC and OKP JWK material", () => {
  it("refuses unsupported curves and missing coordinates", () => {
    expect(problem(ec("secp256k1", "AA", "AA"))).toBe("crv \"secp256k1\" is not supported (P-256, P-384, P-521)");
    expect(problem("{\"kty\":\"EC\",\"x\":\"AA\"}")).toBe("\"crv\" is missing or not a string");
    expect(problem("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + bytesOf(32, 1) + "\"}"))
      .toBe("\"y\" is missing or not a string");
  });

  it("refuses coordinates of the wrong length, even with leading zeros removed or added", () => {
    expect(problem(ec("P-256", bytesOf(31, 1), bytesOf(32, 1))))
      .toBe("coordinates are 31 and 32 bytes, P-256 needs 32 each (RFC 7518 §6.2.1.2)");
    expect(has(problem(ec("P-521", bytesOf(65, 1), bytesOf(65, 1))), "P-521 needs 66 each")).toBe(true);
  });

  it("refuses a point not on the curve, and coordinates not below p", () => {
    const x = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    expect(problem(ec("P-256", x, "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a4")))
      .toBe("(x, y) is not a point on P-256 (SEC 1 §3.2.2.1)");
    expect(has(problem(ec("P-256", bytesOf(32, 0xff), bytesOf(32, 0xff))), "is not a point on P-256")).toBe(true);
    expect(has(problem(ec("P-256", bytesOf(32, 0), bytesOf(32, 0))), "is not a point on P-256")).toBe(true);
  });

  it("refuses the wrong curve name for the key's size: P-256 coordinates as P-384", () => {
    expect(has(problem(ec("P-384", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
      "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0")), "P-384 needs 48 each")).toBe(true);
  });

  it("refuses OKP curves other than Ed25519, wrong lengths, and small-order points", () => {
    expect(problem("{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"AA\"}"))
      .toBe("crv \"X25519\" is not supported (Ed25519)");
    expect(problem(okp(bytesOf(31, 1)))).toBe("\"x\" is 31 bytes, Ed25519 needs 32 (RFC 8037 §2)");
    const identity = new Uint8Array(32);
    identity[0] = 1;
    expect(problem(okp(base64UrlEncode(identity))))
      .toBe("\"x\" is not an Ed25519 point of full order (RFC 8032 §5.1.3)");
    const notCanonical = new Uint8Array(32);
    notCanonical.fill(0xff);
    notCanonical[31] = 0x7f; // y = 2^255 - 1 >= p
    expect(one(okp(base64UrlEncode(notCanonical))).usable).toBe(false);
  });
});

describe("JWKS documents", () => {
  it("refuses what is not a JSON object with a keys array", () => {
    expect(jwksError("[]").message).toBe("JWKS is not a JSON object");
    expect(jwksError("{}").message).toBe("JWKS has no \"keys\" array (RFC 7517 §5.1)");
    expect(jwksError("{\"keys\":{}}").code).toBe(JoseErr.JwksInvalid);
    expect(has(jwksError("{\"keys\":[").message, "JWKS is not valid JSON: ERR_JSON_UNEXPECTED_END")).toBe(true);
  });

  it("refuses a document that repeats a member name anywhere, a key's included", () => {
    const dup = jwksError(set([withMembers(RSA_JWK, "\"e\":\"Aw\"")]));
    expect(dup.code).toBe(JoseErr.JwksInvalid);
    expect(has(dup.message, "ERR_JSON_DUPLICATE_KEY")).toBe(true);
    expect(jwksError("{\"keys\":[],\"keys\":[]}").code).toBe(JoseErr.JwksInvalid);
  });

  it("accepts an empty set", () => {
    expect(jwks("{\"keys\":[]}").keys.length).toBe(0);
  });

  it("refuses more than MAX_JWKS_KEYS keys and more than MAX_JWKS_BYTES bytes", () => {
    const many = new Array<string>();
    for (let i = 0; i <= MAX_JWKS_KEYS; i++) many.push("{}");
    expect(jwksError(set(many)).message).toBe("JWKS has 65 keys; the limit is 64");
    many.pop();
    expect(jwks(set(many)).keys.length).toBe(MAX_JWKS_KEYS);
    const big = "{\"keys\":[],\"x\":\"" + "a".repeat(MAX_JWKS_BYTES) + "\"}";
    expect(has(jwksError(big).message, "; the limit is 131072")).toBe(true);
  });
});

describe("parseJwk", () => {
  it("returns a usable lone key", () => {
    const err = new JoseError();
    const k = parseJwk(utf8(ED25519_JWK), err);
    expect(err.code).toBe(JoseErr.Ok);
    expect(k!.ed).not.toBeNull();
  });

  it("returns null with JwkInvalid and the reason for an unusable one", () => {
    const err = new JoseError();
    expect(parseJwk(utf8(rsa(RSA_N, "AQ")), err)).toBeNull();
    expect(err.code).toBe(JoseErr.JwkInvalid);
    expect(err.toString()).toBe(
      "ERR_JWK_INVALID: JWK keys[0]: exponent e = 1 is refused: it must be odd and at least 3 (RFC 8017 §3.1)");
    expect(parseJwk(utf8("{\"kty\":\"RSA\",\"kty\":\"EC\"}"), err)).toBeNull();
    expect(has(err.message, "ERR_JSON_DUPLICATE_KEY")).toBe(true);
  });
});
