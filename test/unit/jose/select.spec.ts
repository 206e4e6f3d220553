// Key selection (select.ts): kid first and exactly, then the key must fit the algorithm (type, curve, its own alg,
// use, key_ops); a token without kid tries every fitting key, at most MAX_CANDIDATES of them.
import { jwsAlgorithm } from "../../../assembly/jose/algorithms";
import { JoseErr, JoseError } from "../../../assembly/jose/errors";
import { Jwk } from "../../../assembly/jose/jwk";
import { Jwks } from "../../../assembly/jose/jwks";
import { MAX_CANDIDATES, selectKeys } from "../../../assembly/jose/select";
import { has, jwks, set, verify, withMembers } from "./helpers";
import { ED25519_JWK, P256_JWK, P521_JWK, RFC7517_A1, RFC7517_A1_RSA, RS256_TOKEN, RSA_JWK } from "./vectors";

function select(keys: Jwks, alg: string, kid: string | null): JoseError {
  const err = new JoseError();
  const got = selectKeys(keys, jwsAlgorithm(alg)!, kid, err);
  expect(got === null).toBe(err.code != JoseErr.Ok, err.toString());
  return err;
}

function selected(keys: Jwks, alg: string, kid: string | null): Array<Jwk> {
  const err = new JoseError();
  const got = selectKeys(keys, jwsAlgorithm(alg)!, kid, err);
  expect(got).not.toBeNull(err.toString());
  return got!;
}

function kid(jwk: string, name: string): string {
  return withMembers(jwk, "\"kid\":\"" + name + "\"");
}

describe("selectKeys by kid", () => {
  it("picks the key whose kid is exactly the token's", () => {
    const keys = jwks(set([kid(RSA_JWK, "a"), RFC7517_A1_RSA.replace("2011-04-29", "zz")]));
    const got = selected(keys, "RS256", "a");
    expect(got.length).toBe(1);
    expect(got[0].index).toBe(0);
  });

  it("compares kids case-sensitively and never matches a key without kid", () => {
    const keys = jwks(set([kid(RSA_JWK, "Key-1"), RSA_JWK]));
    const err = select(keys, "RS256", "key-1");
    expect(err.code).toBe(JoseErr.JwksNoMatchingKey);
    expect(err.message).toBe("kid \"key-1\" not in JWKS (kids: \"Key-1\")");
  });

  it("lists a few kids of the set when the kid is not in it", () => {
    const list = new Array<string>();
    for (let i = 0; i < 7; i++) list.push(kid(P256_JWK, "k" + i.toString()));
    expect(select(jwks(set(list)), "ES256", "x").message)
      .toBe("kid \"x\" not in JWKS (kids: \"k0\", \"k1\", \"k2\", \"k3\", \"k4\", ...)");
    expect(select(jwks("{\"keys\":[]}"), "ES256", "x").message).toBe("kid \"x\" not in JWKS (the JWKS is empty)");
    expect(select(jwks(set([P256_JWK])), "ES256", "x").message).toBe("kid \"x\" not in JWKS (no key in it has a kid)");
  });

  it("quotes a hostile kid so it cannot break a log line", () => {
    const err = select(jwks(set([P256_JWK])), "ES256", "a\"\r\nERR forged line\u0000");
    expect(err.message).toBe("kid \"a\\\"\\r\\nERR forged line\\u0000\" not in JWKS (no key in it has a kid)");
    const long = select(jwks(set([P256_JWK])), "ES256", "x".repeat(500));
    expect(long.message.length < 140).toBe(true, long.message);
  });

  it("says why the named key cannot be used: type, curve, alg, use, key_ops or its material", () => {
    expect(select(jwks(set([kid(P256_JWK, "a")])), "RS256", "a").message)
      .toBe("kid \"a\" is an EC P-256 key; RS256 needs an RSA key");
    expect(select(jwks(set([kid(P256_JWK, "a")])), "ES384", "a").message)
      .toBe("kid \"a\" is an EC P-256 key; ES384 needs an EC P-384 key");
    expect(select(jwks(set([kid(ED25519_JWK, "a")])), "ES256", "a").message)
      .toBe("kid \"a\" is an OKP Ed25519 key; ES256 needs an EC P-256 key");
    expect(select(jwks(set([kid(RSA_JWK, "a")])), "EdDSA", "a").message)
      .toBe("kid \"a\" is an RSA 2048-bit key; EdDSA needs an OKP Ed25519 key");
    expect(select(jwks(RFC7517_A1), "ES256", "1").message).toBe("kid \"1\" has use \"enc\", not \"sig\"");
    expect(select(jwks(set([withMembers(kid(RSA_JWK, "a"), "\"key_ops\":[\"sign\"]")])), "RS256", "a").message)
      .toBe("kid \"a\" has key_ops without \"verify\"");
    expect(select(jwks(set([withMembers(kid(RSA_JWK, "a"), "\"alg\":\"PS256\"")])), "RS256", "a").message)
      .toBe("kid \"a\" is for alg \"PS256\", the token uses RS256");
    expect(select(jwks(set([kid(RSA_JWK.replace("AQAB", "AQ"), "a")])), "RS256", "a").message)
      .toBe("kid \"a\" cannot be used: exponent e = 1 is refused: it must be odd and at least 3 (RFC 8017 §3.1)");
  });

  it("accepts use sig, key_ops holding verify, and a matching alg", () => {
    const jwk = withMembers(kid(RSA_JWK, "a"), "\"use\":\"sig\",\"key_ops\":[\"sign\",\"verify\"],\"alg\":\"PS384\"");
    expect(selected(jwks(set([jwk])), "PS384", "a").length).toBe(1);
  });

  it("chooses the fitting one of two keys that share a kid (RFC 7517 §4.5 allows it across key types)", () => {
    const keys = jwks(set([kid(P256_JWK, "shared"), kid(RSA_JWK, "shared")]));
    const got = selected(keys, "RS256", "shared");
    expect(got.length).toBe(1);
    expect(got[0].index).toBe(1);
  });
});

describe("selectKeys without kid", () => {
  it("returns every fitting key, in JWKS order, up to MAX_CANDIDATES", () => {
    const list = [RSA_JWK, P256_JWK, kid(RSA_JWK, "b"), ED25519_JWK, kid(RSA_JWK, "c"), P521_JWK, kid(RSA_JWK, "d")];
    const got = selected(jwks(set(list)), "RS256", null);
    expect(got.length).toBe(MAX_CANDIDATES);
    expect(got[0].index).toBe(0);
    expect(got[3].index).toBe(6);
  });

  it("refuses more fitting keys than MAX_CANDIDATES before verifying anything", () => {
    const list = new Array<string>();
    for (let i = 0; i <= MAX_CANDIDATES; i++) list.push(kid(RSA_JWK, "k" + i.toString()));
    const err = select(jwks(set(list)), "PS256", null);
    expect(err.code).toBe(JoseErr.JwksMultipleMatchingKeys);
    expect(err.message).toBe("5 keys fit PS256 and the token has no kid; at most 4 are tried");
  });

  it("does not count keys of other types or curves against the bound", () => {
    const list = [P256_JWK, P256_JWK, P256_JWK, P256_JWK, P256_JWK, P521_JWK];
    expect(selected(jwks(set(list)), "ES512", null).length).toBe(1);
  });

  it("says when nothing fits, with the reason of a key of the right type", () => {
    expect(select(jwks(set([P256_JWK])), "RS256", null).message)
      .toBe("token has no kid and no key in the JWKS fits RS256 (it needs an RSA key)");
    expect(select(jwks(RFC7517_A1), "ES256", null).message)
      .toBe("token has no kid and no key in the JWKS fits ES256 (it needs an EC P-256 key); " +
        "kid \"1\" has use \"enc\", not \"sig\"");
    expect(select(jwks("{\"keys\":[]}"), "EdDSA", null).message)
      .toBe("token has no kid and no key in the JWKS fits EdDSA (it needs an OKP Ed25519 key); the JWKS is empty");
  });
});

describe("verification with several candidates", () => {
  it("verifies a kid-less token with whichever fitting key signed it (RFC 7515 A.2 after another RSA key)", () => {
    const err = verify(RS256_TOKEN, jwks(set([RFC7517_A1_RSA.replace("\"alg\":\"RS256\",", ""), P256_JWK, RSA_JWK])));
    expect(err.code).toBe(JoseErr.Ok, err.toString());
  });

  it("fails a kid-less token that no candidate verifies, with one message for all", () => {
    const other = RFC7517_A1_RSA.replace("\"alg\":\"RS256\",", "");
    const err = verify(RS256_TOKEN, jwks(set([other, other.replace("2011-04-29", "x")])));
    expect(err.code).toBe(JoseErr.SignatureInvalid);
    expect(err.message).toBe("signature invalid under each of the 2 keys that fit RS256");
  });

  it("fails a kid-less token when too many keys fit, even if one of them signed it", () => {
    const list = new Array<string>();
    const other = RFC7517_A1_RSA.replace("\"alg\":\"RS256\",", "");
    for (let i = 0; i < MAX_CANDIDATES; i++) list.push(other.replace("2011-04-29", "o" + i.toString()));
    list.push(RSA_JWK);
    const err = verify(RS256_TOKEN, jwks(set(list)));
    expect(err.code).toBe(JoseErr.JwksMultipleMatchingKeys);
    expect(has(err.message, "at most 4 are tried")).toBe(true);
  });
});
