// Claims (claims.ts, times.ts, typ.ts) and verifyJwt (jwt.ts): exact comparisons, the type errors, the time rules
// at their boundaries with and without skew, typ as RFC 7515 §4.1.9 reads it, and verifyJwt's order and options.
// Tables are rows of (claims, arguments, expected code), as go-oidc's verifier tests are.
import {
  LOGOUT_EVENT, checkAudience, checkAuthorizedParty, checkIssuer, checkLogoutEvents, checkLogoutToken, checkNonce,
  checkSid, claimString,
} from "../../../assembly/jose/claims";
import { JoseErr, JoseError } from "../../../assembly/jose/errors";
import { verifyClaims, verifyJwt } from "../../../assembly/jose/jwt";
import { JwtOptions } from "../../../assembly/jose/options";
import { checkTimes } from "../../../assembly/jose/times";
import { TYP_ACCESS_TOKEN, TYP_LOGOUT_TOKEN, checkTyp, typMatches } from "../../../assembly/jose/typ";
import { JsonParser } from "../../../assembly/json/parse";
import { JsonValue } from "../../../assembly/json/value";
import { jwks, set, utf8 } from "./helpers";
import { PAYLOAD_EXP, RS256_TOKEN, RSA_JWK } from "./vectors";

function obj(json: string): JsonValue {
  const v = new JsonParser().parse(utf8(json));
  expect(v).not.toBeNull(json);
  return v!;
}

const KEYS = jwks(set([RSA_JWK]));
const EVENTS = "\"events\":{\"" + LOGOUT_EVENT + "\":{}}";

class Row {
  constructor(public claims: string, public arg: string, public code: JoseErr, public message: string = "") {}
}

function runRows(rows: Array<Row>, check: (claims: JsonValue, arg: string, err: JoseError) => bool): void {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const err = new JoseError();
    const ok = check(obj(r.claims), r.arg, err);
    expect(ok).toBe(r.code == JoseErr.Ok, r.claims + " / " + r.arg + ": " + err.toString());
    expect(err.code).toBe(r.code, r.claims + " / " + r.arg);
    if (r.message.length > 0) expect(err.message).toBe(r.message);
  }
}

describe("iss, nonce and sid", () => {
  it("compares iss exactly", () => {
    runRows([
      new Row("{\"iss\":\"https://op.example\"}", "https://op.example", JoseErr.Ok),
      new Row("{\"iss\":\"https://op.example/\"}", "https://op.example", JoseErr.ClaimInvalid,
        "iss \"https://op.example/\" is not \"https://op.example\""),
      new Row("{\"iss\":\"HTTPS://op.example\"}", "https://op.example", JoseErr.ClaimInvalid),
      new Row("{}", "https://op.example", JoseErr.ClaimInvalid, "token has no \"iss\" claim"),
      new Row("{\"iss\":[\"https://op.example\"]}", "https://op.example", JoseErr.JwtInvalid,
        "\"iss\" claim is not a string"),
    ], (c: JsonValue, a: string, e: JoseError): bool => checkIssuer(c, a, e));
  });

  it("compares nonce and sid exactly", () => {
    runRows([
      new Row("{\"nonce\":\"n-0S6_WzA2Mj\"}", "n-0S6_WzA2Mj", JoseErr.Ok),
      new Row("{\"nonce\":\"n-0S6_WzA2Mj \"}", "n-0S6_WzA2Mj", JoseErr.ClaimInvalid),
      new Row("{}", "x", JoseErr.ClaimInvalid, "token has no \"nonce\" claim"),
      new Row("{\"nonce\":null}", "x", JoseErr.JwtInvalid),
    ], (c: JsonValue, a: string, e: JoseError): bool => checkNonce(c, a, e));
    runRows([
      new Row("{\"sid\":\"08a5019c\"}", "08a5019c", JoseErr.Ok),
      new Row("{\"sid\":\"08A5019C\"}", "08a5019c", JoseErr.ClaimInvalid, "sid \"08A5019C\" is not \"08a5019c\""),
      new Row("{\"sid\":1}", "1", JoseErr.JwtInvalid),
    ], (c: JsonValue, a: string, e: JoseError): bool => checkSid(c, a, e));
  });

  it("sets claim on the error", () => {
    const err = new JoseError();
    checkNonce(obj("{}"), "x", err);
    expect(err.claim).toBe("nonce");
    expect(claimString(obj("{\"sub\":\"a\",\"n\":1}"), "sub")!).toBe("a");
    expect(claimString(obj("{\"n\":1}"), "n")).toBeNull();
  });
});

describe("aud and azp", () => {
  it("accepts aud as the string or an array holding it", () => {
    runRows([
      new Row("{\"aud\":\"client-1\"}", "client-1", JoseErr.Ok),
      new Row("{\"aud\":[\"api\",\"client-1\"]}", "client-1", JoseErr.Ok),
      new Row("{\"aud\":\"client-2\"}", "client-1", JoseErr.ClaimInvalid, "aud \"client-2\" is not \"client-1\""),
      new Row("{\"aud\":[\"api\"]}", "client-1", JoseErr.ClaimInvalid, "aud (1 values) does not include \"client-1\""),
      new Row("{\"aud\":[]}", "client-1", JoseErr.ClaimInvalid),
      new Row("{}", "client-1", JoseErr.ClaimInvalid, "token has no \"aud\" claim"),
      new Row("{\"aud\":[\"client-1\",7]}", "client-1", JoseErr.JwtInvalid,
        "\"aud\" claim holds a value that is not a string"),
      new Row("{\"aud\":{\"client-1\":true}}", "client-1", JoseErr.JwtInvalid),
      new Row("{\"aud\":\"client-1x\"}", "client-1", JoseErr.ClaimInvalid),
    ], (c: JsonValue, a: string, e: JoseError): bool => checkAudience(c, a, e));
  });

  it("requires azp to be the client when present, and present when aud has several values", () => {
    runRows([
      new Row("{\"aud\":\"client-1\"}", "client-1", JoseErr.Ok),
      new Row("{\"aud\":[\"client-1\"]}", "client-1", JoseErr.Ok),
      new Row("{\"aud\":[\"client-1\",\"api\"],\"azp\":\"client-1\"}", "client-1", JoseErr.Ok),
      new Row("{\"aud\":[\"client-1\",\"api\"]}", "client-1", JoseErr.ClaimInvalid,
        "aud has 2 values and there is no \"azp\" claim (OIDC Core §3.1.3.7 step 4)"),
      new Row("{\"aud\":\"client-1\",\"azp\":\"other\"}", "client-1", JoseErr.ClaimInvalid,
        "azp \"other\" is not \"client-1\""),
      new Row("{\"azp\":false}", "client-1", JoseErr.JwtInvalid),
    ], (c: JsonValue, a: string, e: JoseError): bool => checkAuthorizedParty(c, a, e));
  });
});

describe("logout tokens", () => {
  it("requires events with the back-channel logout member as an object", () => {
    runRows([
      new Row("{" + EVENTS + "}", "", JoseErr.Ok),
      new Row("{\"events\":{\"" + LOGOUT_EVENT + "\":{},\"other\":1}}", "", JoseErr.Ok),
      new Row("{}", "", JoseErr.ClaimInvalid, "token has no \"events\" claim"),
      new Row("{\"events\":[]}", "", JoseErr.JwtInvalid),
      new Row("{\"events\":{}}", "", JoseErr.ClaimInvalid),
      new Row("{\"events\":{\"" + LOGOUT_EVENT + "\":true}}", "", JoseErr.JwtInvalid),
      new Row("{\"events\":{\"http://schemas.openid.net/event/backchannel-logout/\":{}}}", "", JoseErr.ClaimInvalid),
    ], (c: JsonValue, a: string, e: JoseError): bool => checkLogoutEvents(c, e));
  });

  it("requires sub or sid, jti, and no nonce", () => {
    runRows([
      new Row("{" + EVENTS + ",\"sub\":\"u\",\"jti\":\"j\"}", "", JoseErr.Ok),
      new Row("{" + EVENTS + ",\"sid\":\"s\",\"jti\":\"j\"}", "", JoseErr.Ok),
      new Row("{" + EVENTS + ",\"jti\":\"j\"}", "", JoseErr.ClaimInvalid,
        "logout token has neither \"sub\" nor \"sid\""),
      new Row("{" + EVENTS + ",\"sub\":\"u\"}", "", JoseErr.ClaimInvalid, "logout token has no \"jti\" claim"),
      new Row("{" + EVENTS + ",\"sub\":\"u\",\"jti\":\"j\",\"nonce\":\"n\"}", "", JoseErr.ClaimInvalid),
      new Row("{" + EVENTS + ",\"sub\":1,\"jti\":\"j\"}", "", JoseErr.JwtInvalid),
      new Row("{\"sub\":\"u\",\"jti\":\"j\"}", "", JoseErr.ClaimInvalid),
    ], (c: JsonValue, a: string, e: JoseError): bool => checkLogoutToken(c, e));
  });
});

describe("typ", () => {
  it("implies application/ and ignores case, exactly as RFC 7515 §4.1.9 says", () => {
    expect(typMatches(obj("{\"typ\":\"at+jwt\"}"), TYP_ACCESS_TOKEN)).toBe(true);
    expect(typMatches(obj("{\"typ\":\"AT+JWT\"}"), TYP_ACCESS_TOKEN)).toBe(true);
    expect(typMatches(obj("{\"typ\":\"application/at+jwt\"}"), TYP_ACCESS_TOKEN)).toBe(true);
    expect(typMatches(obj("{\"typ\":\"Application/AT+JWT\"}"), "application/at+jwt")).toBe(true);
    expect(typMatches(obj("{\"typ\":\"logout+jwt\"}"), TYP_LOGOUT_TOKEN)).toBe(true);
  });

  it("refuses other types, parameters, prefixes and a missing or non-string typ", () => {
    expect(typMatches(obj("{\"typ\":\"JWT\"}"), TYP_ACCESS_TOKEN)).toBe(false);
    expect(typMatches(obj("{\"typ\":\"at+jwt; charset=utf-8\"}"), TYP_ACCESS_TOKEN)).toBe(false);
    expect(typMatches(obj("{\"typ\":\"text/at+jwt\"}"), TYP_ACCESS_TOKEN)).toBe(false);
    expect(typMatches(obj("{\"typ\":\"application/application/at+jwt\"}"), TYP_ACCESS_TOKEN)).toBe(false);
    expect(typMatches(obj("{\"typ\":\" at+jwt\"}"), TYP_ACCESS_TOKEN)).toBe(false);
    expect(typMatches(obj("{\"typ\":\"logout+jwt\"}"), TYP_ACCESS_TOKEN)).toBe(false);
    expect(typMatches(obj("{}"), TYP_ACCESS_TOKEN)).toBe(false);
    expect(typMatches(obj("{\"typ\":[\"at+jwt\"]}"), TYP_ACCESS_TOKEN)).toBe(false);
    const err = new JoseError();
    expect(checkTyp(obj("{\"typ\":\"JWT\"}"), TYP_LOGOUT_TOKEN, err)).toBe(false);
    expect(err.code).toBe(JoseErr.ClaimInvalid);
    expect(err.message).toBe("token has typ \"JWT\", expected typ \"logout+jwt\" (RFC 8725 §3.11)");
    expect(err.claim).toBe("typ");
  });
});

/** times runs checkTimes at now with the given skew, maxAge and requirements. */
function times(
  claims: string, now: i64, skew: i64 = 0, maxAge: i64 = -1, requireExp: bool = true, requireIat: bool = false,
): JoseError {
  const o = new JwtOptions();
  o.clockSkew = skew;
  o.maxAge = maxAge;
  o.requireExp = requireExp;
  o.requireIat = requireIat;
  const err = new JoseError();
  expect(checkTimes(obj(claims), now, o, err)).toBe(err.code == JoseErr.Ok);
  return err;
}

describe("exp, nbf and iat", () => {
  it("expires at exp exactly, and skew seconds later", () => {
    expect(times("{\"exp\":1000}", 999).code).toBe(JoseErr.Ok);
    const at = times("{\"exp\":1000}", 1000);
    expect(at.code).toBe(JoseErr.JwtExpired);
    expect(at.message).toBe("token expired 0 s ago (exp 1000, clock skew 0 s)");
    expect(times("{\"exp\":1000}", 1042).message).toBe("token expired 42 s ago (exp 1000, clock skew 0 s)");
    expect(times("{\"exp\":1000}", 1059, 60).code).toBe(JoseErr.Ok);
    expect(times("{\"exp\":1000}", 1060, 60).code).toBe(JoseErr.JwtExpired);
    expect(times("{\"exp\":1000.5}", 1000).code).toBe(JoseErr.Ok);
    expect(times("{\"exp\":-1}", 0).code).toBe(JoseErr.JwtExpired);
  });

  it("requires exp unless told not to, and a number", () => {
    expect(times("{}", 0).message).toBe("token has no \"exp\" claim");
    expect(times("{}", 0, 0, -1, false).code).toBe(JoseErr.Ok);
    const s = times("{\"exp\":\"1000\"}", 0);
    expect(s.code).toBe(JoseErr.JwtInvalid);
    expect(s.claim).toBe("exp");
    expect(times("{\"exp\":null}", 0, 0, -1, false).code).toBe(JoseErr.JwtInvalid);
  });

  it("refuses a token before nbf, with skew", () => {
    expect(times("{\"exp\":9999,\"nbf\":1000}", 1000).code).toBe(JoseErr.Ok);
    const early = times("{\"exp\":9999,\"nbf\":1000}", 970);
    expect(early.code).toBe(JoseErr.ClaimInvalid);
    expect(early.message).toBe("token is not valid for another 30 s (nbf 1000, clock skew 0 s)");
    expect(times("{\"exp\":9999,\"nbf\":1000}", 970, 30).code).toBe(JoseErr.Ok);
    expect(times("{\"exp\":9999,\"nbf\":true}", 970).code).toBe(JoseErr.JwtInvalid);
  });

  it("checks nbf before exp", () => {
    expect(times("{\"exp\":1,\"nbf\":1000}", 10).claim).toBe("nbf");
  });

  it("applies maxAge to iat, and refuses an iat in the future only then", () => {
    expect(times("{\"exp\":9999,\"iat\":5000}", 100).code).toBe(JoseErr.Ok); // no maxAge: type only
    expect(times("{\"exp\":9999,\"iat\":1000}", 1300, 0, 300).code).toBe(JoseErr.Ok);
    const old = times("{\"exp\":9999,\"iat\":1000}", 1301, 0, 300);
    expect(old.code).toBe(JoseErr.JwtExpired);
    expect(old.message).toBe("token was issued 301 s ago; the maximum age is 300 s (clock skew 0 s)");
    expect(times("{\"exp\":9999,\"iat\":1000}", 1310, 10, 300).code).toBe(JoseErr.Ok);
    const future = times("{\"exp\":9999,\"iat\":1000}", 900, 0, 300);
    expect(future.code).toBe(JoseErr.ClaimInvalid);
    expect(future.message).toBe("iat is 100 s in the future (clock skew 0 s)");
    expect(times("{\"exp\":9999}", 900, 0, 300).message).toBe("token has no \"iat\" claim");
    expect(times("{\"exp\":9999}", 900, 0, -1, true, true).claim).toBe("iat");
    expect(times("{\"exp\":9999,\"iat\":\"1000\"}", 900).code).toBe(JoseErr.JwtInvalid);
  });

  it("never traps on extreme values", () => {
    expect(times("{\"exp\":1e300}", 0).code).toBe(JoseErr.Ok);
    expect(times("{\"exp\":-1e300}", 0).message).toBe("token expired 1e+300 s ago (exp -1e+300, clock skew 0 s)");
    expect(times("{\"exp\":1e300,\"nbf\":1e300}", I64.MIN_VALUE).code).toBe(JoseErr.ClaimInvalid);
    const huge = times("{\"exp\":1e300,\"iat\":-1e300}", I64.MAX_VALUE, I64.MAX_VALUE, I64.MAX_VALUE);
    expect(huge.code).toBe(JoseErr.JwtExpired);
    expect(times("{\"exp\":9999}", 0, -1).code).toBe(JoseErr.OptionsInvalid);
  });
});

describe("verifyJwt", () => {
  it("verifies RFC 7515 A.2 as a JWT one second before its exp", () => {
    const o = new JwtOptions();
    o.issuer = "joe";
    o.insecureSkipAudienceCheck = true; // the example has no aud
    const err = new JoseError();
    const jwt = verifyJwt(RS256_TOKEN, KEYS, o, PAYLOAD_EXP - 1, err);
    expect(err.code).toBe(JoseErr.Ok, err.toString());
    expect(jwt!.claims.get("http://example.com/is_root")!.bool).toBe(true);
    expect(jwt!.alg.name).toBe("RS256");
    expect(jwt!.kid).toBeNull();
  });

  it("refuses it at exp, from another issuer, without aud, and with a required typ", () => {
    const o = new JwtOptions();
    o.issuer = "joe";
    o.audience = "client-1";
    const err = new JoseError();
    expect(verifyJwt(RS256_TOKEN, KEYS, o, PAYLOAD_EXP - 1, err)).toBeNull();
    expect(err.toString()).toBe("ERR_JWT_CLAIM_VALIDATION_FAILED: token has no \"aud\" claim");
    o.insecureSkipAudienceCheck = true;
    expect(verifyJwt(RS256_TOKEN, KEYS, o, PAYLOAD_EXP, err)).toBeNull();
    expect(err.code).toBe(JoseErr.JwtExpired);
    o.issuer = "jane";
    expect(verifyJwt(RS256_TOKEN, KEYS, o, PAYLOAD_EXP - 1, err)).toBeNull();
    expect(err.message).toBe("iss \"joe\" is not \"jane\"");
    o.issuer = "joe";
    o.typ = TYP_ACCESS_TOKEN;
    expect(verifyJwt(RS256_TOKEN, KEYS, o, PAYLOAD_EXP - 1, err)).toBeNull();
    expect(err.message).toBe("token has no typ, expected typ \"at+jwt\" (RFC 8725 §3.11)");
  });

  it("refuses options that would weaken it before looking at the token", () => {
    const err = new JoseError();
    const o = new JwtOptions();
    o.audience = "client-1";
    expect(verifyJwt("garbage", KEYS, o, 0, err)).toBeNull();
    expect(err.toString())
      .toBe("ERR_JOSE_OPTIONS_INVALID: no issuer configured (set issuer, or insecureSkipIssuerCheck)");
    o.issuer = "joe";
    o.audience = "";
    expect(verifyJwt("garbage", KEYS, o, 0, err)).toBeNull();
    expect(err.code).toBe(JoseErr.OptionsInvalid);
    o.audience = "a";
    o.clockSkew = -5;
    expect(verifyJwt("garbage", KEYS, o, 0, err)).toBeNull();
    expect(err.message).toBe("clockSkew is negative");
    o.clockSkew = 0;
    o.algorithms = [];
    expect(verifyJwt("garbage", KEYS, o, 0, err)).toBeNull();
    expect(err.code).toBe(JoseErr.OptionsInvalid);
  });

  it("checks the signature before any claim", () => {
    const o = new JwtOptions();
    o.issuer = "someone else";
    o.audience = "client-1";
    const err = new JoseError();
    const tampered = RS256_TOKEN.substring(0, RS256_TOKEN.length - 5) + "AAAAA";
    expect(verifyJwt(tampered, KEYS, o, PAYLOAD_EXP + 1000, err)).toBeNull();
    expect(err.code).toBe(JoseErr.SignatureInvalid);
  });

  it("checks a verified payload with verifyClaims: JSON object, no duplicates, typ, iss, aud, times", () => {
    const o = new JwtOptions();
    o.issuer = "joe";
    o.audience = "a";
    o.typ = TYP_LOGOUT_TOKEN;
    const header = obj("{\"typ\":\"logout+jwt\"}");
    const err = new JoseError();
    const ok = verifyClaims(header, utf8("{\"iss\":\"joe\",\"aud\":\"a\",\"exp\":10}"), o, 9, err);
    expect(ok).not.toBeNull(err.toString());
    expect(verifyClaims(header, utf8("{\"iss\":\"joe\",\"iss\":\"joe\"}"), o, 9, err)).toBeNull();
    expect(err.code).toBe(JoseErr.JwtInvalid);
    expect(verifyClaims(header, utf8("\"joe\""), o, 9, err)).toBeNull();
    expect(err.message).toBe("claims are not a JSON object (RFC 7519 §7.2)");
    expect(verifyClaims(obj("{}"), utf8("{\"iss\":\"joe\",\"aud\":\"a\",\"exp\":10}"), o, 9, err)).toBeNull();
    expect(err.claim).toBe("typ");
  });
});
