// wazero's files for one instance, kept in the instance's worker (wazero state is per instance,
// traefik-wasm-host.md §4.2): the mounts at fds 3, 4, …, then the files the guest opens, numbered from 3 + the
// number of mounts, lowest free first. A file an instance leaves open stays open until the Node process exits, as
// in Traefik until Go collects the dropped instance.

import { EBADF, ENOTSUP, ESUCCESS } from "./errno.js";
import { FdTable } from "./fd_table.js";
import { FileEntry, type FdStat, type FileStat, type OffsetReply, type ReadReply, type StatReply } from "./file_entry.js";
import type { FileBackend } from "./file_imports.js";
import type { Preopen } from "./mounts.js";
import { openAt, type OpenRequest } from "./path_open.js";

const FIRST_PREOPEN_FD = 3;

/** LocalFiles is the FileBackend of the wazero personality. */
export class LocalFiles implements FileBackend {
  private readonly mounts: FileEntry[];
  private readonly table: FdTable<FileEntry>;

  constructor(preopens: Preopen[]) {
    this.mounts = preopens.map((p) => FileEntry.mount(p, "wazero"));
    this.table = new FdTable(FIRST_PREOPEN_FD + preopens.length);
  }

  open(dirfd: number, req: OpenRequest): { errno: number; fd?: number } {
    const { errno, entry } = openAt("wazero", this.node(dirfd), req);
    return entry === undefined ? { errno } : { errno: ESUCCESS, fd: this.table.add(entry) };
  }

  read(fd: number, max: number): ReadReply { return this.with(fd, (f) => f.read(max)); }

  pread(fd: number, max: number, offset: bigint): ReadReply { return this.with(fd, (f) => f.pread(max, offset)); }

  seek(fd: number, delta: bigint, whence: number): OffsetReply { return this.with(fd, (f) => f.seek(delta, whence)); }

  tell(fd: number): OffsetReply { return this.with(fd, (f) => f.tell()); }

  filestat(fd: number): StatReply<FileStat> { return this.with(fd, (f) => f.filestat()); }

  fdstat(fd: number): StatReply<FdStat> { return this.with(fd, (f) => f.fdstat()); }

  /** close refuses a mount with ENOTSUP, as wazero's FSContext.CloseFile refuses a preopen. */
  close(fd: number): number {
    if (this.mountAt(fd) !== undefined) return ENOTSUP;
    const entry = this.table.remove(fd);
    entry?.close();
    return entry === undefined ? EBADF : ESUCCESS;
  }

  private with<R extends { errno: number }>(fd: number, op: (f: FileEntry) => R): R | { errno: number } {
    const node = this.node(fd);
    return node === undefined ? { errno: EBADF } : op(node);
  }

  private node(fd: number): FileEntry | undefined {
    return this.mountAt(fd) ?? this.table.get(fd);
  }

  private mountAt(fd: number): FileEntry | undefined {
    return fd >= FIRST_PREOPEN_FD ? this.mounts[fd - FIRST_PREOPEN_FD] : undefined;
  }
}
