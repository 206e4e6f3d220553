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
