// Plumbing for bench/e2e_load.bench.ts: a closed-loop load generator (a fixed number of requests, a fixed number in
// flight) over one keep-alive agent, and percentiles.

import { Agent, request } from "node:http";

/** LoadRequest is one GET: its path and request headers (the user's cookies among them). */
export interface LoadRequest { path: string; headers: Record<string, string> }

/** LoadResult is what a run measured: each request's latency, the wall time of the run, and every failure. */
export interface LoadResult { latenciesMs: number[]; elapsedMs: number; errors: string[] }

/** check judges one answer: null when it is right, else what was wrong. */
export type Check = (req: LoadRequest, status: number, body: string) => string | null;

/**
 * runLoad sends every request to origin, `concurrency` at a time, each worker starting its next request as soon as
 * its last one ended. A request that fails at the socket counts as an error, not as a latency.
 */
export async function runLoad(origin: string, requests: LoadRequest[], concurrency: number, check: Check): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const req = requests[next++];
      const start = process.hrtime.bigint();
      try {
        const { status, body } = await get(origin, req, agent);
        latenciesMs.push(Number(process.hrtime.bigint() - start) / 1e6);
        const problem = check(req, status, body);
        if (problem !== null) errors.push(problem);
      } catch (err) {
        errors.push(`${req.path}: ${(err as Error).message}`);
      }
    }
  };
  const start = process.hrtime.bigint();
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return { latenciesMs, elapsedMs: Number(process.hrtime.bigint() - start) / 1e6, errors };
}

/** percentile is the nearest-rank p-th percentile (0 < p <= 100) of a non-empty list. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function get(origin: string, req: LoadRequest, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(`${origin}${req.path}`, { agent, headers: req.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    }).on("error", reject).end();
  });
}
