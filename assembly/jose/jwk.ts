// One JSON Web Key (RFC 7517 §4) turned into a public key ready to verify with, or into the reason it cannot be
// used. A bad key never fails its whole JWKS: it stays in the set, unusable, so a kid lookup can say why.
// Key material is checked here, once, when the JWKS is parsed: RSA sizes and exponent, EC points on their curve,
// Ed25519 points of full order; verification then only does the signature arithmetic.

import { Curve, EcPublicKey, ecPublicKey } from "../crypto/ecdsa";
import { Ed25519PublicKey, ed25519PublicKey } from "../crypto/ed25519";
import { RSA_MAX_BITS, RSA_MAX_EXPONENT_BYTES, RSA_MIN_BITS, RsaPublicKey, rsaPublicKey } from "../crypto/rsa";
import { base64UrlDecodeString } from "../encoding/base64";
import { DecodeStatus, encodingErrName } from "../encoding/errors";
import { JsonLimits, JsonParser, jsonErrName } from "../json/parse";
import { JsonValue } from "../json/value";
import { CURVE_ED25519, CURVE_P256, CURVE_P384, CURVE_P521, KeyType, curveName } from "./algorithms";
import { JoseErr, JoseError, joseFail, quoted } from "./errors";

/** MAX_JWK_BYTES bounds a lone JWK document given to parseJwk (a JWKS has its own limit, jwks.ts). */
export const MAX_JWK_BYTES: i32 = 16 * 1024;

// Members that hold private key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2). A published JWKS must
// not carry them: a key whose private part was served to the world is compromised, whoever signed the token.
const PRIVATE_MEMBERS: Array<string> = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

const status = new DecodeStatus();

/**
 * Jwk is one key of a JWKS. When `problem` is empty it holds exactly one of `rsa`, `ec`, `ed`, checked and ready;
 * otherwise `problem` says why it cannot be used ("\"x\" is 31 bytes, P-256 needs 32"), and selection skips it.
 * `kid`, `alg`, `use` and `keyOps` are the members as given (null when absent), for selection (select.ts).
 */
export class Jwk {
  /** index is the key's position in its JWKS `keys` array (0 for a lone JWK). */
  index: i32 = 0;
  kid: string | null = null;
  /** kty as given, "" when missing. */
  kty: string = "";
  /** keyType is the KeyType of a kty this layer verifies with, 0 for any other. */
  keyType: i32 = 0;
  /** curve is the CURVE_* of an EC or OKP key, 0 otherwise. */
  curve: i32 = 0;
  alg: string | null = null;
  use: string | null = null;
  keyOps: Array<string> | null = null;
  rsa: RsaPublicKey | null = null;
  ec: EcPublicKey | null = null;
  ed: Ed25519PublicKey | null = null;
  /** problem says why the key cannot be used; "" when it can. */
  problem: string = "";

  get usable(): bool { return this.problem.length == 0; }

  /** label names the key in messages: `kid "abc"`, or `keys[2]` when it has no kid. */
  get label(): string {
    const kid = this.kid;
    return kid !== null ? "kid " + quoted(kid) : "keys[" + this.index.toString() + "]";
  }

  /** description says what kind of key this is: "an RSA 2048-bit key", "an EC P-256 key", "a kty \"oct\" key". */
  get description(): string {
    const rsa = this.rsa;
    if (this.keyType == KeyType.Rsa) return rsa !== null ? "an RSA " + rsa.bits.toString() + "-bit key" : "an RSA key";
    if (this.keyType == KeyType.Ec) return this.curve != 0 ? "an EC " + curveName(this.curve) + " key" : "an EC key";
    if (this.keyType == KeyType.Okp) return this.curve != 0 ? "an OKP " + curveName(this.curve) + " key" : "an OKP key";
    return "a kty " + quoted(this.kty) + " key";
  }
}

/**
 * jwkFromJson reads the JWK v (member `index` of its JWKS). It always returns a Jwk; one that cannot be used
 * carries its reason in `problem`. Refused: non-object members, member types other than RFC 7517 §4 gives,
 * duplicate key_ops values (§4.3), any private member (see PRIVATE_MEMBERS), kty values other than RSA, EC and
 * OKP, curves other than P-256, P-384, P-521 and Ed25519, and key material the crypto layer refuses.
 */
export function jwkFromJson(v: JsonValue, index: i32): Jwk {
  const k = new Jwk();
  k.index = index;
  if (!v.isObject()) return unusable(k, "the JWK is not a JSON object");
  // kid first, so that every later problem can name the key.
  const kid = v.get("kid");
  if (kid !== null) {
    if (!kid.isString()) return unusable(k, "\"kid\" is not a string");
    k.kid = kid.string;
  }
  const kty = v.get("kty");
  if (kty === null || !kty.isString()) return unusable(k, "\"kty\" is missing or not a string");
  k.kty = kty.string;
  if (!readParameters(k, v)) return k;
  const type = keyTypeOf(k.kty);
  if (type == 0) {
    // RFC 7518 §6.4: "oct" is a shared secret; HMAC algorithms are refused outright, so it is never usable.
    const why = k.kty == "oct" ? " is a symmetric key, never used to verify here" : " is not supported (RSA, EC, OKP)";
    return unusable(k, "kty " + quoted(k.kty) + why);
  }
  k.keyType = type;
  for (let i = 0; i < PRIVATE_MEMBERS.length; i++) {
    const name = unchecked(PRIVATE_MEMBERS[i]); // i < PRIVATE_MEMBERS.length
    if (v.get(name) !== null) {
      return unusable(k,
        "the JWK holds private key material (\"" + name + "\"): a published private key is compromised");
    }
  }
  if (type == KeyType.Rsa) importRsa(k, v);
  else if (type == KeyType.Ec) importEc(k, v);
  else importOkp(k, v);
  return k;
}

/**
 * parseJwk parses a lone JWK document (at most MAX_JWK_BYTES, no duplicate member names) and returns it when it
 * is usable; otherwise null with JwkInvalid and the reason.
 */
export function parseJwk(bytes: Uint8Array, err: JoseError): Jwk | null {
  const limits = new JsonLimits();
  limits.maxBytes = MAX_JWK_BYTES;
  limits.maxDepth = 8;
  const parser = new JsonParser(limits);
  const doc = parser.parse(bytes);
  if (doc === null) {
    return joseFail<Jwk>(err, JoseErr.JwkInvalid,
      "JWK is not valid JSON: " + jsonErrName(parser.err) + " at byte " + parser.offset.toString());
  }
  const k = jwkFromJson(doc, 0);
  if (!k.usable) return joseFail<Jwk>(err, JoseErr.JwkInvalid, "JWK " + k.label + ": " + k.problem);
  return k;
}

// keyTypeOf maps a kty to the KeyType this layer verifies with, or 0.
function keyTypeOf(kty: string): i32 {
  if (kty == "RSA") return KeyType.Rsa;
  if (kty == "EC") return KeyType.Ec;
  if (kty == "OKP") return KeyType.Okp;
  return 0;
}

// Reads alg, use (RFC 7517 §4.4, §4.2) and key_ops (§4.3: strings, no duplicates); false with a problem if any
// has the wrong type.
function readParameters(k: Jwk, v: JsonValue): bool {
  const alg = v.get("alg");
  if (alg !== null) {
    if (!alg.isString()) return unusableBool(k, "\"alg\" is not a string");
    k.alg = alg.string;
  }
  const use = v.get("use");
  if (use !== null) {
    if (!use.isString()) return unusableBool(k, "\"use\" is not a string");
    k.use = use.string;
  }
  const ops = v.get("key_ops");
  if (ops !== null) {
    if (!ops.isArray()) return unusableBool(k, "\"key_ops\" is not an array");
    const list = new Array<string>();
    for (let i = 0; i < ops.length; i++) {
      const op = ops.at(i);
      if (op === null || !op.isString()) return unusableBool(k, "\"key_ops\" holds a value that is not a string");
      if (list.includes(op.string)) return unusableBool(k, "\"key_ops\" repeats " + quoted(op.string));
      list.push(op.string);
    }
    k.keyOps = list;
  }
  return true;
}

// RFC 7518 §6.3.1: n and e, unsigned big-endian, base64url. The size and exponent rules are rsa.ts's; they are
// checked here first only to name the one that failed.
function importRsa(k: Jwk, v: JsonValue): void {
  const n = member(k, v, "n");
  if (n === null) return;
  const e = member(k, v, "e");
  if (e === null) return;
  const bits = significantBits(n);
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
    unusable(k, "modulus is " + bits.toString() + " bits; " + RSA_MIN_BITS.toString() + " to " +
      RSA_MAX_BITS.toString() + " are accepted (RFC 7518 §3.3 asks 2048 or more)");
    return;
  }
  if (significantBits(e) > RSA_MAX_EXPONENT_BYTES * 8) {
    unusable(k, "exponent is longer than " + RSA_MAX_EXPONENT_BYTES.toString() + " bytes");
    return;
  }
  const ev = lowU64(e);
  if (ev < 3 || (ev & 1) == 0) {
    unusable(k, "exponent e = " + ev.toString() + " is refused: it must be odd and at least 3 (RFC 8017 §3.1)");
    return;
  }
  const key = rsaPublicKey(n, e);
  if (key === null) {
    unusable(k, "the modulus is even: not an RSA public key");
    return;
  }
  k.rsa = key;
}

// RFC 7518 §6.2.1: crv, and x and y each exactly as long as a coordinate of that curve (§6.2.1.2, §6.2.1.3).
function importEc(k: Jwk, v: JsonValue): void {
  const crv = v.get("crv");
  if (crv === null || !crv.isString()) {
    unusable(k, "\"crv\" is missing or not a string");
    return;
  }
  const curve = ecCurveOf(crv.string);
  if (curve == 0) {
    unusable(k, "crv " + quoted(crv.string) + " is not supported (P-256, P-384, P-521)");
    return;
  }
  k.curve = curve;
  const x = member(k, v, "x");
  if (x === null) return;
  const y = member(k, v, "y");
  if (y === null) return;
  const size = (curve + 7) >> 3;
  if (x.length != size || y.length != size) {
    unusable(k, "coordinates are " + x.length.toString() + " and " + y.length.toString() + " bytes, " +
      crv.string + " needs " + size.toString() + " each (RFC 7518 §6.2.1.2)");
    return;
  }
  const key = ecPublicKey(<Curve>curve, x, y);
  if (key === null) {
    unusable(k, "(x, y) is not a point on " + crv.string + " (SEC 1 §3.2.2.1)");
    return;
  }
  k.ec = key;
}

// RFC 8037 §2: crv and x, the 32-byte encoded point for Ed25519.
function importOkp(k: Jwk, v: JsonValue): void {
  const crv = v.get("crv");
  if (crv === null || !crv.isString()) {
    unusable(k, "\"crv\" is missing or not a string");
    return;
  }
  if (crv.string != "Ed25519") {
    unusable(k, "crv " + quoted(crv.string) + " is not supported (Ed25519)");
    return;
  }
  k.curve = CURVE_ED25519;
  const x = member(k, v, "x");
  if (x === null) return;
  if (x.length != 32) {
    unusable(k, "\"x\" is " + x.length.toString() + " bytes, Ed25519 needs 32 (RFC 8037 §2)");
    return;
  }
  const key = ed25519PublicKey(x);
  if (key === null) {
    unusable(k, "\"x\" is not an Ed25519 point of full order (RFC 8032 §5.1.3)");
    return;
  }
  k.ed = key;
}

function ecCurveOf(crv: string): i32 {
  if (crv == "P-256") return CURVE_P256;
  if (crv == "P-384") return CURVE_P384;
  if (crv == "P-521") return CURVE_P521;
  return 0;
}

// Decodes the base64url member `name`, or records why it cannot and returns null.
function member(k: Jwk, v: JsonValue, name: string): Uint8Array | null {
  const m = v.get(name);
  if (m === null || !m.isString()) {
    unusable(k, "\"" + name + "\" is missing or not a string");
    return null;
  }
  const bytes = base64UrlDecodeString(m.string, status);
  if (bytes === null) {
    unusable(k, "\"" + name + "\" is not strict base64url: " + encodingErrName(status.err) + " at character " +
      status.offset.toString());
    return null;
  }
  return bytes;
}

// The bit length of the unsigned big-endian integer in b; leading zero bytes do not count.
function significantBits(b: Uint8Array): i32 {
  for (let i = 0; i < b.length; i++) {
    const c = <u32>unchecked(b[i]); // i < b.length
    if (c != 0) return (b.length - i - 1) * 8 + 32 - <i32>clz(c);
  }
  return 0;
}

// The low 64 bits of the unsigned big-endian integer in b.
function lowU64(b: Uint8Array): u64 {
  let v: u64 = 0;
  for (let i = max(0, b.length - 8); i < b.length; i++) v = (v << 8) | <u64>unchecked(b[i]); // 0 <= i < b.length
  return v;
}

function unusable(k: Jwk, problem: string): Jwk {
  k.problem = problem;
  return k;
}

function unusableBool(k: Jwk, problem: string): bool {
  k.problem = problem;
  return false;
}
