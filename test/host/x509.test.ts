// assembly/x509 in a release-built fixture guest (test/fixtures/guests/x509_probe.ts), against certificates made
// by openssl through test/support/pki.ts: chains of every supported key and signature algorithm verify, each
// check of verifyServerChain fails with its code and its exact detail, certificates parse to what node's
// X509Certificate reads, host matching agrees with node's checkHost, the system CA bundle loads completely, and
// TLS 1.3 CertificateVerify signatures made by node:crypto verify under exactly their schemes.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { constants, randomBytes, sign, X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { InProcessGuest, type GuestBuffers } from "../support/inprocess_guest.js";
import { chainDer, Pki, type CertSpec, type Issued } from "../support/pki.js";

interface ProbeExports extends GuestBuffers {
  load_anchors(ptr: number, len: number): number;
  verify_chain(now: bigint, hostLen: number, ptr: number, len: number): number;
  parse_cert(ptr: number, len: number): number;
  check_host(hostLen: number, ptr: number, len: number): number;
  tls13_verify(scheme: number, certLen: number, messageLen: number, ptr: number, len: number): number;
  signature_schemes(): number;
}

/** Outcome is what an export reported: its code, and the error's name and detail (or "OK" and the output). */
interface Outcome { code: number; name: string; detail: string }

const BAD_CALL = 100;
const DAY = 86400;
const NOW = Math.floor(Date.now() / 1000);
const HOST = "idp.example.com";
const BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

/** X509Guest runs the probe's exports with typed arguments. */
class X509Guest {
  constructor(private readonly guest: InProcessGuest<ProbeExports>) {}

  loadAnchors(pem: string): Outcome {
    return this.outcome(this.guest.call(Buffer.from(pem), (x, p, l) => x.load_anchors(p, l)));
  }

  verify(chain: Uint8Array[], host = HOST, now = NOW): Outcome {
    const input = Buffer.concat([Buffer.from(host), ...chain.flatMap((c) => [u32(c.length), c])]);
    return this.outcome(this.guest.call(input, (x, p, l) => x.verify_chain(BigInt(now), Buffer.byteLength(host), p, l)));
  }

  /** parse returns the probe's "key: value" lines as a map of lists, or the failure. */
  parse(der: Uint8Array): Map<string, string[]> | Outcome {
    const code = this.guest.call(der, (x, p, l) => x.parse_cert(p, l));
    if (code !== 0) return this.outcome(code);
    const fields = new Map<string, string[]>();
    for (const line of this.text().split("\n").filter((l) => l !== "")) {
      const at = line.indexOf(": ");
      const key = at < 0 ? line.replace(/:$/, "") : line.slice(0, at);
      fields.set(key, [...(fields.get(key) ?? []), at < 0 ? "" : line.slice(at + 2)]);
    }
    return fields;
  }

  checkHost(der: Uint8Array, host: string): boolean {
    const code = this.guest.call(Buffer.concat([Buffer.from(host), der]), (x, p, l) => x.check_host(Buffer.byteLength(host), p, l));
    assert.ok(code === 0 || code === 1, `check_host answered ${code}: ${this.text()}`);
    return code === 0;
  }

  tls13Verify(cert: Uint8Array, scheme: number, message: Uint8Array, signature: Uint8Array): boolean {
    const code = this.guest.call(Buffer.concat([cert, message, signature]),
      (x, p, l) => x.tls13_verify(scheme, cert.length, message.length, p, l));
    assert.ok(code === 0 || code === 1, `tls13_verify answered ${code}: ${this.text()}`);
    return code === 0;
  }

  signatureSchemes(): number[] {
    assert.equal(this.guest.call(new Uint8Array(0), (x) => x.signature_schemes()), 0);
    const out = this.guest.output();
    return Array.from({ length: out.length / 2 }, (_, i) => (out[2 * i] << 8) | out[2 * i + 1]);
  }

  get unexpectedImports(): number { return this.guest.unexpectedImports; }

  private text(): string {
    return new TextDecoder().decode(this.guest.output());
  }

  private outcome(code: number): Outcome {
    const text = this.text();
    const nl = text.indexOf("\n");
    assert.notEqual(code, BAD_CALL, `probe refused the call: ${text}`);
    return { code, name: nl < 0 ? text : text.slice(0, nl), detail: nl < 0 ? "" : text.slice(nl + 1) };
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

let guest: X509Guest;
let pki: Pki;

before(async () => {
  guest = new X509Guest(await InProcessGuest.load<ProbeExports>("x509_probe"));
  pki = Pki.create();
});

after(() => {
  pki?.cleanup();
  assert.equal(guest?.unexpectedImports ?? 0, 0, "the guest called an import other than log and random_get");
});

/** verifyWith loads anchors as the trust store, then verifies chain (leaf first) for host at now. */
function verifyWith(anchors: Issued[], chain: Issued[], host = HOST, now = NOW): Outcome {
  const loaded = guest.loadAnchors(pki.bundle(...anchors));
  assert.equal(loaded.code, 0, `anchors refused: ${loaded.detail}`);
  return guest.verify(chainDer(...chain), host, now);
}

function ok(o: Outcome, label = HOST): void {
  assert.deepEqual(o, { code: 0, name: "OK", detail: label });
}

function fails(o: Outcome, name: string, detail: string): void {
  assert.equal(`${o.name}: ${o.detail}`, `${name}: ${detail}`);
  assert.notEqual(o.code, 0);
}

type KeyName = CertSpec["key"] & string;

/**
 * Fixtures: a three-level chain (root, intermediate, leaf for HOST) with a root key type, built once per type.
 * Only the root of the RSA-4096 chain has a 4096-bit key: generating one takes seconds.
 */
interface Chain { root: Issued; inter: Issued; leaf: Issued }
const chains = new Map<string, Chain>();
function chainOf(key: KeyName): Chain {
  let c = chains.get(key);
  if (c === undefined) {
    const below: KeyName = key === "rsa4096" ? "rsa2048" : key;
    const root = pki.issue({ subject: `/O=Example/CN=Example Root ${key}`, key });
    const inter = pki.issue({ subject: `/O=Example/CN=Example Intermediate ${key}`, key: below, issuer: root, ca: true });
    const leaf = pki.issue({ subject: `/CN=${HOST}`, keyName: `leaf ${key}`, key: below, issuer: inter, dns: [HOST] });
    c = { root, inter, leaf };
    chains.set(key, c);
  }
  return c;
}

describe("chains that verify", () => {
  for (const key of ["rsa2048", "p256", "p384", "p521", "ed25519", "rsa4096", "rsa-pss2048"] as const) {
    test(`a ${key} chain verifies, and node:crypto agrees with every signature`, () => {
      const { root, inter, leaf } = chainOf(key);
      ok(verifyWith([root], [leaf, inter]));
      assert.ok(leaf.x509.verify(inter.x509.publicKey) && inter.x509.verify(root.x509.publicKey));
    });
  }

  test("every signature algorithm: sha256/384/512WithRSAEncryption, RSASSA-PSS, ecdsa-with-SHA256/384/512", () => {
    const rsa = chainOf("rsa2048").root, ec = chainOf("p384").root;
    for (const digest of ["sha256", "sha384", "sha512"] as const) {
      for (const pss of [false, true]) {
        const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: rsa, dns: [HOST], digest, pss });
        ok(verifyWith([rsa], [leaf]));
        assert.ok(leaf.x509.verify(rsa.x509.publicKey));
      }
      const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: ec, dns: [HOST], digest });
      ok(verifyWith([ec], [leaf]));
    }
  });

  test("the server's list may be out of order, hold the root and unrelated extras", () => {
    const { root, inter, leaf } = chainOf("p256");
    const stranger = chainOf("rsa2048").inter;
    ok(verifyWith([root], [leaf, stranger, inter]));
    ok(verifyWith([root], [leaf, root, inter]));
    ok(verifyWith([root], [leaf, inter, stranger, root]));
  });

  test("a trust anchor need not be self-signed: a trusted intermediate ends the path", () => {
    const { inter, leaf } = chainOf("p256");
    ok(verifyWith([inter], [leaf]));
    ok(verifyWith([inter], [leaf, inter]));
  });

  test("a trusted self-signed server certificate verifies on its own (pinning)", () => {
    const self = pki.issue({ subject: "/CN=self.example.com", ca: false, dns: ["self.example.com"] });
    ok(verifyWith([self], [self], "self.example.com"), "self.example.com");
  });

  test("candidate issuers are tried by subject: an impostor with the issuer's name is passed over", () => {
    const { root, inter, leaf } = chainOf("p256");
    const impostor = pki.issue({ subject: inter.subject, keyName: "impostor", issuer: root, ca: true });
    ok(verifyWith([root], [leaf, impostor, inter]));
    ok(verifyWith([root], [leaf, inter, impostor]));
    // Two anchors with one name (a re-keyed root): the one whose key signed is found.
    const rekeyed = pki.issue({ subject: root.subject, keyName: "rekeyed root" });
    ok(verifyWith([rekeyed, root], [leaf, inter]));
  });

  test("self-issued intermediates (key rollover) do not count against pathLenConstraint", () => {
    const root = pki.issue({ subject: "/CN=Rollover Root", pathLen: 0 });
    const oldCa = pki.issue({ subject: "/CN=Rollover Root", keyName: "old", issuer: root, ca: true });
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: oldCa, dns: [HOST] });
    ok(verifyWith([root], [leaf, oldCa]));
  });
});

describe("validity", () => {
  const EXPIRY = "2026-01-01T00:00:00Z";
  const expiry = Date.parse(EXPIRY) / 1000;
  // A root valid for the whole century, so that only the certificate under test limits the path.
  const longRoot = () => pki.issue({ subject: "/CN=Long Root", notBefore: new Date("2000-01-01"), notAfter: new Date("2099-12-31") });

  test("an expired server certificate names itself and the instant it expired; notAfter itself is still valid", () => {
    const root = longRoot();
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], notBefore: new Date("2025-01-01"),
      notAfter: new Date(EXPIRY) });
    ok(verifyWith([root], [leaf], HOST, expiry));
    fails(verifyWith([root], [leaf], HOST, expiry + 1), "ERR_X509_EXPIRED", `certificate for ${HOST} expired ${EXPIRY}`);
  });

  test("a certificate not yet valid says from when; notBefore itself is valid", () => {
    const root = longRoot();
    const start = NOW + 10 * DAY;
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], notBefore: new Date(start * 1000) });
    const when = new Date(start * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    fails(verifyWith([root], [leaf], HOST, start - 1), "ERR_X509_NOT_YET_VALID", `certificate for ${HOST} is not yet valid until ${when}`);
    ok(verifyWith([root], [leaf], HOST, start));
  });

  test("every certificate's validity counts: an expired intermediate, an expired anchor", () => {
    const root = pki.issue({ subject: "/CN=Short Root", notAfter: new Date((NOW + 2 * DAY) * 1000) });
    const inter = pki.issue({ subject: "/CN=Short Intermediate", issuer: root, ca: true, notAfter: new Date((NOW + DAY) * 1000) });
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: inter, dns: [HOST] });
    ok(verifyWith([root], [leaf, inter]));
    const t = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    fails(verifyWith([root], [leaf, inter], HOST, NOW + DAY + 1), "ERR_X509_EXPIRED", `certificate for Short Intermediate expired ${t(NOW + DAY)}`);
    fails(verifyWith([inter, root], [leaf], HOST, NOW + DAY + 1), "ERR_X509_EXPIRED", `certificate for Short Intermediate expired ${t(NOW + DAY)}`);
    fails(verifyWith([root], [leaf, inter], HOST, NOW + 3 * DAY), "ERR_X509_EXPIRED", `certificate for Short Intermediate expired ${t(NOW + DAY)}`);
  });

  test("GeneralizedTime validity (years from 2050) is read like UTCTime", () => {
    const root = longRoot();
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], notAfter: new Date("2051-06-01T12:00:00Z") });
    const fields = guest.parse(leaf.certDer) as Map<string, string[]>;
    assert.deepEqual(fields.get("notAfter"), ["2051-06-01T12:00:00Z"]);
    ok(verifyWith([root], [leaf], HOST, Date.parse("2051-06-01T12:00:00Z") / 1000));
    fails(verifyWith([root], [leaf], HOST, Date.parse("2051-06-01T12:00:01Z") / 1000), "ERR_X509_EXPIRED",
      `certificate for ${HOST} expired 2051-06-01T12:00:00Z`);
  });
});

describe("trust", () => {
  test("a chain to a root that is not trusted names the highest certificate and its issuer", () => {
    const { root, inter, leaf } = chainOf("p256");
    const other = chainOf("rsa2048").root;
    fails(verifyWith([other], [leaf, inter]), "ERR_X509_UNKNOWN_CA",
      `unknown CA: no trusted issuer for CN=Example Intermediate p256,O=Example (issuer ${"CN=Example Root p256,O=Example"})`);
    fails(verifyWith([root], [leaf]), "ERR_X509_UNKNOWN_CA",
      `unknown CA: no trusted issuer for CN=${HOST} (issuer CN=Example Intermediate p256,O=Example)`);
  });

  test("a self-signed certificate that is not an anchor is named as such, sent alone or as the chain's root", () => {
    const self = pki.issue({ subject: "/CN=self.example.com", ca: false, dns: ["self.example.com"] });
    const { root, inter, leaf } = chainOf("p256");
    const other = chainOf("rsa2048").root;
    fails(verifyWith([other], [self], "self.example.com"), "ERR_X509_SELF_SIGNED", "self-signed certificate CN=self.example.com is not trusted");
    fails(verifyWith([other], [leaf, inter, root]), "ERR_X509_SELF_SIGNED",
      "self-signed certificate CN=Example Root p256,O=Example is not trusted");
  });

  test("a signature that does not verify: another key under the issuer's name, or a changed byte", () => {
    const { root, inter } = chainOf("p256");
    const impostor = pki.issue({ subject: inter.subject, keyName: "impostor", issuer: root, ca: true });
    const forged = pki.issue({ subject: `/CN=${HOST}`, issuer: impostor, dns: [HOST] });
    fails(verifyWith([root], [forged, inter]), "ERR_X509_BAD_SIGNATURE",
      `bad signature on the certificate for ${HOST} by CN=Example Intermediate p256,O=Example`);
    const leaf = chainOf("p256").leaf;
    const tampered = Buffer.from(leaf.certDer);
    const serialAt = tampered.indexOf(Buffer.from(leaf.x509.serialNumber.slice(-8), "hex"));
    tampered[serialAt] ^= 1;
    guest.loadAnchors(pki.bundle(root));
    fails(guest.verify([tampered, inter.certDer]), "ERR_X509_BAD_SIGNATURE",
      `bad signature on the certificate for ${HOST} by CN=Example Intermediate p256,O=Example`);
  });

  test("a store remembers verified links by their exact bytes: a changed certificate is checked afresh", () => {
    const { root, inter, leaf } = chainOf("rsa2048");
    assert.equal(guest.loadAnchors(pki.bundle(root)).code, 0);
    ok(guest.verify([leaf.certDer, inter.certDer]));
    ok(guest.verify([leaf.certDer, inter.certDer]));
    for (const [i, which] of [[0, leaf], [1, inter]] as const) {
      const tampered = Buffer.from(which.certDer);
      tampered[tampered.indexOf(Buffer.from(which.x509.serialNumber.slice(-8), "hex"))] ^= 1;
      const chain = i === 0 ? [tampered, inter.certDer] : [leaf.certDer, tampered];
      const signed = i === 0 ? `${HOST} by CN=Example Intermediate rsa2048,O=Example` : "Example Intermediate rsa2048 by CN=Example Root rsa2048,O=Example";
      fails(guest.verify(chain), "ERR_X509_BAD_SIGNATURE", `bad signature on the certificate for ${signed}`);
    }
    ok(guest.verify([leaf.certDer, inter.certDer]));
  });

  test("unsupported algorithms and keys are named: SHA-1 signatures, RSA-1024 issuers", () => {
    const root = chainOf("rsa2048").root;
    const sha1 = pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], digest: "sha1" });
    fails(verifyWith([root], [sha1]), "ERR_X509_UNSUPPORTED",
      `the certificate for ${HOST} is signed with sha1WithRSAEncryption, which is not supported`);
    const weak = pki.issue({ subject: "/CN=Weak Root", key: "rsa1024" });
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: weak, dns: [HOST] });
    fails(verifyWith([weak], [leaf]), "ERR_X509_UNSUPPORTED",
      "the key of CN=Weak Root cannot be used: RSA 1024-bit key (2048 to 4096 bits supported)");
  });

  test("a signature of the wrong kind for the issuer's key", () => {
    const root = chainOf("p256").root;
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST] });
    // The same DER under an anchor of another key type: node:crypto refuses it too.
    const other = pki.issue({ subject: root.subject, key: "rsa2048", keyName: "rsa under p256 name" });
    fails(verifyWith([other], [leaf]), "ERR_X509_BAD_SIGNATURE",
      `the certificate for ${HOST} is signed with ecdsa-with-SHA256 but the key of CN=Example Root p256,O=Example is RSA 2048-bit`);
  });
});

describe("issuers", () => {
  test("an issuer whose basicConstraints says it is not a CA, or that has none", () => {
    const root = chainOf("p256").root;
    for (const [spec, why] of [[{ ca: false }, "its basicConstraints has cA false"], [{}, "it has no basicConstraints"]] as const) {
      const inter = pki.issue({ subject: "/CN=Not A CA", issuer: root, keyUsage: ["keyCertSign"], extKeyUsage: null, ...spec });
      const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: inter, dns: [HOST] });
      fails(verifyWith([root], [leaf, inter]), "ERR_X509_NOT_CA",
        `CN=Not A CA is not a CA (${why}) but issued the certificate for ${HOST}`);
    }
  });

  test("an anchor that says it is not a CA is taken at its word", () => {
    const anchor = pki.issue({ subject: "/CN=Leafy Anchor", ca: false, keyUsage: ["keyCertSign"], extKeyUsage: null });
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: anchor, dns: [HOST] });
    fails(verifyWith([anchor], [leaf]), "ERR_X509_NOT_CA",
      `CN=Leafy Anchor is not a CA (its basicConstraints has cA false) but issued the certificate for ${HOST}`);
  });

  test("pathLenConstraint counts the intermediate CAs below the certificate", () => {
    const root0 = pki.issue({ subject: "/CN=Root PathLen 0", pathLen: 0 });
    const inter = pki.issue({ subject: "/CN=Intermediate Under 0", issuer: root0, ca: true });
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: inter, dns: [HOST] });
    fails(verifyWith([root0], [leaf, inter]), "ERR_X509_PATH_LENGTH",
      "path length exceeded: CN=Root PathLen 0 allows 0 intermediate CAs below it, the path has 1");
    const direct = pki.issue({ subject: `/CN=${HOST}`, issuer: root0, dns: [HOST] });
    ok(verifyWith([root0], [direct]));
    const root1 = pki.issue({ subject: "/CN=Root PathLen 1", pathLen: 1 });
    const a = pki.issue({ subject: "/CN=Intermediate A", issuer: root1, ca: true });
    const b = pki.issue({ subject: "/CN=Intermediate B", issuer: a, ca: true });
    const deep = pki.issue({ subject: `/CN=${HOST}`, issuer: b, dns: [HOST] });
    fails(verifyWith([root1], [deep, b, a]), "ERR_X509_PATH_LENGTH",
      "path length exceeded: CN=Root PathLen 1 allows 1 intermediate CA below it, the path has 2");
    const shallow = pki.issue({ subject: `/CN=${HOST}`, issuer: a, dns: [HOST] });
    ok(verifyWith([root1], [shallow, a]));
    const innerZero = pki.issue({ subject: "/CN=Intermediate Zero", issuer: root1, pathLen: 0 });
    const under = pki.issue({ subject: "/CN=Intermediate Below Zero", issuer: innerZero, ca: true });
    const leaf2 = pki.issue({ subject: `/CN=${HOST}`, issuer: under, dns: [HOST] });
    fails(verifyWith([root1], [leaf2, under, innerZero]), "ERR_X509_PATH_LENGTH",
      "path length exceeded: CN=Intermediate Zero allows 0 intermediate CAs below it, the path has 1");
  });

  test("keyUsage: an issuer needs keyCertSign, the server's certificate digitalSignature", () => {
    const root = chainOf("p256").root;
    const inter = pki.issue({ subject: "/CN=No CertSign", issuer: root, ca: true, keyUsage: ["digitalSignature", "cRLSign"] });
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: inter, dns: [HOST] });
    fails(verifyWith([root], [leaf, inter]), "ERR_X509_KEY_USAGE", "CN=No CertSign may not sign certificates: its keyUsage lacks keyCertSign");
    const encipher = pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], key: "rsa2048", keyUsage: ["keyEncipherment"] });
    fails(verifyWith([root], [encipher]), "ERR_X509_KEY_USAGE",
      `certificate for ${HOST} may not sign the TLS handshake: its keyUsage lacks digitalSignature`);
    ok(verifyWith([root], [pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], keyUsage: null })]));
    ok(verifyWith([root], [pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], key: "rsa2048",
      keyUsage: ["digitalSignature", "keyEncipherment"] })]));
  });

  test("extKeyUsage, where present, must allow serverAuth, on the server's certificate and on issuers", () => {
    const root = chainOf("p256").root;
    const client = pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], extKeyUsage: ["clientAuth", "1.2.3.4"] });
    fails(verifyWith([root], [client]), "ERR_X509_EXT_KEY_USAGE",
      `certificate for ${HOST} is not for TLS servers: its extKeyUsage is clientAuth, 1.2.3.4`);
    ok(verifyWith([root], [pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], extKeyUsage: ["anyExtendedKeyUsage"] })]));
    ok(verifyWith([root], [pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], extKeyUsage: null })]));
    const mailCa = pki.issue({ subject: "/CN=Mail CA", issuer: root, ca: true, extKeyUsage: ["emailProtection"] });
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: mailCa, dns: [HOST] });
    fails(verifyWith([root], [leaf, mailCa]), "ERR_X509_EXT_KEY_USAGE",
      "certificate for Mail CA is not for TLS servers: its extKeyUsage is emailProtection");
  });

  test("an unknown critical extension makes a certificate unusable; a non-critical one is ignored", () => {
    const root = chainOf("p256").root;
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], extensions: ["1.2.3.4.5 = critical,DER:05:00"] });
    fails(verifyWith([root], [leaf]), "ERR_X509_UNSUPPORTED_CRITICAL_EXTENSION",
      `unsupported critical extension 1.2.3.4.5 in certificate for ${HOST}`);
    ok(verifyWith([root], [pki.issue({ subject: `/CN=${HOST}`, issuer: root, dns: [HOST], extensions: ["1.2.3.4.5 = DER:05:00"] })]));
    const inter = pki.issue({ subject: "/CN=Odd CA", issuer: root, ca: true, extensions: ["1.3.6.1.4.1.99999.1 = critical,ASN1:UTF8:x"] });
    const below = pki.issue({ subject: `/CN=${HOST}`, issuer: inter, dns: [HOST] });
    fails(verifyWith([root], [below, inter]), "ERR_X509_UNSUPPORTED_CRITICAL_EXTENSION",
      "unsupported critical extension 1.3.6.1.4.1.99999.1 in certificate for Odd CA");
  });
});

describe("name constraints", () => {
  function constrained(nameConstraints: string, leafSpec: Partial<CertSpec>): Outcome {
    const root = chainOf("p256").root;
    const ca = pki.issue({ subject: "/CN=Constrained CA", keyName: "constrained", issuer: root, ca: true, nameConstraints });
    const leaf = pki.issue({ subject: `/CN=${leafSpec.dns?.[0] ?? leafSpec.ips?.[0] ?? HOST}`, issuer: ca, ...leafSpec });
    return verifyWith([root], [leaf, ca], leafSpec.dns?.[0] ?? leafSpec.ips?.[0] ?? HOST);
  }

  test("permitted dNSName subtrees hold the names below them and nothing else", () => {
    ok(constrained("critical,permitted;DNS:example.com", { dns: [HOST, "example.com"] }));
    fails(constrained("critical,permitted;DNS:example.com", { dns: ["evil.example.org"] }), "ERR_X509_NAME_CONSTRAINTS",
      "name constraints of CN=Constrained CA forbid the certificate for evil.example.org: DNS name evil.example.org is not in the permitted subtrees");
    fails(constrained("critical,permitted;DNS:example.com", { dns: [HOST, "badexample.com"] }), "ERR_X509_NAME_CONSTRAINTS",
      `name constraints of CN=Constrained CA forbid the certificate for ${HOST}: DNS name badexample.com is not in the permitted subtrees`);
  });

  test("excluded dNSName subtrees win over permitted ones and catch wildcards that could reach them", () => {
    const nc = "critical,permitted;DNS:example.com,excluded;DNS:secret.example.com";
    ok(constrained(nc, { dns: [HOST] }));
    fails(constrained(nc, { dns: ["db.secret.example.com"] }), "ERR_X509_NAME_CONSTRAINTS",
      "name constraints of CN=Constrained CA forbid the certificate for db.secret.example.com: DNS name db.secret.example.com is in the excluded subtree secret.example.com");
    fails(constrained(nc, { dns: [HOST, "*.example.com"] }), "ERR_X509_NAME_CONSTRAINTS",
      `name constraints of CN=Constrained CA forbid the certificate for ${HOST}: DNS name *.example.com is in the excluded subtree secret.example.com`);
  });

  test("iPAddress subtrees constrain addresses, each family on its own", () => {
    const nc = "critical,permitted;IP:192.0.2.0/255.255.255.0,excluded;IP:192.0.2.128/255.255.255.128";
    ok(constrained(nc, { ips: ["192.0.2.5"] }), "192.0.2.5");
    ok(constrained(nc, { ips: ["2001:db8::5"] }), "2001:db8::5");
    fails(constrained(nc, { ips: ["198.51.100.1"] }), "ERR_X509_NAME_CONSTRAINTS",
      "name constraints of CN=Constrained CA forbid the certificate for 198.51.100.1: IP address 198.51.100.1 is not in the permitted subtrees");
    fails(constrained(nc, { ips: ["192.0.2.200"] }), "ERR_X509_NAME_CONSTRAINTS",
      "name constraints of CN=Constrained CA forbid the certificate for 192.0.2.200: IP address 192.0.2.200 is in the excluded subtree 192.0.2.128/255.255.255.128");
  });

  test("a critical constraint of another form is refused; a non-critical one is ignored", () => {
    fails(constrainedDir(true), "ERR_X509_NAME_CONSTRAINTS",
      "name constraints of CN=Constrained CA use a directoryName constraint, which is not supported in a critical nameConstraints extension");
    ok(constrainedDir(false));
    fails(constrained("critical,permitted;email:example.com", { dns: [HOST] }), "ERR_X509_NAME_CONSTRAINTS",
      "name constraints of CN=Constrained CA use a rfc822Name constraint, which is not supported in a critical nameConstraints extension");
  });

  test("an anchor's name constraints bind the whole path", () => {
    const root = pki.issue({ subject: "/CN=Constrained Root", nameConstraints: "critical,permitted;DNS:example.net" });
    const inter = pki.issue({ subject: "/CN=Under Constrained Root", issuer: root, ca: true });
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: inter, dns: [HOST] });
    fails(verifyWith([root], [leaf, inter]), "ERR_X509_NAME_CONSTRAINTS",
      `name constraints of CN=Constrained Root forbid the certificate for ${HOST}: DNS name ${HOST} is not in the permitted subtrees`);
  });
});

// openssl takes a directoryName constraint only from a config section, so this one builds its extension line.
function constrainedDir(critical: boolean): Outcome {
  const root = chainOf("p256").root;
  const ca = pki.issue({ subject: "/CN=Constrained CA", keyName: "constrained", issuer: root, ca: true,
    extensions: [`nameConstraints = ${critical ? "critical," : ""}permitted;dirName:dir_sect`, "[ dir_sect ]", "O = Example"] });
  const leaf = pki.issue({ subject: `/O=Example/CN=${HOST}`, issuer: ca, dns: [HOST] });
  return verifyWith([root], [leaf, ca]);
}

describe("host names", () => {
  test("a mismatch names the certificate, the host and the names it has", () => {
    const root = chainOf("p256").root;
    const leaf = pki.issue({ subject: "/CN=wrong.example.com", issuer: root, dns: ["*.example.org", "example.org"] });
    fails(verifyWith([root], [leaf]), "ERR_X509_HOSTNAME_MISMATCH",
      "certificate for wrong.example.com does not match host idp.example.com (names: *.example.org, example.org)");
    ok(verifyWith([root], [leaf], "a.example.org"), "wrong.example.com");
  });

  test("the subject's CN is never a name: a certificate without subjectAltName matches nothing", () => {
    const root = chainOf("p256").root;
    const leaf = pki.issue({ subject: `/CN=${HOST}`, issuer: root });
    fails(verifyWith([root], [leaf]), "ERR_X509_HOSTNAME_MISMATCH",
      `certificate for ${HOST} does not match host ${HOST} (names: none in subjectAltName)`);
  });

  test("IP literals match iPAddress entries, never dNSName ones", () => {
    const root = chainOf("p256").root;
    const leaf = pki.issue({ subject: "/CN=addresses", issuer: root, dns: ["192.0.2.1"], ips: ["192.0.2.7", "2001:db8::7"] });
    ok(verifyWith([root], [leaf], "192.0.2.7"), "addresses");
    ok(verifyWith([root], [leaf], "2001:db8::7"), "addresses");
    ok(verifyWith([root], [leaf], "[2001:db8::7]"), "addresses");
    fails(verifyWith([root], [leaf], "192.0.2.1"), "ERR_X509_HOSTNAME_MISMATCH",
      "certificate for addresses does not match host 192.0.2.1 (names: 192.0.2.1, 192.0.2.7, 2001:db8::7)");
  });

  test("a host that cannot be a name is refused before any signature is checked", () => {
    const { root, leaf } = chainOf("p256");
    fails(verifyWith([root], [leaf], ""), "ERR_X509_HOSTNAME_MISMATCH", "cannot match host : empty host name");
    fails(verifyWith([root], [leaf], "a..b"), "ERR_X509_HOSTNAME_MISMATCH", "cannot match host a..b: empty label in host name");
  });

  test("matching agrees with node's checkHost (no CN, no partial wildcards) over a table of names and hosts", () => {
    const root = chainOf("p256").root;
    const patterns = ["idp.example.com", "IDP.EXAMPLE.COM", "*.example.com", "*.Example.Com", "f*.example.com",
      "*oo.example.com", "a.*.example.com", "*.*.example.com", "*.com", "*", "example.com", "*.xn--bcher-kva.example",
      "xn--*.example", "*.a.b.c.example"];
    const hosts = ["idp.example.com", "IDP.example.com", "foo.example.com", "example.com", "a.b.example.com",
      "a.foo.example.com", "com", "x.com", "www.xn--bcher-kva.example", "xn--bcher-kva.example", "z.a.b.c.example",
      "a.b.c.example", "_acme.example.com"];
    let compared = 0;
    for (const pattern of patterns) {
      const cert = pki.issue({ subject: "/CN=pattern", keyName: "pattern", issuer: root, dns: [pattern] });
      for (const host of hosts) {
        const node = cert.x509.checkHost(host, { subject: "never", partialWildcards: false }) !== undefined;
        assert.equal(guest.checkHost(cert.certDer, host), node, `pattern ${pattern}, host ${host}`);
        compared++;
      }
    }
    assert.equal(compared, patterns.length * hosts.length);
  });

  test("IP matching agrees with node's checkIP", () => {
    const root = chainOf("p256").root;
    const cert = pki.issue({ subject: "/CN=ips", issuer: root, ips: ["192.0.2.7", "2001:db8::7", "::ffff:198.51.100.1"] });
    for (const ip of ["192.0.2.7", "192.0.2.8", "2001:db8::7", "2001:DB8:0::7", "2001:db8::8", "::ffff:198.51.100.1", "198.51.100.1"]) {
      assert.equal(guest.checkHost(cert.certDer, ip), cert.x509.checkIP(ip) !== undefined, ip);
    }
  });
});

describe("limits and malformed input", () => {
  test("an empty list, too many certificates, and paths deeper than 8", () => {
    const { root, inter, leaf } = chainOf("p256");
    guest.loadAnchors(pki.bundle(root));
    fails(guest.verify([]), "ERR_X509_NO_CERTIFICATES", "the server sent no certificate");
    const many = [leaf.certDer, ...Array.from({ length: 16 }, () => inter.certDer)];
    fails(guest.verify(many), "ERR_X509_TOO_LARGE", "the server sent 17 certificates, more than 16");
    const deepRoot = pki.issue({ subject: "/CN=Deep Root" });
    let issuer = deepRoot;
    const intermediates: Issued[] = [];
    for (let i = 0; i < 8; i++) {
      issuer = pki.issue({ subject: `/CN=Deep ${i}`, issuer, ca: true });
      intermediates.unshift(issuer);
    }
    const deep = pki.issue({ subject: `/CN=${HOST}`, issuer, dns: [HOST] });
    fails(verifyWith([deepRoot], [deep, ...intermediates]), "ERR_X509_UNKNOWN_CA", "unknown CA: no trust anchor within 8 certificates");
    ok(verifyWith([intermediates[6]], [deep, ...intermediates]));
  });

  test("malformed certificates are named by position and cause", () => {
    const { root, inter, leaf } = chainOf("p256");
    guest.loadAnchors(pki.bundle(root));
    const truncated = leaf.certDer.subarray(0, leaf.certDer.length - 1);
    fails(guest.verify([truncated, inter.certDer]), "ERR_X509_MALFORMED",
      "the server's certificate: malformed certificate: Certificate: length beyond the enclosing element at byte 0");
    const trailing = Buffer.concat([inter.certDer, Buffer.from([0])]);
    fails(guest.verify([leaf.certDer, trailing]), "ERR_X509_MALFORMED",
      `certificate 2 of the server's list: malformed certificate: Certificate: data after the end of Certificate at byte ${inter.certDer.length}`);
    // The inner signature AlgorithmIdentifier changed to sha384: it must equal the outer one.
    const der = Buffer.from(leaf.certDer);
    const oid = Buffer.from("2a8648ce3d040302", "hex");
    der[der.indexOf(oid) + oid.length - 1] = 3;
    fails(guest.verify([der, inter.certDer]), "ERR_X509_MALFORMED",
      "the server's certificate: malformed certificate: signatureAlgorithm: differs from the signature field of tbsCertificate");
  });

  test("a certificate above 64 KiB is refused before parsing", () => {
    guest.loadAnchors(pki.bundle(chainOf("p256").root));
    fails(guest.verify([new Uint8Array(65537)]), "ERR_X509_TOO_LARGE",
      "the server's certificate: certificate of 65537 bytes, above the limit of 65536");
  });
});

describe("parsing, cross-checked with node's X509Certificate", () => {
  test("generated certificates: serial, validity, CA flag, names, key", () => {
    const specs: CertSpec[] = [
      { subject: "/C=US/O=Example, Inc./CN=Parse Root", key: "rsa4096", pathLen: 3 },
      { subject: "/CN=parse.example.com", key: "p384", ca: false, dns: ["parse.example.com", "*.parse.example.com"],
        ips: ["192.0.2.9", "2001:db8::9"], extKeyUsage: ["serverAuth", "clientAuth"] },
      { subject: "/CN=ed", key: "ed25519", ca: false, dns: ["ed.example"] },
      { subject: "/CN=pss", key: "rsa-pss2048", ca: false, dns: ["pss.example"] },
    ];
    for (const spec of specs) {
      const c = pki.issue(spec);
      const f = guest.parse(c.certDer) as Map<string, string[]>;
      assert.ok(f instanceof Map, JSON.stringify(f));
      compareWithNode(f, c.x509);
    }
  });

  test("/etc/ssl/certs/ca-certificates.crt loads completely and every root parses as node reads it", { skip: !existsSync(BUNDLE) }, () => {
    const pem = readFileSync(BUNDLE, "utf8");
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    const certs = blocks.map((b) => new X509Certificate(b));
    const loaded = guest.loadAnchors(pem);
    assert.equal(loaded.code, 0);
    const [count, skipped, summary] = [loaded.name, ...loaded.detail.split("\n")];
    assert.equal(Number(count), certs.length);
    assert.equal(skipped, "0");
    assert.equal(summary, `${certs.length} trust anchors loaded`);
    for (const c of certs) {
      const f = guest.parse(c.raw);
      assert.ok(f instanceof Map, `${c.subject}: ${JSON.stringify(f)}`);
      compareWithNode(f, c);
    }
  });

  test("a bundle with comments, CRLF, other blocks and broken blocks loads what it can and says why", () => {
    const { root, inter } = chainOf("p256");
    const crlf = inter.certPem.replace(/\n/g, "\r\n");
    const pem = `# Example bundle\n${root.certPem}\n-----BEGIN PRIVATE KEY-----\nAQID\n-----END PRIVATE KEY-----\n` +
      `subject=whatever\n${crlf}-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n` +
      "-----BEGIN CERTIFICATE-----\nAQ=D\n-----END CERTIFICATE-----\n";
    const loaded = guest.loadAnchors(pem);
    const line = (n: number) => beginLines(pem)[n - 1];
    assert.equal(loaded.code, 0);
    assert.equal(loaded.name, "2");
    assert.equal(loaded.detail, "3\n2 trust anchors loaded, 3 PEM blocks skipped: " +
      `block 2 (line ${line(2)}): PRIVATE KEY is not a certificate; ` +
      `block 4 (line ${line(4)}): malformed certificate: Certificate: length beyond the enclosing element at byte 0; ` +
      `block 5 (line ${line(5)}): bad base64 (ERR_ENCODING_BAD_PADDING)`);
  });

  test("a text without certificates is refused with the reason", () => {
    fails(guest.loadAnchors("just text\n"), "ERR_X509_NO_CERTIFICATES", "no certificate in the PEM text: no PEM block found");
    fails(guest.loadAnchors("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"), "ERR_X509_NO_CERTIFICATES",
      "no certificate in the PEM text: block 1 (line 1): bad base64 (ERR_ENCODING_BAD_CHARACTER)");
  });
});

// The 1-based line numbers of the BEGIN lines of text.
function beginLines(text: string): number[] {
  return text.split("\n").flatMap((l, i) => (l.startsWith("-----BEGIN") ? [i + 1] : []));
}

// Compares the probe's description of a certificate with node's reading of it.
function compareWithNode(f: Map<string, string[]>, x: X509Certificate): void {
  const what = x.subject.replace(/\n/g, ",");
  const one = (k: string) => (f.get(k) ?? [""])[0];
  assert.equal(one("serial").replace(/^0+(?=.)/, "").toUpperCase(), x.serialNumber.replace(/^0+(?=.)/, ""), `serial of ${what}`);
  assert.equal(Date.parse(one("notBefore")), Date.parse(x.validFrom), `notBefore of ${what}`);
  assert.equal(Date.parse(one("notAfter")), Date.parse(x.validTo), `notAfter of ${what}`);
  assert.equal(one("ca") === "true", x.ca, `CA flag of ${what}`);
  // Names are compared when node prints them plainly and the guest names every attribute (not "2.5.4.15=").
  const plain = (node: string, ours: string) => /^[\x20-\x7e\n]*$/.test(node) && !/[+\\]/.test(node) && !/(^|,)\d+\.\d/.test(ours);
  if (plain(x.subject, one("subject")) && plain(x.issuer, one("issuer"))) {
    assert.equal(one("subject"), x.subject.split("\n").reverse().join(","), `subject of ${what}`);
    assert.equal(one("issuer"), x.issuer.split("\n").reverse().join(","), `issuer of ${what}`);
  }
  const san = (x.subjectAltName ?? "").split(", ").filter((s) => s !== "");
  assert.deepEqual(f.get("dns") ?? [], san.filter((s) => s.startsWith("DNS:")).map((s) => s.slice(4)), `DNS names of ${what}`);
  const ips = san.filter((s) => s.startsWith("IP Address:")).map((s) => s.slice(11));
  assert.deepEqual((f.get("ip") ?? []).map(expandIp), ips.map(expandIp), `IP addresses of ${what}`);
  const key = x.publicKey, d = key.asymmetricKeyDetails ?? {};
  const want = key.asymmetricKeyType === "rsa" ? `RSA ${d.modulusLength}-bit`
    : key.asymmetricKeyType === "rsa-pss" ? `RSASSA-PSS ${d.modulusLength}-bit`
      : key.asymmetricKeyType === "ec" ? `EC ${{ prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" }[d.namedCurve ?? ""]}`
        : "Ed25519";
  assert.equal(one("key"), want, `key of ${what}`);
  assert.equal(one("selfIssued") === "true", x.subject === x.issuer, `self-issued ${what}`);
}

// Full eight-group form of an IPv6 address, so that node's and RFC 5952's spellings compare.
function expandIp(ip: string): string {
  if (!ip.includes(":")) return ip;
  const [head, tail = ""] = ip.split("::");
  const h = head === "" ? [] : head.split(":"), t = tail === "" ? [] : tail.split(":");
  const groups = ip.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  return groups.map((g) => (g.includes(".") ? g : parseInt(g, 16).toString(16))).join(":").toLowerCase();
}

describe("TLS 1.3 CertificateVerify (RFC 8446 §4.2.3, §4.4.3)", () => {
  const CONTENT = Buffer.concat([Buffer.alloc(64, 0x20), Buffer.from("TLS 1.3, server CertificateVerify\0"), randomBytes(32)]);

  test("offers ECDSA, Ed25519 and RSA-PSS for CertificateVerify, and PKCS #1 v1.5 for certificates only", () => {
    assert.deepEqual(guest.signatureSchemes(),
      [0x0403, 0x0503, 0x0603, 0x0807, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601]);
  });

  const cases: { key: KeyName; scheme: number; sign: (k: string) => Buffer }[] = [
    { key: "p256", scheme: 0x0403, sign: (k) => sign("sha256", CONTENT, k) },
    { key: "p384", scheme: 0x0503, sign: (k) => sign("sha384", CONTENT, k) },
    { key: "p521", scheme: 0x0603, sign: (k) => sign("sha512", CONTENT, k) },
    { key: "ed25519", scheme: 0x0807, sign: (k) => sign(null, CONTENT, k) },
    ...([[0x0804, "sha256", 32], [0x0805, "sha384", 48], [0x0806, "sha512", 64]] as const).map(([scheme, hash, salt]) => ({
      key: "rsa2048" as const, scheme,
      sign: (k: string) => sign(hash, CONTENT, { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt }),
    })),
    ...([[0x0809, "sha256", 32], [0x080a, "sha384", 48], [0x080b, "sha512", 64]] as const).map(([scheme, hash, salt]) => ({
      key: "rsa-pss2048" as const, scheme,
      sign: (k: string) => sign(hash, CONTENT, { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt }),
    })),
  ];
  const ALL = [0x0403, 0x0503, 0x0603, 0x0807, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601, 0x0201, 0x0808];

  for (const c of cases) {
    test(`${c.key} signs with 0x${c.scheme.toString(16).padStart(4, "0")} and with no other scheme; changes fail`, () => {
      const leaf = chainOf(c.key).leaf;
      const sig = c.sign(leaf.keyPem);
      for (const scheme of ALL) {
        assert.equal(guest.tls13Verify(leaf.certDer, scheme, CONTENT, sig), scheme === c.scheme, `scheme 0x${scheme.toString(16)}`);
      }
      const changed = Buffer.from(CONTENT);
      changed[changed.length - 1] ^= 1;
      assert.equal(guest.tls13Verify(leaf.certDer, c.scheme, changed, sig), false);
      const badSig = Buffer.from(sig);
      badSig[badSig.length >> 1] ^= 0x10;
      assert.equal(guest.tls13Verify(leaf.certDer, c.scheme, CONTENT, badSig), false);
    });
  }

  test("RSA-PSS with a salt other than the hash length and PKCS #1 v1.5 signatures are refused", () => {
    const leaf = chainOf("rsa2048").leaf;
    const shortSalt = sign("sha256", CONTENT, { key: leaf.keyPem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 });
    assert.equal(guest.tls13Verify(leaf.certDer, 0x0804, CONTENT, shortSalt), false);
    const pkcs1 = sign("sha256", CONTENT, leaf.keyPem);
    assert.equal(guest.tls13Verify(leaf.certDer, 0x0401, CONTENT, pkcs1), false);
  });

  test("ECDSA signatures are strict DER: a padded or trailing encoding of a good signature fails", () => {
    const leaf = chainOf("p256").leaf;
    const sig = sign("sha256", CONTENT, leaf.keyPem);
    assert.ok(guest.tls13Verify(leaf.certDer, 0x0403, CONTENT, sig));
    assert.equal(guest.tls13Verify(leaf.certDer, 0x0403, CONTENT, Buffer.concat([sig, Buffer.from([0])])), false);
    const raw = sign("sha256", CONTENT, { key: leaf.keyPem, dsaEncoding: "ieee-p1363" });
    assert.equal(guest.tls13Verify(leaf.certDer, 0x0403, CONTENT, raw), false);
  });
});
