#!/usr/bin/env bash
# Builds the fuzzers with clang's libFuzzer and AddressSanitizer and runs
# each for a while, starting from its seed corpus. (UBSan is left out here:
# clang 14 cannot compile our coroutines with ASan and UBSan together; the
# seed corpora also run under GCC's ASan + UBSan as ctest's fuzz.* tests.)
# Usage: bash scripts/fuzz.sh [seconds per target]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}

bash scripts/install-deps.sh
cmake --preset fuzz > /dev/null
targets=$(sed -n 's/^set(fuzz_targets \(.*\))$/\1/p' tests/fuzz/CMakeLists.txt)
targets="$targets request_items"
build_targets=()
for t in $targets; do build_targets+=("fuzz_$t"); done
cmake --build --preset fuzz --target "${build_targets[@]}"

work=build/fuzz/fuzz-runs
mkdir -p "$work"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
for t in $targets; do
  corpus="$work/$t"
  mkdir -p "$corpus"
  cp -n tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
  echo "== fuzz_$t for ${seconds}s"
  build/fuzz/tests/fuzz/fuzz_"$t" "$corpus" -max_total_time="$seconds" -max_len=4096 \
      -artifact_prefix="$work/$t-" -print_final_stats=1 2>&1 | grep -E "stat::number_of_executed_units|stat::new_units_added|ERROR|SUMMARY|Test unit written" || true
  failing=$(compgen -G "$work/$t-crash-*" || compgen -G "$work/$t-leak-*" || compgen -G "$work/$t-timeout-*" || true)
  if [ -n "$failing" ]; then
    echo "fuzz_$t found a failing input: $(echo "$failing" | head -1)" >&2
    exit 1
  fi
done
echo "no fuzzer found a failure"
