// Reads the import and export signatures of a wasm binary. WebAssembly.Module.imports/exports give names and
// kinds only, but Traefik checks exact function types (host-go compileGuest) and wasi-go picks the socket
// variant by parameter count (traefik-wasm-host.md §5.1), so the shim needs the types too.

export type ValType = "i32" | "i64" | "f32" | "f64" | "v128" | "funcref" | "externref";

export interface FuncType { params: ValType[]; results: ValType[] }
export interface ImportEntry { module: string; name: string; kind: "func" | "table" | "memory" | "global"; type?: FuncType }
export interface ExportEntry { name: string; kind: "func" | "table" | "memory" | "global"; type?: FuncType }
export interface ModuleSignature { imports: ImportEntry[]; exports: ExportEntry[] }

const VAL_TYPES: Record<number, ValType> = {
  0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref",
};
const KINDS = ["func", "table", "memory", "global"] as const;

/** readSignature parses the type, import, function and export sections of a valid module. */
export function readSignature(bytes: Uint8Array): ModuleSignature {
  const r = new Reader(bytes);
  r.pos = 8; // magic and version; the caller has already compiled the module, so both are valid
  const types: FuncType[] = [];
  const funcTypes: number[] = [];
  const imports: ImportEntry[] = [];
  const exports: ExportEntry[] = [];
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 1) readTypes(r, types);
    else if (id === 2) readImports(r, types, imports, funcTypes);
    else if (id === 3) for (let n = r.u32(); n > 0; n--) funcTypes.push(r.u32());
    else if (id === 7) readExports(r, exports);
    r.pos = end;
  }
  for (const e of exports) if (e.kind === "func") e.type = types[funcTypes[(e as ExportWithIndex).index]];
  return { imports, exports };
}

/** The export name under which the shim calls a module's start-section function (see exportStartSection). */
export const START_SECTION_EXPORT = "shim:start-section";

/**
 * exportStartSection returns the module with its start section removed and the start function exported as
 * START_SECTION_EXPORT, or null when the module has no start section (or no export section to extend). JS runs a
 * start section inside the Instance constructor, before the host can know the instance's exported memory, so a
 * host call that touches guest memory (log, get_config) would fail there; wazero runs it with the memory in place.
 * The worker calls the export right after instantiation, before `_start` and `_initialize`, as wazero orders them.
 */
export function exportStartSection(bytes: Uint8Array): Uint8Array | null {
  const r = new Reader(bytes);
  r.pos = 8;
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let start: number | null = null;
  let exportSection = -1;
  while (r.pos < bytes.length) {
    const from = r.pos;
    const id = r.byte();
    const size = r.u32();
    const body = r.pos;
    r.pos = body + size;
    if (id === 8) start = new Reader(bytes.subarray(body, r.pos)).u32();
    else {
      if (id === 7) exportSection = parts.length;
      parts.push(bytes.subarray(from, r.pos));
    }
  }
  if (start === null || exportSection < 0) return null;
  const old = new Reader(parts[exportSection]);
  old.byte();
  old.u32();
  const count = old.u32();
  const name = Buffer.from(START_SECTION_EXPORT, "utf8");
  const body = Buffer.concat([
    Uint8Array.from(uleb(count + 1)), parts[exportSection].subarray(old.pos),
    Uint8Array.from(uleb(name.length)), name, Uint8Array.from([0, ...uleb(start)]),
  ]);
  parts[exportSection] = Buffer.concat([Uint8Array.from([7, ...uleb(body.length)]), body]);
  return new Uint8Array(Buffer.concat(parts));
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    const b = n & 0x7f;
    n >>>= 7;
    out.push(n === 0 ? b : b | 0x80);
  } while (n !== 0);
  return out;
}

/** formatFuncType renders a type the way wazero prints it: `(i32,i32) -> (i64)`. */
export function formatFuncType(t: FuncType): string {
  return `(${t.params.join(",")}) -> (${t.results.join(",")})`;
}

type ExportWithIndex = ExportEntry & { index: number };

function readTypes(r: Reader, types: FuncType[]): void {
  for (let n = r.u32(); n > 0; n--) {
    r.byte(); // 0x60, the func type form
    const params = r.vec(() => VAL_TYPES[r.byte()]);
    const results = r.vec(() => VAL_TYPES[r.byte()]);
    types.push({ params, results });
  }
}

function readImports(r: Reader, types: FuncType[], imports: ImportEntry[], funcTypes: number[]): void {
  for (let n = r.u32(); n > 0; n--) {
    const module = r.name();
    const name = r.name();
    const kind = KINDS[r.byte()];
    if (kind === "func") {
      const index = r.u32();
      // Imported functions come first in the function index space.
      funcTypes.push(index);
      imports.push({ module, name, kind, type: types[index] });
    } else {
      skipImportDesc(r, kind);
      imports.push({ module, name, kind });
    }
  }
}

function skipImportDesc(r: Reader, kind: ImportEntry["kind"]): void {
  if (kind === "table") r.byte();
  if (kind === "global") { r.byte(); r.byte(); return; }
  const flags = r.u32();
  r.u32();
  if (flags & 1) r.u32();
}

function readExports(r: Reader, exports: ExportEntry[]): void {
  for (let n = r.u32(); n > 0; n--) {
    const name = r.name();
    const kind = KINDS[r.byte()];
    const entry: ExportWithIndex = { name, kind, index: r.u32() };
    exports.push(entry);
  }
}

class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  byte(): number {
    return this.bytes[this.pos++];
  }
  u32(): number {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
    }
  }
  name(): string {
    const len = this.u32();
    const s = Buffer.from(this.bytes.subarray(this.pos, this.pos + len)).toString("utf8");
    this.pos += len;
    return s;
  }
  vec<T>(item: () => T): T[] {
    const out: T[] = [];
    for (let n = this.u32(); n > 0; n--) out.push(item());
    return out;
  }
}
