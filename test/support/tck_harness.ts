// Runs the TCK guest (test/fixtures/guests/tck.ts) in-process against the http_handler host, the way Traefik drives
// one instance: start functions, handle_request, then, on next, handle_response. Records every effect.

import { compileGuest } from "./guests.js";
import { httpHandlerImports, type HttpHandlerHost } from "../../host-shim/abi/http_handler.js";
import { RequestState, type RequestIo, type RequestView, type ResponseView } from "../../host-shim/abi/request_state.js";

/** FakeIo serves a request body in chunks and records what reaches the client. */
export class FakeIo implements RequestIo {
  readonly reads: number[] = [];
  readonly commits: { status: number; headers: [string, string][] }[] = [];
  readonly writes: string[] = [];
  private offset = 0;
  private readonly body: Buffer;

  constructor(body = "", private readonly chunk = Infinity, private readonly failure?: string) {
    this.body = Buffer.from(body);
  }

  readRequestBody(max: number): { data: Uint8Array; eof: boolean } {
    this.reads.push(max);
    if (this.failure) throw new Error(this.failure);
    const data = this.body.subarray(this.offset, this.offset + Math.min(max, this.chunk));
    this.offset += data.length;
    return { data, eof: this.offset >= this.body.length };
  }

  commitResponse(status: number, headers: [string, string][]): void {
    this.commits.push({ status, headers });
  }

  writeResponse(chunk: Uint8Array): void {
    this.writes.push(Buffer.from(chunk).toString());
  }
}

export const VIEW: RequestView = {
  method: "GET",
  uri: "/path?q=1",
  proto: "HTTP/1.1",
  sourceAddr: "192.0.2.1:51234",
  host: "example.com",
  headers: [["Accept", "text/html"], ["X-Forwarded-For", "203.0.113.9"]],
};

export interface Scenario {
  /** Config bytes; `tck:` + newline-separated commands runs them during start. */
  config?: string;
  /** x-tck values: commands for handle_request, or with `resp:` for handle_response. */
  tck?: string[];
  request?: Partial<RequestView>;
  downstream?: Partial<ResponseView>;
  io?: FakeIo;
}

export interface Run {
  host: HttpHandlerHost;
  /** The request state; null when start failed. */
  state: RequestState | null;
  io: FakeIo;
  logs: [number, string][];
  /** The trap, if any: start, handle_request or handle_response stop there. */
  error?: Error;
}

const tckModule = compileGuest("tck").then((bytes) => WebAssembly.compile(bytes));

/** runTck instantiates a fresh TCK instance and plays the scenario, stopping at the first trap. */
export async function runTck(scenario: Scenario): Promise<Run> {
  const logs: [number, string][] = [];
  let memory: WebAssembly.Memory | undefined;
  const host: HttpHandlerHost = {
    memory: () => memory!,
    config: Buffer.from(scenario.config ?? ""),
    request: null,
    features: 0,
    log: (level, message) => void logs.push([level, message]),
  };
  const instance = await WebAssembly.instantiate(await tckModule, {
    http_handler: httpHandlerImports(host),
    wasi_snapshot_preview1: WASI_STUBS,
  });
  memory = instance.exports.memory as WebAssembly.Memory;
  const ex = instance.exports as unknown as TckExports;
  const io = scenario.io ?? new FakeIo();
  const run: Run = { host, state: null, io, logs };
  try {
    ex._initialize();
    const view = { ...VIEW, ...scenario.request };
    const headers: [string, string][] = [...view.headers, ...(scenario.tck ?? []).map((c): [string, string] => ["X-Tck", c])];
    run.state = host.request = new RequestState({ ...view, headers }, host.features, io);
    const ctxNext = ex.handle_request();
    if ((ctxNext & 0xffffffffn) === 0n) return run;
    run.state.enterResponse({ status: 200, headers: [], body: new Uint8Array(0), isError: false, ...scenario.downstream });
    ex.handle_response(Number(ctxNext >> 32n), scenario.downstream?.isError ? 1 : 0);
  } catch (e) {
    run.error = e as Error;
  }
  return run;
}

interface TckExports {
  _initialize(): void;
  handle_request(): bigint;
  handle_response(reqCtx: number, isError: number): void;
}

/** The guest imports no WASI; Traefik would still offer these. */
export const WASI_STUBS = { fd_write: () => 0 };

/** results lists what the guest reported for a command, in order. */
export function results(run: Run, command: string): string[] {
  const prefix = `${command} => `;
  return run.logs.filter(([level, m]) => level === 0 && m.startsWith(prefix)).map(([, m]) => m.slice(prefix.length));
}

/** result is the only report for a command; the run must not have trapped. */
export function result(run: Run, command: string): string {
  if (run.error) throw run.error;
  const all = results(run, command);
  if (all.length !== 1) throw new Error(`expected one report of "${command}", got ${JSON.stringify(all)}`);
  return all[0]!;
}

/** trapOf returns the trap's message, failing if the run did not trap. */
export function trapOf(run: Run): string {
  if (!run.error) throw new Error("expected a trap, the run completed");
  return run.error.message;
}

/** nulList renders values as the host writes them: each followed by NUL. */
export function nulList(values: string[]): string {
  return values.map((v) => `${v}\0`).join("");
}
