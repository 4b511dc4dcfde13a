#!/usr/bin/env bash
# The side-by-side HTTP benchmark, in one command (see bench/README.md):
#
#   bash bench/run.sh [--seconds N] [--warmup S] [--concurrency 1,16,64]
#                     [--clients tether,tether+3i,native,native+3i,raw-curl,raw-beast]
#                     [--build-dir DIR] [--no-reliability]
#
# Builds tether_http_bench (the release preset, plus $TETHER_BENCH_CMAKE_ARGS;
# or the existing build in --build-dir / $TETHER_BENCH_BUILD_DIR), starts
# nginx on loopback pinned to one core, runs wrk and each client pinned to
# another, stops nginx, and prints one table. It reports; it never fails on
# the figures. Then it runs the reliability benchmark (bench/reliability.sh)
# unless --no-reliability.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=3
warmup=0.5
concurrency=1,16,64
clients=tether,tether+3i,native,native+3i,raw-curl,raw-beast
build_dir=${TETHER_BENCH_BUILD_DIR:-}
server_core=0
client_core=1
reliability=1

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while (($#)); do
    case $1 in
        --seconds) seconds=${2:?}; shift 2 ;;
        --warmup) warmup=${2:?}; shift 2 ;;
        --concurrency) concurrency=${2:?}; shift 2 ;;
        --clients) clients=${2:?}; shift 2 ;;
        --build-dir) build_dir=${2:?}; shift 2 ;;
        --no-reliability) reliability=0; shift ;;
        -h | --help) usage ;;
        *) echo "run.sh: unknown argument '$1'" >&2; usage ;;
    esac
done
# wrk takes whole seconds only.
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --seconds takes a whole number >= 1" >&2; exit 2; }

for tool in nginx wrk taskset; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool not found; run scripts/install-deps.sh" >&2; exit 1; }
done

# ---- build -------------------------------------------------------------------
if [[ -z $build_dir ]]; then
    # shellcheck disable=SC2086 # extra arguments split on purpose
    (cd "$repo" && cmake --preset release ${TETHER_BENCH_CMAKE_ARGS:-} &&
        cmake --build build/release --target tether_http_bench)
    build_dir=$repo/build/release
else
    cmake --build "$build_dir" --target tether_http_bench
fi
bench_bin=$build_dir/bench/tether_http_bench
[[ -x $bench_bin ]] || { echo "run.sh: $bench_bin was not built" >&2; exit 1; }

# ---- cores -------------------------------------------------------------------
# Server and client on different cores, so neither steals the other's CPU
# and the client's CPU time is its own.
if (($(nproc) >= 2)); then
    server_pin=(taskset -c "$server_core")
    client_pin=(taskset -c "$client_core")
else
    echo "run.sh: only one core: server and client share it (figures are not comparable to pinned runs)" >&2
    server_pin=()
    client_pin=()
fi

# ---- nginx -------------------------------------------------------------------
workdir=$(mktemp -d "${TMPDIR:-/tmp}/tether-bench.XXXXXX")
stop_nginx() {
    if [[ -f $workdir/nginx.pid ]]; then
        local pid
        pid=$(cat "$workdir/nginx.pid")
        # The master removes its pid file when it has exited; TERM is the
        # fast shutdown, and its workers go with it.
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do [[ -f $workdir/nginx.pid ]] || break; sleep 0.1; done
        [[ -f $workdir/nginx.pid ]] && echo "run.sh: nginx (pid $pid) did not stop; kill it by hand" >&2
    fi
    rm -rf "$workdir"
}
trap stop_nginx EXIT

# As root the workers would otherwise switch to "nobody" and lose access to
# the private run directory; as anyone else the directive only warns.
user_line=""
[[ $(id -u) -eq 0 ]] && user_line="user root;"

# A random high port; nginx fails to start if it is taken, and we try another.
port=""
for _ in $(seq 20); do
    candidate=$((20000 + RANDOM % 40000))
    sed -e "s|@DIR@|$workdir|g" -e "s|@PORT@|$candidate|g" -e "s|@USER@|$user_line|g" \
        "$repo/bench/nginx.conf.in" >"$workdir/nginx.conf"
    if "${server_pin[@]}" nginx -e "$workdir/error.log" -p "$workdir" -c "$workdir/nginx.conf" 2>>"$workdir/start.log"; then
        port=$candidate
        break
    fi
done
[[ -n $port ]] || { echo "run.sh: nginx did not start:" >&2; cat "$workdir/start.log" >&2; exit 1; }
url="http://127.0.0.1:$port/json"

# One request by hand before measuring anything: a wrong answer here would
# make every figure below meaningless.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
answer=$(cat <&3)
exec 3<&-
[[ $answer == "HTTP/1.1 200"* ]] || { echo "run.sh: nginx answered: $answer" >&2; exit 1; }
echo "nginx on $url (pid $(cat "$workdir/nginx.pid"), core $server_core); clients on core $client_core;" \
    "${seconds}s per client after ${warmup}s warm-up" >&2

# ---- wrk ---------------------------------------------------------------------
# "50%  52.10us" -> microseconds.
to_us() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else if (v ~ /s$/) print n * 1e6; else print n
    }'
}

# The children's user + system seconds from a saved `times` output, whose
# second line reads "0m1.234s 0m0.567s".
times_seconds() {
    awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); t += p[1] * 60 + p[2] } print t }' "$1"
}

# wrk -t1 -cN; its CPU time comes from the `times` builtin of the subshell
# that waited for it (user + system of its children: just wrk).
run_wrk() {
    local c=$1 out=$workdir/wrk-$1.txt
    (
        "${client_pin[@]}" wrk -t1 -c"$c" -d"${seconds}s" --latency "$url" >"$out"
        times >"$out.times"
    )
    local rps requests secs p50 p99 failures cpu
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    read -r requests secs < <(awk '/ requests in / { sub(/s,$/, "", $4); print $1, $4 }' "$out")
    p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
    failures=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
    cpu=$(awk -v t="$(times_seconds "$out.times")" -v r="$requests" 'BEGIN { printf "%.2f", (r > 0 ? t * 1e6 / r : 0) }')
    local note=ok
    ((failures == 0)) || note=failures
    printf 'wrk\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$rps" "$p50" "$p99" "$cpu" "$requests" "$failures" "$secs" "$note"
}

# ---- measure -----------------------------------------------------------------
# Connections nginx has accepted so far (stub_status); reading it is one
# more connection, which with_connections subtracts.
accepted() {
    local status
    exec 4<>"/dev/tcp/127.0.0.1/$port"
    printf 'GET /nginx_status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&4
    status=$(cat <&4)
    exec 4<&-
    awk '/accepts handled requests/ { getline; print $1 }' <<<"$status"
}

# Runs "$@" (which prints result rows) and appends each row with the number
# of connections the client opened: its concurrency if it reused them.
with_connections() {
    local before after row
    before=$(accepted)
    row=$("$@") || echo "run.sh: '$*' exited with $?" >&2
    after=$(accepted)
    [[ -n $row ]] && printf '%s\t%s\n' "$row" "$((after - before - 1))"
}

# CPU seconds used so far by the whole machine, by nginx, and by this
# script's children (wrk and the benchmark): what is left over is other work
# that shared the cores during the run, the noise in every figure below.
hz=$(getconf CLK_TCK)
machine_cpu() { awk -v hz="$hz" 'NR == 1 { print ($2 + $3 + $4 + $7 + $8) / hz }' /proc/stat; }
nginx_cpu() {
    local master pid
    master=$(cat "$workdir/nginx.pid")
    for pid in "$master" $(pgrep -P "$master"); do cat "/proc/$pid/stat"; done |
        awk -v hz="$hz" '{ t += $14 + $15 } END { print t / hz }'
}
# Not in $(...): a subshell has no children of its own to report.
times >"$workdir/times.before"
machine_before=$(machine_cpu)
nginx_before=$(nginx_cpu)
wall_before=$(date +%s.%N)

results=$workdir/results.tsv
: >"$results"
for c in ${concurrency//,/ }; do
    echo "c=$c: wrk" >&2
    with_connections run_wrk "$c" >>"$results"
    for client in ${clients//,/ }; do
        echo "c=$c: $client" >&2
        with_connections "${client_pin[@]}" "$bench_bin" --url "$url" --concurrency "$c" --seconds "$seconds" \
            --warmup "$warmup" --clients "$client" --no-header >>"$results"
    done
done
times >"$workdir/times.after"
other_work=$(awk -v m="$(machine_cpu)" -v m0="$machine_before" -v n="$(nginx_cpu)" -v n0="$nginx_before" \
    -v c="$(times_seconds "$workdir/times.after")" -v c0="$(times_seconds "$workdir/times.before")" \
    -v w="$(date +%s.%N)" -v w0="$wall_before" -v cores="$(nproc)" 'BEGIN {
        other = (m - m0) - (n - n0) - (c - c0)
        printf "%.0f%% of %d cores", (other > 0 ? 100 * other / ((w - w0) * cores) : 0), cores
    }')
if [[ -s $workdir/error.log ]]; then
    echo "nginx error log:" >&2
    tail -n 20 "$workdir/error.log" >&2
fi

echo
echo "other work on the machine during the run: $other_work" \
    "(more than a few % means the figures are noisy; rerun on a quiet machine)"
echo
LC_ALL=C awk -f "$repo/bench/report.awk" "$results"
if [[ -n ${TETHER_BENCH_KEEP:-} ]]; then
    cp "$results" "$TETHER_BENCH_KEEP"
    echo "rows saved to $TETHER_BENCH_KEEP" >&2
fi

# ---- reliability -------------------------------------------------------------
if ((reliability)); then
    echo
    echo "reliability (bench/reliability.sh):"
    bash "$repo/bench/reliability.sh" --build-dir "$build_dir"
fi
