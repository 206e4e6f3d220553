#!/usr/bin/env node
// `traefik-shim --configFile=traefik.yml`: the shim started the way Traefik is started, on the same files, from the
// same working directory (plugins-local/ and relative provider paths are looked up there). It logs as Traefik does,
// prints each entrypoint's URL, and stops cleanly on SIGINT or SIGTERM. Run it as `node build/js/host-shim/cli/traefik.js`.

import { startTraefik, type RunningTraefik } from "../traefik/index.js";

const USAGE = "usage: traefik-shim --configFile=<static configuration .yml>";

let traefik: RunningTraefik;
try {
  traefik = await startTraefik({ configFile: configFileOf(process.argv.slice(2)) });
} catch (err) {
  console.error(`traefik-shim: ${(err as Error).message}`);
  process.exit(1);
}
for (const [name, ep] of Object.entries(traefik.entryPoints)) console.log(`traefik-shim: entryPoint ${name} listening on ${ep.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    traefik.close().then(() => process.exit(0), (err: Error) => {
      console.error(`traefik-shim: stopping: ${err.message}`);
      process.exit(1);
    });
  });
}

// Traefik's flag is --configFile; its parser also takes --configfile, and a value as the next argument.
function configFileOf(args: string[]): string {
  let configFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (flag !== "--configFile" && flag !== "--configfile") throw new Error(`unknown argument ${args[i]}: the shim reads its configuration from the file only\n${USAGE}`);
    configFile = inline ?? args[++i];
  }
  if (!configFile) throw new Error(`--configFile is required (the shim does not search Traefik's default locations)\n${USAGE}`);
  return configFile;
}
