// The guest's environment through WASI environ_get. Traefik passes ONLY the variables the operator lists in the
// plugin's static `experimental.localPlugins.<alias>.settings.envs` (or `experimental.plugins.<alias>.settings.envs`),
// each as NAME=value, with value "" when the variable is unset in Traefik's own environment
// (traefik-wasm-host.md §4.2; broken on the wazero path before Traefik v3.2.2). Anything not listed is invisible.

import { environ_get, environ_sizes_get, WasiErrno } from "../abi/wasi";

/** MAX_ENV_BYTES bounds the environment block read: an operator lists a handful of variables. */
export const MAX_ENV_BYTES: i32 = 64 * 1024;
const MAX_ENV_COUNT: i32 = 1024;

const SIZES = memory.data(8);

/**
 * readEnv returns the guest's environment as a map, or an empty map when the host refuses or the block is larger
 * than MAX_ENV_BYTES. A variable listed twice keeps its last value; an entry without "=" is ignored.
 */
export function readEnv(): Map<string, string> {
  const out = new Map<string, string>();
  if (environ_sizes_get(SIZES, SIZES + 4) != WasiErrno.Success) return out;
  const count = load<u32>(SIZES);
  const size = load<u32>(SIZES + 4);
  if (count == 0 || count > <u32>MAX_ENV_COUNT || size > <u32>MAX_ENV_BYTES) return out;
  const ptrs = new StaticArray<u32>(<i32>count);
  const buf = new ArrayBuffer(<i32>size);
  if (environ_get(changetype<usize>(ptrs), changetype<usize>(buf)) != WasiErrno.Success) return out;
  const base = changetype<usize>(buf);
  const end = base + <usize>size;
  for (let i = 0; i < <i32>count; i++) {
    const start = <usize>ptrs[i];
    if (start < base || start >= end) continue;
    let stop = start;
    while (stop < end && load<u8>(stop) != 0) stop++;
    const entry = String.UTF8.decodeUnsafe(start, stop - start, false);
    const eq = entry.indexOf("=");
    if (eq <= 0) continue;
    out.set(entry.substring(0, eq), entry.substring(eq + 1));
  }
  return out;
}
