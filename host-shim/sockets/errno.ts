// WASI preview1 errno numbers and the translation of Node errors into them (traefik-wasm-host.md §5.7, §7 item 6).
// Everything that crosses from Node's I/O into a guest-visible result goes through errnoOf, so no exception escapes.

/** Preview1 errno names in numbering order: the index is the errno. */
const NAMES = [
  "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN", "ALREADY", "BADF", "BADMSG",
  "BUSY", "CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET", "DEADLK", "DESTADDRREQ", "DOM", "DQUOT",
  "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM", "ILSEQ", "INPROGRESS", "INTR", "INVAL", "IO", "ISCONN", "ISDIR",
  "LOOP", "MFILE", "MLINK", "MSGSIZE", "MULTIHOP", "NAMETOOLONG", "NETDOWN", "NETRESET", "NETUNREACH", "NFILE",
  "NOBUFS", "NODEV", "NOENT", "NOEXEC", "NOLCK", "NOLINK", "NOMEM", "NOMSG", "NOPROTOOPT", "NOSPC", "NOSYS",
  "NOTCONN", "NOTDIR", "NOTEMPTY", "NOTRECOVERABLE", "NOTSOCK", "NOTSUP", "NOTTY", "NXIO", "OVERFLOW", "OWNERDEAD",
  "PERM", "PIPE", "PROTO", "PROTONOSUPPORT", "PROTOTYPE", "RANGE", "ROFS", "SPIPE", "SRCH", "STALE", "TIMEDOUT",
  "TXTBSY", "XDEV", "NOTCAPABLE",
];

/** The errno values the socket host returns by name (also for the files in its fd tables). */
export const Errno = {
  SUCCESS: 0, ADDRINUSE: 3, AFNOSUPPORT: 5, AGAIN: 6, ALREADY: 7, BADF: 8, CANCELED: 11, CONNABORTED: 13,
  CONNREFUSED: 14, CONNRESET: 15, FAULT: 21, HOSTUNREACH: 23, INPROGRESS: 26, INVAL: 28, IO: 29, ISCONN: 30,
  NETUNREACH: 40, NOSYS: 52, NOTCONN: 53, NOTSOCK: 57, NOTSUP: 58, PIPE: 64, TIMEDOUT: 73, NOTCAPABLE: 76,
} as const;

const BY_CODE = new Map<string, number>(NAMES.map((name, errno) => [`E${name}`, errno]));
// Codes whose names differ between libuv/Node and WASI.
BY_CODE.set("EOPNOTSUPP", Errno.NOTSUP);
BY_CODE.set("EWOULDBLOCK", Errno.AGAIN);
// Node stream errors after our side closed the socket read like a write to a closed pipe.
BY_CODE.set("ERR_STREAM_DESTROYED", Errno.PIPE);
BY_CODE.set("ERR_STREAM_WRITE_AFTER_END", Errno.PIPE);
BY_CODE.set("ERR_SOCKET_CLOSED", Errno.PIPE);

/**
 * errnoOf maps anything thrown or emitted by Node's net/dns to a WASI errno. Name-resolution failures
 * (ENOTFOUND, EAI_*) become ECANCELED because wasi-go v0.8.0 returns that for every lookup failure (§5.4).
 * Unknown errors become EIO; it never throws.
 */
export function errnoOf(err: unknown): number {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== "string") return Errno.IO;
  if (code === "ENOTFOUND" || code.startsWith("EAI_")) return Errno.CANCELED;
  return BY_CODE.get(code) ?? Errno.IO;
}
