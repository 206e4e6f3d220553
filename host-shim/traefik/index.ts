// The shim as a Traefik: startTraefik reads a Traefik v3 static configuration and its file provider's dynamic
// configuration, and serves them the way Traefik does: entrypoint (X-Forwarded-*), router (rule, priority),
// middleware chain (plugin.wasm through loadMiddleware, one build per router), reverse proxy (round robin), with
// Traefik's log lines. The YAML it runs is Traefik's own; what the shim ignores it says in a warning.

import { resolve } from "node:path";
import type { Middleware } from "../index.js";
import { ConfigError } from "./config_node.js";
import { readDynamicConfig, type DynamicConfig } from "./dynamic_config.js";
import { serveEntryPoint, type ServedEntryPoint } from "./entrypoint.js";
import { loadLocalPlugins, type LocalPlugin } from "./local_plugins.js";
import { createLogger, type Logger } from "./log.js";
import { buildRouting } from "./routes.js";
import { readStaticConfig, type EntryPointConfig, type StaticConfig } from "./static_config.js";

export { ConfigError } from "./config_node.js";

export interface TraefikOptions {
  /** The static configuration, YAML; resolved against the process's working directory. */
  configFile: string;
  /** Traefik's working directory: where plugins-local/ and relative provider paths are found. Default process.cwd(). */
  workDir?: string;
  /** For settings.envs and {{ env "NAME" }} in dynamic files. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Passed to loadMiddleware: the probability that a finished instance is dropped instead of pooled. */
  poolDrop?: number;
  /** Receives each Traefik-formatted log line (without newline). Default: stdout, as Traefik writes. */
  log?: (line: string) => void;
}

export interface RunningTraefik {
  /** By entrypoint name: its URL (loopback for an address on every interface) and the port actually bound. */
  entryPoints: Record<string, { url: string; port: number }>;
  /** By qualified name ("oidc-auth@file"): the middleware built for the first router (by name) that uses it. */
  middlewares: Map<string, Middleware>;
  /** close stops the listeners, their connections and every middleware built; later calls wait for the first. */
  close(): Promise<void>;
}

/**
 * startTraefik serves the configuration once every entrypoint listens. It rejects (ConfigError or a listen error)
 * where Traefik would not start, and where the file provider's files cannot be used: Traefik then logs and serves
 * nothing, the shim stops so that the mistake is not taken for an empty configuration. Routers in error are logged
 * and not served, as in Traefik.
 */
export async function startTraefik(options: TraefikOptions): Promise<RunningTraefik> {
  const workDir = options.workDir ?? process.cwd();
  const env = options.env ?? process.env;
  const config = readStaticConfig(resolve(options.configFile));
  const log = createLogger(options.log ?? ((line) => process.stdout.write(`${line}\n`)), config.log.level, config.log.format);
  for (const note of config.notes) log.warn(note);
  const plugins = await setUpPlugins(config, workDir, log);
  const dynamic = readProvidedConfig(config, workDir, env, log);
  const routing = await buildRouting(dynamic, {
    entryPoints: config.entryPoints.map((ep) => ep.name),
    defaultEntryPoints: defaultEntryPoints(config.entryPoints),
    plugins, env, poolDrop: options.poolDrop, log,
  });
  const served: ServedEntryPoint[] = [];
  const close = async () => {
    await Promise.all(served.map((ep) => ep.close()));
    await routing.close();
  };
  const entryPoints: RunningTraefik["entryPoints"] = {};
  try {
    for (const ep of config.entryPoints) {
      const running = await serveEntryPoint(ep, routing.routes.get(ep.name)!, log);
      served.push(running);
      entryPoints[ep.name] = { url: running.url, port: running.port };
    }
  } catch (err) {
    await close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    entryPoints,
    middlewares: routing.middlewares,
    close: () => (closing ??= (async () => {
      log.info("Shutting down");
      await close();
    })()),
  };
}

// cmd/traefik/traefik.go: plugin setup errors disable every plugin, unless experimental.abortOnPluginFailure.
async function setUpPlugins(config: StaticConfig, workDir: string, log: Logger): Promise<Map<string, LocalPlugin> | null> {
  if (config.localPlugins.length === 0) return new Map();
  const fields = { plugins: config.localPlugins.map((p) => p.alias) };
  log.info("Loading plugins...", fields);
  try {
    const plugins = await loadLocalPlugins(config.localPlugins, workDir);
    log.info("Plugins loaded.", fields);
    return plugins;
  } catch (err) {
    const message = (err as Error).message;
    if (config.abortOnPluginFailure) throw new ConfigError(`plugin: failed to create plugin builder: ${message}`);
    log.error("Plugins are disabled because an error has occurred.", { error: message, ...fields });
    return null;
  }
}

function readProvidedConfig(config: StaticConfig, workDir: string, env: NodeJS.ProcessEnv, log: Logger): DynamicConfig {
  if (!config.fileProvider) return { routers: [], middlewares: new Map(), services: new Map() };
  log.info("Starting provider *file.Provider");
  try {
    return readDynamicConfig(config.fileProvider, workDir, env, log);
  } catch (err) {
    log.error("Cannot start the provider *file.Provider", { error: (err as Error).message });
    throw err;
  }
}

// getDefaultsEntrypoints: the entrypoints marked asDefault, or all of them when none is.
function defaultEntryPoints(entryPoints: EntryPointConfig[]): string[] {
  const marked = entryPoints.filter((ep) => ep.asDefault);
  return (marked.length > 0 ? marked : entryPoints).map((ep) => ep.name).sort();
}
