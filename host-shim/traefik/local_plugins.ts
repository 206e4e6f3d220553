// experimental.localPlugins as Traefik sets them up at start (pkg/plugins/plugins.go SetupLocalPlugins, builder.go,
// middlewarewasm.go): each plugin lives in <workDir>/plugins-local/src/<moduleName>/, described by its .traefik.yml;
// the wasm module is read and compiled once. Any error disables every plugin, and Traefik goes on without them
// (or stops, with experimental.abortOnPluginFailure); the caller decides, this module only reports.

import { readFileSync } from "node:fs";
import { isAbsolute, join, normalize } from "node:path";
import { parse } from "yaml";
import type { LocalPluginConfig } from "./static_config.js";

/** A wasm plugin ready to build middlewares from. */
export interface LocalPlugin {
  alias: string;
  moduleName: string;
  wasm: Uint8Array;
  settings: { envs: string[]; mounts: string[] };
}

// Traefik's localGoPath, relative to its working directory.
const PLUGINS_SRC = join("plugins-local", "src");

/**
 * loadLocalPlugins checks and reads every local plugin, by alias. Throws an Error whose message lists every problem
 * (Traefik's errors.Join), worded as Traefik words them where Traefik refuses the same thing.
 */
export async function loadLocalPlugins(configs: LocalPluginConfig[], workDir: string): Promise<Map<string, LocalPlugin>> {
  const problems: string[] = [];
  const modules = new Set<string>();
  const plugins = new Map<string, LocalPlugin>();
  for (const config of configs) {
    const { alias, moduleName } = config;
    if (moduleName === "") problems.push(`${alias}: plugin name is missing`);
    else if (moduleName.startsWith("/") || moduleName.endsWith("/")) problems.push(`${alias}: plugin name should not start or end with a /`);
    else if (modules.has(moduleName)) problems.push(`only one version of a plugin is allowed, there is a duplicate of ${moduleName}`);
    else {
      modules.add(moduleName);
      const plugin = await readPlugin(config, workDir, problems);
      if (plugin) plugins.set(alias, plugin);
    }
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return plugins;
}

async function readPlugin(config: LocalPluginConfig, workDir: string, problems: string[]): Promise<LocalPlugin | null> {
  const { moduleName } = config;
  const dir = join(workDir, PLUGINS_SRC, moduleName);
  const manifestPath = join(dir, ".traefik.yml");
  let manifest: Record<string, unknown>;
  try {
    manifest = parse(readFileSync(manifestPath, "utf8")) ?? {};
  } catch (err) {
    problems.push(`failed to read the plugin manifest ${manifestPath}: ${(err as Error).message}`);
    return null;
  }
  const before = problems.length;
  if (manifest.type !== "middleware") problems.push(`${moduleName}: unsupported type ${JSON.stringify(manifest.type ?? "")}`);
  // Traefik would interpret a yaegi (Go source) plugin; the shim runs wasm only.
  if (manifest.runtime !== "wasm") problems.push(`${moduleName}: runtime ${JSON.stringify(manifest.runtime ?? "")} is not run by the shim (only wasm)`);
  if (!manifest.displayName) problems.push(`${moduleName}: missing DisplayName`);
  if (!manifest.summary) problems.push(`${moduleName}: missing Summary`);
  if (manifest.testData === undefined || manifest.testData === null) problems.push(`${moduleName}: missing TestData`);
  const wasmPath = typeof manifest.wasmPath === "string" && manifest.wasmPath !== "" ? manifest.wasmPath : "plugin.wasm";
  // Go's filepath.IsLocal: no absolute path, nothing that climbs out of the plugin's directory.
  if (isAbsolute(wasmPath) || normalize(wasmPath).startsWith("..")) problems.push(`${moduleName}: wasmPath must be a local path: ${wasmPath}`);
  if (problems.length > before) return null;
  try {
    const wasm = new Uint8Array(readFileSync(join(dir, wasmPath)));
    await WebAssembly.compile(wasm);
    return { alias: config.alias, moduleName, wasm, settings: config.settings };
  } catch (err) {
    const step = err instanceof WebAssembly.CompileError ? "compiling guest module" : "loading Wasm binary";
    problems.push(`${moduleName}: ${step}: ${(err as Error).message}`);
    return null;
  }
}
