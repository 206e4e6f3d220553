// The guest TLS 1.3 client (assembly/tls) run by the real shim as Traefik runs it, through the tls_probe guest,
// against real TLS servers started here: `openssl s_server` (Debian's openssl 3.0) and Node's tls server, with
// certificates made by test/support/pki.ts, and against raw TCP peers that send garbage, truncate or stall.
// Every request must leave no socket open; half the instances are dropped after use (poolDrop 0.5).

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { loadMiddleware } from "../../host-shim/index.js";
import { compileGuest } from "../support/guests.js";
import { send, serveMiddleware } from "../support/http.js";
import { closedPort } from "../support/peers.js";
import { type Issued, Pki } from "../support/pki.js";
import { nodeTlsServer, opensslServer, type OpensslServer, rawPeer } from "../support/tls_servers.js";

const LOOPBACK = "127.0.0.1";
const cleanups: (() => unknown)[] = [];
let probeUrl: string;
let pki: Pki;
let root: Issued;
let leaf: Issued;
let rsaRoot: Issued;
let rsaLeaf: Issued;
let chainPath: string;

before(async () => {
  const mw = await loadMiddleware(await compileGuest("tls_probe"), { poolDrop: 0.5 });
  const server = await serveMiddleware(mw, "http://127.0.0.1:9"); // the probe never calls next
  cleanups.push(async () => { await server.close(); await mw.close(); });
  probeUrl = server.url;
  pki = Pki.create();
  cleanups.push(() => pki.cleanup());
  root = pki.issue({ subject: "/CN=TLS Test Root", ca: true, key: "p256" });
  leaf = pki.issue({ subject: "/CN=localhost", issuer: root, dns: ["localhost"], ips: ["127.0.0.1"], key: "p256" });
  rsaRoot = pki.issue({ subject: "/CN=TLS Test RSA Root", ca: true, key: "rsa2048" });
  const rsaIntermediate = pki.issue({ subject: "/CN=TLS Test RSA Intermediate", issuer: rsaRoot, ca: true, key: "rsa2048" });
  rsaLeaf = pki.issue({ subject: "/CN=localhost RSA", issuer: rsaIntermediate, dns: ["localhost"], ips: ["127.0.0.1"], key: "rsa2048" });
  chainPath = pki.writeBundle("rsa-chain.pem", rsaIntermediate);
});

after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

interface Outcome {
  err: string; detail: string; step: string; suite: string; group: string; alpn: string; retried: string;
  keyUpdates: string; certReq: string; body: Buffer; wallMs: number; h: Record<string, string>;
}

interface ProbeCall {
  port: number; host?: string; name?: string; alpn?: string; suites?: string; groups?: string; skip?: boolean;
  trust?: string; script?: string; timeoutMs?: number; readMs?: number;
}

/** probe runs one TLS session in the guest and returns what it reported; no socket may be left open. */
async function probe(c: ProbeCall): Promise<Outcome> {
  const headers: Record<string, string> = { "x-tls": `${c.host ?? LOOPBACK} ${c.port}` };
  if (c.name !== undefined) headers["x-tls-name"] = c.name;
  if (c.alpn !== undefined) headers["x-tls-alpn"] = c.alpn;
  if (c.suites !== undefined) headers["x-tls-suites"] = c.suites;
  if (c.groups !== undefined) headers["x-tls-groups"] = c.groups;
  if (c.skip) headers["x-tls-skip"] = "1";
  if (c.script !== undefined) headers["x-tls-script"] = c.script;
  if (c.timeoutMs !== undefined) headers["x-tls-timeout"] = String(c.timeoutMs);
  if (c.readMs !== undefined) headers["x-tls-read-ms"] = String(c.readMs);
  const start = performance.now();
  const reply = await send(probeUrl, { method: "POST", headers, body: c.skip ? "" : (c.trust ?? root.certPem) });
  const wallMs = performance.now() - start;
  assert.equal(reply.status, 200, reply.body.toString());
  const h = Object.fromEntries(Object.entries(reply.headers).map(([k, v]) => [k, String(v ?? "")]));
  assert.equal(h["x-tls-open-fds"], "none", "no socket left open after the request");
  return {
    err: h["x-tls-err"], detail: h["x-tls-detail"], step: h["x-tls-step"], suite: h["x-tls-suite"] ?? "",
    group: h["x-tls-group"] ?? "", alpn: h["x-tls-alpn"] ?? "", retried: h["x-tls-retried"] ?? "",
    keyUpdates: h["x-tls-keyupdates"] ?? "", certReq: h["x-tls-certreq"] ?? "", body: reply.body, wallMs, h,
  };
}

async function openssl(cert: Issued, args: string[], chain?: string): Promise<OpensslServer> {
  const server = await opensslServer(cert.certPath, cert.keyPath, [...(chain ? ["-cert_chain", chain] : []), "-tls1_3", ...args]);
  cleanups.push(() => server.close());
  return server;
}

/** commands types lines into s_server's stdin, apart: it reads a command only at the start of what it read at once. */
async function commands(s: OpensslServer, ...lines: string[]): Promise<void> {
  for (const line of lines) {
    s.command(line);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const SUITES: [string, string][] = [
  ["1301", "TLS_AES_128_GCM_SHA256"], ["1302", "TLS_AES_256_GCM_SHA384"], ["1303", "TLS_CHACHA20_POLY1305_SHA256"],
];

describe("against openssl s_server", () => {
  test("a verified handshake over x25519, then an HTTP exchange with -www", async () => {
    const s = await openssl(leaf, ["-www"]);
    const r = await probe({ port: s.port, name: "localhost", script: "http:/|eof" });
    assert.equal(r.detail, "");
    assert.deepEqual([r.err, r.step, r.group, r.retried], ["OK", "done", "0x001d", "0"]);
    assert.match(r.body.toString("latin1"), /^HTTP\/1\.0 200 ok\r\n/);
  });

  for (const [id, name] of SUITES) {
    test(`the server forcing ${name} is followed`, async () => {
      const s = await openssl(leaf, ["-www", "-ciphersuites", name]);
      const r = await probe({ port: s.port, name: "localhost", script: "http:/|eof" });
      assert.deepEqual([r.err, r.suite], ["OK", name], r.detail);
      assert.match(r.body.toString("latin1"), /^HTTP\/1\.0 200 ok/);
    });

    test(`the client offering only ${name} gets it`, async () => {
      const s = await openssl(leaf, ["-www"]);
      const r = await probe({ port: s.port, name: "localhost", suites: id, script: "http:/|eof" });
      assert.deepEqual([r.err, r.suite], ["OK", name], r.detail);
      assert.match(r.body.toString("latin1"), new RegExp(`Ciphers common between both SSL end points:\\n${name}`));
    });
  }

  test("a server that insists on secp256r1 gets it through a HelloRetryRequest", async () => {
    const s = await openssl(leaf, ["-www", "-groups", "P-256"]);
    const r = await probe({ port: s.port, name: "localhost", script: "http:/|eof" });
    assert.deepEqual([r.err, r.group, r.retried], ["OK", "0x0017", "1"], r.detail);
  });

  test("a client offering only secp256r1 shares it at once, without a retry", async () => {
    const s = await openssl(leaf, ["-www"]);
    const r = await probe({ port: s.port, name: "localhost", groups: "17", script: "http:/|eof" });
    assert.deepEqual([r.err, r.group, r.retried], ["OK", "0x0017", "0"], r.detail);
  });

  test("ALPN: the server picks http/1.1 from the offer", async () => {
    const s = await openssl(leaf, ["-www", "-alpn", "http/1.1"]);
    const r = await probe({ port: s.port, name: "localhost", alpn: "h2,http/1.1", script: "http:/|eof" });
    assert.deepEqual([r.err, r.alpn], ["OK", "http/1.1"], r.detail);
  });

  test("KeyUpdate with update_requested: the client follows the new server keys and rekeys its own", async () => {
    const s = await openssl(leaf, []);
    const session = probe({ port: s.port, name: "localhost", script: "w:hello|r:after-update|w:client-done|r:bye", readMs: 8000 });
    await s.waitFor(/hello/);
    await commands(s, "K", "after-update");
    await s.waitFor(/client-done/);
    s.command("bye");
    const r = await session;
    assert.deepEqual([r.err, r.step, r.keyUpdates], ["OK", "done", "1"], r.detail);
    assert.match(r.body.toString(), /after-update\n.*bye\n/s);
  });

  test("KeyUpdate without update_requested, twice: only the read keys change", async () => {
    const s = await openssl(leaf, []);
    const session = probe({ port: s.port, name: "localhost", script: "w:hello|r:two|w:client-done", readMs: 8000 });
    await s.waitFor(/hello/);
    await commands(s, "k", "one", "k", "two");
    await s.waitFor(/client-done/);
    const r = await session;
    assert.deepEqual([r.err, r.keyUpdates], ["OK", "2"], r.detail);
  });

  test("close() sends close_notify: s_server sees a clean shutdown, not an unexpected EOF", async () => {
    const s = await openssl(leaf, []);
    const r = await probe({ port: s.port, name: "localhost", script: "w:hello|close" });
    assert.equal(r.err, "OK", r.detail);
    await s.waitFor(/DONE/);
    assert.doesNotMatch(s.output(), /unexpected eof/i);
  });

  test("a CertificateRequest is answered with an empty Certificate when the server does not insist", async () => {
    const s = await openssl(leaf, ["-www", "-verify", "1"]);
    const r = await probe({ port: s.port, name: "localhost", script: "http:/|eof" });
    assert.deepEqual([r.err, r.certReq], ["OK", "1"], r.detail);
  });

  test("a server requiring a client certificate ends with certificate_required", async () => {
    const s = await openssl(leaf, ["-www", "-Verify", "1"]);
    const r = await probe({ port: s.port, name: "localhost", script: "http:/|eof" });
    assert.equal(r.err, "ERR_NET_TLS");
    assert.match(r.detail, /^tls read 127\.0\.0\.1:\d+: server alert: certificate_required \(116\)/);
  });

  test("an RSA-2048 chain with an intermediate verifies with RSA-PSS CertificateVerify", async () => {
    const s = await openssl(rsaLeaf, ["-www"], chainPath);
    const r = await probe({ port: s.port, name: "localhost", trust: rsaRoot.certPem, script: "http:/|eof" });
    assert.deepEqual([r.err, r.step], ["OK", "done"], r.detail);
  });

  test("a TLS 1.2-only server is refused with its reason", async () => {
    const s = await opensslServer(leaf.certPath, leaf.keyPath, ["-tls1_2", "-www"]);
    cleanups.push(() => s.close());
    const r = await probe({ port: s.port, name: "localhost" });
    assert.equal(r.err, "ERR_NET_TLS");
    assert.match(r.detail, /^tls handshake with 127\.0\.0\.1:\d+: server alert: protocol_version \(70\): the server does not speak TLS 1\.3/);
  });

  test("no shared cipher suite: the server's handshake_failure is reported", async () => {
    const s = await openssl(leaf, ["-www", "-ciphersuites", "TLS_AES_128_CCM_SHA256"]);
    const r = await probe({ port: s.port, name: "localhost" });
    assert.equal(r.err, "ERR_NET_TLS");
    assert.match(r.detail, /server alert: handshake_failure \(40\): handshake failure: no shared cipher suite/);
  });
});

describe("certificate verification", () => {
  test("a certificate for another host is refused with x509's detail", async () => {
    const s = await openssl(leaf, ["-www"]);
    const r = await probe({ port: s.port, name: "idp.example.com" });
    assert.equal(r.err, "ERR_NET_TLS");
    assert.match(r.detail, /^tls handshake with 127\.0\.0\.1:\d+: certificate for .* does not match host idp\.example\.com/);
  });

  test("an expired certificate is refused and says when it expired", async () => {
    const old = pki.issue({ subject: "/CN=expired.localhost", issuer: root, dns: ["localhost"], key: "p256",
      notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
    const s = await openssl(old, ["-www"]);
    const r = await probe({ port: s.port, name: "localhost" });
    assert.equal(r.err, "ERR_NET_TLS");
    assert.match(r.detail, /expired/);
  });

  test("a chain to an anchor that is not trusted is refused", async () => {
    const s = await openssl(leaf, ["-www"]);
    const r = await probe({ port: s.port, name: "localhost", trust: rsaRoot.certPem });
    assert.equal(r.err, "ERR_NET_TLS");
    assert.match(r.detail, /unknown CA|not trusted/i);
  });

  // Leaves of each key type under one root, and a wildcard: the issue's certificate matrix, end to end.
  const LEAVES: [string, "rsa2048" | "rsa4096" | "p256" | "p384", string[], string][] = [
    ["an RSA-4096 leaf", "rsa4096", ["localhost"], "localhost"],
    ["a P-384 leaf", "p384", ["localhost"], "localhost"],
    ["a wildcard leaf (*.test.localhost for idp.test.localhost)", "p256", ["*.test.localhost"], "idp.test.localhost"],
  ];
  for (const [what, key, dns, name] of LEAVES) {
    test(`${what} verifies and carries data`, async () => {
      const cert = pki.issue({ subject: `/CN=${what}`, issuer: root, dns, key });
      const s = await openssl(cert, ["-www"]);
      const r = await probe({ port: s.port, name, script: "http:/|eof" });
      assert.deepEqual([r.err, r.step], ["OK", "done"], r.detail);
    });
  }

  test("a wildcard matches one label only: *.test.localhost does not cover a.b.test.localhost", async () => {
    const cert = pki.issue({ subject: "/CN=wildcard", issuer: root, dns: ["*.test.localhost"], key: "p256" });
    const s = await openssl(cert, ["-www"]);
    const r = await probe({ port: s.port, name: "a.b.test.localhost" });
    assert.equal(r.err, "ERR_NET_TLS");
    assert.match(r.detail, /does not match host a\.b\.test\.localhost/);
  });

  test("a self-signed certificate is refused without skipVerify, named as self-signed", async () => {
    const self = pki.issue({ subject: "/CN=self-signed.localhost", dns: ["localhost"], key: "p256" });
    const s = await openssl(self, ["-www"]);
    const r = await probe({ port: s.port, name: "localhost" });
    assert.equal(r.err, "ERR_NET_TLS");
    assert.match(r.detail, /self-signed/i);
  });

  test("skipVerify accepts a self-signed certificate but still checks CertificateVerify", async () => {
    const self = pki.issue({ subject: "/CN=self-signed", key: "p256" });
    const s = await openssl(self, ["-www"]);
    const r = await probe({ port: s.port, name: "somewhere.invalid", skip: true, script: "http:/|eof" });
    assert.deepEqual([r.err, r.step], ["OK", "done"], r.detail);
  });

  test("without trust anchors and without skipVerify nothing is sent", async () => {
    const s = await openssl(leaf, ["-www"]);
    const r = await probe({ port: s.port, name: "localhost", trust: "" });
    assert.equal(r.err, "ERR_NET_TLS");
    assert.match(r.detail, /no trust anchors configured/);
  });
});

describe("against Node's tls server", () => {
  test("ALPN, application data both ways and close_notify from the server", async () => {
    const s = await nodeTlsServer({ key: leaf.keyPem, cert: leaf.certPem, ALPNProtocols: ["http/1.1"] }, (sock) => {
      sock.on("data", (d: Buffer) => { if (d.toString().includes("bye")) sock.end("bye to you\n"); else sock.write(`echo ${d}`); });
    });
    cleanups.push(() => s.close());
    const r = await probe({ port: s.port, name: "localhost", alpn: "http/1.1", script: "w:ping|r:echo ping|w:bye|eof" });
    assert.deepEqual([r.err, r.alpn, r.step], ["OK", "http/1.1", "done"], r.detail);
    assert.match(r.body.toString(), /echo ping\n.*bye to you\n$/s);
  });

  test("an ALPN mismatch ends with the server's no_application_protocol", async () => {
    const s = await nodeTlsServer({ key: leaf.keyPem, cert: leaf.certPem, ALPNProtocols: ["h2"] }, () => undefined);
    cleanups.push(() => s.close());
    const r = await probe({ port: s.port, name: "localhost", alpn: "http/1.1" });
    assert.equal(r.err, "ERR_NET_TLS");
    assert.match(r.detail, /server alert: no_application_protocol \(120\)/);
  });

  test("a megabyte from the server arrives intact, across many records", async () => {
    const payload = randomBytes(1 << 20);
    const s = await nodeTlsServer({ key: leaf.keyPem, cert: leaf.certPem }, (sock) => {
      sock.once("data", () => sock.end(payload));
    });
    cleanups.push(() => s.close());
    const r = await probe({ port: s.port, name: "localhost", script: "w:go|eof" });
    assert.equal(r.err, "OK", r.detail);
    assert.ok(r.body.equals(payload), "the received bytes equal the sent ones");
  });
});

describe("servers that misbehave", () => {
  test("a server that does not speak TLS is named by what it sent", async () => {
    const p = await rawPeer((s) => s.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"));
    cleanups.push(() => p.close());
    const r = await probe({ port: p.port, name: "localhost" });
    assert.equal(r.err, "ERR_NET_TLS");
    assert.match(r.detail, /the server does not speak TLS: unexpected record type 72, it sent "HTTP\/1\.1 400 Bad Request/);
  });

  test("a TLS 1.2 ServerHello is refused as TLS 1.2", async () => {
    const hello = Buffer.from("0200002d0303" + "11".repeat(32) + "00c02f000005ff01000100", "hex");
    const p = await rawPeer((s) => s.write(Buffer.concat([Buffer.from([22, 3, 3, 0, hello.length]), hello])));
    cleanups.push(() => p.close());
    const r = await probe({ port: p.port, name: "localhost" });
    assert.equal(r.detail.replace(/:\d+:/, ":PORT:"), "tls handshake with 127.0.0.1:PORT: server chose TLS 1.2 (only TLS 1.3 is supported)");
    assert.deepEqual([...p.received[0].subarray(0, 3)], [22, 3, 1], "the ClientHello record");
  });

  test("a record cut short by the server closing is a closed connection, not a hang", async () => {
    const p = await rawPeer((s) => s.end(Buffer.from("160303004002000040", "hex")));
    cleanups.push(() => p.close());
    const r = await probe({ port: p.port, name: "localhost" });
    assert.equal(r.err, "ERR_NET_CLOSED");
    assert.match(r.detail, /server closed the connection during the handshake$/);
  });

  test("a server that stalls mid-record hits the handshake deadline", async () => {
    const p = await rawPeer((s) => s.write(Buffer.from("1603030040020000", "hex")));
    cleanups.push(() => p.close());
    const r = await probe({ port: p.port, name: "localhost", timeoutMs: 800 });
    assert.equal(r.err, "ERR_NET_TIMEOUT");
    assert.match(r.detail, /not complete within 800 ms$/);
    assert.ok(r.wallMs < 3000, `took ${r.wallMs} ms`);
  });

  test("a server that accepts and never answers hits the handshake deadline", async () => {
    const p = await rawPeer(() => undefined);
    cleanups.push(() => p.close());
    const r = await probe({ port: p.port, name: "localhost", timeoutMs: 500 });
    assert.equal(r.err, "ERR_NET_TIMEOUT");
  });

  test("an oversized record header is refused at once with record_overflow", async () => {
    let alert: Buffer | null = null;
    const p = await rawPeer((s) => {
      s.on("data", (d: Buffer) => { alert = d; });
      s.write(Buffer.from("16030340ff", "hex"));
    });
    cleanups.push(() => p.close());
    const r = await probe({ port: p.port, name: "localhost" });
    assert.match(r.detail, /record too large: 16639 bytes, the limit is 16384$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(alert === null ? null : [...(alert as Buffer)], [21, 3, 3, 0, 2, 2, 22], "a fatal record_overflow alert");
  });

  test("random bytes from the server never trap the guest", async () => {
    for (let i = 0; i < 20; i++) {
      const junk = randomBytes(1 + (i * 97) % 2000);
      if (i % 2 === 0) junk[0] = 22; // sometimes a plausible record type
      const p = await rawPeer((s) => s.end(junk));
      const r = await probe({ port: p.port, name: "localhost", timeoutMs: 1000 });
      await p.close();
      assert.notEqual(r.err, "OK");
      assert.ok(r.detail.startsWith("tls handshake with 127.0.0.1:"), r.detail);
    }
  });

  test("SNI carries a DNS name, never an IP literal, and the ClientHello offers ALPN only when asked", async () => {
    const p = await rawPeer((s) => s.end(Buffer.from("15030300020228", "hex")));
    cleanups.push(() => p.close());
    await probe({ port: p.port, name: "localhost", alpn: "http/1.1" });
    await probe({ port: p.port });
    const [named, literal] = p.received.map((b) => b.toString("latin1"));
    assert.ok(named.includes("\x00\x00\x09localhost"), "server_name localhost");
    assert.ok(named.includes("\x08http/1.1"), "ALPN http/1.1");
    assert.ok(!literal.includes("127.0.0.1") && !literal.includes("http/1.1"), "no SNI for 127.0.0.1, no ALPN");
  });

  test("an unusable config is refused before a byte is sent", async () => {
    const p = await rawPeer(() => undefined);
    cleanups.push(() => p.close());
    const suite = await probe({ port: p.port, name: "localhost", suites: "1304" });
    assert.deepEqual([suite.err, suite.detail.replace(/:\d+:/, ":PORT:")],
      ["ERR_NET_TLS", "tls handshake with 127.0.0.1:PORT: unsupported cipher suite 0x1304"]);
    const name = await probe({ port: p.port, name: "bad name" });
    assert.match(name.detail, /server name "bad name" is neither a DNS name nor an IP address$/);
    const group = await probe({ port: p.port, name: "localhost", groups: "18" });
    assert.match(group.detail, /unsupported key exchange group 0x0018$/);
    assert.equal(p.received.length, 0);
  });

  test("a refused connection is reported by the net layer, before any TLS", async () => {
    const r = await probe({ port: await closedPort(), name: "localhost" });
    assert.equal(r.err, "ERR_NET_REFUSED");
    assert.equal(r.step, "connect");
  });
});
