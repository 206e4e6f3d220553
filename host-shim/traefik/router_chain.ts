// What one router serves: its middlewares in front of its service, built as Traefik builds a router's handler
// (pkg/server/router/router.go buildHTTPHandler, pkg/server/middleware/middlewares.go): the service first, then the
// middlewares from last to first, each plugin middleware built for this router alone (traefik-wasm-host.md §2.1).
// A failure throws Traefik's error text; the caller logs it and does not serve the router.

import { loadMiddleware, type EntryPoint, type Middleware } from "../index.js";
import type { Next } from "../pool/downstream.js";
import type { DynamicConfig, RouterConfig } from "./dynamic_config.js";
import type { LocalPlugin } from "./local_plugins.js";
import type { Logger } from "./log.js";
import { roundRobin } from "./load_balancer.js";
import { throughMiddleware, type Peer } from "./middleware_hop.js";

export interface ChainContext {
  config: DynamicConfig;
  /** null: plugins are disabled (their setup failed), as Traefik then has no plugin builder. */
  plugins: Map<string, LocalPlugin> | null;
  env: NodeJS.ProcessEnv;
  poolDrop?: number;
  /** Services by qualified name, shared by routers as Traefik's service manager shares them. */
  services: Map<string, Next>;
}

export interface RouterChain {
  /** The router's middlewares by qualified name, in chain order. */
  middlewares: [string, Middleware][];
  /** serve builds the chain for one request: the guests read the client's address from peer. */
  serve(peer: Peer): Next;
}

// entrypoint.ts applies the entrypoint's X-Forwarded-* handling once, before routing, as Traefik does; each
// middleware must then keep those headers as they are, which is what a trusting entrypoint does.
const AFTER_ENTRYPOINT: EntryPoint = { scheme: "http", trustForwardedHeaders: true };

/** qualified is Traefik's provider.GetQualifiedName for the file provider: `name` means `name@file`. */
export function qualified(name: string): string {
  return name.includes("@") ? name : `${name}@file`;
}

/** buildRouterChain builds router's service and middlewares; log carries the entrypoint and router fields. */
export async function buildRouterChain(router: RouterConfig, ctx: ChainContext, log: Logger): Promise<RouterChain> {
  const service = serviceOf(router.service, ctx);
  const middlewares: [string, Middleware][] = [];
  try {
    for (const name of [...router.middlewares].reverse().map(qualified)) {
      middlewares.unshift([name, await pluginMiddleware(name, ctx, log.with({ middlewareName: name, middlewareType: "wasm" }))]);
    }
  } catch (err) {
    await Promise.all(middlewares.map(([, mw]) => mw.close()));
    throw err;
  }
  return {
    middlewares,
    serve: (peer) => middlewares.reduceRight<Next>((next, [, mw]) => throughMiddleware(mw, next, peer), service),
  };
}

function serviceOf(name: string, ctx: ChainContext): Next {
  if (name === "") throw new Error("router must have either a service or child routers");
  const qualifiedName = qualified(name);
  const built = ctx.services.get(qualifiedName);
  if (built) return built;
  const config = ctx.config.services.get(qualifiedName);
  if (!config) throw new Error(`the service "${qualifiedName}" does not exist`);
  if (config.types.length > 1) {
    throw new Error("cannot create service: multi-types service not supported, consider declaring two different pieces of service instead");
  }
  if (!config.loadBalancer) {
    throw new Error(`the service "${qualifiedName}": ${config.types[0] ?? "a service without type"} is not served by the shim (only loadBalancer)`);
  }
  const service = roundRobin(qualifiedName, config.loadBalancer.servers, config.loadBalancer.passHostHeader);
  ctx.services.set(qualifiedName, service);
  return service;
}

async function pluginMiddleware(name: string, ctx: ChainContext, log: Logger): Promise<Middleware> {
  const config = ctx.config.middlewares.get(name);
  if (!config) throw new Error(`middleware "${name}" does not exist`);
  if (config.types.length > 1) {
    throw new Error("cannot create middleware: multi-types middleware not supported, consider declaring two different pieces of middleware instead");
  }
  // Without a plugin builder Traefik does not recognise `plugin` either, hence the same message for both cases.
  if (!config.plugin || !ctx.plugins) {
    const lacking = config.types.length === 1 && !config.plugin ? ` (the shim runs plugin middlewares only, not ${config.types[0]})` : "";
    throw new Error(`invalid middleware "${name}" configuration: invalid middleware type or middleware does not exist${lacking}`);
  }
  const aliases = Object.keys(config.plugin);
  if (aliases.length !== 1) throw new Error("plugin: invalid configuration: no configuration or too many plugin definition");
  const plugin = ctx.plugins.get(aliases[0]);
  if (!plugin) throw new Error(`plugin: unknown plugin type: ${aliases[0]}`);
  return loadMiddleware(plugin.wasm, {
    config: config.plugin[aliases[0]],
    provider: "file",
    settings: plugin.settings,
    env: ctx.env,
    poolDrop: ctx.poolDrop,
    entrypoint: AFTER_ENTRYPOINT,
    onLog: (entry) => log.log(entry.level, entry.message),
  });
}
