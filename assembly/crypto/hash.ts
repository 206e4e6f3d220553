// The contract HMAC (hmac.ts) needs of a hash function. Sha256 and Sha512Core (SHA-512, SHA-384) extend it, and
// Hmac<H extends HashFunction> is instantiated per hash, so every call below resolves statically: no dispatch.

/**
 * HashFunction is a streaming hash. Each subclass also has copyFrom(other: Self): this, which continues from
 * other's state; it is left out here because its parameter type is the subclass itself.
 */
export abstract class HashFunction {
  /** reset starts a new, empty message. */
  abstract reset(): this;
  /** updateAt appends the len bytes at ptr; the caller guarantees they lie inside a live buffer. */
  abstract updateAt(ptr: usize, len: i32): this;
  /** finalAt ends the message, writes digestBytes() bytes of hash at out and resets the object. */
  abstract finalAt(out: usize): void;
  /** blockBytes is the block length that HMAC pads keys to. */
  abstract blockBytes(): i32;
  /** digestBytes is the length of the hash. */
  abstract digestBytes(): i32;
}
