// The `redis` section: defaults, nested key names in errors, and REDIS_* environment fallbacks.
import { JsonParser } from "../../../assembly/json/parse";
import { ConfigReader } from "../../../assembly/middleware/config_reader";
import { Config, readConfig } from "../../../assembly/middleware/config";

function load(json: string, env: Map<string, string> = new Map<string, string>()): Config {
  const root = new JsonParser().parse(Uint8Array.wrap(String.UTF8.encode(json)));
  const c = new Config();
  lastError = "";
  const e = readConfig(new ConfigReader(root), c, env);
  if (e !== null) lastError = e.toString();
  return c;
}
let lastError = "";

describe("redis config", () => {
  it("has the seed's defaults, memory mode when not enabled", () => {
    const c = load(`{}`).redis;
    expect(lastError).toBe("");
    expect(c.enabled).toBe(false);
    expect(c.cacheMode).toBe("memory");
    expect(c.db).toBe(0);
    expect(c.keyPrefix).toBe("traefikoidc:");
    expect(c.poolSize).toBe(10);
    expect(c.connectTimeoutMs).toBe(5000);
    expect(c.readTimeoutMs).toBe(3000);
    expect(c.writeTimeoutMs).toBe(3000);
    expect(c.enableCircuitBreaker).toBe(true);
    expect(c.circuitBreakerThreshold).toBe(5);
    expect(c.circuitBreakerTimeoutMs).toBe(60_000);
    expect(c.enableHealthCheck).toBe(true);
    expect(c.healthCheckIntervalMs).toBe(30_000);
    expect(c.hybridL1Size).toBe(500);
    expect(c.hybridL1MemoryMB).toBe(10);
    expect(c.hybridL1TtlMs).toBe(10_000);
  });

  it("defaults to redis mode when enabled and splits the address, IPv6 in brackets", () => {
    const c = load(`{"redis":{"enabled":"true","address":"[::1]:6380"}}`).redis;
    expect(lastError).toBe("");
    expect(c.cacheMode).toBe("redis");
    expect(c.host).toBe("[::1]");
    expect(c.port).toBe(6380);
  });

  it("names nested keys in errors", () => {
    load(`{"redis":{"db":"16"}}`);
    expect(lastError).toBe(`config: key "redis.db": must be a whole number from 0 to 15`);
    load(`{"redis":{"enabled":true,"address":"host:0"}}`);
    expect(lastError).toBe(`config: key "redis.address": port must be a number from 1 to 65535 (got "0")`);
    load(`{"redis":{"nope":1}}`);
    expect(lastError).toBe(`config: key "redis.nope": unknown key`);
  });

  it("uses environment fallbacks only for absent keys", () => {
    const env = new Map<string, string>();
    env.set("REDIS_ENABLED", "true");
    env.set("REDIS_ADDRESS", "redis:6379");
    env.set("REDIS_DB", "7");
    env.set("REDIS_KEY_PREFIX", "");
    const c = load(`{"redis":{"db":2}}`, env).redis;
    expect(lastError).toBe("");
    expect(c.enabled).toBe(true);
    expect(c.host).toBe("redis");
    expect(c.db).toBe(2);
    expect(c.keyPrefix).toBe("traefikoidc:");
  });

  it("says when a bad value came from the environment", () => {
    const env = new Map<string, string>();
    env.set("REDIS_CACHE_MODE", "cluster");
    load(`{}`, env);
    expect(lastError).toBe(`config: key "redis.cacheMode": must be one of memory, redis, hybrid (got "cluster") (from environment variable REDIS_CACHE_MODE)`);
  });
});
