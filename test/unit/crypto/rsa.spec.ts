// RSASSA-PKCS1-v1_5 and RSASSA-PSS verification (RFC 8017 §8): the RFC 7515 Appendix A.2 RS256 example, vectors
// for every JWS RS* and PS* algorithm, and the refusals: keys outside the accepted sizes and exponents, signatures
// of the wrong length or not below n, other salt lengths, schemes and hashes.
// RFC7515_* are the published example (n and the signature, base64url-decoded to hex). The other vectors were
// generated once with node:crypto: generateKeyPairSync("rsa", { modulusLength }) with e = 65537, then
// sign("sha<h>", MESSAGE, key) for RS*, and with { padding: RSA_PKCS1_PSS_PADDING, saltLength } for PS*.
import {
  RSA_MAX_BITS, RSA_MIN_BITS, RsaPublicKey, rsaPublicKey, rsaVerifyPkcs1v15, rsaVerifyPss,
} from "../../../assembly/crypto/rsa";
import { concat, fill, hex, text } from "./helpers";

const RFC7515_INPUT = "eyJhbGciOiJSUzI1NiJ9"
  + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const RFC7515_N =
  "a1f8160ae2e3c9b465ce8d2d656263362b927dbe29e1f02477fc1625cc90a136e38bd93497c5b6ea63dd7711e67c7429f956b0fb8a8f089a"
  + "dc4b69893cc1333f53edd019b87784252fec914fe4857769594bea4280d32c0f55bf62944f130396bc6e9bdf6ebdd2bda3678eeca0c668f7"
  + "01b38dbffb38c8342ce2fe6d27fade4a5a4874979dd4b9cf9adec4c75b05852c2c0f5ef8a5c1750392f944e8ed64c110c6b647609aa4783a"
  + "eb9c6c9ad755313050638b83665c6f6f7a82a396702a1f641b82d3ebf2392219491fb686872c5716f50af8358d9a8b9d17c340728f7f87d8"
  + "9a18d8fcab67ad84590c2ecf759339363c07034d6f606f9e21e05456cae5e9a1";
const RFC7515_SIG =
  "702e218943e88fd11eb5d82dbf7845f34106ae1b81fff7731116add1717d83656d420afd3c96eedd73a2663e5166687b000b87226e0187ed"
  + "1073f945e582adfcef16d85a798ee8c66ddb3db8975b17d09402beedd5d9d97007108db28160d5f8040ca7445762b81fbe7ff9d92e0ae76f"
  + "24f25b33bbe6f44ae61eb1040acb20044d3ef9128ed40130795bd4bd3b41eecad066ab651981fde48df77f372dc38b9fafdd3befb18b5da3"
  + "cc3c2eb02f9e3a41d612caad15911273a05f23b9e838faaf849d698429ef5a1e88798236c3d40e604522a544c8f27a7a2db80663d16cf7ca"
  + "ea56de405cb2215a45b2c25566b55ac1a748a070dfc8a32a469543d019eefb47";

const MESSAGE = "eyJhbGciOiJSUzI1NiIsImtpZCI6InVuaXQifQ"
  + ".eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoiYWxpY2UiLCJhdWQiOiJ0cmFlZmlrIn0";
const N2048 =
  "cdfa89c7deb2e7be48a0a301eba3b849066023d612bb2d6a177aa76ffd8ce3fa79795c104132a0f3104b9eb569dc4090db000cfddc1759f2"
  + "a4b93c6865ca4db58c0273e5e6c7654ab50ed5291bd9f073cfa2f23d3437e21e49a54cde5954030556edf153877e832486d90fb5ff67918d"
  + "33291085ca75536c931042febc8aa9c160b6e1252895077a80cc2253b532acf6060ad93137cd810fbb9609a68ee141d6e5a81a5e665321ba"
  + "b9dc1882a12eacfaf8980c6e833dfb818a42c5016295afa2ac6970e5c7abad8aeaa8f6851b8944036bfd6e2947c93d270b71b5a0e61c844c"
  + "00117fe2def3602fd43df78f60cfb030741d51f7cd4f1f10cf6f2563a4961951";
const RS256_2048 =
  "70b130246552242f3b200374a0afd656f152a3000309e04faa9b44063e1d4f720a2964c380e9032fdb94be15821d7763523a728bf2c0f5ee"
  + "458827258a7532b50cb7382115891c3ddc1131a4770dcc5f704d7e1315ad5cdfba09f634001a0e9c7b6e32a2b54761caa7efd8e7aa48b56c"
  + "012adf149a168d7f11d50d28837f82e07ab9eaff84aeaecb4a22d600af0310f2d987ecd6abb29b3f37a234b2eb5357e070d5fac7f86c7ffd"
  + "c802caa7ca601a81a0687802eb38dad7e0f944b70d0b77f3d34109c96372593e81d771c0483b7a425dbfa4ba149798830dc959742d3114e5"
  + "54e7586900d94ff78c65815a11b1025e32b6a8a10cc15118fda155c13d34c745";
const RS384_2048 =
  "cb34b72bf1eeb83b5bf02111e0a103651cb58b26a62b7ab0aadfbb6e8e104a217c82ce6a70637f00272abe0f81022b27845a6ccc8afb1e20"
  + "01f291366773eaa462ba53e577f39801b51ea1a80b2bdd0300c292cdf3e2925538fd28998737b2c10009cbc53e9cbcf60fab634cfef82acc"
  + "cd362e2a81a940e665c618feff9ed48320d93098ca63438c881b10a45b708ee2db5319ec69cb85154d584c87d4c3375ca41f36e67c115f02"
  + "2f2a6b0f2d7d70b3ad07a61e1bccb86aa7d011531a0e308cb3004f07e2d7729ca9efbbef779ccd30937fb9be5f38477052f3a4cd57b2c303"
  + "066fe41cf9bccc4fce9c96803eb9685446452bcb78849518ce95550ea54702e0";
const RS512_2048 =
  "04afc027a9bac14889e3f32125ed4dbe0e13e4c7721a9be8d9c75c0bcdf08a7be675791e58bb28e776dbcba37bd82d0734cedad12ebcee5c"
  + "f3d3aef281d5b4d9cd960a29ac698e3841973da4bbaa144ca1318b079fb6b89cfd391824bdd9e939080bd664c216ee54d044c8cc97e4e2fb"
  + "861ac61b8e6121483c54b1aa57328aecbce00050921997ac81a1c0106ae5fcdeca64ae1394bbd5970132673569151a3858105da3620131d9"
  + "17b6361303542cc418b6c24c0d60341109ab8a69cff51b40160440b851766ddcef0ebe598889799a8e4f6d5f2bbea43c6803fa300a8ac0b3"
  + "d3768cc1e4172fbe0a85fda43403b82f3e2f49b3d51ebd9070948bf2f6f46c4f";
const PS256_2048 =
  "9142a0c0342018b3fcc11026ff10412487c1af5f120583fc9c4e18ee28be312a0b1f6da018890b140c601f454d307b967da0e7f49097b8b5"
  + "6f4d3f94888f2dcfdba5f901412ff613159d40121aa625c7cc10da14152c3b885f63fba9d138e31f20b461abf352dbddafff45d8bfec8bf6"
  + "a28b764db692f7fc1ce88f679f8935449e20e4fc40a58903f99005b9b49e56cd7af3a90b1eb3655f2aba0d85f91de2f944efeb5df45bbd3b"
  + "1442e5fa37b0a85cc96ed33ade060aea40640d4b1a68a561b46290621a0fac61e23071be4a5ee65bf800bc36f3d66ccf98eefcf05896c800"
  + "dd7b0820ed647758fb6fbd2297452a6cc9d0f6c20c0c0e318c19f3df584d06a8";
const PS384_2048 =
  "29e9982ec4d58e5f7209ed61d98c4399ec8b5e7e4c979c73dca2566715b1c273fa7d68589521bf43fed61e8e026cbd36866eead1a8f4733d"
  + "1d7fa8b56015896791aa6334737707a0319bfe458bf8d8aab90781d6141469c1dc0e9139177b8428353cb4eaba3993bb040db964f64d21b3"
  + "9f3b8fa9bb1328672b3deac4a20b421c4d10bd291ec31b3768fc280784e02cac714330b088def976cb9a2cf27add692faf2c4b33a7d44b34"
  + "c56495a5fe97e26ebb55970b8ccb922c290a09786a7ad60be664d329273aa9ea0bf320a51450bde7761ebea4eb424d0e9fcdc6719885d21b"
  + "a9e01a895ac1be3969245842db49f0a04c0798d08f946bd0e9ef9df036ae77be";
const PS512_2048 =
  "71f501665836a84b3a930db04426560b860557a246d968cfc0111b2756ac70f7f6284a0da26f618746ff222b741bf9ce37df24ca8918a70c"
  + "42aa3bfab64cb2faa09536e54a5c40e8c3e37c86b12a9c36a6311015a8aa4ba25be9dd70066882a465e2dc36d086098726adfbea0abe2463"
  + "b32de10fd412a4134cb99c12dac72712cab6ebe900772d957c09cee60db19b28d8bcadd015ab4c1140169f2608d57b3e7de142f6854c81d3"
  + "981faa5fb4eaf84b3fd5b74aed9da757bf492ba16a8a22b24838e10dbfbfda2738c52951ef8028027f69302fc48bb2e1ace6242692c83010"
  + "d678ca77209558bceda86bfceee3c7a543431541cb2f0546ade10634ea0d1dbc";
const PS256_SALT0_2048 =
  "3b9e3e683288cf36af7fcc7e72f885344012077a300ca4048596655b927c62924b0505432254417fcb305f66a4e61ef166f7d1638225fda2"
  + "2811a17399494436628fefd93dc5ad3d67e724bc7077c567ce4598519b934c1fd369bface922d9419b364363a1ebbdbdb9c8670660062857"
  + "293e26690f96bc843a41b047576ec8623a65c37ce6f71b73135f33b0d0f805544d81588a0f494615fc0047a429725d0b975789e05c8f1c94"
  + "4fba6d3c54a7607f9f9ab653a426f3eadaa1efd781f3b0390347d880bae706197382993ddf918de1f22c066e372ef7a8deac13cafbf11b99"
  + "66cf9f2aa2a133d8e06e7376a52d54c21957e3bff8c50788fd4f3562faa720cb";
const PS256_SALT20_2048 =
  "a34130d0d801b41a1cac76afe0ea88154164260c7f74869f50ac1e18c8f9f67bcb38c068a6a0ffceab2735a92177895c9d837dc0d5670eee"
  + "1f2475a6dab03a882f0bdff426aaa71c78b0bdac3d7cc0cc59dd2caba4c58ec9b37573dae6039734d82ce935b32a780e717be28c6ad96aeb"
  + "c8b1d6018c49230fcb0eaa81741ba9eead9d6ab32d2c113975f49d05214842c0c699ca991e0df8184302e6c73021cb98a208dc07e5185e57"
  + "d08a88684f25face7ec7bda5cefc023c90e913a6de3300fe3820d380e934f3f9dda64b5d2d2281b92835c623ca345ed761a5d50667dc3ae4"
  + "3aaeeb769ebfc0117ad0fed5d3a7eb1f99e371f93665f81b49e0139833fad5f7";
const PS256_SALT33_2048 =
  "8efe6d94fcb5ce514c60cc0d708b10941598c83b0b605e25da4e74a37720ab1b6852406400f75ff5b78e540d36d5038d02908db454995832"
  + "f58d4bb5163416f8cd2dc6abcfcab6a8e41568ba600f2287d1d49a2ddb246cb9a750ee7b0308bc592e1d7102494e4bc74a89e7fe7ccafe4b"
  + "8a1b3781c1820e3d30c8b28c40879a8bd6d92dee12f2eb8af36da231410f96729fbfec36e3b44daa488f8386cd99999d227ed001fda83160"
  + "6ed5c3668cc6931b20d1cebf802d2e33672b9109a9af19f8b8847e151239ecbc5a5768cd56147dc2f9488b7490b7c8b160db1c3b58d069f0"
  + "6e416594fa15bfef3965e60783fa112971531d48c5e40000ed1f4e7fe4ab9500";
const N4096 =
  "8ee90d70e52b4666f3af57e4227385b8cb3b6585b17d1a5ddae34ead13656755a3012ecbb6b022bc346423b0be462def0593a6ffb4007508"
  + "ad581a7177e759730f20f00e0763495fc00116f9f91ea25daedfbb1e3cfcb13ed403e71866a577854fb74d9b44bd88fe28df37263b55a9a3"
  + "0a0dbce4741917c3c2d11df104baba0f98a47903304c0e5039cf4cb322f688056dda1f5817bd3b7d6e031b0ba65aeb260103463881b9f63c"
  + "49a40a5529d88b6808d4987c043fb96310f5f0b001309f7c518cc92d223074a61f66a6f9b6f158198e232463afdcb2fb36c0677c01e516c3"
  + "0642d94fef11fb0a2ec49292421021b190f1ee10e8b43d77b9c88b8ca8ae5a6f72c2be597cff97977153f4d049091165eb8ab941d74f9a00"
  + "c4421de44ed28c9466cc085c756e09d5181d66d1f92949a3e21cf15e99c06bd071bc205328a179b50c4618bbf5bf1e3873102ccc037bd96b"
  + "08cf6ca75462632119780b9ee138d8070ee0da64088ddc8774fdaf5466c4aedd2295ccde8d74ad2082303d3b6f45ffa996754ac674874f7f"
  + "2d969d05b4e90bc49bb9ea041108e798a9bcf9eaaece14fd97a6591fc33d0eb9919d384719555c2aa03e0cc58c5a716c823587d06b4df297"
  + "57deeb23df9db8e1fa44e291c5282face66cc72c53fe81de4533888b2c1964fce6222ca5b6b83869052db886b1bea2ee692a7a76d1a9d37c"
  + "ad6b732b932245a5";
const RS256_4096 =
  "6e2962dd538518d5afdc6ef06453f351b15a057b8124c92079cd3c1a70cac34bfff9b4f5edd51c73c26992319b99a20c25e8de6ce5c88927"
  + "9b68bb53220281286769051a9ae166ecd5dc013cb7d768d1c4b1c4da6b7b8e7a7a5a2a366883e5db3b56aa39ac5215be4523ee0048a78a5a"
  + "28315c987712e8b9c21946c6dedd3ce7b90fd8262784add0f2f92cc6e48893ecfd341485dcf5cefb616e3fea318e0863dfa478beaee35d24"
  + "0e48455f7b1401a68334920c90dbfa35221842d9f6690a586c3f27514418e1ac2517f666a058cf9c7ac718aebda262871a50158c01a2d948"
  + "3b9cee1e87892a3c89c7011c0251e1fee0327c7f3bd04dc77619a77bbedaf13d027de3d1edf035cb29842728f3e1b6f60272e3fbedb409f4"
  + "ee100b3596b7b72b9179cf787486ea449b2717e2df5481ce20fcab49e541d9d03b4fe5becbe7eee2ab5ecb489793971409afab8cf0a9aab1"
  + "079288da1bfecc91f8f9fde2e9fd88bf762f5a13edca04f137f54b916e858c9250c610e6c549325ef94eb79b13d7c863adee2e606c8ae9df"
  + "59fbc258c1618a8a205fe93a35125eeddc44a9d38b555196b34e1df81fbfd13270f5885bec28b6d6182cbe379a2de984b51b3623ee5b7300"
  + "5895946c6a0aa0165db44c9ff86ae994096a79b46113e350e9e0b5e09d1971e4a805416eeb5c38d14de4094e48f3df382dcf287d522ff699"
  + "3b964f12d8a33adb";
const PS512_4096 =
  "4ff81b8c0d31676faf0788f8ec5b911004a5c82dd76d20d4d236a7071f2077ec45a027c7cefbfc8e5f23b2a96458e0345607078ea43d06fd"
  + "7f37e8553f1debc38cc41f134b1b843d125986d2c918c84e9105b0596b34a92a6715902b3edb847e8389b21f02bcdd6eb177fc34b72e52d0"
  + "7716099a41967cd0562138829421347395816044205fc13e24c4662df2ca9f0024aad372368e7a031deb67cfd3020212daa6ac4c102d725d"
  + "e0d0aaa3aa20ee8f420853892b2cd21554f65b50707b1f120ccec1be4aa6c3a53e55f9c344fd899ab62d6f796d1eb8c9e4ebf42d9ce9e4f0"
  + "e87a408d18dcf4f05a2cbcfab3eb62bb9ab32ea70ef98cdb48196752bb5a600bdf71215c6eddeac70bd9dfacb7c7fe60567dec81060be8d7"
  + "e161d2d81c354241eed7c76c7f2227a99650f3b521cde4d258d9b589a69b369a7d30ff12d6734b2caec43b94327df41088bb0fbb1db11a63"
  + "76d15f011fa987318ef4b1a2dd2a1615bb6a35f064af29cdf2a82519786cab18550821727a0a8080d5deac4115dea86f183bb8d127f5a256"
  + "720fbec0513f72c23d9747e90f35592316e2f84ebb1ff20cf4a3dca6845aaae70944fd2ad3b3ffb286b8be68bfb6bec786b3cdc9a7cf07d0"
  + "1bcd572c087beab54831d03897ff96fedf7799511d337ca80c9f32e63efe7136a7331691c308fe141abd92876937350a54a9a743ca90fa04"
  + "1e5e974d97edb4fa";
const N1024 =
  "d6ae3ce781831760422737a01882dae29004c1fcbb56c76ef5b644f133019758f93fa39771e985a38f4407c7cb6d2f5700c78f2d146574f0"
  + "34a964d7aab92b3d97c25226a622a358272dbfae5132b1400114af424a2822c0c764e608152f1ca5f541fc046dfe38a4dfae8dbdd453d656"
  + "bd3e92430a17b9779948db50f45cdc6d";

// The salt lengths node:crypto used for the PS256_SALT* vectors are in their names: 0, 20 and 33 bytes, all wrong
// for PS256, which takes exactly 32.

const E65537 = hex("010001");

function key(n: string): RsaPublicKey {
  return rsaPublicKey(hex(n), E65537)!;
}

function pkcs1(k: RsaPublicKey, hash: i32, sig: string, message: string = MESSAGE): bool {
  return rsaVerifyPkcs1v15(k, hash, text(message), hex(sig));
}

function pss(k: RsaPublicKey, hash: i32, sig: string, message: string = MESSAGE): bool {
  return rsaVerifyPss(k, hash, text(message), hex(sig));
}

// flip returns sig (hex) with byte i XORed with x.
function flip(sig: string, i: i32, x: u8): Uint8Array {
  const b = hex(sig);
  b[i] ^= x;
  return b;
}

describe("RSASSA-PKCS1-v1_5 verification", () => {
  it("verifies the RFC 7515 Appendix A.2 RS256 example", () => {
    const k = rsaPublicKey(hex(RFC7515_N), hex("010001"))!;
    expect(k.bits).toBe(2048);
    expect(pkcs1(k, 256, RFC7515_SIG, RFC7515_INPUT)).toBe(true);
    expect(pkcs1(k, 256, RFC7515_SIG, RFC7515_INPUT + ".")).toBe(false);
  });

  it("verifies RS256, RS384 and RS512 signatures of a 2048-bit key", () => {
    const k = key(N2048);
    expect(pkcs1(k, 256, RS256_2048)).toBe(true);
    expect(pkcs1(k, 384, RS384_2048)).toBe(true);
    expect(pkcs1(k, 512, RS512_2048)).toBe(true);
  });

  it("verifies RS256 with a 4096-bit key", () => {
    const k = key(N4096);
    expect(k.bits).toBe(4096);
    expect(k.bytes).toBe(512);
    expect(pkcs1(k, 256, RS256_4096)).toBe(true);
  });

  it("fails for another message, another hash, or a changed byte at either end or in the middle", () => {
    const k = key(N2048);
    expect(pkcs1(k, 256, RS256_2048, MESSAGE + " ")).toBe(false);
    expect(pkcs1(k, 256, RS256_2048, MESSAGE.slice(1))).toBe(false);
    expect(pkcs1(k, 384, RS256_2048)).toBe(false);
    expect(pkcs1(k, 512, RS384_2048)).toBe(false);
    for (let i = 0; i < 256; i += 51) {
      expect(rsaVerifyPkcs1v15(k, 256, text(MESSAGE), flip(RS256_2048, i, 1))).toBe(false);
    }
    expect(rsaVerifyPkcs1v15(k, 256, text(MESSAGE), flip(RS256_2048, 255, 0x80))).toBe(false);
  });

  it("fails for a PSS signature and for unknown hash values", () => {
    const k = key(N2048);
    expect(pkcs1(k, 256, PS256_2048)).toBe(false);
    expect(pkcs1(k, 0, RS256_2048)).toBe(false);
    expect(pkcs1(k, 1, RS256_2048)).toBe(false);
    expect(pkcs1(k, 224, RS256_2048)).toBe(false);
    expect(pkcs1(k, -256, RS256_2048)).toBe(false);
  });
});

describe("RSASSA-PSS verification", () => {
  it("verifies PS256, PS384 and PS512 signatures of a 2048-bit key", () => {
    const k = key(N2048);
    expect(pss(k, 256, PS256_2048)).toBe(true);
    expect(pss(k, 384, PS384_2048)).toBe(true);
    expect(pss(k, 512, PS512_2048)).toBe(true);
  });

  it("verifies PS512 with a 4096-bit key", () => {
    expect(pss(key(N4096), 512, PS512_4096)).toBe(true);
  });

  it("fails for salt lengths other than the hash length (RFC 7518 §3.5)", () => {
    const k = key(N2048);
    expect(pss(k, 256, PS256_SALT0_2048)).toBe(false);
    expect(pss(k, 256, PS256_SALT20_2048)).toBe(false);
    expect(pss(k, 256, PS256_SALT33_2048)).toBe(false);
  });

  it("fails for another message, another hash, a PKCS #1 v1.5 signature or a changed byte", () => {
    const k = key(N2048);
    expect(pss(k, 256, PS256_2048, MESSAGE + " ")).toBe(false);
    expect(pss(k, 384, PS256_2048)).toBe(false);
    expect(pss(k, 256, RS256_2048)).toBe(false);
    expect(pss(k, 0, PS256_2048)).toBe(false);
    for (let i = 0; i < 256; i += 51) {
      expect(rsaVerifyPss(k, 256, text(MESSAGE), flip(PS256_2048, i, 0x10))).toBe(false);
    }
  });
});

describe("signature length and range (RFC 8017 §8.2.2 step 1, §5.2.2 step 1)", () => {
  it("fails for a signature one byte short or long, even with the same value", () => {
    const k = key(N2048);
    const sig = hex(RS256_2048);
    expect(rsaVerifyPkcs1v15(k, 256, text(MESSAGE), sig.subarray(1))).toBe(false);
    expect(rsaVerifyPkcs1v15(k, 256, text(MESSAGE), concat(new Uint8Array(1), sig))).toBe(false);
    expect(rsaVerifyPss(k, 256, text(MESSAGE), concat(new Uint8Array(1), hex(PS256_2048)))).toBe(false);
    expect(rsaVerifyPkcs1v15(k, 256, text(MESSAGE), new Uint8Array(0))).toBe(false);
  });

  it("fails for a signature equal to n or above it", () => {
    const k = key(N2048);
    expect(pkcs1(k, 256, N2048)).toBe(false);
    expect(pss(k, 256, N2048)).toBe(false);
    expect(rsaVerifyPkcs1v15(k, 256, text(MESSAGE), fill(0xff, 256))).toBe(false);
    expect(rsaVerifyPss(k, 512, text(MESSAGE), fill(0xff, 256))).toBe(false);
  });

  it("fails for signatures 0 and 1, whose powers are themselves", () => {
    const k = key(N2048);
    const one = new Uint8Array(256);
    one[255] = 1;
    expect(rsaVerifyPkcs1v15(k, 256, text(MESSAGE), new Uint8Array(256))).toBe(false);
    expect(rsaVerifyPkcs1v15(k, 256, text(MESSAGE), one)).toBe(false);
    expect(rsaVerifyPss(k, 256, text(MESSAGE), one)).toBe(false);
  });
});

describe("rsaPublicKey", () => {
  it("accepts 2048 to 4096-bit keys and reports bits and bytes", () => {
    expect(key(N2048).bits).toBe(RSA_MIN_BITS);
    expect(key(N2048).bytes).toBe(256);
    expect(key(N4096).bits).toBe(RSA_MAX_BITS);
    expect(key(N2048).exponent).toBe(65537);
  });

  it("strips leading zeros from n and e", () => {
    const k = rsaPublicKey(concat(new Uint8Array(3), hex(N2048)), hex("0000000000010001"))!;
    expect(k.bits).toBe(2048);
    expect(pkcs1(k, 256, RS256_2048)).toBe(true);
  });

  it("refuses a 1024-bit key, and any modulus shorter than 2048 or longer than 4096 bits", () => {
    expect(rsaPublicKey(hex(N1024), E65537)).toBeNull();
    expect(rsaPublicKey(hex(N2048).subarray(1), E65537)).toBeNull(); // 2040 bits
    expect(rsaPublicKey(concat(hex("01"), hex(N4096)), E65537)).toBeNull(); // 4097 bits
    expect(rsaPublicKey(new Uint8Array(0), E65537)).toBeNull();
    expect(rsaPublicKey(new Uint8Array(256), E65537)).toBeNull();
    expect(rsaPublicKey(fill(0xff, 100000), E65537)).toBeNull();
  });

  it("refuses an even modulus", () => {
    const n = hex(N2048);
    n[255] ^= 1;
    expect(rsaPublicKey(n, E65537)).toBeNull();
  });

  it("refuses e = 0, 1 and 2, even exponents, and an empty e", () => {
    const n = hex(N2048);
    expect(rsaPublicKey(n, new Uint8Array(0))).toBeNull();
    expect(rsaPublicKey(n, hex("00"))).toBeNull();
    expect(rsaPublicKey(n, hex("01"))).toBeNull();
    expect(rsaPublicKey(n, hex("0001"))).toBeNull();
    expect(rsaPublicKey(n, hex("02"))).toBeNull();
    expect(rsaPublicKey(n, hex("010000"))).toBeNull();
    expect(rsaPublicKey(n, hex("03"))).not.toBeNull();
  });

  it("refuses e longer than 8 bytes, and e >= n", () => {
    const n = hex(N2048);
    expect(rsaPublicKey(n, hex("ffffffffffffffff"))!.exponent).toBe(u64.MAX_VALUE);
    expect(rsaPublicKey(n, hex("010000000000000001"))).toBeNull();
    expect(rsaPublicKey(n, n)).toBeNull();
  });

  it("keys with e = 3 verify nothing signed for e = 65537", () => {
    const k = rsaPublicKey(hex(N2048), hex("03"))!;
    expect(pkcs1(k, 256, RS256_2048)).toBe(false);
  });
});
