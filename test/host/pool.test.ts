// The instance pool and request flow, reproduced from host-go and Traefik (traefik-wasm-host.md §2.4–§2.7, §7.1).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { Readable } from "node:stream";
import { BuildError, loadMiddleware, type Middleware, type Next } from "../../host-shim/index.js";
import { compileGuest, compileWat } from "../support/guests.js";
import { echoBackend, send, serveMiddleware, untilIdle, type Reply, type Running } from "../support/http.js";

let backend: Running;
let probe: Uint8Array<ArrayBuffer>;

before(async () => {
  backend = await echoBackend();
  probe = await compileGuest("pool_probe");
});
after(() => backend.close());

async function withShim(fn: (url: string, mw: Middleware) => Promise<void>, options = {}, next?: Next): Promise<void> {
  return withGuest(probe, fn, options, next);
}

async function withGuest(wasm: Uint8Array, fn: (url: string, mw: Middleware) => Promise<void>, options = {}, next?: Next): Promise<void> {
  const mw = await loadMiddleware(wasm, options);
  const server = await serveMiddleware(mw, next ?? backend.url);
  try {
    await fn(server.url, mw);
  } finally {
    await server.close();
    await mw.close();
  }
}

const probeHeader = (value: string) => ({ headers: { "x-probe": value } });

test("the build instantiates one instance eagerly and runs its start functions", async () => {
  await withShim(async (_url, mw) => {
    assert.equal(mw.pool.stats.created, 1);
    assert.deepEqual(mw.logs, [{ level: "info", message: "instance started" }]);
  });
});

// Each start function logs its name. _initialize is exported before _start, so only the host's own order can
// put _start first; the start-section function is not exported at all.
const START_FUNCTIONS_WAT = `(module
  (import "http_handler" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "start section")
  (data (i32.const 16) "_start")
  (data (i32.const 32) "_initialize")
  (func $section (call $log (i32.const 0) (i32.const 0) (i32.const 13)))
  (start $section)
  (func (export "_initialize") (call $log (i32.const 0) (i32.const 32) (i32.const 11)))
  (func (export "_start") (call $log (i32.const 0) (i32.const 16) (i32.const 6)))
  (func (export "handle_request") (result i64) (i64.const 1))
  (func (export "handle_response") (param i32 i32)))`;

// handle_request makes three host calls (logs): the request's timing counts them, and splits its time between
// guest code and host functions (benchmarks read guestNs; no time is asserted).
const THREE_CALLS_WAT = `(module
  (import "http_handler" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "x")
  (func (export "handle_request") (result i64)
    (call $log (i32.const 0) (i32.const 0) (i32.const 1))
    (call $log (i32.const 0) (i32.const 0) (i32.const 1))
    (call $log (i32.const 0) (i32.const 0) (i32.const 1))
    (i64.const 1))
  (func (export "handle_response") (param i32 i32)))`;

test("each request's timing counts the host calls its guest made", async () => {
  await withGuest(await compileWat(THREE_CALLS_WAT), async (url, mw) => {
    assert.equal((await send(url)).status, 200);
    const t = mw.pool.requestTimings.at(-1)!;
    assert.equal(t.hostCalls, 3);
    assert.ok(t.guestNs >= 0 && t.hostNs > 0, JSON.stringify(t));
  });
});

test("the start section, then _start, then _initialize run at build and again in every new instance", async () => {
  const started = ["start section", "_start", "_initialize"];
  await withGuest(await compileWat(START_FUNCTIONS_WAT), async (url, mw) => {
    assert.deepEqual(mw.logs.map((l) => l.message), started);
    assert.equal((await send(url)).status, 200);
    assert.deepEqual(mw.logs.map((l) => l.message), started, "the eager instance served without starting again");
    await untilIdle(mw);
    await mw.gc();
    assert.equal((await send(url)).status, 200);
    assert.deepEqual(mw.logs.map((l) => l.message), [...started, ...started]);
    assert.equal(mw.pool.stats.created, 2);
  });
});

test("sequential requests reuse the pooled instance", async () => {
  await withShim(async (url, mw) => {
    for (let i = 1; i <= 3; i++) assert.equal((await send(url)).headers["x-instance-requests"], String(i));
    assert.equal(mw.pool.stats.created, 1);
  });
});

test("concurrent requests each hold their own instance until the response is done", async () => {
  const gate = openGate();
  const slow: Next = async () => {
    gate.waiting++;
    await gate.opened;
    return { status: 200, headers: [], body: Readable.from([Buffer.from("ok")]) };
  };
  await withShim(async (url, mw) => {
    const replies = Promise.all([send(url), send(url), send(url)]);
    await until(() => gate.waiting === 3);
    gate.open();
    const all = await replies;
    assert.deepEqual(all.map((r) => r.headers["x-instance-requests"]), ["1", "1", "1"]);
    assert.equal(mw.pool.stats.created, 3);
  }, {}, slow);
});

test("gc drops idle instances and the next request starts a fresh one", async () => {
  await withShim(async (url, mw) => {
    await send(url);
    await mw.gc();
    assert.equal((await send(url)).headers["x-instance-requests"], "1");
    assert.equal(mw.pool.stats.created, 2);
    assert.equal(mw.logs.filter((l) => l.message === "instance started").length, 2);
  });
});

test("each build has its own pool: two loads of one module share no instance, and gc on one leaves the other", async () => {
  await withShim(async (urlA, a) => {
    await withShim(async (urlB, b) => {
      const served = async (url: string) => (await send(url)).headers["x-instance-requests"];
      assert.equal(await served(urlA), "1");
      await untilIdle(a);
      assert.equal(await served(urlA), "2");
      assert.equal(await served(urlB), "1", "b serves with its own eager instance, not a's warm one");
      await untilIdle(a);
      await untilIdle(b);
      await a.gc();
      assert.equal(a.pool.idleCount, 0);
      assert.equal(b.pool.idleCount, 1);
      assert.equal(await served(urlB), "2", "b's instance survived a's gc");
      assert.equal(await served(urlA), "1", "a started a fresh instance");
      assert.deepEqual([a.pool.stats.created, b.pool.stats.created], [2, 1]);
      const starts = (mw: Middleware) => mw.logs.filter((l) => l.message === "instance started").length;
      assert.deepEqual([starts(a), starts(b)], [2, 1]);
    });
  });
});

test("closing while an instance is starting stops it too; one in use when close began is stopped once", async () => {
  const mw = await loadMiddleware(probe);
  const busy = await mw.pool.acquire();
  const starting = assert.rejects(mw.pool.acquire(), /the middleware is closed/); // none idle: a second one starts
  const closing = mw.close();
  mw.pool.release(busy); // its request ends while the pool closes: stopping it again must not lose close's wait
  await closing;
  await starting;
  await assert.rejects(mw.pool.acquire(), /the middleware is closed/);
  assert.equal(mw.pool.idleCount, 0, "an instance released after close is not pooled");
});

test("random-drop mode can discard every instance after use", async () => {
  await withShim(async (url, mw) => {
    for (let i = 0; i < 3; i++) assert.equal((await send(url)).headers["x-instance-requests"], "1");
    assert.equal(mw.pool.stats.dropped, 3);
  }, { poolDrop: 1 });
});

test("a trap in handle_request answers 500 with wazero's error text, and the instance goes back to the pool", async () => {
  await withShim(async (url, mw) => {
    const trapped = await send(url, probeHeader("trap"));
    assert.equal(trapped.status, 500);
    assert.match(trapped.body.toString(), /^wasm error: unreachable\nwasm stack trace:/);
    assert.equal((await send(url)).headers["x-instance-requests"], "2");
    assert.equal(mw.pool.stats.created, 1);
  });
});

test("thousands of deep traps leave the pooled instance healthy, thanks to the shadow-stack reset", async () => {
  await withShim(async (url, mw) => {
    for (let i = 0; i < 2000; i++) assert.equal((await send(url, probeHeader("deep-trap"))).status, 500);
    const healthy = await send(url);
    assert.equal(healthy.status, 200);
    assert.equal(healthy.headers["x-instance-requests"], "2001");
    assert.equal(mw.pool.stats.created, 1);
  });
});

test("the guest's abort handler logs the message and location at error level, then traps", async () => {
  await withShim(async (url, mw) => {
    const reply = await send(url, probeHeader("abort"));
    assert.equal(reply.status, 500);
    const aborts = mw.logs.filter((l) => l.level === "error");
    assert.equal(aborts.length, 1);
    assert.match(aborts[0].message, /^abort: config: key "clientID" is required at test\/fixtures\/guests\/pool_probe\.ts:\d+:\d+$/);
  });
});

test("a guest that reads the request body and writes it back forwards it intact", async () => {
  await withShim(async (url) => {
    const body = Buffer.from(Array.from({ length: 50_000 }, (_, i) => i % 251));
    const reply = await send(url, { method: "PUT", body, headers: { "x-probe": "echo-body" } });
    const seen = JSON.parse(reply.body.toString());
    assert.deepEqual(Buffer.from(seen.body, "base64"), body);
  });
});

test("a chunked request hides Transfer-Encoding from the guest, and its body still reaches the backend intact", async () => {
  // The TCK guest (test/fixtures/guests/tck.ts) logs what get_header_names and get_header_values return, then calls next.
  await withGuest(await compileGuest("tck"), async (url, mw) => {
    const chunks = [Buffer.from("first,"), Buffer.from(Array.from({ length: 40_000 }, (_, i) => i % 253)), Buffer.from(",last")];
    const reply = await sendChunked(url, ["names 0 4096", "values 0 transfer-encoding 8", "next"], chunks);
    assert.equal(reply.status, 200);
    const names = headerNamesReported(mw, "names 0 4096");
    assert.ok(names.includes("host") && names.includes("x-tck"), `names the guest saw: ${names}`);
    assert.ok(!names.includes("transfer-encoding"), `names the guest saw: ${names}`);
    assert.ok(!names.includes("content-length"), "the request really was chunked");
    assert.deepEqual(reported(mw, "values 0 transfer-encoding 8"), ["0 0 ########"]);
    assert.deepEqual(Buffer.from(JSON.parse(reply.body.toString()).body, "base64"), Buffer.concat(chunks));
  });
});

test("a trap in handle_response answers 500 while nothing was sent", async () => {
  await withShim(async (url) => {
    const reply = await send(url, probeHeader("trap-response-buffered"));
    assert.equal(reply.status, 500);
    assert.equal(reply.body.toString(), "Internal Server Error");
  });
});

test("a trap in handle_response after the response started aborts the connection", async () => {
  await withShim(async (url) => {
    await assert.rejects(send(url, probeHeader("trap-response")));
  });
});

test("a failing next handler reaches handle_response as isError", async () => {
  const failing: Next = async () => { throw new Error("backend exploded"); };
  await withShim(async (url, mw) => {
    assert.equal((await send(url)).status, 500);
    assert.ok(mw.logs.some((l) => l.message === "next failed"));
  }, {}, failing);
});

test("a guest response without next is sent as written", async () => {
  await withShim(async (url) => {
    const reply = await send(url, probeHeader("respond"));
    assert.equal(reply.status, 418);
    assert.equal(reply.body.toString(), "short and stout");
  });
});

test("reqCtx<<32|0 skips next and leaks the instance, as host-go does", async () => {
  await withShim(async (url, mw) => {
    const reply = await send(url, probeHeader("leak"));
    assert.equal(reply.status, 200);
    assert.equal(reply.headers["x-backend"], undefined);
    assert.equal(mw.pool.stats.leaked, 1);
    assert.equal((await send(url)).headers["x-instance-requests"], "1");
  });
});

test("proc_exit on the wazero path closes the instance, which keeps failing in the pool", async () => {
  await withShim(async (url) => {
    const exited = await send(url, probeHeader("exit"));
    assert.equal(exited.status, 500);
    assert.equal(exited.body.toString(), "module closed with exit_code(3)");
    const after = await send(url);
    assert.equal(after.status, 500);
    assert.equal(after.body.toString(), "module closed with exit_code(3)");
  });
});

test("a failed instantiation after the build breaks the middleware for good", async () => {
  const gate = openGate();
  const held: Next = async () => {
    await gate.opened;
    return { status: 200, headers: [], body: Readable.from([Buffer.from("ok")]) };
  };
  await withShim(async (url) => {
    const first = send(url);
    await until(() => gate.waiting === 1);
    const second = await send(url);
    assert.equal(second.status, 500);
    assert.match(second.body.toString(), /wasm: error instantiating guest: injected fault in instance 2/);
    gate.open();
    assert.equal((await first).status, 200);
    assert.equal((await send(url)).status, 500);
  }, { failInstantiation: (n: number) => n === 2 }, async (req) => { gate.waiting++; return held(req); });
});

test("a module without the required exports fails the build with host-go's text", async () => {
  const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  await assert.rejects(loadMiddleware(empty), (err: Error) =>
    err instanceof BuildError &&
    err.message === "building Wasm middleware: creating middleware: wasm: guest doesn't export func[handle_request]");
});

/** sendChunked PUTs chunks with Transfer-Encoding: chunked (no Content-Length) and one x-tck header per command. */
function sendChunked(url: string, tck: string[], chunks: Buffer[]): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "PUT", agent: false, headers: { "transfer-encoding": "chunked", "x-tck": tck } }, (res) => {
      const body: Buffer[] = [];
      res.on("data", (c: Buffer) => body.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(body) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    for (const chunk of chunks.slice(0, -1)) req.write(chunk);
    req.end(chunks.at(-1));
  });
}

/** reported is what the TCK guest logged for a command: "<result> <raw buffer>". */
function reported(mw: Middleware, command: string): string[] {
  const prefix = `${command} => `;
  return mw.logs.filter((l) => l.message.startsWith(prefix)).map((l) => l.message.slice(prefix.length));
}

/** headerNamesReported decodes a TCK `names` report, "<count> <len> <NUL-terminated names>…", into the names. */
function headerNamesReported(mw: Middleware, command: string): string[] {
  const [report] = reported(mw, command);
  const [count, len] = report.split(" ", 2).map(Number);
  const raw = report.slice(`${count} ${len} `.length, `${count} ${len} `.length + len);
  const names = raw.split("\0").slice(0, -1);
  assert.equal(names.length, count);
  return names;
}

function openGate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => { open = r; });
  return { opened, open, waiting: 0 };
}

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met before the deadline");
    await new Promise((r) => setTimeout(r, 5));
  }
}
