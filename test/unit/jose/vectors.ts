// Published JOSE examples the jose specs verify against: RFC 7515 Appendix A.2-A.4, RFC 8037 Appendix A and
// RFC 7517 Appendix A. Each was also checked with node's jose before it was written here.

/** RFC 7515 A.1-A.3 payload: {"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true} */
export const PAYLOAD_B64 = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19y"
  + "b290Ijp0cnVlfQ";
export const PAYLOAD_JSON = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
/** The example's exp; the specs verify its claims one second before. */
export const PAYLOAD_EXP: i64 = 1300819380;

/** RFC 7515 A.2.1: the RSA key (public members only), 2048 bits, e = 65537. */
export const RSA_N = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL"
  + "-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo"
  + "7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kz"
  + "k2PAcDTW9gb54h4FRWyuXpoQ";
export const RSA_JWK = "{\"kty\":\"RSA\",\"n\":\"" + RSA_N + "\",\"e\":\"AQAB\"}";
/** RFC 7515 A.2.2: RS256 over PAYLOAD_B64, header {"alg":"RS256"}. */
export const RS256_TOKEN = "eyJhbGciOiJSUzI1NiJ9." + PAYLOAD_B64 + ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9P"
  + "Jbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h"
  + "6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QO"
  + "YEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

/** RFC 7515 A.3.1: the P-256 key (public members). */
export const P256_JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
  + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";
/** RFC 7515 A.3.1: the same key with its private member "d". */
export const P256_PRIVATE_JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\","
  + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
  + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}";
/** RFC 7515 A.3: ES256 over PAYLOAD_B64, header {"alg":"ES256"}. */
export const ES256_TOKEN = "eyJhbGciOiJFUzI1NiJ9." + PAYLOAD_B64
  + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

/** RFC 7515 A.4.1: the P-521 key (public members). */
export const P521_JWK = "{\"kty\":\"EC\",\"crv\":\"P-521\","
  + "\"x\":\"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk\","
  + "\"y\":\"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2\"}";
/** RFC 7515 A.4: ES512 over "Payload", header {"alg":"ES512"}. */
export const ES512_TOKEN = "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA.AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWR"
  + "Oc-mZZqwqT2SI-KGDKB34XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolL"
  + "zeO_Jn";

/** RFC 8037 A.2: the Ed25519 public key. */
export const ED25519_JWK = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
  + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
/** RFC 8037 A.4: EdDSA over "Example of Ed25519 signing", header {"alg":"EdDSA"}. */
export const EDDSA_TOKEN = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
  + "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg"
  + "3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

/** RFC 7517 A.1: the example public key set's EC key (for "enc") and RSA key (for RS256). */
export const RFC7517_A1_EC = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\","
  + "\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\",\"use\":\"enc\",\"kid\":\"1\"}";
export const RFC7517_A1_RSA = "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtV"
  + "T86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR"
  + "0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRw"
  + "r3XPksINHaQ-G_xBniI"
  + "qbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}";
export const RFC7517_A1 = "{\"keys\":[" + RFC7517_A1_EC + "," + RFC7517_A1_RSA + "]}";
/** RFC 7517 A.2: the same EC key with "d" (a private key set: refused member by member). */
export const RFC7517_A2_EC = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\","
  + "\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\",\"d\":\"870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE\","
  + "\"use\":\"enc\",\"kid\":\"1\"}";
