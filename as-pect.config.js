// as-pect runs the guest's pure layers (json, encodings, crypto, resp, cache, store, jose) as unit tests. Those
// layers import no http_handler function; the WASI call they need, random_get (sys/random.ts, for nonces), is
// served here from node:crypto, as wasi-go serves crypto/rand in Traefik.
import { randomFillSync } from "node:crypto";

const ENOSYS = 52;

export default {
  entries: ["test/unit/**/*.spec.ts"],
  include: ["test/unit/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    let guestMemory = memory;
    const random_get = (ptr, len) => {
      randomFillSync(new Uint8Array(guestMemory.buffer, ptr, len));
      return 0;
    };
    // Any other WASI function the spec imports (one reaching sys/files.ts, say) answers ENOSYS, as a host without
    // it would.
    const wasi = { random_get };
    for (const i of WebAssembly.Module.imports(new WebAssembly.Module(binary))) {
      if (i.module === "wasi_snapshot_preview1" && !(i.name in wasi)) wasi[i.name] = () => ENOSYS;
    }
    const loaded = await instantiate(binary, createImports({ env: { memory }, wasi_snapshot_preview1: wasi }));
    guestMemory = loaded.exports.memory ?? memory;
    return loaded;
  },
  outputBinary: false,
};
