// How traefik/paerser turns the node tree of a provider (labels or file) into the `map[string]any` of a plugin
// (`dynamic.PluginConf`). Ported from paerser `parser/nodes_metadata.go` (addRawValue, nodeToRawMap, squashNode)
// and `parser/element_fill.go` (fillRawValue, fillRawMapWithTypedSlice, cleanRawValue, fillRawTypedSlice), quirks
// included, because those quirks decide what the guest's `get_config` returns.
import { parseGoAtoi, parseGoBool, parseGoFloat64, parseGoInt, parseGoUint } from "./go_strconv.js";

/** A Go value inside a PluginConf: float64 is number, int64/uint64 is bigint, map[string]any is GoMap. */
export type GoValue = null | boolean | number | bigint | string | GoValue[] | GoMap;
export type GoMap = Map<string, GoValue>;

/** paerser's parser.Node, reduced to what raw plugin maps use. */
export interface PNode {
  name: string;
  value: string;
  children: PNode[];
}

/** reflect.Kind numbers: paerser's file decoder writes them into typed-slice strings (`║<kind>║v1║v2`). */
export const Kind = {
  Invalid: 0, Bool: 1, Int: 2, Int8: 3, Int16: 4, Int32: 5, Int64: 6,
  Uint: 7, Uint8: 8, Uint16: 9, Uint32: 10, Uint64: 11, Uintptr: 12, Float32: 13, Float64: 14,
  Map: 21, Slice: 23, String: 24,
} as const;

const KIND_NAMES: Record<number, string> = {
  0: "invalid", 1: "bool", 2: "int", 3: "int8", 4: "int16", 5: "int32", 6: "int64", 7: "uint", 8: "uint8",
  9: "uint16", 10: "uint32", 11: "uint64", 12: "uintptr", 13: "float32", 14: "float64", 21: "map", 23: "slice",
  24: "string",
};

export function kindName(kind: number): string {
  return KIND_NAMES[kind] ?? `kind${kind}`;
}

/** The separators paerser uses: "," for labels (the filler default), "║" for the file provider. */
export const LABEL_SEPARATOR = ",";
export const FILE_SEPARATOR = "║";

/**
 * pluginConfFromNode builds the PluginConf of one `<alias>` node. paerser's metadata pass gives each top-level
 * child a RawValue (nodeToRawMap) and the filler then merges those with fillRawValue(subMap=true), in child order.
 * An alias node without children yields an empty (non-nil) map, i.e. `{}`.
 */
export function pluginConfFromNode(alias: PNode, separator: string): GoMap {
  const field: GoMap = new Map();
  for (const child of alias.children) fillRawValue(field, child, nodeToRawMap(child), separator);
  return field;
}

/**
 * nodeToRawMap is squashNode(node, {}, root=true). For a map-valued child the root flag spreads its children
 * into the result itself (no wrapping key); fillRawValue re-wraps it unless it contains its own name.
 */
export function nodeToRawMap(node: PNode): GoMap {
  const result: GoMap = new Map();
  squashNode(node, result, true);
  return result;
}

function isArrayKey(name: string): boolean {
  // Go indexes name[0] and panics on "" (only reachable with an empty YAML key).
  if (name === "") throw new Error("paerser panics: index out of range on an empty key (isArrayKey)");
  return name[0] === "[" && name[name.length - 1] === "]";
}

function squashNode(node: PNode, acc: GoMap, root: boolean): void {
  if (node.children.length === 0) {
    acc.set(node.name, node.value); // a leaf is always a string here; a node's Value is dropped if it has children
    return;
  }
  // Only the FIRST child decides "slice": then every child is an element, in child order (indices ignored).
  if (isArrayKey(node.children[0].name)) {
    const elements: GoValue[] = [];
    for (const child of node.children) {
      const tmp: GoMap = new Map();
      squashNode(child, tmp, false);
      elements.push(tmp.get(child.name) ?? null);
    }
    acc.set(node.name, elements);
    return;
  }
  const target = root ? acc : typedRawMap(acc, node.name);
  for (const child of node.children) squashNode(child, target, false);
}

function typedRawMap(m: GoMap, key: string): GoMap {
  if (m.get(key) === undefined || m.get(key) === null) m.set(key, new Map());
  const r = m.get(key);
  if (!(r instanceof Map)) throw new Error(`paerser panics: unsupported value (key: ${key})`);
  return r;
}

/**
 * fillRawValue with subMap=true. If the raw map holds the node's own name ("self": a leaf, a slice, or a map that
 * has a child named like itself), its entries go straight into the plugin map — so `a: {a: x, b: y}` becomes
 * `{a: x, b: y}` at top level. Otherwise the map is stored under the node's name after typed slices nested in
 * maps (not in slices) are decoded.
 */
function fillRawValue(field: GoMap, node: PNode, raw: GoMap, separator: string): void {
  if (raw.has(node.name)) {
    for (const [k, v] of raw) {
      if (separator === LABEL_SEPARATOR) { field.set(k, v); continue; }
      if (typeof v !== "string" || v.length === 0 || !v.startsWith(separator)) {
        field.set(k, cleanRawValue(v, separator));
        continue;
      }
      field.set(k, fillRawTypedSlice(v, separator));
    }
    return;
  }
  fillRawMapWithTypedSlice(raw, separator);
  field.set(node.name, raw);
}

/** fillRawMapWithTypedSlice: recurses through maps only; strings starting with the separator become slices. */
function fillRawMapWithTypedSlice(v: GoValue, separator: string): GoValue {
  if (typeof v === "string") return v.startsWith(separator) ? fillRawTypedSlice(v, separator) : v;
  if (v instanceof Map) for (const [k, item] of v) v.set(k, fillRawMapWithTypedSlice(item, separator));
  return v;
}

/** cleanRawValue: recurses through maps AND slices (skipping nil elements). */
function cleanRawValue(v: GoValue, separator: string): GoValue {
  if (typeof v === "string") return v.startsWith(separator) ? fillRawTypedSlice(v, separator) : v;
  if (v instanceof Map) for (const [k, item] of v) v.set(k, cleanRawValue(item, separator));
  else if (Array.isArray(v)) v.forEach((item, i) => { if (item !== null) v[i] = cleanRawValue(item, separator); });
  return v;
}

/**
 * fillRawTypedSlice decodes `<sep><kind><sep>v1<sep>v2…` into []any: each element is parsed with the one kind
 * (ints as int64, uints as uint64, floats as float64, bools, strings). A parse failure is a decode error.
 */
export function fillRawTypedSlice(s: string, separator: string): GoValue[] {
  const raw = s.split(separator);
  const kind = parseGoAtoi(raw[1] ?? "");
  return raw.slice(2).map((item) => parseTypedElement(kind, item));
}

function parseTypedElement(kind: number, item: string): GoValue {
  const wrap = (label: string, fn: () => GoValue): GoValue => {
    try { return fn(); } catch (e) { throw new Error(`parse ${label}: ${item}, ${(e as Error).message}`); }
  };
  switch (kind) {
    case Kind.Bool: return wrap("bool", () => parseGoBool(item));
    case Kind.Int: return wrap("int", () => parseGoInt(item, 64));
    case Kind.Int8: case Kind.Int16: case Kind.Int32: case Kind.Int64:
      return wrap(kindName(kind), () => parseGoInt(item, 2 ** (kind - Kind.Int + 2)));
    case Kind.Uint: return wrap("uint", () => parseGoUint(item, 64));
    case Kind.Uint8: case Kind.Uint16: case Kind.Uint32: case Kind.Uint64:
      return wrap("uint", () => parseGoUint(item, 2 ** (kind - Kind.Uint + 2)));
    case Kind.Float32:
      throw new Error("shim: float32 typed slices are not supported (no YAML/TOML value produces them)");
    // NaN/±Inf parse fine here (paerser keeps them); json.Marshal fails on them later, as marshalGoJson does.
    case Kind.Float64: return wrap("float64", () => parseGoFloat64(item));
    case Kind.String: return item;
    default: throw new Error(`unsupported kind: ${kind}`);
  }
}
