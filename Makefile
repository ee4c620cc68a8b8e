# The two commands of the README: `make run` and `make test`. Both install what is missing.
BUILD_DIR ?= build
PRESET    ?= default
PORT      ?= 3000

# The web client is rebuilt when any of its sources (tests aside) is newer than web/dist.
WEB_SOURCES := web/index.html web/package.json web/tsconfig.json web/vite.config.ts web/scripts/compress.mjs \
               $(shell find web/src -type f ! -name '*.test.*' ! -path '*/testing/*' 2>/dev/null)
WEB_DEPS    := web/node_modules/.package-lock.json
E2E_OUTPUT  := $(CURDIR)/$(BUILD_DIR)/test-output/e2e

.PHONY: all deps test-deps build server web run cluster image test test-format test-server test-fuzz fuzz test-web test-e2e test-asan test-tsan bench clean format

all: build

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

build: server web

server: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

web: web/dist/index.html

# npm ci only when package-lock.json changed since the last install.
$(WEB_DEPS): web/package-lock.json | deps
	@cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: $(WEB_DEPS) $(WEB_SOURCES)
	@cd web && npm run --silent build

run: build
	@mkdir -p data
	$(BUILD_DIR)/parley serve --port $(PORT) --db sqlite:data/parley.db --web-root web/dist

# Three nodes, PostgreSQL, Redis and nginx on this machine: http://localhost:8080 (PORT=...
# picks another). Ctrl+C stops everything; the data goes with it.
cluster: build
	@scripts/install-deps.sh --cluster
	@PORT=$(if $(filter 3000,$(PORT)),8080,$(PORT)) scripts/cluster.sh

# The container image's root filesystem, from Debian's archive (docs/deploy.md, "Container").
image: build
	@scripts/install-deps.sh --image
	@deploy/container/build-rootfs.sh $(BUILD_DIR)/parley web/dist build/image

# Every suite: the C++ format check and tests (ctest), the client's unit tests, then the
# browser tests.
test: test-format test-server test-fuzz test-web test-e2e

# Fails, naming the files, when a C++ file is not as clang-format would write it.
CXX_FILES = $(shell git ls-files '*.cpp' '*.hpp')
test-format: deps
	@clang-format --dry-run --Werror $(CXX_FILES) || \
		{ echo "C++ files above are not clang-formatted: run make format"; exit 1; }

# The store suites run against PostgreSQL too, the bus suites against Redis: throwaway servers
# for the run (or $PARLEY_TEST_PG and $PARLEY_TEST_REDIS).
test-server: server web test-deps
	@scripts/with-postgres.sh scripts/with-redis.sh ctest --preset $(PRESET)

# A few seconds of each fuzz target from the checked-in corpus (make fuzz: a minute each).
test-fuzz: test-deps
	@scripts/fuzz.sh 5

fuzz: test-deps
	@scripts/fuzz.sh 60

test-web: $(WEB_DEPS)
	@cd web && npm run --silent lint && npx vitest run

test-e2e: build test-deps
	@cd web && PARLEY_BIN=$(CURDIR)/$(BUILD_DIR)/parley E2E_OUTPUT_DIR=$(E2E_OUTPUT) npx vitest run -c vitest.e2e.config.ts
	@echo "Screenshots of each page: $(E2E_OUTPUT)"

# The C++ suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan:
	@$(MAKE) --no-print-directory test-server PRESET=asan BUILD_DIR=build-asan

# The C++ suite under ThreadSanitizer.
test-tsan:
	@$(MAKE) --no-print-directory test-server PRESET=tsan BUILD_DIR=build-tsan

# The benchmarks of docs/benchmarks.md (not part of make test), beside a Node `ws` baseline
# server. BASELINE=path/to/parley adds another binary, measured alternately in the same run.
bench: server bench/node_modules/.package-lock.json
	@scripts/install-deps.sh --bench
	@bench/run.sh

# The baseline server's one dependency (npm ws), installed when its lockfile changes.
bench/node_modules/.package-lock.json: bench/package-lock.json | deps
	@cd bench && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

format:
	@cd web && npm run --silent format
	@clang-format -i $(CXX_FILES)

clean:
	rm -rf build build-asan build-tsan build-fuzz web/dist web/node_modules bench/node_modules
