// RSA signature verification (RFC 8017 §8): RSASSA-PKCS1-v1_5 and RSASSA-PSS over SHA-256, SHA-384 and SHA-512,
// the way JWS RS256..RS512 and PS256..PS512 use them (RFC 7518 §3.3, §3.5). Verification only, on public values:
// nothing here is constant time, nor needs to be. Every failure is false or null, never a trap.

import { BIGNUM_MAX_BYTES, bigNumFromBytes, compareBigNum } from "./bignum";
import { HashFunction } from "./hash";
import { Montgomery, montgomery } from "./montgomery";
import { Sha256 } from "./sha256";
import { Sha384 } from "./sha384";
import { Sha512 } from "./sha512";

/** RSA_MIN_BITS and RSA_MAX_BITS bound the modulus rsaPublicKey accepts. */
export const RSA_MIN_BITS: i32 = 2048;
export const RSA_MAX_BITS: i32 = 4096;
/** RSA_MAX_EXPONENT_BYTES bounds the public exponent, leading zeros not counted. */
export const RSA_MAX_EXPONENT_BYTES: i32 = 8;

// @ts-ignore: decorator
@inline const MAX_DIGEST_BYTES: i32 = 64;

// RFC 8017 §9.2 note 1: DER of DigestInfo up to the hash value, with the NULL parameters every signer we know of
// (OpenSSL, Go, Java, .NET) writes. The form without parameters is refused, as Go's and BoringSSL's verifiers do.
const PREFIX_SHA256 = memory.data<u8>([
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
]);
const PREFIX_SHA384 = memory.data<u8>([
  0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30,
]);
const PREFIX_SHA512 = memory.data<u8>([
  0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40,
]);
// @ts-ignore: decorator
@inline const PREFIX_BYTES: i32 = 19;

// Scratch for one verification at a time (a guest runs one call at a time): the expected PKCS #1 v1.5 encoding or
// the unmasked PSS data block, the message hash, H' and one MGF1 block, and MGF1's counter. Eight zero bytes lead
// the PSS M' (§9.1.2 step 12).
const ENCODED = memory.data(BIGNUM_MAX_BYTES, 16);
const M_HASH = memory.data(MAX_DIGEST_BYTES, 16);
const H_PRIME = memory.data(MAX_DIGEST_BYTES, 16);
const MGF_BLOCK = memory.data(MAX_DIGEST_BYTES, 16);
const COUNTER = memory.data(4, 4);
const ZEROS = memory.data(8, 8);

const sha256 = new Sha256();
const sha384 = new Sha384();
const sha512 = new Sha512();

/**
 * RsaPublicKey is a checked RSA public key (n, e) with its Montgomery constants precomputed, so that each
 * verification costs only the exponentiation. Make one with rsaPublicKey().
 */
export class RsaPublicKey {
  /** bits is the modulus bit length; bytes = ceil(bits / 8), the length k of every signature. */
  readonly bits: i32;
  readonly bytes: i32;
  /** exponent is e. */
  readonly exponent: u64;
  private mont: Montgomery;

  constructor(mont: Montgomery, exponent: u64) {
    this.mont = mont;
    this.bits = mont.bits;
    this.bytes = (mont.bits + 7) >> 3;
    this.exponent = exponent;
  }

  /**
   * recover is RSAVP1 (RFC 8017 §5.2.2) written as k bytes, or null when the signature is not exactly k bytes
   * long (§8.1.2 and §8.2.2 step 1) or not below n (§5.2.2 step 1).
   */
  recover(signature: Uint8Array): Uint8Array | null {
    if (signature.length != this.bytes) return null;
    const s = bigNumFromBytes(signature);
    if (s === null) return null;
    const m = this.mont.modPow(s, this.exponent);
    return m === null ? null : m.toBytes(this.bytes);
  }
}

/**
 * rsaPublicKey checks an RSA public key given as big-endian bytes (leading zero bytes allowed and ignored, as JWK
 * producers sometimes add one) and returns it ready for verification, or null when it refuses it:
 * - a modulus below RSA_MIN_BITS: RFC 7518 §3.3 and §3.5 require 2048 bits or more for RS* and PS*;
 * - a modulus above RSA_MAX_BITS: the cost of verifying grows with its square, and nothing larger is in use;
 * - an even modulus: not a product of odd primes (RFC 8017 §3.1), and Montgomery reduction needs it odd;
 * - e below 3 or even, or e >= n: RFC 8017 §3.1 asks 3 <= e <= n - 1 with gcd(e, lambda(n)) = 1, which an even e
 *   fails; e = 1 would make every message its own signature;
 * - e longer than RSA_MAX_EXPONENT_BYTES: real keys use 65537, and a long e would only make verification slow.
 */
export function rsaPublicKey(n: Uint8Array, e: Uint8Array): RsaPublicKey | null {
  const modulus = bigNumFromBytes(n);
  if (modulus === null) return null;
  const bits = modulus.bitLength();
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS || !modulus.isOdd()) return null;
  const exponent = bigNumFromBytes(e);
  if (exponent === null || exponent.bitLength() > RSA_MAX_EXPONENT_BYTES * 8) return null;
  const ev = exponent.low64();
  if (ev < 3 || (ev & 1) == 0 || compareBigNum(exponent, modulus) >= 0) return null;
  const mont = montgomery(modulus);
  return mont === null ? null : new RsaPublicKey(mont, ev);
}

/**
 * rsaVerifyPkcs1v15 is RSASSA-PKCS1-V1_5-VERIFY (RFC 8017 §8.2.2): whether signature is key's signature of
 * message with SHA-`hash` (256, 384 or 512). It rebuilds the whole expected encoded message and compares all k
 * bytes, so no part of the signature is parsed, leniently or otherwise. Any other hash value answers false.
 */
export function rsaVerifyPkcs1v15(key: RsaPublicKey, hash: i32, message: Uint8Array, signature: Uint8Array): bool {
  const h = hashFor(hash);
  if (h === null) return false;
  const em = key.recover(signature);
  if (em === null) return false;
  // §9.2 EMSA-PKCS1-v1_5: EM = 0x00 || 0x01 || PS (0xff bytes) || 0x00 || DigestInfo, DigestInfo = prefix || H.
  const k = key.bytes, hLen = h.digestBytes(), tLen = PREFIX_BYTES + hLen;
  if (k < tLen + 11) return false; // §9.2 step 3; k >= 256 here, so only a safeguard
  // EM' is built in ENCODED (BIGNUM_MAX_BYTES >= k bytes); em holds k bytes (recover).
  const psEnd = ENCODED + <usize>(k - tLen - 1);
  store<u8>(ENCODED, 0x00);
  store<u8>(ENCODED, 0x01, 1);
  memory.fill(ENCODED + 2, 0xff, psEnd - ENCODED - 2);
  store<u8>(psEnd, 0x00);
  memory.copy(psEnd + 1, prefixFor(hash), <usize>PREFIX_BYTES);
  h.reset().updateAt(message.dataStart, message.length).finalAt(psEnd + 1 + <usize>PREFIX_BYTES);
  // §8.2.2 step 4: compare EM and EM'. Everything compared is public, so an early exit is fine.
  return memory.compare(em.dataStart, ENCODED, <usize>k) == 0;
}

/**
 * rsaVerifyPss is RSASSA-PSS-VERIFY (RFC 8017 §8.1.2): whether signature is key's PSS signature of message with
 * SHA-`hash` (256, 384 or 512), MGF1 over the same hash, and a salt exactly as long as the hash, as RFC 7518 §3.5
 * requires for PS256..PS512. Other salt lengths fail. Any other hash value answers false.
 */
export function rsaVerifyPss(key: RsaPublicKey, hash: i32, message: Uint8Array, signature: Uint8Array): bool {
  const h = hashFor(hash);
  if (h === null) return false;
  const em = key.recover(signature);
  if (em === null) return false;
  // §8.1.2 step 2c: EM = I2OSP(m, emLen) with emLen = ceil((modBits - 1) / 8). When modBits - 1 is a multiple of
  // 8, emLen is k - 1, and an m needing all k bytes is "integer too large": its leading byte must be zero.
  const emBits = key.bits - 1, emLen = (emBits + 7) >> 3;
  let p = em.dataStart;
  if (emLen < em.length) {
    if (load<u8>(p) != 0) return false;
    p++;
  }
  return emsaPssVerify(h, message, p, emLen, emBits);
}

// emsaPssVerify is EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with sLen = hLen, on the emLen bytes at em. Every load and
// store stays in em's emLen bytes, DB's dbLen < emLen <= BIGNUM_MAX_BYTES bytes in ENCODED, or a digest buffer.
function emsaPssVerify(h: HashFunction, message: Uint8Array, em: usize, emLen: i32, emBits: i32): bool {
  const hLen = h.digestBytes(), sLen = hLen;
  h.reset().updateAt(message.dataStart, message.length).finalAt(M_HASH); // step 2
  if (emLen < hLen + sLen + 2) return false; // step 3
  if (load<u8>(em + <usize>(emLen - 1)) != 0xbc) return false; // step 4
  // Step 5: maskedDB is the first dbLen bytes, H the hLen after them.
  const dbLen = emLen - hLen - 1;
  const hAt = em + <usize>dbLen;
  // Step 6: the leftmost 8emLen - emBits bits (0 to 7) of maskedDB must be zero.
  const topMask = <u8>(<u32>0xff >> <u32>(8 * emLen - emBits));
  if ((load<u8>(em) & ~topMask) != 0) return false;
  // Steps 7-9: DB = maskedDB XOR MGF1(H, dbLen), its leftmost 8emLen - emBits bits cleared.
  mgf1Xor(h, hAt, em, ENCODED, dbLen);
  store<u8>(ENCODED, load<u8>(ENCODED) & topMask);
  // Step 10: DB = PS (emLen - hLen - sLen - 2 zero bytes) || 0x01 || salt. A salt of another length puts the 0x01
  // elsewhere, so this is where PS signatures with other salt lengths fail.
  const psLen = emLen - hLen - sLen - 2;
  for (let i = 0; i < psLen; i++) if (load<u8>(ENCODED + <usize>i) != 0) return false;
  if (load<u8>(ENCODED + <usize>psLen) != 0x01) return false;
  // Steps 11-13: H' = Hash(0x00 * 8 || mHash || salt), the salt being DB's last sLen bytes.
  h.reset().updateAt(ZEROS, 8).updateAt(M_HASH, hLen).updateAt(ENCODED + <usize>(dbLen - sLen), sLen).finalAt(H_PRIME);
  return memory.compare(hAt, H_PRIME, <usize>hLen) == 0; // step 14
}

// mgf1Xor writes len bytes of src XOR MGF1(seed, len) to dst (RFC 8017 §B.2.1): the mask is Hash(seed || C) for
// C = 0, 1, ... as 4 big-endian bytes, cut to len. seed is hLen bytes and must not overlap dst; len <= 512.
function mgf1Xor(h: HashFunction, seed: usize, src: usize, dst: usize, len: i32): void {
  const hLen = h.digestBytes();
  for (let done = 0, counter: u32 = 0; done < len; counter++) {
    store<u32>(COUNTER, bswap<u32>(counter));
    h.reset().updateAt(seed, hLen).updateAt(COUNTER, 4).finalAt(MGF_BLOCK);
    const n = min(hLen, len - done);
    for (let j = 0; j < n; j++) {
      const at = <usize>(done + j);
      store<u8>(dst + at, load<u8>(src + at) ^ load<u8>(MGF_BLOCK + <usize>j));
    }
    done += n;
  }
}

// hashFor is the hash object for SHA-`bits`, or null for any other value. The objects are shared: each use
// starts with reset().
function hashFor(bits: i32): HashFunction | null {
  if (bits == 256) return sha256;
  if (bits == 384) return sha384;
  if (bits == 512) return sha512;
  return null;
}

function prefixFor(bits: i32): usize {
  return bits == 256 ? PREFIX_SHA256 : bits == 384 ? PREFIX_SHA384 : PREFIX_SHA512;
}
