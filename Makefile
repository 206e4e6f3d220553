# traefik-oidc-wasm: build the guest, run the shim, test and measure. `make help` lists the targets.
SHELL := /bin/bash
BIN := node_modules/.bin
GUEST_SOURCES := $(shell find assembly -name '*.ts')
TS_SOURCES := $(shell find host-shim test bench scripts -name '*.ts' -o -name '*.mjs' 2>/dev/null)
MODULE_NAME := github.com/traefik-oidc-wasm/traefik-oidc-wasm

.PHONY: all help build test test-unit test-host lint demo bench fuzz package clean deps test-deps bench-deps

all: build

help:
	@echo "make build    compile plugin.wasm and check its imports and exports"
	@echo "make test     everything that must pass: lint, guest unit tests, shim and end-to-end tests"
	@echo "make demo     run the middleware in the shim"
	@echo "make bench    benchmarks; writes bench-results.json"
	@echo "make fuzz     long fuzz runs of every guest parser"
	@echo "make package  dist/plugin.zip in the Traefik plugin layout"
	@echo "make clean    remove build outputs"

deps:
	@bash scripts/ensure-deps.sh

test-deps:
	@bash scripts/ensure-deps.sh --redis --chromium --openssl

bench-deps:
	@bash scripts/ensure-deps.sh --redis --openssl

build: deps plugin.wasm build/js/.built
	@node build/js/host-shim/cli/check_plugin.js plugin.wasm

plugin.wasm: $(GUEST_SOURCES) asconfig.json | deps
	$(BIN)/asc assembly/index.ts --target release

build/js/.built: $(TS_SOURCES) | deps
	@node scripts/build-ts.mjs
	@touch $@

lint: deps
	$(BIN)/tsc -p tsconfig.json

test-unit: deps
	$(BIN)/asp --config as-pect.config.js --summary

# Only *.test.js files: node's runner would also run every helper module under a test/ directory.
test-host: build test-deps
	node --test --test-concurrency=2 $$(find build/js/test -name '*.test.js' | sort)

test: lint test-unit test-host

demo: build
	@node build/js/host-shim/cli/demo.js

bench: build bench-deps
	node build/js/bench/run.js

fuzz: build
	FUZZ_RUNS=$${FUZZ_RUNS:-2000000} node --test $$(find build/js/test/fuzz -name '*.test.js' | sort)

package: build
	@bash scripts/package.sh

clean:
	rm -rf build dist plugin.wasm bench-results.json
