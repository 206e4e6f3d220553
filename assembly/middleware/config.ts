// The plugin's configuration: the only place config keys appear. Read once per instance in _initialize from
// get_config; an invalid value stops the build with the key named (traefik-wasm-host.md §2.4, §6.3).

import { get_config, LogLevel } from "../abi/http_handler";
import { JsonKind, JsonValue } from "../json/value";
import { JsonLimits, JsonParser, jsonErrName } from "../json/parse";
import { ConfigError } from "./config_error";
import { ConfigReader } from "./config_reader";
import { DerivedKeys, deriveKeys, MIN_SECRET_BYTES } from "./keys";
import { readRedisConfig, RedisConfig } from "./config_redis";
import { readOidcConfig } from "./config_oidc";
import { OidcConfig } from "../oidc/settings";
import { readEnv } from "../sys/env";
import { MAX_PREVIOUS_KEYS } from "../session/sealed";

/** Config bytes above this are refused: a plugin configuration is a few KiB. */
const MAX_CONFIG_BYTES: i32 = 256 * 1024;
const MAX_CONFIG_DEPTH: i32 = 8;

const LOG_LEVELS = ["debug", "info", "warn", "error", "none"];
/** DEFAULT_HEALTH_PATH is healthPath's default. */
export const DEFAULT_HEALTH_PATH = "/.well-known/oidc-health";

/** Config is the validated configuration of one middleware. */
export class Config {
  /** logLevel: the lowest guest log level Traefik receives; Traefik's own log.level filters again. */
  logLevel: LogLevel = LogLevel.Error;
  /** keys derived from sessionEncryptionKey; null when none is configured. */
  keys: DerivedKeys | null = null;
  /** previousKeys: from previousSessionEncryptionKeys, for reading what older keys wrote; never for writing. */
  previousKeys: Array<DerivedKeys> = [];
  /** healthPath: the exact request path the health endpoint answers; every other path passes through. */
  healthPath: string = DEFAULT_HEALTH_PATH;
  /** redis: the cache section, with REDIS_* environment fallbacks applied. */
  redis: RedisConfig = new RedisConfig();
  /** oidc: the OpenID Connect options; oidc.enabled is false without providerURL. */
  oidc: OidcConfig = new OidcConfig();
}

/** loadConfig reads and validates the configuration into config; the error names the first bad key. */
export function loadConfig(config: Config): ConfigError | null {
  const bytes = readConfigBytes();
  if (bytes === null) return new ConfigError("", `larger than ${MAX_CONFIG_BYTES} bytes`);
  let root: JsonValue | null = null;
  if (bytes.length > 0) {
    const limits = new JsonLimits();
    limits.maxBytes = MAX_CONFIG_BYTES;
    limits.maxDepth = MAX_CONFIG_DEPTH;
    const parser = new JsonParser(limits);
    root = parser.parse(bytes);
    if (root === null) return new ConfigError("", `not valid JSON (${jsonErrName(parser.err)} at byte ${parser.offset})`);
    if (root.kind == JsonKind.Null) root = null;
    else if (root.kind != JsonKind.Object) return new ConfigError("", "must be a JSON object");
  }
  return readConfig(new ConfigReader(root), config, readEnv());
}

/** readConfig validates r into config; env (NAME -> value, from settings.envs) supplies REDIS_* fallbacks. */
export function readConfig(r: ConfigReader, config: Config, env: Map<string, string>): ConfigError | null {
  config.logLevel = levelOf(r.oneOf("logLevel", "error", LOG_LEVELS));
  config.keys = readKeys(r);
  config.previousKeys = readPreviousKeys(r);
  config.healthPath = r.str("healthPath", DEFAULT_HEALTH_PATH);
  if (!validPath(config.healthPath)) r.reject("healthPath", "must be a path starting with \"/\", without \"?\" or \"#\"");
  config.redis = readRedisConfig(r, env);
  // Sessions live in Redis only when it is enabled in a mode that uses it.
  config.oidc = readOidcConfig(r, config.keys !== null, config.redis.enabled && config.redis.cacheMode != "memory");
  r.checkUnknownKeys();
  return r.error;
}

// The secret itself never appears in an error, only its length.
function readKeys(r: ConfigReader): DerivedKeys | null {
  const secret = r.str("sessionEncryptionKey", "");
  if (secret.length == 0) return null;
  const keys = deriveKeys(secret);
  if (keys === null) {
    r.reject("sessionEncryptionKey", `must be at least ${MIN_SECRET_BYTES} bytes (got ${String.UTF8.byteLength(secret)})`);
  }
  return keys;
}

// A rotated-out key keeps existing sessions and cookies readable until they expire; three generations at most.
function readPreviousKeys(r: ConfigReader): Array<DerivedKeys> {
  const secrets = r.strList("previousSessionEncryptionKeys", []);
  const out = new Array<DerivedKeys>();
  if (secrets.length > MAX_PREVIOUS_KEYS) r.reject("previousSessionEncryptionKeys", `at most ${MAX_PREVIOUS_KEYS} keys`);
  for (let i = 0; i < secrets.length && i < MAX_PREVIOUS_KEYS; i++) {
    const keys = deriveKeys(secrets[i]);
    if (keys === null) r.reject("previousSessionEncryptionKeys", `item ${i} must be at least ${MIN_SECRET_BYTES} bytes`);
    else out.push(keys);
  }
  return out;
}

function levelOf(name: string): LogLevel {
  if (name == "debug") return LogLevel.Debug;
  if (name == "info") return LogLevel.Info;
  if (name == "warn") return LogLevel.Warn;
  if (name == "none") return LogLevel.None;
  return LogLevel.Error;
}

// get_config reports the length without writing when the buffer is too small (ABI §3.1): ask, then read.
function readConfigBytes(): Uint8Array | null {
  const len = <i32>get_config(0, 0);
  if (len > MAX_CONFIG_BYTES) return null;
  const bytes = new Uint8Array(len);
  if (len > 0) get_config(bytes.dataStart, <u32>len);
  return bytes;
}

function validPath(p: string): bool {
  if (!p.startsWith("/")) return false;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c == 0x3f || c == 0x23) return false;
  }
  return true;
}
