// A plugin middleware as one hop of a router's chain. Middleware.handle serves a node:http request into a node:http
// response; in a chain the request comes from the hop before as a DownstreamRequest and the response goes back as a
// DownstreamResponse. This gives handle the members of IncomingMessage and ServerResponse it uses (pool/middleware.ts:
// viewOf, BodyReader, the response writes), so that any number of plugins chain as they do in Traefik.

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { PassThrough } from "node:stream";
import type { Middleware } from "../index.js";
import type { DownstreamRequest, DownstreamResponse, Next } from "../pool/downstream.js";

/** The client's end of the connection, which the guest reads as its source address. */
export interface Peer { ip: string; port: number }

/** throughMiddleware is mw in front of next, for one request from peer. */
export function throughMiddleware(mw: Middleware, next: Next, peer: Peer): Next {
  return (req) => new Promise((resolve, reject) => {
    const incoming = incomingOf(req, peer);
    const res = new CapturedResponse(resolve);
    mw.handle(incoming, res as unknown as ServerResponse, next).then(() => {
      // What nobody read of the body is drained, as node:http drains an unread request, so the client is not stalled.
      incoming.resume();
      res.endIfSilent();
    }, reject);
  });
}

function incomingOf(req: DownstreamRequest, peer: Peer): IncomingMessage {
  const body = new PassThrough();
  if (req.body instanceof Uint8Array) body.end(req.body);
  else req.body.once("error", (err) => body.destroy(err)).pipe(body);
  const headers: Record<string, string> = { host: req.host };
  for (const [name, value] of req.headers) {
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return Object.assign(body, {
    method: req.method,
    url: req.uri,
    httpVersionMajor: 1,
    httpVersionMinor: 1,
    headers,
    rawHeaders: [["Host", req.host], ...req.headers].flat(),
    socket: { remoteAddress: peer.ip, remotePort: peer.port },
  }) as unknown as IncomingMessage;
}

// The response a middleware writes, handed on as soon as its head is: the body streams behind it.
class CapturedResponse {
  headersSent = false;
  private readonly body = new PassThrough();

  constructor(private readonly commit: (res: DownstreamResponse) => void) {}

  writeHead(status: number, headers?: OutgoingHttpHeaders | string[]): this {
    this.headersSent = true;
    this.commit({ status, headers: pairsOf(headers), body: this.body });
    return this;
  }

  write(chunk: Uint8Array): boolean {
    if (!this.headersSent) this.writeHead(200);
    return this.body.write(chunk);
  }

  end(chunk?: Uint8Array): this {
    if (!this.headersSent) this.writeHead(200);
    this.body.end(chunk);
    return this;
  }

  destroy(): void {
    this.body.destroy(new Error("the middleware aborted the response"));
  }

  /** endIfSilent answers for a middleware that returned without a response, rather than leave the client hanging. */
  endIfSilent(): void {
    if (!this.headersSent) this.writeHead(500).end();
  }
}

// writeHead's two header shapes: a flat [name, value, …] list, or an object whose values may be lists.
function pairsOf(headers: OutgoingHttpHeaders | string[] | undefined): [string, string][] {
  if (Array.isArray(headers)) return headers.flatMap((v, i) => (i % 2 === 0 ? [[v, headers[i + 1]] as [string, string]] : []));
  return Object.entries(headers ?? {}).flatMap(([name, value]) =>
    value === undefined ? [] : [value].flat().map((v) => [name, String(v)] as [string, string]));
}
