// Worker-side access to guest memory for the socket imports: iovecs, WasmEdge address descriptors (§5.3) and the
// pre-linked addrinfo results (§5.4). Views are made fresh on every access because memory.grow detaches the old
// buffer. An out-of-bounds access throws RangeError, which errnoGuard turns into EFAULT.

import { Errno } from "./errno.js";
import { FAMILY_INET, FAMILY_INET6, type SockAddr } from "./inet.js";

const FAMILY_UNIX = 3;
const V2_ADDR_LEN = 128;
const ADDRINFO_SIZE = 28;

export class GuestMemory {
  constructor(private readonly memory: () => WebAssembly.Memory) {}

  view(): DataView { return new DataView(this.memory().buffer); }

  bytes(): Uint8Array { return new Uint8Array(this.memory().buffer); }

  u32(ptr: number): number { return this.view().getUint32(ptr, true); }

  setU32(ptr: number, value: number): void { this.view().setUint32(ptr, value, true); }

  /** slice copies len bytes out of guest memory, so later growth or reuse cannot change them. */
  slice(ptr: number, len: number): Uint8Array {
    const mem = this.bytes();
    if (ptr + len > mem.length) throw new RangeError("guest range out of bounds");
    return mem.slice(ptr, ptr + len);
  }

  string(ptr: number, len: number): string { return Buffer.from(this.slice(ptr, len)).toString("utf8"); }

  /** iovecs reads an array of {u32 ptr, u32 len}. */
  iovecs(iovs: number, count: number): [number, number][] {
    const v = this.view();
    const out: [number, number][] = [];
    for (let i = 0; i < count; i++) out.push([v.getUint32(iovs + 8 * i, true), v.getUint32(iovs + 8 * i + 4, true)]);
    return out;
  }

  /** gather copies the bytes of all iovecs into one exact-size buffer. */
  gather(iovs: number, count: number): Uint8Array {
    const list = this.iovecs(iovs, count);
    const out = new Uint8Array(list.reduce((n, [, len]) => n + len, 0));
    let at = 0;
    for (const [ptr, len] of list) { out.set(this.slice(ptr, len), at); at += len; }
    return out;
  }

  /** scatter writes data across the iovecs in order. */
  scatter(iovs: number, count: number, data: Uint8Array): void {
    const mem = this.bytes();
    let at = 0;
    for (const [ptr, len] of this.iovecs(iovs, count)) {
      if (at >= data.length) break;
      const n = Math.min(len, data.length - at);
      if (ptr + n > mem.length) throw new RangeError("guest range out of bounds");
      mem.set(data.subarray(at, at + n), ptr);
      at += n;
    }
  }

  /**
   * readAddr decodes an input address descriptor {u32 buf_ptr, u32 buf_len} (§5.3): 4 bytes IPv4, 16 bytes IPv6,
   * 128 bytes a V2 sockaddr with a u16 LE family. undefined means EINVAL. A unix path decodes with family 3 and
   * no bytes, so that an INET socket refuses it as a family mismatch.
   */
  readAddr(desc: number, port: number): SockAddr | undefined {
    const buf = this.u32(desc), len = this.u32(desc + 4);
    const raw = this.slice(buf, len);
    if (len === 4) return { family: FAMILY_INET, addr: raw, port };
    if (len === 16) return { family: FAMILY_INET6, addr: raw, port };
    if (len !== V2_ADDR_LEN) return undefined;
    const family = raw[0] | (raw[1] << 8);
    if (family === FAMILY_INET) return { family, addr: raw.slice(2, 6), port };
    if (family === FAMILY_INET6) return { family, addr: raw.slice(2, 18), port };
    if (family === FAMILY_UNIX && raw.indexOf(0, 2) > 0) return { family, addr: new Uint8Array(0), port: 0 };
    return undefined;
  }

  /** writeAddr fills a V2 output descriptor: the buffer must be 128 bytes (§5.3), else EINVAL. */
  writeAddr(desc: number, addr: SockAddr): number {
    const buf = this.u32(desc), len = this.u32(desc + 4);
    if (len !== V2_ADDR_LEN) return Errno.INVAL;
    const out = new Uint8Array(2 + addr.addr.length);
    out[0] = addr.family;
    out.set(addr.addr, 2);
    if (buf + out.length > this.bytes().length) throw new RangeError("guest range out of bounds");
    this.bytes().set(out, buf);
    return Errno.SUCCESS;
  }

  /**
   * writeAddrInfos walks the guest's pre-linked result structs from *resPtr and fills one per address, the way
   * wasi-go v0.8.0 does (§5.4): sa_family as one byte, sa_data = port u16 BE + address (a sa_data_len of 14
   * counts as 26), addrlen 16, canonname_len 0, other fields untouched. Returns the count, or -errno.
   */
  writeAddrInfos(resPtr: number, addrs: SockAddr[]): number {
    let res = this.u32(resPtr);
    let count = 0;
    for (const a of addrs) {
      const v = this.view();
      if (res + ADDRINFO_SIZE > v.byteLength) return -Errno.FAULT;
      const sa = v.getUint32(res + 12, true);
      if (sa === 0) return -Errno.FAULT;
      let dataLen = v.getUint32(sa + 4, true);
      if (dataLen === 14) dataLen = 26; // "WasmEdge lies" (wasi-go): its library allocates 26 bytes
      const dataPtr = v.getUint32(sa + 8, true);
      if (dataPtr + dataLen > v.byteLength || dataLen < 2 + a.addr.length) return -Errno.FAULT;
      v.setUint16(dataPtr, a.port, false);
      this.bytes().set(a.addr, dataPtr + 2);
      v.setUint8(sa, a.family);
      v.setUint32(res + 8, 16, true);
      v.setUint32(res + 20, 0, true);
      count++;
      const next = v.getUint32(res + 24, true);
      if (next === 0) break;
      res = next;
    }
    return count;
  }
}

/**
 * errnoGuard wraps a host import so that it always returns an errno: a guest pointer out of bounds is EFAULT,
 * anything else unexpected EIO. i32 arguments reach fn as unsigned numbers; i64 ones stay BigInt.
 */
export function errnoGuard(fn: (...args: any[]) => number): (...args: any[]) => number {
  return (...args) => {
    try {
      return fn(...args.map((a) => (typeof a === "number" ? a >>> 0 : a)));
    } catch (err) {
      return err instanceof RangeError ? Errno.FAULT : Errno.IO;
    }
  };
}
