// The bytes `get_config` returns, per provider: Traefik builds a `dynamic.PluginConf` (map[string]any) the
// provider's way, then json.Marshals it (pkg/plugins/middlewarewasm.go). traefik-wasm-host.md §1.4 and §7 item 2.
import { crdPluginConf } from "./crd.js";
import { filePluginConf } from "./file.js";
import { isPlainObject, marshalGoJson } from "./go_json.js";
import { fromLabels, toLabels } from "./labels.js";
import { GoMap } from "./paerser_raw.js";

export type Provider = "labels" | "file" | "crd";

export interface ConfigOptions {
  /** crd: secrets of the Middleware's namespace, secretName → key → value. */
  secrets?: Record<string, Record<string, string>>;
  /** crd: the Middleware's namespace, used in error messages. Default "default". */
  namespace?: string;
  /** labels/file: middleware name and plugin alias used to spell the labels / document. Default "m", "demo". */
  middleware?: string;
  alias?: string;
}

export { marshalGoJson } from "./go_json.js";
export { fromLabels, toLabels } from "./labels.js";
export { filePluginConf } from "./file.js";
export { crdPluginConf } from "./crd.js";
export type { GoMap, GoValue } from "./paerser_raw.js";

/**
 * pluginConf is the map Traefik holds for `plugin.<alias>` when config is given through provider; null for a
 * null/undefined config (a nil PluginConf, which marshals to `null`). Throws where Traefik rejects the config.
 */
export function pluginConf(provider: Provider, config: unknown, opts: ConfigOptions = {}): GoMap | null {
  if (config === null || config === undefined) return null;
  if (!(config instanceof Map) && !isPlainObject(config)) {
    throw new Error(`shim: a plugin config must be an object (a Go map), got ${typeof config}`);
  }
  const middleware = opts.middleware ?? "m";
  const alias = opts.alias ?? "demo";
  switch (provider) {
    case "labels": return fromLabels(toLabels(config, middleware, alias), middleware, alias);
    case "file": return filePluginConf(config, alias);
    case "crd": return crdPluginConf(config, opts);
    default: throw new Error(`shim: unknown provider ${String(provider)}`);
  }
}

/** configBytes: the exact `get_config` bytes for config declared through provider. */
export function configBytes(provider: Provider, config: unknown, opts: ConfigOptions = {}): Uint8Array {
  return marshalGoJson(pluginConf(provider, config, opts));
}
