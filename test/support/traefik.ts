// Runs the shim as Traefik on this folder's configurations. Each run gets a fresh working directory laid out as
// Traefik expects it: traefik.yml, dynamic.yml, and plugins-local/src/<moduleName>/ with the repository's
// .traefik.yml and plugin.wasm (scripts/package.sh's layout). Everything a run starts, close() stops.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTraefik, type RunningTraefik } from "../../host-shim/traefik/index.js";
import { listen, type Running } from "./http.js";

export const MODULE_NAME = "github.com/traefik-oidc-wasm/traefik-oidc-wasm";
const FIXTURES = join("test", "fixtures", "traefik");

export interface TraefikRun {
  traefik: RunningTraefik;
  /** Every Traefik log line so far. */
  logs: string[];
  /** The working directory the run uses. */
  dir: string;
  /** url of an entrypoint (default: the first one). */
  url(entryPoint?: string): string;
  close(): Promise<void>;
}

/** layOut makes a working directory holding the static fixture as traefik.yml and the dynamic one as dynamic.yml. */
export function layOut(staticFixture: string, dynamicFixture?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "traefik-shim-"));
  const pluginDir = join(dir, "plugins-local", "src", MODULE_NAME);
  mkdirSync(pluginDir, { recursive: true });
  copyFileSync(".traefik.yml", join(pluginDir, ".traefik.yml"));
  copyFileSync("plugin.wasm", join(pluginDir, "plugin.wasm"));
  copyFileSync(join(FIXTURES, staticFixture), join(dir, "traefik.yml"));
  if (dynamicFixture) copyFileSync(join(FIXTURES, dynamicFixture), join(dir, "dynamic.yml"));
  return dir;
}

/** runTraefik starts the shim in a directory from layOut (or one given), with env for settings.envs and templates. */
export async function runTraefik(
  staticFixture: string, dynamicFixture: string | undefined, env: NodeJS.ProcessEnv, dir = layOut(staticFixture, dynamicFixture),
): Promise<TraefikRun> {
  const logs: string[] = [];
  let traefik: RunningTraefik;
  try {
    traefik = await startTraefik({ configFile: join(dir, "traefik.yml"), workDir: dir, env, log: (line) => logs.push(line) });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    traefik, logs, dir,
    url: (entryPoint) => (entryPoint ? traefik.entryPoints[entryPoint] : Object.values(traefik.entryPoints)[0]).url,
    close: async () => {
      await traefik.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** taggedBackend answers every request with JSON naming itself and describing what it received. */
export function taggedBackend(tag: string): Promise<Running> {
  return listen(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ tag, method: req.method, url: req.url, headers: req.headers, body }));
  });
}
