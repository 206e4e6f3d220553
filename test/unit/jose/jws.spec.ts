// verifyCompact: the published RFC 7515 and RFC 8037 examples verify; every structural rule of the compact
// serialization, the header, crit, b64 and alg is enforced with its code and a message that names the problem.
import { base64UrlDecodeString, base64UrlEncode } from "../../../assembly/encoding/base64";
import { JoseErr, JoseError } from "../../../assembly/jose/errors";
import { Jwks } from "../../../assembly/jose/jwks";
import {
  MAX_HEADER_BYTES, MAX_TOKEN_BYTES, verifyCompact,
} from "../../../assembly/jose/jws";
import { JwsOptions } from "../../../assembly/jose/options";
import { b64, compact, flip, has, jwks, part, set, verify, withMembers } from "./helpers";
import {
  ED25519_JWK, EDDSA_TOKEN, ES256_TOKEN, ES512_TOKEN, P256_JWK, P521_JWK, PAYLOAD_B64, PAYLOAD_JSON, RS256_TOKEN,
  RSA_JWK,
} from "./vectors";

const ALL = jwks(set([RSA_JWK, P256_JWK, P521_JWK, ED25519_JWK]));
const RSA_ONLY = jwks(set([RSA_JWK]));
const RS_SIG = part(RS256_TOKEN, 2);

function payloadOf(token: string, keys: Jwks): string {
  const err = new JoseError();
  const v = verifyCompact(token, keys, new JwsOptions(), err);
  expect(v).not.toBeNull(err.toString());
  return String.UTF8.decode(v!.payload.buffer);
}

describe("verifyCompact on the published examples", () => {
  it("verifies RFC 7515 A.2 (RS256) and returns its payload", () => {
    expect(payloadOf(RS256_TOKEN, ALL)).toBe(PAYLOAD_JSON);
  });

  it("verifies RFC 7515 A.3 (ES256)", () => {
    expect(payloadOf(ES256_TOKEN, ALL)).toBe(PAYLOAD_JSON);
  });

  it("verifies RFC 7515 A.4 (ES512 on P-521)", () => {
    expect(payloadOf(ES512_TOKEN, ALL)).toBe("Payload");
  });

  it("verifies RFC 8037 A.4 (EdDSA with Ed25519)", () => {
    expect(payloadOf(EDDSA_TOKEN, ALL)).toBe("Example of Ed25519 signing");
  });

  it("reports the algorithm and the key that verified", () => {
    const err = new JoseError();
    const v = verifyCompact(ES256_TOKEN, ALL, new JwsOptions(), err)!;
    expect(v.alg.name).toBe("ES256");
    expect(v.key.index).toBe(1);
    expect(v.kid).toBeNull();
  });

  it("fails every example after one changed character in header, payload or signature", () => {
    const tokens = [RS256_TOKEN, ES256_TOKEN, ES512_TOKEN, EDDSA_TOKEN];
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t];
      const dot1 = token.indexOf("."), dot2 = token.lastIndexOf(".");
      const at = [1, dot1 + 3, dot2 + 5, token.length - 7];
      for (let i = 0; i < at.length; i++) {
        const err = verify(flip(token, at[i]), ALL);
        expect(err.code == JoseErr.SignatureInvalid || err.code == JoseErr.JwsInvalid).toBe(true, err.toString());
      }
    }
  });

  it("fails a signature moved to another example's signing input", () => {
    const swapped = part(ES256_TOKEN, 0) + "." + part(RS256_TOKEN, 1) + "." + part(ES512_TOKEN, 2);
    expect(verify(swapped, ALL).code).toBe(JoseErr.SignatureInvalid);
  });
});

describe("verifyCompact structure", () => {
  it("requires exactly three parts", () => {
    expect(verify("", ALL).code).toBe(JoseErr.JwsInvalid);
    expect(verify("abc", ALL).code).toBe(JoseErr.JwsInvalid);
    expect(verify("a.b", ALL).code).toBe(JoseErr.JwsInvalid);
    const four = verify(RS256_TOKEN + ".x", ALL);
    expect(four.code).toBe(JoseErr.JwsInvalid);
    expect(has(four.message, "token has 4 parts")).toBe(true);
    const jwe = verify("a.b.c.d.e", ALL);
    expect(has(jwe.message, "JWE")).toBe(true);
  });

  it("refuses a character outside base64url, naming it and its part", () => {
    const plus = verify(RS256_TOKEN.replace("eyJpc3", "ey+pc3"), ALL);
    expect(plus.code).toBe(JoseErr.JwsInvalid);
    expect(has(plus.message, "character \"+\" at offset 23 (in the payload) is not base64url")).toBe(true);
    expect(verify(RS256_TOKEN + "=", ALL).code).toBe(JoseErr.JwsInvalid);
    expect(verify(" " + RS256_TOKEN, ALL).code).toBe(JoseErr.JwsInvalid);
    const wide = verify(RS256_TOKEN.substring(0, 30) + "\u00e9" + RS256_TOKEN.substring(31), ALL);
    expect(has(wide.message, "character 0xff at offset 30")).toBe(true);
  });

  it("refuses a header that is not strict base64url (bad length, trailing bits)", () => {
    const t = RS256_TOKEN.substring(RS256_TOKEN.indexOf("."));
    expect(verify("eyJhbGciOiJSUzI1NiJ9A" + t, ALL).code).toBe(JoseErr.JwsInvalid);
    const bits = verify("eyJhbGciOiJSUzI1NiJ9B" + t, ALL); // 4n+1 characters
    expect(has(bits.message, "header is not strict base64url")).toBe(true);
    expect(verify("eyJhbGciOiJSUzI1NiJ8" + t, ALL).code).toBe(JoseErr.JwsInvalid); // "J8": non-zero trailing bits
  });

  it("refuses a header that is not a JSON object, or repeats a member", () => {
    const sig = part(RS256_TOKEN, 2);
    const array = verify(compact("[\"RS256\"]", PAYLOAD_B64, sig), ALL);
    expect(has(array.message, "header is not a JSON object")).toBe(true);
    expect(has(verify(compact("{\"alg\":", PAYLOAD_B64, sig), ALL).message, "header is not valid JSON")).toBe(true);
    const dup = verify(compact("{\"alg\":\"RS256\",\"alg\":\"none\"}", PAYLOAD_B64, sig), ALL);
    expect(dup.code).toBe(JoseErr.JwsInvalid);
    expect(has(dup.message, "ERR_JSON_DUPLICATE_KEY")).toBe(true);
    expect(verify(compact("", PAYLOAD_B64, sig), ALL).code).toBe(JoseErr.JwsInvalid);
  });

  it("enforces the size limits before decoding", () => {
    const big = "a".repeat(MAX_TOKEN_BYTES + 1);
    const over = verify(big, ALL);
    expect(over.code).toBe(JoseErr.JwsTooLarge);
    expect(has(over.message, "token is 16385 characters")).toBe(true);
    const header = "a".repeat((MAX_HEADER_BYTES * 4 + 2) / 3 + 1);
    expect(verify(header + ".e30.sig", ALL).code).toBe(JoseErr.JwsTooLarge);
    expect(verify("e30." + PAYLOAD_B64 + "." + "A".repeat(684), ALL).code).toBe(JoseErr.JwsTooLarge);
    expect(verify("e30." + PAYLOAD_B64 + "." + "A".repeat(683), ALL).code).not.toBe(JoseErr.JwsTooLarge);
  });
});

describe("verifyCompact header rules", () => {
  it("refuses alg none in every spelling, before any key is looked at", () => {
    const spellings = ["none", "None", "NONE", "nOnE", "NoNe"];
    for (let i = 0; i < spellings.length; i++) {
      const err = verify(compact("{\"alg\":\"" + spellings[i] + "\"}", PAYLOAD_B64, ""), ALL);
      expect(err.code).toBe(JoseErr.AlgNotAllowed, spellings[i]);
      expect(has(err.message, "unsecured")).toBe(true);
    }
  });

  it("refuses HS256, HS384 and HS512 even when a key would fit", () => {
    const algs = ["HS256", "HS384", "HS512"];
    for (let i = 0; i < algs.length; i++) {
      const err = verify(compact("{\"alg\":\"" + algs[i] + "\"}", PAYLOAD_B64, RS_SIG), ALL);
      expect(err.code).toBe(JoseErr.AlgNotAllowed);
      expect(has(err.message, "HMAC")).toBe(true);
    }
  });

  it("refuses unknown algorithms and names them", () => {
    const err = verify(compact("{\"alg\":\"ES256K\"}", PAYLOAD_B64, RS_SIG), ALL);
    expect(err.code).toBe(JoseErr.NotSupported);
    expect(err.message).toBe("alg \"ES256K\" is not supported");
    expect(verify(compact("{\"alg\":\"rs256\"}", PAYLOAD_B64, RS_SIG), ALL).code).toBe(JoseErr.NotSupported);
  });

  it("requires alg to be a string", () => {
    expect(verify(compact("{}", PAYLOAD_B64, RS_SIG), ALL).code).toBe(JoseErr.JwsInvalid);
    expect(verify(compact("{\"alg\":256}", PAYLOAD_B64, RS_SIG), ALL).code).toBe(JoseErr.JwsInvalid);
    expect(verify(compact("{\"alg\":null}", PAYLOAD_B64, RS_SIG), ALL).code).toBe(JoseErr.JwsInvalid);
  });

  it("applies the caller's allow-list", () => {
    const err = verify(RS256_TOKEN, ALL, ["ES256", "EdDSA"]);
    expect(err.code).toBe(JoseErr.AlgNotAllowed);
    expect(err.message).toBe("alg \"RS256\" is not in the allowed algorithms (ES256, EdDSA)");
    expect(verify(RS256_TOKEN, ALL, ["RS256"]).code).toBe(JoseErr.Ok);
  });

  it("refuses any crit (RFC 7515 §4.1.11): no extension is understood", () => {
    const withCrit = verify(compact("{\"alg\":\"RS256\",\"crit\":[\"exp\"],\"exp\":1}", PAYLOAD_B64, RS_SIG), ALL);
    expect(withCrit.code).toBe(JoseErr.NotSupported);
    expect(withCrit.message).toBe("crit lists \"exp\": no JWS extension is supported");
    const b64crit = verify(compact("{\"alg\":\"RS256\",\"b64\":false,\"crit\":[\"b64\"]}", PAYLOAD_B64, RS_SIG), ALL);
    expect(b64crit.code).toBe(JoseErr.NotSupported);
  });

  it("refuses a malformed crit as invalid", () => {
    const forms = ["[]", "\"exp\"", "[1]", "[\"\"]", "null", "{}"];
    for (let i = 0; i < forms.length; i++) {
      const err = verify(compact("{\"alg\":\"RS256\",\"crit\":" + forms[i] + "}", PAYLOAD_B64, RS_SIG), ALL);
      expect(err.code).toBe(JoseErr.JwsInvalid, forms[i]);
    }
  });

  it("refuses b64 other than true, with or without crit", () => {
    const unencoded = compact("{\"alg\":\"RS256\",\"b64\":false}", PAYLOAD_B64, RS_SIG);
    expect(verify(unencoded, ALL).code).toBe(JoseErr.NotSupported);
    const text = compact("{\"alg\":\"RS256\",\"b64\":\"false\"}", PAYLOAD_B64, RS_SIG);
    expect(verify(text, ALL).code).toBe(JoseErr.NotSupported);
    // b64 true is the default meaning: the signature still decides.
    const encoded = compact("{\"alg\":\"RS256\",\"b64\":true}", PAYLOAD_B64, RS_SIG);
    expect(verify(encoded, ALL).code).toBe(JoseErr.SignatureInvalid);
  });

  it("checks crit and b64 before alg, as jose does", () => {
    const err = verify(compact("{\"alg\":\"none\",\"crit\":[\"x\"],\"x\":1}", PAYLOAD_B64, ""), ALL);
    expect(err.code).toBe(JoseErr.NotSupported);
  });

  it("requires kid to be a string when present", () => {
    const err = verify(compact("{\"alg\":\"RS256\",\"kid\":7}", PAYLOAD_B64, RS_SIG), ALL);
    expect(err.code).toBe(JoseErr.JwsInvalid);
    expect(err.message).toBe("\"kid\" header parameter is not a string");
  });

  it("never takes a key from jwk, jku, x5u or x5c in the header", () => {
    // The header names the example's own key inline; the JWKS holds only the P-256 key, so nothing fits RS256.
    const inline = "{\"alg\":\"RS256\",\"jwk\":" + RSA_JWK + ",\"jku\":\"https://evil.example/jwks\"," +
      "\"x5u\":\"https://evil.example/cert\"}";
    const err = verify(compact(inline, PAYLOAD_B64, RS_SIG), jwks(set([P256_JWK])));
    expect(err.code).toBe(JoseErr.JwksNoMatchingKey);
  });
});

describe("verifyCompact signatures", () => {
  it("refuses a signature that is not strict base64url", () => {
    const err = verify(part(RS256_TOKEN, 0) + "." + PAYLOAD_B64 + ".A", RSA_ONLY);
    expect(err.code).toBe(JoseErr.JwsInvalid);
    expect(has(err.message, "signature is not strict base64url")).toBe(true);
  });

  it("refuses an RSA signature of the wrong length, longer than the modulus included", () => {
    const sig = part(RS256_TOKEN, 2);
    const longer = verify(part(RS256_TOKEN, 0) + "." + PAYLOAD_B64 + "." + sig + "AAAA", RSA_ONLY);
    expect(longer.code).toBe(JoseErr.SignatureInvalid);
    expect(longer.message).toBe("signature is 259 bytes; RS256 with a 2048-bit key needs 256");
    const shorter = verify(part(RS256_TOKEN, 0) + "." + PAYLOAD_B64 + "." + sig.substring(4), RSA_ONLY);
    expect(shorter.code).toBe(JoseErr.SignatureInvalid);
    expect(verify(part(RS256_TOKEN, 0) + "." + PAYLOAD_B64 + ".", RSA_ONLY).code).toBe(JoseErr.SignatureInvalid);
  });

  it("refuses an RSA signature equal to or above the modulus", () => {
    // 256 bytes of 0xff is above every 2048-bit modulus.
    const err = verify(part(RS256_TOKEN, 0) + "." + PAYLOAD_B64 + "." + "_".repeat(342) + "w", RSA_ONLY);
    expect(err.code).toBe(JoseErr.SignatureInvalid);
  });

  it("refuses ECDSA signatures of the wrong length and with r or s zero", () => {
    const h = part(ES256_TOKEN, 0) + "." + PAYLOAD_B64 + ".";
    const es = jwks(set([P256_JWK]));
    expect(verify(h + part(ES256_TOKEN, 2) + "A", es).message).toBe("signature is 65 bytes; ES256 needs 64");
    const sig = base64UrlDecodeString(part(ES256_TOKEN, 2))!;
    const r0 = sig.slice(), s0 = sig.slice();
    r0.fill(0, 0, 32);
    s0.fill(0, 32, 64);
    expect(verify(h + base64UrlEncode(r0), es).code).toBe(JoseErr.SignatureInvalid);
    expect(verify(h + base64UrlEncode(s0), es).code).toBe(JoseErr.SignatureInvalid);
    expect(verify(h + "A".repeat(86), es).code).toBe(JoseErr.SignatureInvalid); // r = s = 0
    // A DER-encoded signature (what a confused signer emits) has the wrong length.
    expect(verify(h + "MEUCIQ" + "A".repeat(90), es).code).toBe(JoseErr.SignatureInvalid);
  });

  it("refuses an ES512 token against a P-256 key, and ES256 against P-521", () => {
    const wrong = verify(ES512_TOKEN, jwks(set([P256_JWK])));
    expect(wrong.code).toBe(JoseErr.JwksNoMatchingKey);
    expect(has(wrong.message, "ES512 needs an EC P-521 key")).toBe(true);
    expect(verify(ES256_TOKEN, jwks(set([P521_JWK]))).code).toBe(JoseErr.JwksNoMatchingKey);
  });

  it("refuses EdDSA signatures of the wrong length", () => {
    const h = part(EDDSA_TOKEN, 0) + "." + part(EDDSA_TOKEN, 1) + ".";
    const err = verify(h + part(EDDSA_TOKEN, 2).substring(0, 84), jwks(set([ED25519_JWK])));
    expect(err.message).toBe("signature is 63 bytes; EdDSA needs 64");
  });

  it("accepts the fully-specified alg Ed25519 (RFC 9864) with the same key, only over its own signing input", () => {
    const h = b64("{\"alg\":\"Ed25519\"}");
    const err = verify(h + "." + part(EDDSA_TOKEN, 1) + "." + part(EDDSA_TOKEN, 2), jwks(set([ED25519_JWK])));
    expect(err.code).toBe(JoseErr.SignatureInvalid); // the example signed {"alg":"EdDSA"}
  });

  it("uses a JWK's own alg: an RS256-only key never verifies PS256", () => {
    const keys = jwks(set([withMembers(RSA_JWK, "\"alg\":\"RS256\"")]));
    const ps = verify(b64("{\"alg\":\"PS256\"}") + "." + PAYLOAD_B64 + "." + part(RS256_TOKEN, 2), keys);
    expect(ps.code).toBe(JoseErr.JwksNoMatchingKey);
    expect(has(ps.message, "; keys[0] is for alg \"RS256\", the token uses PS256")).toBe(true);
    expect(verify(RS256_TOKEN, keys).code).toBe(JoseErr.Ok);
  });
});
