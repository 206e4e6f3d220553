// A harmless socket-extension call made once per instance. Importing any WasmEdge socket function is what makes
// Traefik serve wasi-go, the only host with real clocks and crypto randomness (traefik-wasm-host.md §4.2, §5.1);
// this call keeps that import in the module until the net layer uses sockets for real, and tells the operator
// when a host lacks the extension.

import { sock_getsockopt, SockLevel, SockOpt, WasiErrno } from "../abi/wasi";

/** hasSocketExtension asks the host for SO_TYPE of stdin; only a host without sockets answers ENOSYS. */
export function hasSocketExtension(): bool {
  const value = memory.data(4);
  return sock_getsockopt(0, SockLevel.Socket, SockOpt.Type, value, 4) != WasiErrno.NoSys;
}
