// Addresses of Redis nodes: `host:port` as the configuration writes them (redis.address, sentinelAddresses,
// clusterAddresses), `ip` and `port` as Sentinel's and the cluster's replies give them. Pure (no sockets), so the
// config layer and the unit specs use it as it is.

/** MAX_PORT is the highest TCP port. */
const MAX_PORT: i32 = 65535;

/**
 * NodeAddress is a host (a name, an IPv4 literal, or an IPv6 literal WITHOUT brackets: net/resolve.ts takes both
 * forms) and a port. Two addresses are the same node only when both are equal as written; no name is resolved.
 */
export class NodeAddress {
  constructor(readonly host: string, readonly port: i32) {}

  /** toString gives `host:port`, an IPv6 literal in brackets: the form of the configuration and the health JSON. */
  toString(): string {
    const host = this.host.includes(":") ? "[" + this.host + "]" : this.host;
    return host + ":" + this.port.toString();
  }

  equals(other: NodeAddress): bool {
    return this.port == other.port && this.host == other.host;
  }
}

/** AddressProblem receives why parseNodeAddress refused its text, for a config error naming the key. */
export class AddressProblem {
  reason: string = "";
}

/**
 * parseNodeAddress reads `host:port`, an IPv6 literal written in brackets (`[::1]:26379`); the port is decimal,
 * 1..65535. null with why.reason set when the text is not of that form.
 */
export function parseNodeAddress(text: string, why: AddressProblem): NodeAddress | null {
  const colon = text.lastIndexOf(":");
  if (colon <= 0 || colon == text.length - 1) return refuse(why, `must be host:port (got "${text}")`);
  let host = text.substring(0, colon);
  const portText = text.substring(colon + 1);
  const bracketed = host.startsWith("[") && host.endsWith("]") && host.length > 2;
  if (!bracketed && (host.includes(":") || host.includes("[") || host.includes("]"))) {
    return refuse(why, `an IPv6 address must be written in brackets, as [::1]:26379 (got "${text}")`);
  }
  const port = parsePort(portText);
  if (port < 0) return refuse(why, `port must be a number from 1 to 65535 (got "${portText}")`);
  if (bracketed) host = host.substring(1, host.length - 1);
  return new NodeAddress(host, port);
}

/**
 * nodeFromReply builds the address of a node that Sentinel named by `ip` and `port` fields (an IPv6 ip comes
 * without brackets); null when ip is empty or port is not a decimal 1..65535.
 */
export function nodeFromReply(ip: string, portText: string): NodeAddress | null {
  if (ip.length == 0) return null;
  const port = parsePort(portText);
  return port < 0 ? null : new NodeAddress(ip, port);
}

// Decimal digits only, 1..MAX_PORT; -1 otherwise (signs, spaces, "0x", overflow).
function parsePort(s: string): i32 {
  if (s.length == 0 || s.length > 5) return -1;
  let port = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) return -1;
    port = port * 10 + (ch - 48);
  }
  return port >= 1 && port <= MAX_PORT ? port : -1;
}

function refuse(why: AddressProblem, reason: string): NodeAddress | null {
  why.reason = reason;
  return null;
}
