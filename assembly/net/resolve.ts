// Host name resolution through sock_getaddrinfo, with wasi-go v0.8.0's quirks fenced off here
// (traefik-wasm-host.md §5.4). IP literals never reach the resolver.

import { AiFlags, SockFamily, SockType, sock_getaddrinfo, WasiErrno } from "../abi/wasi";
import { errnoName, NetErr, NetStatus } from "./errors";
import { IpAddr, parseIp } from "./ip";

/** MAX_ADDRESSES is how many results one lookup may return (and the pre-linked structs it provides). */
export const MAX_ADDRESSES: i32 = 8;
/** MAX_HOST_BYTES is the longest host name accepted (RFC 1035 §2.3.4: 253 characters in text form). */
export const MAX_HOST_BYTES: i32 = 253;

const ADDRINFO_SIZE: usize = 28;
const SOCKADDR_SIZE: usize = 12;
// §5.4: sa_data holds the port (2 bytes) and the address; 26 bytes fit IPv6 and match what wasi-go assumes.
const SA_DATA_SIZE: usize = 26;

// The hints struct, the result chain and its sockaddrs, all static: the guest is single-threaded and the host
// writes into them only during the call.
const HINTS = memory.data(<i32>ADDRINFO_SIZE);
const RESULTS = memory.data(<i32>(ADDRINFO_SIZE * <usize>MAX_ADDRESSES));
const SOCKADDRS = memory.data(<i32>(SOCKADDR_SIZE * <usize>MAX_ADDRESSES));
const SA_DATA = memory.data(<i32>(SA_DATA_SIZE * <usize>MAX_ADDRESSES));
const RES_PTR = memory.data(4);
const RES_LEN = memory.data(4);

/**
 * resolve returns the addresses to try for host, IPv4 first then IPv6, or null with the reason on status.
 * An IPv4 or IPv6 literal (IPv6 also in brackets) is parsed without DNS. A name goes to sock_getaddrinfo, which
 * blocks the request until the host's resolver answers; it cannot be interrupted by the guest's deadline.
 * Names must be ASCII letters, digits, '-', '_' and '.' (punycode IDNs first); anything else is BadAddress.
 */
export function resolve(host: string, port: i32, status: NetStatus): Array<IpAddr> | null {
  if (port < 1 || port > 65535) return failed(status, NetErr.BadAddress, "bad port " + port.toString());
  const out = new Array<IpAddr>();
  const literal = new IpAddr();
  const n = host.length;
  if (n >= 2 && host.charCodeAt(0) == 0x5b && host.charCodeAt(n - 1) == 0x5d) { // "[v6]"
    if (!parseIp(host.substring(1, n - 1), literal) || literal.family != SockFamily.Inet6) {
      return failed(status, NetErr.BadAddress, "bad IPv6 literal " + host);
    }
    out.push(literal);
    return succeeded(status, out);
  }
  if (parseIp(host, literal)) {
    out.push(literal);
    return succeeded(status, out);
  }
  if (!isHostName(host)) return failed(status, NetErr.BadAddress, "bad host name");
  return lookup(host, port, out, status);
}

function lookup(host: string, port: i32, out: Array<IpAddr>, status: NetStatus): Array<IpAddr> | null {
  prepare();
  const name = String.UTF8.encode(host);
  const service = String.UTF8.encode(port.toString());
  // name and service are locals of this frame, so they stay alive across the host call.
  const e = sock_getaddrinfo(changetype<usize>(name), <u32>name.byteLength, changetype<usize>(service),
    <u32>service.byteLength, HINTS, RES_PTR, <u32>MAX_ADDRESSES, RES_LEN);
  if (e != WasiErrno.Success) {
    // §5.4: any lookup failure is ECANCELED in wasi-go v0.8.0, not an EAI code.
    const err = e == WasiErrno.NoSys || e == WasiErrno.NotSup ? NetErr.Unsupported : NetErr.DnsFailed;
    return failed(status, err, "resolve " + host + ": " + errnoName(e));
  }
  let count = <i32>load<u32>(RES_LEN);
  if (count > MAX_ADDRESSES) count = MAX_ADDRESSES;
  // The host sorts IPv4 before IPv6; two passes keep that order whatever a host does.
  for (let pass = 0; pass < 2; pass++) {
    const want = pass == 0 ? SockFamily.Inet4 : SockFamily.Inet6;
    for (let k = 0; k < count; k++) {
      const sa = SOCKADDRS + <usize>k * SOCKADDR_SIZE;
      if (load<u8>(sa) != <u8>want) continue; // §5.4: sa_family is written as one byte
      const addr = new IpAddr();
      addr.family = want;
      const len = addr.byteLength;
      const data = SA_DATA + <usize>k * SA_DATA_SIZE + 2; // after the big-endian port
      for (let b = 0; b < len; b++) addr.bytes[b] = load<u8>(data + <usize>b);
      out.push(addr);
    }
  }
  if (out.length == 0) return failed(status, NetErr.DnsFailed, "resolve " + host + ": no addresses");
  return succeeded(status, out);
}

// §5.4: the guest pre-allocates and pre-links the result structs through `next`, each pointing at its sockaddr
// and sa_data; max_res_len is MAX_ADDRESSES, well above the quirk that rejects 1. The service is numeric.
function prepare(): void {
  memory.fill(HINTS, 0, ADDRINFO_SIZE);
  store<u16>(HINTS, <u16>AiFlags.NumericServ);
  store<u8>(HINTS, 0, 2); // family: either
  store<u8>(HINTS, <u8>SockType.Stream, 3);
  memory.fill(RESULTS, 0, ADDRINFO_SIZE * <usize>MAX_ADDRESSES);
  memory.fill(SA_DATA, 0, SA_DATA_SIZE * <usize>MAX_ADDRESSES);
  for (let k: usize = 0; k < <usize>MAX_ADDRESSES; k++) {
    const res = RESULTS + k * ADDRINFO_SIZE;
    const sa = SOCKADDRS + k * SOCKADDR_SIZE;
    store<u32>(res, <u32>sa, 12);
    store<u32>(res, k + 1 < <usize>MAX_ADDRESSES ? <u32>(res + ADDRINFO_SIZE) : 0, 24);
    store<u32>(sa, 0);
    store<u32>(sa, <u32>SA_DATA_SIZE, 4);
    store<u32>(sa, <u32>(SA_DATA + k * SA_DATA_SIZE), 8);
  }
  store<u32>(RES_PTR, <u32>RESULTS);
  store<u32>(RES_LEN, 0);
}

// A DNS name in ASCII: labels of letters, digits, '-' and '_', separated by single dots, one trailing dot allowed.
function isHostName(host: string): bool {
  const n = host.length;
  if (n == 0 || n > MAX_HOST_BYTES + 1) return false;
  let label = 0;
  for (let i = 0; i < n; i++) {
    const c = host.charCodeAt(i);
    if (c == 0x2e) {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x5f;
    if (!ok || ++label > 63) return false;
  }
  return n <= MAX_HOST_BYTES || host.charCodeAt(n - 1) == 0x2e;
}

function failed(status: NetStatus, e: NetErr, detail: string): Array<IpAddr> | null {
  status.fail(e, detail);
  return null;
}

function succeeded(status: NetStatus, out: Array<IpAddr>): Array<IpAddr> {
  status.ok();
  return out;
}
