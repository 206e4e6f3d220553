// The "next handler" contract: what a middleware passes on, and what comes back. In Traefik that is the rest of
// the chain and finally the reverse proxy, which itself answers 502 when the backend fails.

import { request as httpRequest } from "node:http";
import { Readable } from "node:stream";

export interface DownstreamRequest {
  method: string;
  uri: string;
  host: string;
  /** The client's address, which a reverse proxy appends to X-Forwarded-For. */
  clientIp: string;
  headers: [string, string][];
  /** The replacement body the guest wrote, or the rest of the client's stream. */
  body: Uint8Array | Readable;
}

export interface DownstreamResponse {
  status: number;
  headers: [string, string][];
  body: Readable;
}

export type Next = (req: DownstreamRequest) => Promise<DownstreamResponse>;

// RFC 9110 §7.6.1: connection-specific fields are not forwarded by a proxy.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"]);

/** proxyTo forwards to an HTTP backend, answering 502 itself when the backend cannot be reached. */
export function proxyTo(backend: string): Next {
  const target = new URL(backend);
  return (req) => new Promise((resolve) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of req.headers) {
      const key = name.toLowerCase();
      if (!HOP_BY_HOP.has(key)) (headers[key] ??= []).push(value);
    }
    if (req.body instanceof Uint8Array) headers["content-length"] = [String(req.body.length)];
    // Go's ReverseProxy appends the client to X-Forwarded-For (the entrypoint never sets it).
    headers["x-forwarded-for"] = [[...(headers["x-forwarded-for"] ?? []), req.clientIp].join(", ")];
    const out = httpRequest({
      host: target.hostname, port: target.port || 80, method: req.method, path: req.uri,
      headers: { ...headers, host: req.host },
    }, (res) => resolve({
      status: res.statusCode ?? 502,
      headers: pairsOf(res.rawHeaders).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
      body: res,
    }));
    out.on("error", (err) => resolve({
      status: 502, headers: [["content-type", "text/plain; charset=utf-8"]],
      body: Readable.from([Buffer.from(`Bad Gateway: ${err.message}`)]),
    }));
    if (req.body instanceof Uint8Array) out.end(req.body);
    else req.body.pipe(out);
  });
}

/** pairsOf turns Node's flat rawHeaders into [name, value] pairs. */
export function pairsOf(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}
