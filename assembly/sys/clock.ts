// Wall-clock time, for token lifetimes (exp, iat, nbf) and cookie expiry. Only the socket-enabled host gives a
// real clock: Traefik's plain wazero path serves a fake one (traefik-wasm-host.md §4.2); plugin.wasm always takes
// the socket path.

import { clock_time_get, ClockId, WasiErrno } from "../abi/wasi";

const TIME_OUT = memory.data(8, 8);

/** unixSeconds returns the seconds since 1970-01-01 UTC, or -1 when the host refuses (callers fail closed). */
export function unixSeconds(): i64 {
  if (clock_time_get(ClockId.Realtime, 1_000_000, TIME_OUT) != WasiErrno.Success) return -1;
  return <i64>(load<u64>(TIME_OUT) / 1_000_000_000);
}
