// proc_exit unwinds the guest with this error; the worker then decides, per personality, whether the instance
// survives (wasi-go) or is closed (wazero) (traefik-wasm-host.md §2.7).

/** ProcExit is thrown by proc_exit to unwind the guest. */
export class ProcExit extends Error {
  constructor(readonly code: number) {
    super(`module closed with exit_code(${code})`);
  }
}
