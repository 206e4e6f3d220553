// Reading Traefik's configuration files: YAML only, Traefik's option names in any case, unknown options refused as
// Traefik refuses them, unapplied sections warned about, the file provider's directory and {{ env "NAME" }}
// templates, and log.format json.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, startTraefik } from "../../host-shim/traefik/index.js";
import { renderEnvTemplate } from "../../host-shim/traefik/env_template.js";
import { layOut, runTraefik, taggedBackend, type TraefikRun } from "../support/traefik.js";
import { send } from "../support/http.js";

const FIXTURES = join("test", "fixtures", "traefik");

async function start(t: TestContext, staticFixture: string, dynamicFixture: string | undefined, env: NodeJS.ProcessEnv, dir?: string): Promise<TraefikRun> {
  const run = await runTraefik(staticFixture, dynamicFixture, env, dir);
  t.after(() => run.close());
  return run;
}

test("a TOML static configuration is refused: TOML not supported by the shim, use YAML", async () => {
  const configFile = join(FIXTURES, "static.toml");
  await assert.rejects(startTraefik({ configFile, log: () => {} }), new ConfigError(`${process.cwd()}/${configFile}: TOML not supported by the shim, use YAML`));
});

test("a static option Traefik does not have is refused, naming the file and the option", async () => {
  await assert.rejects(startTraefik({ configFile: join(FIXTURES, "static_typo.yml"), log: () => {} }),
    (err: Error) => err instanceof ConfigError && /static_typo\.yml: entryPionts: field not found/.test(err.message));
});

/** directoryRun serves static_unapplied.yml, whose file provider reads dynamic/: the same router in two files. */
async function directoryRun(t: TestContext): Promise<TraefikRun> {
  const backend = await taggedBackend("echo");
  t.after(() => backend.close());
  const dir = layOut("static_unapplied.yml");
  mkdirSync(join(dir, "dynamic", "more"), { recursive: true });
  copyFileSync(join(FIXTURES, "dynamic_echo.yml"), join(dir, "dynamic", "10-echo.yml"));
  copyFileSync(join(FIXTURES, "dynamic_echo.yml"), join(dir, "dynamic", "more", "20-echo-again.yml"));
  writeFileSync(join(dir, "dynamic", "README.txt"), "not a configuration file");
  return start(t, "static_unapplied.yml", undefined, { BACKEND_ECHO: backend.url }, dir);
}

test("sections the shim does not apply are warned about; the directory provider reads every YAML file, first name wins", async (t) => {
  const run = await directoryRun(t);
  assert.equal(JSON.parse((await send(`${run.url("web")}/`)).body.toString()).tag, "echo");
  const warnings = run.logs.map((line) => JSON.parse(line)).filter((e) => e.level === "warn").map((e) => e.message);
  for (const expected of [
    "api is not applied by the shim", "accessLog is not applied by the shim", "providers.docker is not run by the shim",
    "entryPoints.web.http is not applied by the shim", "HTTP router already configured, skipping",
  ]) assert.ok(warnings.includes(expected), `${expected} in ${JSON.stringify(warnings)}`);
});

test("log.format json writes zerolog's events: level first, then the fields, the time and the message", async (t) => {
  const run = await directoryRun(t);
  const line = run.logs.find((l) => l.includes("already configured"));
  assert.match(line ?? "", /^\{"level":"warn","routerName":"everything@file","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)","message":"HTTP router already configured, skipping"\}$/);
});

test("{{ env \"NAME\" }} renders the variable, or nothing when it is unset", () => {
  assert.equal(renderEnvTemplate("url: '{{ env \"A\" }}' other: '{{env `B`}}'", { A: "http://x:1" }, "f.yml"), "url: 'http://x:1' other: ''");
  assert.throws(() => renderEnvTemplate("x: {{ .Env.A }}", {}, "f.yml"),
    new ConfigError("f.yml: template action {{ .Env.A }} is not supported by the shim (only {{ env \"NAME\" }})"));
  assert.throws(() => renderEnvTemplate("x: {{ env \"A\"", {}, "f.yml"), /f\.yml: template: unclosed action/);
});

test("a dynamic file with another template action stops the shim, naming the file and the action", async (t) => {
  const dir = layOut("static.yml", "dynamic_template_unsupported.yml");
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const logs: string[] = [];
  await assert.rejects(startTraefik({ configFile: join(dir, "traefik.yml"), workDir: dir, env: {}, log: (l) => logs.push(l) }),
    (err: Error) => err.message === `${dir}/dynamic.yml: template action {{ env "BACKEND_ECHO" | quote }} is not supported by the shim (only {{ env "NAME" }})`);
  assert.match(logs.at(-1) ?? "", / ERR Cannot start the provider \*file\.Provider error=".*dynamic\.yml: template action/);
});
