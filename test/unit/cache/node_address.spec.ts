// Redis node addresses: `host:port` as the configuration writes them (the refusal reasons are what the config error
// shows after the key), and `ip`/`port` as Sentinel's replies give them.
import { AddressProblem, NodeAddress, nodeFromReply, parseNodeAddress } from "../../../assembly/cache/node_address";

function parsed(text: string): string {
  const why = new AddressProblem();
  const a = parseNodeAddress(text, why);
  return a !== null ? a.host + " " + a.port.toString() : "refused: " + why.reason;
}

describe("parseNodeAddress", () => {
  it("reads names, IPv4 and bracketed IPv6 literals, keeping IPv6 hosts without brackets", () => {
    expect(parsed("sentinel-0.sentinel:26379")).toBe("sentinel-0.sentinel 26379");
    expect(parsed("10.0.0.7:1")).toBe("10.0.0.7 1");
    expect(parsed("[::1]:65535")).toBe("::1 65535");
    expect(parsed("[fe80::1%eth0]:26379")).toBe("fe80::1%eth0 26379");
  });
  it("refuses text without a host or a port", () => {
    expect(parsed("sentinel")).toBe(`refused: must be host:port (got "sentinel")`);
    expect(parsed(":26379")).toBe(`refused: must be host:port (got ":26379")`);
    expect(parsed("sentinel:")).toBe(`refused: must be host:port (got "sentinel:")`);
    expect(parsed("")).toBe(`refused: must be host:port (got "")`);
  });
  it("refuses ports outside 1..65535 and anything but decimal digits", () => {
    expect(parsed("s:0")).toBe(`refused: port must be a number from 1 to 65535 (got "0")`);
    expect(parsed("s:65536")).toBe(`refused: port must be a number from 1 to 65535 (got "65536")`);
    expect(parsed("s:+1")).toBe(`refused: port must be a number from 1 to 65535 (got "+1")`);
    expect(parsed("s:0x10")).toBe(`refused: port must be a number from 1 to 65535 (got "0x10")`);
    expect(parsed("s:2637900")).toBe(`refused: port must be a number from 1 to 65535 (got "2637900")`);
  });
  it("refuses IPv6 without brackets and stray brackets", () => {
    expect(parsed("::1:26379")).toBe(`refused: an IPv6 address must be written in brackets, as [::1]:26379 (got "::1:26379")`);
    expect(parsed("[]:26379")).toBe(`refused: an IPv6 address must be written in brackets, as [::1]:26379 (got "[]:26379")`);
    expect(parsed("[::1:26379")).toBe(`refused: an IPv6 address must be written in brackets, as [::1]:26379 (got "[::1:26379")`);
  });
});

describe("NodeAddress", () => {
  it("prints host:port with IPv6 in brackets, the form of the configuration and the health JSON", () => {
    expect(new NodeAddress("10.0.0.7", 6379).toString()).toBe("10.0.0.7:6379");
    expect(new NodeAddress("::1", 6379).toString()).toBe("[::1]:6379");
  });
  it("compares host and port as written", () => {
    expect(new NodeAddress("a", 1).equals(new NodeAddress("a", 1))).toBe(true);
    expect(new NodeAddress("a", 1).equals(new NodeAddress("a", 2))).toBe(false);
    expect(new NodeAddress("a", 1).equals(new NodeAddress("b", 1))).toBe(false);
  });
});

describe("nodeFromReply", () => {
  it("takes Sentinel's ip and port fields, IPv6 without brackets", () => {
    expect(nodeFromReply("::1", "6380")!.toString()).toBe("[::1]:6380");
    expect(nodeFromReply("10.0.0.7", "6379")!.toString()).toBe("10.0.0.7:6379");
  });
  it("gives null for an empty ip or a port that is not 1..65535", () => {
    expect(nodeFromReply("", "6379")).toBeNull();
    expect(nodeFromReply("h", "0")).toBeNull();
    expect(nodeFromReply("h", "")).toBeNull();
    expect(nodeFromReply("h", "-1")).toBeNull();
  });
});
