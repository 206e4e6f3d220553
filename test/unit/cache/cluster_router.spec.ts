// ClusterRouter and ClusterCache against a scripted cluster (cluster_fake.ts): learning the slot map once, MOVED
// with the map refreshed in the retry's pipeline, ASK without touching the map, the redirection cap and budget,
// unreachable nodes, and error replies that name their node.
import { CacheErr, ManualClock } from "../../../assembly/cache/cache";
import { ClusterCache } from "../../../assembly/cache/cluster";
import { ClusterRouter, MAX_REDIRECTIONS } from "../../../assembly/cache/cluster_router";
import { ClusterNode, keyHashSlot } from "../../../assembly/cache/cluster_slots";
import { RespCommand } from "../../../assembly/resp/writer";
import { FakeCluster, HOST } from "./cluster_fake";

const BUDGET_MS: i64 = 10_000;
let clock = new ManualClock(0);
let fake = new FakeCluster(clock);
let router = new ClusterRouter(fake, [], clock, BUDGET_MS);

// A cluster of 7000 (slots 0..8191) and 7001 (8192..16383), and a router seeded with the given ports.
function setup(seeds: Array<i32> = [7000]): void {
  clock = new ManualClock(0);
  fake = new FakeCluster(clock).split(8192, 7000, 7001);
  const nodes = new Array<ClusterNode>();
  for (let i = 0; i < seeds.length; i++) nodes.push(new ClusterNode(HOST, seeds[i]));
  router = new ClusterRouter(fake, nodes, clock, BUDGET_MS);
}

// GET key through the router: the reply's text, or "<null>".
function get(key: string): string {
  const cmds = new Array<RespCommand>(1);
  cmds[0] = new RespCommand("GET").arg(key);
  const r = router.exchange(keyHashSlot(key), cmds);
  return r === null ? "<null>" : r[0].text();
}

function log(): string {
  return fake.log.join(", ");
}

describe("ClusterRouter: learning the slot map", () => {
  it("asks a seed once with CLUSTER SHARDS, then sends each command straight to its master", () => {
    setup();
    expect(keyHashSlot("foo")).toBe(12182); // 7001
    expect(keyHashSlot("bar")).toBe(5061); // 7000
    expect(get("foo")).toBe("v@7001");
    expect(get("bar")).toBe("v@7000");
    expect(get("foo")).toBe("v@7001");
    expect(log()).toBe("7000 CLUSTER SHARDS, 7001 GET foo, 7000 GET bar, 7001 GET foo");
    expect(router.learned).toBe(1);
    expect(router.slotMap!.masters().length).toBe(2);
  });

  it("asks CLUSTER SLOTS of a server without SHARDS (Redis < 7), and keeps asking SLOTS", () => {
    setup();
    fake.noShards = true;
    expect(get("foo")).toBe("v@7001");
    router.invalidate();
    expect(get("bar")).toBe("v@7000");
    expect(log()).toBe("7000 CLUSTER SHARDS, 7000 CLUSTER SLOTS, 7001 GET foo, 7000 CLUSTER SLOTS, 7000 GET bar");
  });

  it("skips a seed that is down, and fails naming every seed when none answers", () => {
    setup([7000, 7001]);
    fake.down.add(7000);
    expect(get("foo")).toBe("v@7001");
    expect(log()).toBe("7001 CLUSTER SHARDS, 7001 GET foo");
    setup([7000, 7001]);
    fake.down.add(7000);
    fake.down.add(7001);
    expect(get("foo")).toBe("<null>");
    expect(router.err).toBe(CacheErr.Unavailable);
    expect(router.detail).toBe("redis cluster: no slot map from 10.0.0.1:7000: ERR_NET_REFUSED: connect 10.0.0.1:7000: " +
      "ECONNREFUSED; 10.0.0.1:7001: ERR_NET_REFUSED: connect 10.0.0.1:7001: ECONNREFUSED");
  });

  it("after a master could not be reached, fails that call naming it and learns the map again", () => {
    setup();
    expect(get("bar")).toBe("v@7000");
    fake.down.add(7001);
    expect(get("foo")).toBe("<null>");
    expect(router.err).toBe(CacheErr.Unavailable);
    expect(router.detail.startsWith("redis cluster node 10.0.0.1:7001: ERR_NET_REFUSED")).toBe(true);
    expect(router.failedNode).toBe("10.0.0.1:7001");
    fake.down.clear();
    fake.log.length = 0;
    expect(get("foo")).toBe("v@7001");
    expect(log()).toBe("7000 CLUSTER SHARDS, 7001 GET foo");
  });
});

describe("ClusterRouter: relearning order", () => {
  it("asks the seed that just failed last", () => {
    setup([7000, 7001]);
    expect(get("bar")).toBe("v@7000");
    fake.down.add(7000);
    expect(get("bar")).toBe("<null>");
    fake.down.clear();
    fake.log.length = 0;
    expect(get("foo")).toBe("v@7001");
    expect(log()).toBe("7001 CLUSTER SHARDS, 7001 GET foo");
  });
});

describe("ClusterRouter: redirections", () => {
  it("MOVED: the map takes the new master, and the retry there carries CLUSTER SHARDS, refreshing every slot", () => {
    setup();
    expect(get("bar")).toBe("v@7000");
    fake.split(0, 7002, 7002); // a resharding gave everything to 7002
    fake.log.length = 0;
    expect(get("foo")).toBe("v@7002");
    expect(get("bar")).toBe("v@7002");
    expect(log()).toBe("7001 GET foo, 7002 GET foo, 7002 CLUSTER SHARDS, 7002 GET bar");
    expect(router.moved).toBe(1);
    expect(router.learned).toBe(2);
    expect(router.slotMap!.masterOf(0)!.port).toBe(7002);
  });

  it("ASK: ASKING and the command on the importing node, once, and the map keeps the source", () => {
    setup();
    fake.migrating.set(keyHashSlot("foo"), 7002);
    expect(get("foo")).toBe("v@7002");
    expect(get("foo")).toBe("v@7002");
    expect(log()).toBe("7000 CLUSTER SHARDS, 7001 GET foo, 7002 ASKING, 7002 GET foo, 7001 GET foo, 7002 ASKING, 7002 GET foo");
    expect(router.asked).toBe(2);
    expect(router.moved).toBe(0);
    expect(router.slotMap!.masterOf(keyHashSlot("foo"))!.port).toBe(7001);
  });

  it("gives up after MAX_REDIRECTIONS with Rejected, naming the slot and the last redirection", () => {
    setup();
    fake.bounce = true;
    expect(get("foo")).toBe("<null>");
    expect(router.err).toBe(CacheErr.Rejected);
    expect(router.detail).toBe("redis cluster node 10.0.0.1:7000: slot 12182 still redirected after 5 redirections " +
      "(last: MOVED 12182 10.0.0.1:7001)");
    expect(fake.exchanges).toBe(1 + 1 + MAX_REDIRECTIONS); // the map, the first try, the redirections
  });

  it("follows no redirection once the call's budget has passed", () => {
    setup();
    expect(get("bar")).toBe("v@7000");
    fake.bounce = true;
    fake.msPerExchange = 6_000;
    expect(get("foo")).toBe("<null>");
    expect(router.err).toBe(CacheErr.Timeout);
    expect(router.detail).toBe("redis cluster node 10.0.0.1:7000: no time left to follow MOVED 12182 10.0.0.1:7001");
  });
});

describe("ClusterCache over the router", () => {
  it("reads through a MOVED like any other call", () => {
    setup();
    const c = new ClusterCache(router, "p:");
    fake.migrating.set(keyHashSlot("p:k"), 7002);
    const v = c.get("k");
    expect(c.err).toBe(CacheErr.Ok);
    expect(String.UTF8.decode(v!.buffer)).toBe("v@7002");
  });

  it("turns an error reply into Rejected, naming the node, which the health endpoint then reports", () => {
    setup();
    const c = new ClusterCache(router, "p:");
    fake.downSlot = keyHashSlot("p:k");
    const port = keyHashSlot("p:k") < 8192 ? "7000" : "7001";
    expect(c.set("k", new Uint8Array(1), 1000)).toBe(false);
    expect(c.err).toBe(CacheErr.Rejected);
    expect(c.detail).toBe("redis cluster node 10.0.0.1:" + port + ": CLUSTERDOWN Hash slot not served");
    expect(router.failedNode).toBe("10.0.0.1:" + port);
  });
});
