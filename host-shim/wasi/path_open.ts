// path_open below a mount, read-only, with each host's checks in its own order (wazero
// imports/wasi_snapshot_preview1/fs.go pathOpenFn and atPath; wasi-go FileTable.PathOpen). Both refuse an absolute
// path or one that climbs out of its directory with EPERM; both follow symlinks, even out of the mount, unless the
// lookup flags say not to. The shim never writes, creates or truncates: what a host would open for that is refused
// with the errno that host gives on a `:ro` mount, whatever the mount.

import { closeSync, constants, fstatSync, openSync } from "node:fs";
import { posix } from "node:path";
import { errnoOf } from "../sockets/errno.js";
import { EBADF, EINVAL, EISDIR, ENOENT, ENOSYS, ENOTCAPABLE, ENOTDIR, EPERM, ESUCCESS } from "./errno.js";
import { FileEntry } from "./file_entry.js";
import {
  ALL_RIGHTS, DIRECTORY_RIGHTS, FDFLAG_APPEND, LOOKUP_SYMLINK_FOLLOW, OFLAG_CREAT, OFLAG_DIRECTORY, OFLAG_TRUNC,
  Right, type Rights, WRITE_RIGHTS,
} from "./rights.js";
import type { Personality } from "../pool/protocol.js";

/** OpenRequest is path_open's arguments after the dirfd, rights already cut to 30 bits. */
export interface OpenRequest {
  lookupFlags: number; path: string; oflags: number; rightsBase: number; rightsInheriting: number; fdflags: number;
}

/** OpenResult is the new entry, or the errno the personality's host answers. */
export interface OpenResult { errno: number; entry?: FileEntry }

/** openAt opens req.path below dir (undefined: the dirfd names nothing) as the personality's host would. */
export function openAt(personality: Personality, dir: FileEntry | undefined, req: OpenRequest): OpenResult {
  return personality === "wazero" ? openWazero(dir, req) : openWasiGo(dir, req);
}

function openWazero(dir: FileEntry | undefined, req: OpenRequest): OpenResult {
  const clean = cleanPath(req.path);
  // atPath checks the path before it looks the fd up.
  if (escapes(clean)) return { errno: EPERM };
  if (dir === undefined) return { errno: EBADF };
  if (!dir.isDirectory()) return { errno: ENOTDIR };
  if (req.path.length === 0) return { errno: EINVAL };
  const asDir = (req.oflags & OFLAG_DIRECTORY) !== 0;
  if (asDir && (req.oflags & OFLAG_CREAT) !== 0) return { errno: EINVAL };
  // sysfs.ReadFS answers a write-mode open with ENOSYS, or EISDIR for a directory.
  if (wazeroWrites(req)) return { errno: asDir ? EISDIR : ENOSYS };
  const trailing = req.path.endsWith("/") ? "/" : "";
  return openHost(clean === "." ? dir.hostPath : `${dir.hostPath}/${clean}${trailing}`, req, null);
}

// wazero's openFlags: write mode when the rights ask for FD_WRITE, or when they ask for neither read nor write
// and O_CREAT, O_TRUNC or FD_APPEND make read-write the default. O_CREAT and O_TRUNC with a read-only mode would
// still create or truncate in wazero; the shim refuses them too.
function wazeroWrites(req: OpenRequest): boolean {
  if ((req.rightsBase & Right.FD_WRITE) !== 0 || (req.oflags & (OFLAG_CREAT | OFLAG_TRUNC)) !== 0) return true;
  return (req.rightsBase & Right.FD_READ) === 0 && (req.fdflags & FDFLAG_APPEND) !== 0;
}

function openWasiGo(dir: FileEntry | undefined, req: OpenRequest): OpenResult {
  if (dir === undefined) return { errno: EBADF };
  const held = dir.rights ?? { base: ALL_RIGHTS, inheriting: ALL_RIGHTS };
  if (dir.need(Right.PATH_OPEN) !== ESUCCESS) return { errno: ENOTCAPABLE };
  if (escapes(cleanPath(req.path))) return { errno: EPERM };
  // Rights can only be kept or dropped on the way down, never added.
  const base = req.rightsBase & ALL_RIGHTS, inheriting = req.rightsInheriting & ALL_RIGHTS;
  if ((base & ~held.inheriting) !== 0 || (inheriting & ~held.inheriting) !== 0) return { errno: ENOTCAPABLE };
  if ((req.oflags & OFLAG_CREAT) !== 0 && (held.base & Right.PATH_CREATE_FILE) === 0) return { errno: ENOTCAPABLE };
  if ((req.oflags & OFLAG_TRUNC) !== 0 && (held.base & Right.PATH_FILESTAT_SET_SIZE) === 0) return { errno: ENOTCAPABLE };
  if ((base & WRITE_RIGHTS) !== 0 || (req.oflags & (OFLAG_CREAT | OFLAG_TRUNC)) !== 0) return { errno: ENOTCAPABLE };
  // From here on wasi-go calls openat(2) with the path as given: a file as dirfd and an empty path fail there.
  if (!dir.isDirectory()) return { errno: ENOTDIR };
  if (req.path.length === 0) return { errno: ENOENT };
  const asDir = (req.oflags & OFLAG_DIRECTORY) !== 0;
  const rights: Rights = { base: asDir ? base & DIRECTORY_RIGHTS : base, inheriting };
  return openHost(`${dir.hostPath}/${req.path}`, req, rights);
}

// Go's path.Clean: lexical, "." for an empty path, no trailing slash.
function cleanPath(path: string): string {
  const clean = posix.normalize(path);
  return clean.length > 1 && clean.endsWith("/") ? clean.slice(0, -1) : clean;
}

// wazero refuses what fs.ValidPath refuses after Clean; wasi-go refuses a leading "/" or "../" but lets a bare ".."
// through to openat, one level above the mount. The shim refuses that too: no test should read outside a mount.
function escapes(clean: string): boolean {
  return clean.startsWith("/") || clean === ".." || clean.startsWith("../");
}

function openHost(target: string, req: OpenRequest, rights: Rights | null): OpenResult {
  if (target.includes("\0")) return { errno: EINVAL }; // Go refuses a NUL in a path with EINVAL
  const asDir = (req.oflags & OFLAG_DIRECTORY) !== 0;
  // O_NONBLOCK: opening a FIFO someone put in a mount must not stall this thread until a writer comes.
  let flags = constants.O_RDONLY | constants.O_NONBLOCK;
  if (asDir) flags |= constants.O_DIRECTORY;
  if ((req.lookupFlags & LOOKUP_SYMLINK_FOLLOW) === 0) flags |= constants.O_NOFOLLOW;
  let fd: number;
  try {
    fd = openSync(target, flags);
  } catch (err) {
    return { errno: errnoOf(err) };
  }
  try {
    const isDir = fstatSync(fd).isDirectory();
    return { errno: ESUCCESS, entry: new FileEntry(fd, target, isDir, rights, req.fdflags, asDir) };
  } catch (err) {
    closeSync(fd);
    return { errno: errnoOf(err) };
  }
}
