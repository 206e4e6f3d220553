// ECDSA verification (ecdsa.ts): RFC 6979 Appendix A.2.5-A.2.7 and RFC 7515 Appendix A.3/A.4 known answers on
// P-256, P-384 and P-521, hash truncation to len(n) bits, constructed edge cases (x(R) >= n, equal points inside
// the multiplication, an infinite result), and every refusal: bad keys, bad lengths, r or s outside [1, n - 1],
// any changed byte. Constructed vectors were made with Python's integers and, where a hash allows, checked
// against node:crypto.
import { ecdsaVerify, ecPublicKey, Curve, EcPublicKey } from "../../../assembly/crypto/ecdsa";
import { sha256 } from "../../../assembly/crypto/sha256";
import { sha512 } from "../../../assembly/crypto/sha512";
import { hex, text } from "./helpers";

/** Vector: a public key, a digest and a signature r || s that verifies (or, for the infinity cases, must not). */
class Vector {
  constructor(
    public name: string, public curve: i32, public x: string, public y: string, public digest: string,
    public signature: string,
  ) {}

  key(): EcPublicKey {
    return ecPublicKey(<Curve>this.curve, hex(this.x), hex(this.y))!;
  }
}

// RFC 6979 A.2.5-A.2.7 public keys (Ux, Uy), padded to the coordinate length.
const P256_X = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
const P256_Y = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
const P384_X = "ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc13";
const P384_Y = "8015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720";
const P521_X = "01894550d0785932e00eaa23b694f213f8c3121f86dc97a04e5a7167db4e5bcd371123d46e45db6b5d5370a7f20fb633"
  + "155d38ffa16d2bd761dcac474b9a2f5023a4";
const P521_Y = "00493101c962cd4d2fddf782285e64584139c2f91b47f87ff82354d6630f746a28a0db25741b5b34a828008b22acc23f"
  + "924faafbd4d33f81ea66956dfeaa2bfdfcf5";

// RFC 6979: the key pairs above over "sample" and "test"; SHA-1 and SHA-256 digests shorter than len(n) and a
// SHA-512 digest longer than P-256's n exercise SEC 1 §4.1.4 step 5 (the leftmost len(n) bits).
const RFC6979: Vector[] = [
  new Vector("RFC 6979 A.2.5 P-256 SHA256 \"sample\"", 256, P256_X, P256_Y,
    "af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf",
    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65"
    + "f3e900dbb9aff4064dc4ab2f843acda8"),
  new Vector("RFC 6979 A.2.5 P-256 SHA256 \"test\"", 256, P256_X, P256_Y,
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367019f4113742a2b14bd25926b49c64915"
    + "5f267e60d3814b4c0cc84250e46f0083"),
  new Vector("RFC 6979 A.2.5 P-256 SHA512 \"sample\"", 256, P256_X, P256_Y,
    "39a5e04aaff7455d9850c605364f514c11324ce64016960d23d5dc57d3ffd8f49a739468ab8049bf18eef820cdb1ad6c"
    + "9015f838556bc7fad4138b23fdf986c7",
    "8496a60b5e9b47c825488827e0495b0e3fa109ec4568fd3f8d1097678eb97f002362ab1adbe2b8adf9cb9edab740ea60"
    + "49c028114f2460f96554f61fae3302fe"),
  new Vector("RFC 6979 A.2.5 P-256 SHA1 \"sample\"", 256, P256_X, P256_Y,
    "8151325dcdbae9e0ff95f9f9658432dbedfdb209",
    "61340c88c3aaebeb4f6d667f672ca9759a6ccaa9fa8811313039ee4a35471d326d7f147dac089441bb2e2fe8f7a3fa26"
    + "4b9c475098fdcf6e00d7c996e1b8b7eb"),
  new Vector("RFC 6979 A.2.6 P-384 SHA384 \"sample\"", 384, P384_X, P384_Y,
    "9a9083505bc92276aec4be312696ef7bf3bf603f4bbd381196a029f340585312313bca4a9b5b890efee42c77b1ee25fe",
    "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46"
    + "99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8"),
  new Vector("RFC 6979 A.2.6 P-384 SHA512 \"test\"", 384, P384_X, P384_Y,
    "ee26b0dd4af7e749aa1a8ee3c10ae9923f618980772e473f8819a5d4940e0db27ac185f8a0e1d5f84f88bc887fd67b14"
    + "3732c304cc5fa9ad8e6f57f50028a8ff",
    "a0d5d090c9980faf3c2ce57b7ae951d31977dd11c775d314af55f76c676447d06fb6495cd21b4b6e340fc236584fb277"
    + "976984e59b4c77b0e8e4460dca3d9f20e07b9bb1f63beefaf576f6b2e8b224634a2092cd3792e0159ad9cee37659c736"),
  new Vector("RFC 6979 A.2.6 P-384 SHA256 \"sample\"", 384, P384_X, P384_Y,
    "af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf",
    "21b13d1e013c7fa1392d03c5f99af8b30c570c6f98d4ea8e354b63a21d3daa33bde1e888e63355d92fa2b3c36d8fb2cd"
    + "f3aa443fb107745bf4bd77cb3891674632068a10ca67e3d45db2266fa7d1feebefdc63eccd1ac42ec0cb8668a4fa0ab0"),
  new Vector("RFC 6979 A.2.7 P-521 SHA512 \"sample\"", 521, P521_X, P521_Y,
    "39a5e04aaff7455d9850c605364f514c11324ce64016960d23d5dc57d3ffd8f49a739468ab8049bf18eef820cdb1ad6c"
    + "9015f838556bc7fad4138b23fdf986c7",
    "00c328fafcbd79dd77850370c46325d987cb525569fb63c5d3bc53950e6d4c5f174e25a1ee9017b5d450606add152b53"
    + "4931d7d4e8455cc91f9b15bf05ec36e377fa00617cce7cf5064806c467f678d3b4080d6f1cc50af26ca209417308281b"
    + "68af282623eaa63e5b5c0723d8b8c37ff0777b1a20f8ccb1dccc43997f1ee0e44da4a67a"),
  new Vector("RFC 6979 A.2.7 P-521 SHA512 \"test\"", 521, P521_X, P521_Y,
    "ee26b0dd4af7e749aa1a8ee3c10ae9923f618980772e473f8819a5d4940e0db27ac185f8a0e1d5f84f88bc887fd67b14"
    + "3732c304cc5fa9ad8e6f57f50028a8ff",
    "013e99020abf5cee7525d16b69b229652ab6bdf2affcaef38773b4b7d08725f10cdb93482fdcc54edcee91eca4166b2a"
    + "7c6265ef0ce2bd7051b7cef945babd47ee6d01fbd0013c674aa79cb39849527916ce301c66ea7ce8b80682786ad60f98"
    + "f7e78a19ca69eff5c57400e3b3a0ad66ce0978214d13baf4e9ac60752f7b155e2de4dce3"),
  new Vector("RFC 6979 A.2.7 P-521 SHA1 \"sample\"", 521, P521_X, P521_Y,
    "8151325dcdbae9e0ff95f9f9658432dbedfdb209",
    "00343b6ec45728975ea5cba6659bbb6062a5ff89eea58be3c80b619f322c87910fe092f7d45bb0f8eee01ed3f20babec"
    + "079d202ae677b243ab40b5431d497c55d75d00e7b0e675a9b24413d448b8cc119d2bf7b2d2df032741c096634d6d65d0"
    + "dbe3d5694625fb9e8104d3b842c1b0e2d0b98bea19341e8676aef66ae4eba3d5475d5d16"),
  new Vector("RFC 6979 A.2.7 P-521 SHA256 \"sample\"", 521, P521_X, P521_Y,
    "af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf",
    "01511bb4d675114fe266fc4372b87682baecc01d3cc62cf2303c92b3526012659d16876e25c7c1e57648f23b73564d67"
    + "f61c6f14d527d54972810421e7d87589e1a7004a171143a83163d6df460aaf61522695f207a58b95c0644d87e52aa1a3"
    + "47916e4f7a72930b1bc06dbe22ce3f58264afd23704cbb63b29b931f7de6c9d949a7ecfc"),
];

// x(R) >= n: R is chosen with x = n + t (t small), Q = R - u1 * G, s = r, so the verifier must accept
// x mod n == r through the r + n comparison. node:crypto verifies these too.
const LARGE_X: Vector[] = [
  new Vector("P-256: x(R) = r + n, the x >= n case, over \"sample\"", 256,
    "dfc15811f89d0a2fd9a8b512d08c63630543abe6e690675c1641cc510e669a7b",
    "fbc60de2280e24ad0ac5a31b022984a651408f81b67d4fad72267a2346c85368",
    "af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf",
    "000000000000000000000000000000000000000000000000000000000000000300000000000000000000000000000000"
    + "00000000000000000000000000000003"),
  new Vector("P-384: x(R) = r + n, the x >= n case, over \"sample\"", 384,
    "91b6d40fcac2d37bc66b8e483462a14be31b934d61849b282080c4f9ce5867bddaf87a35ec361ebd5923dc5b946a712e",
    "3f4a96af2d78a00e95dfc48d7dccf961d48ffc6342be9a782688327a8378e766c54cd6c69c5dc517ed7892da50286cb3",
    "9a9083505bc92276aec4be312696ef7bf3bf603f4bbd381196a029f340585312313bca4a9b5b890efee42c77b1ee25fe",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002"
    + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002"),
  new Vector("P-521: x(R) = r + n, the x >= n case, over \"sample\"", 521,
    "01f988c4a2fd874e81b4f2de23b402eb0e8886e30304190874d686715f1f441dafa513c8778b3ded9ff8dcddcacd3752"
    + "ebe971d0603d5a5d49bd4592a52f9ca5a5c0",
    "01110d1b10d8841c21a348b24cb2ae309067e9221a26cef75a458e9cd2eea128fbaf91b1a8f895681424046a4cd3f1ac"
    + "08ba551814ddae637efd42d8cbc34b5f15da",
    "39a5e04aaff7455d9850c605364f514c11324ce64016960d23d5dc57d3ffd8f49a739468ab8049bf18eef820cdb1ad6c"
    + "9015f838556bc7fad4138b23fdf986c7",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    + "000000000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000"
    + "000000000000000000000000000000000000000000000000000000000000000000000001"),
];

// The digest is r itself (for P-521 shifted left by 7 bits: 66 bytes hold 528, of which the leftmost 521 count),
// so u1 = u2 = 1 and the result is G + Q.
const DOUBLING: Vector[] = [
  new Vector("P-256: Q = G and u1 = u2 = 1, so an addition meets equal points and doubles", 256,
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
    "7cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978",
    "7cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc476699787cf27b188d034f7e8a52380304b51ac3"
    + "c08969e277f21b35a60b48fc47669978"),
  new Vector("P-384: Q = G and u1 = u2 = 1, so an addition meets equal points and doubles", 384,
    "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
    "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
    "08d999057ba3d2d969260045c55b97f089025959a6f434d651d207d19fb96e9e4fe0e86ebe0e64f85b96a9c75295df61",
    "08d999057ba3d2d969260045c55b97f089025959a6f434d651d207d19fb96e9e4fe0e86ebe0e64f85b96a9c75295df61"
    + "08d999057ba3d2d969260045c55b97f089025959a6f434d651d207d19fb96e9e4fe0e86ebe0e64f85b96a9c75295df61"),
  new Vector("P-521: Q = G and u1 = u2 = 1, so an addition meets equal points and doubles", 521,
    "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ff"
    + "a8de3348b3c1856a429bf97e7e31c2e5bd66",
    "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad"
    + "0761353c7086a272c24088be94769fd16650",
    "219e10c81213bf3f3417e59440a461413a3a0193cd8e66031a96372a82ebb4df4bd9d9026d377aaa83d508251d1ae2d7"
    + "a0e797d1b26b07ecb3fa1f1c99dd36bc1e80",
    "00433c219024277e7e682fcb288148c282747403279b1ccc06352c6e5505d769be97b3b204da6ef55507aa104a3a35c5"
    + "af41cf2fa364d60fd967f43e3933ba6d783d00433c219024277e7e682fcb288148c282747403279b1ccc06352c6e5505"
    + "d769be97b3b204da6ef55507aa104a3a35c5af41cf2fa364d60fd967f43e3933ba6d783d"),
];
const INFINITY: Vector[] = [
  new Vector("P-256: Q = -G and u1 = u2 = 1, so u1 * G + u2 * Q is infinity", 256,
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
    "b01cbd1c01e58065711814b583f061e9d431cca994cea1313449bf97c840ae0a",
    "0000000000000000000000000000000000000000000000000000000000003039",
    "000000000000000000000000000000000000000000000000000000000000303900000000000000000000000000000000"
    + "00000000000000000000000000003039"),
  new Vector("P-384: Q = -G and u1 = u2 = 1, so u1 * G + u2 * Q is infinity", 384,
    "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
    "c9e821b569d9d390a26167406d6d23d6070be242d765eb831625ceec4a0f473ef59f4e30e2817e6285bce2846f15f1a0",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003039",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003039"
    + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003039"),
  new Vector("P-521: Q = -G and u1 = u2 = 1, so u1 * G + u2 * Q is infinity", 521,
    "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ff"
    + "a8de3348b3c1856a429bf97e7e31c2e5bd66",
    "00e7c6d6958765c43ffba375a04bd382e426670abbb6a864bb97e85042e8d8c199d368118d66a10bd9bf3aaf46fec052"
    + "f89ecac38f795d8d3dbf77416b89602e99af",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    + "000000000000000000000000000000181c80",
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    + "000000000000000000000000000000003039000000000000000000000000000000000000000000000000000000000000"
    + "000000000000000000000000000000000000000000000000000000000000000000003039"),
];

// RFC 7515 A.3: ES256 over the JWS Signing Input below, key from A.3.1.
const A3_X = "7fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445";
const A3_Y = "c7f144cd1bbd9b7e872cdfedb9eeb9f4b3695d6ea90b24ad8a4623288588e5ad";
const A3_INPUT = "eyJhbGciOiJFUzI1NiJ9"
  + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const A3_SIG = "0ed1215379636c483c2f7f155807d402a3b228033af97c7e17819ac3169ea665"
  + "c50a07d38c3c70e5d8f12daf084a5480a66590c5f293509a8f3f7f8a83a354d5";
// RFC 7515 A.4: ES512 over "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA", key from A.4.1.
const A4_X = "01e929050f124fc6bc55c7d5393365df9def4ab0c22cb25798f934eb04e3c6bae3701a57a7910e9d81bf363159e8ebcb155d"
  + "6349f4bdb6ccf8a94c5c59c7aac101a4";
const A4_Y = "0034a6440e376750d2371fd1bdc2c8f3b71d2f4ee5ea3432c815cca31560fe5d9387ec774b55838630e5cbbf5a8cbe0a91dd"
  + "0064c6999a1f6e6e67faddede4c8c8f6";
const A4_SIG = "01dc0c81e7abc2d1e887e975f7697ad21a7dc001d915525b2df0ff531322ef47309d93986912356ca3d644e73e99966ac2a4"
  + "f6488f8a183281df85ced1ac3fed776d006f06692c0529d0803d98285c3d980496423c45f7c4aa51c1c74e3bc2a9107c098f"
  + "2a8e8330ceee22af53cbdc9f036b9b161b496f444415ee90e5e894bcde3bf267";

// P-521 with an 80-byte digest (SHA-512("sample") || 16 bytes of SHA-256("sample")) signed by the RFC 6979 A.2.7
// key with the leftmost 521 bits: only bits 0..520 (bytes 0..64 and the top bit of byte 65) may matter.
const LONG_DIGEST = new Vector("P-521 with an 80-byte digest", 521, P521_X, P521_Y,
  "39a5e04aaff7455d9850c605364f514c11324ce64016960d23d5dc57d3ffd8f49a739468ab8049bf18eef820cdb1ad6c"
    + "9015f838556bc7fad4138b23fdf986c7af2bdbe1aa9b6ec1e2ade1d694f41fc7",
  "018b6f0e854fa5d6c77dc191fb101b50e1b8a7ee3f040ff06c764a2e7c0913c0e33e86433ccb198b73c4eaf987e9ec8114"
    + "c08b8fa8ffe64a31a0c020de363489d13b014002ae2a5a7b40bfce50e88958bbeb9de2c915072f3a71195dfc9abe9d2437"
    + "c95dcf9b75fa1aeac4dcb460940ac926c92ef0877c64c328d29b56289f7a8ad40bbb");

// The group orders, for r and s at the edge of their range.
const N256 = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const N384 = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";
const N521 = "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d"
  + "03bb5c9b8899c47aebb6fb71e91386409";

function verifies(v: Vector): bool {
  return ecdsaVerify(v.key(), hex(v.digest), hex(v.signature));
}

function all(): Vector[] {
  return RFC6979.concat(LARGE_X).concat(DOUBLING).concat([LONG_DIGEST]);
}

describe("ECDSA known answers", () => {
  it("verifies the RFC 6979 A.2.5, A.2.6 and A.2.7 signatures, whatever the digest length", () => {
    for (let i = 0; i < RFC6979.length; i++) {
      expect(verifies(RFC6979[i])).toBe(true, RFC6979[i].name);
    }
  });

  it("verifies the RFC 7515 A.3 (ES256) and A.4 (ES512) examples, hashing the signing input", () => {
    const a3 = ecPublicKey(Curve.P256, hex(A3_X), hex(A3_Y))!;
    expect(ecdsaVerify(a3, sha256(text(A3_INPUT)), hex(A3_SIG))).toBe(true);
    const a4 = ecPublicKey(Curve.P521, hex(A4_X), hex(A4_Y))!;
    expect(ecdsaVerify(a4, sha512(text("eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA")), hex(A4_SIG))).toBe(true);
    expect(ecdsaVerify(a3, sha256(text(A3_INPUT + " ")), hex(A3_SIG))).toBe(false);
    expect(ecdsaVerify(a4, sha512(text("eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZB")), hex(A4_SIG))).toBe(false);
  });

  it("accepts x(R) >= n when x(R) - n == r (SEC 1 §4.1.4 step 7: x mod n)", () => {
    for (let i = 0; i < LARGE_X.length; i++) expect(verifies(LARGE_X[i])).toBe(true, LARGE_X[i].name);
  });

  it("doubles when an addition meets equal points, and refuses an infinite result", () => {
    for (let i = 0; i < DOUBLING.length; i++) expect(verifies(DOUBLING[i])).toBe(true, DOUBLING[i].name);
    for (let i = 0; i < INFINITY.length; i++) expect(verifies(INFINITY[i])).toBe(false, INFINITY[i].name);
  });
});

describe("ECDSA uses the leftmost len(n) bits of the digest", () => {
  it("ignores bytes of a SHA-512 digest beyond P-256's 32", () => {
    const v = RFC6979[2]; // P-256 with SHA-512
    const key = v.key(), sig = hex(v.signature), digest = hex(v.digest);
    expect(digest.length).toBe(64);
    for (let i = 32; i < 64; i++) {
      digest[i] ^= 0xff;
      expect(ecdsaVerify(key, digest, sig)).toBe(true);
      digest[i] ^= 0xff;
    }
    expect(ecdsaVerify(key, digest.subarray(0, 32), sig)).toBe(true);
    digest[31] ^= 1;
    expect(ecdsaVerify(key, digest, sig)).toBe(false);
  });

  it("takes 521 bits of a longer digest on P-521: bit 520 counts, the bits after it do not", () => {
    const key = LONG_DIGEST.key(), sig = hex(LONG_DIGEST.signature), digest = hex(LONG_DIGEST.digest);
    expect(ecdsaVerify(key, digest, sig)).toBe(true);
    digest[65] ^= 0x7f;
    digest[79] ^= 0xff;
    expect(ecdsaVerify(key, digest, sig)).toBe(true);
    digest[65] ^= 0x80;
    expect(ecdsaVerify(key, digest, sig)).toBe(false);
  });

  it("reads a shorter digest as a smaller integer, not left-aligned", () => {
    // RFC 6979 SHA-1 on P-256: 20 bytes; zero-padding them on the right would be a different e.
    const v = RFC6979[3];
    const padded = new Uint8Array(32);
    padded.set(hex(v.digest));
    expect(ecdsaVerify(v.key(), padded, hex(v.signature))).toBe(false);
    expect(verifies(v)).toBe(true);
  });
});

describe("ECDSA refuses any single-byte change", () => {
  it("of the signature", () => {
    const vectors = all();
    for (let i = 0; i < vectors.length; i++) {
      const v = vectors[i], key = v.key(), digest = hex(v.digest), sig = hex(v.signature);
      for (let j = 0; j < sig.length; j++) {
        const bit = <u8>(1 << <u8>(j & 7));
        sig[j] ^= bit;
        expect(ecdsaVerify(key, digest, sig)).toBe(false, v.name);
        sig[j] ^= bit;
      }
      expect(ecdsaVerify(key, digest, sig)).toBe(true, v.name);
    }
  });

  it("of the digest's leftmost len(n) bits", () => {
    const vectors = all();
    for (let i = 0; i < vectors.length; i++) {
      const v = vectors[i], key = v.key(), digest = hex(v.digest), sig = hex(v.signature);
      const counted = min(digest.length, (v.curve + 7) >> 3);
      for (let j = 0; j < counted; j++) {
        // Byte 65 of a P-521 digest counts with its top bit only.
        const bit: u8 = v.curve == 521 && j == 65 ? 0x80 : <u8>(1 << <u8>(j % 7));
        digest[j] ^= bit;
        expect(ecdsaVerify(key, digest, sig)).toBe(false, v.name);
        digest[j] ^= bit;
      }
    }
  });

  it("of the key", () => {
    const v = RFC6979[0], digest = hex(v.digest), sig = hex(v.signature);
    // Another valid key (RFC 7515 A.3's) does not verify the RFC 6979 signature.
    const other = ecPublicKey(Curve.P256, hex(A3_X), hex(A3_Y))!;
    expect(ecdsaVerify(other, digest, sig)).toBe(false);
  });
});

describe("ecPublicKey refuses invalid keys", () => {
  it("accepts the RFC 6979 keys and refuses an unsupported curve", () => {
    expect(ecPublicKey(Curve.P256, hex(P256_X), hex(P256_Y))).not.toBeNull();
    expect(ecPublicKey(Curve.P384, hex(P384_X), hex(P384_Y))).not.toBeNull();
    expect(ecPublicKey(Curve.P521, hex(P521_X), hex(P521_Y))).not.toBeNull();
    expect(ecPublicKey(<Curve>224, hex(P256_X), hex(P256_Y))).toBeNull();
    expect(ecPublicKey(<Curve>0, new Uint8Array(0), new Uint8Array(0))).toBeNull();
  });

  it("refuses coordinates of the wrong length, even with leading zeros added or removed", () => {
    const x = hex(P256_X), y = hex(P256_Y);
    expect(ecPublicKey(Curve.P256, x.subarray(1), y)).toBeNull();
    expect(ecPublicKey(Curve.P256, x, y.subarray(0, 31))).toBeNull();
    expect(ecPublicKey(Curve.P256, hex("00" + P256_X), y)).toBeNull();
    expect(ecPublicKey(Curve.P256, new Uint8Array(0), new Uint8Array(0))).toBeNull();
    expect(ecPublicKey(Curve.P384, x, y)).toBeNull();
    // P-521 coordinates are 66 bytes: the RFC key without its leading zero byte is 65.
    expect(ecPublicKey(Curve.P521, hex(P521_X).subarray(1), hex(P521_Y))).toBeNull();
    expect(ecPublicKey(Curve.P521, hex(P384_X), hex(P384_Y))).toBeNull();
  });

  it("refuses a coordinate equal to p or above it", () => {
    const p256 = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
    expect(ecPublicKey(Curve.P256, hex(p256), hex(P256_Y))).toBeNull();
    expect(ecPublicKey(Curve.P256, hex(P256_X), hex(p256))).toBeNull();
    expect(ecPublicKey(Curve.P256, hex("ff".repeat(32)), hex(P256_Y))).toBeNull();
    // (x, y + p) would satisfy the equation mod p: refused by the range check, not the curve check.
    const p521 = "01" + "ff".repeat(65);
    expect(ecPublicKey(Curve.P521, hex(p521), hex(P521_Y))).toBeNull();
    expect(ecPublicKey(Curve.P521, hex("02" + "00".repeat(65)), hex(P521_Y))).toBeNull();
    expect(ecPublicKey(Curve.P521, hex("ff".repeat(66)), hex("ff".repeat(66)))).toBeNull();
  });

  it("refuses points off the curve, and (0, 0), which no curve point encodes (not even infinity)", () => {
    const keys: string[][] = [[P256_X, P256_Y], [P384_X, P384_Y], [P521_X, P521_Y]];
    const curves: Curve[] = [Curve.P256, Curve.P384, Curve.P521];
    for (let i = 0; i < 3; i++) {
      const x = hex(keys[i][0]), y = hex(keys[i][1]);
      y[y.length - 1] ^= 1;
      expect(ecPublicKey(curves[i], x, y)).toBeNull();
      y[y.length - 1] ^= 1;
      x[x.length - 1] ^= 1;
      expect(ecPublicKey(curves[i], x, y)).toBeNull();
      const zero = new Uint8Array(x.length);
      expect(ecPublicKey(curves[i], zero, zero)).toBeNull();
    }
  });

  it("accepts -Q, the point (x, p - y), as a different valid key", () => {
    expect(ecPublicKey(Curve.P256, hex(INFINITY[0].x), hex(INFINITY[0].y))).not.toBeNull();
  });
});

describe("ecdsaVerify refuses malformed signatures", () => {
  it("of the wrong length", () => {
    const v = RFC6979[0], key = v.key(), digest = hex(v.digest), sig = hex(v.signature);
    expect(ecdsaVerify(key, digest, new Uint8Array(0))).toBe(false);
    expect(ecdsaVerify(key, digest, sig.subarray(0, 63))).toBe(false);
    expect(ecdsaVerify(key, digest, sig.subarray(1))).toBe(false);
    const longer = new Uint8Array(65);
    longer.set(sig, 1);
    expect(ecdsaVerify(key, digest, longer)).toBe(false);
    const p521 = RFC6979[7];
    expect(ecdsaVerify(p521.key(), hex(p521.digest), hex(p521.signature).subarray(0, 131))).toBe(false);
    expect(ecdsaVerify(p521.key(), hex(p521.digest), hex(p521.signature + "00"))).toBe(false);
  });

  it("with r or s zero, equal to n, above n, or all ones", () => {
    const vs: Vector[] = [RFC6979[0], RFC6979[4], RFC6979[7]];
    const orders: string[] = [N256, N384, N521];
    for (let i = 0; i < 3; i++) {
      const v = vs[i], key = v.key(), digest = hex(v.digest);
      const half = v.signature.length >> 1;
      const r = v.signature.substring(0, half), s = v.signature.substring(half);
      const zero = "00".repeat(half >> 1), n = orders[i];
      const ones = "ff".repeat(half >> 1);
      const bad: string[] = [zero, n, ones];
      if (i == 0) bad.push("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632552"); // n + 1
      for (let j = 0; j < bad.length; j++) {
        expect(ecdsaVerify(key, digest, hex(bad[j] + s))).toBe(false, v.name + " r=" + bad[j]);
        expect(ecdsaVerify(key, digest, hex(r + bad[j]))).toBe(false, v.name + " s=" + bad[j]);
      }
      expect(ecdsaVerify(key, digest, hex(zero + zero))).toBe(false);
      expect(ecdsaVerify(key, digest, hex(r + s))).toBe(true);
    }
  });

  it("accepts (r, n - s) as well: ECDSA has no low-s rule, and neither has JWS (RFC 7518 §3.4)", () => {
    const v = RFC6979[0];
    const r = v.signature.substring(0, 64);
    const nMinusS = "0834e36ad29a83bf2bc9385e491d6099c8fdf9d1ed67aa7ea5f51f93782857a9";
    expect(ecdsaVerify(v.key(), hex(v.digest), hex(r + nMinusS))).toBe(true);
  });
});
