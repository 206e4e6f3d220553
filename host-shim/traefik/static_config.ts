// Traefik's static configuration, the parts the shim serves: entryPoints (address, asDefault, forwardedHeaders),
// providers.file, experimental.localPlugins and log. Other sections Traefik has are kept as notes (logged, then
// ignored); a top-level key Traefik does not have is refused, as Traefik refuses the file ("field not found").

import { isIP } from "node:net";
import { join, OptionReader, unknownOptions, type Node } from "./config_node.js";
import { parseYamlDocument, readYamlText } from "./yaml_file.js";

export interface ForwardedHeadersConfig { insecure: boolean; trustedIPs: string[] }

export interface EntryPointConfig {
  name: string;
  /** Where to bind; "" is every interface, as Go listens for ":8080". */
  host: string;
  port: number;
  asDefault: boolean;
  forwardedHeaders: ForwardedHeadersConfig;
}

export interface LocalPluginConfig {
  alias: string;
  moduleName: string;
  settings: { envs: string[]; mounts: string[] };
}

export interface StaticConfig {
  entryPoints: EntryPointConfig[];
  fileProvider: { filename?: string; directory?: string } | undefined;
  localPlugins: LocalPluginConfig[];
  abortOnPluginFailure: boolean;
  log: { level?: string; format?: string };
  /** What the shim ignores, for warnings once the logger exists. */
  notes: string[];
}

// static.Configuration's fields (pkg/config/static/static_config.go, v3).
const TRAEFIK_SECTIONS = ["global", "serversTransport", "tcpServersTransport", "entryPoints", "providers", "api",
  "metrics", "ping", "log", "accessLog", "tracing", "hostResolver", "certificatesResolvers", "experimental", "core",
  "spiffe", "ocsp"];
const APPLIED_SECTIONS = ["entryPoints", "providers", "log", "experimental"];
const APPLIED_ENTRYPOINT_OPTIONS = ["address", "asDefault", "forwardedHeaders"];
const APPLIED_FORWARDED_OPTIONS = ["insecure", "trustedIPs"];
// Traefik's default when the configuration declares no entrypoint (SetEffectiveConfiguration).
const DEFAULT_ENTRYPOINTS: [string, Node][] = [["http", { address: ":80" }]];

/** readStaticConfig reads and checks a static configuration file; throws ConfigError naming the option at fault. */
export function readStaticConfig(file: string): StaticConfig {
  const doc = parseYamlDocument(readYamlText(file), file);
  const r = new OptionReader(file);
  const unknown = unknownOptions(doc, TRAEFIK_SECTIONS);
  if (unknown.length > 0) r.fail(unknown[0], "field not found: Traefik has no such static option");
  const notes = unknownOptions(doc, APPLIED_SECTIONS).map((s) => `${s} is not applied by the shim`);
  const providers = r.object(doc, "providers", "") ?? {};
  for (const name of unknownOptions(providers, ["file", "providersThrottleDuration"])) notes.push(`providers.${name} is not run by the shim`);
  const fileProvider = r.object(providers, "file", "providers");
  const experimental = r.object(doc, "experimental", "") ?? {};
  if (r.object(experimental, "plugins", "experimental")) {
    notes.push("experimental.plugins are not downloaded by the shim: put the plugin under plugins-local/src/ and declare it in experimental.localPlugins");
  }
  const log = r.object(doc, "log", "") ?? {};
  if (r.string(log, "filePath", "log")) notes.push("log.filePath is not applied by the shim: it writes its log to stdout");
  const entryPoints = r.named(doc, "entryPoints", "");
  return {
    entryPoints: entryPointsOf(r, entryPoints.length > 0 ? entryPoints : DEFAULT_ENTRYPOINTS, notes),
    fileProvider: fileProvider && {
      filename: r.string(fileProvider, "filename", "providers.file"),
      directory: r.string(fileProvider, "directory", "providers.file"),
    },
    localPlugins: r.named(experimental, "localPlugins", "experimental").map(([alias, p]) => localPluginOf(r, alias, p)),
    abortOnPluginFailure: r.bool(experimental, "abortOnPluginFailure", "experimental") ?? false,
    log: { level: r.string(log, "level", "log"), format: r.string(log, "format", "log") },
    notes,
  };
}

function entryPointsOf(r: OptionReader, entryPoints: [string, Node][], notes: string[]): EntryPointConfig[] {
  const out: EntryPointConfig[] = [];
  for (const [name, ep] of entryPoints) {
    const path = join("entryPoints", name);
    for (const option of unknownOptions(ep, APPLIED_ENTRYPOINT_OPTIONS)) notes.push(`${path}.${option} is not applied by the shim`);
    const address = r.string(ep, "address", path) ?? r.fail(join(path, "address"), "is required, e.g. \":8080\"");
    if (/\/udp$/i.test(address)) {
      notes.push(`${path} is a UDP entrypoint, not served by the shim`);
      continue;
    }
    out.push({
      name, ...hostPort(r, address.replace(/\/tcp$/i, ""), join(path, "address")),
      asDefault: r.bool(ep, "asDefault", path) ?? false,
      forwardedHeaders: forwardedHeadersOf(r, r.object(ep, "forwardedHeaders", path) ?? {}, join(path, "forwardedHeaders"), notes),
    });
  }
  return out;
}

function hostPort(r: OptionReader, address: string, path: string): { host: string; port: number } {
  const match = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(address);
  if (!match || Number(match[2]) > 65535) return r.fail(path, `${JSON.stringify(address)} is not host:port (":8080", "127.0.0.1:0")`);
  return { host: match[1].replace(/^\[(.*)\]$/, "$1"), port: Number(match[2]) };
}

function forwardedHeadersOf(r: OptionReader, node: Node, path: string, notes: string[]): ForwardedHeadersConfig {
  for (const option of unknownOptions(node, APPLIED_FORWARDED_OPTIONS)) notes.push(`${path}.${option} is not applied by the shim`);
  const trustedIPs = r.strings(node, "trustedIPs", path) ?? [];
  for (const entry of trustedIPs) {
    const [ip, prefix, extra] = entry.split("/");
    const family = isIP(ip);
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (family === 0 || !prefixOk || extra !== undefined) r.fail(join(path, "trustedIPs"), `${JSON.stringify(entry)} is neither an IP nor a CIDR`);
  }
  return { insecure: r.bool(node, "insecure", path) ?? false, trustedIPs };
}

function localPluginOf(r: OptionReader, alias: string, node: Node): LocalPluginConfig {
  const path = join("experimental.localPlugins", alias);
  const settings = r.object(node, "settings", path) ?? {};
  const settingsPath = join(path, "settings");
  return {
    alias,
    moduleName: r.string(node, "moduleName", path) ?? "",
    settings: { envs: r.strings(settings, "envs", settingsPath) ?? [], mounts: r.strings(settings, "mounts", settingsPath) ?? [] },
  };
}
