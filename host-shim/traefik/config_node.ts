// Reading a decoded YAML document the way Traefik's paerser fills its option structs: option names match whatever
// their case (`entrypoints` is `entryPoints`), names the user chooses (an entrypoint, a router, a plugin alias) keep
// theirs, scalars may be written typed or as strings, and an empty value (`key:`) is an absent one. Errors name the
// file and the option's path, so the user knows what to fix.

export type Node = Record<string, unknown>;

/** ConfigError is a configuration the shim cannot use; its message names the file and the option. */
export class ConfigError extends Error {}

/** isNode tells a YAML mapping from scalars and sequences. */
export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** optionValue is node's option `name`, matched case-insensitively; undefined when absent or empty. */
export function optionValue(node: Node, name: string): unknown {
  const key = Object.keys(node).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : node[key] ?? undefined;
}

/** unknownOptions lists node's keys that are none of the known option names (case-insensitively). */
export function unknownOptions(node: Node, known: readonly string[]): string[] {
  const names = new Set(known.map((k) => k.toLowerCase()));
  return Object.keys(node).filter((k) => !names.has(k.toLowerCase()));
}

/** OptionReader reads typed options out of one file's document, failing with the option's path. */
export class OptionReader {
  constructor(readonly file: string) {}

  fail(path: string, reason: string): never {
    throw new ConfigError(`${this.file}: ${path}: ${reason}`);
  }

  object(node: Node, name: string, path: string): Node | undefined {
    const value = optionValue(node, name);
    if (value === undefined || isNode(value)) return value;
    return this.fail(join(path, name), "must be a mapping");
  }

  /** named lists a mapping of user-named objects (entrypoints, routers…), keeping the names' case. */
  named(node: Node, name: string, path: string): [string, Node][] {
    const map = this.object(node, name, path) ?? {};
    return Object.entries(map).map(([key, value]) => {
      if (value === null) return [key, {}];
      if (!isNode(value)) return this.fail(join(join(path, name), key), "must be a mapping");
      return [key, value];
    });
  }

  string(node: Node, name: string, path: string): string | undefined {
    const value = optionValue(node, name);
    if (value === undefined || typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
    return this.fail(join(path, name), "must be a string");
  }

  /** bool accepts YAML booleans and the strings Go's strconv.ParseBool does. */
  bool(node: Node, name: string, path: string): boolean | undefined {
    const value = optionValue(node, name);
    if (value === undefined || typeof value === "boolean") return value;
    if (typeof value === "string" && /^(1|t|true)$/i.test(value)) return true;
    if (typeof value === "string" && /^(0|f|false)$/i.test(value)) return false;
    return this.fail(join(path, name), `must be true or false, got ${JSON.stringify(String(value))}`);
  }

  int(node: Node, name: string, path: string): number | undefined {
    const value = optionValue(node, name);
    if (value === undefined) return undefined;
    const n = typeof value === "string" && /^[+-]?\d+$/.test(value) ? Number(value) : typeof value === "bigint" ? Number(value) : value;
    if (typeof n === "number" && Number.isSafeInteger(n)) return n;
    return this.fail(join(path, name), `must be a whole number, got ${JSON.stringify(String(value))}`);
  }

  strings(node: Node, name: string, path: string): string[] | undefined {
    const value = optionValue(node, name);
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
    return this.fail(join(path, name), "must be a list of strings");
  }
}

/** join extends an option path: join("entryPoints", "web") is "entryPoints.web". */
export function join(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}
