// assembly/http's ABI-backed helpers in the shim, the way Traefik runs them: lazy header reads through the scratch
// buffer, the request line, the external origin from the entrypoint's X-Forwarded-* headers, and the responses the
// guest answers itself (test/fixtures/guests/http_helpers.ts).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { loadMiddleware, type LoadOptions, type Middleware } from "../../host-shim/index.js";
import { compileGuest } from "../support/guests.js";
import { echoBackend, send, serveMiddleware, type Reply, type Running } from "../support/http.js";

let backend: Running;
let wasm: Uint8Array<ArrayBuffer>;

before(async () => {
  backend = await echoBackend();
  wasm = await compileGuest("http_helpers");
});
after(() => backend.close());

async function withShim(fn: (url: string, mw: Middleware) => Promise<void>, options: LoadOptions = {}): Promise<void> {
  const mw = await loadMiddleware(wasm, options);
  const server = await serveMiddleware(mw, backend.url);
  try {
    await fn(server.url, mw);
  } finally {
    await server.close();
    await mw.close();
  }
}

const act = (action: string, headers: Record<string, string> = {}) => ({ headers: { "x-action": action, ...headers } });
const json = (r: Reply): Record<string, unknown> => JSON.parse(r.body.toString("utf8"));
// The fixture percent-decodes x-message and x-value: request headers here stay ASCII, because the shim hands the
// guest Node's latin1 reading of header bytes re-encoded as UTF-8, where Traefik would pass the bytes through.
const pct = encodeURIComponent;

test("a redirect answers 302 with Location, no body and no-store, and leaves the instance in the pool", async () => {
  await withShim(async (url, mw) => {
    for (let i = 0; i < 3; i++) {
      const r = await send(url, act("redirect", { "x-location": "/app/page?x=1#top" }));
      assert.equal(r.status, 302);
      assert.equal(r.headers.location, "/app/page?x=1#top");
      assert.equal(r.headers["cache-control"], "no-store");
      assert.equal(r.headers["content-length"], "0");
      assert.equal(r.body.length, 0);
    }
    // handle_request returned exactly 0 each time: a non-zero high word would have leaked the instance (§2.5).
    assert.equal(mw.pool.stats.created, 1);
  });
});

test("a redirect takes 301, 303, 307 and 308, and turns any other status into 302", async () => {
  await withShim(async (url) => {
    for (const [asked, got] of [["303", 303], ["301", 301], ["307", 307], ["308", 308], ["200", 302], ["404", 302]] as const) {
      const r = await send(url, act("redirect", { "x-location": "https://idp.example.com/auth?a=1", "x-status": asked }));
      assert.equal(r.status, got, `status ${asked}`);
      assert.equal(r.headers.location, "https://idp.example.com/auth?a=1");
    }
  });
});

test("a redirect to a Location with CR LF or nothing answers 500 instead of sending the header", async () => {
  await withShim(async (url) => {
    const injected = await send(url, act("redirect-injection"));
    assert.equal(injected.status, 500);
    assert.equal(injected.headers.location, undefined);
    assert.equal(injected.headers["set-cookie"], undefined);
    assert.equal(json(injected).error, "server_error");
    assert.equal((await send(url, act("redirect", { "x-location": "" }))).status, 500);
  });
});

test("a JSON error carries the OAuth error shape, escaped, as UTF-8 JSON that is neither cached nor sniffed", async () => {
  await withShim(async (url) => {
    const message = "<b>\"quoted\"</b> & \\ é 😀\u0001\n";
    const r = await send(url, act("json-error", { "x-status": "403", "x-error": "access_denied", "x-message": pct(message) }));
    assert.equal(r.status, 403);
    assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
    assert.equal(r.headers["cache-control"], "no-store");
    assert.equal(r.headers["x-content-type-options"], "nosniff");
    assert.equal(Number(r.headers["content-length"]), r.body.length);
    assert.deepEqual(json(r), { error: "access_denied", error_description: message });
  });
});

test("an error status outside 400..599 becomes 500", async () => {
  await withShim(async (url) => {
    assert.equal((await send(url, act("json-error", { "x-status": "200" }))).status, 500);
    assert.equal((await send(url, act("html-error", { "x-status": "302" }))).status, 500);
    assert.equal((await send(url, act("json-error", { "x-status": "502" }))).status, 502);
  });
});

test("an HTML error escapes title and message and forbids loading anything", async () => {
  await withShim(async (url) => {
    const r = await send(url, act("html-error", {
      "x-status": "401", "x-title": "<script>alert(1)</script>", "x-message": pct("\"x\" & 'y' <img src=x> é"),
    }));
    assert.equal(r.status, 401);
    assert.equal(r.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(r.headers["cache-control"], "no-store");
    assert.equal(r.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
    const body = r.body.toString("utf8");
    assert.ok(!body.includes("<script>") && !body.includes("<img"), body);
    assert.ok(body.includes("<title>401 &lt;script&gt;alert(1)&lt;/script&gt;</title>"), body);
    assert.ok(body.includes("<p>&quot;x&quot; &amp; &#39;y&#39; &lt;img src=x&gt; é</p>"), body);
  });
});

test("the external origin comes from the entrypoint's X-Forwarded-Proto and X-Forwarded-Host", async () => {
  await withShim(async (url) => {
    const port = Number(new URL(url).port);
    const plain = json(await send(url, act("origin")));
    assert.deepEqual(plain, { err: 0, scheme: "http", host: "127.0.0.1", port, origin: `http://127.0.0.1:${port}` });
    // An untrusted client's X-Forwarded-* headers are replaced by the entrypoint's own.
    const spoofed = json(await send(url, act("origin", { "x-forwarded-proto": "https", "x-forwarded-host": "evil.com" })));
    assert.deepEqual(spoofed, plain);
  });
  await withShim(async (url) => {
    const port = Number(new URL(url).port);
    assert.equal(json(await send(url, act("origin"))).origin, `https://127.0.0.1:${port}`);
  }, { entrypoint: { scheme: "https" } });
  await withShim(async (url) => {
    const r = json(await send(url, act("origin", { "x-forwarded-proto": "https", "x-forwarded-host": "App.Example.com, proxy" })));
    assert.deepEqual(r, { err: 0, scheme: "https", host: "app.example.com", port: -1, origin: "https://app.example.com" });
  }, { entrypoint: { trustForwardedHeaders: true } });
});

// Node's HTTP server caps a request head at 16 KiB, so 12000 characters is the longest value tested here.
test("header values longer than the 2 KiB scratch buffer are read whole, at and around its size", async () => {
  await withShim(async (url) => {
    // The host counts a NUL after the value: 2047 characters fill the buffer exactly, 2048 overflow it.
    for (const n of [1, 2046, 2047, 2048, 2049, 5000, 12000]) {
      const value = Array.from({ length: n }, (_, i) => String.fromCharCode(0x61 + (i % 26))).join("");
      const r = json(await send(url, act("echo-header", { "x-name": "x-long", "x-long": value })));
      assert.equal(r.first, value, `length ${n}`);
      assert.deepEqual(r.values, [value]);
    }
  });
});

test("every value of a repeated header is read in order, also when together they overflow the scratch buffer", async () => {
  await withShim(async (url) => {
    const values = ["first", "x".repeat(1500), "", "y".repeat(1500), "last"];
    const r = json(await send(url, { headers: { "x-action": "echo-header", "x-name": "X-Multi", "x-multi": values } as unknown as Record<string, string> }));
    assert.equal(r.first, "first");
    assert.deepEqual(r.values, values);
    const none = json(await send(url, act("echo-header", { "x-name": "x-absent" })));
    assert.deepEqual(none, { first: null, values: [] });
    const invalid = json(await send(url, act("echo-header", { "x-name": "bad name" })));
    assert.deepEqual(invalid, { first: null, values: [] });
  });
});

test("a Cookie header with many cookies is parsed, duplicates answering with the first", async () => {
  await withShim(async (url) => {
    const cookies = Array.from({ length: 150 }, (_, i) => `c${i}=${"v".repeat(20)}${i}`);
    cookies.splice(75, 0, "session=first", "bad name=x", "session=second");
    const r = json(await send(url, act("cookies", { cookie: cookies.join("; "), "x-target": "session" })));
    assert.deepEqual(r, { count: 152, err: 0, skipped: 1, target: "first" });
    const last = json(await send(url, act("cookies", { cookie: cookies.join("; "), "x-target": "c149" })));
    assert.equal(last.target, "v".repeat(20) + "149");
  });
});

test("method and URI are read as the client sent them", async () => {
  await withShim(async (url) => {
    const long = "/p/" + "a".repeat(3000);
    for (const [method, path] of [["GET", "/"], ["POST", "/oauth2/callback?code=abc&state=x%2Fy"], ["DELETE", long]]) {
      const r = json(await send(url + path, { method, headers: { "x-action": "request-line" } }));
      assert.deepEqual(r, { method, uri: path });
    }
  });
});

test("response headers with CR, LF or NUL in the value, or a name that is not a token, are refused", async () => {
  await withShim(async (url) => {
    const set = async (name: string, value: string) => {
      const r = await send(url, act("set-header", { "x-name": name, "x-value": value }));
      return { err: json(r).err, header: r.headers[name.toLowerCase()] };
    };
    assert.deepEqual(await set("x-ok", "a%20b%09c"), { err: 0, header: "a b\tc" });
    assert.deepEqual(await set("x-bad", "a%0D%0ASet-Cookie:%20x=1"), { err: 17, header: undefined });
    assert.deepEqual(await set("x-bad", "a%00b"), { err: 17, header: undefined });
    assert.equal((await set("bad:name", "v")).err, 17);
  });
});

test("without x-action the request goes on to the backend untouched", async () => {
  await withShim(async (url) => {
    const r = await send(url + "/some/path?q=1");
    assert.equal(r.status, 200);
    assert.equal(r.headers["x-backend"], "echo");
    assert.equal(json(r).url, "/some/path?q=1");
  });
});
