// `make build` runs this on plugin.wasm: it fails, naming the offender, when Traefik would refuse the module or
// serve it without real clocks and randomness.
import { readFileSync } from "node:fs";
import { checkPlugin } from "../abi/module_check.js";

const path = process.argv[2] ?? "plugin.wasm";
const problems = checkPlugin(readFileSync(path));
if (problems.length > 0) {
  for (const p of problems) console.error(`${path}: ${p}`);
  process.exit(1);
}
console.log(`${path}: imports and exports fit Traefik's wasm host (http_handler, wasi_snapshot_preview1, sockets v2)`);
