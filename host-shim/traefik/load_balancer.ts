// A loadBalancer service: Traefik v3's weighted round robin with every weight 1 gives each server one request per
// round, through the reverse proxy (proxyTo, which answers 502 when a server is down). The shim's rounds follow the
// declared order; Traefik's EDF heap does too for two servers, and may order a round differently beyond that.
// passHostHeader (default true) forwards the client's Host; false sends the server's own host instead.

import { proxyTo, type Next } from "../pool/downstream.js";
import { httpError } from "./http_error.js";

/** roundRobin builds the service's handler; throws when a server URL is one the shim cannot proxy to. */
export function roundRobin(service: string, servers: string[], passHostHeader: boolean): Next {
  const targets = servers.map((url) => ({ next: proxyTo(checkedUrl(service, url)), host: new URL(url).host }));
  let turn = 0;
  return async (req) => {
    // The balancer with no server (wrr.go) answers http.Error(w, "no available server", 503).
    if (targets.length === 0) return httpError(503, "no available server");
    const target = targets[turn++ % targets.length];
    return target.next(passHostHeader ? req : { ...req, host: target.host });
  };
}

function checkedUrl(service: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`the service "${service}": invalid server URL ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== "http:") throw new Error(`the service "${service}": server ${url}: the shim proxies to http:// servers only`);
  return url;
}
