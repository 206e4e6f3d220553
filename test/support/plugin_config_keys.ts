// Which configuration keys plugin.wasm reads, learned from the built module rather than from its source, so that no
// reader, helper or naming convention in assembly/ can hide a key. Two facts of the guest make this work:
// - every key it reads is a string literal, and AssemblyScript keeps string literals in the data section as
//   UTF-16, so the identifier-like strings there are a superset of the keys (plus any names a caller adds);
// - given PROBE_VALUE, every ConfigReader accessor refuses the key with a type error, while a key nobody reads is
//   refused as "unknown key", and only once nothing else failed (ConfigReader.checkUnknownKeys).
// So a build with every candidate set to PROBE_VALUE names one key the guest reads; removing it and building again
// finds the next, until the plugin answers "unknown key": then none of the remaining candidates is read at all.
import { configRefusal } from "./config_refusal.js";

/** No accessor accepts a list that holds a list: str, bool, int, strList, oneOf, child and children all refuse it. */
const PROBE_VALUE = [[]];
const UNKNOWN = "unknown key";
const SECTION = "must be an object";
const LIST_OF_SECTIONS = "must be a list of objects";
const DATA_SECTION_ID = 11;

/**
 * readConfigKeys returns every key plugin.wasm reads, as `key`, `section.key` or `list.key` (for the objects of a
 * list of objects), each with the reason the plugin gave for refusing PROBE_VALUE. extraNames are tried as well.
 */
export async function readConfigKeys(plugin: Uint8Array, extraNames: Iterable<string> = []): Promise<Map<string, string>> {
  const candidates = [...new Set([...dataSectionIdentifiers(plugin), ...extraNames])];
  const keys = new Map<string, string>();
  for (const [key, reason] of await keysRead(plugin, candidates, (probe) => probe, "")) {
    keys.set(key, reason);
    let nested: Map<string, string> | null = null;
    if (reason === SECTION) {
      nested = await keysRead(plugin, candidates, (probe) => new Map([[key, probe]]), `${key}.`);
    } else if (reason.startsWith(LIST_OF_SECTIONS)) {
      nested = await keysRead(plugin, candidates, (probe) => new Map([[key, [probe]]]), `${key}[0].`);
    }
    for (const [sub, why] of nested ?? []) keys.set(`${key}.${sub}`, why);
  }
  return keys;
}

/** dataSectionIdentifiers returns the UTF-16 strings of the module's data section that look like config keys. */
export function dataSectionIdentifiers(wasm: Uint8Array): Set<string> {
  const text = Buffer.concat(sections(wasm, DATA_SECTION_ID)).toString("latin1");
  const out = new Set<string>();
  for (const run of text.matchAll(/(?:[A-Za-z0-9_]\x00)+/g)) {
    const s = run[0].replaceAll("\x00", "");
    if (/^[A-Za-z][A-Za-z0-9_]*$/.test(s)) out.add(s);
  }
  return out;
}

// One scope (the top level, or inside one section): wrap puts the probe object where the plugin reads that scope.
async function keysRead(plugin: Uint8Array, candidates: string[], wrap: (probe: Map<string, unknown>) => unknown,
  prefix: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let rest = candidates;
  while (rest.length > 0) {
    const probe = new Map<string, unknown>(rest.map((name) => [name, PROBE_VALUE]));
    const refusal = await configRefusal(plugin, { config: wrap(probe), provider: "crd" });
    if (refusal === null) throw new Error(`a probe of ${rest.length} keys under "${prefix}" was accepted`);
    const name = refusal.key.startsWith(prefix) ? refusal.key.slice(prefix.length) : null;
    if (name === null || !rest.includes(name)) throw new Error(`the probe under "${prefix}" was refused for ${refusal.line}`);
    if (refusal.reason === UNKNOWN) break;
    found.set(name, refusal.reason);
    rest = rest.filter((c) => c !== name);
  }
  return found;
}

function sections(wasm: Uint8Array, id: number): Buffer[] {
  const out: Buffer[] = [];
  let at = 8; // magic and version
  const leb = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
  };
  while (at < wasm.length) {
    const sectionId = wasm[at++];
    const size = leb();
    if (sectionId === id) out.push(Buffer.from(wasm.subarray(at, at + size)));
    at += size;
  }
  return out;
}
