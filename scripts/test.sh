#!/usr/bin/env bash
# Builds and runs every test:
#  1. the whole suite (unit, integration, interop against httpbin and nginx,
#     examples, packaging) under AddressSanitizer + UndefinedBehaviorSanitizer,
#     instrumented for line coverage, then the coverage summary of the library;
#  2. the integration suite again under ThreadSanitizer;
#  3. every fuzzer (libFuzzer) for a short while from its seed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
jobs=$(nproc)

echo "== build (ASan + UBSan + coverage)"
cmake --preset ci > /dev/null
cmake --build --preset ci -j "$jobs"
find build/ci -name '*.gcda' -delete

echo "== tests (ASan + UBSan)"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --preset ci -j "$jobs"

echo "== line coverage of the library (src/)"
# The per-file table goes to build/ci/coverage.txt; the summary is printed,
# and the run fails under 85 % of lines.
gcovr --root . --filter 'src/' --object-directory build/ci --exclude-unreachable-branches \
      --print-summary --fail-under-line 85 -o build/ci/coverage.txt

echo "== build (TSan)"
cmake --preset tsan -DTETHER_BUILD_INTEROP=OFF -DTETHER_BUILD_EXAMPLES=OFF > /dev/null
cmake --build --preset tsan -j "$jobs" --target tether_integration_tests

echo "== concurrency and integration tests (TSan)"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
build/tsan/tests/integration/tether_integration_tests --gtest_brief=1

echo "== fuzzers (libFuzzer + ASan, 15 s each)"
bash scripts/fuzz.sh 15
echo "all tests passed"
