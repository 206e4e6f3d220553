// Reads a cluster's slot map from the reply of CLUSTER SHARDS (Redis >= 7.0) or CLUSTER SLOTS (Redis >= 3.0,
// deprecated since 7.0). Both are walked as RESP2 arrays or RESP3 maps; nothing in a reply can make them trap.

import { SlotMap, SLOT_COUNT } from "./cluster_slots";
import { RespKind, RespValue } from "../resp/value";

/**
 * loadShards fills map from a CLUSTER SHARDS reply received from a node on answeringHost, and returns "" or why
 * the reply is unusable. Each shard is `slots` (start, end pairs) and `nodes` (maps with ip, endpoint, port, role,
 * health); its slots go to its master. A node's address is its `endpoint`, else its `ip`, else answeringHost
 * (Redis writes "?" or "" for an endpoint it does not know: "use the address you reached me on").
 */
export function loadShards(map: SlotMap, reply: RespValue, answeringHost: string): string {
  if (!isList(reply)) return "CLUSTER SHARDS: not an array";
  for (let i = 0; i < reply.length; i++) {
    const shard = reply.at(i)!; // i < length
    const slots = field(shard, "slots");
    const nodes = field(shard, "nodes");
    if (slots === null || nodes === null || !isList(slots) || !isList(nodes) || slots.length % 2 != 0) {
      return "CLUSTER SHARDS: shard " + i.toString() + " lacks slots or nodes";
    }
    let master = -1;
    for (let j = 0; j < nodes.length; j++) {
      const n = nodes.at(j)!; // j < length
      const port = intOf(field(n, "port"));
      const host = endpointOf(field(n, "endpoint"), endpointOf(field(n, "ip"), answeringHost));
      if (port < 1 || port > 65535) return "CLUSTER SHARDS: shard " + i.toString() + " names a node without a port";
      const node = map.nodeAt(host, port);
      if (node === null) return "CLUSTER SHARDS: more nodes than this client accepts";
      node.id = textOf(field(n, "id"));
      node.master = textOf(field(n, "role")) == "master";
      // A shard has one master; a failed one that still says "master" during a failover loses to an online one.
      if (node.master && (master < 0 || textOf(field(n, "health")) == "online")) master = map.nodes.indexOf(node);
    }
    if (slots.length > 0 && master < 0) continue; // no master right now: those slots stay unknown, MOVED will tell
    for (let k = 0; k < slots.length; k += 2) {
      const from = intOf(slots.at(k)), to = intOf(slots.at(k + 1));
      if (from < 0 || to < from || to >= SLOT_COUNT) return "CLUSTER SHARDS: bad slot range in shard " + i.toString();
      map.assign(from, to, map.nodes[master]);
    }
  }
  return map.covered() > 0 ? "" : "CLUSTER SHARDS: the cluster serves no slot";
}

/**
 * loadSlots fills map from a CLUSTER SLOTS reply: entries of start, end, the master as [host, port, id, …], then
 * its replicas in the same form. An empty or "?" host means answeringHost. Returns "" or why the reply is unusable.
 */
export function loadSlots(map: SlotMap, reply: RespValue, answeringHost: string): string {
  if (!isList(reply)) return "CLUSTER SLOTS: not an array";
  for (let i = 0; i < reply.length; i++) {
    const e = reply.at(i)!; // i < length
    const from = intOf(e.at(0)), to = intOf(e.at(1));
    if (!isList(e) || e.length < 3 || from < 0 || to < from || to >= SLOT_COUNT) {
      return "CLUSTER SLOTS: entry " + i.toString() + " is malformed";
    }
    for (let j = 2; j < e.length; j++) {
      const n = e.at(j)!; // j < length
      const port = intOf(n.at(1));
      if (!isList(n) || port < 1 || port > 65535) return "CLUSTER SLOTS: entry " + i.toString() + " names a node without a port";
      const node = map.nodeAt(endpointOf(n.at(0), answeringHost), port);
      if (node === null) return "CLUSTER SLOTS: more nodes than this client accepts";
      node.id = textOf(n.at(2));
      if (j == 2) map.assign(from, to, node);
      else node.master = false;
    }
  }
  // A replica entry cleared the flag; a node that serves slots is a master, in whichever order it was named.
  const masters = map.masters();
  for (let i = 0; i < masters.length; i++) masters[i].master = true;
  return map.covered() > 0 ? "" : "CLUSTER SLOTS: the cluster serves no slot";
}

// A field of a RESP3 map or of a RESP2 array of alternating names and values; null when absent.
function field(obj: RespValue, name: string): RespValue | null {
  if (!isList(obj) && obj.kind != RespKind.Map) return null;
  for (let i = 0; i + 1 < obj.length; i += 2) {
    const k = obj.at(i)!; // i < length
    if ((k.kind == RespKind.BulkString || k.kind == RespKind.SimpleString) && k.textIs(name)) return obj.at(i + 1);
  }
  return null;
}

function isList(v: RespValue): bool {
  return v.kind == RespKind.Array || v.kind == RespKind.Set;
}

// An Integer, or -1 for anything else: slots and ports are never negative.
function intOf(v: RespValue | null): i32 {
  if (v === null || v.kind != RespKind.Integer || v.integer < 0 || v.integer > <i64>i32.MAX_VALUE) return -1;
  return <i32>v.integer;
}

function textOf(v: RespValue | null): string {
  if (v === null || (v.kind != RespKind.BulkString && v.kind != RespKind.SimpleString)) return "";
  return v.text();
}

function endpointOf(v: RespValue | null, fallback: string): string {
  const s = textOf(v);
  return s.length == 0 || s == "?" ? fallback : s;
}
