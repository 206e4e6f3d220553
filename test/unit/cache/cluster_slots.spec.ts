// Hash slots (with the hash-tag rule), MOVED and ASK parsing, seed addresses and the slot map. Expected slots are
// what redis-server 7.0 answers to CLUSTER KEYSLOT for the same keys.
import {
  formatAddress, keyHashSlot, parseRedirect, SLOT_COUNT, SlotMap,
} from "../../../assembly/cache/cluster_slots";
import { RespKind, RespValue } from "../../../assembly/resp/value";

function error(text: string): RespValue {
  return RespValue.ofBytes(RespKind.Error, Uint8Array.wrap(String.UTF8.encode(text)));
}

describe("keyHashSlot", () => {
  it("matches CLUSTER KEYSLOT for plain keys", () => {
    expect(keyHashSlot("123456789")).toBe(12739);
    expect(keyHashSlot("foo")).toBe(12182);
    expect(keyHashSlot("somekey")).toBe(11058);
    expect(keyHashSlot("")).toBe(0);
    expect(keyHashSlot("traefikoidc:v1:session:abc")).toBe(15462);
  });

  it("hashes only the first non-empty {tag}, as Redis does", () => {
    expect(keyHashSlot("{user1000}.following")).toBe(3443);
    expect(keyHashSlot("{user1000}.followers")).toBe(3443);
    expect(keyHashSlot("foo{bar}{zap}")).toBe(5061); // the tag is "bar"
    expect(keyHashSlot("foo{bar}{zap}")).toBe(keyHashSlot("bar"));
    expect(keyHashSlot("foo{{bar}}zap")).toBe(4015); // the tag is "{bar"
    expect(keyHashSlot("foo{{bar}}zap")).toBe(keyHashSlot("{bar"));
    expect(keyHashSlot("foo{}{bar}")).toBe(8363); // an empty first tag: the whole key
    expect(keyHashSlot("{}")).toBe(15257);
    expect(keyHashSlot("a{b")).toBe(13340); // no closing brace: the whole key
  });

  it("hashes the UTF-8 bytes of the key", () => {
    expect(keyHashSlot("ü")).toBe(9552);
    expect(keyHashSlot("é{ü}x")).toBe(9552);
  });

  it("always lands in 0..16383", () => {
    for (let i = 0; i < 2000; i++) {
      const s = keyHashSlot("k" + i.toString());
      expect(s >= 0 && s < SLOT_COUNT).toBe(true);
    }
  });
});

describe("parseRedirect", () => {
  it("reads MOVED and ASK with slot, host and port", () => {
    const m = parseRedirect(error("MOVED 3999 127.0.0.1:6381"), "10.0.0.1")!;
    expect(m.ask).toBe(false);
    expect(m.slot).toBe(3999);
    expect(m.host).toBe("127.0.0.1");
    expect(m.port).toBe(6381);
    const a = parseRedirect(error("ASK 12182 redis-2.redis:7000"), "10.0.0.1")!;
    expect(a.ask).toBe(true);
    expect(a.host).toBe("redis-2.redis");
  });

  it("takes an empty host as the answering node's, and IPv6 by the last colon", () => {
    expect(parseRedirect(error("MOVED 1 :6381"), "10.0.0.1")!.host).toBe("10.0.0.1");
    const v6 = parseRedirect(error("MOVED 1 ::1:6381"), "x")!;
    expect(v6.host).toBe("::1");
    expect(v6.port).toBe(6381);
  });

  it("ignores other errors, other kinds and malformed redirections", () => {
    expect(parseRedirect(error("ERR MOVED 1 a:1"), "h")).toBeNull();
    expect(parseRedirect(error("CLUSTERDOWN Hash slot not served"), "h")).toBeNull();
    expect(parseRedirect(RespValue.ofBytes(RespKind.SimpleString, Uint8Array.wrap(String.UTF8.encode("MOVED 1 a:1"))), "h")).toBeNull();
    expect(parseRedirect(error("MOVED 16384 a:1"), "h")).toBeNull();
    expect(parseRedirect(error("MOVED -1 a:1"), "h")).toBeNull();
    expect(parseRedirect(error("MOVED 1 a:0"), "h")).toBeNull();
    expect(parseRedirect(error("MOVED 1 a:65536"), "h")).toBeNull();
    expect(parseRedirect(error("MOVED 1 a"), "h")).toBeNull();
    expect(parseRedirect(error("MOVED 1"), "h")).toBeNull();
    expect(parseRedirect(error("ASK 1 a:1 extra"), "h")).toBeNull();
  });
});

describe("formatAddress", () => {
  it("writes host:port, an IPv6 host in brackets whether or not it came with them", () => {
    expect(formatAddress("redis-0.redis", 6379)).toBe("redis-0.redis:6379");
    expect(formatAddress("::1", 7000)).toBe("[::1]:7000");
    expect(formatAddress("[::1]", 7000)).toBe("[::1]:7000");
  });
});

describe("SlotMap", () => {
  it("assigns ranges, names one node per address, and counts masters and slots", () => {
    const m = new SlotMap();
    const a = m.nodeAt("10.0.0.1", 7000)!;
    const b = m.nodeAt("10.0.0.2", 7000)!;
    expect(m.nodeAt("10.0.0.1", 7000)).toBe(a);
    m.assign(0, 8191, a);
    m.assign(8192, 16383, b);
    m.assign(100, 100, b); // a MOVED for one slot
    expect(m.masterOf(99)).toBe(a);
    expect(m.masterOf(100)).toBe(b);
    expect(m.masterOf(16383)).toBe(b);
    expect(m.masterOf(16384)).toBeNull();
    expect(m.masterOf(-1)).toBeNull();
    expect(m.slotsOf(a)).toBe(8191);
    expect(m.slotsOf(b)).toBe(8193);
    expect(m.covered()).toBe(SLOT_COUNT);
    expect(m.masters().length).toBe(2);
  });

  it("leaves unclaimed slots without a master", () => {
    const m = new SlotMap();
    m.assign(0, 10, m.nodeAt("h", 1)!);
    expect(m.masterOf(11)).toBeNull();
    expect(m.covered()).toBe(11);
  });
});
