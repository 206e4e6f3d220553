// Conformance of the http_handler host with Traefik's (host-go v0.7.0), driven by the TCK guest. Each test plays
// x-tck commands (see test/fixtures/guests/tck.ts) and checks the guest's reports, the traps and the RequestState.
import { test } from "node:test";
import assert from "node:assert/strict";
import { levelName, logDropped } from "../../host-shim/abi/http_handler.js";
import { FakeIo, nulList, result, results, runTck, trapOf, type Scenario } from "../support/tck_harness.js";

const concat = (chunks: Uint8Array[] | null) => (chunks ? Buffer.concat(chunks).toString() : null);
const trap = async (s: Scenario) => trapOf(await runTck(s));

test("getters return the full length and write only when the value fits buf_limit", async () => {
  const run = await runTck({ config: "abc", tck: ["method 2", "method 3", "method 0", "config 2", "config 6"] });
  assert.equal(result(run, "method 2"), "3 ##");
  assert.equal(result(run, "method 3"), "3 GET");
  assert.equal(result(run, "method 0"), "3 ");
  assert.equal(result(run, "config 2"), "3 ##");
  assert.equal(result(run, "config 6"), "3 abc###");
});

test("an empty value has length 0 and writes nothing", async () => {
  const run = await runTck({ request: { sourceAddr: "" }, tck: ["config 4", "source 4"] });
  assert.equal(result(run, "config 4"), "0 ####");
  assert.equal(result(run, "source 4"), "0 ####");
});

test("get_method, get_uri, get_protocol_version and get_source_addr report the request", async () => {
  const run = await runTck({ tck: ["uri 9", "proto 8", "source 15"] });
  assert.equal(result(run, "uri 9"), "9 /path?q=1");
  assert.equal(result(run, "proto 8"), "8 HTTP/1.1");
  assert.equal(result(run, "source 15"), "15 192.0.2.1:51234");
  assert.equal(await trap({ request: { proto: "" }, tck: ["proto 8"] }), "HTTP protocol version cannot be empty");
});

test("multi-value results pack count<<32|len with a NUL after each value", async () => {
  const headers: [string, string][] = [["X-Multi", "a"], ["x-multi", "bc"]];
  const run = await runTck({ request: { headers }, tck: ["values 0 x-multi 5", "values 0 X-MULTI 4", "values 0 x-none 4"] });
  assert.equal(result(run, "values 0 x-multi 5"), "2 5 a\0bc\0");
  assert.equal(result(run, "values 0 X-MULTI 4"), "2 5 ####");
  assert.equal(result(run, "values 0 x-none 4"), "0 0 ####");
});

test("request header names are lowercased, sorted, each once, with host added from r.Host", async () => {
  const names = nulList(["accept", "host", "x-forwarded-for", "x-tck"]);
  const run = await runTck({ tck: [`names 0 ${names.length}`, "names 0 3"] });
  assert.equal(result(run, `names 0 ${names.length}`), `4 ${names.length} ${names}`);
  assert.equal(result(run, "names 0 3"), `4 ${names.length} ###`);
});

test("names are sorted by Go's canonical key, then lowercased", async () => {
  const names = nulList(["a-b", "a-_x", "host", "x-tck"]); // canonical A-B < A-_x, though a-_x < a-b
  const run = await runTck({ request: { headers: [["a-_x", "1"], ["a-b", "2"]] }, tck: [`names 0 ${names.length}`] });
  assert.equal(result(run, `names 0 ${names.length}`), `4 ${names.length} ${names}`);
});

test("request host is exactly r.Host, even after a Host header was set (which then lists twice)", async () => {
  const names = nulList(["accept", "host", "host", "x-forwarded-for", "x-tck"]);
  const run = await runTck({ tck: ["set 0 Host other.example", "values 0 HOST 12", `names 0 ${names.length}`] });
  assert.equal(result(run, "values 0 HOST 12"), "1 12 example.com\0");
  assert.equal(result(run, `names 0 ${names.length}`), `5 ${names.length} ${names}`);
  assert.deepEqual(run.state!.requestHeaders.values("host"), ["other.example"]);
});

test("with an empty r.Host, host is not listed but still has one empty value", async () => {
  const names = nulList(["accept", "x-forwarded-for", "x-tck"]);
  const run = await runTck({ request: { host: "" }, tck: ["values 0 host 1", `names 0 ${names.length}`] });
  assert.equal(result(run, "values 0 host 1"), "1 1 \0");
  assert.equal(result(run, `names 0 ${names.length}`), `3 ${names.length} ${names}`);
});

test("set replaces, add appends, remove deletes, case-insensitively; an empty value is allowed", async () => {
  const run = await runTck({
    tck: ["set 0 X-A 1", "add 0 x-a 2", "values 0 X-A 4", "remove 0 x-A", "values 0 x-a 4", "set 0 x-e ~",
      "set 1 Content-Type text/plain", "add 1 set-cookie a=1", "add 1 Set-Cookie b=2", "values 1 set-cookie 8",
      "names 1 24"],
  });
  assert.deepEqual(results(run, "values 0 X-A 4"), ["2 4 1\x002\0"]);
  assert.equal(result(run, "values 0 x-a 4"), "0 0 ####");
  assert.deepEqual(run.state!.requestHeaders.values("X-E"), [""]);
  assert.equal(result(run, "values 1 set-cookie 8"), "2 8 a=1\0b=2\0");
  assert.equal(result(run, "names 1 24"), "2 24 content-type\0set-cookie\0");
});

test("both trailer kinds edit the response map under the Trailer: prefix, and add replaces", async () => {
  const run = await runTck({
    tck: ["add 2 X-T a", "add 3 X-T b", "values 2 X-T 2", "names 3 4", "names 1 4", "values 3 x-t 2",
      "remove 2 X-T", "values 3 X-T 2"],
  });
  assert.equal(result(run, "values 2 X-T 2"), "1 2 b\0");
  assert.equal(result(run, "names 3 4"), "1 4 x-t\0");
  assert.equal(result(run, "names 1 4"), "0 0 ####");
  assert.equal(result(run, "values 3 x-t 2"), "0 0 ##", "Go leaves Trailer: keys uncanonicalized");
  assert.deepEqual(results(run, "values 3 X-T 2"), ["0 0 ##"]);
  assert.equal(run.state!.requestHeaders.keys().some((k) => k.startsWith("Trailer:")), false);
});

test("a Trailer: key in the request map leaves an empty request header name (host-go quirk)", async () => {
  const names = nulList(["", "accept", "host", "x-forwarded-for", "x-tck"]);
  const run = await runTck({ tck: ["set 0 Trailer:x v", `names 0 ${names.length}`] });
  assert.equal(result(run, `names 0 ${names.length}`), `5 ${names.length} ${names}`);
});

test("header and body kinds out of range trap with Go's text", async () => {
  assert.equal(await trap({ tck: ["names 4 10"] }), "unsupported header kind: 4");
  assert.equal(await trap({ tck: ["values -1 x 10"] }), "unsupported header kind: 4294967295");
  assert.equal(await trap({ tck: ["set 7 x y"] }), "unsupported header kind: 7");
  assert.equal(await trap({ tck: ["read 2 4"] }), "unsupported body kind: 2");
  assert.equal(await trap({ tck: ["write -1 x"] }), "unsupported body kind: 4294967295");
});

test("an empty header name or method traps with \"cannot be empty\", before the kind is checked", async () => {
  assert.equal(await trap({ tck: ["values 0 ~ 10"] }), "HTTP header name cannot be empty");
  assert.equal(await trap({ tck: ["set 9 ~ v"] }), "HTTP header name cannot be empty");
  assert.equal(await trap({ tck: ["remove 1 ~"] }), "HTTP header name cannot be empty");
  assert.equal(await trap({ tck: ["set_method ~"] }), "HTTP method cannot be empty");
});

test("set_method replaces the method", async () => {
  const run = await runTck({ tck: ["set_method PATCH", "method 5"] });
  assert.equal(result(run, "method 5"), "5 PATCH");
  assert.equal(run.state!.method, "PATCH");
});

test("enable_features ORs cumulatively and echoes any bit; in a request only that request changes", async () => {
  const run = await runTck({ config: "tck:features 1\nfeatures 8", tck: ["features 2", "features 2147483648"] });
  assert.equal(result(run, "features 1"), "1");
  assert.equal(result(run, "features 8"), "9");
  assert.equal(result(run, "features 2"), "11", "the request starts from the middleware-wide set");
  assert.equal(result(run, "features 2147483648"), "2147483659");
  assert.equal(run.state!.features, 2147483659);
  assert.equal(run.host.features, 9);
});

test("log_enabled is always 1 and log passes the raw level and message", async () => {
  const run = await runTck({ tck: ["log_enabled -1", "log_enabled 99", "log -1 debug\\sline", "log 6 dropped", "log 0 ~"] });
  assert.equal(result(run, "log_enabled -1"), "1");
  assert.equal(result(run, "log_enabled 99"), "1");
  const guestLines = run.logs.filter(([, m]) => !m.includes(" => "));
  assert.deepEqual(guestLines, [[-1, "debug line"], [6, "dropped"], [0, ""]]);
});

test("levelName maps ABI levels to the zerolog levels Traefik logs at", () => {
  const expected: [number, string][] = [[-3, "trace"], [-2, "trace"], [-1, "debug"], [0, "info"], [1, "warn"],
    [2, "error"], [3, "fatal"], [4, "panic"], [5, ""], [6, "disabled"], [7, "8"], [255, "debug"]];
  assert.deepEqual(expected.map(([level]) => [level, levelName(level)]), expected);
  assert.deepEqual([5, 6, 7].map(logDropped), [false, true, false]);
});

test("handle_response receives reqCtx and isError", async () => {
  const run = await runTck({ tck: ["next 7"], downstream: { isError: true } });
  assert.equal(result(run, "handle_response"), "7 1");
});

test("read_body fills the buffer until buf_limit or EOF, and sets the eof bit with the last bytes", async () => {
  const io = new FakeIo("hello world", 3);
  const run = await runTck({ io, tck: ["read 0 4", "read 0 100"] });
  assert.equal(result(run, "read 0 4"), "0 4 hell");
  assert.equal(result(run, "read 0 100"), "1 7 o world");
  assert.deepEqual(io.reads, [4, 1, 100, 97, 94]);
  assert.equal(run.state!.requestBodyReader, "original");
});

test("read_body traps on buf_limit 0 and on a failed read", async () => {
  assert.equal(await trap({ tck: ["read 0 0"] }), "buf_limit==0 reading body");
  const io = new FakeIo("", Infinity, "connection reset");
  assert.equal(await trap({ io, tck: ["read 0 4"] }), "error reading body: connection reset");
});

test("write_body(request) replaces the body: the first call creates it empty, later calls append", async () => {
  assert.deepEqual((await runTck({ tck: ["write 0 ~"] })).state!.requestBodyWritten, []);
  const run = await runTck({ tck: ["write 0 ab", "write 0 cd"] });
  assert.equal(concat(run.state!.requestBodyWritten), "abcd");
  assert.deepEqual(run.io.reads, []);
});

test("read_body(request) after write_body(request) drains the written buffer, as Go's bytes.Buffer", async () => {
  const run = await runTck({ tck: ["write 0 xyz", "read 0 2", "read 0 5"] });
  assert.equal(result(run, "read 0 2"), "0 2 xy");
  assert.equal(result(run, "read 0 5"), "1 1 z");
  assert.deepEqual(run.io.reads, []);
});
