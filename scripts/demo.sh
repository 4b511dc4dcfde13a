#!/usr/bin/env bash
# The main job: builds the tether command and shows it working against the
# embedded sandbox backend — requests, typed errors and their exit statuses.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset release -DTETHER_BUILD_TESTS=OFF -DTETHER_BUILD_BENCH=OFF > /dev/null
cmake --build --preset release --target tether_cli example_user_repository

tether=build/release/cli/tether
port_file=$(mktemp)
"$tether" sandbox --port 0 --port-file "$port_file" > /dev/null &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true; rm -f "$port_file"' EXIT
for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.05; done
[ -s "$port_file" ] || { echo "the sandbox did not start" >&2; exit 1; }
base="http://127.0.0.1:$(cat "$port_file")"

step() {
  echo
  echo "\$ tether $(printf '%q ' "$@")"
  set +e
  "$tether" "$@"
  local status=$?
  set -e
  echo "(exit status $status)"
}

echo "sandbox running at $base"
step request GET "$base/users" limit==3
step request POST "$base/users" name="Ada Lovelace" email=ada@example.com
step request PATCH "$base/users/26" name="Augusta Ada King" --verbose Authorization:"Bearer not-shown"
step request POST "$base/users" name= email=not-an-email
step request GET "$base/users/999"
step request GET "$base/flaky" fail==1 X-Client-Key:demo
step request GET "$base/flaky" fail==1 X-Client-Key:demo
step request GET "$base/delay/2000" --timeout 0.5
step request GET "$base/drop"
step request GET "$base/flaky" fail==2 X-Client-Key:demo-retry --retry 3 --log basic --metrics
cache_dir=$(mktemp -d)
trap 'kill "$sandbox_pid" 2>/dev/null || true; rm -f "$port_file"; rm -rf "$cache_dir"' EXIT
step request GET "$base/cache/news" --cache "$cache_dir"
step request GET "$base/cache/news" --cache "$cache_dir"
step request POST "$base/admin/outage" mode=503
step request GET "$base/cache/news" --cache "$cache_dir" Cache-Control:no-cache --metrics
step request POST "$base/admin/outage" mode=none
step request GET "$base/users" --download /tmp/tether-demo-users.json
echo
echo "\$ example_user_repository $base"
build/release/examples/user_repository/example_user_repository "$base"
