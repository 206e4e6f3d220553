#!/usr/bin/env bash
# Lays plugin.wasm and .traefik.yml out the two ways Traefik loads a plugin:
#   dist/plugin.zip                                   a release asset for the Plugin Catalog (entries at the top
#                                                     level, which Traefik's generic unzip keeps as they are)
#   dist/plugins-local/src/<moduleName>/              what experimental.localPlugins.<alias>.moduleName expects
set -euo pipefail
module_name="${MODULE_NAME:-github.com/traefik-oidc-wasm/traefik-oidc-wasm}"
rm -rf dist
mkdir -p "dist/plugins-local/src/$module_name"
cp .traefik.yml plugin.wasm "dist/plugins-local/src/$module_name/"
python3 - <<'PY'
import zipfile
with zipfile.ZipFile("dist/plugin.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(".traefik.yml", ".traefik.yml")
    z.write("plugin.wasm", "plugin.wasm")
PY
echo "dist/plugin.zip"
echo "dist/plugins-local/src/$module_name/"
