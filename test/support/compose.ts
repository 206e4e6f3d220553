// Reads a Docker Compose file the way `docker compose config` resolves it, as far as the examples need: YAML merge
// keys (`<<: *anchor`), `${NAME}` interpolation of string values, labels as a list of `key=value` or a map, and
// environment as a list or a map. No Docker is involved.
import { parse } from "yaml";

export interface ComposeService {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string> | string[];
  labels?: Record<string, string> | string[];
  volumes?: string[];
  ports?: string[];
  [other: string]: unknown;
}

export interface ComposeFile { services: Record<string, ComposeService> }

/** readCompose parses text and interpolates every string value with env, as Compose does before it runs anything. */
export function readCompose(text: string, env: Record<string, string>): ComposeFile {
  const doc = parse(text, { merge: true }) as ComposeFile;
  return interpolateValues(doc, env) as ComposeFile;
}

/**
 * interpolate is Compose's variable syntax: `$$` is a literal `$`; `${NAME}`/`$NAME` take env's value or "";
 * `${NAME:-default}` uses default when NAME is unset or empty; `${NAME:?message}` refuses to start without a value.
 */
export function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (whole, dollar: string, braced?: string, op?: string, arg?: string, bare?: string) => {
      if (dollar === "$") return "$";
      const name = (braced ?? bare)!;
      const set = Object.hasOwn(env, name);
      const missing = op?.startsWith(":") ? !set || env[name] === "" : !set;
      if (op?.endsWith("?") && missing) throw new Error(`required variable ${name} is missing a value: ${arg}`);
      if (op?.endsWith("-") && missing) return arg ?? "";
      return set ? env[name] : "";
    });
}

/** labelsOf returns a service's labels as a map, whichever of the two forms the file uses. */
export function labelsOf(service: ComposeService): Record<string, string> {
  return pairs(service.labels);
}

/** environmentOf returns a service's environment as a map, whichever of the two forms the file uses. */
export function environmentOf(service: ComposeService): Record<string, string> {
  return pairs(service.environment);
}

/** flagValues returns the values of the command's `--<name>=value` flags (names case-insensitive, as in Traefik). */
export function flagValues(service: ComposeService, name: string): string[] {
  const args = typeof service.command === "string" ? service.command.split(/\s+/) : service.command ?? [];
  const prefix = `--${name.toLowerCase()}=`;
  return args.filter((a) => a.toLowerCase().startsWith(prefix)).map((a) => a.slice(prefix.length));
}

function pairs(value: Record<string, string> | string[] | undefined): Record<string, string> {
  if (!Array.isArray(value)) return { ...(value ?? {}) };
  return Object.fromEntries(value.map((entry) => {
    const eq = entry.indexOf("=");
    return eq < 0 ? [entry, ""] : [entry.slice(0, eq), entry.slice(eq + 1)];
  }));
}

function interpolateValues(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === "string") return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateValues(v, env));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateValues(v, env)]));
  }
  return value;
}
