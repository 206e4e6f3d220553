// The instance pool and request flow, reproduced from host-go and Traefik (traefik-wasm-host.md §2.4–§2.7, §7.1).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { BuildError, loadMiddleware, type Middleware, type Next } from "../../host-shim/index.js";
import { compileGuest } from "../support/guests.js";
import { echoBackend, send, serveMiddleware, type Running } from "../support/http.js";

let backend: Running;
let probe: Uint8Array<ArrayBuffer>;

before(async () => {
  backend = await echoBackend();
  probe = await compileGuest("pool_probe");
});
after(() => backend.close());

async function withShim(fn: (url: string, mw: Middleware) => Promise<void>, options = {}, next?: Next): Promise<void> {
  const mw = await loadMiddleware(probe, options);
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
