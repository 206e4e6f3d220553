// BigNum import, export and comparison, and Montgomery exponentiation and multiplication: known answers, and
// every size, range and parity check answered with null.
// The long vectors were generated once with node: random odd moduli of exactly the stated bit length and random
// bases below them (node:crypto randomBytes), and results computed with BigInt square-and-multiply.
import {
  BIGNUM_MAX_BYTES, BigNum, bigNumFromBytes, bigNumFromLimbs, bigNumFromU64, compareBigNum,
} from "../../../assembly/crypto/bignum";
import { Montgomery, montgomery } from "../../../assembly/crypto/montgomery";
import { concat, fill, hex, toHex } from "./helpers";

// 2048-bit modulus, e = 0x10001
const N2048 =
  "cf3b232155bd6aaba17eb627f4f58a14765532f518840c6ce5ff1643f5600d878689c0022e78a9a5ba3e931e16d9ade17e0acc1dddd95b32"
  + "e6050f9708ea0063b3695a496a946133b3b6126ab295b75e7ab4223ae73c14f266c14397257fe356b39caa7152194f3e88d5500d1739a177"
  + "ab463dbd7b971f955114ac22e8f099e75f2802bc83f16e20e5fa83874eff8edf10a625403b7f808c2ed717a124341b0778c6b6ba21fbc9ef"
  + "c979a280d9ccaa8822936fcb8699c4a3cdb910889c1f2e247fcb1b1ac5a2549de137d30a6169b88caaf0128e0ebe2ebf9553edc7d3363d64"
  + "257d41b2ff113c088326dcc20a9439dee9a42ed92c25682b0894e906b0736777";
const BASE2048 =
  "c03aca7fa4aa7a97a7bd0f1c40c6586403fc57118646534e39921e846bbb693b8a9b711ff2775250c7e71d11bb6c1ff48437bcc9cc0e038d"
  + "8192f690fbe24d6c31e122445b4713931f9159928921fdcc17040b1f2130f9f2e2ec5b87c351b1a74bc79d36ddeaa62ba431e6591c0c967c"
  + "bb6d26deab3ea0f04e71de2076615186a5401df14f3d5438f371ba3b24c53a5479e21da95081a9c3c70d4635e52aef51e834ae765ee4de00"
  + "73b833db2271d4582f6e91551128c83732fab758cce9a70b8ba1472a280ca6ee759032ee63432790e01472c5ab5546d597c09b354ab86038"
  + "adfa2f24ff1c45509806e2a00bc8b356a9addf0a3fdaa0c6d835059f798389fa";
const POW2048 =
  "45a7892f9ae62e2ca7fe10bb0a9bbee293582833256c96eaf3667d312f4672b2f2764f2b681cf06001aabb8b19636c3f4b2db088a7eb358c"
  + "5484651c3862fdb3af133fa74592aa7ea8f9e3dcc4bcd1be63c1f09ec3eeddd9c8ae533debc0041f1e409eba59d992eb10750c877578ea3d"
  + "302163ac6cf62d08be43ffeaab9ac25abb9ae9e0397ecb2c08e277fb99c74a5eb0aaf518e31b2aaa6914afc5e2f2d94e55f38e2224b7151c"
  + "823f3d3e94abb81f7e028422d7bb36036c47a376f312d7f13328650659f8dbae23b65b3b9c8456cbbce5375dec3b9fec63e5a9d0758b3438"
  + "c9ea32ac330ec3652c66c4328a10a46c21d16747710ac8a15dc22004a3b49b7c";
const A2048 =
  "1e4036c608f0c64f2ac80775c9cc10fa60d297b17116d2d5649b0b913e2e43c9c9c63eacb365871f06d0a109225c112ace5f626d51e01265"
  + "dcab52df0c54c373264f350f9715cd881dd06810024d75fc0237d016cbb1df66f24c89f0f93f032d5c0c2a2e44a1303008e171cb522fd835"
  + "65889476f6951d113918e527daaa44a0cc15ddf50b19df73c128b01ae1f2743c77e9b131034cded7265a25dc051ed220bbc134a99f3f443b"
  + "3d2cf4a8aaa0f6cbe33e01e03aaebf28c241fbf2b248e958426da19b3190698347979086b16916ec9fb9ad8ce7f24e443e96442d48adfcdc"
  + "eb865b1626fc95f1e86346e8d522ce673e8c2a128b78ad85f62b4d6659924ff4";
const MUL2048 =
  "b1b65d2ce2bf9ca127cb1c56c91907e97e63f6fd7b5d47341a7cb60547d73a7dfe0bc7d0a067aae52405f4a7f1ebbdeabf9f2561596af188"
  + "91e4a2de684ea25442caa8e33395110b151ee5d89416d865f4614685956f2d25aef3d8c04c3b48a999d0fd18541d11e61ac225544c9025a2"
  + "d00bca7f5af6185114bcc080ee07caa2ae4d9bc491386147099f67487c9f747937b4646a7eb4701fe200a74d9e287f785983f305b811666b"
  + "cc1a13b0b037ebf05235b6646035b67dfebbccabf9e15776b555949a8a554de151f97d93354822cb6fffefc9156d74f3296db88f2668b35b"
  + "f269c0e608d34b0f6ee6e6e5f53e24ed5dc5b1fe4e5b7b1cf211b7f280c25266";
// 4096-bit modulus, e = 0x10001
const N4096 =
  "99c21d57297ef7a6911051cdd86f8afcedcd5a67de8392ef2d435ba204293af0cfe3acdaf03acd82023faab534fcc8f83184fe1e980dcdd7"
  + "93b9b6874ccbf2926b660e70044d1b121f0c3dd5a67ab1519f15a09be1b67074d0346e41759627a62b010443f690bbe4eb979928ce5a4f48"
  + "39841bec70922d087017cf8d663a96b8788ec9e654d234fb62db189ea26d590dd5d361a64dd4274e66f92aea5b08d4ca9c92b1892c37cb09"
  + "d400f0b2d8ae8904b86cfc7ddbddd6db61decae3cf87b3e668306a36226435b06755b4ea6e46e4a06c96782c0b161f96a17212aa540679f6"
  + "86e7823656723c33d9ef489f81f72b80c11a9b5c1685d12be5ccddb07dd6241a2a1d05bcd8bc8e6587b3ab007baf8ffc566198afccb0cae9"
  + "1806beb5d80f747b92ce0540ac56b6371d9cfd5c5916e8526c17e0bd932fbccdc246c4798926df8073eaa7ecb1e75cc87539690fec03c7cb"
  + "496b8ad575fc60ca48a6dd328c509a8e88d4710367005c879ce9a97d3511fdf8e490531fe4ee70839d97019eb753ca2fdd40daba3cff9917"
  + "6d2665bd53ba1d9c8eea8c954e7140cd808389391e6a55943aab4f32f96e687a8c1cff2b404216fcc2da42bc57f2b95cb9027935333e3f8f"
  + "2778f82800daaf3cae482fcc782d997af5c7958edffdc86a68757cda25c1ab2041571c69200b4f59954aa11f882d69eb4c497884830fcf64"
  + "51f5ab963cd6e4b5";
const BASE4096 =
  "505fc86ec3ef10cf8269ea79319afdb38379c86a18896af2c82cea7a8b67a869539d547f330b7db8e959282b338f6d1f7044120c6e244e3a"
  + "89e298089ba15afa7587bcfcf1883249a7fb91dcf5623ca47956d532fb55b3de91289c666fd1ce60abbfa811495b47a8c56b6ddbf999aebb"
  + "fbd7957017e4978cacd3fd5c48f4a4f169d12a8c0d1293e6e8e12be8281ecb511c1858467e5d3353d5d36c9d5ed6fa687d0e9b4b8c79712f"
  + "06247b2c1a1cafda91ae26563623c24d0bcc51cd26e8eb771e2961b883a13e497952d0bea6bbcfb26fafd6efd8516950767ccd97744d2c43"
  + "5f0043d82a03eed405e10482fee24e3dc10b04ae340831c98f878084ca205ac9be175ea73b50479eec4fa27599466a9b1960a6cc1c6a8068"
  + "b9eaca3a6845ff17606263b05753b557e9d059818a2b73d0fe0a3d6acef60de7612dfa83b78e76d37e20ddf9c8367026cee63ff6a357bfa6"
  + "17a32f9c27b8b7fce10925b36876304f82674dfb1d1b5520455c8432b9f863c23f58443a6d263d34bfa9f66deb738797ce4e5c962a9ca76b"
  + "80b76b7438187202bc83c3f5f058215901059a7983bbfd2d0f2162d3f0c4b4657299726edb0f5d2762ff2f3ab84dba5fa22e9e976edae542"
  + "9960d4c04bf33c19a5ee1f1a577fa13723cdfd62e7ac3290918a453ae46714460e322dd0f9b97c8af4c7789b5bef5506452835037b9b5b67"
  + "692846ca35e39755";
const POW4096 =
  "1075ecb715866a7e72c319b8a7d57ddd2d812927c915a74151abdd8c9efba2eb2e43c8fce81773fde48222732520d21fac3ed4f7fe4d09fc"
  + "41b8206f460511ad6031e14807289232e9e1b5ccc5adf1c7ce87451063baee01cff5f0e3713a9eaffadf543e321eb07c270815d0dcdbf4df"
  + "07e4d0325712b9a244d092f918f3da380f9b3973e99dd202c57a5e433642c0ea04c2468ddc562c6ed90149ff06b77cc09e0b9561c4e763da"
  + "501eff3701765c44c81259500747a61f13843924cfbd20350af3cf32687d4ad9106f30fcadc8bb0a63516c020d190cbe104501f65cea23c5"
  + "216c9d60678f5d11eab75f835940a3610865ff748af0a62e92eb23629f56782dc77f9b185a5d5f394cd72126a46afee2b004c6dae6d4ed9a"
  + "2598d134a0d3f1437de48007e630d87bfe9fc994ea0346165c3389a2f3d4fbcf2dd0d8b40ae75d0189cb3b23c30f1039523b063e5c4bff2e"
  + "9747425fdcab55f180f9f4268e49797aa28600134281ac7a1c48cf5fb6961d8162e4aa6e156fed03ebb0bcb5c3f405ad61f6bce353b7b4fd"
  + "0922a3475c8301a93f440747187015207ca2d89371985a94986132f29c1fc8372e76e526447a32b51265a567f6ecf9a7a40ac5b0fe99abd5"
  + "11bef55c70590bdd0c5a50af6b1caea58be9fd572d2242c1cdfeac59e4bd5aeb31b5c2d9f01fd5893a98469002c2fe9b4c47e4cd54002197"
  + "820ea0642f3a6260";
// 3072-bit modulus, e = 0x3
const N3072 =
  "fc69e2e149dcf4915de2ae816cdbd27d9ae231357cd02b89ec5af3586743327cd9cd9264fecd6afded789c225a875766b9c2b01d7911e401"
  + "9f8db3f97ac207c1babe70b5d5c50c26417d13457eebc0852869b8ec09fd4a687d412a550784864eca315468fccdac5277bad74f1bf49c71"
  + "5657417204872e03b886087c0dbd174f2f10c7e1dfbe1cfaa3e97869da258ab00644e568d7141f37b9519205958b7d0c60639240b7f14fa1"
  + "b463f7ab62b08eb13160baf0e437e52b3c420e4e247ba7f4f84a20751ca70ff2fc14804162babb7033c65c0af2688b33183b02772740589e"
  + "1c1a43f92b42c7a3d20e587d6f4bc3cbdbe7b9df7868a50bf1f79de7b57bd295d41782b49a47776047062f792a1652453b73581cc2bd6d7e"
  + "f460617d55f162115589b06a4936792c6232ef1217f07e16fe69594d8a54c8edbdf28896009470d354deef855c66486d863395e93b7b53c3"
  + "c175a0dcc0693d12ff5c4c95e80b5e556087353ee3bc2114717edba1c866e150c8afb149b5c3dacf9ecd8ab931be1a0b";
const BASE3072 =
  "c618a0d584c5e6736b305aa73ae2b0ec18f71a4d8c2f67f5003b75c2678114f8875ac06ecb4e6b0247d7d3d1284e47df7eda8b4c0f579acf"
  + "60f2d28790e634c3d9e41892851d3ab7a8f0e1df5d39f37665e4dce7a5ed0195665da3cc982c07f900a9f3db6e32fabd93441b56a62cdd44"
  + "5e08e6c54e4abe33f8d091aef142b79d291ac2410e1affcb507262a1e6f823adb8ea9debda5026aed0150bd33e2f443c16c062396f26350d"
  + "77ce5196317802e1aaf98e8c24f64c902939f0a24df891be4fb2229e216021487bfb6772f197d8c37bb0b9ed4b20fba2c23f8f6484a55cc8"
  + "e7f1e00d9baf7c5223a24d251bf13c045bc51553a61beac09cd5133f3f3d50611bb2f232c5eb5b744c3acfa1a8285bbf7893945993ce215b"
  + "af6ceb0f0dd8df998a93235dd1100deb9191023d177d8e5a07a602e104bb303bd45fa6707c1ca78cbe0e5badf70878fc266496e6f370ecfc"
  + "c5df571e6f07cee6e6fdddb8a1b047ba9637f4458e3532ca5bdf8ffc5adb3be09e8e288649d252991915c913e832cdfe";
const POW3072 =
  "abad2b2c7c361d2e93fdb7aee30cda82e6dbb9710c9370988aa8cbc85a2f69e765196ed766b8cd49e4ed74e952a18e4769a81d5ceaefe09e"
  + "fd8d86eb0d4635aedb025d0283d2a921cba009c0c5211a2ba79a3b96b111fddf37e3d6ca86b732f4a3de445e1868231a865ae5c147d84077"
  + "c048999581c0b39ece40a015e3acac4b31e5dfc1f9aff8c0dfad45cfa11857915800995a2f9c4329d4ea12d91c9ac36d3fc1313dfa82656e"
  + "1605f73250c789d4003584c82409624dba240ec7be3f194fe89a1bbdccd40731382774e7cfaa11f5b941da85c12fcebfd50a95bd6dbb94be"
  + "c47b7fa7559c29b7563fe85f2259be5967226681cea8419e5ea46adf9d40622f983a9efcd1c1f77118127f24f8b9b62632ba3e68efa41d03"
  + "81b4ea52c064a68694cd37e1d97c8bde8f981c7f2a8519fbc44cbac2be801a9b8b5056306644cf4e83e6390d71fcfc824dbef30de939af77"
  + "d80062453a4c2f5175100394b89a29633321dd668fa8f742ad0a4c656b593003a0eac9ad09b696d5ce6c13709a9978bb";
// 1000-bit modulus, e = 0xfedcba9876543211
const N1000 =
  "de111d0e5123a28eb9757e45020ee06e0192786e8a4e2101a8de50d2bb839590e9457338308f9f5f9a92766c48cb0496b1286b62fb7ac840"
  + "2858a9f1c29d8d011ffdf59fa4773618b5186e050302a18bf80dbd71f15ca453fb29a5d62329073e9e7ea196c147514a64ed6b8e31321b2c"
  + "1046afe880a9c8181baad4c691";
const BASE1000 =
  "7bb705e120b24547fe109135726c01b4254a7d40b090f916eea847dbc5556a75607b9e2bba9c12f0a10bdfab060bdb3a1eb8704963ef9786"
  + "a07bd78ba5f7d37ce20e9009a44c2baa5a2b6f072d74f947ee265a28167eb36432a5fda7bb51e9a777861d29739315ddfed554d2ab06e7e9"
  + "8218776962dc2261e9498fbcc7";
const POW1000 =
  "3b7e8e95344e7f58729910aa3798dbdd23ede7189399535edda75992c73b7abb92bff31eefd5d61453640bde2d9d5dc6188905bbc63fc3db"
  + "dfd1f67935d0ff37f6cb41d6794b3c26bbe1586ad7c5b09e3daf66859bea27b9a0edddade22ebeabe9ddc546029bc0601142f9053865b71c"
  + "7796b066468c9f175fa87fd0de";


function num(h: string): BigNum {
  return bigNumFromBytes(hex(h))!;
}

function ctx(h: string): Montgomery {
  return montgomery(num(h))!;
}

// pow is base^e mod n as hex of n's byte length, or "null".
function pow(n: string, base: string, e: u64): string {
  const r = ctx(n).modPow(num(base), e);
  return r === null ? "null" : toHex(r.toBytes(n.length >> 1));
}

describe("bigNumFromBytes and toBytes (OS2IP and I2OSP, RFC 8017 §4)", () => {
  it("reads big-endian bytes into little-endian limbs", () => {
    const x = num("0102030405060708090a");
    expect(x.limbCount).toBe(3);
    expect(x.limb(0)).toBe(0x0708090a);
    expect(x.limb(1)).toBe(0x03040506);
    expect(x.limb(2)).toBe(0x0102);
    expect(x.bitLength()).toBe(73);
  });

  it("ignores any number of leading zero bytes", () => {
    expect(toHex(num("00000000ff").toBytes(1))).toBe("ff");
    expect(num("0000000000000000000001").limbCount).toBe(1);
    expect(compareBigNum(num("000000abcdef"), num("abcdef"))).toBe(0);
  });

  it("reads empty and all-zero input as zero, with no limbs and bit length 0", () => {
    expect(num("").isZero()).toBe(true);
    expect(num("000000").isZero()).toBe(true);
    expect(num("000000").bitLength()).toBe(0);
    expect(toHex(num("").toBytes(3))).toBe("000000");
    expect(toHex(num("").toBytes(0))).toBe("");
  });

  it("writes exactly len bytes, zero-padded on the left", () => {
    expect(toHex(num("0badcafe").toBytes(6))).toBe("00000badcafe");
    expect(toHex(num("0badcafe").toBytes(4))).toBe("0badcafe");
    expect(toHex(num("80").toBytes(1))).toBe("80");
  });

  it("refuses a length the value does not fit (integer too large), a negative one, and one above the maximum", () => {
    expect(num("0badcafe").toBytes(2)).toBeNull();
    expect(num("0100").toBytes(1)).toBeNull();
    expect(num("01").toBytes(-1)).toBeNull();
    expect(num("01").toBytes(BIGNUM_MAX_BYTES + 1)).toBeNull();
    expect(num("01").toBytes(i32.MAX_VALUE)).toBeNull();
    expect(num("01").toBytes(BIGNUM_MAX_BYTES)).not.toBeNull();
  });

  it("takes up to BIGNUM_MAX_BYTES significant bytes, after any leading zeros, and refuses more", () => {
    const max = fill(0xff, BIGNUM_MAX_BYTES);
    expect(bigNumFromBytes(max)!.bitLength()).toBe(4096);
    expect(bigNumFromBytes(concat(new Uint8Array(1000), max))!.bitLength()).toBe(4096);
    expect(bigNumFromBytes(fill(0xff, BIGNUM_MAX_BYTES + 1))).toBeNull();
    expect(bigNumFromBytes(concat(new Uint8Array(3), fill(1, BIGNUM_MAX_BYTES + 1)))).toBeNull();
    expect(bigNumFromBytes(new Uint8Array(100000))!.isZero()).toBe(true);
  });

  it("round-trips every length from 0 to 70 bytes", () => {
    for (let len = 0; len <= 70; len++) {
      const b = new Uint8Array(len);
      for (let i = 0; i < len; i++) b[i] = <u8>(i * 37 + len + 1);
      const x = bigNumFromBytes(b)!;
      expect(toHex(x.toBytes(len))).toBe(toHex(b));
      expect(x.bitLength()).toBe(len == 0 ? 0 : 8 * len - <i32>clz<u32>(b[0]) + 24);
    }
  });
});

describe("BigNum helpers", () => {
  it("compares by value: length first, then limbs from the top", () => {
    expect(compareBigNum(num("01"), num("02"))).toBe(-1);
    expect(compareBigNum(num("0100000000"), num("ffffffff"))).toBe(1);
    expect(compareBigNum(num("ffffffff00000000"), num("ffffffff00000001"))).toBe(-1);
    expect(compareBigNum(num(""), num("00"))).toBe(0);
    expect(compareBigNum(num(N2048), num(N2048))).toBe(0);
  });

  it("makes values from u64 and reads them back", () => {
    expect(bigNumFromU64(0).isZero()).toBe(true);
    expect(bigNumFromU64(1).limbCount).toBe(1);
    expect(bigNumFromU64(0x100000000).limbCount).toBe(2);
    expect(bigNumFromU64(u64.MAX_VALUE).low64()).toBe(u64.MAX_VALUE);
    expect(toHex(bigNumFromU64(0x0123456789abcdef).toBytes(8))).toBe("0123456789abcdef");
    expect(num("0102030405060708090a").low64()).toBe(0x030405060708090a);
  });

  it("tells odd from even, and answers limb() outside the number with 0", () => {
    expect(num("03").isOdd()).toBe(true);
    expect(num("0100").isOdd()).toBe(false);
    expect(num("").isOdd()).toBe(false);
    expect(num("05").limb(-1)).toBe(0);
    expect(num("05").limb(1)).toBe(0);
    expect(num("05").limb(i32.MAX_VALUE)).toBe(0);
  });

  it("copies limbs, dropping zero limbs on top, and refuses a bad count", () => {
    const src = new StaticArray<u32>(4);
    src[0] = 7;
    src[1] = 9;
    expect(bigNumFromLimbs(src, 4)!.limbCount).toBe(2);
    expect(bigNumFromLimbs(src, 1)!.low64()).toBe(7);
    expect(bigNumFromLimbs(src, 0)!.isZero()).toBe(true);
    expect(bigNumFromLimbs(src, 5)).toBeNull();
    expect(bigNumFromLimbs(src, -1)).toBeNull();
  });
});

describe("montgomery refuses moduli it cannot serve", () => {
  it("refuses even moduli, 0 and 1", () => {
    expect(montgomery(num("0100"))).toBeNull();
    expect(montgomery(num(""))).toBeNull();
    expect(montgomery(num("01"))).toBeNull();
    expect(montgomery(num("02"))).toBeNull();
  });

  it("answers null for everything when constructed directly with such a modulus", () => {
    const even = new Montgomery(num("0100")), long = new Montgomery(bigNumFromBytes(fill(0xff, 512))!);
    expect(even.modPow(num("03"), 3)).toBeNull();
    expect(even.modMul(num("03"), num("05"))).toBeNull();
    expect(long.bits).toBe(4096);
    expect(long.modPow(num("03"), 3)).not.toBeNull();
  });

  it("takes odd moduli from 3 up to 4096 bits", () => {
    expect(montgomery(num("03"))).not.toBeNull();
    expect(montgomery(bigNumFromBytes(fill(0xff, BIGNUM_MAX_BYTES))!)!.bits).toBe(4096);
  });
});

describe("modPow known answers", () => {
  it("computes small powers", () => {
    expect(pow("07", "03", 5)).toBe("05"); // 243 = 34 * 7 + 5
    expect(pow("03", "02", 65537)).toBe("02"); // 2^odd = 2 mod 3
    expect(pow("0d", "02", 12)).toBe("01"); // Fermat: 2^12 = 1 mod 13
    expect(pow("ffffffffffffffc5", "02", 0xffffffffffffffc4)).toBe("0000000000000001"); // 2^64 - 59 is prime
  });

  it("answers e = 0 with 1 and e = 1 with the base, and 0 and 1 as bases", () => {
    expect(pow(N2048, BASE2048, 0)).toBe(toHex(num("01").toBytes(256)));
    expect(pow(N2048, BASE2048, 1)).toBe(BASE2048);
    expect(pow(N2048, "00", 65537)).toBe(toHex(num("").toBytes(256)));
    expect(pow(N2048, "01", u64.MAX_VALUE)).toBe(toHex(num("01").toBytes(256)));
  });

  it("computes a 2048-bit power with e = 65537", () => {
    expect(pow(N2048, BASE2048, 65537)).toBe(POW2048);
  });

  it("computes a 4096-bit power with e = 65537", () => {
    expect(pow(N4096, BASE4096, 65537)).toBe(POW4096);
  });

  it("computes a 3072-bit power with e = 3", () => {
    expect(pow(N3072, BASE3072, 3)).toBe(POW3072);
  });

  it("computes a 1000-bit power with a 64-bit exponent", () => {
    expect(pow(N1000, BASE1000, 0xfedcba9876543211)).toBe(POW1000);
  });

  it("agrees with modMul: x^2 = x * x and x^3 = x * x * x", () => {
    const m = ctx(N2048), x = num(BASE2048);
    const x2 = m.modMul(x, x)!;
    expect(toHex(m.modPow(x, 2)!.toBytes(256))).toBe(toHex(x2.toBytes(256)));
    expect(toHex(m.modPow(x, 3)!.toBytes(256))).toBe(toHex(m.modMul(x2, x)!.toBytes(256)));
  });

  it("refuses a base not below n", () => {
    const m = ctx(N2048);
    expect(m.modPow(num(N2048), 3)).toBeNull();
    expect(m.modPow(num("01" + N2048), 3)).toBeNull();
    expect(m.modPow(num("00" + N2048), 65537)).toBeNull();
  });

  it("gives the same answers when contexts of other sizes ran in between (shared scratch is cleared)", () => {
    const small = ctx("ffffffffffffffc5"), large = ctx(N4096), mid = ctx(N2048);
    expect(toHex(large.modPow(num(BASE4096), 65537)!.toBytes(512))).toBe(POW4096);
    expect(toHex(small.modPow(num("02"), 0xffffffffffffffc4)!.toBytes(8))).toBe("0000000000000001");
    expect(toHex(mid.modPow(num(BASE2048), 65537)!.toBytes(256))).toBe(POW2048);
  });
});

describe("modMul known answers", () => {
  it("multiplies 2048-bit residues", () => {
    const r = ctx(N2048).modMul(num(A2048), num(BASE2048));
    expect(toHex(r!.toBytes(256))).toBe(MUL2048);
  });

  it("multiplies by 0 and 1, and n - 1 by itself to 1", () => {
    const m = ctx(N2048);
    expect(m.modMul(num(A2048), num(""))!.isZero()).toBe(true);
    expect(toHex(m.modMul(num(A2048), num("01"))!.toBytes(256))).toBe(A2048);
    const b = hex(N2048);
    b[b.length - 1] -= 1; // N2048 is odd: n - 1 differs in the last byte only
    const nMinus1 = bigNumFromBytes(b)!;
    expect(toHex(m.modMul(nMinus1, nMinus1)!.toBytes(256))).toBe(toHex(num("01").toBytes(256)));
  });

  it("refuses an operand not below n", () => {
    const m = ctx(N2048);
    expect(m.modMul(num(N2048), num("01"))).toBeNull();
    expect(m.modMul(num("01"), num(N2048))).toBeNull();
  });
});
