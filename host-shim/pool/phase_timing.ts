// Where a handle_request call spends its time, measured in the instance's worker: in the guest's own code, or in
// host functions it called (header access, logging, WASI, the socket bridge with its waits). Traefik's host
// functions are Go and cost differently, so benchmarks that judge the guest read `guestNs`. Each host call pays two
// clock reads for this (a few hundred ns), counted on the host side.

/** PhaseTiming is one handle_request: time in the guest's code and time in host functions, in ns. */
export interface PhaseTiming { guestNs: number; hostNs: number }

/** HostClock accumulates the time spent in wrapped host functions. */
export class HostClock {
  ns = 0n;

  /** wrap returns imports with every function timed into this clock. */
  wrap<T extends Record<string, unknown>>(imports: T): T {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(imports)) {
      if (typeof value !== "function") { out[name] = value; continue; }
      const fn = value as (...args: unknown[]) => unknown;
      out[name] = (...args: unknown[]) => {
        const start = process.hrtime.bigint();
        try {
          return fn(...args);
        } finally {
          this.ns += process.hrtime.bigint() - start;
        }
      };
    }
    return out as T;
  }

  /** time runs fn and splits its duration into guest and host time. */
  time<R>(fn: () => R): [R, PhaseTiming] {
    this.ns = 0n;
    const start = process.hrtime.bigint();
    const result = fn();
    const total = process.hrtime.bigint() - start;
    return [result, { guestNs: Number(total - this.ns), hostNs: Number(this.ns) }];
  }
}
