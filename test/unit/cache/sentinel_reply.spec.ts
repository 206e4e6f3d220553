// What the guest reads from a sentinel (the master, the replicas a write waits for, the nodes to check first) and
// from a node (ROLE, INFO replication). Replies are fed to the real RespReader as the wire carries them; the
// replica fields are those Redis 7.0's `SENTINEL replicas` lists.
import { MasterAnswer, infoField, promotedFrom, readMasterAnswer, replicaLinkUp, replicaOf, roleOf } from "../../../assembly/cache/sentinel_reply";
import { NodeAddress } from "../../../assembly/cache/node_address";
import { RespReader } from "../../../assembly/resp/reader";
import { RespValue } from "../../../assembly/resp/value";

const MASTER = "*2\r\n$8\r\n10.0.0.1\r\n$4\r\n6379\r\n";
const NO_REPLICAS = "*0\r\n";

function reply(wire: string): RespValue {
  const r = new RespReader();
  r.feed(Uint8Array.wrap(String.UTF8.encode(wire)));
  return r.next()!;
}

function bulk(s: string): string {
  return "$" + String.UTF8.byteLength(s).toString() + "\r\n" + s + "\r\n";
}

// One replica as `SENTINEL replicas` lists it (a subset of its ~30 fields), in RESP2 (array) or RESP3 (map) form.
function replica(ip: string, flags: string, role: string = "slave", link: string = "ok", upstream: string = "10.0.0.1",
  priority: string = "100", map: bool = false): string {
  const kv = ["name", ip + ":6379", "ip", ip, "port", "6379", "runid", "abc", "flags", flags, "role-reported", role,
    "master-link-status", link, "master-host", upstream, "master-port", "6379", "slave-priority", priority];
  let out = (map ? "%" : "*") + (map ? kv.length / 2 : kv.length).toString() + "\r\n";
  for (let i = 0; i < kv.length; i++) out += bulk(kv[i]);
  return out;
}

function list(entries: string[]): string {
  return "*" + entries.length.toString() + "\r\n" + entries.join("");
}

function answer(addr: string, replicas: string): MasterAnswer {
  return readMasterAnswer("m", reply(addr), reply(replicas));
}

function names(nodes: Array<NodeAddress>): string {
  return nodes.map<string>((n: NodeAddress) => n.toString()).join(",");
}

describe("readMasterAnswer", () => {
  it("names the master, and the replicas that replicate from it as the ones a write waits for", () => {
    const a = answer(MASTER, list([replica("10.0.0.2", "slave"), replica("10.0.0.3", "slave")]));
    expect(a.problem).toBe("");
    expect(a.master!.toString()).toBe("10.0.0.1:6379");
    expect(names(a.replicas)).toBe("10.0.0.2:6379,10.0.0.3:6379");
    expect(a.suspects.length).toBe(0);
  });
  it("reads RESP3 maps as RESP2 flat arrays", () => {
    const a = answer(MASTER, list([replica("10.0.0.2", "slave", "slave", "ok", "10.0.0.1", "100", true)]));
    expect(names(a.replicas)).toBe("10.0.0.2:6379");
  });
  it("works without replicas", () => {
    const a = answer(MASTER, NO_REPLICAS);
    expect(a.master!.toString()).toBe("10.0.0.1:6379");
    expect(a.replicas.length).toBe(0);
  });
  it("refuses an unknown master name, naming it", () => {
    const a = answer("*-1\r\n", NO_REPLICAS);
    expect(a.master).toBeNull();
    expect(a.problem).toBe(`does not know a master named "m"`);
  });
  it("refuses error replies with the sentinel's words", () => {
    expect(answer("-NOAUTH Authentication required.\r\n", NO_REPLICAS).problem).toBe("answered NOAUTH Authentication required.");
    expect(answer(MASTER, "-NOPERM this user has no permissions\r\n").problem).toBe("answered NOPERM this user has no permissions to SENTINEL replicas");
  });
  it("refuses malformed answers instead of guessing", () => {
    expect(answer("*1\r\n$8\r\n10.0.0.1\r\n", NO_REPLICAS).problem).toBe("gave an unexpected reply to get-master-addr-by-name");
    expect(answer(":1\r\n", NO_REPLICAS).problem).toBe("gave an unexpected reply to get-master-addr-by-name");
    expect(answer("*2\r\n$8\r\n10.0.0.1\r\n$5\r\n70000\r\n", NO_REPLICAS).problem).toBe(`named a master at an unusable address "10.0.0.1:70000"`);
    expect(answer(MASTER, ":3\r\n").problem).toBe("gave an unexpected reply to SENTINEL replicas");
  });
  it("refuses an answer while another node is being promoted: the named master is being replaced", () => {
    const a = answer(MASTER, list([replica("10.0.0.2", "slave,promoted")]));
    expect(a.master).toBeNull();
    expect(a.problem).toBe("is failing m over from 10.0.0.1:6379 to 10.0.0.2:6379");
  });
  it("accepts the promoted node once it is the one named (the replicas are being reconfigured)", () => {
    const named = "*2\r\n$8\r\n10.0.0.2\r\n$4\r\n6379\r\n";
    const a = answer(named, list([replica("10.0.0.2", "slave,promoted", "master")]));
    expect(a.master!.toString()).toBe("10.0.0.2:6379");
    expect(a.replicas.length).toBe(0);
    expect(a.suspects.length).toBe(0);
  });
  it("makes suspects of nodes that may have been promoted or are not replicating: masters, disconnected, broken links", () => {
    const a = answer(MASTER, list([
      replica("10.0.0.2", "slave", "master", "err", "", ""),
      replica("10.0.0.3", "slave,disconnected"),
      replica("10.0.0.4", "slave", "slave", "err"),
    ]));
    expect(a.master!.toString()).toBe("10.0.0.1:6379");
    expect(a.replicas.length).toBe(0);
    expect(names(a.suspects)).toBe("10.0.0.2:6379,10.0.0.3:6379,10.0.0.4:6379");
  });
  it("waits for a working replica whatever name it knows its master by (a host name where Sentinel gives an IP)", () => {
    const a = answer(MASTER, list([replica("10.0.0.5", "slave", "slave", "ok", "redis-0.redis")]));
    expect(names(a.replicas)).toBe("10.0.0.5:6379");
    expect(a.suspects.length).toBe(0);
  });
  it("ignores replicas Sentinel holds down, and neither waits for nor suspects a priority-0 replica", () => {
    const a = answer(MASTER, list([replica("10.0.0.2", "s_down,slave"), replica("10.0.0.3", "o_down,slave,disconnected"),
      replica("10.0.0.4", "slave", "slave", "ok", "10.0.0.1", "0")]));
    expect(a.replicas.length).toBe(0);
    expect(a.suspects.length).toBe(0);
  });
  it("skips entries without a usable address and the named master listed among its replicas", () => {
    const a = answer(MASTER, list([replica("", "slave"), replica("10.0.0.1", "slave,promoted")]));
    expect(a.problem).toBe("");
    expect(a.replicas.length).toBe(0);
  });
});

const MASTER_INFO = "# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_replid:aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111\r\n" +
  "master_replid2:0000000000000000000000000000000000000000\r\nmaster_repl_offset:1200\r\nsecond_repl_offset:-1\r\n";
const PROMOTED_INFO = "# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_replid:bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222\r\n" +
  "master_replid2:aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111\r\nmaster_repl_offset:1180\r\nsecond_repl_offset:1181\r\n";
const REPLICA_INFO = "# Replication\r\nrole:slave\r\nmaster_host:10.0.0.1\r\nmaster_port:6379\r\nmaster_link_status:up\r\n" +
  "master_replid:aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111\r\nmaster_replid2:0000000000000000000000000000000000000000\r\n";

describe("INFO replication", () => {
  it("infoField finds a field on any line, CRLF or LF, and gives empty text when absent", () => {
    expect(infoField(MASTER_INFO, "role")).toBe("master");
    expect(infoField(MASTER_INFO, "second_repl_offset")).toBe("-1");
    expect(infoField("role:slave\nmaster_host:h", "master_host")).toBe("h");
    expect(infoField("role:slave", "role")).toBe("slave");
    expect(infoField(MASTER_INFO, "replid")).toBe("");
    expect(infoField(MASTER_INFO, "master_link_status")).toBe("");
  });
  it("promotedFrom: a promoted replica keeps its former master's id as master_replid2", () => {
    expect(promotedFrom(PROMOTED_INFO, MASTER_INFO)).toBe(true);
  });
  it("promotedFrom: an old master not converted yet was not promoted from the master named in its place", () => {
    expect(promotedFrom(MASTER_INFO, PROMOTED_INFO)).toBe(false);
  });
  it("promotedFrom: never on the all-zero id or missing fields", () => {
    expect(promotedFrom(MASTER_INFO, "master_replid:0000000000000000000000000000000000000000\r\n")).toBe(false);
    expect(promotedFrom("", MASTER_INFO)).toBe(false);
    expect(promotedFrom("NOAUTH Authentication required.", "NOAUTH Authentication required.")).toBe(false);
  });
  it("replicaOf: a replica with its link up", () => {
    expect(replicaOf(REPLICA_INFO)).toBe(true);
    expect(replicaOf(REPLICA_INFO.replace("master_link_status:up", "master_link_status:down"))).toBe(false);
    expect(replicaOf(MASTER_INFO)).toBe(false);
  });
});

describe("ROLE", () => {
  it("roleOf reads the first element", () => {
    expect(roleOf(reply("*3\r\n$6\r\nmaster\r\n:3129659\r\n*0\r\n"))).toBe("master");
    expect(roleOf(reply("*5\r\n$5\r\nslave\r\n$8\r\n10.0.0.1\r\n:6379\r\n$9\r\nconnected\r\n:3167038\r\n"))).toBe("slave");
    expect(roleOf(reply("*2\r\n$8\r\nsentinel\r\n*0\r\n"))).toBe("sentinel");
  });
  it("roleOf gives empty text for anything else", () => {
    expect(roleOf(reply("-NOAUTH Authentication required.\r\n"))).toBe("");
    expect(roleOf(reply("*0\r\n"))).toBe("");
    expect(roleOf(reply("*1\r\n:1\r\n"))).toBe("");
  });
  it("replicaLinkUp: a replica whose state is connected", () => {
    expect(replicaLinkUp(reply("*5\r\n$5\r\nslave\r\n$8\r\n10.0.0.1\r\n:6379\r\n$9\r\nconnected\r\n:3167038\r\n"))).toBe(true);
    expect(replicaLinkUp(reply("*5\r\n$5\r\nslave\r\n$8\r\n10.0.0.1\r\n:6379\r\n$4\r\nsync\r\n:-1\r\n"))).toBe(false);
    expect(replicaLinkUp(reply("*3\r\n$6\r\nmaster\r\n:3129659\r\n*0\r\n"))).toBe(false);
  });
});
