// Checks a guest module the way Traefik's stack does before serving it: host-go's export checks, wazero's import
// resolution, wasi-go's socket-extension detection; and the stricter rule our build applies to plugin.wasm.

import { formatFuncType, readSignature, type FuncType, type ModuleSignature } from "./wasm_sections.js";
import { HTTP_HANDLER, SOCKET_DETECTION_NAMES, WASI_PREVIEW1, WASMEDGE_V2 } from "./signatures.js";

export type SocketExtension = "none" | "v1" | "v2";

/** checkExports returns host-go's compileGuest error for the module, or null (traefik-wasm-host.md §2.2). */
export function checkExports(sig: ModuleSignature): string | null {
  const fn = (name: string) => sig.exports.find((e) => e.kind === "func" && e.name === name);
  const request = fn("handle_request");
  if (!request) return "wasm: guest doesn't export func[handle_request]";
  if (!sameType(request.type, { params: [], results: ["i64"] })) {
    return "wasm: guest exports the wrong signature for func[handle_request]. should be () -> (i64)";
  }
  const response = fn("handle_response");
  if (!response) return "wasm: guest doesn't export func[handle_response]";
  if (!sameType(response.type, { params: ["i32", "i32"], results: [] })) {
    // The "32" is host-go's own typo, kept so operators can search for the text they see in Traefik.
    return "wasm: guest exports the wrong signature for func[handle_response]. should be (i32, 32) -> ()";
  }
  if (!sig.exports.some((e) => e.kind === "memory" && e.name === "memory")) {
    return "wasm: guest doesn't export memory[memory]";
  }
  return null;
}

/** detectSocketExtension applies wasi-go's DetectSocketsExtension rule (§5.1). */
export function detectSocketExtension(sig: ModuleSignature): SocketExtension {
  const wasi = sig.imports.filter((i) => i.module === "wasi_snapshot_preview1" && i.kind === "func");
  const params = (name: string) => wasi.find((i) => i.name === name)?.type?.params.length;
  const enabled = wasi.some((i) => SOCKET_DETECTION_NAMES.has(i.name)) || params("sock_accept") === 2;
  if (!enabled) return "none";
  const v1 = params("sock_accept") === 2 || params("sock_getlocaladdr") === 4 || params("sock_getpeeraddr") === 4;
  return v1 ? "v1" : "v2";
}

/**
 * checkImports returns wazero's instantiation error for the first import the host cannot satisfy, or null.
 * The shim implements the v2 extension only; a v1 guest is reported as Traefik would report a mismatch.
 */
export function checkImports(sig: ModuleSignature, sockets: SocketExtension): string | null {
  const wasi = sockets === "none" ? WASI_PREVIEW1 : { ...WASI_PREVIEW1, ...WASMEDGE_V2 };
  const hosts: Record<string, Record<string, FuncType>> = { http_handler: HTTP_HANDLER, wasi_snapshot_preview1: wasi };
  for (const imp of sig.imports) {
    const host = hosts[imp.module];
    if (!host) return `module[${imp.module}] not instantiated`;
    const want = host[imp.name];
    if (imp.kind !== "func" || !want) return `"${imp.name}" is not exported in module "${imp.module}"`;
    if (!sameType(imp.type, want)) {
      return `import func[${imp.module}.${imp.name}]: signature mismatch: ${formatFuncType(imp.type!)} != ${formatFuncType(want)}`;
    }
  }
  return null;
}

/**
 * checkPlugin is the build rule for plugin.wasm: everything Traefik checks, plus the socket extension, without
 * which Traefik serves a fake monotonic clock and seed-42 randomness (§4.2). Returns the problems found.
 */
export function checkPlugin(bytes: Uint8Array): string[] {
  const sig = readSignature(bytes);
  const problems: string[] = [];
  const foreign = sig.imports.filter((i) => i.module !== "http_handler" && i.module !== "wasi_snapshot_preview1");
  for (const imp of foreign) problems.push(`imports ${imp.module}.${imp.name}: Traefik provides only http_handler and wasi_snapshot_preview1`);
  const sockets = detectSocketExtension(sig);
  if (sockets !== "v2") problems.push(`socket extension: expected a WasmEdge v2 socket import, found ${sockets}`);
  const importError = foreign.length ? null : checkImports(sig, sockets);
  if (importError) problems.push(importError);
  const exportError = checkExports(sig);
  if (exportError) problems.push(exportError);
  return problems;
}

function sameType(a: FuncType | undefined, b: FuncType): boolean {
  return !!a && a.params.join() === b.params.join() && a.results.join() === b.results.join();
}

export { readSignature };
