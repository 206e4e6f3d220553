// Traefik's file provider renders each dynamic configuration file as a Go text/template, with sprig's functions,
// before decoding it (pkg/provider/file). The shim renders the one action that keeps secrets out of the file,
// {{ env "NAME" }} (sprig's env: the variable's value, "" when unset), and refuses every other action by name, so a
// file that would render differently in Traefik never runs silently in the shim.

import { ConfigError } from "./config_node.js";

const ACTION = /\{\{(.*?)\}\}/gs;
// The argument is a Go string literal: "interpreted" (escapes refused, to stay exact) or `raw`.
const ENV_CALL = /^\s*env\s+(?:"([^"\\]*)"|`([^`]*)`)\s*$/s;

/** renderEnvTemplate replaces each {{ env "NAME" }} of a dynamic configuration file with env's value. */
export function renderEnvTemplate(text: string, env: NodeJS.ProcessEnv, file: string): string {
  if (text.replace(ACTION, "").includes("{{")) throw new ConfigError(`${file}: template: unclosed action ("{{" without "}}")`);
  return text.replace(ACTION, (action, inner: string) => {
    const call = ENV_CALL.exec(inner);
    if (!call) throw new ConfigError(`${file}: template action ${action} is not supported by the shim (only {{ env "NAME" }})`);
    return env[call[1] ?? call[2]] ?? "";
  });
}
