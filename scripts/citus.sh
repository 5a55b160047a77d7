#!/usr/bin/env bash
# Citus (distributed PostgreSQL) for testing leadimport on a cluster of three
# nodes on one machine: a coordinator and two workers (issue 12). Citus is a
# test dependency only, never linked into or shipped with leadimport.
#   bash scripts/citus.sh install     as root: builds Citus 13.2.2 for PostgreSQL 15 from the
#                                     shared source and installs it (idempotent, says what it did)
#   bash scripts/citus.sh installed   exits 0 when citus.so is in $(pg_config --pkglibdir)
#   bash scripts/citus.sh start       a fresh coordinator and two workers (any old ones removed)
#   bash scripts/citus.sh stop        stops them
#   bash scripts/citus.sh status      which nodes run, and the coordinator's node list
# Sourced, it only defines the functions and settings (test/citus/run.sh does).
#
# The build (about 10 minutes on 2 cores, run with nice -n 19) is kept in
# $CITUS_CACHE, so a machine whose citus.so is gone (a reinstalled
# postgresql-15) only runs `make install` again.
#
# The cluster: ports $CITUS_PORTS (coordinator first), data directories and
# logs under $CITUS_DIR (node<port>/data, node<port>/server.log), sockets in
# $CITUS_DIR, run by the postgres user; each node has
# shared_preload_libraries = 'citus,leadimport', listen_addresses =
# '127.0.0.1', trust for 127.0.0.1, fsync off. Citus and its node list are
# set up in database $CITUS_DB. Extra postgresql.conf lines for every node:
# `citus_start 'line' ...`, or CITUS_CONF (lines separated by newlines).
# Every node may watch the same leadimport.database: background imports run
# on the coordinator only (a worker's launcher sees it is a Citus worker, in
# pg_dist_local_group, and stays idle).
set -euo pipefail
CITUS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

CITUS_VERSION=13.2.2
CITUS_TARBALL="${CITUS_TARBALL:-$CITUS_ROOT/../shared/citus/citus-$CITUS_VERSION.tar.gz}"
CITUS_PG_BIN="${CITUS_PG_BIN:-/usr/lib/postgresql/15/bin}"
CITUS_PG_CONFIG="${CITUS_PG_CONFIG:-$CITUS_PG_BIN/pg_config}"
CITUS_CACHE="${CITUS_CACHE:-/var/cache/leadimport/citus-$CITUS_VERSION-pg15}"
CITUS_PACKAGES=(libcurl4-openssl-dev liblz4-dev libzstd-dev libkrb5-dev libssl-dev)

CITUS_DIR="${CITUS_DIR:-/tmp/leadimport-citus}"
CITUS_PORTS="${CITUS_PORTS:-5441 5442 5443}"
CITUS_DB="${CITUS_DB:-postgres}"

citus_pkglibdir() { "$CITUS_PG_CONFIG" --pkglibdir 2>/dev/null; }

citus_installed() {
  [ -f "$(citus_pkglibdir)/citus.so" ] &&
    [ -f "$("$CITUS_PG_CONFIG" --sharedir 2>/dev/null)/extension/citus.control" ]
}

citus_install() {
  if citus_installed; then
    echo "citus: already installed ($(citus_pkglibdir)/citus.so); nothing to do"
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "citus: installing needs root (sudo bash scripts/citus.sh install)" >&2
    return 1
  fi
  local missing=() p
  for p in "${CITUS_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "citus: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  local src="$CITUS_CACHE/citus-$CITUS_VERSION"
  # The stamp names the pg_config the tree was configured with: a tree built
  # for another server is built again.
  local stamp="$CITUS_CACHE/built-with"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$("$CITUS_PG_CONFIG" --version) $CITUS_PG_CONFIG" ] &&
    [ -d "$src" ]; then
    echo "citus: the build in $src is kept from an earlier install; make install only"
  else
    if [ ! -f "$CITUS_TARBALL" ]; then
      echo "citus: the source $CITUS_TARBALL is missing" >&2
      return 1
    fi
    echo "citus: building $CITUS_VERSION for $("$CITUS_PG_CONFIG" --version) in $src (about 10 minutes on 2 cores)"
    rm -rf "$src" "$stamp"
    mkdir -p "$CITUS_CACHE"
    tar -xzf "$CITUS_TARBALL" -C "$CITUS_CACHE"
    (
      cd "$src"
      PG_CONFIG="$CITUS_PG_CONFIG" nice -n 19 ./configure --without-libcurl >"$CITUS_CACHE/configure.log" 2>&1 ||
        { tail -n 30 "$CITUS_CACHE/configure.log" >&2; exit 1; }
      # with_llvm=no: no LLVM bitcode for JIT inlining (it doubles the build
      # and a test cluster has no use for it)
      nice -n 19 make -j"$(nproc)" with_llvm=no >"$CITUS_CACHE/make.log" 2>&1 ||
        { tail -n 40 "$CITUS_CACHE/make.log" >&2; exit 1; }
    )
    echo "$("$CITUS_PG_CONFIG" --version) $CITUS_PG_CONFIG" >"$stamp"
  fi
  (cd "$src" && make install with_llvm=no >"$CITUS_CACHE/install.log" 2>&1) ||
    { tail -n 30 "$CITUS_CACHE/install.log" >&2; return 1; }
  citus_installed || { echo "citus: make install did not install citus.so" >&2; return 1; }
  echo "citus: installed $CITUS_VERSION into $(citus_pkglibdir)"
}

# The cluster.

citus_as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

citus_coordinator_port() { set -- $CITUS_PORTS; echo "$1"; }
citus_worker_ports() { set -- $CITUS_PORTS; shift; echo "$@"; }

# psql on one node: citus_psql PORT [psql args...]
citus_psql() {
  local port="$1"
  shift
  "$CITUS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$CITUS_DIR" -p "$port" -U postgres -d "$CITUS_DB" "$@"
}

citus_node_start() {
  local port="$1" dir="$CITUS_DIR/node$1" # $2: coordinator or worker (the same settings)
  shift 2
  citus_as_postgres "$CITUS_PG_BIN/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth=trust >/dev/null
  {
    echo "port = $port"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$CITUS_DIR'"
    echo "shared_preload_libraries = 'citus,leadimport'"
    echo "fsync = off"
    echo "log_min_messages = warning"
    # The nodes talk over loopback: no TLS (Citus asks for it by default).
    echo "citus.node_conninfo = 'sslmode=disable'"
    echo "max_connections = 200"
    [ -z "${CITUS_CONF:-}" ] || printf '%s\n' "$CITUS_CONF"
    local line
    for line in "$@"; do echo "$line"; done
  } >>"$dir/data/postgresql.conf"
  echo "host all all 127.0.0.1/32 trust" >>"$dir/data/pg_hba.conf"
  citus_as_postgres "$CITUS_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
}

citus_start() {
  if ! citus_installed; then
    echo "citus: not installed (bash scripts/citus.sh install)" >&2
    return 1
  fi
  citus_stop >/dev/null 2>&1 || true
  rm -rf "$CITUS_DIR"
  mkdir -p "$CITUS_DIR"
  chown postgres: "$CITUS_DIR"
  chmod 755 "$CITUS_DIR"
  local port coord
  coord="$(citus_coordinator_port)"
  for port in $CITUS_PORTS; do
    if [ "$port" = "$coord" ]; then
      citus_node_start "$port" coordinator "$@"
    else
      citus_node_start "$port" worker "$@"
    fi
  done
  for port in $CITUS_PORTS; do
    if [ "$CITUS_DB" != postgres ]; then
      citus_psql "$port" -d postgres -c "CREATE DATABASE \"$CITUS_DB\""
    fi
    citus_psql "$port" -c "CREATE EXTENSION citus"
  done
  citus_psql "$coord" -c "SELECT citus_set_coordinator_host('127.0.0.1', $coord)" >/dev/null
  for port in $(citus_worker_ports); do
    citus_psql "$coord" -c "SELECT citus_add_node('127.0.0.1', $port)" >/dev/null
  done
  echo "citus: coordinator 127.0.0.1:$coord, workers $(citus_worker_ports | sed 's/ /, /g'); database $CITUS_DB; psql -h $CITUS_DIR -p $coord -U postgres $CITUS_DB"
}

citus_stop() {
  local port stopped=""
  for port in $CITUS_PORTS; do
    if [ -f "$CITUS_DIR/node$port/data/postmaster.pid" ]; then
      citus_as_postgres "$CITUS_PG_BIN/pg_ctl" -D "$CITUS_DIR/node$port/data" -m fast -w stop >/dev/null &&
        stopped="$stopped $port"
    fi
  done
  echo "citus: stopped${stopped:- nothing (no node was running)}"
}

citus_status() {
  local port
  for port in $CITUS_PORTS; do
    if citus_as_postgres "$CITUS_PG_BIN/pg_ctl" -D "$CITUS_DIR/node$port/data" status >/dev/null 2>&1; then
      echo "node $port: running"
    else
      echo "node $port: not running"
    fi
  done
  citus_psql "$(citus_coordinator_port)" -c "SELECT nodeid, nodename, nodeport, groupid, noderole, isactive FROM pg_dist_node ORDER BY nodeid" 2>/dev/null || true
}

citus_logs() {
  local port
  for port in $CITUS_PORTS; do
    echo "----- node $port ($CITUS_DIR/node$port/server.log) -----"
    tail -n 100 "$CITUS_DIR/node$port/server.log" 2>/dev/null || true
  done
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    install) citus_install ;;
    installed) citus_installed ;;
    start) shift; citus_start "$@" ;;
    stop) citus_stop ;;
    status) citus_status ;;
    logs) citus_logs ;;
    *)
      echo "usage: bash scripts/citus.sh install|installed|start [conf lines...]|stop|status|logs" >&2
      exit 2
      ;;
  esac
fi
