// WASI preview1 errno numbers the shim returns (traefik-wasm-host.md §5.7).
export const ESUCCESS = 0;
export const EBADF = 8;
export const EINVAL = 28;
export const EISDIR = 31;
export const ENOENT = 44;
export const ENOSYS = 52;
export const ENOTDIR = 54;
export const ENOTSUP = 58;
export const EPERM = 63;
export const ENOTCAPABLE = 76;
