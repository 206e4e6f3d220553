// The `redis` section of the configuration (redis-cache-design.txt's option table) and its REDIS_* environment
// fallbacks. Keys are named `redis.<key>` in errors; unknown keys inside `redis` refuse the build.
//
// Environment fallbacks apply only to a key absent from the config, and only reach the guest when the operator
// lists the variable in the plugin's static `settings.envs` (sys/env.ts); an empty value counts as unset.
//
// poolSize: Traefik's wasm host keeps no socket across requests (traefik-wasm-host.md §2.4, §5.8), so there is
// no pool. Every request opens at most ONE Redis connection, lazily, and closes it before the request ends; the
// value is validated (1..1024) and accepted for compatibility with the seed's configuration, but it cannot raise
// that bound and has no other effect.

import { ConfigReader } from "./config_reader";
import { DEFAULT_KEY_PREFIX } from "../cache/redis";
import { DEFAULT_THRESHOLD, DEFAULT_TIMEOUT_MS } from "../cache/breaker";
import { DEFAULT_L1_TTL_MS } from "../cache/hybrid";
import { DEFAULT_MAX_ITEMS, DEFAULT_MAX_BYTES } from "../cache/memory";

export const CACHE_MODES = ["memory", "redis", "hybrid"];

/** ENV_FALLBACKS pairs each key with its environment variable. */
const ENV_KEYS = ["enabled", "address", "password", "username", "db", "keyPrefix", "cacheMode", "poolSize",
  "connectTimeout", "readTimeout", "writeTimeout", "enableTLS", "tlsSkipVerify"];
const ENV_NAMES = ["REDIS_ENABLED", "REDIS_ADDRESS", "REDIS_PASSWORD", "REDIS_USERNAME", "REDIS_DB",
  "REDIS_KEY_PREFIX", "REDIS_CACHE_MODE", "REDIS_POOL_SIZE", "REDIS_CONNECT_TIMEOUT", "REDIS_READ_TIMEOUT",
  "REDIS_WRITE_TIMEOUT", "REDIS_ENABLE_TLS", "REDIS_TLS_SKIP_VERIFY"];

const MAX_SECONDS: i64 = 600; // net/deadline.ts MAX_TIMEOUT_MS
const MAX_INTERVAL_SECONDS: i64 = 86_400;

/** RedisConfig is the validated `redis` section. Times are in milliseconds here; the config gives seconds. */
export class RedisConfig {
  enabled: bool = false;
  /** host as written (an IPv6 literal keeps its brackets), and port, split from `address`. */
  host: string = "";
  port: i32 = 0;
  address: string = "";
  password: string = "";
  username: string = "";
  db: i32 = 0;
  keyPrefix: string = DEFAULT_KEY_PREFIX;
  cacheMode: string = "memory";
  poolSize: i32 = 10;
  connectTimeoutMs: i32 = 5000;
  readTimeoutMs: i32 = 3000;
  writeTimeoutMs: i32 = 3000;
  enableTLS: bool = false;
  tlsSkipVerify: bool = false;
  enableCircuitBreaker: bool = true;
  circuitBreakerThreshold: i32 = DEFAULT_THRESHOLD;
  circuitBreakerTimeoutMs: i64 = DEFAULT_TIMEOUT_MS;
  enableHealthCheck: bool = true;
  healthCheckIntervalMs: i64 = 30_000;
  hybridL1Size: i32 = DEFAULT_MAX_ITEMS;
  hybridL1MemoryMB: i32 = <i32>(DEFAULT_MAX_BYTES >> 20);
  hybridL1TtlMs: i64 = DEFAULT_L1_TTL_MS;
}

/** readRedisConfig reads `redis` from parent, with env (NAME -> value) as fallback for absent keys. */
export function readRedisConfig(parent: ConfigReader, env: Map<string, string>): RedisConfig {
  const c = new RedisConfig();
  const r = parent.child("redis");
  for (let i = 0; i < ENV_KEYS.length; i++) {
    const name = ENV_NAMES[i];
    if (!env.has(name)) continue;
    const value = env.get(name);
    if (value.length > 0) r.fallback(ENV_KEYS[i], value, name);
  }
  c.enabled = r.bool("enabled", false);
  c.address = r.str("address", "");
  c.password = r.str("password", "");
  c.username = r.str("username", "");
  c.db = <i32>r.int("db", 0, 0, 15);
  c.keyPrefix = r.str("keyPrefix", DEFAULT_KEY_PREFIX);
  c.cacheMode = r.oneOf("cacheMode", c.enabled ? "redis" : "memory", CACHE_MODES);
  c.poolSize = <i32>r.int("poolSize", 10, 1, 1024);
  c.connectTimeoutMs = <i32>r.int("connectTimeout", 5, 1, MAX_SECONDS) * 1000;
  c.readTimeoutMs = <i32>r.int("readTimeout", 3, 1, MAX_SECONDS) * 1000;
  c.writeTimeoutMs = <i32>r.int("writeTimeout", 3, 1, MAX_SECONDS) * 1000;
  c.enableTLS = r.bool("enableTLS", false);
  c.tlsSkipVerify = r.bool("tlsSkipVerify", false);
  c.enableCircuitBreaker = r.bool("enableCircuitBreaker", true);
  c.circuitBreakerThreshold = <i32>r.int("circuitBreakerThreshold", DEFAULT_THRESHOLD, 1, 1_000_000);
  c.circuitBreakerTimeoutMs = r.int("circuitBreakerTimeout", DEFAULT_TIMEOUT_MS / 1000, 0, MAX_INTERVAL_SECONDS) * 1000;
  c.enableHealthCheck = r.bool("enableHealthCheck", true);
  c.healthCheckIntervalMs = r.int("healthCheckInterval", 30, 0, MAX_INTERVAL_SECONDS) * 1000;
  c.hybridL1Size = <i32>r.int("hybridL1Size", DEFAULT_MAX_ITEMS, 0, 1_000_000);
  c.hybridL1MemoryMB = <i32>r.int("hybridL1MemoryMB", DEFAULT_MAX_BYTES >> 20, 0, 1024);
  c.hybridL1TtlMs = r.int("hybridL1TTL", DEFAULT_L1_TTL_MS / 1000, 0, MAX_INTERVAL_SECONDS) * 1000;

  if (c.enableTLS) r.reject("enableTLS", "TLS is not supported yet");
  if (c.tlsSkipVerify) r.reject("tlsSkipVerify", "TLS is not supported yet");
  if (c.enabled) {
    if (c.address.length == 0) r.reject("address", "required when redis.enabled is true");
    else splitAddress(r, c);
  } else {
    if (c.cacheMode != "memory") r.reject("cacheMode", `"${c.cacheMode}" needs redis.enabled=true; only "memory" works without Redis`);
    if (c.address.length > 0) splitAddress(r, c);
  }
  r.checkUnknownKeys();
  return c;
}

// host:port, with IPv6 literals as [::1]:6379. The port is 1..65535 in decimal.
function splitAddress(r: ConfigReader, c: RedisConfig): void {
  const a = c.address;
  const colon = a.lastIndexOf(":");
  if (colon <= 0 || colon == a.length - 1) { r.reject("address", `must be host:port (got "${a}")`); return; }
  const host = a.substring(0, colon);
  const portText = a.substring(colon + 1);
  const bracketed = host.startsWith("[") && host.endsWith("]") && host.length > 2;
  if (!bracketed && (host.includes(":") || host.includes("[") || host.includes("]"))) {
    r.reject("address", `an IPv6 address must be written in brackets, as [::1]:6379 (got "${a}")`);
    return;
  }
  let port: i32 = 0;
  for (let i = 0; i < portText.length; i++) {
    const ch = portText.charCodeAt(i);
    if (ch < 48 || ch > 57 || port > 65535) { port = -1; break; }
    port = port * 10 + (ch - 48);
  }
  if (port < 1 || port > 65535) { r.reject("address", `port must be a number from 1 to 65535 (got "${portText}")`); return; }
  c.host = host;
  c.port = port;
}
