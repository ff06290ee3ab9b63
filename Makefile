# sild build wrapper (style S13). The README's two commands are `make quickstart` and `make test`;
# both install what they need (scripts/install-deps.sh, idempotent) and build into build/.
#   make            release build (build/sild)
#   make test       build + format check + fast tests (ctest -LE slow); T=<regex> filters tests
#   make test-all   build + every test, slow ones included
#   make bench      build + run benchmarks/run_all.sh
#   make sanitize   ASan+UBSan build of the tests in build-asan/ and run them
#   make fuzz       clang libFuzzer targets in build-fuzz/, short smoke run each
#   make quickstart the main job on the embedded default data
#   make format / format-check

BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
CTEST_FLAGS = --output-on-failure -j $(JOBS) $(if $(T),-R '$(T)',)

.PHONY: all deps build test test-all bench sanitize fuzz quickstart format format-check clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

# `make test` fails on a source file clang-format would change (`make format` fixes it).
test: build format-check
	cd $(BUILD_DIR) && ctest $(CTEST_FLAGS) -LE slow

test-all: build
	cd $(BUILD_DIR) && ctest $(CTEST_FLAGS)

bench: build
	benchmarks/run_all.sh $(BUILD_DIR)

sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSILD_SANITIZE=ON -DSILD_BENCHMARKS=OFF -DSILD_WITH_TORCH=OFF
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest $(CTEST_FLAGS) -LE slow

fuzz: deps
	scripts/install-deps.sh fuzz
	CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSILD_FUZZ=ON -DSILD_BENCHMARKS=OFF -DSILD_WITH_TORCH=OFF
	cmake --build build-fuzz -j $(JOBS) --target fuzz_targets
	fuzz/run_fuzzers.sh build-fuzz $(or $(FUZZ_SECONDS),10)

# Builds only the program it runs (the tests and benchmarks are for `make test` and `make bench`).
quickstart: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS) --target sild
	scripts/quickstart.sh $(BUILD_DIR)

format:
	clang-format -i $$(git ls-files '*.h' '*.cpp')

format-check: deps
	@clang-format --dry-run --Werror $$(git ls-files '*.h' '*.cpp') || \
	  { echo "format-check: run 'make format' (clang-format 14, .clang-format) and commit" >&2; exit 1; }

clean:
	rm -rf $(BUILD_DIR) build-asan build-fuzz
