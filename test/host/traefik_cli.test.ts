// The traefik-shim command (package.json "bin"): started like Traefik from a working directory holding the
// configuration and plugins-local/, it prints each entrypoint's URL, serves, and exits 0 on SIGTERM; a configuration
// it cannot use makes it exit 1 with the reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { layOut, taggedBackend } from "../support/traefik.js";
import { send } from "../support/http.js";
import { spawnNode, waitForOutput } from "../support/spawned.js";

const BIN = resolve("build", "js", "host-shim", "cli", "traefik.js");
const shim = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => spawnNode(BIN, args, cwd, env);

test("traefik-shim --configFile=traefik.yml serves from its working directory and exits 0 on SIGTERM", async (t) => {
  const backend = await taggedBackend("app");
  const dir = layOut("static.yml", "dynamic_plugin.yml");
  const run = shim(["--configFile=traefik.yml"], dir, { BACKEND_APP: backend.url });
  t.after(async () => {
    if (run.child.exitCode === null) run.child.kill("SIGKILL");
    await run.exited;
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const url = await waitForOutput(run, /traefik-shim: entryPoint web listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const health = await send(`${url}/.well-known/oidc-health`, { headers: { host: "app.example.com" } });
  assert.equal(health.status, 200);
  run.child.kill("SIGTERM");
  const exit = await run.exited;
  assert.equal(exit.code, 0, exit.stderr);
  assert.match(exit.stdout, / INF Plugins loaded\. plugins=\["oidc"\]\n/);
  assert.match(exit.stdout, / INF Shutting down\n$/);
});

test("traefik-shim exits 1 with the reason when it cannot use the configuration", async () => {
  const exit = await shim(["--configfile", join("test", "fixtures", "traefik", "static.toml")], process.cwd()).exited;
  assert.equal(exit.code, 1);
  assert.match(exit.stderr, /^traefik-shim: .*static\.toml: TOML not supported by the shim, use YAML\n$/);
  const usage = await shim(["--log.level=DEBUG"], process.cwd()).exited;
  assert.equal(usage.code, 1);
  assert.match(usage.stderr, /unknown argument --log\.level=DEBUG: the shim reads its configuration from the file only/);
});
