// as-pect runs the guest's pure layers (json, encodings, crypto, resp, cache, store, jose) as unit tests. Those
// layers import no http_handler function; the one WASI call they reach, random_get (sys/random.ts, for nonces),
// is served here from node:crypto, as wasi-go serves crypto/rand in Traefik.
import { randomFillSync } from "node:crypto";

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
    const loaded = await instantiate(binary, createImports({ env: { memory }, wasi_snapshot_preview1: { random_get } }));
    guestMemory = loaded.exports.memory ?? memory;
    return loaded;
  },
  outputBinary: false,
};
