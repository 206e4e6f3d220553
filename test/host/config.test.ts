// get_config bytes per provider. Expected strings are literal Go outputs: json.Marshal / strconv.FormatFloat were
// run on Go 1.19 (same as 1.22+ except \b and \f, see the escaping test), and the label/file expectations were
// produced by running a Go transcription of the paerser functions on yaml.v3-decoded documents.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { formatGoJsonFloat64, marshalGoJson, marshalGoJsonString } from "../../host-shim/config/go_json.js";
import { formatGoFloatFixed6 } from "../../host-shim/config/go_strconv.js";
import {
  configBytes, fromLabels, toLabels, type ConfigOptions, type Provider,
} from "../../host-shim/config/providers.js";
import { BuildError, loadMiddleware } from "../../host-shim/index.js";
import { compileWat } from "../support/guests.js";

const text = (provider: Provider, config: unknown, opts?: ConfigOptions): string =>
  new TextDecoder().decode(configBytes(provider, config, opts));
const P = "traefik.http.middlewares.m.plugin.demo";
const labelsJson = (labels: Record<string, string>): string => marshalGoJsonString(fromLabels(labels, "m", "demo"));

// ---- marshalGoJson ----------------------------------------------------------------------------------------

test("go json: map keys sorted by UTF-8 bytes at every level", () => {
  const value = {
    b: 1, A: ["x", -5n, 18446744073709551615n, 1.5, null, {}],
    a: { z: true, y: null, "é": "x", Z: "u", "🚀": 1, "\uffff": 2 },
  };
  // JS sort would put "🚀" (UTF-16 D83D…) before "\uffff"; Go byte order puts U+FFFF (EF BF BF) first.
  assert.equal(marshalGoJsonString(value),
    '{"A":["x",-5,18446744073709551615,1.5,null,{}],"a":{"Z":"u","y":null,"z":true,"é":"x","\uffff":2,"🚀":1},"b":1}');
  assert.equal(marshalGoJsonString(new Map<string, unknown>([["b", 1], ["a", new Map([["d", 2], ["c", 3]])]])),
    '{"a":{"c":3,"d":2},"b":1}');
});

test("go json: HTML characters escaped as \\u003c \\u003e \\u0026", () => {
  const out = marshalGoJsonString('<a href="x">&amp;</a>');
  assert.equal(out, '"\\u003ca href=\\"x\\"\\u003e\\u0026amp;\\u003c/a\\u003e"');
  assert.ok(out.includes("\\u003c"));
  assert.ok(!out.includes("<"));
});

test("go json: control characters, U+2028/2029, invalid UTF-16, raw non-ASCII", () => {
  assert.equal(marshalGoJsonString("tab\there\nnl\rcr\\"), '"tab\\there\\nnl\\rcr\\\\"');
  // Go >= 1.22 writes \b and \f (Go 1.19 printed \u0008 \u000c); DEL (0x7f) stays raw.
  assert.equal(marshalGoJsonString("\b\f\u0000\u0001\u001f\u007f"), '"\\b\\f\\u0000\\u0001\\u001f\u007f"');
  assert.equal(marshalGoJsonString("\u2028\u2029"), '"\\u2028\\u2029"');
  assert.equal(marshalGoJsonString("lone\ud800x\udc00"), '"lone\\ufffdx\\ufffd"');
  assert.deepEqual([...marshalGoJson("é🚀")], [0x22, 0xc3, 0xa9, 0xf0, 0x9f, 0x9a, 0x80, 0x22]);
});

test("go json: float64 formatting ('f' -1, 'e' below 1e-6 and from 1e21, e-0X trimmed)", () => {
  const cases: [number, string][] = [
    [0, "0"], [-0, "-0"], [1, "1"], [-1, "-1"], [0.1, "0.1"], [1.5, "1.5"], [100, "100"],
    [1e20, "100000000000000000000"], [1e21, "1e+21"], [1.5e21, "1.5e+21"],
    [123456789012345680000, "123456789012345680000"], [1e-6, "0.000001"], [0.000001234, "0.000001234"],
    [1e-7, "1e-7"], [1.5e-7, "1.5e-7"], [-2.5e-8, "-2.5e-8"], [1e-10, "1e-10"], [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"], [9007199254740993, "9007199254740992"],
    [1e22, "1e+22"], [1e23, "1e+23"], [0.30000000000000004, "0.30000000000000004"], [12345678.9, "12345678.9"],
    [1e100, "1e+100"], [2.5e-300, "2.5e-300"],
  ];
  for (const [f, want] of cases) assert.equal(formatGoJsonFloat64(f), want, String(f));
  assert.throws(() => marshalGoJson({ x: NaN }), /^Error: json: unsupported value: NaN$/);
  assert.throws(() => marshalGoJson([Infinity]), /json: unsupported value: \+Inf/);
  assert.throws(() => marshalGoJson(-Infinity), /json: unsupported value: -Inf/);
});

test("go json: every float64 round-trips and uses 'e' exactly outside [1e-6, 1e21)", () => {
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (f) => {
    const s = formatGoJsonFloat64(f);
    assert.ok(Object.is(Number(s), f), `${f} -> ${s}`);
    const abs = Math.abs(f);
    assert.equal(s.includes("e"), abs !== 0 && (abs < 1e-6 || abs >= 1e21), s);
    assert.ok(!/e-0\d/.test(s), s);
  }), { numRuns: 2000 });
});

test("go json: int64/uint64 as bigint, nil, empty containers, unsupported types", () => {
  assert.equal(marshalGoJsonString([-(2n ** 63n), 2n ** 64n - 1n]), "[-9223372036854775808,18446744073709551615]");
  assert.throws(() => marshalGoJson(2n ** 64n), /overflows/);
  assert.equal(marshalGoJsonString(null), "null");
  assert.equal(marshalGoJsonString(undefined), "null");
  assert.equal(marshalGoJsonString({ e: [], m: {} }), '{"e":[],"m":{}}');
  assert.throws(() => marshalGoJson(new Date(0)), /json: unsupported type: Date/);
});

// ---- strconv.FormatFloat(f, 'f', 6, 64) (paerser's getSimpleValue) ---------------------------------------

test("FormatFloat 'f' 6: exact decimal, ties to even, sign kept", () => {
  const cases: [number, string][] = [
    [1.5, "1.500000"], [5, "5.000000"], [0.1234567, "0.123457"], [1e-7, "0.000000"], [-1e-7, "-0.000000"],
    [1 / 128, "0.007812"], [3 / 128, "0.023438"], [123.4560005, "123.456001"], [0, "0.000000"], [-0, "-0.000000"],
    [1e21, "1000000000000000000000.000000"], [1e23, "99999999999999991611392.000000"], [5e-324, "0.000000"],
    [0.0000015, "0.000002"], [1234.5678915, "1234.567892"], [Infinity, "+Inf"], [NaN, "NaN"],
  ];
  for (const [f, want] of cases) assert.equal(formatGoFloatFixed6(f), want, String(f));
});

// ---- null config ------------------------------------------------------------------------------------------

test("null or undefined config is the 4 bytes null for every provider", () => {
  for (const provider of ["labels", "file", "crd"] as const) {
    assert.deepEqual([...configBytes(provider, null)], [...new TextEncoder().encode("null")]);
    assert.equal(text(provider, undefined), "null");
  }
});

// ---- labels -----------------------------------------------------------------------------------------------

test("labels: every leaf is a string, nesting from dotted keys, comma lists stay one string", () => {
  assert.equal(text("labels", { a: 1, b: { c: true, d: 1.5, e: { f: -3n } }, s: "<x>&", csv: "a,b,c" }),
    '{"a":"1","b":{"c":"true","d":"1.5","e":{"f":"-3"}},"csv":"a,b,c","s":"\\u003cx\\u003e\\u0026"}');
  assert.equal(labelsJson({ [`${P}.a`]: "1", [`${P}.b.c`]: "true", "traefik.http.routers.r.rule": "Host(`x`)" }),
    '{"a":"1","b":{"c":"true"}}');
});

test("labels: key[i] makes a slice of strings (or of maps), in label sort order", () => {
  assert.equal(text("labels", { list: ["a", 2, false] }), '{"list":["a","2","false"]}');
  assert.deepEqual(toLabels({ list: ["a", 2] }, "m", "demo"), { [`${P}.list[0]`]: "a", [`${P}.list[1]`]: "2" });
  assert.equal(labelsJson({ [`${P}.p[0].name`]: "a", [`${P}.p[0].val`]: "1", [`${P}.p[1].name`]: "b" }),
    '{"p":[{"name":"a","val":"1"},{"name":"b"}]}');
  // Indices are not positions: children come in Go string order of the keys, so [10] sorts before [1].
  const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`${P}.l[${i}]`, String(i)]));
  assert.equal(labelsJson(eleven), '{"l":["0","10","1","2","3","4","5","6","7","8","9"]}');
  // Only the first child decides "slice": "l.x" sorts before "l[0]", so l is a map here.
  assert.equal(labelsJson({ [`${P}.l[0]`]: "a", [`${P}.l.x`]: "b" }), '{"l":{"[0]":"a","x":"b"}}');
});

test("labels: keys match case-insensitively; first spelling (Go order) wins the name, last label the value", () => {
  assert.equal(labelsJson({ [`${P}.Foo`]: "1", [`${P}.foo`]: "2", [`${P}.Bar.X`]: "x", [`${P}.bar.y`]: "y" }),
    '{"Bar":{"X":"x","y":"y"},"Foo":"2"}');
  assert.equal(labelsJson({
    "traefik.http.middlewares.M.plugin.Demo.k": "v", "traefik.HTTP.middlewares.m.plugin.demo.j": "w",
  }), '{"j":"w","k":"v"}');
});

test("labels: paerser quirks (value+children, self-named child, comma-prefixed nested values)", () => {
  assert.equal(labelsJson({ [`${P}.a`]: "1", [`${P}.a.b`]: "2" }), '{"a":{"b":"2"}}');
  assert.equal(labelsJson({ [`${P}.a.a`]: "1", [`${P}.a.b`]: "2" }), '{"a":"1","b":"2"}');
  assert.equal(labelsJson({ [`${P}.x.y`]: ",24,p,q", [`${P}.top`]: ",24,p" }), '{"top":",24,p","x":{"y":["p","q"]}}');
  assert.throws(() => fromLabels({ [`${P}.x.y`]: ",oops" }, "m", "demo"),
    /strconv.Atoi: parsing "oops": invalid syntax/);
});

test("labels: empty config, malformed labels, missing plugin", () => {
  assert.equal(text("labels", {}), "{}");
  assert.equal(text("labels", { gone: null, empty: {} }), "{}");
  assert.equal(labelsJson({ [P]: "" }), "{}");
  assert.throws(() => fromLabels({ [`Traefik.http.middlewares.m.plugin.demo.a`]: "1" }, "m", "demo"),
    /invalid label root Traefik/);
  assert.throws(() => fromLabels({ [`${P}..a`]: "1" }, "m", "demo"), /invalid element/);
  assert.throws(() => fromLabels({ [`${P}.[0]`]: "1" }, "m", "demo"), /invalid leading character '\['/);
  assert.throws(() => fromLabels({ [`${P}.a`]: "1" }, "m", "other"), /no plugin "other" on middleware "m"/);
});

// ---- file -------------------------------------------------------------------------------------------------

test("file: scalars become strings (floats through FormatFloat 'f' 6), null keys dropped", () => {
  assert.equal(text("file", {
    s: "str", i: 5, f: 1.5, b: true, n: null, small: 0.1234567, tiny: 1e-7, ntiny: -1e-7, inf: Infinity,
    big: 1e21, neg: -3, html: "<&>", u: 18446744073709551615n, nested: { x: 2, gone: null },
  }), '{"b":"true","big":"1000000000000000000000","f":"1.500000","html":"\\u003c\\u0026\\u003e","i":"5",' +
    '"inf":"+Inf","neg":"-3","nested":{"x":"2"},"ntiny":"-0","s":"str","small":"0.123457","tiny":"0",' +
    '"u":"18446744073709551615"}');
});

test("file: scalar arrays stay typed; a mixed array takes the largest reflect.Kind", () => {
  assert.equal(text("file", {
    ints: [1, 2, 3], strs: ["a", "b"], floats: [1.5, 2.25], mixedIF: [1, 2.5, 3], mixedIS: [1, "a", 3],
    mixedBS: [true, "x"], bools: [true, false], prec: [0.1234567, 1], ftiny: [1e-7, -1e-7], bigf: [1e21, 1],
    mixedFS: [1.5, "a", true],
  }), '{"bigf":[1e+21,1],"bools":[true,false],"floats":[1.5,2.25],"ftiny":[0,-0],"ints":[1,2,3],' +
    '"mixedBS":["true","x"],"mixedFS":["1.500000","a","true"],"mixedIF":[1,2.5,3],"mixedIS":["1","a","3"],' +
    '"prec":[0.123457,1],"strs":["a","b"]}');
  assert.equal(text("file", { x: [9223372036854775807n, 18446744073709551615n] }),
    '{"x":[9223372036854775807,18446744073709551615]}');
});

test("file: arrays that cannot be typed are decode errors", () => {
  assert.throws(() => configBytes("file", { x: [1, true] }),
    /^Error: parse int: true, strconv.ParseInt: parsing "true": invalid syntax$/);
  assert.throws(() => configBytes("file", { x: [1.5, true] }), /parse float64: true, strconv.ParseFloat/);
  assert.throws(() => configBytes("file", { x: [-1, 18446744073709551615n] }),
    /parse uint: -1, strconv.ParseUint: parsing "-1": invalid syntax/);
  assert.throws(() => configBytes("file", { x: [1, null] }), /unsupported simple value type: invalid/);
  assert.throws(() => configBytes("file", { x: [[1]] }), /unsupported simple value type: slice/);
  assert.throws(() => configBytes("file", { x: [Infinity] }), /json: unsupported value: \+Inf/);
});

test("file: nested typed slices, arrays of maps, empty values, self-named keys", () => {
  assert.equal(text("file", { a: [1, 2], b: { c: [true], d: { e: [0.5, 2] } }, arr: [{ deep: { list: ["x", 1] } }] }),
    '{"a":[1,2],"arr":[{"deep":{"list":["x","1"]}}],"b":{"c":[true],"d":{"e":[0.5,2]}}}');
  // A slice inside an array of maps inside a map is never decoded: the guest gets paerser's raw string.
  assert.equal(text("file", { outer: { items: [{ list: [1, 2] }] } }), '{"outer":{"items":[{"list":"║2║1║2"}]}}');
  // Scalars next to maps in one array vanish; [] and {} become "".
  assert.equal(text("file", { mix: [{ a: 1 }, 5, { b: 2 }] }), '{"mix":[{"a":"1"},{"b":"2"}]}');
  assert.equal(text("file", { e: {}, n: { a: null }, arr: [{}], empty: [] }), '{"arr":[""],"e":"","empty":"","n":""}');
  assert.equal(text("file", {}), "{}");
  // A top-level map holding its own name is spread into the plugin map (later keys overwrite).
  assert.equal(text("file", { a: { a: "x", b: "y" }, b: "z" }), '{"a":"x","b":"z"}');
  assert.equal(text("file", { self: { self: 1, other: [1] }, z: 1 }), '{"other":[1],"self":"1","z":"1"}');
  // A key sorting first as "[0]" turns the map into a slice; "║" in strings is paerser's separator.
  assert.equal(text("file", { a: { "[0]": "x", b: "y" } }), '{"a":["x","y"]}');
  assert.equal(text("file", { x: ["a║b", "c"], y: "║24║p║q", z: { w: "║2║7" } }),
    '{"x":["a","b","c"],"y":["p","q"],"z":{"w":[7]}}');
});

// ---- crd --------------------------------------------------------------------------------------------------

test("crd: JSON-typed, numbers are float64 (large integers lose precision), nulls kept", () => {
  assert.equal(text("crd", { i: 5, f: 1.5, b: true, n: null, big: 1e21, exact: 9007199254740993n, l: [1, "x", false] }),
    '{"b":true,"big":1e+21,"exact":9007199254740992,"f":1.5,"i":5,"l":[1,"x",false],"n":null}');
  // Go's JSON decoder turns a lone surrogate into a real U+FFFD, which Marshal writes raw (EF BF BD).
  assert.deepEqual([...configBytes("crd", { s: "\ud800" })], [...new TextEncoder().encode('{"s":"\ufffd"}')]);
  assert.equal(marshalGoJsonString({ s: "\ud800" }), '{"s":"\\ufffd"}'); // direct marshal: escaped instead
});

test("crd: urn:k8s:secret strings replaced everywhere, including inside arrays of maps", () => {
  const secrets = { creds: { pa: "p<a>ss", tok: "t0k" }, other: { k: "v" } };
  const config = {
    token: "urn:k8s:secret:creds:tok",
    users: [{ name: "a", pass: "urn:k8s:secret:creds:pa" }, ["urn:k8s:secret:other:k"]],
    deep: { x: { y: "urn:k8s:secret:other:k" } },
    untouched: "URN:k8s:secret:creds:tok",
  };
  assert.equal(text("crd", config, { secrets }),
    '{"deep":{"x":{"y":"v"}},"token":"t0k","untouched":"URN:k8s:secret:creds:tok",' +
    '"users":[{"name":"a","pass":"p\\u003ca\\u003ess"},["v"]]}');
});

test("crd: each secret error names the URN, the secret or the key", () => {
  const secrets = { creds: { tok: "t" } };
  assert.throws(() => configBytes("crd", { a: ["urn:k8s:secret:creds"] }, { secrets }),
    /^Error: malformed secret URN "urn:k8s:secret:creds"$/);
  assert.throws(() => configBytes("crd", { a: "urn:k8s:secret:creds:tok:extra" }, { secrets }),
    /malformed secret URN "urn:k8s:secret:creds:tok:extra"/);
  assert.throws(() => configBytes("crd", { a: [{ b: "urn:k8s:secret:nope:tok" }] }, { secrets, namespace: "auth" }),
    /^Error: secret auth\/nope is not found$/);
  assert.throws(() => configBytes("crd", { a: "urn:k8s:secret:creds:missing" }, { secrets }),
    /^Error: key "missing" not found in secret default\/creds$/);
  assert.throws(() => configBytes("crd", { a: "urn:k8s:secret:x:y" }), /secret default\/x is not found/);
});

test("crd: a URN naming a missing secret fails loadMiddleware with Traefik's text; with the secret it builds", async () => {
  const wasm = await compileWat(`(module
    (memory (export "memory") 1)
    (func (export "handle_request") (result i64) i64.const 1)
    (func (export "handle_response") (param i32 i32)))`);
  const config = { a: "urn:k8s:secret:x:y" };
  // The cause is getSecretValue's text (pkg/provider/kubernetes/crd/kubernetes.go); the shim reports it as a build error.
  await assert.rejects(loadMiddleware(wasm, { provider: "crd", config }), (err: Error) =>
    err instanceof BuildError && err.message === "building Wasm middleware: marshaling config: secret default/x is not found");
  const built = await loadMiddleware(wasm, { provider: "crd", config, secrets: { x: { y: "value" } } });
  await built.close();
});
