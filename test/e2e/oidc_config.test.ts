// The OpenID Connect options of plugin.wasm through the real shim: what is required once providerURL is set, what
// is checked, and the options not wired yet, which refuse the build rather than being accepted and ignored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BuildError, loadMiddleware } from "../../host-shim/index.js";

const plugin = new Uint8Array(readFileSync("plugin.wasm"));
const BASE = { providerURL: "http://127.0.0.1:9/realms/a", clientID: "rp", clientSecret: "s", sessionEncryptionKey: "k".repeat(32) };

async function buildError(config: Record<string, unknown>): Promise<string> {
  const logs: string[] = [];
  const error = await loadMiddleware(plugin, { config, onLog: (e) => logs.push(e.message) })
    .then(async (mw) => { await mw.close(); return null; }, (err: Error) => err);
  assert.ok(error instanceof BuildError, `the build must fail for ${JSON.stringify(config)}`);
  return logs.join("\n");
}

const cases: Array<[string, Record<string, unknown>, string]> = [
  ["no clientID", { ...BASE, clientID: undefined }, `key "clientID": required when providerURL is set`],
  ["no clientSecret", { ...BASE, clientSecret: "" }, `key "clientSecret": required when providerURL is set`],
  ["no sessionEncryptionKey", { ...BASE, sessionEncryptionKey: undefined }, `key "sessionEncryptionKey": required when providerURL is set`],
  ["a relative providerURL", { ...BASE, providerURL: "/realms/a" }, `key "providerURL": must be an absolute http(s) URL`],
  ["an https issuer without trust anchors", { ...BASE, providerURL: "https://id.example.com" }, `key "caCertPath": /etc/ssl/certs/ca-certificates.crt: not under any mounted directory`],
  ["an https backchannel without trust anchors", { ...BASE, providerBackchannelURL: "https://10.0.0.1:8443" }, `key "caCertPath": /etc/ssl/certs/ca-certificates.crt: not under any mounted directory`],
  ["a caCertPath outside the mounts", { ...BASE, caCertPath: "/certs/ca.pem" }, `key "caCertPath": /certs/ca.pem: not under any mounted directory`],
  ["a backchannel with a path", { ...BASE, providerBackchannelURL: "http://10.0.0.1:8080/x" }, `key "providerBackchannelURL": must be http(s)://host[:port] with no path`],
  ["a callbackURL that is no path", { ...BASE, callbackURL: "callback" }, `key "callbackURL": must be a path starting with "/"`],
  ["an excludedURLs wildcard", { ...BASE, excludedURLs: ["/public/*"] }, `key "excludedURLs": "/public/*" must be a path prefix`],
  ["a bad cookiePrefix", { ...BASE, cookiePrefix: "a;b" }, `key "cookiePrefix": must be letters, digits, '_' or '-'`],
  ["enableBearerAuth without audience", { ...BASE, enableBearerAuth: true }, `key "audience": required when enableBearerAuth is true`],
  ["refresh without Redis", { ...BASE, refreshGracePeriodSeconds: 30 }, `key "refreshGracePeriodSeconds": needs redis.enabled in redis or hybrid mode: sessions kept in cookies are not refreshed`],
  ["back-channel logout with Redis in memory mode", { ...BASE, enableBackchannelLogout: true, redis: { enabled: true, address: "127.0.0.1:6379", cacheMode: "memory" } }, `key "enableBackchannelLogout": needs redis.enabled in redis or hybrid mode`],
  ["an empty providerURL (an unset template variable)", { ...BASE, providerURL: "" }, `key "providerURL": is empty: set the issuer URL, or remove the key`],
  ["a clientID without providerURL", { ...BASE, providerURL: undefined }, `key "providerURL": required when clientID is set`],
  ["a header template beyond {{.Claims.x}}", { ...BASE, headers: [{ name: "X-Team", value: "{{.IdToken}}" }] }, `key "headers[0].value": only {{.Claims.<name>}} is supported (got "{{.IdToken}}")`],
  ["an unclosed header template", { ...BASE, headers: [{ name: "X-Team", value: "{{.Claims.team" }] }, `key "headers[0].value": an unclosed "{{" at 0`],
  ["a reserved header name", { ...BASE, headers: [{ name: "Authorization", value: "x" }] }, `key "headers[0].name": "Authorization" is not a header the middleware may set`],
  ["an unknown key in a header entry", { ...BASE, headers: [{ name: "X-A", value: "x", vaule: "y" }] }, `key "headers[0].vaule": unknown key`],
];

for (const [name, config, expected] of cases) {
  test(`oidc config: ${name} refuses the build naming the key`, async () => {
    const log = await buildError(config);
    assert.ok(log.includes(`config: ${expected}`), log);
  });
}

test("oidc config: a complete configuration builds, with labels-style strings for lists and booleans", async () => {
  const mw = await loadMiddleware(plugin, {
    config: { ...BASE, scopes: "groups,roles", excludedURLs: "/health,/public", enablePKCE: "true", forceHTTPS: "false" },
    provider: "labels",
  });
  await mw.close();
});
