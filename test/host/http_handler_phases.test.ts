// The http_handler host's response side and phase rules (traefik-wasm-host.md §3.3-§3.5): buffered versus direct
// responses, status codes, URIs, and which calls trap before next, after next and during start.
import { test } from "node:test";
import assert from "node:assert/strict";
import { NOT_BUFFERING_RESPONSE } from "../../host-shim/abi/phase.js";
import { result, runTck, trapOf, type Scenario } from "../support/tck_harness.js";

const concat = (chunks: Uint8Array[] | null) => (chunks ? Buffer.concat(chunks).toString() : null);
const trap = async (s: Scenario) => trapOf(await runTck(s));
const BUFFER_RESPONSE_AT_START = "tck:features 2";

test("write_body(response) without buffering writes straight to the client after an implicit 200", async () => {
  const run = await runTck({ tck: ["set 1 Content-Type text/plain", "write 1 hi", "write 1 ~", "write 1 there"] });
  assert.deepEqual(run.io.commits, [{ status: 200, headers: [["content-type", "text/plain"]] }]);
  assert.deepEqual(run.io.writes, ["hi", "there"]);
  assert.equal(run.state!.committed, true);
  assert.equal(run.state!.responseBodyWritten, null);
});

test("set_status_code without buffering commits the headers set so far, once", async () => {
  const run = await runTck({ tck: ["set 1 X-A 1", "set_status 401", "set 1 X-B 2", "set_status 500", "write 1 no"] });
  assert.deepEqual(run.io.commits, [{ status: 401, headers: [["x-a", "1"]] }]);
  assert.deepEqual(run.io.writes, ["no"]);
  assert.equal(run.state!.statusCode, 401);
});

test("set_status_code without buffering traps on codes Go's WriteHeader rejects", async () => {
  assert.equal(await trap({ tck: ["set_status 42"] }), "invalid WriteHeader code 42");
  assert.equal(await trap({ tck: ["set_status 1000"] }), "invalid WriteHeader code 1000");
});

test("get_status_code traps without buffer_response, before and after next", async () => {
  assert.equal(await trap({ tck: ["status"] }), NOT_BUFFERING_RESPONSE);
  assert.equal(await trap({ tck: ["next", "resp:status"] }), NOT_BUFFERING_RESPONSE);
});

test("with buffer_response the status and body stay in the host; get_status_code defaults to 200", async () => {
  const run = await runTck({
    config: BUFFER_RESPONSE_AT_START,
    tck: ["status", "set_status 418", "set_status 7", "write 1 bo", "write 1 dy"],
  });
  assert.deepEqual(run.logs.filter(([, m]) => m.startsWith("status =>")).map(([, m]) => m), ["status => 200"]);
  assert.equal(run.state!.statusCode, 7, "buffered codes are stored as given");
  assert.equal(concat(run.state!.responseBodyWritten), "body");
  assert.deepEqual(run.io.commits, []);
});

test("read_body(response) reads a snapshot of the buffered downstream body, unaffected by writes", async () => {
  const run = await runTck({
    config: BUFFER_RESPONSE_AT_START,
    tck: ["next", "resp:status", "resp:read 1 4", "resp:write 1 new", "resp:read 1 100"],
    downstream: { status: 201, body: Buffer.from("hello world") },
  });
  assert.equal(result(run, "status"), "201");
  assert.equal(result(run, "read 1 4"), "0 4 hell");
  assert.equal(result(run, "read 1 100"), "1 7 o world");
  assert.equal(concat(run.state!.responseBodyWritten), "new");
});

test("read_body(response) without buffer_response traps: by type assertion before next, by phase after", async () => {
  assert.equal(await trap({ tck: ["read 1 4"] }), NOT_BUFFERING_RESPONSE);
  assert.equal(await trap({ tck: ["next", "resp:read 1 4"] }),
    "can't read response body after next handler unless buffer_response is enabled");
});

const AFTER_NEXT_TRAPS: [string, string][] = [
  ["set_method PUT", "can't set method after next handler"],
  ["set_uri /x", "can't set uri after next handler"],
  ["set 0 x v", "can't set request header after next handler"],
  ["add 2 x v", "can't add request trailer after next handler"],
  ["remove 0 x", "can't remove request header after next handler"],
  ["write 0 x", "can't write request body after next handler"],
  ["read 0 4", "can't read request body after next handler unless buffer_request is enabled"],
  ["set 1 x v", "can't set response header after next handler unless buffer_response is enabled"],
  ["add 3 x v", "can't add response trailer after next handler unless buffer_response is enabled"],
  ["remove 1 x", "can't remove response header after next handler unless buffer_response is enabled"],
  ["write 1 x", "can't write response body after next handler unless buffer_response is enabled"],
  ["set_status 200", "can't set status code after next handler unless buffer_response is enabled"],
];

for (const [command, message] of AFTER_NEXT_TRAPS) {
  test(`after next without features, ${command.split(" ")[0]} (${command}) traps: ${message}`, async () => {
    assert.equal(await trap({ tck: ["next", `resp:${command}`] }), message);
  });
}

test("after next, buffer_request and buffer_response make the response side and request reads legal", async () => {
  const legal = ["set 1 x v", "add 3 t v", "remove 1 x", "write 1 x", "set_status 202", "read 1 4", "read 0 4"];
  const run = await runTck({ config: "tck:features 3", tck: ["next", ...legal.map((c) => `resp:${c}`)] });
  assert.equal(run.error, undefined);
  assert.equal(result(run, "read 0 4"), "1 0 ", "the request body reader was closed before next");
  assert.equal(run.state!.statusCode, 202);
  for (const [command, message] of AFTER_NEXT_TRAPS.slice(0, 6)) {
    assert.equal(await trap({ config: "tck:features 3", tck: ["next", `resp:${command}`] }), message);
  }
});

test("after next, getters of the request and response stay legal", async () => {
  const getters = ["method 3", "uri 9", "proto 8", "source 15", "names 1 0", "values 0 accept 9", "config 0"];
  const run = await runTck({ tck: ["next", ...getters.map((c) => `resp:${c}`)] });
  assert.equal(run.error, undefined);
  assert.equal(result(run, "values 0 accept 9"), "1 10 #########");
});

test("during start only get_config, log, log_enabled and enable_features work", async () => {
  const config = "tck:config 4\nlog 1 hi\nlog_enabled 0\nfeatures 2";
  const run = await runTck({ config });
  assert.equal(run.error, undefined);
  assert.equal(result(run, "config 4"), `${config.length} ####`);
  assert.equal(run.host.features, 2);
  assert.equal(run.state!.features, 2, "the middleware-wide set applies to every later request");
});

const START_TRAPS: [string, string][] = [
  ["method 10", "*wasm.requestState"], ["uri 10", "*wasm.requestState"], ["proto 10", "*wasm.requestState"],
  ["source 10", "*wasm.requestState"], ["names 0 10", "*wasm.requestState"], ["values 1 x 10", "*wasm.requestState"],
  ["status", "*wasm.requestState"], ["set_method GET", "*handler.requestState"], ["set_uri /", "*handler.requestState"],
  ["set 1 x y", "*handler.requestState"], ["remove 0 x", "*handler.requestState"], ["read 0 4", "*handler.requestState"],
  ["write 1 x", "*handler.requestState"], ["set_status 200", "*handler.requestState"],
];

for (const [command, type] of START_TRAPS) {
  test(`during start, ${command} panics: there is no request (${type})`, async () => {
    const run = await runTck({ config: `tck:${command}` });
    assert.equal(trapOf(run), `interface conversion: interface {} is nil, not ${type}`);
    assert.equal(run.state, null);
  });
}

const VALID_URIS: [string, string][] = [
  ["/a%20b?x=1", "/a%20b?x=1"], ["/a\\sb", "/a%20b"], ["/p?", "/p?"], ["/a?b?c", "/a?b?c"], ["/a%2fb", "/a%2fb"],
  ["/a!b", "/a!b"], ["/%7Euser", "/%7Euser"], ["/café", "/caf%C3%A9"], ["http://h:80/x?y", "/x?y"],
  ["http://h", "/"], ["*", "*"], ["~", "/"],
];

// Header values reach the guest as bytes, the way a client sends UTF-8 and node:http hands it on (latin1 strings).
const asSentBytes = (text: string) => Buffer.from(text, "utf8").toString("latin1");

for (const [input, uri] of VALID_URIS) {
  test(`set_uri ${JSON.stringify(input)} sets the URI get_uri reports as ${JSON.stringify(uri)}`, async () => {
    const run = await runTck({ tck: [`set_uri ${asSentBytes(input)}`, `uri ${uri.length}`] });
    assert.equal(result(run, `uri ${uri.length}`), `${uri.length} ${uri}`);
    assert.equal(run.state!.uri, uri);
  });
}

const INVALID_URIS: [string, string][] = [
  ["nope", 'parse "nope": invalid URI for request'],
  ["/%zz", 'parse "/%zz": invalid URL escape "%zz"'],
  ["/a%2", 'parse "/a%2": invalid URL escape "%2"'],
  ["/a\\tb", 'parse "/a\\tb": net/url: invalid control character in URL'],
  [":x", 'parse ":x": missing protocol scheme'],
  ["http://h:x/", 'parse "http://h:x/": invalid port ":x" after host'],
  ["http://h\\sh/", 'parse "http://h h/": invalid character " " in host name'],
  ["http://[::1/", 'parse "http://[::1/": missing \']\' in host'],
];

for (const [input, message] of INVALID_URIS) {
  test(`set_uri ${JSON.stringify(input)} traps as url.ParseRequestURI fails: ${message}`, async () => {
    assert.equal(await trap({ tck: [`set_uri ${input}`] }), message);
  });
}
