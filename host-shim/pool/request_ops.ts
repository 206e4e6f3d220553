// The bridge ops that reach the client's request and response while the guest runs: reading the streamed body
// (read_body blocks, §3.3) and writing an unbuffered response (set_status_code / write_body go straight out).

import type { BridgeReply, BridgeRouter } from "../sockets/bridge.js";
import type { InFlight } from "./middleware.js";

const EBADF = 8;
const ETIMEDOUT = 73;
const OK: BridgeReply = { errno: 0 };

export interface InFlightRequests {
  readonly inFlight: Map<number, InFlight>;
}

/** registerRequestOps adds body.read, response.commit and response.write to the middleware's bridge router. */
export function registerRequestOps(router: BridgeRouter, requests: InFlightRequests): void {
  const find = (requestId: number) => requests.inFlight.get(requestId);
  router.register("body.read", async ({ requestId, max }: { requestId: number; max: number }, ctx) => {
    const r = find(requestId);
    if (!r) return { errno: EBADF };
    const { data, eof } = await r.body.read(max);
    // The worker may have given up waiting; then the bytes belong to its next read, not to this lost reply.
    if (!ctx.commit()) {
      r.body.unread(data);
      return { errno: ETIMEDOUT };
    }
    return { errno: 0, data, eof };
  });
  router.register("response.commit", ({ requestId, status, headers }: { requestId: number; status: number; headers: [string, string][] }) => {
    const r = find(requestId);
    if (!r) return { errno: EBADF };
    // Go's WriteHeader: later calls are superfluous and ignored.
    if (!r.res.headersSent) r.res.writeHead(status, headers.flat());
    return OK;
  });
  router.register("response.write", ({ requestId, chunk }: { requestId: number; chunk: Uint8Array }) => {
    const r = find(requestId);
    if (!r) return { errno: EBADF };
    if (!r.res.headersSent) r.res.writeHead(200);
    r.res.write(chunk);
    return OK;
  });
}
