// Builds plugin.wasm the way Traefik builds a middleware and reports the configuration error that refused it, if any.
// The guest logs `config: key "<name>": <reason>` and traps in _initialize (assembly/middleware/config_error.ts), so
// the shim throws BuildError and the logged line says which key and why.
import { BuildError, loadMiddleware, type LoadOptions } from "../../host-shim/index.js";

const CONFIG_ERROR = /^config: key "([^"]*)": (.*)$/s;

/** ConfigRefusal is the first configuration problem the plugin found: the key (dotted when nested) and the reason. */
export interface ConfigRefusal { key: string; reason: string; line: string }

/** configRefusal builds plugin with options; null when the build succeeds, else the config error it logged. */
export async function configRefusal(plugin: Uint8Array, options: LoadOptions): Promise<ConfigRefusal | null> {
  const logs: string[] = [];
  let middleware;
  try {
    middleware = await loadMiddleware(plugin, { ...options, onLog: (e) => logs.push(e.message) });
  } catch (err) {
    if (!(err instanceof BuildError)) throw err;
    const match = logs.map((line) => CONFIG_ERROR.exec(line)).find((m) => m !== null);
    if (!match) throw new Error(`the build failed without a config error: ${err.message}\n${logs.join("\n")}`);
    return { key: match[1], reason: match[2], line: match[0] };
  }
  await middleware.close();
  return null;
}
