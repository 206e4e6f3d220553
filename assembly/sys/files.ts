// Whole files from the directories an operator mounts with the plugin's `settings.mounts`, e.g. a CA bundle. The
// guest has no working directory and no way out of a mount: it finds the preopened directory fds from 3 up and
// opens paths relative to one of them (traefik-wasm-host.md §4.2 "preopens"). Both Traefik hosts serve this.

import {
  fd_close, fd_prestat_dir_name, fd_prestat_get, fd_read, LookupFlags, path_open, PreopenType, Rights, WasiErrno,
} from "../abi/wasi";

/** MAX_FILE_BYTES caps maxBytes, so that no file can make the guest ask for more memory than a bundle needs. */
export const MAX_FILE_BYTES: i32 = 16 << 20;
const FIRST_PREOPEN_FD: u32 = 3;
// Traefik numbers its mounts from fd 3 without gaps; an operator lists a handful.
const MAX_MOUNTS: u32 = 64;
const MAX_MOUNT_NAME: u32 = 4096;
const FIRST_CHUNK: i32 = 4096;

const PRESTAT = memory.data(8);
const FD_OUT = memory.data(4);
const IOVEC = memory.data(8);
const NREAD = memory.data(4);

/** FileStatus says why readFile returned null: detail names the path and the cause, for an operator. */
export class FileStatus {
  ok: bool = false;
  detail: string = "";
}

/**
 * readFile reads the whole file at an absolute guest path under one of the mounts, or returns null with
 * status.detail naming the cause ("/etc/ssl/x.pem: not under any mounted directory (mounted: /etc/ssl/certs)",
 * "…: no such file", "…: larger than 1048576 bytes", "…: permission denied"); the caller prefixes its option name.
 * "." and ".." are resolved in the path's text first, as Go's filepath.Clean does; symlinks are the host's to
 * follow. maxBytes above MAX_FILE_BYTES counts as MAX_FILE_BYTES. It never traps and closes the fd on every path.
 */
export function readFile(path: string, maxBytes: i32, status: FileStatus): Uint8Array | null {
  status.ok = false;
  status.detail = "";
  if (maxBytes < 0) return fail(status, path, "maxBytes is negative");
  if (!path.startsWith("/")) return fail(status, path, "not an absolute path");
  if (path.includes("\0")) return fail(status, path, "contains a NUL byte");
  const parts = cleanParts(path);
  const mounts = listMounts();
  const mount = longestPrefix(mounts, parts);
  if (mount === null) return fail(status, path, notMounted(mounts));
  if (mount.parts.length == parts.length) return fail(status, path, "is a mounted directory, not a file");
  const rel = String.UTF8.encode(parts.slice(mount.parts.length).join("/"));
  const opened = path_open(
    mount.fd, LookupFlags.SymlinkFollow, changetype<usize>(rel), <u32>rel.byteLength, 0, Rights.FdRead, 0, 0, FD_OUT,
  );
  if (opened != WasiErrno.Success) return fail(status, path, cause(opened, "cannot open"));
  const fd = load<u32>(FD_OUT);
  const data = readAll(fd, min(maxBytes, MAX_FILE_BYTES), status, path);
  fd_close(fd);
  if (data !== null) status.ok = true;
  return data;
}

/** Mount is one preopened directory: its fd and its guest path, split into names. */
class Mount {
  constructor(readonly fd: u32, readonly name: string, readonly parts: Array<string>) {}
}

// Reads until EOF or until one byte more than limit proved the file too large. A host that claims more bytes than
// the buffer had room for is answered as an I/O error instead of being believed.
function readAll(fd: u32, limit: i32, status: FileStatus, path: string): Uint8Array | null {
  let buf = new Uint8Array(min(FIRST_CHUNK, limit + 1));
  let len = 0;
  for (;;) {
    if (len == buf.length) buf = grow(buf, min(buf.length * 2, limit + 1));
    const room = buf.length - len;
    store<u32>(IOVEC, <u32>(buf.dataStart + <usize>len));
    store<u32>(IOVEC + 4, <u32>room);
    const e = fd_read(fd, IOVEC, 1, NREAD);
    if (e != WasiErrno.Success) return fail(status, path, cause(e, "cannot read"));
    const n = load<u32>(NREAD);
    if (n == 0) break;
    if (n > <u32>room) return fail(status, path, cause(WasiErrno.Io, "cannot read"));
    len += <i32>n;
    if (len > limit) return fail(status, path, `larger than ${limit} bytes`);
  }
  return buf.slice(0, len);
}

function grow(buf: Uint8Array, size: i32): Uint8Array {
  const out = new Uint8Array(size);
  out.set(buf);
  return out;
}

// The fds from 3 up that fd_prestat_get calls directories, until the first it refuses (EBADF past the last mount;
// on wasi-go a socket may follow, refused the same way).
function listMounts(): Array<Mount> {
  const out = new Array<Mount>();
  for (let fd = FIRST_PREOPEN_FD; fd < FIRST_PREOPEN_FD + MAX_MOUNTS; fd++) {
    if (fd_prestat_get(fd, PRESTAT) != WasiErrno.Success) break;
    const len = load<u32>(PRESTAT + 4);
    if (load<u8>(PRESTAT) != PreopenType.Dir || len == 0 || len > MAX_MOUNT_NAME) continue;
    const name = new Uint8Array(<i32>len);
    if (fd_prestat_dir_name(fd, name.dataStart, len) != WasiErrno.Success) continue;
    let end = <i32>len;
    while (end > 0 && name[end - 1] == 0) end--; // some hosts count a terminating NUL
    const text = String.UTF8.decodeUnsafe(name.dataStart, <usize>end);
    out.push(new Mount(fd, text, cleanParts(text)));
  }
  return out;
}

function longestPrefix(mounts: Array<Mount>, parts: Array<string>): Mount | null {
  let best: Mount | null = null;
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i];
    if (m.parts.length > parts.length || (best !== null && m.parts.length <= best.parts.length)) continue;
    let match = true;
    for (let j = 0; j < m.parts.length && match; j++) match = m.parts[j] == parts[j];
    if (match) best = m;
  }
  return best;
}

// A path's names with "" and "." dropped and ".." taking the previous name away; a mount's name is read the same
// way, relative names as if from the root.
function cleanParts(path: string): Array<string> {
  const out = new Array<string>();
  const names = path.split("/");
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name == "" || name == ".") continue;
    if (name == "..") {
      if (out.length > 0) out.pop();
      continue;
    }
    out.push(name);
  }
  return out;
}

function notMounted(mounts: Array<Mount>): string {
  if (mounts.length == 0) {
    return "not under any mounted directory (none is mounted: list one in the plugin's settings.mounts)";
  }
  const names = new Array<string>();
  for (let i = 0; i < mounts.length; i++) names.push(mounts[i].name);
  return `not under any mounted directory (mounted: ${names.join(", ")})`;
}

function cause(e: WasiErrno, what: string): string {
  switch (e) {
    case WasiErrno.NoEnt: return "no such file";
    case WasiErrno.Acces: case WasiErrno.Perm: case WasiErrno.NotCapable: return "permission denied";
    case WasiErrno.IsDir: return "is a directory";
    case WasiErrno.NotDir: return "a component of the path is not a directory";
    case WasiErrno.Loop: return "too many levels of symbolic links";
    case WasiErrno.NameTooLong: return "path too long";
  }
  return `${what} (WASI errno ${<i32>e})`;
}

function fail(status: FileStatus, path: string, why: string): Uint8Array | null {
  status.ok = false;
  status.detail = `${path}: ${why}`;
  return null;
}
