// A harmless socket-extension call. plugin.wasm no longer calls it: the middleware's Redis client imports the
// socket functions for real, which is what makes Traefik serve wasi-go (traefik-wasm-host.md §4.2, §5.1). It is
// kept for the test fixture guest test/fixtures/guests/wasi_probe_sockets.ts, which imports it.

import { sock_getsockopt, SockLevel, SockOpt, WasiErrno } from "../abi/wasi";

/** hasSocketExtension asks the host for SO_TYPE of stdin; only a host without sockets answers ENOSYS. */
export function hasSocketExtension(): bool {
  const value = memory.data(4);
  return sock_getsockopt(0, SockLevel.Socket, SockOpt.Type, value, 4) != WasiErrno.NoSys;
}
