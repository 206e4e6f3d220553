// Slot maps from CLUSTER SHARDS and CLUSTER SLOTS replies: replies captured from a redis-server 7.0 three-master
// cluster, RESP3 maps, replicas, failovers, unknown endpoints, and replies no map can come from.
import { SlotMap } from "../../../assembly/cache/cluster_slots";
import { loadShards, loadSlots } from "../../../assembly/cache/cluster_topology";
import { RespReader } from "../../../assembly/resp/reader";
import { RespValue } from "../../../assembly/resp/value";

function reply(text: string): RespValue {
  const r = new RespReader();
  r.feed(Uint8Array.wrap(String.UTF8.encode(text)));
  return r.next()!;
}

function bulk(s: string): string {
  return "$" + s.length.toString() + "\r\n" + s + "\r\n";
}

// One CLUSTER SHARDS node in RESP2 form (an array of alternating names and values), as Redis 7.0 sends it.
function shardNode(id: string, port: i32, ip: string, endpoint: string, role: string, health: string): string {
  return "*14\r\n" + bulk("id") + bulk(id) + bulk("port") + ":" + port.toString() + "\r\n" + bulk("ip") + bulk(ip) +
    bulk("endpoint") + bulk(endpoint) + bulk("role") + bulk(role) + bulk("replication-offset") + ":0\r\n" +
    bulk("health") + bulk(health);
}

function shard(ranges: string, nodes: Array<string>): string {
  return "*4\r\n" + bulk("slots") + ranges + bulk("nodes") + "*" + nodes.length.toString() + "\r\n" + nodes.join("");
}

const ID_A = "79cc27a2be5a70c62d478447eac7df5f4497c61e";
const ID_B = "32059bf8a217a4031aaa943b9db20458d39c4250";
const ID_C = "300e43acb1d7fbafe2df62bc2bf8d87af180ea34";

// Captured from `CLUSTER SHARDS` on 127.0.0.1:17101 (redis-server 7.0.15), shards in the server's order.
const SHARDS_7_0 = "*3\r\n" +
  shard("*2\r\n:5461\r\n:10922\r\n", [shardNode(ID_B, 17102, "127.0.0.1", "127.0.0.1", "master", "online")]) +
  shard("*2\r\n:0\r\n:5460\r\n", [shardNode(ID_A, 17101, "127.0.0.1", "127.0.0.1", "master", "online")]) +
  shard("*2\r\n:10923\r\n:16383\r\n", [shardNode(ID_C, 17103, "127.0.0.1", "127.0.0.1", "master", "online")]);

// Captured from `CLUSTER SLOTS` on the same cluster.
const SLOTS_7_0 = "*3\r\n" +
  "*3\r\n:0\r\n:5460\r\n*4\r\n" + bulk("127.0.0.1") + ":17101\r\n" + bulk(ID_A) + "*0\r\n" +
  "*3\r\n:5461\r\n:10922\r\n*4\r\n" + bulk("127.0.0.1") + ":17102\r\n" + bulk(ID_B) + "*0\r\n" +
  "*3\r\n:10923\r\n:16383\r\n*4\r\n" + bulk("127.0.0.1") + ":17103\r\n" + bulk(ID_C) + "*0\r\n";

function masterPort(m: SlotMap, slot: i32): i32 {
  const n = m.masterOf(slot);
  return n === null ? -1 : n.port;
}

describe("loadShards", () => {
  it("maps every slot of a captured Redis 7.0 reply to its master", () => {
    const m = new SlotMap();
    expect(loadShards(m, reply(SHARDS_7_0), "127.0.0.1")).toBe("");
    expect(masterPort(m, 0)).toBe(17101);
    expect(masterPort(m, 5460)).toBe(17101);
    expect(masterPort(m, 5461)).toBe(17102);
    expect(masterPort(m, 12182)).toBe(17103);
    expect(m.covered()).toBe(16384);
    expect(m.nodes.length).toBe(3);
    expect(m.masterOf(0)!.id).toBe(ID_A);
  });

  it("counts replicas as nodes but gives slots to the online master of a shard in failover", () => {
    const m = new SlotMap();
    const text = "*1\r\n" + shard("*4\r\n:0\r\n:99\r\n:200\r\n:16383\r\n", [
      shardNode(ID_A, 7000, "10.0.0.1", "10.0.0.1", "master", "failed"),
      shardNode(ID_B, 7001, "10.0.0.2", "10.0.0.2", "replica", "online"),
      shardNode(ID_C, 7002, "10.0.0.3", "10.0.0.3", "master", "online"),
    ]);
    expect(loadShards(m, reply(text), "x")).toBe("");
    expect(m.nodes.length).toBe(3);
    expect(masterPort(m, 50)).toBe(7002);
    expect(m.masterOf(150)).toBeNull();
    expect(m.nodes[1].master).toBe(false);
  });

  it("uses ip when the endpoint is \"?\" or empty, and the answering host when both are", () => {
    const m = new SlotMap();
    const text = "*2\r\n" +
      shard("*2\r\n:0\r\n:8191\r\n", [shardNode(ID_A, 7000, "10.0.0.1", "?", "master", "online")]) +
      shard("*2\r\n:8192\r\n:16383\r\n", [shardNode(ID_B, 7001, "", "", "master", "online")]);
    expect(loadShards(m, reply(text), "seed.example")).toBe("");
    expect(m.masterOf(0)!.host).toBe("10.0.0.1");
    expect(m.masterOf(9000)!.host).toBe("seed.example");
  });

  it("reads RESP3 maps as well", () => {
    const node = "%3\r\n" + bulk("port") + ":7000\r\n" + bulk("endpoint") + bulk("10.0.0.9") + bulk("role") + bulk("master");
    const text = "*1\r\n%2\r\n" + bulk("slots") + "*2\r\n:0\r\n:16383\r\n" + bulk("nodes") + "*1\r\n" + node;
    const m = new SlotMap();
    expect(loadShards(m, reply(text), "x")).toBe("");
    expect(m.masterOf(16383)!.host).toBe("10.0.0.9");
  });

  it("refuses replies no map can come from", () => {
    expect(loadShards(new SlotMap(), reply("*0\r\n"), "x")).toBe("CLUSTER SHARDS: the cluster serves no slot");
    expect(loadShards(new SlotMap(), reply("+OK\r\n"), "x")).toBe("CLUSTER SHARDS: not an array");
    expect(loadShards(new SlotMap(), reply("*1\r\n*2\r\n" + bulk("slots") + "*0\r\n"), "x"))
      .toBe("CLUSTER SHARDS: shard 0 lacks slots or nodes");
    const badRange = "*1\r\n" + shard("*2\r\n:10\r\n:5\r\n", [shardNode(ID_A, 7000, "h", "h", "master", "online")]);
    expect(loadShards(new SlotMap(), reply(badRange), "x")).toBe("CLUSTER SHARDS: bad slot range in shard 0");
    const tooHigh = "*1\r\n" + shard("*2\r\n:0\r\n:16384\r\n", [shardNode(ID_A, 7000, "h", "h", "master", "online")]);
    expect(loadShards(new SlotMap(), reply(tooHigh), "x")).toBe("CLUSTER SHARDS: bad slot range in shard 0");
    const noPort = "*1\r\n" + shard("*2\r\n:0\r\n:1\r\n", [shardNode(ID_A, 0, "h", "h", "master", "online")]);
    expect(loadShards(new SlotMap(), reply(noPort), "x")).toBe("CLUSTER SHARDS: shard 0 names a node without a port");
  });
});

describe("loadSlots", () => {
  it("maps every slot of a captured Redis 7.0 reply to its master", () => {
    const m = new SlotMap();
    expect(loadSlots(m, reply(SLOTS_7_0), "127.0.0.1")).toBe("");
    expect(masterPort(m, 5460)).toBe(17101);
    expect(masterPort(m, 10922)).toBe(17102);
    expect(masterPort(m, 16383)).toBe(17103);
    expect(m.covered()).toBe(16384);
    expect(m.masterOf(10923)!.id).toBe(ID_C);
  });

  it("takes replicas as non-master nodes and an empty or \"?\" host as the answering host", () => {
    const text = "*2\r\n" +
      "*4\r\n:0\r\n:8191\r\n*3\r\n" + bulk("") + ":7000\r\n" + bulk(ID_A) + "*3\r\n" + bulk("10.0.0.4") + ":7003\r\n" + bulk(ID_B) +
      "*3\r\n:8192\r\n:16383\r\n*2\r\n" + bulk("?") + ":7001\r\n";
    const m = new SlotMap();
    expect(loadSlots(m, reply(text), "seed")).toBe("");
    expect(m.nodes.length).toBe(3);
    expect(m.masterOf(0)!.host).toBe("seed");
    expect(masterPort(m, 9000)).toBe(7001);
    expect(m.nodes[1].master).toBe(false);
    expect(m.masters().length).toBe(2);
  });

  it("refuses malformed entries", () => {
    expect(loadSlots(new SlotMap(), reply("*1\r\n*2\r\n:0\r\n:1\r\n"), "x")).toBe("CLUSTER SLOTS: entry 0 is malformed");
    expect(loadSlots(new SlotMap(), reply("*1\r\n*3\r\n:0\r\n:1\r\n*1\r\n" + bulk("h")), "x"))
      .toBe("CLUSTER SLOTS: entry 0 names a node without a port");
    expect(loadSlots(new SlotMap(), reply("*0\r\n"), "x")).toBe("CLUSTER SLOTS: the cluster serves no slot");
  });
});
