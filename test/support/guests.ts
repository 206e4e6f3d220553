// Builds the guests tests run: AssemblyScript fixture guests from test/fixtures/guests/ (compiled once per test
// run, with the release options of plugin.wasm) and WAT text for hand-made modules.

import asc from "assemblyscript/asc";
import wabtInit from "wabt";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const GUEST_DIR = "test/fixtures/guests";
const OUT_DIR = "build/guests";

/** compileGuest compiles test/fixtures/guests/<name>.ts (cached by mtime) and returns the wasm bytes. */
export async function compileGuest(name: string): Promise<Uint8Array<ArrayBuffer>> {
  const source = join(GUEST_DIR, `${name}.ts`);
  const outFile = join(OUT_DIR, `${name}.wasm`);
  if (isFresh(outFile, source)) return new Uint8Array(readFileSync(outFile));
  mkdirSync(OUT_DIR, { recursive: true });
  const { error, stderr } = await asc.main([
    source, "--outFile", outFile, "--optimizeLevel", "3", "--runtime", "incremental",
    "--exportStart", "_initialize", "--use", "abort=assembly/abi/abort/guestAbort",
    "--enable", "simd,bulk-memory,sign-extension,nontrapping-f2i", "--config", "none",
  ]);
  if (error) throw new Error(`compiling ${source}: ${error.message}\n${stderr.toString()}`);
  return new Uint8Array(readFileSync(outFile));
}

/** compileWat turns WebAssembly text into a binary module. */
export async function compileWat(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const wabt = await wabtInit();
  const module = wabt.parseWat("inline.wat", text, { multi_value: true, bulk_memory: true });
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

function isFresh(outFile: string, source: string): boolean {
  try {
    return statSync(outFile).mtimeMs >= newestInput(source);
  } catch {
    return false;
  }
}

// A fixture guest may import anything under assembly/ or its sibling helpers, so a change there rebuilds it.
function newestInput(source: string): number {
  let newest = statSync(source).mtimeMs;
  const walk = (dir: string): void => {
    for (const entry of readdirSafe(dir)) {
      const path = join(dir, entry);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else newest = Math.max(newest, st.mtimeMs);
    }
  };
  walk("assembly");
  walk(GUEST_DIR);
  return newest;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
