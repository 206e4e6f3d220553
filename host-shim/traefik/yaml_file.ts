// The configuration files the shim reads: YAML only. Traefik also reads TOML (and decides by the extension, as here),
// but one format keeps the shim small, and YAML is what the project ships.

import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse } from "yaml";
import { ConfigError, isNode, type Node } from "./config_node.js";

/** readYamlText reads a configuration file, refusing by extension what the shim or Traefik cannot decode. */
export function readYamlText(path: string): string {
  const ext = extname(path).toLowerCase();
  if (ext === ".toml") throw new ConfigError(`${path}: TOML not supported by the shim, use YAML`);
  if (ext !== ".yml" && ext !== ".yaml") throw new ConfigError(`${path}: unsupported file extension: ${ext || "(none)"}`);
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`${path}: cannot read the configuration file: ${(err as Error).message}`);
  }
}

/**
 * parseYamlDocument decodes one document. Integers stay exact (bigint), as yaml.v3 decodes them into int64: plugin
 * configurations reach the guest with their digits (host-shim/config/file.ts). An empty file is an empty mapping.
 */
export function parseYamlDocument(text: string, file: string): Node {
  let doc: unknown;
  try {
    doc = parse(text, { intAsBigInt: true });
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isNode(doc)) throw new ConfigError(`${file}: the document must be a mapping`);
  return doc;
}
