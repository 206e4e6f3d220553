// FakeCluster: a scripted Redis Cluster behind the NodeLink seam of ClusterRouter. Nodes are ports on one host;
// `owner` says who really serves each slot, `migrating` which slots answer ASK (for every key: the keys are taken
// to have moved already). GET answers "v@<port>", ECHO/PING/ASKING/SET answer as Redis does, and CLUSTER SHARDS (or
// SLOTS) describes `owner`. Every command a node receives is logged as "<port> <command words>".
import { CacheErr, ManualClock } from "../../../assembly/cache/cache";
import { NodeLink } from "../../../assembly/cache/cluster_router";
import { ClusterNode, keyHashSlot, SLOT_COUNT } from "../../../assembly/cache/cluster_slots";
import { RespReader } from "../../../assembly/resp/reader";
import { encodeCommand, RespCommand } from "../../../assembly/resp/writer";
import { RespKind, RespValue } from "../../../assembly/resp/value";

export const HOST = "10.0.0.1";

export class FakeCluster extends NodeLink {
  owner: StaticArray<i32> = new StaticArray<i32>(SLOT_COUNT);
  migrating: Map<i32, i32> = new Map<i32, i32>();
  down: Set<i32> = new Set<i32>();
  /** Redis < 7: CLUSTER SHARDS is an unknown subcommand. */
  noShards: bool = false;
  /** A slot whose every command answers CLUSTERDOWN. */
  downSlot: i32 = -1;
  /** Every keyed command answers MOVED to another node, for ever: 7000 sends to 7001 and any other to 7000. */
  bounce: bool = false;
  /** Milliseconds the clock moves per exchange. */
  msPerExchange: i64 = 0;
  log: Array<string> = new Array<string>();
  exchanges: i32 = 0;

  constructor(readonly clock: ManualClock) {
    super();
  }

  /** split gives slots [0, cut) to port a and [cut, 16384) to port b. */
  split(cut: i32, a: i32, b: i32): FakeCluster {
    for (let s = 0; s < SLOT_COUNT; s++) this.owner[s] = s < cut ? a : b;
    return this;
  }

  exchange(node: ClusterNode, cmds: Array<RespCommand>): Array<RespValue> | null {
    this.exchanges++;
    this.clock.advance(this.msPerExchange);
    if (this.down.has(node.port)) {
      this.err = CacheErr.Unavailable;
      this.detail = "ERR_NET_REFUSED: connect " + node.address + ": ECONNREFUSED";
      return null;
    }
    this.err = CacheErr.Ok;
    this.detail = "";
    const out = new Array<RespValue>();
    let asking = false;
    for (let i = 0; i < cmds.length; i++) {
      const words = argv(cmds[i]);
      this.log.push(node.port.toString() + " " + words.join(" "));
      out.push(this.answer(node.port, words, asking));
      asking = words[0] == "ASKING" || (asking && words[0] == "MULTI");
    }
    return out;
  }

  private answer(port: i32, w: Array<string>, asking: bool): RespValue {
    const name = w[0];
    if (name == "ASKING" || name == "MULTI") return simple("OK");
    if (name == "PING") return simple("PONG");
    if (name == "CLUSTER") return this.topology(w[1]);
    if (w.length < 2) return error("ERR unknown command");
    const slot = keyHashSlot(w[1]);
    if (slot == this.downSlot) return error("CLUSTERDOWN Hash slot not served");
    if (this.bounce) return error("MOVED " + slot.toString() + " " + HOST + ":" + (port == 7000 ? "7001" : "7000"));
    const owner = this.owner[slot];
    if (this.migrating.has(slot)) {
      const target = this.migrating.get(slot);
      if (port == owner) return error("ASK " + slot.toString() + " " + HOST + ":" + target.toString());
      if (port != target || !asking) return error("MOVED " + slot.toString() + " " + HOST + ":" + owner.toString());
    } else if (port != owner) {
      return error("MOVED " + slot.toString() + " " + HOST + ":" + owner.toString());
    }
    if (name == "GET") return bulk("v@" + port.toString());
    return simple("OK");
  }

  private topology(sub: string): RespValue {
    if (sub == "SHARDS" && this.noShards) return error("ERR unknown subcommand 'SHARDS'. Try CLUSTER HELP.");
    let text = "";
    let n = 0;
    let from = 0;
    for (let s = 1; s <= SLOT_COUNT; s++) {
      if (s < SLOT_COUNT && this.owner[s] == this.owner[from]) continue;
      const port = this.owner[from].toString();
      if (sub == "SHARDS") {
        text += "*4\r\n$5\r\nslots\r\n*2\r\n:" + from.toString() + "\r\n:" + (s - 1).toString() + "\r\n$5\r\nnodes\r\n*1\r\n" +
          "*6\r\n$4\r\nport\r\n:" + port + "\r\n$8\r\nendpoint\r\n$8\r\n" + HOST + "\r\n$4\r\nrole\r\n$6\r\nmaster\r\n";
      } else {
        text += "*3\r\n:" + from.toString() + "\r\n:" + (s - 1).toString() + "\r\n*2\r\n$8\r\n" + HOST + "\r\n:" + port + "\r\n";
      }
      n++;
      from = s;
    }
    const r = new RespReader();
    r.feed(Uint8Array.wrap(String.UTF8.encode("*" + n.toString() + "\r\n" + text)));
    return r.next()!;
  }
}

/** argv decodes an encoded command back into its words. */
export function argv(cmd: RespCommand): Array<string> {
  const r = new RespReader();
  r.feed(encodeCommand(cmd)!);
  const v = r.next()!;
  const out = new Array<string>();
  for (let i = 0; i < v.length; i++) out.push(v.at(i)!.text());
  return out;
}

function simple(s: string): RespValue {
  return RespValue.ofBytes(RespKind.SimpleString, Uint8Array.wrap(String.UTF8.encode(s)));
}

function error(s: string): RespValue {
  return RespValue.ofBytes(RespKind.Error, Uint8Array.wrap(String.UTF8.encode(s)));
}

function bulk(s: string): RespValue {
  return RespValue.ofBytes(RespKind.BulkString, Uint8Array.wrap(String.UTF8.encode(s)));
}
