// Server identity (RFC 6125 §6.4): the table of presented dNSName patterns against reference hosts, IP literals
// against iPAddress entries only, and the hosts that cannot be matched at all.
import { GeneralNames } from "../../../assembly/x509/general_names";
import { asciiLower, dnsNameMatches, hostTarget, ipText, matchesHost } from "../../../assembly/x509/hostname";
import { hex } from "../crypto/helpers";

function matches(pattern: string, host: string): bool {
  const t = hostTarget(host);
  expect(t.problem).toBe("", host);
  return matchesHost(namesOf([pattern], []), t);
}

function namesOf(dns: Array<string>, ips: Array<string>): GeneralNames {
  const n = new GeneralNames();
  for (let i = 0; i < dns.length; i++) n.dns.push(dns[i]);
  for (let i = 0; i < ips.length; i++) n.ip.push(hex(ips[i]));
  return n;
}

describe("DNS names (RFC 6125 §6.4.1, §6.4.3)", () => {
  it("matches the exact name, ignoring ASCII case and one trailing dot on either side", () => {
    expect(matches("idp.example.com", "idp.example.com")).toBe(true);
    expect(matches("IDP.Example.COM", "idp.example.com")).toBe(true);
    expect(matches("idp.example.com", "IDP.EXAMPLE.com")).toBe(true);
    expect(matches("idp.example.com.", "idp.example.com")).toBe(true);
    expect(matches("idp.example.com", "idp.example.com.")).toBe(true);
    expect(matches("idp.example.com", "example.com")).toBe(false);
    expect(matches("example.com", "idp.example.com")).toBe(false);
    expect(matches("idp.example.co", "idp.example.com")).toBe(false);
  });

  it("lets a wildcard stand for exactly one whole left-most label", () => {
    expect(matches("*.example.com", "idp.example.com")).toBe(true);
    expect(matches("*.Example.com", "IDP.example.COM")).toBe(true);
    expect(matches("*.example.com", "example.com")).toBe(false);
    expect(matches("*.example.com", "a.b.example.com")).toBe(false);
    expect(matches("*.example.com", "idp.example.org")).toBe(false);
    expect(matches("*.example.com", "idpexample.com")).toBe(false);
    expect(matches("*.example.com", "_acme.example.com")).toBe(false);
    expect(matches("_acme.example.com", "_acme.example.com")).toBe(true);
  });

  it("never matches partial-label wildcards or wildcards below the left-most label", () => {
    const patterns = ["f*.example.com", "*o.example.com", "f*o.example.com", "a.*.example.com", "*.*.example.com",
      "idp.example.*", "**.example.com", "*example.com"];
    for (let i = 0; i < patterns.length; i++) expect(matches(patterns[i], "foo.example.com")).toBe(false, patterns[i]);
    expect(matches("a.*.example.com", "a.b.example.com")).toBe(false);
  });

  it("never matches a wildcard over fewer than two labels", () => {
    expect(matches("*.com", "example.com")).toBe(false);
    expect(matches("*", "localhost")).toBe(false);
    expect(matches("*.", "localhost")).toBe(false);
  });

  it("compares IDNs as A-labels, the wildcard only as a whole label", () => {
    expect(matches("*.xn--bcher-kva.example", "www.xn--bcher-kva.example")).toBe(true);
    expect(matches("xn--*.example", "xn--bcher-kva.example")).toBe(false);
  });

  it("never matches an empty pattern or a pattern with empty labels", () => {
    expect(matches("", "example.com")).toBe(false);
    expect(matches(".", "example.com")).toBe(false);
    expect(dnsNameMatches("a..example.com", "a.example.com")).toBe(false);
  });

  it("tries every dNSName", () => {
    const names = namesOf(["example.org", "*.example.org", "idp.example.com"], []);
    expect(matchesHost(names, hostTarget("idp.example.com"))).toBe(true);
    expect(matchesHost(names, hostTarget("x.example.org"))).toBe(true);
    expect(matchesHost(names, hostTarget("x.example.com"))).toBe(false);
  });
});

describe("IP literals (RFC 6125 §6.2.1, RFC 5280 §4.2.1.6)", () => {
  it("matches IPv4 and IPv6 literals against iPAddress entries byte for byte", () => {
    const names = namesOf([], ["c0000201", "20010db8000000000000000000000001"]);
    expect(matchesHost(names, hostTarget("192.0.2.1"))).toBe(true);
    expect(matchesHost(names, hostTarget("2001:db8::1"))).toBe(true);
    expect(matchesHost(names, hostTarget("[2001:db8::1]"))).toBe(true);
    expect(matchesHost(names, hostTarget("2001:DB8:0:0::1"))).toBe(true);
    expect(matchesHost(names, hostTarget("192.0.2.2"))).toBe(false);
    expect(matchesHost(names, hostTarget("::ffff:192.0.2.1"))).toBe(false);
  });

  it("never matches an IP literal against a dNSName, nor a name against an iPAddress", () => {
    expect(matchesHost(namesOf(["192.0.2.1"], []), hostTarget("192.0.2.1"))).toBe(false);
    expect(matchesHost(namesOf(["*.0.2.1"], []), hostTarget("192.0.2.1"))).toBe(false);
    expect(matchesHost(namesOf([], ["c0000201"]), hostTarget("localhost"))).toBe(false);
  });

  it("writes addresses in their usual text forms for messages", () => {
    expect(ipText(hex("c0000201"))).toBe("192.0.2.1");
    expect(ipText(hex("20010db8000000000000000000000001"))).toBe("2001:db8::1");
    expect(ipText(hex("0102"))).toBe("0x0102");
  });
});

describe("hosts that cannot be matched", () => {
  it("refuses empty hosts, empty labels, spaces, wildcards and non-ASCII characters", () => {
    const bad = ["", ".", "a..example.com", ".example.com", "exa mple.com", "*.example.com", "b\u00fccher.example",
      "\u212a.example.com", "a".repeat(254), "idp.example.com:443"];
    for (let i = 0; i < bad.length; i++) {
      const t = hostTarget(bad[i]);
      expect(t.problem.length > 0).toBe(true, bad[i]);
      expect(matchesHost(namesOf(["*.example.com", "k.example.com"], []), t)).toBe(false, bad[i]);
    }
  });

  it("accepts underscores and names of 253 characters", () => {
    expect(hostTarget("_acme.example.com").problem).toBe("");
    expect(hostTarget(("a".repeat(62) + ".").repeat(4) + "a".repeat(1)).problem).toBe("");
  });

  it("lowers ASCII only: a KELVIN SIGN stays what it is", () => {
    expect(asciiLower("ABC.Example")).toBe("abc.example");
    expect(asciiLower("\u212a")).toBe("\u212a");
    const same = "already.lower";
    expect(changetype<usize>(asciiLower(same))).toBe(changetype<usize>(same));
  });
});
