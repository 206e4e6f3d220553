// Member names: the hash that duplicate detection compares first, and a small cache that lets a parser reuse the
// string of a short ASCII name it has read before, as JWT claims and JOSE headers repeat the same names in every
// document. Strings are immutable, so sharing one between documents cannot be observed.

import { widenAscii } from "./scan";

// Cache slots (a power of two), and the longest name in bytes worth caching.
// @ts-ignore: decorator
@inline const SLOTS: i32 = 256;
// @ts-ignore: decorator
@inline const MAX_CACHED: i32 = 32;
// @ts-ignore: decorator
@inline const FNV_BASIS: u32 = 0x811c9dc5;
// @ts-ignore: decorator
@inline const FNV_PRIME: u32 = 0x01000193;

/** nameHash hashes the UTF-16 units of s; equal strings have equal hashes. */
export function nameHash(s: string): u32 {
  const p = changetype<usize>(s);
  const n = s.length;
  let h = FNV_BASIS ^ <u32>n;
  for (let i = 0; i < n; i++) h = (h ^ <u32>load<u16>(p + (<usize>i << 1))) * FNV_PRIME; // i < length
  return h ^ (h >> 15);
}

/** asciiHash is nameHash of the string of the n ASCII bytes at src, whose units are the byte values. */
export function asciiHash(src: usize, n: i32): u32 {
  let h = FNV_BASIS ^ <u32>n;
  for (let i = 0; i < n; i++) h = (h ^ <u32>load<u8>(src + <usize>i)) * FNV_PRIME; // i < n: the caller's bytes
  return h ^ (h >> 15);
}

/** asciiString returns a new string of the n ASCII bytes at src. */
// @ts-ignore: decorator
@inline export function asciiString(src: usize, n: i32): string {
  if (n == 0) return "";
  const s = __new(<usize>n << 1, idof<String>());
  widenAscii(s, src, n); // s holds exactly n units
  return changetype<string>(s);
}

/** NameCache maps short ASCII names to strings already made, in two candidate slots per hash. */
export class NameCache {
  private slots: StaticArray<string | null> = new StaticArray<string | null>(SLOTS);

  /** name returns a string of the n ASCII bytes at src, whose asciiHash is h, reused from the cache if one matches. */
  name(src: usize, n: i32, h: u32): string {
    if (n > MAX_CACHED) return asciiString(src, n);
    // Slots are read as addresses: nothing allocates before a cached string is returned, so it needs no GC root
    // here (and `=== null` on a string would call String.__eq).
    const slots = changetype<usize>(this.slots);
    const a = slots + ((<usize>h & (SLOTS - 1)) << alignof<usize>()); // masked below SLOTS
    const b = slots + ((<usize>(h >> 8) & (SLOTS - 1)) << alignof<usize>()); // masked below SLOTS
    const sa = load<usize>(a);
    if (sa != 0 && sameAscii(sa, src, n)) return changetype<string>(sa);
    const sb = load<usize>(b);
    if (sb != 0 && sameAscii(sb, src, n)) return changetype<string>(sb);
    const s = asciiString(src, n);
    store<usize>(sa == 0 || sb != 0 ? a : b, changetype<usize>(s)); // the first free slot, else a
    __link(slots, changetype<usize>(s), true); // the write barrier of that store
    return s;
  }
}

// Whether the string at p is exactly the n ASCII bytes at src.
// @ts-ignore: decorator
@inline function sameAscii(p: usize, src: usize, n: i32): bool {
  if (changetype<string>(p).length != n) return false;
  let k = 0;
  // k + 8 <= n: both the 8 bytes at src + k and the 8 units at p + 2k lie inside their owners.
  for (; k <= n - 8; k += 8) {
    if (!i16x8.all_true(i16x8.eq(v128.load8x8_u(src + <usize>k), v128.load(p + (<usize>k << 1))))) return false;
  }
  for (; k < n; k++) if (<u32>load<u16>(p + (<usize>k << 1)) != <u32>load<u8>(src + <usize>k)) return false;
  return true;
}
