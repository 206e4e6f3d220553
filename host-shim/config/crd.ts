// Kubernetes CRD provider: `spec.plugin.<alias>` is raw JSON (apiextensionv1.JSON) that Traefik json.Unmarshals
// into a PluginConf, so values are JSON-typed (every number a float64), then every string anywhere that starts
// with `urn:k8s:secret:` is replaced by a Secret value from the Middleware's namespace
// (pkg/provider/kubernetes/crd/kubernetes.go: createPluginMiddleware, loadSecretKeys, getSecretValue).
import { isPlainObject, mapEntries } from "./go_json.js";
import { goQuote } from "./go_strconv.js";
import { GoMap, GoValue } from "./paerser_raw.js";

export interface CrdOptions {
  /** Secrets of the Middleware's namespace: secretName → key → value. */
  secrets?: Record<string, Record<string, string>>;
  /** The Middleware's namespace (appears in error messages). Default "default". */
  namespace?: string;
}

const URN_PREFIX = "urn:k8s:secret:";

/** crdPluginConf is the PluginConf the CRD provider builds; throws Traefik's error for a bad secret reference. */
export function crdPluginConf(config: Record<string, unknown> | Map<string, unknown>, opts: CrdOptions = {}): GoMap {
  const conf = jsonValue(config) as GoMap;
  for (const [key, value] of conf) conf.set(key, loadSecretKeys(value, opts));
  return conf;
}

/**
 * jsonValue is the JSON round trip (k8s object → json.Marshal → json.Unmarshal into any): numbers become float64
 * (bigints are rounded to the nearest double, as Go's ParseFloat would), lone UTF-16 surrogates become U+FFFD
 * (Go's decoder replaces invalid `\uD800` escapes), `undefined` keys are absent like in JSON.
 */
function jsonValue(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "boolean": return v;
    case "string": return toWellFormed(v);
    case "bigint": return Number(v);
    case "number":
      if (!Number.isFinite(v)) throw new Error(`shim: ${v} is not a JSON number, a CRD cannot hold it`);
      return v;
  }
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v instanceof Map || isPlainObject(v)) {
    const out: GoMap = new Map();
    for (const [k, item] of mapEntries(v)!) if (item !== undefined) out.set(toWellFormed(k), jsonValue(item));
    return out;
  }
  throw new Error(`shim: a CRD value cannot be ${Object.prototype.toString.call(v)}`);
}

function loadSecretKeys(v: GoValue, opts: CrdOptions): GoValue {
  if (typeof v === "string") return v.startsWith(URN_PREFIX) ? getSecretValue(v, opts) : v;
  if (Array.isArray(v)) v.forEach((item, i) => { v[i] = loadSecretKeys(item, opts); });
  else if (v instanceof Map) for (const [k, item] of v) v.set(k, loadSecretKeys(item, opts));
  return v;
}

/** getSecretValue: `urn:k8s:secret:<name>:<key>` must split into exactly 5 colon-separated parts. */
function getSecretValue(urn: string, opts: CrdOptions): string {
  const ns = opts.namespace ?? "default";
  const parts = urn.split(":");
  if (parts.length !== 5) throw new Error(`malformed secret URN ${goQuote(urn)}`);
  const [, , , secretName, secretKey] = parts;
  const secrets = opts.secrets ?? {};
  if (!Object.hasOwn(secrets, secretName)) throw new Error(`secret ${ns}/${secretName} is not found`);
  const data = secrets[secretName];
  if (!Object.hasOwn(data, secretKey)) {
    throw new Error(`key ${goQuote(secretKey)} not found in secret ${ns}/${secretName}`);
  }
  return data[secretKey];
}

function toWellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}
