// Transpiles the TypeScript of host-shim/, test/ and bench/ to build/js/ with esbuild, file for file, so that
// worker entry points and relative imports keep their paths. Type checking is `tsc --noEmit` (make lint).
import { build } from "esbuild";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const roots = ["host-shim", "test", "bench"];
const skip = [join("test", "unit"), join("test", "fixtures", "guests")];

function tsFiles(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (skip.includes(path)) continue;
    if (statSync(path).isDirectory()) out = out.concat(tsFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

const entryPoints = roots.filter((r) => { try { return statSync(r).isDirectory(); } catch { return false; } })
  .flatMap(tsFiles);
await build({
  entryPoints,
  outdir: "build/js",
  outbase: ".",
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "inline",
  logLevel: "warning",
});
