// nameConstraints (RFC 5280 §4.2.1.10) for dNSName and iPAddress: subtree membership, permitted and excluded
// subtrees per name type, wildcards that could reach an excluded name, and the DER of the extension itself.
import { DerProblem, derReader } from "../../../assembly/x509/der";
import { GeneralNames, NameConstraints, readNameConstraints, Subtrees } from "../../../assembly/x509/general_names";
import { dnsWithin, nameConstraintsProblem } from "../../../assembly/x509/name_constraints";
import { hex } from "../crypto/helpers";

function subtrees(dns: Array<string>, ips: Array<string>): Subtrees {
  const s = new Subtrees();
  for (let i = 0; i < dns.length; i++) s.dns.push(dns[i]);
  for (let i = 0; i < ips.length; i++) s.ip.push(hex(ips[i]));
  return s;
}

function names(dns: Array<string>, ips: Array<string>): GeneralNames {
  const n = new GeneralNames();
  for (let i = 0; i < dns.length; i++) n.dns.push(dns[i]);
  for (let i = 0; i < ips.length; i++) n.ip.push(hex(ips[i]));
  return n;
}

function constraints(permitted: Subtrees | null, excluded: Subtrees | null): NameConstraints {
  const nc = new NameConstraints();
  nc.permitted = permitted;
  nc.excluded = excluded;
  nc.critical = true;
  return nc;
}

describe("dNSName subtrees", () => {
  it("holds the name itself and every name below it, at label boundaries only", () => {
    expect(dnsWithin("example.com", "example.com")).toBe(true);
    expect(dnsWithin("a.b.example.com", "example.com")).toBe(true);
    expect(dnsWithin("a.example.com", "EXAMPLE.com")).toBe(true);
    expect(dnsWithin("badexample.com", "example.com")).toBe(false);
    expect(dnsWithin("example.com", "a.example.com")).toBe(false);
    expect(dnsWithin("example.org", "example.com")).toBe(false);
  });

  it("reads a leading period as 'below only', and the empty constraint as everything", () => {
    expect(dnsWithin("a.example.com", ".example.com")).toBe(true);
    expect(dnsWithin("example.com", ".example.com")).toBe(false);
    expect(dnsWithin("anything.example", "")).toBe(true);
  });

  it("takes a wildcard literally, which is exact for permitted subtrees", () => {
    expect(dnsWithin("*.example.com", "example.com")).toBe(true);
    expect(dnsWithin("*.example.com", ".example.com")).toBe(true);
    expect(dnsWithin("*.example.com", "a.example.com")).toBe(false);
  });
});

describe("nameConstraintsProblem", () => {
  it("allows names inside the permitted subtrees and refuses the rest", () => {
    const nc = constraints(subtrees(["example.com"], []), null);
    expect(nameConstraintsProblem(nc, names(["idp.example.com", "example.com"], []))).toBe("");
    expect(nameConstraintsProblem(nc, names(["idp.example.com", "evil.example"], [])))
      .toBe("DNS name evil.example is not in the permitted subtrees");
  });

  it("refuses names in an excluded subtree even when a permitted one holds them", () => {
    const nc = constraints(subtrees(["example.com"], []), subtrees(["secret.example.com"], []));
    expect(nameConstraintsProblem(nc, names(["www.example.com"], []))).toBe("");
    expect(nameConstraintsProblem(nc, names(["a.secret.example.com"], [])))
      .toBe("DNS name a.secret.example.com is in the excluded subtree secret.example.com");
  });

  it("refuses a wildcard that could match an excluded name", () => {
    const nc = constraints(null, subtrees(["secret.example.com"], []));
    expect(nameConstraintsProblem(nc, names(["*.example.com"], [])))
      .toBe("DNS name *.example.com is in the excluded subtree secret.example.com");
    expect(nameConstraintsProblem(nc, names(["*.other.example.com"], []))).toBe("");
    expect(nameConstraintsProblem(constraints(null, subtrees(["a.b.example.com"], [])), names(["*.example.com"], [])))
      .toBe("");
  });

  it("constrains a name type only when a permitted subtree of that type exists", () => {
    const dnsOnly = constraints(subtrees(["example.com"], []), null);
    expect(nameConstraintsProblem(dnsOnly, names([], ["0a000001"]))).toBe("");
    const ipOnly = constraints(subtrees([], ["0a000000ff000000"]), null);
    expect(nameConstraintsProblem(ipOnly, names(["anything.example"], []))).toBe("");
    expect(nameConstraintsProblem(ipOnly, names([], ["0a010203"]))).toBe("");
    expect(nameConstraintsProblem(ipOnly, names([], ["0b000001"])))
      .toBe("IP address 11.0.0.1 is not in the permitted subtrees");
    expect(nameConstraintsProblem(ipOnly, names([], ["20010db8000000000000000000000001"]))).toBe("");
  });

  it("matches addresses under their masks, per address family", () => {
    const nc = constraints(null, subtrees([], ["c0a80000ffff0000", "20010db8000000000000000000000000ffffffff000000000000000000000000"]));
    expect(nameConstraintsProblem(nc, names([], ["c0a80101"])))
      .toBe("IP address 192.168.1.1 is in the excluded subtree 192.168.0.0/255.255.0.0");
    expect(nameConstraintsProblem(nc, names([], ["c0a90101"]))).toBe("");
    expect(nameConstraintsProblem(nc, names([], ["20010db8000000000000000000000042"])))
      .toBe("IP address 2001:db8::42 is in the excluded subtree 2001:db8::/ffff:ffff::");
  });
});

function read(h: string): NameConstraints | null {
  return readNameConstraints(derReader(hex(h), new DerProblem()), true);
}

describe("nameConstraints DER", () => {
  it("reads permitted dNSName and excluded iPAddress subtrees", () => {
    // permitted: DNS example.com; excluded: IP 10.0.0.0/8.
    const nc = read("301fa00f300d820b6578616d706c652e636f6da10c300a87080a000000ff000000");
    expect(nc).not.toBeNull();
    expect(nc!.permitted!.dns[0]).toBe("example.com");
    expect(nc!.excluded!.ip.length).toBe(1);
    expect(nc!.otherForm).toBe("");
  });

  it("notes other forms, minimums and maximums as constraints it cannot honour", () => {
    // permitted: directoryName (empty Name).
    expect(read("3008a0063004a4023000")!.otherForm).toBe("a directoryName constraint");
    // permitted: DNS a with maximum 1.
    expect(read("300aa0083006820161810101")!.otherForm).toBe("a subtree maximum");
  });

  it("refuses an empty extension, empty subtrees, non-contiguous masks and wrong address lengths", () => {
    expect(read("3000")).toBeNull();
    expect(read("3002a000")).toBeNull();
    expect(read("300ea00c300a8708c0a80000ff00ff00")).toBeNull();
    expect(read("300aa0083006870401020304")).toBeNull();
  });
});
