// The two WASI personalities Traefik serves, chosen by the guest's imports (traefik-wasm-host.md §4.2, §5.1).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BuildError, loadMiddleware, type LoadOptions, type Middleware } from "../../host-shim/index.js";
import { compileGuest, compileWat } from "../support/guests.js";
import { send, serveMiddleware, type Reply } from "../support/http.js";

let plain: Uint8Array<ArrayBuffer>;
let sockets: Uint8Array<ArrayBuffer>;
let stdioArgs: Uint8Array<ArrayBuffer>;
let stdioArgsSockets: Uint8Array<ArrayBuffer>;
before(async () => {
  plain = await compileGuest("wasi_probe");
  sockets = await compileGuest("wasi_probe_sockets");
  stdioArgs = await compileWat(stdioArgsWat(false));
  stdioArgsSockets = await compileWat(stdioArgsWat(true));
});

// A guest whose handle_request writes "out\n" to fd 1 and "err\n" to fd 2, then logs its whole argv buffer
// (every argument, each NUL-terminated). One socket import switches it to wasi-go (§5.1).
function stdioArgsWat(withSocketImport: boolean): string {
  return `(module
    (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
    ${withSocketImport ? '(import "wasi_snapshot_preview1" "sock_open" (func (param i32 i32 i32) (result i32)))' : ""}
    (import "http_handler" "log" (func $log (param i32 i32 i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "out\\n")
    (data (i32.const 24) "err\\n")
    (func $write (param $fd i32) (param $at i32)
      (i32.store (i32.const 0) (local.get $at))
      (i32.store (i32.const 4) (i32.const 4))
      (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
    (func (export "handle_request") (result i64)
      (call $write (i32.const 1) (i32.const 16))
      (call $write (i32.const 2) (i32.const 24))
      (drop (call $args_sizes_get (i32.const 32) (i32.const 36)))
      (drop (call $args_get (i32.const 64) (i32.const 128)))
      (call $log (i32.const 0) (i32.const 128) (i32.load (i32.const 36)))
      (i64.const 0))
    (func (export "handle_response") (param i32 i32)))`;
}

async function probeTwice(wasm: Uint8Array<ArrayBuffer>, options: LoadOptions = {}): Promise<{ mw: Middleware; replies: Reply[] }> {
  const mw = await loadMiddleware(wasm, { poolDrop: 1, ...options });
  const server = await serveMiddleware(mw, "http://127.0.0.1:9");
  try {
    const replies = [await send(server.url), await send(server.url)];
    return { mw, replies };
  } finally {
    await server.close();
    await mw.close();
  }
}

test("without socket imports the guest gets wazero's WASI", async () => {
  const { mw } = await probeTwice(plain);
  assert.equal(mw.personality, "wazero");
});

test("wazero: the monotonic clock is fake, 0 then +1 ms per read, restarting with every instance", async () => {
  const { replies } = await probeTwice(plain);
  for (const r of replies) assert.equal(r.headers["x-monotonic"], "0,1000000");
});

test("wazero: random bytes repeat identically in every new instance", async () => {
  const { replies } = await probeTwice(plain);
  assert.equal(replies[0].headers["x-random"], replies[1].headers["x-random"]);
});

test("wazero: a clock subscription returns at once and the wall clock is real", async () => {
  const { replies } = await probeTwice(plain);
  // Two monotonic reads around the poll: the fake clock moves 1 ms, whatever the 50 ms asked for.
  assert.equal(replies[0].headers["x-sleep-ns"], "1000000");
  assert.ok(Math.abs(Number(replies[0].headers["x-walltime-ms"]) - Date.now()) < 60_000);
});

test("wazero: stdout and stderr are discarded by Traefik, and each captured by the shim", async () => {
  assert.match((await probeTwice(plain)).mw.stdio.stdout, /probe says hi/);
  assert.deepEqual((await probeTwice(stdioArgs)).mw.stdio, { stdout: "out\nout\n", stderr: "err\nerr\n" });
});

test("settings.envs reach the guest as NAME=value, empty when unset", async () => {
  const env = { OIDC_TEST_VALUE: "forty-two" };
  for (const wasm of [plain, sockets]) {
    const { replies } = await probeTwice(wasm, { settings: { envs: ["OIDC_TEST_VALUE", "OIDC_TEST_UNSET"] }, env });
    assert.equal(replies[0].headers["x-env"], "OIDC_TEST_VALUE=forty-two;OIDC_TEST_UNSET=");
  }
});

test("a socket import switches the guest to wasi-go's WASI", async () => {
  const { mw } = await probeTwice(sockets);
  assert.equal(mw.personality, "wasi-go");
});

test("wasi-go: clocks are real and shared by instances, random differs per instance, sleeps are real", async () => {
  const { replies } = await probeTwice(sockets);
  const [a1, a2] = String(replies[0].headers["x-monotonic"]).split(",").map(BigInt);
  const [b1] = String(replies[1].headers["x-monotonic"]).split(",").map(BigInt);
  assert.ok(a1 > 0n && a2 >= a1 && b1 > a2, "one process-wide monotonic clock");
  assert.notEqual(replies[0].headers["x-random"], replies[1].headers["x-random"]);
  assert.ok(BigInt(String(replies[0].headers["x-sleep-ns"])) >= 45_000_000n, "the 50 ms poll really waited");
});

test("settings.mounts are preopened from fd 3: wazero maps host:guest paths, :ro accepted", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mount-"));
  const { replies } = await probeTwice(plain, { settings: { mounts: [dir, `${dir}:/data:ro`] } });
  assert.equal(replies[0].headers["x-preopens"], `3=${dir};4=/data`);
});

test("wasi-go refuses a mount whose guest path differs, as a build error", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mount-"));
  await assert.rejects(loadMiddleware(sockets, { settings: { mounts: [`${dir}:/data`] } }), (err: Error) =>
    err instanceof BuildError && err.message ===
      `building Wasm middleware: instantiating host module: virtual filesystems are not supported (cannot mount ${dir} as /data)`);
  const { replies } = await probeTwice(sockets, { settings: { mounts: [dir] } });
  assert.equal(replies[0].headers["x-preopens"], `3=${dir}`);
});

test("a mount with more than host and guest parts is an invalid directory", async () => {
  await assert.rejects(loadMiddleware(plain, { settings: { mounts: ["/a:/b:/c"] } }), /invalid directory "\/a:\/b:\/c"/);
});

test("args: none on the wazero path, wasi-go's single program name wasirun-wasm-module with sockets", async () => {
  assert.equal((await probeTwice(plain)).replies[0].headers["x-args"], "0");
  assert.equal((await probeTwice(sockets)).replies[0].headers["x-args"], "1");
  const argv = async (wasm: Uint8Array<ArrayBuffer>) => (await probeTwice(wasm)).mw.logs.map((l) => l.message);
  assert.deepEqual(await argv(stdioArgs), ["", ""]);
  assert.deepEqual(await argv(stdioArgsSockets), ["wasirun-wasm-module\0", "wasirun-wasm-module\0"]);
});

test("wasi-go: proc_exit fails the request but leaves the instance usable", async () => {
  const mw = await loadMiddleware(sockets);
  const server = await serveMiddleware(mw, "http://127.0.0.1:9");
  try {
    const exited = await send(server.url, { headers: { "x-exit": "1" } });
    assert.equal(exited.status, 500);
    assert.equal(exited.body.toString(), "module closed with exit_code(3)");
    assert.equal((await send(server.url)).status, 200);
    assert.equal(mw.pool.stats.created, 1);
  } finally {
    await server.close();
    await mw.close();
  }
});
