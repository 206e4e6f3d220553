// What a file-provider document reads from the environment: the variables of its `{{ env "NAME" }}` actions, which
// Traefik (and the shim, host-shim/traefik/env_template.ts) renders before parsing the YAML.

const ENV_CALL = /\{\{\s*env\s+"([A-Za-z_][A-Za-z0-9_]*)"\s*\}\}/g;

/** envTemplateNames lists the variables a file reads through `{{ env "NAME" }}`, in order of first use. */
export function envTemplateNames(text: string): string[] {
  return [...new Set([...text.matchAll(ENV_CALL)].map((m) => m[1]))];
}
