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
import { TlsTrust, TlsTrustKeys } from "./config_tls";
import { TlsClientConfig } from "../tls/client";
import { DEFAULT_KEY_PREFIX } from "../cache/redis";
import { DEFAULT_THRESHOLD, DEFAULT_TIMEOUT_MS } from "../cache/breaker";
import { DEFAULT_L1_TTL_MS } from "../cache/hybrid";
import { DEFAULT_MAX_ITEMS, DEFAULT_MAX_BYTES } from "../cache/memory";
import { MAX_SENTINELS } from "../cache/sentinel";
import { AddressProblem, NodeAddress, parseNodeAddress } from "../cache/node_address";

export const CACHE_MODES = ["memory", "redis", "hybrid"];

const REDIS_TLS_KEYS = new TlsTrustKeys("caCertPEM", "caCertPath", "tlsSkipVerify", "redis.");

/** ENV_FALLBACKS pairs each key with its environment variable. */
const ENV_KEYS = ["enabled", "address", "password", "username", "db", "keyPrefix", "cacheMode", "poolSize",
  "connectTimeout", "readTimeout", "writeTimeout", "enableTLS", "tlsSkipVerify", "clusterAddresses",
  "sentinelAddresses", "sentinelMasterName", "sentinelPassword", "sentinelUsername", "caCertPEM", "caCertPath"];
const ENV_NAMES = ["REDIS_ENABLED", "REDIS_ADDRESS", "REDIS_PASSWORD", "REDIS_USERNAME", "REDIS_DB",
  "REDIS_KEY_PREFIX", "REDIS_CACHE_MODE", "REDIS_POOL_SIZE", "REDIS_CONNECT_TIMEOUT", "REDIS_READ_TIMEOUT",
  "REDIS_WRITE_TIMEOUT", "REDIS_ENABLE_TLS", "REDIS_TLS_SKIP_VERIFY", "REDIS_CLUSTER_ADDRESSES",
  "REDIS_SENTINEL_ADDRESSES", "REDIS_SENTINEL_MASTER_NAME", "REDIS_SENTINEL_PASSWORD", "REDIS_SENTINEL_USERNAME",
  "REDIS_CA_CERT_PEM", "REDIS_CA_CERT_PATH"];

const MAX_SECONDS: i64 = 600; // net/deadline.ts MAX_TIMEOUT_MS
const MAX_INTERVAL_SECONDS: i64 = 86_400;
/** MAX_CLUSTER_ADDRESSES bounds redis.clusterAddresses: seeds only need to include one live node. */
export const MAX_CLUSTER_ADDRESSES: i32 = 16;

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
  /** The TLS client configuration of every Redis connection when enableTLS, else null. */
  tls: TlsClientConfig | null = null;
  enableCircuitBreaker: bool = true;
  circuitBreakerThreshold: i32 = DEFAULT_THRESHOLD;
  circuitBreakerTimeoutMs: i64 = DEFAULT_TIMEOUT_MS;
  enableHealthCheck: bool = true;
  healthCheckIntervalMs: i64 = 30_000;
  hybridL1Size: i32 = DEFAULT_MAX_ITEMS;
  hybridL1MemoryMB: i32 = <i32>(DEFAULT_MAX_BYTES >> 20);
  hybridL1TtlMs: i64 = DEFAULT_L1_TTL_MS;
  /** clusterAddresses as written, and parsed: non-empty means Redis Cluster (cache/cluster.ts), not `address`. */
  clusterAddresses: string[] = [];
  clusterSeeds: Array<NodeAddress> = [];
  /** sentinelAddresses as written, and parsed: non-empty means Redis Sentinel (cache/sentinel.ts), not `address`. */
  sentinelAddresses: string[] = [];
  sentinels: Array<NodeAddress> = [];
  sentinelMasterName: string = "";
  sentinelPassword: string = "";
  sentinelUsername: string = "";
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
  const trust = TlsTrust.read(r, REDIS_TLS_KEYS);
  c.tlsSkipVerify = trust.skipVerify;
  c.tls = trust.load(r, c.enableTLS, []);
  c.enableCircuitBreaker = r.bool("enableCircuitBreaker", true);
  c.circuitBreakerThreshold = <i32>r.int("circuitBreakerThreshold", DEFAULT_THRESHOLD, 1, 1_000_000);
  c.circuitBreakerTimeoutMs = r.int("circuitBreakerTimeout", DEFAULT_TIMEOUT_MS / 1000, 0, MAX_INTERVAL_SECONDS) * 1000;
  c.enableHealthCheck = r.bool("enableHealthCheck", true);
  c.healthCheckIntervalMs = r.int("healthCheckInterval", 30, 0, MAX_INTERVAL_SECONDS) * 1000;
  c.hybridL1Size = <i32>r.int("hybridL1Size", DEFAULT_MAX_ITEMS, 0, 1_000_000);
  c.hybridL1MemoryMB = <i32>r.int("hybridL1MemoryMB", DEFAULT_MAX_BYTES >> 20, 0, 1024);
  c.hybridL1TtlMs = r.int("hybridL1TTL", DEFAULT_L1_TTL_MS / 1000, 0, MAX_INTERVAL_SECONDS) * 1000;
  c.clusterAddresses = r.strList("clusterAddresses", []);
  const cluster = c.clusterAddresses.length > 0;
  c.sentinelAddresses = r.strList("sentinelAddresses", []);
  c.sentinelMasterName = r.str("sentinelMasterName", "");
  c.sentinelPassword = r.str("sentinelPassword", "");
  c.sentinelUsername = r.str("sentinelUsername", "");
  const sentinel = c.sentinelAddresses.length > 0;

  if (sentinel && cluster) r.reject("sentinelAddresses", "redis.sentinelAddresses and redis.clusterAddresses are mutually exclusive: set one");
  if (!sentinel) refuseSentinelExtras(r, c);
  if (c.enabled) {
    if (cluster) readCluster(r, c);
    else if (sentinel) readSentinel(r, c);
    else if (c.address.length == 0) r.reject("address", "required when redis.enabled is true");
    else splitAddress(r, c);
  } else {
    if (c.cacheMode != "memory") r.reject("cacheMode", `"${c.cacheMode}" needs redis.enabled=true; only "memory" works without Redis`);
    if (c.address.length > 0) splitAddress(r, c);
    if (cluster) readCluster(r, c);
    if (sentinel) readSentinel(r, c);
  }
  r.checkUnknownKeys();
  return c;
}

// Redis Cluster: seeds written like address, no address beside them, and database 0 (a cluster has no other).
// A request then opens one connection per node it reaches, not one in all.
function readCluster(r: ConfigReader, c: RedisConfig): void {
  c.clusterSeeds = nodeList(r, "clusterAddresses", c.clusterAddresses, MAX_CLUSTER_ADDRESSES);
  if (c.address.length > 0) r.reject("address", "redis.address and redis.clusterAddresses are mutually exclusive: set one");
  if (c.db != 0) r.reject("db", "must be 0 with redis.clusterAddresses: Redis Cluster has database 0 only (it refuses SELECT)");
}

// Redis Sentinel: sentinels written like address, no address beside them, and the name of the master to ask for.
function readSentinel(r: ConfigReader, c: RedisConfig): void {
  c.sentinels = nodeList(r, "sentinelAddresses", c.sentinelAddresses, MAX_SENTINELS);
  if (c.address.length > 0) r.reject("sentinelAddresses", "redis.sentinelAddresses and redis.address are mutually exclusive: set one");
  if (c.sentinelMasterName.length == 0) r.reject("sentinelMasterName", "required with redis.sentinelAddresses: the name the sentinels monitor the master under");
}

// A list of host:port written like address, at most max of them; the first bad item refuses the key.
function nodeList(r: ConfigReader, key: string, list: Array<string>, max: i32): Array<NodeAddress> {
  const out = new Array<NodeAddress>();
  if (list.length > max) { r.reject(key, `at most ${max} addresses`); return out; }
  const why = new AddressProblem();
  for (let i = 0; i < list.length; i++) {
    const node = parseNodeAddress(list[i], why);
    if (node === null) { r.reject(key, `item ${i} ${why.reason}`); return out; }
    out.push(node);
  }
  return out;
}

// The other sentinel options mean nothing without sentinels: a forgotten sentinelAddresses must not pass silently.
function refuseSentinelExtras(r: ConfigReader, c: RedisConfig): void {
  if (c.sentinelMasterName.length > 0) r.reject("sentinelMasterName", "needs redis.sentinelAddresses");
  if (c.sentinelPassword.length > 0) r.reject("sentinelPassword", "needs redis.sentinelAddresses");
  if (c.sentinelUsername.length > 0) r.reject("sentinelUsername", "needs redis.sentinelAddresses");
}

// host:port, with IPv6 literals as [::1]:6379 (host keeps the brackets). The port is 1..65535 in decimal.
function splitAddress(r: ConfigReader, c: RedisConfig): void {
  const why = new AddressProblem();
  const node = parseNodeAddress(c.address, why);
  if (node === null) { r.reject("address", why.reason); return; }
  c.host = node.host.includes(":") ? "[" + node.host + "]" : node.host;
  c.port = node.port;
}
