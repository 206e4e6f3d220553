// The function types Traefik's host modules export, so the shim can refuse a guest whose imports do not match
// exactly, as wazero does at instantiation (traefik-wasm-host.md §2.3).

import type { FuncType, ValType } from "./wasm_sections.js";

function sig(params: string, results = "i32"): FuncType {
  const list = (s: string): ValType[] => (s === "" ? [] : (s.split(",") as ValType[]));
  return { params: list(params), results: list(results) };
}
const I32x = (n: number): string => Array(n).fill("i32").join(",");

/** http_handler (ABI §3.3). */
export const HTTP_HANDLER: Record<string, FuncType> = {
  enable_features: sig("i32"),
  get_config: sig("i32,i32"),
  log_enabled: sig("i32"),
  log: sig("i32,i32,i32", ""),
  get_method: sig("i32,i32"),
  set_method: sig("i32,i32", ""),
  get_uri: sig("i32,i32"),
  set_uri: sig("i32,i32", ""),
  get_protocol_version: sig("i32,i32"),
  get_source_addr: sig("i32,i32"),
  get_header_names: sig("i32,i32,i32", "i64"),
  get_header_values: sig(I32x(5), "i64"),
  set_header_value: sig(I32x(5), ""),
  add_header_value: sig(I32x(5), ""),
  remove_header: sig("i32,i32,i32", ""),
  read_body: sig("i32,i32,i32", "i64"),
  write_body: sig("i32,i32,i32", ""),
  get_status_code: sig(""),
  set_status_code: sig("i32", ""),
};

/** wasi_snapshot_preview1, the whole function set both Traefik hosts export (§4.2). */
export const WASI_PREVIEW1: Record<string, FuncType> = {
  args_get: sig("i32,i32"), args_sizes_get: sig("i32,i32"),
  environ_get: sig("i32,i32"), environ_sizes_get: sig("i32,i32"),
  clock_res_get: sig("i32,i32"), clock_time_get: sig("i32,i64,i32"),
  fd_advise: sig("i32,i64,i64,i32"), fd_allocate: sig("i32,i64,i64"), fd_close: sig("i32"),
  fd_datasync: sig("i32"), fd_fdstat_get: sig("i32,i32"), fd_fdstat_set_flags: sig("i32,i32"),
  fd_fdstat_set_rights: sig("i32,i64,i64"), fd_filestat_get: sig("i32,i32"), fd_filestat_set_size: sig("i32,i64"),
  fd_filestat_set_times: sig("i32,i64,i64,i32"), fd_pread: sig("i32,i32,i32,i64,i32"),
  fd_prestat_get: sig("i32,i32"), fd_prestat_dir_name: sig("i32,i32,i32"), fd_pwrite: sig("i32,i32,i32,i64,i32"),
  fd_read: sig(I32x(4)), fd_readdir: sig("i32,i32,i32,i64,i32"), fd_renumber: sig("i32,i32"),
  fd_seek: sig("i32,i64,i32,i32"), fd_sync: sig("i32"), fd_tell: sig("i32,i32"), fd_write: sig(I32x(4)),
  path_create_directory: sig(I32x(3)), path_filestat_get: sig(I32x(5)),
  path_filestat_set_times: sig("i32,i32,i32,i32,i64,i64,i32"), path_link: sig(I32x(7)),
  path_open: sig("i32,i32,i32,i32,i32,i64,i64,i32,i32"), path_readlink: sig(I32x(6)),
  path_remove_directory: sig(I32x(3)), path_rename: sig(I32x(6)), path_symlink: sig(I32x(5)),
  path_unlink_file: sig(I32x(3)), poll_oneoff: sig(I32x(4)), proc_exit: sig("i32", ""), proc_raise: sig("i32"),
  sched_yield: sig(""), random_get: sig("i32,i32"), sock_accept: sig(I32x(3)), sock_recv: sig(I32x(6)),
  sock_send: sig(I32x(5)), sock_shutdown: sig("i32,i32"),
};

/** The WasmEdge v2 socket extension wasi-go adds to wasi_snapshot_preview1 (§5.2). */
export const WASMEDGE_V2: Record<string, FuncType> = {
  sock_open: sig(I32x(3)), sock_bind: sig(I32x(3)), sock_connect: sig(I32x(3)), sock_listen: sig(I32x(2)),
  sock_send_to: sig(I32x(7)), sock_recv_from: sig(I32x(8)), sock_getsockopt: sig(I32x(5)),
  sock_setsockopt: sig(I32x(5)), sock_getlocaladdr: sig(I32x(3)), sock_getpeeraddr: sig(I32x(3)),
  sock_getaddrinfo: sig(I32x(8)),
};

/** The names whose import turns wasi-go's socket extension on (§5.1); sock_accept counts only with 2 params. */
export const SOCKET_DETECTION_NAMES = new Set([
  "sock_open", "sock_bind", "sock_connect", "sock_listen", "sock_send_to", "sock_recv_from", "sock_getsockopt",
  "sock_setsockopt", "sock_getlocaladdr", "sock_getpeeraddr", "sock_getaddrinfo",
]);
