// as-pect runs the guest's pure layers (json, encodings, crypto, resp, jose) as unit tests. Those layers never
// import assembly/abi, so no host functions need mocking here.
export default {
  entries: ["test/unit/**/*.spec.ts"],
  include: ["test/unit/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
