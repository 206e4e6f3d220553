// Redis Cluster's key space, as a client sees it: 16384 hash slots, each served by one master (cluster
// specification, "Keys distribution model"), the map from slot to node, and the MOVED / ASK redirections that correct
// it. Pure: no sockets, so the router above it is unit-tested with a scripted cluster.

import { crc16 } from "./crc16";
import { NodeAddress } from "./node_address";
import { RespKind, RespValue } from "../resp/value";

/** SLOT_COUNT is the number of hash slots of every Redis Cluster. */
export const SLOT_COUNT: i32 = 16384;
/** MAX_NODES bounds the nodes a map accepts, replicas included: a reply naming more is refused as hostile. */
export const MAX_NODES: i32 = 1000;

/** ClusterNode is one node by address; `id` is its 40-character cluster node id, "" when not learned yet. */
export class ClusterNode {
  id: string = "";
  master: bool = true;
  constructor(readonly host: string, readonly port: i32) {}

  /** address is host:port, an IPv6 host in brackets: the node's identity in this client and in health output. */
  get address(): string {
    return formatAddress(this.host, this.port);
  }
}

/**
 * SlotMap says which master serves each slot, as learned from CLUSTER SHARDS or CLUSTER SLOTS
 * (cluster_topology.ts) and corrected by MOVED. A slot no master claims maps to null: the caller then asks the
 * map's source, which answers with a MOVED or CLUSTERDOWN.
 */
export class SlotMap {
  /** nodes holds every node named so far, masters and replicas, each address once. */
  readonly nodes: Array<ClusterNode> = new Array<ClusterNode>();
  // owner[slot] is 1 + the index in nodes of the slot's master, 0 for none; u16 fits MAX_NODES.
  private readonly owner: StaticArray<u16> = new StaticArray<u16>(SLOT_COUNT);
  /** source is the node that answered the topology query (a seed, perhaps by another name), or null. */
  source: ClusterNode | null = null;

  /** masterOf returns the master serving slot, or null when none is known. slot must be 0..SLOT_COUNT-1. */
  masterOf(slot: i32): ClusterNode | null {
    if (<u32>slot >= <u32>SLOT_COUNT) return null;
    const i = <i32>unchecked(this.owner[slot]); // slot < SLOT_COUNT checked above
    return i == 0 ? null : this.nodes[i - 1];
  }

  /** nodeAt returns the node with this host and port, adding it (as a master) when it is new; null past MAX_NODES. */
  nodeAt(host: string, port: i32): ClusterNode | null {
    const i = this.indexOf(host, port);
    if (i >= 0) return this.nodes[i];
    if (this.nodes.length >= MAX_NODES) return null;
    const n = new ClusterNode(host, port);
    this.nodes.push(n);
    return n;
  }

  /** assign makes node the master of slots [from, to] (clamped to the slot range); node must be in nodes. */
  assign(from: i32, to: i32, node: ClusterNode): void {
    const i = this.nodes.indexOf(node);
    if (i < 0) return;
    node.master = true;
    for (let s = max(from, 0); s <= min(to, SLOT_COUNT - 1); s++) unchecked(this.owner[s] = <u16>(i + 1)); // clamped
  }

  /** masters lists the nodes that serve at least one slot, in node order. */
  masters(): Array<ClusterNode> {
    const serving = new StaticArray<bool>(this.nodes.length + 1);
    for (let s = 0; s < SLOT_COUNT; s++) serving[unchecked(this.owner[s])] = true; // s < SLOT_COUNT
    const out = new Array<ClusterNode>();
    for (let i = 0; i < this.nodes.length; i++) if (serving[i + 1]) out.push(this.nodes[i]);
    return out;
  }

  /** slotsOf counts the slots node serves. */
  slotsOf(node: ClusterNode): i32 {
    const i = this.nodes.indexOf(node);
    if (i < 0) return 0;
    let n = 0;
    for (let s = 0; s < SLOT_COUNT; s++) if (<i32>unchecked(this.owner[s]) == i + 1) n++; // s < SLOT_COUNT
    return n;
  }

  /** covered counts the slots that have a master. */
  covered(): i32 {
    let n = 0;
    for (let s = 0; s < SLOT_COUNT; s++) if (unchecked(this.owner[s]) != 0) n++; // s < SLOT_COUNT
    return n;
  }

  private indexOf(host: string, port: i32): i32 {
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i];
      if (n.port == port && n.host == host) return i;
    }
    return -1;
  }
}

/**
 * keyHashSlot returns the slot of key (its UTF-8 bytes): CRC16 mod 16384 of the whole key or, when the key holds a
 * hash tag, of the tag: the bytes between the first `{` and the first `}` after it, if there is at least one.
 * Keys that share a tag share a slot, which is what a command touching several keys needs.
 */
export function keyHashSlot(key: string): i32 {
  const b = Uint8Array.wrap(String.UTF8.encode(key));
  const open = b.indexOf(0x7b); // '{'
  if (open >= 0) {
    const close = b.indexOf(0x7d, open + 1); // '}'
    if (close > open + 1) return <i32>crc16(b, open + 1, close) & (SLOT_COUNT - 1);
  }
  return <i32>crc16(b) & (SLOT_COUNT - 1);
}

/** Redirect is a parsed `-MOVED <slot> <host>:<port>` (ask false) or `-ASK <slot> <host>:<port>` (ask true). */
export class Redirect {
  constructor(readonly ask: bool, readonly slot: i32, readonly host: string, readonly port: i32) {}
}

/**
 * parseRedirect reads a MOVED or ASK error reply; null for any other reply, or one whose slot or port is not a
 * number in range. An empty host (a node that announces no endpoint) means the node that answered: answeringHost.
 */
export function parseRedirect(r: RespValue, answeringHost: string): Redirect | null {
  if (r.kind != RespKind.Error) return null;
  const code = r.errorCode();
  if (code != "MOVED" && code != "ASK") return null;
  const words = r.text().split(" ");
  if (words.length != 3) return null;
  const slot = parseDecimal(words[1]);
  if (slot < 0 || slot >= SLOT_COUNT) return null;
  const colon = words[2].lastIndexOf(":");
  if (colon < 0) return null;
  const port = parseDecimal(words[2].substring(colon + 1));
  if (port < 1 || port > 65535) return null;
  const host = colon == 0 ? answeringHost : words[2].substring(0, colon);
  return new Redirect(code == "ASK", slot, unbracket(host), port);
}

/** formatAddress returns host:port, with an IPv6 host in brackets. */
export function formatAddress(host: string, port: i32): string {
  return new NodeAddress(unbracket(host), port).toString();
}

// Redis writes IPv6 endpoints without brackets, the configuration with them: one spelling per node, without.
function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length - 1) : host;
}

// A non-negative decimal of at most 9 digits, or -1.
function parseDecimal(s: string): i32 {
  if (s.length == 0 || s.length > 9) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}
