// The preview1 file functions on the guest's side: path_open, fd_read, fd_pread, fd_seek, fd_tell, fd_filestat_get,
// fd_fdstat_get and fd_close. Guest memory is decoded here; the files live behind a FileBackend, in the worker on
// the wazero path (LocalFiles) and on the main thread, in the fd table sockets share, on the wasi-go path.

import { errnoGuard, GuestMemory } from "../sockets/guest_memory.js";
import { EBADF, ESUCCESS } from "./errno.js";
import type { FdStat, FileStat, OffsetReply, ReadReply, StatReply } from "./file_entry.js";
import type { OpenRequest } from "./path_open.js";
import { ALL_RIGHTS } from "./rights.js";
import type { WasiImports } from "./common.js";

const FDSTAT_SIZE = 24;
const FILESTAT_SIZE = 64;

/** FileBackend owns the fd table the file functions work on; every call answers with an errno first. */
export interface FileBackend {
  open(dirfd: number, req: OpenRequest): { errno: number; fd?: number };
  /** read serves fd_read on every fd above 2 (on wasi-go a socket too). */
  read(fd: number, max: number): ReadReply;
  pread(fd: number, max: number, offset: bigint): ReadReply;
  seek(fd: number, delta: bigint, whence: number): OffsetReply;
  tell(fd: number): OffsetReply;
  filestat(fd: number): StatReply<FileStat>;
  fdstat(fd: number): StatReply<FdStat>;
  /** close serves fd_close on every fd above 2. */
  close(fd: number): number;
}

/** fileImports returns the file functions of one instance over files. */
export function fileImports(memory: () => WebAssembly.Memory, files: FileBackend): WasiImports {
  const mem = new GuestMemory(memory);
  const want = (iovs: number, count: number): number => mem.iovecs(iovs, count).reduce((n, [, len]) => n + len, 0);
  const deliver = (reply: ReadReply, iovs: number, count: number, nread: number): number => {
    if (reply.errno !== ESUCCESS) return reply.errno;
    const data = reply.data ?? new Uint8Array(0);
    mem.scatter(iovs, count, data);
    mem.setU32(nread, data.length);
    return ESUCCESS;
  };
  const offsetOut = (reply: OffsetReply, out: number): number => {
    if (reply.errno === ESUCCESS) mem.view().setBigUint64(out, reply.offset!, true);
    return reply.errno;
  };
  // Output pointers are checked before the call, so a bad one cannot leave an fd open that the guest never saw.
  const fits = (ptr: number, len: number): void => {
    if (ptr + len > memory().buffer.byteLength) throw new RangeError("guest range out of bounds");
  };
  const fns: WasiImports = {
    path_open(dirfd: number, lookupFlags: number, path: number, pathLen: number, oflags: number,
      rightsBase: bigint, rightsInheriting: bigint, fdflags: number, fdOut: number): number {
      fits(fdOut, 4);
      const req: OpenRequest = {
        lookupFlags, path: mem.string(path, pathLen), oflags, fdflags,
        rightsBase: rightsOf(rightsBase), rightsInheriting: rightsOf(rightsInheriting),
      };
      const reply = files.open(dirfd, req);
      if (reply.errno === ESUCCESS) mem.setU32(fdOut, reply.fd!);
      return reply.errno;
    },
    fd_read(fd: number, iovs: number, count: number, nread: number): number {
      if (fd === 0) { mem.setU32(nread, 0); return ESUCCESS; } // Traefik's stdin: EOF in a container
      if (fd <= 2) return EBADF;
      return deliver(files.read(fd, want(iovs, count)), iovs, count, nread);
    },
    fd_pread(fd: number, iovs: number, count: number, offset: bigint, nread: number): number {
      return deliver(files.pread(fd, want(iovs, count), BigInt.asUintN(64, offset)), iovs, count, nread);
    },
    fd_seek(fd: number, delta: bigint, whence: number, out: number): number {
      fits(out, 8);
      return offsetOut(files.seek(fd, delta, whence), out);
    },
    fd_tell(fd: number, out: number): number {
      fits(out, 8);
      return offsetOut(files.tell(fd), out);
    },
    fd_filestat_get(fd: number, out: number): number {
      fits(out, FILESTAT_SIZE);
      const reply = files.filestat(fd);
      if (reply.errno === ESUCCESS) writeFilestat(mem.view(), out, reply.stat!);
      return reply.errno;
    },
    fd_fdstat_get(fd: number, out: number): number {
      fits(out, FDSTAT_SIZE);
      const reply = files.fdstat(fd);
      if (reply.errno === ESUCCESS) writeFdstat(mem.view(), out, reply.stat!);
      return reply.errno;
    },
    fd_close: (fd: number): number => (fd <= 2 ? ESUCCESS : files.close(fd)),
  };
  for (const [name, fn] of Object.entries(fns)) fns[name] = errnoGuard(fn as (...args: any[]) => number);
  return fns;
}

// Both hosts drop rights bits above the 30 preview1 defines.
function rightsOf(rights: bigint): number {
  return Number(BigInt.asUintN(64, rights) & BigInt(ALL_RIGHTS));
}

function writeFilestat(v: DataView, at: number, st: FileStat): void {
  v.setBigUint64(at, st.dev, true);
  v.setBigUint64(at + 8, st.ino, true);
  v.setBigUint64(at + 16, BigInt(st.filetype), true); // the filetype byte and its 7 bytes of padding
  v.setBigUint64(at + 24, st.nlink, true);
  v.setBigUint64(at + 32, st.size, true);
  v.setBigUint64(at + 40, st.atim, true);
  v.setBigUint64(at + 48, st.mtim, true);
  v.setBigUint64(at + 56, st.ctim, true);
}

function writeFdstat(v: DataView, at: number, st: FdStat): void {
  v.setUint16(at, st.filetype, true); // the filetype byte and one byte of padding
  v.setUint16(at + 2, st.flags, true);
  v.setUint32(at + 4, 0, true);
  v.setBigUint64(at + 8, BigInt(st.rightsBase), true);
  v.setBigUint64(at + 16, BigInt(st.rightsInheriting), true);
}
