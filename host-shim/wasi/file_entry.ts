// One open file or directory of a guest, read-only, with the rights and errnos of the personality that opened it
// (wazero imports/wasi_snapshot_preview1/fs.go; wasi-go FileTable and systems/unix). The shim keeps the file
// offset itself and reads at explicit positions, because Node has no lseek.

import { closeSync, fstatSync, readSync, statSync, type BigIntStats } from "node:fs";
import { errnoOf } from "../sockets/errno.js";
import { EBADF, EINVAL, EISDIR, ENOTCAPABLE, ESUCCESS } from "./errno.js";
import {
  FDFLAG_APPEND, FDFLAG_NONBLOCK, FILETYPE_BLOCK_DEVICE, FILETYPE_CHARACTER_DEVICE, FILETYPE_DIRECTORY,
  FILETYPE_REGULAR_FILE, FILETYPE_SYMBOLIC_LINK, FILETYPE_UNKNOWN, preopenRights, Right, type Rights,
  WAZERO_DIR_RIGHTS, WAZERO_FILE_RIGHTS,
} from "./rights.js";
import type { Preopen } from "./mounts.js";
import type { Personality } from "../pool/protocol.js";

/** MAX_READ_BYTES bounds one fd_read or fd_pread: a shorter read than asked, which guests must handle anyway. */
export const MAX_READ_BYTES = 1 << 20;

/** filestat, preview1 layout order. */
export interface FileStat {
  dev: bigint; ino: bigint; filetype: number; nlink: bigint; size: bigint; atim: bigint; mtim: bigint; ctim: bigint;
}
/** fdstat, preview1 layout order. */
export interface FdStat { filetype: number; flags: number; rightsBase: number; rightsInheriting: number }

/** Replies are plain data, so that the wasi-go path can carry them across the bridge unchanged. */
export type ReadReply = { errno: number; data?: Uint8Array };
export type OffsetReply = { errno: number; offset?: bigint };
export type StatReply<T> = { errno: number; stat?: T };

const WHENCE_SET = 0, WHENCE_CUR = 1, WHENCE_END = 2;

/**
 * FileEntry is a file or directory behind a guest fd. A mount is an entry without an OS fd (mount()), named by
 * path: it is a directory, so nothing reads it, and it is never closed. rights is null on wazero, which checks
 * none; on wasi-go every operation first needs its right, as wasi-go's lookupFD does, else ENOTCAPABLE.
 */
export class FileEntry {
  private offset = 0;
  private open = true;

  constructor(
    private readonly fd: number | null, readonly hostPath: string, private readonly dir: boolean,
    readonly rights: Rights | null, private readonly fdflags: number, private readonly openedAsDir: boolean,
  ) {}

  /** mount is a settings.mounts directory as the personality preopens it (wasi-go strips writes on `:ro`). */
  static mount(preopen: Preopen, personality: Personality): FileEntry {
    const rights = personality === "wasi-go" ? preopenRights(preopen.readOnly) : null;
    return new FileEntry(null, preopen.hostPath, true, rights, 0, true);
  }

  get closed(): boolean { return !this.open; }

  isDirectory(): boolean { return this.dir; }

  /** need is ENOTCAPABLE when wasi-go would refuse this fd the right, else 0. */
  need(right: number): number {
    return this.rights !== null && (this.rights.base & right) !== right ? ENOTCAPABLE : ESUCCESS;
  }

  read(max: number): ReadReply {
    const denied = this.need(Right.FD_READ);
    if (denied !== ESUCCESS) return { errno: denied };
    const reply = this.readAt(max, this.offset);
    this.offset += reply.data?.length ?? 0;
    return reply;
  }

  /** pread reads at offset without moving the fd's own offset. */
  pread(max: number, offset: bigint): ReadReply {
    const denied = this.need(Right.FD_READ | Right.FD_SEEK);
    if (denied !== ESUCCESS) return { errno: denied };
    if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return { errno: EINVAL };
    return this.readAt(max, Number(offset));
  }

  seek(delta: bigint, whence: number): OffsetReply {
    const denied = this.need(Right.FD_SEEK) || this.wazeroDirectory();
    if (denied !== ESUCCESS) return { errno: denied };
    let base: bigint;
    if (whence === WHENCE_SET) base = 0n;
    else if (whence === WHENCE_CUR) base = BigInt(this.offset);
    else if (whence === WHENCE_END) {
      const st = this.stats();
      if (typeof st === "number") return { errno: st };
      base = st.size;
    } else return { errno: EINVAL };
    const next = base + delta;
    if (next < 0n || next > BigInt(Number.MAX_SAFE_INTEGER)) return { errno: EINVAL };
    this.offset = Number(next);
    return { errno: ESUCCESS, offset: next };
  }

  tell(): OffsetReply {
    const denied = this.need(Right.FD_TELL) || this.wazeroDirectory();
    return denied !== ESUCCESS ? { errno: denied } : { errno: ESUCCESS, offset: BigInt(this.offset) };
  }

  filestat(): StatReply<FileStat> {
    const denied = this.need(Right.FD_FILESTAT_GET);
    if (denied !== ESUCCESS) return { errno: denied };
    const st = this.stats();
    if (typeof st === "number") return { errno: st };
    const stat: FileStat = {
      dev: st.dev, ino: st.ino, filetype: filetypeOf(st), nlink: st.nlink, size: st.size,
      atim: st.atimeNs, mtim: st.mtimeNs, ctim: st.ctimeNs,
    };
    return { errno: ESUCCESS, stat };
  }

  /**
   * fdstat is what wasi-go cached at open (a directory only if opened with O_DIRECTORY, the flags and rights
   * asked for) or what wazero derives: the real file type, its append and nonblock flags, fixed rights per type.
   */
  fdstat(): StatReply<FdStat> {
    const stat = (filetype: number, flags: number, rightsBase: number, rightsInheriting: number): StatReply<FdStat> =>
      ({ errno: ESUCCESS, stat: { filetype, flags, rightsBase, rightsInheriting } });
    if (this.rights !== null) {
      const filetype = this.openedAsDir ? FILETYPE_DIRECTORY : FILETYPE_REGULAR_FILE;
      return stat(filetype, this.fdflags, this.rights.base, this.rights.inheriting);
    }
    const st = this.stats();
    if (typeof st === "number") return { errno: st };
    const filetype = filetypeOf(st);
    const flags = this.fdflags & (FDFLAG_APPEND | FDFLAG_NONBLOCK);
    if (filetype === FILETYPE_DIRECTORY) {
      return stat(filetype, flags, WAZERO_DIR_RIGHTS, WAZERO_DIR_RIGHTS | WAZERO_FILE_RIGHTS);
    }
    // wasi-libc reads a character device without seek and tell as a tty, and wazero reports it so.
    const tty = filetype === FILETYPE_CHARACTER_DEVICE ? Right.FD_SEEK | Right.FD_TELL : 0;
    return stat(filetype, flags, WAZERO_FILE_RIGHTS & ~tty, 0);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    if (this.fd !== null) closeSync(this.fd);
  }

  // wazero refuses to seek or tell a directory (wasi-testsuite asks for it); wasi-go leaves that to the rights.
  private wazeroDirectory(): number {
    return this.rights === null && this.dir ? EISDIR : ESUCCESS;
  }

  private readAt(max: number, position: number): ReadReply {
    if (!this.open) return { errno: EBADF };
    if (this.dir || this.fd === null) return { errno: EISDIR };
    const buf = new Uint8Array(Math.min(max, MAX_READ_BYTES));
    try {
      const n = readSync(this.fd, buf, 0, buf.length, position);
      // Exact-size data: the wasi-go path clones it across the bridge, and a view would carry its whole buffer.
      return { errno: ESUCCESS, data: n === buf.length ? buf : buf.slice(0, n) };
    } catch (err) {
      return { errno: errnoOf(err) };
    }
  }

  private stats(): BigIntStats | number {
    try {
      return this.fd === null ? statSync(this.hostPath, { bigint: true }) : fstatSync(this.fd, { bigint: true });
    } catch (err) {
      return errnoOf(err);
    }
  }
}

function filetypeOf(st: BigIntStats): number {
  if (st.isFile()) return FILETYPE_REGULAR_FILE;
  if (st.isDirectory()) return FILETYPE_DIRECTORY;
  if (st.isSymbolicLink()) return FILETYPE_SYMBOLIC_LINK;
  if (st.isBlockDevice()) return FILETYPE_BLOCK_DEVICE;
  if (st.isCharacterDevice()) return FILETYPE_CHARACTER_DEVICE;
  return FILETYPE_UNKNOWN;
}
