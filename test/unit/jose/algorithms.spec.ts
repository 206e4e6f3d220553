// The algorithm table (algorithms.ts) and the error helpers (errors.ts): which names resolve, which are refused
// with which code, what each entry requires of a key, and how attacker-chosen text is quoted into messages.
import {
  CURVE_ED25519, CURVE_P256, CURVE_P384, CURVE_P521, KeyType, Scheme, algorithmNames, asciiEqualFold, jwsAlgorithm,
  resolveAlgorithm,
} from "../../../assembly/jose/algorithms";
import { JoseErr, JoseError, joseErrName, quoted, secondsText } from "../../../assembly/jose/errors";

function refusal(alg: string, allowed: Array<string> | null = null): JoseError {
  const err = new JoseError();
  expect(resolveAlgorithm(alg, allowed, err)).toBeNull(alg);
  return err;
}

describe("the algorithm table", () => {
  it("holds exactly the RSA, RSA-PSS, ECDSA and EdDSA algorithms", () => {
    expect(algorithmNames().join(",")).toBe("RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA,Ed25519");
  });

  it("ties each ECDSA algorithm to one curve and hash (RFC 7518 §3.4)", () => {
    const es256 = jwsAlgorithm("ES256")!, es384 = jwsAlgorithm("ES384")!, es512 = jwsAlgorithm("ES512")!;
    expect(es256.curve).toBe(CURVE_P256);
    expect(es256.hash).toBe(256);
    expect(es256.signatureBytes).toBe(64);
    expect(es384.curve).toBe(CURVE_P384);
    expect(es384.signatureBytes).toBe(96);
    expect(es512.curve).toBe(CURVE_P521);
    expect(es512.hash).toBe(512);
    expect(es512.signatureBytes).toBe(132);
    expect(es512.keyNeeded).toBe("an EC P-521 key");
  });

  it("ties RSA algorithms to RSA keys with their scheme and hash", () => {
    const ps384 = jwsAlgorithm("PS384")!;
    expect(ps384.scheme).toBe(Scheme.RsaPss);
    expect(ps384.keyType).toBe(KeyType.Rsa);
    expect(ps384.hash).toBe(384);
    expect(jwsAlgorithm("RS512")!.scheme).toBe(Scheme.RsaPkcs1);
    expect(jwsAlgorithm("RS256")!.keyNeeded).toBe("an RSA key");
  });

  it("ties EdDSA and Ed25519 to OKP Ed25519 keys", () => {
    expect(jwsAlgorithm("EdDSA")!.curve).toBe(CURVE_ED25519);
    expect(jwsAlgorithm("Ed25519")!.keyType).toBe(KeyType.Okp);
    expect(jwsAlgorithm("EdDSA")!.keyNeeded).toBe("an OKP Ed25519 key");
  });

  it("matches names case-sensitively (RFC 7515 §4.1.1)", () => {
    expect(jwsAlgorithm("rs256")).toBeNull();
    expect(jwsAlgorithm("EDDSA")).toBeNull();
    expect(jwsAlgorithm("")).toBeNull();
  });
});

describe("resolveAlgorithm", () => {
  it("refuses none in any spelling as not allowed", () => {
    const names = ["none", "None", "NONE", "nONE", "noNE"];
    for (let i = 0; i < names.length; i++) {
      const err = refusal(names[i]);
      expect(err.code).toBe(JoseErr.AlgNotAllowed);
      expect(err.message).toBe("alg " + quoted(names[i]) + " (an unsecured JWS) is never accepted");
    }
    expect(refusal("none", ["none"]).code).toBe(JoseErr.AlgNotAllowed);
  });

  it("refuses HMAC even when the caller allows it", () => {
    expect(refusal("HS256", ["HS256"]).code).toBe(JoseErr.AlgNotAllowed);
    expect(refusal("HS512").message)
      .toBe("alg \"HS512\" (HMAC with a shared secret) is never accepted: keys here are public");
  });

  it("refuses unknown names as not supported", () => {
    const names = ["ES256K", "RS1", "PS256 ", "ML-DSA-44", "RSA-OAEP", "dir", ""];
    for (let i = 0; i < names.length; i++) expect(refusal(names[i]).code).toBe(JoseErr.NotSupported, names[i]);
  });

  it("applies the allow-list after the table", () => {
    const err = refusal("ES384", ["ES256"]);
    expect(err.code).toBe(JoseErr.AlgNotAllowed);
    expect(err.message).toBe("alg \"ES384\" is not in the allowed algorithms (ES256)");
    const ok = new JoseError();
    expect(resolveAlgorithm("ES384", ["ES256", "ES384"], ok)!.name).toBe("ES384");
    expect(ok.code).toBe(JoseErr.Ok);
  });

  it("folds only ASCII letters", () => {
    expect(asciiEqualFold("NoNe", "none")).toBe(true);
    expect(asciiEqualFold("n\u00d8ne", "n\u00f8ne")).toBe(false);
    expect(asciiEqualFold("none", "none ")).toBe(false);
  });
});

describe("error values", () => {
  it("names every code stably", () => {
    expect(joseErrName(JoseErr.Ok)).toBe("OK");
    expect(joseErrName(JoseErr.SignatureInvalid)).toBe("ERR_JWS_SIGNATURE_INVALID");
    expect(joseErrName(JoseErr.JwtExpired)).toBe("ERR_JWT_EXPIRED");
    expect(joseErrName(JoseErr.JwksNoMatchingKey)).toBe("ERR_JWKS_NO_MATCHING_KEY");
    expect(joseErrName(JoseErr.JwksMultipleMatchingKeys)).toBe("ERR_JWKS_MULTIPLE_MATCHING_KEYS");
    expect(joseErrName(JoseErr.ClaimInvalid)).toBe("ERR_JWT_CLAIM_VALIDATION_FAILED");
    expect(joseErrName(<JoseErr>99)).toBe("ERR_JOSE_UNKNOWN");
  });

  it("prints as NAME: message and resets", () => {
    const err = new JoseError();
    expect(err.toString()).toBe("OK");
    err.set(JoseErr.JwtExpired, "token expired 42 s ago", "exp");
    expect(err.toString()).toBe("ERR_JWT_EXPIRED: token expired 42 s ago");
    expect(err.ok).toBe(false);
    err.reset();
    expect(err.ok).toBe(true);
    expect(err.claim).toBe("");
  });

  it("quotes with escapes, cutting long values", () => {
    expect(quoted("abc")).toBe("\"abc\"");
    expect(quoted("a\"b\\c")).toBe("\"a\\\"b\\\\c\"");
    expect(quoted("\r\n\t\u0000\u007f\u00e9\u2028")).toBe("\"\\r\\n\\t\\u0000\\u007f\\u00e9\\u2028\"");
    expect(quoted("x".repeat(100))).toBe("\"" + "x".repeat(80) + "\"...");
    expect(quoted("")).toBe("\"\"");
  });

  it("writes seconds without trapping on any f64", () => {
    expect(secondsText(42.9)).toBe("42");
    expect(secondsText(-3.5)).toBe("-3");
    expect(secondsText(1e300)).toBe("1e+300");
    expect(secondsText(NaN)).toBe("?");
    expect(secondsText(-Infinity)).toBe("?");
  });
});
