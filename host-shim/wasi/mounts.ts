// settings.mounts: directories Traefik preopens for the guest (traefik-wasm-host.md §4.2 "preopens"). The guest
// sees them as fds 3, 4, … through fd_prestat_get / fd_prestat_dir_name, which is also why sockets and opened files
// start after them. Files below them are read through path_open (path_open.ts), never written (RATIONALE.md).

import { existsSync, statSync } from "node:fs";
import { EBADF, EINVAL, ESUCCESS } from "./errno.js";
import type { GuestMemory, WasiImports } from "./common.js";
import type { Personality } from "../pool/protocol.js";

export interface Preopen { hostPath: string; guestPath: string; readOnly: boolean }

const FIRST_PREOPEN_FD = 3;
const PREOPEN_TYPE_DIR = 0;

/**
 * parseMounts reads settings.mounts as Traefik does: `dir`, `host:guest`, either with a `:ro` suffix. wazero maps
 * host to guest paths; wasi-go refuses different paths. Throws the build error's cause on a bad entry.
 */
export function parseMounts(mounts: string[], personality: Personality): Preopen[] {
  return mounts.map((mount) => {
    const readOnly = mount.endsWith(":ro");
    const parts = (readOnly ? mount.slice(0, -3) : mount).split(":");
    if (parts.length > 2) throw new Error(`invalid directory "${mount}"`);
    const [hostPath, guestPath = hostPath] = parts;
    if (personality === "wasi-go" && hostPath !== guestPath) {
      throw new Error(`virtual filesystems are not supported (cannot mount ${hostPath} as ${guestPath})`);
    }
    if (!existsSync(hostPath) || !statSync(hostPath).isDirectory()) {
      throw new Error(`open ${hostPath}: no such file or directory`);
    }
    return { hostPath, guestPath, readOnly };
  });
}

/** prestatImports lets the guest discover its preopened directories, as both Traefik hosts do. */
export function prestatImports(mem: GuestMemory, preopens: Pick<Preopen, "guestPath">[]): WasiImports {
  const find = (fd: number) => preopens[fd - FIRST_PREOPEN_FD];
  return {
    fd_prestat_get(fd: number, out: number): number {
      const p = find(fd);
      if (!p) return EBADF;
      const view = new DataView(mem.memory().buffer);
      view.setUint8(out, PREOPEN_TYPE_DIR);
      view.setUint32(out + 4, Buffer.byteLength(p.guestPath), true);
      return ESUCCESS;
    },
    fd_prestat_dir_name(fd: number, buf: number, len: number): number {
      const p = find(fd);
      if (!p) return EBADF;
      const name = Buffer.from(p.guestPath);
      if (len < name.length) return EINVAL;
      new Uint8Array(mem.memory().buffer, buf, name.length).set(name);
      return ESUCCESS;
    },
  };
}
