// A client for the cache_probe fixture guest (test/fixtures/guests/cache_probe.ts: the cache stack exactly as
// plugin.wasm builds it from its configuration), built as one Traefik replica would build it: each call POSTs one
// operation per line and reads one result line per operation and the probe's headers.

import assert from "node:assert/strict";
import { loadMiddleware, type LoadOptions } from "../../host-shim/index.js";
import { send, serveMiddleware, untilIdle } from "./http.js";

export interface ProbeLine { err: string; result: string; detail: string }
export interface ProbeReply { lines: ProbeLine[]; local: string[]; h: Record<string, string> }
export type CacheProbe = (...ops: string[]) => Promise<ProbeReply>;

export interface CacheProbeOptions {
  /** with poolDrop 0: wait for the last instance before each call, so that calls follow one instance's memory */
  followInstance?: boolean;
  /** concurrent calls share the fd table, which then shows the others' sockets: skip the no-open-socket check */
  concurrent?: boolean;
}

/** startCacheProbe builds wasm (cache_probe) with config and registers its shutdown in cleanups. */
export async function startCacheProbe(
  wasm: Uint8Array, config: Record<string, unknown>, load: LoadOptions, cleanups: (() => unknown)[], o: CacheProbeOptions = {},
): Promise<CacheProbe> {
  const mw = await loadMiddleware(wasm, { config, poolDrop: 0.5, ...load });
  const server = await serveMiddleware(mw, "http://127.0.0.1:9"); // the probe never calls next
  cleanups.push(async () => { await server.close(); await mw.close(); });
  return async (...ops) => {
    if (o.followInstance) await untilIdle(mw);
    const reply = await send(server.url, { method: "POST", body: ops.join("\n") });
    assert.equal(reply.status, 200, `${ops.join("; ")}: ${reply.body.toString()}`);
    const h = Object.fromEntries(Object.entries(reply.headers).map(([k, v]) => [k, String(v ?? "")]));
    if (!o.concurrent) assert.equal(h["x-cache-open-fds"], "none", "no socket left open after the request");
    const lines = reply.body.toString().split("\n").filter((l) => l.length > 0).map((l) => {
      const [err, result = "", ...rest] = l.split(" ");
      return { err, result, detail: rest.join(" ") };
    });
    return { lines, local: (h["x-cache-local"] ?? "").split(","), h };
  };
}
