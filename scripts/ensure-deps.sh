#!/usr/bin/env bash
# Installs what `make` needs on a fresh machine: npm packages, and with --redis (the tests start their own
# redis-server processes) Debian's redis-server when running as root.
set -euo pipefail
if [ ! -d node_modules/assemblyscript ] || [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
  npm ci --no-audit --no-fund
  touch node_modules/.installed
fi
if [ "${1:-}" = "--redis" ] && ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "redis-server is missing: install it (Debian: sudo apt-get install redis-server)" >&2
    exit 1
  fi
fi
