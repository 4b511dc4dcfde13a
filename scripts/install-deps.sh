#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of tether from Debian 12
# packages. Idempotent: packages already present are left alone, so a second
# run costs one dpkg query.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libcurl4-openssl-dev libssl-dev zlib1g-dev libbrotli-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev
  # coverage
  gcovr
  # interop and benchmark peers
  python3-httpbin gunicorn nginx-light wrk openssl util-linux procps
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "all dependencies present"
fi

# nginx is a test peer started by the test fixtures on loopback only; the
# package's own service must not hold port 80.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
  systemctl stop nginx || true
fi
pkill -f 'nginx: master process /usr/sbin/nginx' 2>/dev/null || true
