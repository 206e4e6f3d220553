// Label providers (Docker, Swarm, Consul Catalog, Nomad, ECS, …): Traefik decodes the labels with paerser
// (`parser/labels_decode.go` DecodeToNode, then nodes_metadata/element_fill via paerser_raw.ts), so every leaf
// is a string, `key[0]=…` makes a slice, and the guest sees whatever that pipeline makes of the labels.
//
// Key case: label keys are matched case-insensitively at every level (paerser's containsNode uses
// strings.EqualFold), but a PluginConf key keeps the spelling of the FIRST label (in Go string order, so
// uppercase first) that created it, and the value of the LAST one: `…demo.Foo=1` + `…demo.foo=2` → {"Foo":"2"}.
// Struct fields above the plugin (http, middlewares, plugin) and the middleware/alias names match
// case-insensitively too. Non-ASCII case folding is approximated with JS toLowerCase/toUpperCase.
import { compareGoStrings, isPlainObject, mapEntries } from "./go_json.js";
import { GoMap, LABEL_SEPARATOR, PNode, pluginConfFromNode } from "./paerser_raw.js";

const ROOT = "traefik";
/** The prefixes Traefik's label.DecodeConfiguration passes to paerser as filters (compared case-insensitively). */
const FILTERS = ["traefik.http", "traefik.tcp", "traefik.udp", "traefik.tls.stores.default"];

/** labelPrefix is the key prefix of a plugin middleware's labels. */
export function labelPrefix(middleware: string, alias: string): string {
  return `${ROOT}.http.middlewares.${middleware}.plugin.${alias}`;
}

/**
 * fromLabels returns the PluginConf Traefik builds for middleware `middleware`, plugin `alias`, from a
 * container's labels (all of them; unrelated ones are ignored, malformed traefik.http… ones throw like Traefik).
 */
export function fromLabels(labels: Record<string, string>, middleware: string, alias: string): GoMap {
  const root = decodeLabelsToNode(labels);
  let node: PNode | undefined = root;
  for (const name of ["http", "middlewares", middleware, "plugin", alias]) {
    node = node?.children.find((c) => equalFold(c.name, name));
  }
  if (!node) {
    throw new Error(`labels define no plugin ${JSON.stringify(alias)} on middleware ${JSON.stringify(middleware)}`);
  }
  return pluginConfFromNode(node, LABEL_SEPARATOR);
}

/**
 * toLabels writes a config object as the labels a user would set: nested keys joined with ".", array elements
 * as `key[i]`, numbers/bigints/booleans as JS prints them (a label value is only text). null/undefined, empty
 * objects and empty arrays write nothing; if nothing at all is written, the bare `…plugin.<alias>=` label is
 * emitted so the middleware still exists (it decodes to `{}`). Keys containing "." or "[" are not escaped: they
 * mean in labels what they mean to paerser.
 */
export function toLabels(config: unknown, middleware: string, alias: string): Record<string, string> {
  const prefix = labelPrefix(middleware, alias);
  const out: Record<string, string> = {};
  const walk = (path: string, v: unknown): void => {
    if (v === null || v === undefined) return;
    if (typeof v === "string") out[path] = v;
    else if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") out[path] = String(v);
    else if (Array.isArray(v)) v.forEach((item, i) => walk(`${path}[${i}]`, item));
    else if (v instanceof Map || isPlainObject(v)) for (const [k, item] of mapEntries(v)!) walk(`${path}.${k}`, item);
    else throw new Error(`shim: a label value cannot be ${Object.prototype.toString.call(v)}`);
  };
  walk(prefix, config);
  if (Object.keys(out).length === 0) out[prefix] = "";
  return out;
}

/** decodeLabelsToNode is paerser DecodeToNode(labels, "traefik", FILTERS…); undefined when no label matches. */
export function decodeLabelsToNode(labels: Record<string, string>): PNode | undefined {
  const keys = Object.keys(labels)
    .filter((key) => FILTERS.some((f) => key.length >= f.length && equalFold(key.slice(0, f.length), f)))
    .sort(compareGoStrings);
  let root: PNode | undefined;
  for (const key of keys) {
    const split = key.split(".");
    if (split[0] !== ROOT) throw new Error(`invalid label root ${split[0]}`);
    const parts: string[] = [];
    for (const v of split) {
      if (v === "") throw new Error(`invalid element: ${key}`);
      if (v[0] === "[") {
        throw new Error(`invalid leading character '[' in field name (bracket is a slice delimiter): ${v}`);
      }
      if (v.endsWith("]")) {
        const left = v.indexOf("[");
        if (left < 0) throw new Error(`paerser panics: slice bounds out of range on label segment ${v}`);
        parts.push(v.slice(0, left), v.slice(left)); // "list[10]" → "list", "[10]"; "a[0][1]" → "a", "[0][1]"
      } else {
        parts.push(v);
      }
    }
    root ??= { name: "", value: "", children: [] };
    decodeToNode(root, parts, labels[key]);
  }
  return root;
}

function decodeToNode(node: PNode, path: string[], value: string): void {
  if (node.name.length === 0) node.name = path[0];
  if (path.length === 1) {
    node.value = value;
    return;
  }
  let child = node.children.find((c) => equalFold(c.name, path[1]));
  if (!child) {
    child = { name: path[1], value: "", children: [] };
    node.children.push(child);
  }
  decodeToNode(child, path.slice(1), value);
}

/** equalFold approximates Go's strings.EqualFold (exact for ASCII; simple per-code-point folding otherwise). */
export function equalFold(a: string, b: string): boolean {
  if (a === b) return true;
  const ca = [...a];
  const cb = [...b];
  if (ca.length !== cb.length) return false;
  return ca.every((c, i) => {
    const d = cb[i];
    if (c === d) return true;
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    const single = (s: string): boolean => [...s].length === 1;
    return (single(lower) && lower === d.toLowerCase()) || (single(upper) && upper === d.toUpperCase());
  });
}
