// One Middleware is one Traefik build of a wasm plugin (one router x one configuration generation): its own
// compiled module, instance pool, socket fd table and features (traefik-wasm-host.md §2.1, §7). It runs the
// http-wasm request flow of host-go's nethttp.guest.ServeHTTP (§2.5) over node:http.

import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { FEATURE_BUFFER_RESPONSE, type RequestView, type ResponseView } from "../abi/request_state.js";
import type { Outcome } from "./protocol.js";
import type { Instance, InstancePool } from "./pool.js";
import { BodyReader } from "./body_reader.js";
import { pairsOf, type DownstreamRequest, type DownstreamResponse, type Next } from "./downstream.js";
import { applyEntryPoint, clientIp, type EntryPoint } from "./forwarded.js";

/** A request in flight, reachable from bridge calls by its id. */
export interface InFlight {
  req: IncomingMessage;
  res: ServerResponse;
  body: BodyReader;
}

/** Go hides these from r.Header (Host becomes r.Host, Transfer-Encoding r.TransferEncoding). */
const HIDDEN_REQUEST_HEADERS = new Set(["host", "transfer-encoding"]);

/** A socket fd table held for a while: the build's shared one, or one made for a single request. */
export interface TableLease { id: number; release(): void }

export class RequestFlow {
  private nextRequestId = 1;
  readonly inFlight = new Map<number, InFlight>();

  constructor(
    private readonly pool: InstancePool,
    private readonly fdTable: () => TableLease,
    private readonly entrypoint: EntryPoint = {},
  ) {}

  /** handle serves one request through the guest, calling next when the guest asks for it. */
  async handle(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
    let instance: Instance;
    try {
      instance = await this.pool.acquire();
    } catch (err) {
      return fail500(res, (err as Error).message);
    }
    const requestId = this.nextRequestId++;
    this.inFlight.set(requestId, { req, res, body: new BodyReader(req) });
    const table = this.fdTable();
    try {
      await this.run(instance, requestId, table.id, req, res, next);
    } catch (err) {
      // A shim failure (a client gone mid-write, say) must not take the process down with the request.
      fail500(res, `shim: ${(err as Error).message}`);
    } finally {
      this.inFlight.delete(requestId);
      table.release();
    }
  }

  private async run(instance: Instance, requestId: number, fdTable: number, req: IncomingMessage, res: ServerResponse, next: Next) {
    const features = this.pool.features;
    const view = applyEntryPoint(viewOf(req), this.entrypoint);
    const reply = await instance.send({ type: "request", requestId, view, features, fdTable });
    if (reply.type === "trapped") {
      this.pool.release(instance);
      return fail500(res, reply.error);
    }
    if (reply.type !== "requestDone") throw new Error(`unexpected ${reply.type}`);
    this.pool.recordTiming(reply.timing);
    const outcome = reply.outcome;
    const ctxNext = reply.ctxNext;
    if ((ctxNext & 0xffffffffn) === 0n) {
      // host-go returns the instance only when the whole i64 is 0; nethttp skips next on the low word (§2.5).
      if (ctxNext === 0n) this.pool.release(instance);
      else this.pool.leak(instance);
      return finishWithoutNext(res, outcome);
    }
    const downstream = await callNext(next, {
      method: outcome.method, uri: outcome.uri, host: req.headers.host ?? "", clientIp: clientIp(view.sourceAddr),
      headers: outcome.requestHeaders,
      body: outcome.requestBody ?? this.inFlight.get(requestId)!.body.stream,
    });
    const buffered = (outcome.features & FEATURE_BUFFER_RESPONSE) !== 0;
    const reqCtx = Number(ctxNext >> 32n);
    if (buffered) await this.respondBuffered(instance, reqCtx, res, downstream);
    else await this.respondStreamed(instance, reqCtx, res, outcome, downstream);
  }

  // With buffer_response the guest sees the whole downstream answer and may rewrite all of it (§3.5).
  private async respondBuffered(instance: Instance, reqCtx: number, res: ServerResponse, down: Downstream) {
    const body = await readAll(down.body);
    const view: ResponseView = { status: down.status, headers: down.headers, body, isError: down.isError };
    const reply = await instance.send({ type: "response", reqCtx, downstream: view });
    this.pool.release(instance);
    if (reply.type === "trapped") return recover(res);
    const out = (reply as { outcome: Outcome }).outcome;
    res.writeHead(out.statusCode || down.status, flatten(out.responseHeaders));
    res.end(out.responseBody ?? body);
  }

  // Without buffering, downstream writes straight to the client, then handle_response may only look (§3.4).
  private async respondStreamed(instance: Instance, reqCtx: number, res: ServerResponse, outcome: Outcome, down: Downstream) {
    if (!res.headersSent) res.writeHead(down.status, flatten([...outcome.responseHeaders, ...down.headers]));
    for await (const chunk of down.body) res.write(chunk);
    const view: ResponseView = { status: down.status, headers: down.headers, body: new Uint8Array(0), isError: down.isError };
    const reply = await instance.send({ type: "response", reqCtx, downstream: view });
    this.pool.release(instance);
    if (reply.type === "trapped") return recover(res);
    res.end();
  }
}

type Downstream = DownstreamResponse & { isError: boolean };

// host-go recovers a panic in the next handler and tells handle_response through isError (§2.5 step 6). Traefik's
// proxy answers 502 itself rather than panicking, so this is for other next handlers.
async function callNext(next: Next, req: DownstreamRequest): Promise<Downstream> {
  try {
    return { ...(await next(req)), isError: false };
  } catch {
    return { status: 500, headers: [], body: Readable.from([]), isError: true };
  }
}

/** viewOf describes the incoming request as Go's *http.Request would show it to host-go. */
export function viewOf(req: IncomingMessage): RequestView {
  const { remoteAddress = "", remotePort = 0 } = req.socket;
  const ip = remoteAddress.includes(":") ? `[${remoteAddress}]` : remoteAddress;
  return {
    method: req.method ?? "GET",
    uri: req.url || "/",
    proto: `HTTP/${req.httpVersionMajor}.${req.httpVersionMinor}`,
    sourceAddr: `${ip}:${remotePort}`,
    host: req.headers.host ?? "",
    headers: pairsOf(req.rawHeaders).filter(([name]) => !HIDDEN_REQUEST_HEADERS.has(name.toLowerCase())),
  };
}

// next was not called: whatever the guest wrote is the response, else Go's implicit 200 with the guest's headers.
function finishWithoutNext(res: ServerResponse, out: Outcome): void {
  if (!res.headersSent) res.writeHead(out.statusCode || 200, flatten(out.responseHeaders));
  res.end(out.responseBody ?? undefined);
}

// A trap in handle_request: host-go answers 500 with the error text, wasm stack trace included (§2.7).
function fail500(res: ServerResponse, error: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
  res.end(error);
}

// A trap in handle_response is a Go panic; Traefik's recovery middleware answers 500 if it still can, else it
// aborts the connection (§2.5 step 7).
function recover(res: ServerResponse): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
  res.end("Internal Server Error");
}

// Node's writeHead takes a flat [name, value, name, value…] list; trailers are not sent by the shim.
function flatten(pairs: [string, string][]): string[] {
  return pairs.filter(([name]) => !name.toLowerCase().startsWith("trailer:")).flat();
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}
