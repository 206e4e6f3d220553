// sock_getaddrinfo's resolution half, on the main thread: wasi-go v0.8.0's SockAddressInfo rules
// (traefik-wasm-host.md §5.4) on top of dns.lookup. The guest-memory half lives in guest_memory.ts.

import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { readFileSync } from "node:fs";
import type { BridgeReply } from "./bridge.js";
import { Errno } from "./errno.js";
import { FAMILY_INET, FAMILY_INET6, ipBytes, type SockAddr } from "./inet.js";

const AI_PASSIVE = 1;
const AI_NUMERICHOST = 4;
const AI_NUMERICSERV = 8;
const SOCK_ANY = 0, SOCK_DGRAM = 1, SOCK_STREAM = 2;
const PROTO_TCP = 6, PROTO_UDP = 17;
// Used when /etc/services is missing; Go's LookupPort has a similar built-in table.
const FALLBACK_SERVICES: Record<string, number> = { http: 80, https: 443, redis: 6379, domain: 53 };

/** AddrInfoQuery is the plain data the worker sends: name, service and the hints fields wasi-go reads. */
export interface AddrInfoQuery {
  name: string;
  service: string;
  flags: number;
  family: number;
  socktype: number;
  protocol: number;
  /** max_res_len; the worker has already refused 1 (§5.4 quirk). */
  max: number;
}

export type Lookup = (name: string, family: 0 | 4 | 6) => Promise<LookupAddress[]>;

/** nodeLookup resolves with dns.lookup (getaddrinfo(3) in libuv's pool), every address, resolver order. */
export const nodeLookup: Lookup = (name, family) =>
  new Promise((resolve, reject) => {
    dnsLookup(name, { all: true, family, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs)));
  });

/** resolveAddrInfo answers { errno, addrs } with IPv4 results first, at most q.max of them. */
export async function resolveAddrInfo(q: AddrInfoQuery, lookup: Lookup = nodeLookup): Promise<BridgeReply> {
  if (q.max === 0) return { errno: Errno.INVAL };
  if (q.family !== 0 && q.family !== FAMILY_INET && q.family !== FAMILY_INET6) return { errno: Errno.NOTSUP };
  const tcpish = q.socktype === SOCK_STREAM && q.protocol !== PROTO_UDP;
  const udpish = q.socktype === SOCK_DGRAM && q.protocol !== PROTO_TCP;
  if (!tcpish && !udpish && q.socktype !== SOCK_ANY) return { errno: Errno.NOTSUP }; // EAI_SOCKTYPE
  const port = lookupPort(q.service, (q.flags & AI_NUMERICSERV) !== 0, udpish ? "udp" : "tcp");
  // A bad service is EINVAL in wasi-go (EAI_SERVICE), unlike a failed name lookup.
  if (port === undefined) return { errno: Errno.INVAL };

  let ips: Uint8Array[];
  if ((q.flags & AI_NUMERICHOST) !== 0) {
    const ip = ipBytes(q.name);
    if (ip === undefined) return { errno: Errno.INVAL };
    ips = [ip];
  } else if (q.name === "") {
    // Empty name without PASSIVE is EINVAL in v0.8.0 (fixed upstream later, not in Traefik).
    if ((q.flags & AI_PASSIVE) === 0) return { errno: Errno.INVAL };
    ips = [new Uint8Array(q.family === FAMILY_INET6 ? 16 : 4)];
  } else {
    try {
      const family = q.family === FAMILY_INET ? 4 : q.family === FAMILY_INET6 ? 6 : 0;
      ips = (await lookup(q.name, family)).map((a) => ipBytes(a.address)).filter((a) => a !== undefined);
    } catch {
      return { errno: Errno.CANCELED }; // §5.4: any resolution failure is ECANCELED, not an EAI code
    }
  }
  const toAddr = (addr: Uint8Array): SockAddr => ({ family: addr.length === 4 ? FAMILY_INET : FAMILY_INET6, addr, port });
  // Go's LookupIP on "ip4"/"ip6" returns only that family; a custom lookup may not filter, so filter here.
  const v4 = q.family === FAMILY_INET6 ? [] : ips.filter((a) => a.length === 4).map(toAddr);
  const v6 = q.family === FAMILY_INET ? [] : ips.filter((a) => a.length === 16).map(toAddr);
  return { errno: Errno.SUCCESS, addrs: [...v4, ...v6].slice(0, q.max) };
}

// Go's net.LookupPort: decimal numbers, "" as 0, then the services database.
function lookupPort(service: string, numericOnly: boolean, proto: "tcp" | "udp"): number | undefined {
  if (/^[0-9]+$/.test(service)) {
    const n = Number(service);
    return n <= 65535 ? n : undefined;
  }
  if (numericOnly) return undefined;
  if (service === "") return 0;
  return services().get(`${service.toLowerCase()}/${proto}`);
}

let serviceTable: Map<string, number> | undefined;

function services(): Map<string, number> {
  if (serviceTable !== undefined) return serviceTable;
  serviceTable = new Map(Object.entries(FALLBACK_SERVICES).flatMap(([k, v]) => [[`${k}/tcp`, v], [`${k}/udp`, v]]));
  try {
    for (const line of readFileSync("/etc/services", "utf8").split("\n")) {
      const [name, portProto, ...aliases] = line.replace(/#.*/, "").trim().split(/\s+/);
      const m = /^(\d+)\/(tcp|udp)$/.exec(portProto ?? "");
      if (m === null) continue;
      for (const n of [name, ...aliases]) serviceTable.set(`${n.toLowerCase()}/${m[2]}`, Number(m[1]));
    }
  } catch {
    // No services database: the fallback table stays.
  }
  return serviceTable;
}
