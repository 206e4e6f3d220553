// The module checks: Traefik's export and import rules as the shim applies them, and the stricter build rule
// `make build` applies to plugin.wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkExports, checkImports, checkPlugin, detectSocketExtension, readSignature } from "../../host-shim/abi/module_check.js";
import { compileWat } from "../support/guests.js";

const EXPORTS = `
  (memory (export "memory") 1)
  (func (export "handle_request") (result i64) i64.const 1)
  (func (export "handle_response") (param i32 i32))`;
const SOCKET_IMPORT = `(import "wasi_snapshot_preview1" "sock_open" (func (param i32 i32 i32) (result i32)))`;

async function signatureOf(body: string) {
  return readSignature(await compileWat(`(module ${body})`));
}

test("plugin.wasm passes the build check", () => {
  assert.deepEqual(checkPlugin(readFileSync("plugin.wasm")), []);
});

test("the build check names an env import Traefik does not provide", async () => {
  const bytes = await compileWat(`(module (import "env" "abort" (func (param i32 i32 i32 i32))) ${SOCKET_IMPORT} ${EXPORTS})`);
  const problems = checkPlugin(bytes);
  assert.ok(problems.some((p) => p.includes("env.abort")), problems.join("\n"));
});

test("the build check refuses a module without the socket extension", async () => {
  const bytes = await compileWat(`(module ${EXPORTS})`);
  assert.deepEqual(checkPlugin(bytes), ["socket extension: expected a WasmEdge v2 socket import, found none"]);
});

test("the build command exits non-zero and names the offender", async () => {
  const dir = mkdtempSync(join(tmpdir(), "check-"));
  const path = join(dir, "bad.wasm");
  writeFileSync(path, await compileWat(`(module (import "env" "seed" (func (result f64))) ${SOCKET_IMPORT} ${EXPORTS})`));
  const run = spawnSync(process.execPath, ["build/js/host-shim/cli/check_plugin.js", path], { encoding: "utf8" });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /imports env\.seed/);
});

test("exports are checked in host-go's order with its exact texts", async () => {
  assert.equal(checkExports(await signatureOf(`(memory (export "memory") 1)`)),
    "wasm: guest doesn't export func[handle_request]");
  assert.equal(checkExports(await signatureOf(`(func (export "handle_request") (result i32) i32.const 0)`)),
    "wasm: guest exports the wrong signature for func[handle_request]. should be () -> (i64)");
  assert.equal(checkExports(await signatureOf(`(func (export "handle_request") (result i64) i64.const 0)`)),
    "wasm: guest doesn't export func[handle_response]");
  assert.equal(checkExports(await signatureOf(`(func (export "handle_request") (result i64) i64.const 0)
    (func (export "handle_response") (param i32))`)),
    "wasm: guest exports the wrong signature for func[handle_response]. should be (i32, 32) -> ()");
  assert.equal(checkExports(await signatureOf(`(func (export "handle_request") (result i64) i64.const 0)
    (func (export "handle_response") (param i32 i32))`)), "wasm: guest doesn't export memory[memory]");
  assert.equal(checkExports(await signatureOf(EXPORTS)), null);
});

test("imports resolve like wazero: unknown module, unknown function, signature mismatch", async () => {
  const env = await signatureOf(`(import "env" "abort" (func (param i32 i32 i32 i32))) ${EXPORTS}`);
  assert.equal(checkImports(env, "none"), "module[env] not instantiated");
  const missing = await signatureOf(`(import "http_handler" "get_body" (func)) ${EXPORTS}`);
  assert.equal(checkImports(missing, "none"), `"get_body" is not exported in module "http_handler"`);
  const mismatch = await signatureOf(`(import "http_handler" "log" (func (param i32 i32))) ${EXPORTS}`);
  assert.equal(checkImports(mismatch, "none"),
    "import func[http_handler.log]: signature mismatch: (i32,i32) -> () != (i32,i32,i32) -> ()");
});

test("socket functions exist only when the guest imports the extension", async () => {
  const sig = await signatureOf(`${SOCKET_IMPORT} ${EXPORTS}`);
  assert.equal(checkImports(sig, "v2"), null);
  assert.equal(checkImports(sig, "none"), `"sock_open" is not exported in module "wasi_snapshot_preview1"`);
});

test("socket-extension detection follows wasi-go's rule", async () => {
  assert.equal(detectSocketExtension(await signatureOf(EXPORTS)), "none");
  assert.equal(detectSocketExtension(await signatureOf(`${SOCKET_IMPORT} ${EXPORTS}`)), "v2");
  // The preview1 sock_accept (3 params), sock_recv and sock_send alone do not switch the extension on.
  assert.equal(detectSocketExtension(await signatureOf(`
    (import "wasi_snapshot_preview1" "sock_accept" (func (param i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "sock_recv" (func (param i32 i32 i32 i32 i32 i32) (result i32))) ${EXPORTS}`)), "none");
  assert.equal(detectSocketExtension(await signatureOf(`
    (import "wasi_snapshot_preview1" "sock_accept" (func (param i32 i32) (result i32))) ${EXPORTS}`)), "v1");
  assert.equal(detectSocketExtension(await signatureOf(`
    (import "wasi_snapshot_preview1" "sock_getlocaladdr" (func (param i32 i32 i32 i32) (result i32))) ${EXPORTS}`)), "v1");
});
