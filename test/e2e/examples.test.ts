// Every example in examples/ is read the way its Traefik provider reads it (Docker labels through paerser, the CRD
// with its urn:k8s:secret values, the file provider after rendering its env templates) and built with the real
// plugin.wasm under that provider's typing: it must build, and a copy with one misspelled option must be refused,
// naming that option. The wiring around the middleware is checked too. Nothing starts Docker or Kubernetes.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse, parseAllDocuments } from "yaml";
import { fromLabels, type GoMap } from "../../host-shim/config/providers.js";
import type { LoadOptions } from "../../host-shim/index.js";
import { environmentOf, flagValues, labelsOf, readCompose, type ComposeService } from "../support/compose.js";
import { configRefusal } from "../support/config_refusal.js";
import { renderEnvTemplate } from "../../host-shim/traefik/env_template.js";
import { envTemplateNames } from "../support/env_template.js";

const plugin = new Uint8Array(readFileSync("plugin.wasm"));
const MODULE_NAME = /^MODULE_NAME := (.+)$/m.exec(readFileSync("Makefile", "utf8"))![1];
const PLUGIN_DIR = `/plugins-local/src/${MODULE_NAME}`;
const ALIAS = "oidc";
const MIDDLEWARE = "oidc-auth";
const SESSION_KEY = "an-example-session-key-of-32+-bytes";
const CONFIGMAP_LIMIT = 1 << 20;

const example = (path: string): string => readFileSync(`examples/${path}`, "utf8");

/** misspell returns text with its only occurrence of `from` replaced by `to`: the negative twin of an example. */
function misspell(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `the example must contain ${from} exactly once`);
  return text.replace(from, to);
}

async function assertBuilds(options: LoadOptions, what: string): Promise<void> {
  const refusal = await configRefusal(plugin, options);
  assert.equal(refusal, null, `${what}: ${refusal?.line}`);
}

async function assertRefusedAsUnknown(options: LoadOptions, key: string): Promise<void> {
  const refusal = await configRefusal(plugin, options);
  assert.equal(refusal?.line, `config: key "${key}": unknown key`);
}

describe("examples/docker-compose", () => {
  const ENV = {
    OIDC_PROVIDER_URL: "https://auth.example.com/realms/demo", OIDC_BACKCHANNEL_URL: "http://keycloak:8080",
    OIDC_CLIENT_ID: "demo", OIDC_CLIENT_SECRET: "client-secret", OIDC_SESSION_KEY: SESSION_KEY, REDIS_PASSWORD: "redis-password",
  };

  /** replicas: each Traefik service with the middleware it builds from the labels every replica sees. */
  function replicas(text: string): Array<{ name: string; service: ComposeService; options: LoadOptions; config: GoMap }> {
    const { services } = readCompose(text, ENV);
    const labels = Object.values(services).map(labelsOf).filter((l) => l["traefik.enable"] === "true");
    assert.equal(labels.length, 1, "one container carries the router and the middleware");
    const config = fromLabels(labels[0], MIDDLEWARE, ALIAS);
    return Object.entries(services).filter(([, s]) => s.image?.startsWith("traefik:")).map(([name, service]) => {
      const envs = flagValues(service, `experimental.localPlugins.${ALIAS}.settings.envs`).flatMap((v) => v.split(","));
      return { name, service, config, options: { config, provider: "labels", settings: { envs }, env: environmentOf(service) } };
    });
  }

  test("three pinned Traefik v3 replicas load the plugin from ./plugins-local, with one static configuration", () => {
    const all = replicas(example("docker-compose/docker-compose.yml"));
    assert.equal(all.length, 3);
    for (const { name, service } of all) {
      assert.match(service.image!, /^traefik:v3\.\d+\.\d+$/, name);
      assert.deepEqual(flagValues(service, `experimental.localPlugins.${ALIAS}.moduleName`), [MODULE_NAME], name);
      assert.ok(service.volumes!.includes(`.${PLUGIN_DIR}:${PLUGIN_DIR}:ro`), `${name} mounts the plugin at ${PLUGIN_DIR}`);
      for (const part of ["command", "environment", "volumes", "depends_on"]) {
        assert.deepEqual(service[part], all[0].service[part], `${name} and ${all[0].name} differ in ${part}`);
      }
    }
  });

  test("the labels build the middleware on every replica, against the one Redis the compose file runs", async () => {
    const text = example("docker-compose/docker-compose.yml");
    const { services } = readCompose(text, ENV);
    const redisCommand = services.redis.command as string[];
    const requiredPassword = redisCommand[redisCommand.indexOf("--requirepass") + 1];
    const redis = [];
    for (const { name, options, config } of replicas(text)) {
      await assertBuilds(options, name);
      const section = config.get("redis") as GoMap;
      assert.equal(section.get("password"), undefined, "the password comes from the environment, not a label");
      assert.ok(options.settings!.envs!.includes("REDIS_PASSWORD"));
      assert.equal(options.env!.REDIS_PASSWORD, requiredPassword, `${name} authenticates with the password Redis requires`);
      redis.push(section.get("address"));
    }
    assert.deepEqual(redis, ["redis:6379", "redis:6379", "redis:6379"]);
    assert.match(services.redis.image!, /^redis:/);
  });

  test("a misspelled label refuses the build, naming the key", async () => {
    const text = misspell(example("docker-compose/docker-compose.yml"), ".allowedUserDomains=", ".allowedUserDomain=");
    for (const { options } of replicas(text)) await assertRefusedAsUnknown(options, "allowedUserDomain");
  });
});

describe("examples/kubernetes", () => {
  const SECRETS = {
    "oidc-auth": { "client-secret": "client-secret", "session-key": SESSION_KEY, "redis-password": "redis-password" },
  };
  const docs = (path: string): Array<Record<string, any>> => parseAllDocuments(example(path)).map((d) => d.toJS());
  const middlewareOf = (text: string): Record<string, any> => parse(text);
  const crd = (middleware: Record<string, any>, secrets: LoadOptions["secrets"]): LoadOptions => ({
    config: middleware.spec.plugin[ALIAS], provider: "crd", secrets,
  });

  test("the Middleware builds with its urn:k8s:secret values, each naming a key of the Secret in its namespace", async () => {
    const middleware = middlewareOf(example("kubernetes/middleware.yaml"));
    assert.equal(middleware.apiVersion, "traefik.io/v1alpha1");
    assert.equal(middleware.kind, "Middleware");
    assert.deepEqual(Object.keys(middleware.spec.plugin), [ALIAS]);
    const [secret] = docs("kubernetes/secret.yaml");
    assert.equal(secret.metadata.namespace, middleware.metadata.namespace);
    const urns = JSON.stringify(middleware.spec).match(/urn:k8s:secret:[^"]*/g)!;
    assert.deepEqual(urns.map((u) => u.split(":")[3]).filter((n) => n !== secret.metadata.name), []);
    assert.deepEqual(urns.map((u) => u.split(":")[4]).sort(), Object.keys(secret.stringData).sort());
    assert.deepEqual(Object.keys(SECRETS["oidc-auth"]).sort(), Object.keys(secret.stringData).sort());
    await assertBuilds(crd(middleware, SECRETS), "Middleware");
  });

  test("the Secret's placeholders refuse the build, so it cannot go live unchanged", async () => {
    const [secret] = docs("kubernetes/secret.yaml");
    const placeholders = { [secret.metadata.name]: secret.stringData };
    const refusal = await configRefusal(plugin, crd(middlewareOf(example("kubernetes/middleware.yaml")), placeholders));
    assert.equal(refusal?.key, "sessionEncryptionKey");
  });

  test("the IngressRoute uses the Middleware, and the Helm values load the plugin from a ConfigMap that can hold it", () => {
    const middleware = middlewareOf(example("kubernetes/middleware.yaml"));
    const [route, service] = docs("kubernetes/ingressroute.yaml");
    assert.equal(route.kind, "IngressRoute");
    assert.equal(route.metadata.namespace, middleware.metadata.namespace);
    assert.deepEqual(route.spec.routes[0].middlewares, [{ name: middleware.metadata.name }]);
    assert.equal(route.spec.routes[0].services[0].name, service.metadata.name);
    const values = parse(example("kubernetes/traefik-values.yaml"));
    assert.ok(values.additionalArguments.includes(`--experimental.localPlugins.${ALIAS}.moduleName=${MODULE_NAME}`));
    assert.ok(values.deployment.replicas >= 2);
    const [mount] = values.additionalVolumeMounts;
    assert.equal(mount.mountPath, PLUGIN_DIR);
    const volume = values.deployment.additionalVolumes.find((v: { name: string }) => v.name === mount.name);
    assert.ok(volume?.configMap?.name, "the mount is a ConfigMap volume");
    const base64Bytes = (n: number): number => Math.ceil(n / 3) * 4;
    const size = base64Bytes(plugin.length) + base64Bytes(readFileSync(".traefik.yml").length);
    assert.ok(size < CONFIGMAP_LIMIT, `plugin.wasm and .traefik.yml take ${size} bytes in a ConfigMap (limit ${CONFIGMAP_LIMIT})`);
  });

  test("a misspelled key refuses the build, naming the key", async () => {
    const middleware = middlewareOf(misspell(example("kubernetes/middleware.yaml"), "cacheMode:", "cachemode:"));
    await assertRefusedAsUnknown(crd(middleware, SECRETS), "redis.cachemode");
  });
});

describe("examples/file-provider", () => {
  const ENV = {
    OIDC_PROVIDER_URL: "http://127.0.0.1:9100", OIDC_CLIENT_ID: "demo", OIDC_CLIENT_SECRET: "client-secret",
    OIDC_SESSION_KEY: SESSION_KEY, BACKEND_URL: "http://127.0.0.1:9000",
  };
  const REDIS_ENV = { REDIS_ENABLED: "true", REDIS_ADDRESS: "127.0.0.1:6379", REDIS_CACHE_MODE: "hybrid" };
  const staticConfig = parse(example("file-provider/traefik.yml"));
  const plugins = staticConfig.experimental.localPlugins;
  const dynamic = (text: string): Record<string, any> => parse(renderEnvTemplate(text, ENV, "dynamic.yml"));
  const options = (doc: Record<string, any>, env: Record<string, string>): LoadOptions => ({
    config: doc.http.middlewares[MIDDLEWARE].plugin[ALIAS], provider: "file", settings: plugins[ALIAS].settings, env,
  });

  test("traefik.yml loads the plugin and dynamic.yml, which routes through the middleware to BACKEND_URL", () => {
    assert.deepEqual(Object.keys(plugins), [ALIAS]);
    assert.equal(plugins[ALIAS].moduleName, MODULE_NAME);
    assert.equal(staticConfig.providers.file.filename, "dynamic.yml");
    const doc = dynamic(example("file-provider/dynamic.yml"));
    const [router] = Object.values(doc.http.routers) as Array<Record<string, any>>;
    assert.ok(router.entryPoints.every((e: string) => e in staticConfig.entryPoints));
    assert.deepEqual(router.middlewares, [MIDDLEWARE]);
    assert.deepEqual(doc.http.services[router.service].loadBalancer.servers, [{ url: ENV.BACKEND_URL }]);
  });

  test("the templates read exactly the variables make demo sets", () => {
    assert.deepEqual(envTemplateNames(example("file-provider/dynamic.yml")).sort(), Object.keys(ENV).sort());
  });

  test("it builds in memory mode without REDIS_* and in hybrid mode with them, from settings.envs", async () => {
    const doc = dynamic(example("file-provider/dynamic.yml"));
    await assertBuilds(options(doc, {}), "memory mode");
    await assertBuilds(options(doc, REDIS_ENV), "hybrid mode");
    const wrongMode = await configRefusal(plugin, options(doc, { ...REDIS_ENV, REDIS_CACHE_MODE: "cluster" }));
    assert.equal(wrongMode?.key, "redis.cacheMode", "the variables reach the redis section");
  });

  test("a misspelled key refuses the build, naming the key", async () => {
    const doc = dynamic(misspell(example("file-provider/dynamic.yml"), "excludedURLs:", "excludedUrls:"));
    await assertRefusedAsUnknown(options(doc, {}), "excludedUrls");
  });
});
