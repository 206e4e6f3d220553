// File provider (YAML/TOML/JSON file): paerser `file/raw_node.go` (decodeRaw, getSimpleValue) builds the node
// tree from the decoded document, then paerser_raw.ts turns the `<alias>` node into the PluginConf.
//
// JS input model (what yaml.v3 / BurntSushi toml would have decoded):
//   string → string; boolean → bool; bigint → int64 (or uint64 above int64's range);
//   integral number within int64 → int (a YAML integer literal), within uint64 → uint64, otherwise float64;
//   non-integral number → float64; null/undefined → nil (the key is dropped); Array → []any; object/Map → map.
// A JS number cannot say whether YAML had `5` or `5.0`; the bytes only differ for integral values of 2^53 or
// more inside arrays (int digits vs float64 shortest digits). Pass a bigint when exact int64 digits matter.
import { compareGoStrings, isPlainObject, mapEntries } from "./go_json.js";
import { formatGoFloatFixed6 } from "./go_strconv.js";
import { FILE_SEPARATOR, GoMap, Kind, PNode, kindName, pluginConfFromNode } from "./paerser_raw.js";

const INT64_MIN = -(2 ** 63);
const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;
const BIG_INT64_MAX = (1n << 63n) - 1n;

/** filePluginConf is the PluginConf Traefik's file provider builds for `plugin: {<alias>: config}`. */
export function filePluginConf(config: Record<string, unknown> | Map<string, unknown>, alias = "demo"): GoMap {
  const node: PNode = { name: alias, value: "", children: [] };
  decodeRaw(node, config);
  return pluginConfFromNode(node, FILE_SEPARATOR);
}

/** goKind is the reflect.Kind the decoded Go value would have (elements of []any report their dynamic kind). */
export function goKind(v: unknown): number {
  if (v === null || v === undefined) return Kind.Invalid;
  switch (typeof v) {
    case "boolean": return Kind.Bool;
    case "string": return Kind.String;
    case "bigint":
      if (v < -(1n << 63n) || v >= 1n << 64n) throw new Error(`shim: ${v} fits neither int64 nor uint64`);
      return v > BIG_INT64_MAX ? Kind.Uint64 : Kind.Int;
    case "number":
      if (!Number.isInteger(v)) return Kind.Float64;
      if (v >= INT64_MIN && v < TWO_63) return Kind.Int;
      return v >= 0 && v < TWO_64 ? Kind.Uint64 : Kind.Float64;
  }
  if (Array.isArray(v)) return Kind.Slice;
  if (v instanceof Map || isPlainObject(v)) return Kind.Map;
  throw new Error(`shim: unsupported file value ${Object.prototype.toString.call(v)}`);
}

/**
 * getSimpleValue: ints and uints in decimal, bools as true/false, and floats as
 * `strings.TrimSuffix(strconv.FormatFloat(f, 'f', 6, 64), ".000000")` — so 1.5 is "1.500000", 5.0 is "5",
 * 0.1234567 is "0.123457", 1e-7 is "0", -1e-7 is "-0" and YAML .inf is "+Inf".
 */
export function getSimpleValue(v: unknown): string {
  const kind = goKind(v);
  switch (kind) {
    case Kind.String: return v as string;
    case Kind.Bool: return v ? "true" : "false";
    case Kind.Int: case Kind.Uint64: return BigInt(v as number | bigint).toString();
    case Kind.Float64: {
      const s = formatGoFloatFixed6(v as number);
      return s.endsWith(".000000") ? s.slice(0, -7) : s;
    }
    default: throw new Error(`unsupported simple value type: ${kindName(kind)}`);
  }
}

function decodeRaw(node: PNode, data: unknown): void {
  const entries = mapEntries(data)!;
  entries.sort((a, b) => compareGoStrings(a[0], b[0])); // sortKeys: children in Go string order
  for (const [key, value] of entries) {
    if (value === null || value === undefined) continue; // `vData.MapIndex(key).IsNil()`: null keys vanish
    const child: PNode = { name: key, value: "", children: [] };
    const kind = goKind(value);
    if (kind === Kind.Map) decodeRaw(child, value);
    else if (kind === Kind.Slice) decodeSlice(child, value as unknown[]);
    else child.value = getSimpleValue(value);
    node.children.push(child);
  }
}

/**
 * A slice: map elements become children "[i]"; every other element is stringified with getSimpleValue (nil and
 * nested slices are errors) and the strings are packed as `║<kind>║v1║v2…` where kind is the LARGEST
 * reflect.Kind seen among all elements (Bool 1 < Int 2 < Uint64 11 < Float64 14 < Map 21 < String 24).
 * fillRawTypedSlice later parses every element with that one kind: [1, 2.5] → float64s, [1, "a"] → strings
 * ("1", "a"), [true, "x"] → strings, [1, true] → error (ParseInt "true"). If any element is a map the packed
 * scalars are ignored (the node has children) and the scalars silently disappear. An empty slice leaves Value ""
 * and no children, which squashes to the string "".
 */
function decodeSlice(child: PNode, items: unknown[]): void {
  const values: string[] = [];
  let kind: number = Kind.Invalid;
  items.forEach((item, i) => {
    kind = Math.max(kind, goKind(item));
    if (goKind(item) === Kind.Map) {
      const element: PNode = { name: `[${i}]`, value: "", children: [] };
      child.children.push(element);
      decodeRaw(element, item);
    } else {
      values.push(getSimpleValue(item));
    }
  });
  child.value = values.length > 0 ? `${FILE_SEPARATOR}${kind}${FILE_SEPARATOR}${values.join(FILE_SEPARATOR)}` : "";
}
