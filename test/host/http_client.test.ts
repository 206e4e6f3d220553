// The guest HTTP client (assembly/httpclient) run by the real shim as Traefik runs it, through the
// http_client_probe guest, against node http servers (a real HTTP/1.1 implementation) and raw net servers (for
// exact request bytes and for broken or hostile peers), in both fd-table modes of the shim. Every middleware drops
// half of its instances (poolDrop 0.5); every request must leave no socket open, and the client must close its
// own connections (nothing left for closeAll).

import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { loadMiddleware, type LoadOptions } from "../../host-shim/index.js";
import { compileGuest } from "../support/guests.js";
import { send, serveMiddleware } from "../support/http.js";
import { closedPort, fullBacklog } from "../support/peers.js";

const LOOPBACK = "127.0.0.1";
let probe: Uint8Array<ArrayBuffer>;
const cleanups: (() => unknown)[] = [];

before(async () => {
  probe = await compileGuest("http_client_probe");
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

interface Outcome { err: string; detail: string; status: string; body: Buffer; h: Record<string, string>; wallMs: number }
/** A probe call: probe headers (x-http-…), an optional form (name → value), and whether requests run concurrently. */
type Probe = (headers: Record<string, string>, form?: [string, string][], concurrent?: boolean) => Promise<Outcome>;

async function startProbe(options: LoadOptions): Promise<Probe> {
  const mw = await loadMiddleware(probe, { poolDrop: 0.5, ...options });
  const server = await serveMiddleware(mw, "http://127.0.0.1:9"); // the probe never calls next
  cleanups.push(async () => { await server.close(); await mw.close(); });
  return async (headers, form = [], concurrent = false) => {
    const start = performance.now();
    const body = form.map(([k, v]) => `${hex(k)} ${hex(v)}`).join("\n");
    const reply = await send(server.url, { method: "POST", headers, body });
    const wallMs = performance.now() - start;
    assert.equal(reply.status, 200, reply.body.toString());
    const h = Object.fromEntries(Object.entries(reply.headers).map(([k, v]) => [k, String(v ?? "")]));
    if (!concurrent) assert.equal(h["x-http-open-fds"], "none", "no socket left open after the request");
    assert.equal(h["x-http-closed"], "0", "the client closed its own connections");
    return { err: h["x-http-err"], detail: h["x-http-detail"], status: h["x-http-status"] ?? "", body: reply.body, h, wallMs };
  };
}

const hex = (s: string): string => Buffer.from(s, "utf8").toString("hex");

/** A loopback server whose connections are counted, so tests can wait until the guest closed every one. */
interface Peer { port: number; url: string; accepted: number; open: number; received: Buffer[] }

async function listenCounted(srv: net.Server, p: Peer, host: string): Promise<void> {
  const sockets = new Set<net.Socket>();
  srv.on("connection", (s: net.Socket) => {
    sockets.add(s);
    p.accepted++;
    p.open++;
    s.on("error", () => undefined);
    s.on("close", () => { p.open--; sockets.delete(s); });
  });
  await new Promise<void>((resolve, reject) => { srv.once("error", reject); srv.listen(0, host, resolve); });
  p.port = (srv.address() as net.AddressInfo).port;
  p.url = `http://${host.includes(":") ? `[${host}]` : host}:${p.port}`;
  cleanups.push(() => new Promise((resolve) => { for (const s of sockets) s.destroy(); srv.close(resolve); }));
}

/** raw serves each connection with onRequest once the whole request (head and Content-Length body) arrived. */
async function raw(onRequest: (s: net.Socket, request: Buffer) => void, host = LOOPBACK): Promise<Peer> {
  const p: Peer = { port: 0, url: "", accepted: 0, open: 0, received: [] };
  const srv = net.createServer((s) => {
    let got = Buffer.alloc(0);
    let done = false;
    s.on("data", (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const end = got.indexOf("\r\n\r\n");
      if (done || end < 0) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(got.subarray(0, end).toString("latin1"))?.[1] ?? 0);
      if (got.length < end + 4 + length) return;
      done = true;
      p.received.push(got);
      onRequest(s, got);
    });
  });
  await listenCounted(srv, p, host);
  return p;
}

/** nodeHttp serves handler with node's own HTTP/1.1 server. */
async function nodeHttp(handler: http.RequestListener): Promise<Peer> {
  const p: Peer = { port: 0, url: "", accepted: 0, open: 0, received: [] };
  const srv = http.createServer(handler);
  await listenCounted(srv, p, LOOPBACK);
  return p;
}

async function until(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`${what}: not before the deadline`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}



const answer = (text: string | Buffer) => (s: net.Socket): void => { s.end(text); };
const bytes256 = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

for (const scope of ["middleware", "request"] as const) {
  describe(`HttpClient in the shim, fdTableScope "${scope}"`, () => {
    let run: Probe;
    before(async () => { run = await startProbe({ fdTableScope: scope }); });

    test("GET: exact request bytes; a Content-Length body byte for byte", async () => {
      const body = Buffer.concat([Buffer.from('{"issuer":"x"}'), bytes256]);
      const p = await raw((s) => s.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nX-Multi: a\r\nx-multi: b\r\n\r\n`), body])));
      const o = await run({ "x-http-url": `${p.url}/.well-known/openid-configuration?x=1&y=%20`, "x-http-want": "X-MULTI" });
      assert.equal(o.err, "OK", o.detail);
      assert.equal(o.status, "200");
      assert.deepEqual(o.body, body);
      assert.equal(o.h["x-http-got"], "a, b");
      assert.equal(p.received[0].toString("latin1"), `GET /.well-known/openid-configuration?x=1&y=%20 HTTP/1.1\r\nHost: 127.0.0.1:${p.port}\r\n` +
        "User-Agent: traefik-oidc-wasm\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
      assert.equal(o.h["x-http-connects"], "1");
      await until(() => p.open === 0, "the guest closed its connection");
    });

    test("a chunked body from node's HTTP server, written in pieces", async () => {
      const parts = [bytes256, Buffer.from("second\r\n0\r\n\r\n"), Buffer.alloc(40000, 0x61)];
      const p = await nodeHttp((req, res) => {
        res.writeHead(200, { "content-type": "application/jwk-set+json" });
        let i = 0;
        const next = (): void => { if (i < parts.length) { res.write(parts[i++]); setImmediate(next); } else res.end(); };
        next();
      });
      const o = await run({ "x-http-url": `${p.url}/jwks`, "x-http-want": "transfer-encoding" });
      assert.equal(o.err, "OK", o.detail);
      assert.equal(o.h["x-http-got"], "chunked");
      assert.deepEqual(o.body, Buffer.concat(parts));
    });

    test("a body delimited by the close, in HTTP/1.1 and HTTP/1.0", async () => {
      const p11 = await raw(answer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil\r\n\r\nthe close"));
      const a = await run({ "x-http-url": p11.url });
      assert.deepEqual([a.err, a.status, a.body.toString(), a.h["x-http-minor"]], ["OK", "200", "until\r\n\r\nthe close", "1"]);
      const p10 = await raw(answer("HTTP/1.0 404 Not Found\r\n\r\nnope"));
      const b = await run({ "x-http-url": p10.url });
      assert.deepEqual([b.err, b.status, b.h["x-http-reason"], b.body.toString(), b.h["x-http-minor"]], ["OK", "404", "Not Found", "nope", "0"]);
    });

    test("an error status is a response, not an error; HEAD reads no body", async () => {
      const p = await nodeHttp((req, res) => { res.writeHead(req.method === "HEAD" ? 200 : 503, { "content-length": "5" }); res.end(req.method === "HEAD" ? undefined : "later"); });
      const o = await run({ "x-http-url": p.url });
      assert.deepEqual([o.err, o.status, o.body.toString()], ["OK", "503", "later"]);
      const head = await run({ "x-http-url": p.url, "x-http-method": "HEAD", "x-http-want": "content-length" });
      assert.deepEqual([head.err, head.status, head.body.length, head.h["x-http-got"]], ["OK", "200", 0, "5"]);
    });

    test("interim 100 and 103 responses, sent apart, are skipped", async () => {
      const p = await raw((s) => {
        s.write("HTTP/1.1 100 Continue\r\n\r\n");
        setTimeout(() => s.write("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"), 20);
        setTimeout(() => s.end("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfine"), 40);
      });
      const o = await run({ "x-http-url": p.url });
      assert.deepEqual([o.err, o.status, o.h["x-http-interim"], o.body.toString()], ["OK", "200", "2", "fine"]);
    });

    test("a form POST arrives byte for byte, with client_secret_basic", async () => {
      const fields: [string, string][] = [["grant_type", "authorization_code"], ["code", "a+b c&d=e/f?g#h%"],
        ["redirect_uri", "https://app.example.com/cb?x=1"], ["ünï", "€😀 \r\n\0~*-._"]];
      const p = await raw(answer('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 19\r\n\r\n{"access_token":""}'));
      const o = await run({ "x-http-url": `${p.url}/token`, "x-http-basic": `${hex("client:1")}:${hex("s3cr3t +/")}` }, fields);
      assert.equal(o.err, "OK", o.detail);
      const request = p.received[0];
      const split = request.indexOf("\r\n\r\n");
      const head = request.subarray(0, split).toString("latin1").split("\r\n");
      const sent = request.subarray(split + 4);
      const want = new URLSearchParams(fields).toString();
      assert.equal(sent.toString("latin1"), want, "the body is the WHATWG form serialization");
      assert.deepEqual(head, ["POST /token HTTP/1.1", `Host: 127.0.0.1:${p.port}`, "User-Agent: traefik-oidc-wasm",
        "Accept: application/json", `Authorization: Basic ${Buffer.from("client%3A1:s3cr3t+%2B%2F").toString("base64")}`,
        "Content-Type: application/x-www-form-urlencoded", `Content-Length: ${Buffer.byteLength(want)}`, "Connection: close"]);
      assert.deepEqual(new URLSearchParams(sent.toString()).getAll("ünï"), ["€😀 \r\n\0~*-._"]);
    });

    test("a name resolves through the host's resolver", async () => {
      const p = await raw(answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
      const o = await run({ "x-http-url": `http://localhost:${p.port}/` });
      assert.deepEqual([o.err, o.body.toString()], ["OK", "ok"], o.detail);
      assert.match(p.received[0].toString(), new RegExp(`\r\nHost: localhost:${p.port}\r\n`));
    });

    test("five sends in one request: five connections, each closed", async () => {
      const p = await nodeHttp((req, res) => res.end("x"));
      const o = await run({ "x-http-url": p.url, "x-http-count": "5" });
      assert.deepEqual([o.err, o.h["x-http-ok"], o.h["x-http-connects"]], ["OK", "5", "5"]);
      assert.equal(p.accepted, 5);
      await until(() => p.open === 0, "every connection closed by the guest");
    });
  });
}

describe("failures are values, never traps, and never leave a socket", () => {
  let run: Probe;
  before(async () => { run = await startProbe({ fdTableScope: "middleware" }); });

  test("connection refused is ERR_FETCH_CONNECT with the net layer's reason; the next request works", async () => {
    const port = await closedPort();
    const o = await run({ "x-http-url": `http://127.0.0.1:${port}/jwks` });
    assert.equal(o.err, "ERR_FETCH_CONNECT");
    assert.equal(o.detail, `GET 127.0.0.1:${port}/jwks: ERR_NET_REFUSED: connect 127.0.0.1:${port}: ECONNREFUSED`);
    const p = await raw(answer("HTTP/1.1 204 No Content\r\n\r\n"));
    assert.equal((await run({ "x-http-url": p.url })).status, "204");
  });

  test("a connect that gets no answer is ERR_FETCH_TIMEOUT within the connect timeout", async () => {
    const backlog = await fullBacklog();
    cleanups.push(() => backlog.close());
    const { port, release } = backlog;
    const o = await run({ "x-http-url": `http://127.0.0.1:${port}/`, "x-http-connect-ms": "200" });
    release();
    assert.equal(o.err, "ERR_FETCH_TIMEOUT");
    assert.equal(o.detail, `GET 127.0.0.1:${port}/: ERR_NET_TIMEOUT: connect 127.0.0.1:${port}: no answer in 200 ms`);
    const ms = Number(o.h["x-http-ms"]);
    assert.ok(ms >= 190 && ms < 1500, `connect took ${ms} ms`);
  });

  test("https without TLS configuration and malformed URLs fail before any connection", async () => {
    const https = await run({ "x-http-url": "https://idp.example.com/.well-known/openid-configuration" });
    assert.equal(https.err, "ERR_FETCH_TLS_NOT_CONFIGURED");
    assert.match(https.detail, /^https:\/\/idp\.example\.com:443\/\.well-known\/openid-configuration: no TLS trust configured .*caCertPEM/);
    assert.equal(https.h["x-http-connects"], "0");
    const bad = await run({ "x-http-url": "http://user:pw@idp/x" });
    assert.equal(bad.err, "ERR_FETCH_BAD_URL");
    assert.equal(bad.h["x-http-connects"], "0");
  });

  test("CR, LF or NUL in a header is ERR_FETCH_BAD_REQUEST and nothing is sent", async () => {
    const p = await raw(answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    for (const [name, value] of [["X-A", "1\r\nX-Injected: yes"], ["X-A\r\nX-B", "1"], ["X-A", "a\0b"], ["X-A", "a\nb"]]) {
      const o = await run({ "x-http-url": p.url, "x-http-extra": `${hex(name)}:${hex(value)}` });
      assert.equal(o.err, "ERR_FETCH_BAD_REQUEST", `${JSON.stringify([name, value])}`);
      assert.doesNotMatch(o.detail, /Injected|\r|\n/);
      assert.equal(o.h["x-http-connects"], "0");
    }
    assert.equal(p.accepted, 0, "the server never saw a connection");
  });

  test("a body over the limit is ERR_FETCH_TOO_LARGE: announced by Content-Length, or sent until the close", async () => {
    const announced = await nodeHttp((req, res) => { res.writeHead(200, { "content-length": String(2 << 20) }); res.end(Buffer.alloc(2 << 20)); });
    const a = await run({ "x-http-url": announced.url });
    assert.equal(a.err, "ERR_FETCH_TOO_LARGE");
    assert.match(a.detail, /Content-Length 2097152 over the 1048576-byte response limit/);
    const streamed = await raw((s) => { s.write("HTTP/1.1 200 OK\r\n\r\n"); s.end(Buffer.alloc(300_000, 0x62)); });
    const b = await run({ "x-http-url": streamed.url, "x-http-max-bytes": "100000" });
    assert.equal(b.err, "ERR_FETCH_TOO_LARGE");
    assert.match(b.detail, /a response larger than 100000 bytes/);
    const chunked = await nodeHttp((req, res) => { for (let i = 0; i < 40; i++) res.write(Buffer.alloc(30_000, 0x63)); res.end(); });
    assert.equal((await run({ "x-http-url": chunked.url })).err, "ERR_FETCH_TOO_LARGE");
    await until(() => announced.open === 0 && streamed.open === 0 && chunked.open === 0, "every connection closed by the guest");
  });

  test("a server that never answers: ERR_FETCH_TIMEOUT within the read timeout, connection closed", async () => {
    const silent = await raw(() => undefined);
    const o = await run({ "x-http-url": `${silent.url}/token`, "x-http-read-ms": "200" });
    assert.equal(o.err, "ERR_FETCH_TIMEOUT");
    assert.equal(o.detail, `GET 127.0.0.1:${silent.port}/token: no complete response in 200 ms (nothing received)`);
    const ms = Number(o.h["x-http-ms"]);
    assert.ok(ms >= 190 && ms < 1500, `guest waited ${ms} ms`);
    await until(() => silent.open === 0, "the guest closed the timed-out connection");
  });

  test("a trickling server cannot stretch the read deadline: it covers the whole response", async () => {
    const timers = new Set<NodeJS.Timeout>();
    cleanups.push(() => { for (const t of timers) clearInterval(t); });
    const slow = await raw((s) => {
      s.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
      const t = setInterval(() => { if (!s.destroyed) s.write("x"); }, 20);
      timers.add(t);
      s.on("close", () => { clearInterval(t); timers.delete(t); });
    });
    const o = await run({ "x-http-url": slow.url, "x-http-read-ms": "400" });
    assert.equal(o.err, "ERR_FETCH_TIMEOUT");
    assert.match(o.detail, /no complete response in 400 ms \(after \d+ bytes, in the body \(\d+ of 1000 bytes\)\)$/);
    const ms = Number(o.h["x-http-ms"]);
    assert.ok(ms >= 390 && ms < 2000, `guest waited ${ms} ms`);
    await until(() => slow.open === 0, "the guest closed the connection");
  });

  test("garbage, foreign protocols and ambiguous framing are ERR_FETCH_BAD_RESPONSE", async () => {
    const cases: [string | Buffer, RegExp][] = [
      ["SSH-2.0-OpenSSH_9.6\r\n", /not an HTTP\/1\.x status line: "SSH-2\.0-OpenSSH_9\.6"/],
      [Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x50, 0x0a]), /not an HTTP\/1\.x status line: "\\x15\\x03\\x01\\x00\\x02\\x02P"/],
      ["-ERR unknown command\r\n", /not an HTTP\/1\.x status line/],
      ["HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", /both Transfer-Encoding and Content-Length/],
      ["HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", /invalid or conflicting Content-Length/],
      ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", /bad chunk-size line/],
      ["HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n", /obsolete line folding/],
      ["HTTP/2 200\r\n\r\n", /not an HTTP\/1\.x status line/],
    ];
    for (const [reply, detail] of cases) {
      const p = await raw(answer(reply));
      const o = await run({ "x-http-url": p.url });
      assert.equal(o.err, "ERR_FETCH_BAD_RESPONSE", String(reply));
      assert.match(o.detail, detail);
    }
  });

  test("a close or reset before the response is complete is ERR_FETCH_IO", async () => {
    const truncated = await raw(answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"));
    const a = await run({ "x-http-url": truncated.url });
    assert.equal(a.err, "ERR_FETCH_IO");
    assert.match(a.detail, /the server closed the connection after \d+ bytes, in the body \(9 of 100 bytes\)$/);
    const empty = await raw((s) => s.end());
    const b = await run({ "x-http-url": empty.url });
    assert.equal(b.err, "ERR_FETCH_IO");
    assert.match(b.detail, /without sending anything$/);
    const reset = await raw((s) => { s.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart"); setTimeout(() => s.resetAndDestroy(), 30); });
    const c = await run({ "x-http-url": reset.url });
    assert.equal(c.err, "ERR_FETCH_IO");
    assert.match(c.detail, /ERR_NET_RESET/);
  });

  test("an IPv6 literal in brackets", async (t) => {
    let p: Peer;
    try {
      p = await raw(answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nv6"), "::1");
    } catch {
      t.skip("no IPv6 loopback here");
      return;
    }
    const o = await run({ "x-http-url": `http://[::1]:${p.port}/x` });
    assert.deepEqual([o.err, o.body.toString()], ["OK", "v6"], o.detail);
    assert.match(p.received[0].toString(), new RegExp(`\r\nHost: \\[::1\\]:${p.port}\r\n`));
  });
});

describe("concurrency", () => {
  test("30 concurrent probe requests over two middleware builds (both fd-table modes): all complete, all closed", async () => {
    const a = await startProbe({ fdTableScope: "middleware" });
    const b = await startProbe({ fdTableScope: "request" });
    const p = await nodeHttp((req, res) => { setTimeout(() => res.end(`hello ${req.url}`), 5); });
    const all = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      (i % 2 ? a : b)({ "x-http-url": `${p.url}/n${i}` }, [], true).then((o) => ({ i, o }))));
    for (const { i, o } of all) assert.deepEqual([o.err, o.body.toString()], ["OK", `hello /n${i}`], o.detail);
    await until(() => p.open === 0, "every connection closed by the guest");
    assert.equal(p.accepted, 30);
  });
});
