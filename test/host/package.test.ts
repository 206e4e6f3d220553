// `make package`: the two layouts Traefik loads a plugin from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";

test("the release zip holds .traefik.yml and plugin.wasm at the top level, plugins-local is laid out, and the manifest names plugin.wasm with a display name and summary", () => {
  const run = spawnSync("bash", ["scripts/package.sh"], { encoding: "utf8", env: { ...process.env, MODULE_NAME: "example.com/oidc" } });
  assert.equal(run.status, 0, run.stderr);
  const list = spawnSync("python3", ["-c", "import zipfile,sys; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", "dist/plugin.zip"], { encoding: "utf8" });
  assert.deepEqual(list.stdout.trim().split("\n").sort(), [".traefik.yml", "plugin.wasm"]);
  assert.ok(existsSync("dist/plugins-local/src/example.com/oidc/.traefik.yml"));
  assert.ok(existsSync("dist/plugins-local/src/example.com/oidc/plugin.wasm"));
  // What Traefik's local-plugin check requires of a wasm middleware's manifest (traefik-wasm-host.md §1.1).
  const manifest = parse(readFileSync("dist/plugins-local/src/example.com/oidc/.traefik.yml", "utf8"));
  assert.equal(manifest.type, "middleware");
  assert.equal(manifest.runtime, "wasm");
  assert.equal(manifest.wasmPath, "plugin.wasm");
  for (const key of ["displayName", "summary"]) assert.ok(typeof manifest[key] === "string" && manifest[key].trim() !== "", `${key} is required`);
  assert.ok(manifest.testData != null, "testData is required");
});
