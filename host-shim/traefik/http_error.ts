// Go's http.Error, which Traefik answers with when it has nothing better: its 404 handler, its recovery middleware
// and a load balancer without servers. The text ends with a newline, as Go's does.

import { Readable } from "node:stream";
import type { DownstreamResponse } from "../pool/downstream.js";

/** httpError is the response http.Error(w, text, status) writes. */
export function httpError(status: number, text: string): DownstreamResponse {
  return {
    status,
    headers: [["Content-Type", "text/plain; charset=utf-8"], ["X-Content-Type-Options", "nosniff"]],
    body: Readable.from([Buffer.from(`${text}\n`)]),
  };
}
