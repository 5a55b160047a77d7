#!/usr/bin/env bash
# Installs what leadimport needs on Debian 12 (as root), then builds and
# installs the extension. Sourced by demo.sh and test.sh; safe to run again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

PACKAGES=(
  build-essential g++ make cmake pkg-config clang-format perl
  postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl
  libphonenumber-dev libcsv-dev libzip-dev libexpat1-dev nlohmann-json3-dev
  libpcre2-dev libprotobuf-dev libgtest-dev
  clang-16 libfuzzer-16-dev libclang-rt-16-dev llvm-16 debootstrap
  debhelper postgresql-server-dev-all dpkg-dev fakeroot
)

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "== installing: ${missing[*]}"
    if [ "$(id -u)" != 0 ]; then
      echo "packages are missing and this is not root: run as root (sudo)" >&2
      exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Debian's packaging would create and start a cluster of its own; we use
    # a throwaway one instead.
    mkdir -p /etc/postgresql-common
    [ -f /etc/postgresql-common/createcluster.conf ] ||
      echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

build_and_install() {
  echo "== building the extension"
  make -C "$ROOT" -j"$(nproc)" ${EXTRA_CXXFLAGS:+EXTRA_CXXFLAGS="$EXTRA_CXXFLAGS"} >/dev/null
  make -C "$ROOT" install >/dev/null
}

install_packages
export PATH="/usr/lib/postgresql/15/bin:$PATH"
build_and_install
