// Renders an error thrown out of guest code the way wazero reports it, since that text is what Traefik puts in
// the 500 body and in its logs (traefik-wasm-host.md §2.7).

import { ProcExit } from "../wasi/exit.js";

// V8 and wazero name the same traps differently; operators search for wazero's words.
const TRAP_NAMES: Record<string, string> = {
  "unreachable": "unreachable",
  "memory access out of bounds": "out of bounds memory access",
  "divide by zero": "integer divide by zero",
  "integer overflow": "integer overflow",
  "Maximum call stack size exceeded": "stack overflow",
  "float unrepresentable in integer range": "invalid conversion to integer",
  "table index is out of bounds": "invalid table access",
};

/** formatGuestError turns a trap, a host-function panic or a proc_exit into wazero's error text. */
export function formatGuestError(err: unknown): string {
  if (err instanceof ProcExit) return err.message;
  const e = err instanceof Error ? err : new Error(String(err));
  const frames = wasmFrames(e.stack ?? "");
  if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
    const name = TRAP_NAMES[e.message.replace(/^RuntimeError: /, "")] ?? e.message;
    return `wasm error: ${name}\nwasm stack trace:\n${frames}`;
  }
  return `${e.message} (recovered by wazero)\nwasm stack trace:\n${frames}`;
}

function wasmFrames(stack: string): string {
  const lines = stack.split("\n").filter((l) => l.includes("wasm://") || l.includes("wasm-function"));
  return lines.map((l) => `\t${l.trim().replace(/^at /, "")}`).join("\n");
}
