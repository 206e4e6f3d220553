#!/usr/bin/env bash
# Installs what `make` needs on a fresh machine: npm packages, and the Debian packages the tests run as processes,
# each named by a flag: --redis (the tests start their own redis-server processes), --chromium (the browser tests
# drive Debian's Chromium, or the binary CHROMIUM names) and --openssl (the TLS tests make certificates and run
# `openssl s_server`). As root they are installed with apt-get; otherwise the script says what to install and fails.
set -euo pipefail
if [ ! -d node_modules/assemblyscript ] || [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
  npm ci --no-audit --no-fund
  touch node_modules/.installed
fi
missing=()
for flag in "$@"; do
  case "$flag" in
    --redis) command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;;
    --chromium) [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium) ;;
    --openssl) command -v openssl >/dev/null 2>&1 || missing+=(openssl) ;;
    *) echo "ensure-deps.sh: unknown flag $flag (known: --redis, --chromium, --openssl)" >&2; exit 2 ;;
  esac
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]}: install them (Debian: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi
