// The per-instance memo of the resolved master (its lifetime, the order in which sentinels are asked, the replicas
// a write waits for) and the rule for which failures are worth asking a sentinel again.
import { CacheErr, ManualClock } from "../../../assembly/cache/cache";
import { MASTER_TTL_MS, MasterMemo, suggestsFailover } from "../../../assembly/cache/sentinel_memo";
import { NodeAddress } from "../../../assembly/cache/node_address";

const T0: i64 = 1_700_000_000_000;
const A = new NodeAddress("10.0.0.1", 6379);
const B = new NodeAddress("10.0.0.2", 6379);
const R1 = new NodeAddress("10.0.0.3", 6379);
const R2 = new NodeAddress("10.0.0.4", 6379);

function replicas(a: NodeAddress, b: NodeAddress): Array<NodeAddress> {
  const out = new Array<NodeAddress>();
  out.push(a);
  out.push(b);
  return out;
}

function order(m: MasterMemo): string {
  return m.order().map<string>((i: i32) => i.toString()).join(",");
}

describe("MasterMemo", () => {
  it("knows no master before the first answer, and asks the sentinels in configured order", () => {
    const m = new MasterMemo(new ManualClock(T0), 3);
    expect(m.master).toBeNull();
    expect(m.last).toBeNull();
    expect(order(m)).toBe("0,1,2");
  });
  it("serves the answer for exactly MASTER_TTL_MS, then asks again; last stays for the health endpoint", () => {
    const clock = new ManualClock(T0);
    const m = new MasterMemo(clock, 3);
    m.remember(A, replicas(R1, R2), 1);
    clock.advance(MASTER_TTL_MS - 1);
    expect(m.master!.toString()).toBe(A.toString());
    clock.advance(1);
    expect(m.master).toBeNull();
    expect(m.last!.toString()).toBe(A.toString());
  });
  it("asks the sentinel that answered first next time, the others after it in turn", () => {
    const m = new MasterMemo(new ManualClock(T0), 3);
    m.remember(A, new Array<NodeAddress>(), 1);
    expect(order(m)).toBe("1,2,0");
    expect(m.answeredBy).toBe(1);
  });
  it("forget(true) starts the next round after the sentinel that gave the failing answer; forget(false) does not", () => {
    const m = new MasterMemo(new ManualClock(T0), 3);
    m.remember(A, new Array<NodeAddress>(), 2);
    m.forget(false);
    expect(m.master).toBeNull();
    expect(order(m)).toBe("2,0,1");
    m.forget(true);
    expect(order(m)).toBe("0,1,2");
  });
  it("counts answers that name another master", () => {
    const m = new MasterMemo(new ManualClock(T0), 1);
    m.remember(A, new Array<NodeAddress>(), 0);
    m.remember(A, new Array<NodeAddress>(), 0);
    expect(m.changes).toBe(0);
    m.remember(B, new Array<NodeAddress>(), 0);
    expect(m.changes).toBe(1);
  });
  it("drops a replica from the ones writes wait for until the next answer lists it again", () => {
    const m = new MasterMemo(new ManualClock(T0), 1);
    m.remember(A, replicas(R1, R2), 0);
    m.dropReplica(new NodeAddress("10.0.0.3", 6379));
    expect(m.replicas.length).toBe(1);
    expect(m.replicas[0].toString()).toBe(R2.toString());
    m.remember(A, replicas(R1, R2), 0);
    expect(m.replicas.length).toBe(2);
  });
});

describe("suggestsFailover", () => {
  it("is true for an unreachable or silent node", () => {
    expect(suggestsFailover(CacheErr.Unavailable, "ERR_NET_REFUSED: connect 10.0.0.1:6379: ECONNREFUSED")).toBe(true);
    expect(suggestsFailover(CacheErr.Timeout, "redis: read 10.0.0.1:6379: no complete reply in 3000 ms")).toBe(true);
  });
  it("is true for the replies of a replica or of a master cut off from its replicas", () => {
    expect(suggestsFailover(CacheErr.Rejected, "redis: READONLY You can't write against a read only replica.")).toBe(true);
    expect(suggestsFailover(CacheErr.Rejected, "redis: MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")).toBe(true);
    expect(suggestsFailover(CacheErr.Rejected, "redis: NOREPLICAS Not enough good replicas to write.")).toBe(true);
  });
  it("is false for failures that say nothing about the topology", () => {
    expect(suggestsFailover(CacheErr.Rejected, "redis: WRONGPASS invalid username-password pair or user is disabled.")).toBe(false);
    expect(suggestsFailover(CacheErr.Rejected, "redis: READONLYX is not a reply")).toBe(false);
    expect(suggestsFailover(CacheErr.Protocol, "redis: the integrity token did not come back")).toBe(false);
    expect(suggestsFailover(CacheErr.TooLarge, "key too long")).toBe(false);
    expect(suggestsFailover(CacheErr.InvalidTtl, "ttl must be positive")).toBe(false);
    expect(suggestsFailover(CacheErr.NotInteger, "redis: ERR value is not an integer or out of range")).toBe(false);
    expect(suggestsFailover(CacheErr.Ok, "")).toBe(false);
  });
});
