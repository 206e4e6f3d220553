// Raw imports of `wasi_snapshot_preview1`: the preview1 calls the guest uses, plus the WasmEdge v2 socket
// extension. Importing any socket function makes Traefik serve the wasi-go host, the only one with real clocks
// and crypto randomness (traefik-wasm-host.md §4.2, §5.1). No logic lives here.

export type Errno = u16;
export type Fd = u32;

/** WASI errno values the guest distinguishes (preview1 numbering). */
export const enum WasiErrno {
  Success = 0, Acces = 2, AddrNotAvail = 4, AfNoSupport = 5, Again = 6, Already = 7, BadF = 8, Canceled = 11,
  ConnAborted = 13, ConnRefused = 14, ConnReset = 15, Fault = 21, HostUnreach = 23, InProgress = 26, Intr = 27,
  Inval = 28, Io = 29, IsConn = 30, IsDir = 31, Loop = 32, MFile = 33, NameTooLong = 37, NetDown = 38,
  NetUnreach = 40, NFile = 41, NoEnt = 44, NoSys = 52, NotConn = 53, NotDir = 54, NotSock = 57, NotSup = 58,
  Perm = 63, Pipe = 64, TimedOut = 73, NotCapable = 76,
}
export const enum ClockId { Realtime = 0, Monotonic = 1 }
export const enum SockFamily { Inet4 = 1, Inet6 = 2 }
export const enum SockType { Dgram = 1, Stream = 2 }
export const enum SockLevel { Socket = 0, Tcp = 6 }
export const enum SockOpt { Type = 1, Error = 2, TcpNoDelay = 15 }
/** sock_getaddrinfo hints flags (traefik-wasm-host.md §5.4). */
export const enum AiFlags { Passive = 1, NumericHost = 4, NumericServ = 8 }
export const enum FdFlags { NonBlock = 4 }
export const enum EventType { Clock = 0, FdRead = 1, FdWrite = 2 }
/** fd_prestat_get's tag: the only preopen kind preview1 defines. */
export const enum PreopenType { Dir = 0 }
export const enum LookupFlags { SymlinkFollow = 1 }
/** Rights bits path_open asks for: wasi-go grants an fd only these (and refuses any other call on it). */
export const enum Rights { FdRead = 2 }

@external("wasi_snapshot_preview1", "fd_write")
export declare function fd_write(fd: Fd, iovs: usize, iovsLen: u32, nwritten: usize): Errno;
@external("wasi_snapshot_preview1", "fd_read")
export declare function fd_read(fd: Fd, iovs: usize, iovsLen: u32, nread: usize): Errno;
@external("wasi_snapshot_preview1", "fd_close")
export declare function fd_close(fd: Fd): Errno;
@external("wasi_snapshot_preview1", "fd_fdstat_set_flags")
export declare function fd_fdstat_set_flags(fd: Fd, flags: u16): Errno;
@external("wasi_snapshot_preview1", "clock_time_get")
export declare function clock_time_get(id: u32, precision: u64, time: usize): Errno;
@external("wasi_snapshot_preview1", "random_get")
export declare function random_get(buf: usize, len: u32): Errno;
@external("wasi_snapshot_preview1", "poll_oneoff")
export declare function poll_oneoff(subs: usize, events: usize, nsubs: u32, nevents: usize): Errno;
@external("wasi_snapshot_preview1", "environ_sizes_get")
export declare function environ_sizes_get(count: usize, bufSize: usize): Errno;
@external("wasi_snapshot_preview1", "environ_get")
export declare function environ_get(environ: usize, buf: usize): Errno;

// Files under settings.mounts (traefik-wasm-host.md §4.2 "preopens"): both Traefik hosts serve these.
@external("wasi_snapshot_preview1", "fd_prestat_get")
export declare function fd_prestat_get(fd: Fd, prestat: usize): Errno;
@external("wasi_snapshot_preview1", "fd_prestat_dir_name")
export declare function fd_prestat_dir_name(fd: Fd, path: usize, pathLen: u32): Errno;
@external("wasi_snapshot_preview1", "path_open")
export declare function path_open(
  dirfd: Fd, lookupFlags: u32, path: usize, pathLen: u32, oflags: u16, rightsBase: u64, rightsInheriting: u64,
  fdflags: u16, fdOut: usize,
): Errno;
@external("wasi_snapshot_preview1", "fd_pread")
export declare function fd_pread(fd: Fd, iovs: usize, iovsLen: u32, offset: u64, nread: usize): Errno;
@external("wasi_snapshot_preview1", "fd_seek")
export declare function fd_seek(fd: Fd, offset: i64, whence: u8, newOffset: usize): Errno;
@external("wasi_snapshot_preview1", "fd_tell")
export declare function fd_tell(fd: Fd, offset: usize): Errno;
@external("wasi_snapshot_preview1", "fd_filestat_get")
export declare function fd_filestat_get(fd: Fd, filestat: usize): Errno;
@external("wasi_snapshot_preview1", "fd_fdstat_get")
export declare function fd_fdstat_get(fd: Fd, fdstat: usize): Errno;

// WasmEdge v2 socket extension (wasi-go v0.8.0 signatures, traefik-wasm-host.md §5.2).
@external("wasi_snapshot_preview1", "sock_open")
export declare function sock_open(family: u32, sockType: u32, fdOut: usize): Errno;
@external("wasi_snapshot_preview1", "sock_connect")
export declare function sock_connect(fd: Fd, addr: usize, port: u32): Errno;
@external("wasi_snapshot_preview1", "sock_getaddrinfo")
export declare function sock_getaddrinfo(
  name: usize, nameLen: u32, service: usize, serviceLen: u32, hints: usize, resPtr: usize, maxResLen: u32,
  resLenOut: usize,
): Errno;
@external("wasi_snapshot_preview1", "sock_getsockopt")
export declare function sock_getsockopt(fd: Fd, level: u32, name: u32, value: usize, valueLen: u32): Errno;
@external("wasi_snapshot_preview1", "sock_setsockopt")
export declare function sock_setsockopt(fd: Fd, level: u32, name: u32, value: usize, valueLen: u32): Errno;
@external("wasi_snapshot_preview1", "sock_recv")
export declare function sock_recv(fd: Fd, iovs: usize, iovsLen: u32, riFlags: u16, nread: usize, roFlags: usize): Errno;
@external("wasi_snapshot_preview1", "sock_send")
export declare function sock_send(fd: Fd, iovs: usize, iovsLen: u32, siFlags: u16, nwritten: usize): Errno;
@external("wasi_snapshot_preview1", "sock_shutdown")
export declare function sock_shutdown(fd: Fd, how: u8): Errno;
@external("wasi_snapshot_preview1", "sock_recv_from")
export declare function sock_recv_from(
  fd: Fd, iovs: usize, iovsLen: u32, addr: usize, riFlags: u16, portOut: usize, nread: usize, roFlags: usize,
): Errno;
@external("wasi_snapshot_preview1", "sock_getpeeraddr")
export declare function sock_getpeeraddr(fd: Fd, addr: usize, portOut: usize): Errno;
@external("wasi_snapshot_preview1", "sock_getlocaladdr")
export declare function sock_getlocaladdr(fd: Fd, addr: usize, portOut: usize): Errno;
