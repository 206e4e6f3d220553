// Random bytes from the host through WASI `random_get`, for nonces, session ids, state, PKCE verifiers and keys.
//
// Only the socket-enabled host gives cryptographic randomness: Traefik serves wazero's preview1 unless the module
// imports a socket function, and wazero's random_get is math/rand seeded with 42, the same bytes in every new
// instance. With a socket import Traefik switches to wasi-go, whose random_get is crypto/rand
// (traefik-wasm-host.md §4.2). plugin.wasm always imports the socket extension (assembly/abi/wasi.ts), so in
// plugin.wasm these bytes are crypto/rand's. Fixture guests without socket imports get wazero's fixed stream.

import { random_get, WasiErrno } from "../abi/wasi";

/** MAX_RANDOM_BYTES bounds one request: far above any key or nonce, far below what would strain memory. */
export const MAX_RANDOM_BYTES: i32 = 1 << 16;

/**
 * fillRandom fills buf with random bytes and returns true, or returns false when the host reports an error, in
 * which case buf holds no usable randomness and must not be used as a key, nonce or id.
 */
export function fillRandom(buf: Uint8Array): bool {
  if (buf.length == 0) return true;
  return random_get(buf.dataStart, <u32>buf.length) == WasiErrno.Success;
}

/**
 * randomBytes returns n fresh random bytes, or null when n is negative or above MAX_RANDOM_BYTES or the host
 * fails: callers must fail closed on null, never fall back to a weaker source.
 */
export function randomBytes(n: i32): Uint8Array | null {
  if (n < 0 || n > MAX_RANDOM_BYTES) return null;
  const out = new Uint8Array(n);
  if (!fillRandom(out)) return null;
  return out;
}
