// README.md's configuration reference and plugin.wasm must agree, in both directions: every option the plugin reads
// is documented, and every documented option is one it reads (any other key refuses the build as unknown). The
// plugin's options are learned from the built module itself (test/support/plugin_config_keys.ts), so no way of
// reading a key in assembly/ escapes this test. Environment variables are compared with the REDIS_* fallback table
// in the source, and the migration section's list of incumbent options is checked to be refused.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { configRefusal } from "../support/config_refusal.js";
import { dataSectionIdentifiers, readConfigKeys } from "../support/plugin_config_keys.js";
import { documentedOptions, refusedIncumbentOptions } from "../support/readme_reference.js";

const plugin = new Uint8Array(readFileSync("plugin.wasm"));
const readme = readFileSync("README.md", "utf8");
const documented = documentedOptions(readme);
const refused = refusedIncumbentOptions(readme);
const lastSegment = (path: string): string => path.slice(path.lastIndexOf(".") + 1);

let read: Map<string, string>;

before(async () => {
  read = await readConfigKeys(plugin, [...documented.map((o) => lastSegment(o.path)), ...refused]);
});

test("every option plugin.wasm reads is in the README's configuration reference", () => {
  const paths = new Set(documented.map((o) => o.path));
  const missing = [...read.keys()].filter((key) => !paths.has(key));
  assert.deepEqual(missing, [], `plugin.wasm reads ${missing.join(", ")}, missing from README.md's configuration reference`);
});

test("every option in the README's configuration reference is one plugin.wasm reads", () => {
  const unknown = documented.map((o) => o.path).filter((path) => !read.has(path));
  assert.deepEqual(unknown, [], `README.md documents ${unknown.join(", ")}, which plugin.wasm refuses as an unknown key`);
});

test("every option is documented once", () => {
  const paths = documented.map((o) => o.path);
  assert.deepEqual(paths.filter((p, i) => paths.indexOf(p) !== i), []);
});

test("each option's environment variable in the README is the one the plugin falls back to", () => {
  const code = redisEnvFallbacks();
  assert.ok(code.size > 0, "config_redis.ts pairs ENV_KEYS with ENV_NAMES");
  const readmeEnv = new Map(documented.filter((o) => o.envVar !== null).map((o) => [o.path, o.envVar!]));
  const mismatched = [...new Set([...code.keys(), ...readmeEnv.keys()])]
    .filter((path) => code.get(path) !== readmeEnv.get(path))
    .map((path) => `${path}: code ${code.get(path) ?? "none"}, README ${readmeEnv.get(path) ?? "none"}`);
  assert.deepEqual(mismatched, []);
});

test("the environment variables reach the plugin under those names, for every option that refuses some text", async () => {
  // A refused value that names the variable proves the variable is read, and for that key. String options accept
  // any text, so for them the comparison with the source above is the proof.
  for (const [path, envVar] of redisEnvFallbacks()) {
    if (read.get(path) === "must be a string") continue;
    const refusal = await configRefusal(plugin, { settings: { envs: [envVar] }, env: { [envVar]: "not-a-value" } });
    assert.equal(refusal?.key, path, envVar);
    assert.ok(refusal.reason.endsWith(`(from environment variable ${envVar})`), refusal.line);
  }
});

test("the incumbent options the migration section lists are refused", () => {
  assert.ok(refused.length > 0, "README.md lists the incumbent options this plugin refuses");
  const accepted = refused.filter((name) => read.has(name));
  assert.deepEqual(accepted, [], `README.md says plugin.wasm refuses ${accepted.join(", ")}, but it reads them`);
});

test("the probe saw every option among the module's strings, so an undocumented one could not hide", () => {
  const strings = dataSectionIdentifiers(plugin);
  const unseen = [...read.keys()].map(lastSegment).filter((name) => !strings.has(name));
  assert.deepEqual(unseen, [], "options the data-section scan missed: it would miss undocumented ones too");
});

/** redisEnvFallbacks pairs each `redis.<key>` with its variable, from the two parallel lists in config_redis.ts. */
function redisEnvFallbacks(): Map<string, string> {
  const source = readFileSync("assembly/middleware/config_redis.ts", "utf8");
  const list = (name: string): string[] => {
    const body = new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(source)?.[1] ?? "";
    return [...body.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  };
  const keys = list("ENV_KEYS");
  const names = list("ENV_NAMES");
  assert.equal(keys.length, names.length, "ENV_KEYS and ENV_NAMES have the same length");
  return new Map(keys.map((key, i) => [`redis.${key}`, names[i]]));
}
