// Byte helpers the differential tests and benchmarks share: joining inputs for a probe guest's one buffer, and
// big-endian integers of a fixed width for field elements and scalars.
import { toHex } from "./inprocess_guest.js";

/** concat joins parts into one array (a probe guest takes its inputs in one buffer). */
export function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

/** toBytes is v big-endian in exactly len bytes (v must fit). */
export function toBytes(v: bigint, len: number): Uint8Array {
  return Buffer.from(v.toString(16).padStart(2 * len, "0"), "hex");
}

/** fromBytes reads b as a big-endian unsigned integer; empty is 0. */
export function fromBytes(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt("0x" + toHex(b));
}
