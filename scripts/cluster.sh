#!/usr/bin/env bash
# A throwaway PostgreSQL cluster of our own: its own data directory, port and
# socket directory, run by the unprivileged `postgres` user. Sourced.
#   cluster_start [extra postgresql.conf lines...]   cluster_stop   cluster_log
# LI_PG_BIN: the server's binaries (scripts/pg17.sh runs the same tests
# against PostgreSQL 17 in its chroot with /usr/lib/postgresql/17/bin).
LI_PG_BIN="${LI_PG_BIN:-/usr/lib/postgresql/15/bin}"
export PATH="$LI_PG_BIN:$PATH"
LI_PORT="${LI_PORT:-54329}"
LI_DIR="${LI_DIR:-/tmp/leadimport-cluster}"
LI_DATA="$LI_DIR/data"
LI_LOG="$LI_DIR/server.log"
export PGHOST="$LI_DIR" PGPORT="$LI_PORT" PGUSER=postgres

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

cluster_start() {
  cluster_stop >/dev/null 2>&1 || true
  rm -rf "$LI_DIR"
  mkdir -p "$LI_DIR"
  chown postgres: "$LI_DIR"
  chmod 755 "$LI_DIR"
  as_postgres initdb -D "$LI_DATA" -U postgres -E UTF8 --locale=C.UTF-8 --auth=trust >/dev/null
  {
    echo "port = $LI_PORT"
    echo "listen_addresses = ''"
    echo "unix_socket_directories = '$LI_DIR'"
    echo "fsync = off"
    echo "log_min_messages = warning"
    for line in "$@"; do echo "$line"; done
  } >>"$LI_DATA/postgresql.conf"
  as_postgres pg_ctl -D "$LI_DATA" -l "$LI_LOG" -w -t 60 start >/dev/null
}

cluster_stop() {
  [ -d "$LI_DATA" ] && as_postgres pg_ctl -D "$LI_DATA" -m fast -w stop >/dev/null
}

cluster_log() {
  echo "----- server log ($LI_LOG) -----"
  tail -n 200 "$LI_LOG" 2>/dev/null || true
}
