// What both WASI personalities share: the full preview1 function set (anything not implemented answers ENOSYS,
// where Traefik's hosts would implement it), environment variables from settings.envs, and stdio capture.

import { WASI_PREVIEW1 } from "../abi/signatures.js";
import { EBADF, ENOSYS, ESUCCESS } from "./errno.js";
import { ProcExit } from "./exit.js";

export type WasiFunction = (...args: any[]) => number | bigint | void;
export type WasiImports = Record<string, WasiFunction>;

/** Guest memory access; the memory can grow, so views are made per call. */
export interface GuestMemory {
  memory(): WebAssembly.Memory;
}

/** Stdio writes leave the worker through this sink (captured for tests, passed on or dropped per personality). */
export type StdioSink = (fd: 1 | 2, bytes: Uint8Array) => void;

/** unimplemented fills every preview1 name with an ENOSYS stub, so any guest links as it would on Traefik. */
export function unimplemented(): WasiImports {
  const out: WasiImports = {};
  for (const name of Object.keys(WASI_PREVIEW1)) out[name] = () => ENOSYS;
  out.proc_exit = (code: number) => { throw new ProcExit(code); };
  out.sched_yield = () => ESUCCESS;
  return out;
}

/** environImports serves `NAME=value` strings (settings.envs resolved against the host environment). */
export function environImports(mem: GuestMemory, environ: string[], args: string[] = []): WasiImports {
  const encode = (list: string[]) => list.map((s) => Buffer.from(`${s}\0`));
  const env = encode(environ);
  const argv = encode(args);
  const sizes = (list: Buffer[]) => (countPtr: number, sizePtr: number) => {
    const view = new DataView(mem.memory().buffer);
    view.setUint32(countPtr, list.length, true);
    view.setUint32(sizePtr, list.reduce((n, b) => n + b.length, 0), true);
    return ESUCCESS;
  };
  const get = (list: Buffer[]) => (ptrs: number, buf: number) => {
    const bytes = new Uint8Array(mem.memory().buffer);
    const view = new DataView(mem.memory().buffer);
    let at = buf;
    list.forEach((b, i) => {
      view.setUint32(ptrs + i * 4, at, true);
      bytes.set(b, at);
      at += b.length;
    });
    return ESUCCESS;
  };
  return {
    environ_sizes_get: sizes(env), environ_get: get(env),
    args_sizes_get: sizes(argv), args_get: get(argv),
  };
}

/**
 * stdioWrite implements wazero's fd_write: fds 1 and 2 take writes; stdin, a file (always opened read-only here)
 * and an fd that names nothing answer EBADF.
 */
export function stdioWrite(mem: GuestMemory, sink: StdioSink) {
  return (fd: number, iovs: number, iovsLen: number, nwritten: number): number => {
    if (fd !== 1 && fd !== 2) return EBADF;
    const view = new DataView(mem.memory().buffer);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < iovsLen; i++) {
      const ptr = view.getUint32(iovs + i * 8, true);
      const len = view.getUint32(iovs + i * 8 + 4, true);
      chunks.push(new Uint8Array(mem.memory().buffer, ptr, len).slice());
    }
    const all = Buffer.concat(chunks);
    sink(fd, all);
    view.setUint32(nwritten, all.length, true);
    return ESUCCESS;
  };
}

/** resolveEnvs turns settings.envs names into NAME=value, "" when unset, as both Traefik hosts do (§4.2). */
export function resolveEnvs(names: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return names.map((name) => `${name}=${env[name] ?? ""}`);
}
