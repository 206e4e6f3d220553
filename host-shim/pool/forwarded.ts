// What Traefik's entrypoint does to a request before any middleware sees it (pkg/middlewares/forwardedheaders):
// from an untrusted client every X-Forwarded-* and X-Real-Ip header is removed, underscore spellings included, and
// Traefik's own values are set. X-Forwarded-For is added later, by the reverse proxy (see proxyTo).

import { hostname } from "node:os";
import type { RequestView } from "../abi/request_state.js";

/** EntryPoint describes where requests arrive, as a Traefik entrypoint would. */
export interface EntryPoint {
  /** "https" when the entrypoint terminates TLS. Default "http". */
  scheme?: "http" | "https";
  /** X-Forwarded-Server; Traefik uses the machine's hostname. */
  hostname?: string;
  /** forwardedHeaders.insecure or a trusted source: keep what the client sent. Default false. */
  trustForwardedHeaders?: boolean;
}

const X_HEADERS = [
  "x-forwarded-proto", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port", "x-forwarded-server",
  "x-forwarded-uri", "x-forwarded-method", "x-forwarded-prefix", "x-forwarded-tls-client-cert",
  "x-forwarded-tls-client-cert-info", "x-real-ip",
];
const STRIPPED = new Set([...X_HEADERS, ...X_HEADERS.map((h) => h.replaceAll("-", "_"))]);

/** applyEntryPoint returns the view a middleware gets behind Traefik's entrypoint. */
export function applyEntryPoint(view: RequestView, entrypoint: EntryPoint = {}): RequestView {
  let headers = view.headers;
  if (!entrypoint.trustForwardedHeaders) headers = headers.filter(([name]) => !STRIPPED.has(name.toLowerCase()));
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  const scheme = entrypoint.scheme ?? "http";
  const added: [string, string][] = [];
  if (!has("x-real-ip")) added.push(["X-Real-Ip", clientIp(view.sourceAddr)]);
  if (!has("x-forwarded-proto")) added.push(["X-Forwarded-Proto", scheme]);
  if (!has("x-forwarded-port")) added.push(["X-Forwarded-Port", portOf(view.host) ?? (scheme === "https" ? "443" : "80")]);
  if (!has("x-forwarded-host") && view.host !== "") added.push(["X-Forwarded-Host", view.host]);
  added.push(["X-Forwarded-Server", entrypoint.hostname ?? hostname()]);
  return { ...view, headers: [...headers.filter(([n]) => n.toLowerCase() !== "x-forwarded-server"), ...added] };
}

/** clientIp is the address part of `ip:port` or `[v6]:port`, without an IPv6 zone. */
export function clientIp(sourceAddr: string): string {
  const ip = sourceAddr.startsWith("[") ? sourceAddr.slice(1, sourceAddr.indexOf("]")) : sourceAddr.slice(0, sourceAddr.lastIndexOf(":"));
  return ip.split("%")[0];
}

function portOf(host: string): string | null {
  const match = /:(\d+)$/.exec(host);
  return match && !host.endsWith("]") ? match[1] : null;
}
