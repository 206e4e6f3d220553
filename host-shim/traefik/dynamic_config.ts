// Traefik's dynamic configuration from its file provider: providers.file.filename, or every YAML file under
// providers.file.directory (subdirectories included, in name order, the first definition of a name winning), each
// rendered as a template first. The shim reads http.routers, http.middlewares and http.services; names are
// qualified `<name>@file`, as Traefik's file provider does. What a router does with them is routes.ts's business.

import { readdirSync } from "node:fs";
import { join as joinPath, resolve } from "node:path";
import { ConfigError, isNode, join, OptionReader, optionValue, unknownOptions, type Node } from "./config_node.js";
import { renderEnvTemplate } from "./env_template.js";
import type { Logger } from "./log.js";
import { parseYamlDocument, readYamlText } from "./yaml_file.js";

export interface RouterConfig {
  /** Qualified, e.g. "web@file". */
  name: string;
  rule: string;
  /** Absent: the default entrypoints. */
  entryPoints: string[] | undefined;
  middlewares: string[];
  service: string;
  /** 0 when unset: Traefik then ranks the router by its rule's length. */
  priority: number;
  tls: boolean;
}

export interface MiddlewareConfig {
  name: string;
  /** The middleware types declared (Traefik accepts exactly one): "plugin", "headers"… */
  types: string[];
  /** `plugin`: alias → the plugin's configuration. */
  plugin: Node | undefined;
}

export interface ServiceConfig {
  name: string;
  types: string[];
  loadBalancer: { servers: string[]; passHostHeader: boolean } | undefined;
}

export interface DynamicConfig {
  routers: RouterConfig[];
  middlewares: Map<string, MiddlewareConfig>;
  services: Map<string, ServiceConfig>;
}

export interface FileProviderConfig { filename?: string; directory?: string }

const SECTIONS = ["http", "tcp", "udp", "tls"];
const APPLIED_ROUTER_OPTIONS = ["rule", "entryPoints", "middlewares", "service", "priority", "tls"];

/**
 * readDynamicConfig loads the file provider's configuration; relative paths are resolved against workDir, Traefik's
 * working directory. A file that cannot be read, rendered or decoded fails the whole provider (ConfigError).
 */
export function readDynamicConfig(provider: FileProviderConfig, workDir: string, env: NodeJS.ProcessEnv, log: Logger): DynamicConfig {
  // Traefik's file provider prefers directory over filename (BuildConfiguration).
  const files = provider.directory ? yamlFilesUnder(resolve(workDir, provider.directory))
    : provider.filename ? [resolve(workDir, provider.filename)]
    : [];
  if (files.length === 0 && !provider.directory) {
    throw new ConfigError("providers.file: error using file configuration provider, neither filename nor directory is defined");
  }
  const routers = new Map<string, RouterConfig>();
  const middlewares = new Map<string, MiddlewareConfig>();
  const services = new Map<string, ServiceConfig>();
  for (const file of files) {
    const doc = parseYamlDocument(renderEnvTemplate(readYamlText(file), env, file), file);
    const r = new OptionReader(file);
    const unknown = unknownOptions(doc, SECTIONS);
    if (unknown.length > 0) r.fail(unknown[0], "field not found: Traefik has no such dynamic option");
    for (const section of unknownOptions(doc, ["http"])) log.warn(`${section} configuration is not applied by the shim`, { file });
    const http = r.object(doc, "http", "") ?? {};
    for (const [name, node] of r.named(http, "routers", "http")) addOnce(routers, routerOf(r, name, node, log), "router", log);
    for (const [name, node] of r.named(http, "middlewares", "http")) addOnce(middlewares, middlewareOf(r, name, node), "middleware", log);
    for (const [name, node] of r.named(http, "services", "http")) addOnce(services, serviceOf(r, name, node), "service", log);
  }
  return { routers: [...routers.values()], middlewares, services };
}

function routerOf(r: OptionReader, name: string, node: Node, log: Logger): RouterConfig {
  const path = join("http.routers", name);
  for (const option of unknownOptions(node, APPLIED_ROUTER_OPTIONS)) log.warn(`${path}.${option} is not applied by the shim`, { file: r.file });
  return {
    name: `${name}@file`,
    rule: r.string(node, "rule", path) ?? "",
    entryPoints: r.strings(node, "entryPoints", path),
    middlewares: r.strings(node, "middlewares", path) ?? [],
    service: r.string(node, "service", path) ?? "",
    priority: r.int(node, "priority", path) ?? 0,
    tls: r.object(node, "tls", path) !== undefined,
  };
}

function middlewareOf(r: OptionReader, name: string, node: Node): MiddlewareConfig {
  return { name: `${name}@file`, types: Object.keys(node), plugin: r.object(node, "plugin", join("http.middlewares", name)) };
}

function serviceOf(r: OptionReader, name: string, node: Node): ServiceConfig {
  const path = join("http.services", name);
  const lb = r.object(node, "loadBalancer", path);
  const lbPath = join(path, "loadBalancer");
  return {
    name: `${name}@file`,
    types: Object.keys(node),
    loadBalancer: lb && {
      servers: serverUrls(r, lb, lbPath),
      passHostHeader: r.bool(lb, "passHostHeader", lbPath) ?? true,
    },
  };
}

function serverUrls(r: OptionReader, lb: Node, path: string): string[] {
  const servers = optionValue(lb, "servers") ?? [];
  if (!Array.isArray(servers)) return r.fail(join(path, "servers"), "must be a list of {url: …}");
  return servers.map((server: unknown, i) => {
    const at = `${path}.servers[${i}]`;
    if (!isNode(server)) return r.fail(at, "must be a mapping with a url");
    return r.string(server, "url", at) ?? r.fail(join(at, "url"), "is required");
  });
}

// Traefik merges a directory's files by name, keeping the first definition (loadFileConfigFromDirectory).
function addOnce<T extends { name: string }>(into: Map<string, T>, item: T, kind: string, log: Logger): void {
  if (into.has(item.name)) return log.warn(`HTTP ${kind} already configured, skipping`, { [`${kind}Name`]: item.name });
  into.set(item.name, item);
}

function yamlFilesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch (err) {
    throw new ConfigError(`providers.file.directory: unable to read directory ${dir}: ${(err as Error).message}`);
  }
  return entries.flatMap((e) => {
    const path = joinPath(dir, e.name);
    if (e.isDirectory()) return yamlFilesUnder(path);
    return /\.(toml|ya?ml)$/i.test(e.name) ? [path] : [];
  });
}
