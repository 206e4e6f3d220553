// Reads what a sentinel says about a master (SENTINEL get-master-addr-by-name and SENTINEL replicas) and what a node
// says about itself (ROLE). Pure: RespValue in, addresses out, so the unit specs need no sockets.
//
// Why the replica list matters (measured on Redis 7.0, see sentinel.ts): during a failover Sentinel flags the
// replica it promotes as "promoted" before it sends it REPLICAOF NO ONE, names it as master about a second after
// that, and turns the old master into a replica some ten seconds later still; until then the old master acknowledges
// writes that the promotion has already orphaned.

import { RespKind, RespValue } from "../resp/value";
import { NodeAddress, nodeFromReply } from "./node_address";

/** MAX_REPLICAS bounds the replicas read from one answer (and so the acknowledgements a write waits for). */
export const MAX_REPLICAS: i32 = 16;

/**
 * MasterAnswer is one sentinel's view of a master. `master` is null when the answer cannot be used, with `problem`
 * saying why: the name is unknown, the reply is an error (NOAUTH...) or malformed, or a failover is under way.
 */
export class MasterAnswer {
  master: NodeAddress | null = null;
  /**
   * replicas are the replicas that Sentinel could promote and that replicate with a working link: a write is safe
   * from a failover once each of them has it. Empty when there are none.
   */
  replicas: Array<NodeAddress> = new Array<NodeAddress>();
  /**
   * suspects are the other listed nodes Sentinel does not consider down: ones that report being masters, or whose
   * link to their master is down, or to which this sentinel just lost its link. Either Sentinel has yet to convert
   * an old master, or a replica is syncing (harmless), or one was promoted and this sentinel has not caught up
   * (writes to `master` would be lost): only their replication ids tell which (promotedFrom).
   */
  suspects: Array<NodeAddress> = new Array<NodeAddress>();
  problem: string = "";
}

/**
 * readMasterAnswer combines the replies to `SENTINEL get-master-addr-by-name <name>` (addr) and
 * `SENTINEL replicas <name>` (replicas). An answer naming a master while another node is flagged "promoted" is
 * refused: that master is being replaced and anything written to it now may be lost.
 */
export function readMasterAnswer(name: string, addr: RespValue, replicas: RespValue): MasterAnswer {
  const a = new MasterAnswer();
  if (addr.kind == RespKind.Null) return refused(a, `does not know a master named "${name}"`);
  if (addr.kind == RespKind.Error) return refused(a, "answered " + addr.text());
  const ip = addr.at(0), port = addr.at(1);
  if (addr.kind != RespKind.Array || addr.length != 2 || ip === null || port === null ||
    ip.kind != RespKind.BulkString || port.kind != RespKind.BulkString) {
    return refused(a, "gave an unexpected reply to get-master-addr-by-name");
  }
  const master = nodeFromReply(ip.text(), port.text());
  if (master === null) return refused(a, `named a master at an unusable address "${ip.text()}:${port.text()}"`);
  if (replicas.kind == RespKind.Error) return refused(a, "answered " + replicas.text() + " to SENTINEL replicas");
  if (replicas.kind != RespKind.Array) return refused(a, "gave an unexpected reply to SENTINEL replicas");
  for (let i = 0; i < replicas.length; i++) {
    const entry = replicas.at(i)!; // i < length
    const node = nodeFromReply(field(entry, "ip"), field(entry, "port"));
    if (node === null || node.equals(master)) continue;
    const flags = field(entry, "flags").split(",");
    if (flags.includes("promoted")) return refused(a, `is failing ${name} over from ${master.toString()} to ${node.toString()}`);
    if (flags.includes("s_down") || flags.includes("o_down")) continue; // silent for down-after-milliseconds
    if (!flags.includes("disconnected") && replicating(entry)) {
      if (field(entry, "slave-priority") != "0" && a.replicas.length < MAX_REPLICAS) a.replicas.push(node);
    } else if (a.suspects.length < MAX_REPLICAS) {
      a.suspects.push(node);
    }
  }
  a.master = master;
  return a;
}

/**
 * promotedFrom says whether a node was promoted from master, by their `INFO replication` texts: a promoted replica
 * keeps its former master's replication id as master_replid2, while an old master Sentinel has yet to convert still
 * has its own id, which the node promoted in its place keeps as master_replid2 (the other way round).
 */
export function promotedFrom(nodeInfo: string, masterInfo: string): bool {
  const former = infoField(nodeInfo, "master_replid2");
  return former.length > 0 && former != NO_REPLID && former == infoField(masterInfo, "master_replid");
}

/**
 * replicaOf says whether an `INFO replication` text is a replica's whose link to its master is up. Which master is
 * not compared: a replica may know it by a name where Sentinel gives an IP, and one still replicating from an old
 * master during a failover only makes a write wait for it, then ask its ROLE.
 */
export function replicaOf(info: string): bool {
  return infoField(info, "role") == "slave" && infoField(info, "master_link_status") == "up";
}

/** infoField returns the value of `name:value` in INFO text (CRLF or LF lines); "" when absent. */
export function infoField(info: string, name: string): string {
  const key = name + ":";
  let at = 0;
  if (!info.startsWith(key)) {
    at = info.indexOf("\n" + key);
    if (at < 0) return "";
    at++;
  }
  let end = info.indexOf("\n", at);
  if (end < 0) end = info.length;
  if (end > at && info.charCodeAt(end - 1) == 13) end--;
  return info.substring(at + key.length, end);
}

/** roleOf returns the first element of a ROLE reply: "master", "slave" or "sentinel"; "" for anything else. */
export function roleOf(v: RespValue): string {
  const first = v.at(0);
  if (v.kind != RespKind.Array || first === null || first.kind != RespKind.BulkString) return "";
  return first.text();
}

/** replicaLinkUp says whether a ROLE reply is a replica's whose link to its master is "connected". */
export function replicaLinkUp(v: RespValue): bool {
  const state = v.at(3);
  return roleOf(v) == "slave" && state !== null && state.textIs("connected");
}

// The id Redis shows as master_replid2 before any promotion.
const NO_REPLID = "0000000000000000000000000000000000000000";

// Whether a listed replica reports replicating over a working link: such a replica gets the master's writes and
// WAIT counts it. Its master-host is not compared with the master (see replicaOf). Measured: the sentinel leading a
// failover kills the other sentinels' links to the replica it promotes (CLIENT KILL TYPE normal), so for a moment
// they list it "disconnected" with its last, healthy fields; the caller checks the disconnected flag first.
function replicating(entry: RespValue): bool {
  return field(entry, "role-reported") == "slave" && field(entry, "master-link-status") == "ok";
}

// The value after `name` in a flat key/value list (RESP2 array or RESP3 map); "" when absent or not text.
function field(entry: RespValue, name: string): string {
  if (entry.kind != RespKind.Array && entry.kind != RespKind.Map) return "";
  for (let i = 0; i + 1 < entry.length; i += 2) {
    const k = entry.at(i)!; // i < length
    if (!k.textIs(name)) continue;
    const v = entry.at(i + 1)!; // i + 1 < length
    return v.kind == RespKind.BulkString || v.kind == RespKind.SimpleString ? v.text() : "";
  }
  return "";
}

function refused(a: MasterAnswer, problem: string): MasterAnswer {
  a.problem = problem;
  return a;
}
