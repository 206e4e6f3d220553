// `make package`: the two layouts Traefik loads a plugin from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

test("the release zip holds .traefik.yml and plugin.wasm at the top level, and plugins-local is laid out", () => {
  const run = spawnSync("bash", ["scripts/package.sh"], { encoding: "utf8", env: { ...process.env, MODULE_NAME: "example.com/oidc" } });
  assert.equal(run.status, 0, run.stderr);
  const list = spawnSync("python3", ["-c", "import zipfile,sys; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", "dist/plugin.zip"], { encoding: "utf8" });
  assert.deepEqual(list.stdout.trim().split("\n").sort(), [".traefik.yml", "plugin.wasm"]);
  assert.ok(existsSync("dist/plugins-local/src/example.com/oidc/.traefik.yml"));
  assert.ok(existsSync("dist/plugins-local/src/example.com/oidc/plugin.wasm"));
});
