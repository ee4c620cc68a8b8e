# The two commands of the README: `make run` and `make test`. Both install what is missing.
BUILD_DIR ?= build
PRESET    ?= default
PORT      ?= 3000

.PHONY: all deps build run test test-asan clean format

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

run: build
	@mkdir -p data
	$(BUILD_DIR)/parley serve --port $(PORT) --db sqlite:data/parley.db --web-root web/dist

test: build
	@ctest --preset $(PRESET)

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan:
	@$(MAKE) --no-print-directory test PRESET=asan BUILD_DIR=build-asan

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build build-asan
