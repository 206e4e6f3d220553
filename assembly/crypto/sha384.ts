// SHA-384 (FIPS 180-4 §6.5): the SHA-512 block function from another initial value, truncated to 48 bytes.

import { Sha512Core } from "./sha512";

/** SHA384_BYTES is the digest length; the block length is SHA-512's (SHA512_BLOCK_BYTES). */
export const SHA384_BYTES: i32 = 48;

// FIPS 180-4 §5.3.4: the initial hash value H(0) of SHA-384.
const IV384 = memory.data<u64>([
  0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
  0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4,
]);

/** Sha384 is streaming SHA-384: digest() ends the message and resets the object; copyFrom() snapshots it. */
export class Sha384 extends Sha512Core {
  constructor() {
    super(IV384, SHA384_BYTES);
  }
}

// One instance serves every one-shot call: a guest runs one call at a time and digest() leaves it reset.
const oneShot = new Sha384();

/** sha384 returns the SHA-384 hash of data. */
export function sha384(data: Uint8Array): Uint8Array {
  return oneShot.update(data).digest();
}
