// Guest-memory edge cases of the http_handler host (traefik-wasm-host.md §3.1), through a hand-made WAT guest
// that forwards raw pointers and lengths to each import, so a test can pass what no compiled guest would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileWat } from "../support/guests.js";
import { FakeIo, VIEW, WASI_STUBS } from "../support/tck_harness.js";
import { httpHandlerImports, type HttpHandlerHost } from "../../host-shim/abi/http_handler.js";
import { RequestState } from "../../host-shim/abi/request_state.js";

// name, parameter count, result type
const IMPORTS: [string, number, "i32" | "i64" | ""][] = [
  ["enable_features", 1, "i32"], ["get_config", 2, "i32"], ["log_enabled", 1, "i32"], ["log", 3, ""],
  ["get_method", 2, "i32"], ["set_method", 2, ""], ["get_uri", 2, "i32"], ["set_uri", 2, ""],
  ["get_protocol_version", 2, "i32"], ["get_source_addr", 2, "i32"], ["get_header_names", 3, "i64"],
  ["get_header_values", 5, "i64"], ["set_header_value", 5, ""], ["add_header_value", 5, ""], ["remove_header", 3, ""],
  ["read_body", 3, "i64"], ["write_body", 3, ""], ["get_status_code", 0, "i32"], ["set_status_code", 1, ""],
];

function forwardingGuest(): string {
  const sig = (n: number, r: string) => `${n ? `(param${" i32".repeat(n)})` : ""} ${r ? `(result ${r})` : ""}`;
  const imports = IMPORTS.map(([name, n, r]) => `(import "http_handler" "${name}" (func $${name} ${sig(n, r)}))`);
  const forwards = IMPORTS.map(([name, n, r]) =>
    `(func (export "${name}") ${sig(n, r)} ${[...Array(n).keys()].map((i) => `local.get ${i}`).join(" ")} call $${name})`);
  return `(module ${imports.join("\n")}
    (memory (export "memory") 1)
    (func (export "handle_request") (result i64) i64.const 0)
    (func (export "handle_response") (param i32 i32))
    ${forwards.join("\n")})`;
}

const guest = compileWat(forwardingGuest()).then((bytes) => WebAssembly.compile(bytes));
const PAGE = 65536;

type Call = (...args: number[]) => any;

async function instance(io = new FakeIo()) {
  let memory: WebAssembly.Memory | undefined;
  const host: HttpHandlerHost = {
    memory: () => memory!, config: Buffer.from("abc"), request: null, features: 0, log: () => {},
  };
  const inst = await WebAssembly.instantiate(await guest, {
    http_handler: httpHandlerImports(host), wasi_snapshot_preview1: WASI_STUBS,
  });
  memory = inst.exports.memory as WebAssembly.Memory;
  host.request = new RequestState(VIEW, 0, io);
  const put = (at: number, text: string) => new Uint8Array(memory!.buffer).set(Buffer.from(text), at);
  const bytes = (at: number, n: number) => Buffer.from(new Uint8Array(memory!.buffer, at, n)).toString("latin1");
  return { host, memory, call: inst.exports as unknown as Record<string, Call>, put, bytes };
}

test("string getters ignore a destination out of memory range, write nothing and still return the length", async () => {
  const { call, bytes } = await instance();
  assert.equal(call.get_config!(PAGE - 1, 10), 3);
  assert.equal(call.get_method!(PAGE - 2, 10), 3);
  assert.equal(call.get_uri!(PAGE + 100, 100), 9);
  assert.equal(call.get_protocol_version!(-1, 100), 8);
  assert.equal(call.get_source_addr!(PAGE - 14, 100), 15);
  assert.equal(bytes(PAGE - 14, 14), "\0".repeat(14));
});

test("multi-value functions trap with \"out of memory\" only when they would write out of range", async () => {
  const { call, put } = await instance();
  assert.throws(() => call.get_header_names!(0, PAGE - 4, 100), { message: "out of memory" });
  assert.equal(typeof call.get_header_names!(0, PAGE - 4, 1), "bigint", "nothing to write: no trap");
  put(0, "accept");
  assert.throws(() => call.get_header_values!(0, 0, 6, PAGE - 4, 100), { message: "out of memory" });
});

test("inputs out of memory range trap with host-go's field names", async () => {
  const { call, put } = await instance(new FakeIo("body"));
  put(0, "x");
  const cases: [string, () => unknown][] = [
    ["out of memory reading name", () => call.get_header_values!(0, PAGE - 1, 2, 0, 0)],
    ["out of memory reading name", () => call.remove_header!(1, PAGE, 1)],
    ["out of memory reading value", () => call.set_header_value!(1, 0, 1, PAGE - 1, 5)],
    ["out of memory reading method", () => call.set_method!(PAGE - 1, 4)],
    ["out of memory reading uri", () => call.set_uri!(PAGE - 1, 4)],
    ["out of memory reading message", () => call.log!(0, PAGE - 1, 4)],
    ["out of memory reading body", () => call.write_body!(1, PAGE - 1, 4)],
    ["out of memory reading body", () => call.read_body!(0, PAGE - 1, 4)],
  ];
  for (const [message, fn] of cases) assert.throws(fn, { message });
});

test("a zero length reads no memory, whatever the pointer", async () => {
  const { call, host, put } = await instance();
  put(0, "x");
  call.set_header_value!(1, 0, 1, -1, 0);
  call.write_body!(0, -1, 0);
  call.set_uri!(-1, 0);
  assert.deepEqual(host.request!.responseHeaders.values("x"), [""]);
  assert.equal(host.request!.uri, "/");
  assert.deepEqual(host.request!.requestBodyWritten, []);
});

test("write_body creates its writer before reading memory, as host-go does", async () => {
  const { call, host } = await instance();
  assert.throws(() => call.write_body!(0, PAGE, 4), { message: "out of memory reading body" });
  assert.deepEqual(host.request!.requestBodyWritten, [], "r.Body was already replaced");
});

test("i64 results are count<<32|len and eof<<32|n", async () => {
  const { call } = await instance(new FakeIo("hi"));
  assert.equal(call.get_header_names!(0, 0, 0), (3n << 32n) | 28n); // accept, host, x-forwarded-for
  assert.equal(call.read_body!(0, 0, 10), (1n << 32n) | 2n);
});

test("offsets and limits are unsigned, and memory is re-read after it grows", async () => {
  const { call, memory, bytes } = await instance();
  assert.equal(call.get_method!(0, -1), 3, "buf_limit -1 is 4294967295");
  assert.equal(bytes(0, 3), "GET");
  memory.grow(1);
  assert.equal(call.get_method!(PAGE + 8, 3), 3);
  assert.equal(bytes(PAGE + 8, 3), "GET");
});
