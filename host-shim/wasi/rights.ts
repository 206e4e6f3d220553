// Preview1 rights and file flags as the two Traefik hosts use them. wasi-go enforces rights on every fd (an fd
// only has the rights path_open granted it, a subset of its directory's inheriting rights, and `:ro` strips the
// write rights); wazero ignores them except to pick the open mode, and reports fixed sets in fd_fdstat_get.

/** Right bits, preview1 numbering (wasi-go rights.go, wazero wasip1). */
export const Right = {
  FD_DATASYNC: 1 << 0, FD_READ: 1 << 1, FD_SEEK: 1 << 2, FDSTAT_SET_FLAGS: 1 << 3, FD_SYNC: 1 << 4,
  FD_TELL: 1 << 5, FD_WRITE: 1 << 6, FD_ADVISE: 1 << 7, FD_ALLOCATE: 1 << 8, PATH_CREATE_DIRECTORY: 1 << 9,
  PATH_CREATE_FILE: 1 << 10, PATH_LINK_SOURCE: 1 << 11, PATH_LINK_TARGET: 1 << 12, PATH_OPEN: 1 << 13,
  FD_READDIR: 1 << 14, PATH_READLINK: 1 << 15, PATH_RENAME_SOURCE: 1 << 16, PATH_RENAME_TARGET: 1 << 17,
  PATH_FILESTAT_GET: 1 << 18, PATH_FILESTAT_SET_SIZE: 1 << 19, PATH_FILESTAT_SET_TIMES: 1 << 20,
  FD_FILESTAT_GET: 1 << 21, FD_FILESTAT_SET_SIZE: 1 << 22, FD_FILESTAT_SET_TIMES: 1 << 23, PATH_SYMLINK: 1 << 24,
  PATH_REMOVE_DIRECTORY: 1 << 25, PATH_UNLINK_FILE: 1 << 26, POLL_FD_READWRITE: 1 << 27,
} as const;

/** wasi-go's AllRights: the 30 defined bits; higher bits of a guest's request are dropped. */
export const ALL_RIGHTS = (1 << 30) - 1;
/** wasi-go's WriteRights, the set a `:ro` mount removes from its directory and everything opened below it. */
export const WRITE_RIGHTS = Right.FD_WRITE | Right.FD_ALLOCATE | Right.PATH_FILESTAT_SET_SIZE | Right.FD_DATASYNC;
/** wasi-go's DirectoryRights: a directory can do anything but seek. */
export const DIRECTORY_RIGHTS = ALL_RIGHTS & ~Right.FD_SEEK;

/** What wazero's fd_fdstat_get reports for a regular file (base) and a directory (base; inheriting is both). */
export const WAZERO_FILE_RIGHTS = Right.FD_DATASYNC | Right.FD_READ | Right.FD_SEEK | Right.FDSTAT_SET_FLAGS |
  Right.FD_SYNC | Right.FD_TELL | Right.FD_WRITE | Right.FD_ADVISE | Right.FD_ALLOCATE | Right.FD_FILESTAT_GET |
  Right.FD_FILESTAT_SET_SIZE | Right.FD_FILESTAT_SET_TIMES | Right.POLL_FD_READWRITE;
export const WAZERO_DIR_RIGHTS = Right.FD_DATASYNC | Right.FDSTAT_SET_FLAGS | Right.FD_SYNC |
  Right.PATH_CREATE_DIRECTORY | Right.PATH_CREATE_FILE | Right.PATH_LINK_SOURCE | Right.PATH_LINK_TARGET |
  Right.PATH_OPEN | Right.FD_READDIR | Right.PATH_READLINK | Right.PATH_RENAME_SOURCE | Right.PATH_RENAME_TARGET |
  Right.PATH_FILESTAT_GET | Right.PATH_FILESTAT_SET_SIZE | Right.PATH_FILESTAT_SET_TIMES | Right.FD_FILESTAT_GET |
  Right.FD_FILESTAT_SET_TIMES | Right.PATH_SYMLINK | Right.PATH_REMOVE_DIRECTORY | Right.PATH_UNLINK_FILE;

/** path_open oflags, lookupflags and fdflags bits. */
export const OFLAG_CREAT = 1, OFLAG_DIRECTORY = 2, OFLAG_TRUNC = 8;
export const LOOKUP_SYMLINK_FOLLOW = 1;
export const FDFLAG_APPEND = 1, FDFLAG_NONBLOCK = 4;

/** Preview1 filetypes. */
export const FILETYPE_UNKNOWN = 0, FILETYPE_BLOCK_DEVICE = 1, FILETYPE_CHARACTER_DEVICE = 2,
  FILETYPE_DIRECTORY = 3, FILETYPE_REGULAR_FILE = 4, FILETYPE_SYMBOLIC_LINK = 7;

/** Rights as wasi-go keeps them per fd; wazero keeps none (null where a Rights is expected). */
export interface Rights { base: number; inheriting: number }

/** preopenRights are wasi-go's rights for a mount: directory rights, inheriting everything, less writes on `:ro`. */
export function preopenRights(readOnly: boolean): Rights {
  const strip = readOnly ? WRITE_RIGHTS : 0;
  return { base: DIRECTORY_RIGHTS & ~strip, inheriting: ALL_RIGHTS & ~strip };
}
