// Socket addresses as plain data that crosses the bridge, and their conversion to and from Node's textual form.

import { isIPv4, isIPv6 } from "node:net";

/** WASI address families (traefik-wasm-host.md §5.2): 1 INET, 2 INET6. */
export const FAMILY_INET = 1;
export const FAMILY_INET6 = 2;

/** SockAddr is an IP socket address: 4 or 16 address bytes in network order and a host-order port. */
export interface SockAddr {
  family: number;
  addr: Uint8Array;
  port: number;
}

/** ipText renders address bytes as Node accepts them for connect and listen. */
export function ipText(addr: Uint8Array): string {
  if (addr.length === 4) return addr.join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((addr[i] << 8) | addr[i + 1]).toString(16));
  return groups.join(":");
}

/** ipBytes parses a textual IPv4 or IPv6 address (with an optional %zone); undefined when it is neither. */
export function ipBytes(text: string): Uint8Array | undefined {
  const bare = text.replace(/%.*$/, "");
  if (isIPv4(bare)) return Uint8Array.from(bare.split(".").map(Number));
  if (!isIPv6(bare)) return undefined;
  let tail = bare;
  let v4: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (dotted !== null) {
    // An IPv4-mapped or -compatible tail ("::ffff:127.0.0.1") fills the last two groups.
    v4 = dotted[1].split(".").map(Number);
    tail = bare.slice(0, -dotted[1].length) + "0:0";
  }
  const [head, rest] = tail.includes("::") ? tail.split("::") : [tail, undefined];
  const left = head === "" ? [] : head.split(":");
  const right = rest === undefined || rest === "" ? [] : rest.split(":");
  const groups = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  if (v4.length === 4) out.set(v4, 12);
  return out;
}

/** sockAddrOf builds a SockAddr from Node's (address, port) pair, or undefined when Node has none. */
export function sockAddrOf(address: string | undefined, port: number | undefined): SockAddr | undefined {
  if (address === undefined) return undefined;
  const addr = ipBytes(address);
  if (addr === undefined) return undefined;
  return { family: addr.length === 4 ? FAMILY_INET : FAMILY_INET6, addr, port: port ?? 0 };
}
