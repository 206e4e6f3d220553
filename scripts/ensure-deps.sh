#!/usr/bin/env bash
# Installs what `make` needs on a fresh machine: npm packages, and (as root) redis-server from Debian.
set -euo pipefail
if [ ! -d node_modules/assemblyscript ] || [ package-lock.json -nt node_modules/.installed ]; then
  npm ci --no-audit --no-fund
fi
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "redis-server is missing: install it (Debian: sudo apt-get install redis-server)" >&2
    exit 1
  fi
fi
