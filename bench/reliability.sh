#!/usr/bin/env bash
# The reliability benchmark in one command (see bench/README.md, "Reliability"):
#
#   bash bench/reliability.sh [--requests 10000] [--concurrency 32] [--seed 1]
#                             [--transports curl,native] [--build-dir DIR]
#
# Builds tether_reliability_bench (the release preset, plus
# $TETHER_BENCH_CMAKE_ARGS; or the existing build in --build-dir /
# $TETHER_BENCH_BUILD_DIR) and runs it: the sandbox runs in-process, no
# server or tool to install. It reports; it never fails on the figures.
# bench/run.sh runs it after the HTTP benchmark.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${TETHER_BENCH_BUILD_DIR:-}
bench_args=()

usage() {
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while (($#)); do
    case $1 in
        --requests | --concurrency | --seed | --transports) bench_args+=("$1" "${2:?}"); shift 2 ;;
        --build-dir) build_dir=${2:?}; shift 2 ;;
        -h | --help) usage ;;
        *) echo "reliability.sh: unknown argument '$1'" >&2; usage ;;
    esac
done

if [[ -z $build_dir ]]; then
    # shellcheck disable=SC2086 # extra arguments split on purpose
    (cd "$repo" && cmake --preset release ${TETHER_BENCH_CMAKE_ARGS:-} &&
        cmake --build build/release --target tether_reliability_bench)
    build_dir=$repo/build/release
else
    cmake --build "$build_dir" --target tether_reliability_bench
fi
bench_bin=$build_dir/bench/tether_reliability_bench
[[ -x $bench_bin ]] || { echo "reliability.sh: $bench_bin was not built" >&2; exit 1; }

"$bench_bin" "${bench_args[@]}"
