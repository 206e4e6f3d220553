// One entrypoint: a node:http server on its address doing what Traefik's entrypoint does before any router. First
// the X-Forwarded-* handling (pkg/middlewares/forwardedheaders, via pool/forwarded.ts): the client's own headers are
// kept only with forwardedHeaders.insecure or from a peer in trustedIPs. Then the first route whose rule matches, or
// Go's 404 "404 page not found". Plain HTTP only: the shim has no TLS.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { BlockList, isIPv6, type AddressInfo } from "node:net";
import type { DownstreamRequest, DownstreamResponse } from "../pool/downstream.js";
import { applyEntryPoint, clientIp } from "../pool/forwarded.js";
import { viewOf } from "../pool/middleware.js";
import { httpError } from "./http_error.js";
import type { Logger } from "./log.js";
import type { Peer } from "./middleware_hop.js";
import type { Route } from "./routes.js";
import { routeRequestOf } from "./rule.js";
import type { EntryPointConfig } from "./static_config.js";

export interface ServedEntryPoint {
  url: string;
  /** The bound port (address ":0" binds a free one). */
  port: number;
  close(): Promise<void>;
}

/** serveEntryPoint binds the entrypoint's address and serves routes; rejects when the address cannot be bound. */
export async function serveEntryPoint(config: EntryPointConfig, routes: Route[], log: Logger): Promise<ServedEntryPoint> {
  const trusts = trustPolicy(config);
  const server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const view = viewOf(req);
    // Go sees an IPv4 client of a dual-stack listener as IPv4, not as ::ffff:a.b.c.d.
    view.sourceAddr = view.sourceAddr.replace(/^\[::ffff:(\d+\.\d+\.\d+\.\d+)\]/i, "$1");
    const peer: Peer = { ip: clientIp(view.sourceAddr), port: Number(view.sourceAddr.slice(view.sourceAddr.lastIndexOf(":") + 1)) };
    const forwarded = applyEntryPoint(view, { scheme: "http", trustForwardedHeaders: trusts(peer.ip) });
    const request: DownstreamRequest = {
      method: forwarded.method, uri: forwarded.uri, host: forwarded.host, clientIp: peer.ip, headers: forwarded.headers, body: req,
    };
    const target = routeRequestOf(forwarded.host, forwarded.uri);
    const route = routes.find((r) => r.matches(target));
    try {
      send(res, route ? await route.serve(peer)(request) : httpError(404, "404 page not found"));
    } catch (err) {
      // Traefik's recovery middleware: a failing handler answers 500, the entrypoint keeps serving.
      log.error("Recovered from panic in HTTP handler", { error: (err as Error).message, entryPointName: config.name });
      send(res, httpError(500, "Internal Server Error"));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => reject(new Error(`error while building entryPoint ${config.name}: error opening listener: ${err.message}`)));
    server.listen({ host: config.host || undefined, port: config.port }, resolve);
  });
  log.debug("Starting TCP Server", { entryPointName: config.name });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(config.host)}:${port}`,
    port,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

// forwardedHeaders.trustedIPs holds IPs and CIDRs (Traefik's ip.Checker).
function trustPolicy(config: EntryPointConfig): (ip: string) => boolean {
  if (config.forwardedHeaders.insecure) return () => true;
  const trusted = new BlockList();
  for (const entry of config.forwardedHeaders.trustedIPs) {
    const [ip, prefix] = entry.split("/");
    const family = isIPv6(ip) ? "ipv6" : "ipv4";
    if (prefix === undefined) trusted.addAddress(ip, family);
    else trusted.addSubnet(ip, Number(prefix), family);
  }
  return (ip) => trusted.check(ip, isIPv6(ip) ? "ipv6" : "ipv4");
}

function send(res: ServerResponse, reply: DownstreamResponse): void {
  res.writeHead(reply.status, reply.headers.flat());
  reply.body.once("error", () => res.destroy()).pipe(res);
}

// An address bound on every interface is reached through loopback.
function urlHost(host: string): string {
  if (host === "" || host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return isIPv6(host) ? `[${host}]` : host;
}
