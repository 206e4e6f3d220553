// The shim's library API: build a middleware from plugin.wasm the way Traefik builds one for a router, then serve
// node:http requests through it. `loadMiddleware(bytes, options)` is the whole surface; see RATIONALE.md for
// where the shim copies Traefik exactly and where it deliberately differs.

import type { IncomingMessage, ServerResponse } from "node:http";
import { checkExports, checkImports, detectSocketExtension, readSignature } from "./abi/module_check.js";
import { exportStartSection } from "./abi/wasm_sections.js";
import { configBytes, type Provider } from "./config/providers.js";
import { BridgeRouter, createBridgeChannel, DEFAULT_BLOCKING_TIMEOUT_MS, serveBridge } from "./sockets/bridge.js";
import { SocketHost, SocketScope, type FdTableScope } from "./sockets/socket_host.js";
import { parseMounts, type Preopen } from "./wasi/mounts.js";
import { resolveEnvs } from "./wasi/common.js";
import { InstancePool } from "./pool/pool.js";
import { RequestFlow, type TableLease } from "./pool/middleware.js";
import { registerRequestOps } from "./pool/request_ops.js";
import { levelName } from "./abi/http_handler.js";
import type { Next } from "./pool/downstream.js";
import type { EntryPoint } from "./pool/forwarded.js";
import type { Personality } from "./pool/protocol.js";

export type { EntryPoint } from "./pool/forwarded.js";
export { proxyTo, type Next, type DownstreamRequest, type DownstreamResponse } from "./pool/downstream.js";

export interface LoadOptions {
  /** The plugin's configuration as the provider declares it (`http.middlewares.<name>.plugin.<alias>`). */
  config?: unknown;
  /** How Traefik's provider types the config before marshaling it (traefik-wasm-host.md §1.4). Default "file". */
  provider?: Provider;
  /** Kubernetes secrets for `urn:k8s:secret:` values with the "crd" provider. */
  secrets?: Record<string, Record<string, string>>;
  /** Static `experimental.localPlugins.<alias>.settings`: envs forwarded, directories mounted. */
  settings?: { envs?: string[]; mounts?: string[] };
  /** Where settings.envs values come from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** "middleware": one shared fd table per build, as Traefik ships today; "request": one per request (PR #13617). */
  fdTableScope?: FdTableScope;
  /** Probability that a finished instance is dropped instead of pooled, to prove nothing relies on it. */
  poolDrop?: number;
  /** The entrypoint requests arrive on: its scheme and X-Forwarded-* handling (pool/forwarded.ts). */
  entrypoint?: EntryPoint;
  /** Fault injection for tests: make instantiation number n fail. */
  failInstantiation?: (n: number) => boolean;
  /**
   * Test knob: the socket path's wall clock (wasi-go CLOCK_REALTIME) runs this many ms ahead of the machine's, so
   * a test can show what a replica does hours later (expired sessions, stale provider documents). Traefik has none.
   */
  wallClockOffsetMs?: number;
  /** Bound of every blocking host call; default 30 s. */
  blockingTimeoutMs?: number;
  /** Receives guest log lines; they are also kept in `middleware.logs`. */
  onLog?: (entry: LogEntry) => void;
}

export interface LogEntry { level: string; message: string }

/** BuildError is a failed middleware build, worded as Traefik logs it on the router (§6.3). */
export class BuildError extends Error {}

export interface Middleware {
  readonly personality: Personality;
  readonly logs: LogEntry[];
  /** What the guest wrote to fd 1 and 2; Traefik discards it on the wazero path and passes it on with sockets. */
  readonly stdio: { stdout: string; stderr: string };
  readonly pool: InstancePool;
  handle(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void>;
  /** Drops every idle instance, as a Go GC may. */
  gc(): Promise<void>;
  close(): Promise<void>;
}

/** loadMiddleware builds one middleware: compile, check, marshal config, start the eager instance. */
export async function loadMiddleware(wasm: Uint8Array, options: LoadOptions = {}): Promise<Middleware> {
  const module = await compile(wasm);
  const sig = readSignature(wasm);
  const exportError = checkExports(sig);
  if (exportError) throw new BuildError(`building Wasm middleware: creating middleware: ${exportError}`);
  const sockets = detectSocketExtension(sig);
  const importError = checkImports(sig, sockets);
  if (importError) throw new BuildError(`building Wasm middleware: creating middleware: wasm: error instantiating guest: ${importError}`);
  const personality: Personality = sockets === "none" ? "wazero" : "wasi-go";
  const config = marshal(options);
  const logs: LogEntry[] = [];
  const stdio = { stdout: "", stderr: "" };
  const preopens = mountsOf(options, personality);
  const router = new BridgeRouter();
  const socketHost = new SocketHost(router, { preopens });
  const scope = new SocketScope(socketHost, options.fdTableScope ?? "middleware");
  const fdTable = (): TableLease => {
    const id = scope.beginRequest();
    return { id, release: () => scope.endRequest(id) };
  };
  const blockingTimeoutMs = options.blockingTimeoutMs ?? DEFAULT_BLOCKING_TIMEOUT_MS;
  const pool = new InstancePool({
    module, config, personality, blockingTimeoutMs, preopens, wallClockOffsetMs: options.wallClockOffsetMs ?? 0,
    environ: resolveEnvs(options.settings?.envs ?? [], options.env),
    randomDrop: options.poolDrop,
    failInstantiation: options.failInstantiation,
    startTable: fdTable,
    bridgeFor: () => {
      const ends = createBridgeChannel();
      serveBridge(ends.mainPort, ends.sab, router);
      return { port: ends.workerPort, sab: ends.sab };
    },
    onLog: (level, message) => {
      const entry = { level: levelName(level), message };
      logs.push(entry);
      options.onLog?.(entry);
    },
    onStdio: (fd, bytes) => { stdio[fd === 1 ? "stdout" : "stderr"] += Buffer.from(bytes).toString("utf8"); },
  });
  const flow = new RequestFlow(pool, fdTable, options.entrypoint);
  registerRequestOps(router, flow);
  try {
    await pool.build();
  } catch (err) {
    await pool.close();
    throw new BuildError(`building Wasm middleware: creating middleware: ${(err as Error).message}`);
  }
  return {
    personality, logs, stdio, pool,
    handle: (req, res, next) => flow.handle(req, res, next),
    gc: () => pool.gc(),
    close: async () => {
      await pool.close();
      scope.close();
      socketHost.closeAll();
    },
  };
}

function mountsOf(options: LoadOptions, personality: Personality): Preopen[] {
  try {
    return parseMounts(options.settings?.mounts ?? [], personality);
  } catch (err) {
    throw new BuildError(`building Wasm middleware: instantiating host module: ${(err as Error).message}`);
  }
}

async function compile(wasm: Uint8Array): Promise<WebAssembly.Module> {
  try {
    const module = await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>);
    // Valid, so safe to parse: a start section becomes an export the worker calls first (exportStartSection).
    const startExported = exportStartSection(wasm);
    return startExported ? await WebAssembly.compile(startExported as Uint8Array<ArrayBuffer>) : module;
  } catch (err) {
    throw new BuildError(`building Wasm middleware: compiling guest module: ${(err as Error).message}`);
  }
}

function marshal(options: LoadOptions): Uint8Array {
  try {
    return configBytes(options.provider ?? "file", options.config, { secrets: options.secrets });
  } catch (err) {
    throw new BuildError(`building Wasm middleware: marshaling config: ${(err as Error).message}`);
  }
}
