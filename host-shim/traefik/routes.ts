// The routing tables Traefik builds from the dynamic configuration, one per entrypoint (pkg/server/router/router.go,
// pkg/config/runtime GetRoutersByEntryPoints): each router on its entrypoints (default: the default entrypoints),
// ranked by priority (default: the rule's length). A router in error is logged, with Traefik's message and fields,
// and left out: its requests fall through to the next matching router, or to 404.

import type { Middleware } from "../index.js";
import type { DynamicConfig, RouterConfig } from "./dynamic_config.js";
import type { LocalPlugin } from "./local_plugins.js";
import type { Logger } from "./log.js";
import { buildRouterChain, type ChainContext, type RouterChain } from "./router_chain.js";
import { parseRule, rulePriority, type Matcher } from "./rule.js";

export interface Route {
  /** Qualified router name, e.g. "web@file". */
  router: string;
  priority: number;
  matches: Matcher;
  serve: RouterChain["serve"];
}

export interface RoutingContext {
  /** The entrypoints served, and those a router without entryPoints gets. */
  entryPoints: string[];
  defaultEntryPoints: string[];
  plugins: Map<string, LocalPlugin> | null;
  env: NodeJS.ProcessEnv;
  poolDrop?: number;
  log: Logger;
}

export interface Routing {
  /** By entrypoint: the routes to try in order, highest priority first. */
  routes: Map<string, Route[]>;
  /** By qualified middleware name: the build of the first router (by name) that uses it. */
  middlewares: Map<string, Middleware>;
  close(): Promise<void>;
}

/** buildRouting builds every router of config; a router in error is logged and left out, never thrown. */
export async function buildRouting(config: DynamicConfig, ctx: RoutingContext): Promise<Routing> {
  const routes = new Map(ctx.entryPoints.map((ep) => [ep, [] as Route[]]));
  const middlewares = new Map<string, Middleware>();
  const builds: Middleware[] = [];
  const chainContext: ChainContext = { config, plugins: ctx.plugins, env: ctx.env, poolDrop: ctx.poolDrop, services: new Map() };
  for (const router of [...config.routers].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const entryPoints = entryPointsOf(router, ctx);
    if (entryPoints.length === 0) continue;
    const loggers = entryPoints.map((ep) => ctx.log.with({ entryPointName: ep, routerName: router.name }));
    if (router.tls) {
      loggers[0].warn("Router with tls is not served by the shim (no TLS entrypoints)");
      continue;
    }
    let matches: Matcher;
    let chain: RouterChain;
    try {
      matches = parseRule(router.rule);
      chain = await buildRouterChain(router, chainContext, loggers[0]);
    } catch (err) {
      // Traefik builds and logs a router once per entrypoint; the shim builds it once and logs for each.
      for (const log of loggers) log.error("", { error: (err as Error).message });
      continue;
    }
    for (const [name, mw] of chain.middlewares) {
      builds.push(mw);
      if (!middlewares.has(name)) middlewares.set(name, mw);
    }
    const route = { router: router.name, priority: router.priority || rulePriority(router.rule), matches, serve: chain.serve };
    for (const ep of entryPoints) routes.get(ep)!.push(route);
  }
  // Traefik sorts by priority only; equal priorities are ordered by router name here, to stay deterministic.
  for (const table of routes.values()) table.sort((a, b) => b.priority - a.priority || (a.router < b.router ? -1 : 1));
  return {
    routes, middlewares,
    close: async () => {
      await Promise.all(builds.map((mw) => mw.close()));
    },
  };
}

function entryPointsOf(router: RouterConfig, ctx: RoutingContext): string[] {
  const log = ctx.log.with({ routerName: router.name });
  const valid = (router.entryPoints ?? ctx.defaultEntryPoints).filter((ep) => {
    if (ctx.entryPoints.includes(ep)) return true;
    log.error("EntryPoint doesn't exist", { entryPointName: ep });
    return false;
  });
  if (valid.length === 0) log.error("No valid entryPoint for this router");
  return valid;
}
