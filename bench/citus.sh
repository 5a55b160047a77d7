#!/usr/bin/env bash
# The throughput benchmark on Citus (issue 12), as root where Citus is
# installed (bash scripts/citus.sh install):
#
#   bash bench/citus.sh [rows]          # default: 1000000
#   KEEP=1 bash bench/citus.sh          # leave both clusters running afterwards
#
# The file of bench/run.sh (bench/gen_leads.py, same seed, reused from
# bench/data when it is there), imported the same ways on two set-ups with the
# same settings:
#   - a 3-node Citus cluster on this machine (scripts/citus.sh: a coordinator
#     and two workers), leadimport.distribute()d;
#   - a single PostgreSQL server (scripts/cluster.sh), no Citus.
# Two runs on each, into fresh databases:
#   one campaign   the whole file, one import_file into campaign 1 (one shard)
#   8 campaigns    the file cut into 8 parts (rows in order, each with the
#                  header), imported at once by 8 sessions into campaigns
#                  1..8 (shards on both workers); the wall time from the
#                  first call to the last end
# Each run is checked against the other set-up (the same leads, contacts and
# error rows counted) and, for one campaign, against what the generator says
# a correct import stores. Prints a table (rows/s, seconds, ratio to the
# single node) and writes it to bench/out/citus-<rows>.md.
#
# Everything runs on one machine: the three nodes share its cores, memory and
# disk with each other and with the client, and the "network" is loopback.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
SEED="${SEED:-20240505}"
ROWS="${1:-1000000}"
PARTS=8
[[ "$ROWS" =~ ^[1-9][0-9]*$ ]] || { echo "citus.sh: rows must be a positive number, not '$ROWS'" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "citus.sh: run it as root (the clusters run as postgres)" >&2; exit 1; }

# Our own ports and directories (not the tests', not bench/run.sh's).
export CITUS_DIR=/tmp/leadimport-bench-citus CITUS_PORTS="54351 54352 54353" CITUS_DB=bench
source "$ROOT/scripts/citus.sh"
set +e
set -uo pipefail
citus_installed || { echo "citus.sh: Citus is not installed (bash scripts/citus.sh install)" >&2; exit 1; }
export LI_DIR=/tmp/leadimport-bench-single LI_PORT=54350
source "$ROOT/scripts/cluster.sh"
export PSQLRC=/dev/null

# bench/run.sh's bulk-load settings, the same on every node and the single
# server (shared_buffers smaller: four servers share the machine's memory).
SETTINGS=(
  "shared_buffers = 512MB"
  "max_wal_size = 8GB"
  "checkpoint_timeout = 30min"
  "autovacuum = off"
  "wal_buffers = 64MB"
  "maintenance_work_mem = 256MB"
  "wal_init_zero = off"
  "max_connections = 200"
)

OUT="$BENCH/out"
W="$OUT/work-citus-$ROWS"
FILES="/tmp/leadimport-bench-files"
RESULTS="$OUT/citus-$ROWS.md"
mkdir -p "$BENCH/data" "$W" "$FILES"
rm -f "$W"/*
chown postgres: "$FILES"
chmod 755 "$FILES"

log() { printf '== %s\n' "$*"; }

cleanup() {
  local rc=$?
  if [ "${KEEP:-0}" = 1 ]; then
    log "kept: psql -h $CITUS_DIR -p $(citus_coordinator_port) -U postgres $CITUS_DB; psql -h $LI_DIR -p $LI_PORT -U postgres bench"
  else
    citus_stop >/dev/null 2>&1
    cluster_stop >/dev/null 2>&1
    rm -rf "$CITUS_DIR" "$LI_DIR"
  fi
  rm -rf "$FILES"
  exit $rc
}
trap cleanup EXIT

# The file.
CSV="$BENCH/data/leads-$ROWS-s$SEED.csv"
META="${CSV%.csv}.json"
if [ -f "$CSV" ] && [ -f "$META" ] &&
  python3 -c 'import json,os,sys; m=json.load(open(sys.argv[1])); sys.exit(0 if m["bytes"]==os.path.getsize(sys.argv[2]) and m.get("generator")==sys.argv[3] else 1)' \
    "$META" "$CSV" "$(python3 "$BENCH/gen_leads.py" --version)"; then
  log "$ROWS rows: reusing $CSV"
else
  log "$ROWS rows: generating $CSV (seed $SEED)"
  python3 "$BENCH/gen_leads.py" "$ROWS" "$CSV" --seed "$SEED" >/dev/null || exit 1
fi
EXPECTED=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["expected_imported_rows"], m["expected_failed_rows"], m["expected_contacts"])' "$META")
cp "$CSV" "$FILES/leads.csv"
header=$(head -n 1 "$CSV")
tail -n +2 "$CSV" >"$FILES/rows"
split -n l/$PARTS -d -a 1 "$FILES/rows" "$FILES/part"
rm "$FILES/rows"
for i in $(seq 0 $((PARTS - 1))); do
  { echo "$header"; cat "$FILES/part$i"; } >"$FILES/part$i.csv"
  rm "$FILES/part$i"
done
chown -R postgres: "$FILES"

log "make install ($ROOT)"
flock /tmp/li-make.lock make -C "$ROOT" -s -j2 install >"$W/make.log" 2>&1 ||
  { tail -n 30 "$W/make.log" >&2; exit 1; }
COMMIT="$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"

log "a Citus coordinator and two workers (ports $CITUS_PORTS), and a single server (port $LI_PORT)"
citus_start "${SETTINGS[@]}" >/dev/null || { citus_logs; exit 1; }
cluster_start "${SETTINGS[@]}" "shared_preload_libraries = 'leadimport'" || { cluster_log; exit 1; }
COORD=$(citus_coordinator_port)

# sql SETUP DB SQL...: psql on the coordinator (citus) or the single server
sql() {
  local setup=$1 db=$2
  shift 2
  if [ "$setup" = citus ]; then
    "$CITUS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$CITUS_DIR" -p "$COORD" -U postgres -d "$db" "$@"
  else
    "$CITUS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$LI_DIR" -p "$LI_PORT" -U postgres -d "$db" "$@"
  fi
}

# fresh SETUP DB: a new database for one run, with the campaigns
fresh() {
  local db=$2
  sql "$1" postgres -c "CREATE DATABASE $db" || return 1
  if [ "$1" = citus ]; then
    # Citus does not propagate CREATE DATABASE (13.2's default): each node
    # gets it, then the extension and the coordinator's node list.
    local port
    for port in $(citus_worker_ports); do
      "$CITUS_PG_BIN/psql" -X -q -h "$CITUS_DIR" -p "$port" -U postgres -d postgres -c "CREATE DATABASE $db" &&
        "$CITUS_PG_BIN/psql" -X -q -h "$CITUS_DIR" -p "$port" -U postgres -d "$db" -c "CREATE EXTENSION citus" ||
        return 1
    done
    sql citus "$db" -c "CREATE EXTENSION citus" \
      -c "SELECT citus_set_coordinator_host('127.0.0.1', $COORD)" >/dev/null || return 1
    for port in $(citus_worker_ports); do
      sql citus "$db" -c "SELECT citus_add_node('127.0.0.1', $port)" >/dev/null || return 1
    done
  fi
  sql "$1" "$db" -f "$BENCH/assistant.sql" >/dev/null \
    -c "INSERT INTO leadimport.campaigns (id, name, assistant_id)
        SELECT g, 'Benchmark campaign ' || g, 1 FROM generate_series(1, 8) g" || return 1
  if [ "$1" = citus ]; then
    sql citus "$db" -At -c "SELECT leadimport.distribute()" >/dev/null || return 1
  fi
  sql "$1" "$db" -c CHECKPOINT || return 1
  if [ "$1" = citus ]; then
    for port in $(citus_worker_ports); do
      "$CITUS_PG_BIN/psql" -X -q -h "$CITUS_DIR" -p "$port" -U postgres -d "$db" -c CHECKPOINT || return 1
    done
  fi
}

# import SETUP CAMPAIGN FILE: one foreground import into $DB, its seconds on stdout
import_one() {
  sql "$1" "$DB" -At <<SQL | grep -o '^Time: [0-9.]* ms' | awk '{printf "%.3f\n", $2 / 1000}'
\timing on
SELECT leadimport.import_file($2, '$3', '{"secondary_contacts": 2, "background": false}');
SQL
}

# counts SETUP: imported, failed, leads, contacts, error rows of every import
counts() {
  sql "$1" "$DB" -At -c "SELECT (SELECT sum(imported_rows) FROM leadimport.imports) || ' ' ||
    (SELECT sum(failed_rows) FROM leadimport.imports) || ' ' ||
    (SELECT count(*) FROM leadimport.leads) || ' ' || (SELECT count(*) FROM leadimport.lead_contacts) || ' ' ||
    (SELECT count(*) FROM leadimport.import_errors) || ' ' ||
    (SELECT string_agg(DISTINCT status, ',') FROM leadimport.imports)"
}

declare -A SECONDS_OF COUNTS_OF
run() {  # run SETUP KIND
  local setup=$1 kind=$2 t0 t1 s
  DB="b_$kind"
  log "$setup, $kind: a fresh database $DB"
  fresh "$setup" "$DB" >"$W/$setup-$kind.setup.log" 2>&1 || { cat "$W/$setup-$kind.setup.log" >&2; return 1; }
  cat /proc/loadavg >"$W/$setup-$kind.load.txt"
  if [ "$kind" = one ]; then
    s=$(import_one "$setup" 1 "$FILES/leads.csv")
  else
    t0=$(date +%s.%N)
    local i pids=()
    for i in $(seq 0 $((PARTS - 1))); do
      import_one "$setup" $((i + 1)) "$FILES/part$i.csv" >"$W/$setup-$kind.part$i.seconds" &
      pids+=($!)
    done
    wait "${pids[@]}"
    t1=$(date +%s.%N)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  fi
  if [ -z "$s" ] || { [ "$kind" = eight ] && [ "$(cat "$W/$setup-$kind".part*.seconds | grep -c .)" != $PARTS ]; }; then
    echo "citus.sh: $setup, $kind: an import failed" >&2
    return 1
  fi
  SECONDS_OF[$setup-$kind]=$s
  COUNTS_OF[$setup-$kind]=$(counts "$setup")
  printf '   %-8s %-12s %8.2f s   imported failed leads contacts errors status: %s\n' "$setup" "$kind" "$s" \
    "${COUNTS_OF[$setup-$kind]}"
}

for kind in one eight; do
  run single "$kind" || exit 1
  run citus "$kind" || exit 1
done

# The checks: each run stores on the cluster what it stores on one server;
# one campaign, what the generator says.
fail=0
set -- $EXPECTED
for kind in one eight; do
  if [ "${COUNTS_OF[citus-$kind]##* }" != completed ]; then
    echo "citus.sh: $kind: not every import completed: ${COUNTS_OF[citus-$kind]}" >&2
    fail=1
  fi
  if [ "${COUNTS_OF[citus-$kind]}" != "${COUNTS_OF[single-$kind]}" ]; then
    echo "citus.sh: $kind: the cluster stored '${COUNTS_OF[citus-$kind]}', the single server '${COUNTS_OF[single-$kind]}'" >&2
    fail=1
  fi
done
read -r imp fl leads contacts _ status <<<"${COUNTS_OF[single-one]}"
if [ "$imp $fl $leads $contacts $status" != "$1 $2 $1 $3 completed" ]; then
  echo "citus.sh: one campaign: imported $imp, failed $fl, $leads leads, $contacts contacts ($status); expected $1, $2, $1, $3 (completed)" >&2
  fail=1
fi

row() {  # row NAME KIND
  local s=${SECONDS_OF[$2]} base=${SECONDS_OF[single-${2#*-}]}
  printf '| %s | %s | %.1f | %s | %.2fx |\n' "$1" "$(printf "%'d" "$ROWS")" "$s" \
    "$(printf "%'d" "$(awk -v r="$ROWS" -v s="$s" 'BEGIN { printf "%d", r / s }')")" \
    "$(awk -v s="$s" -v b="$base" 'BEGIN { printf "%.4f", s / b }')"
}
{
  echo "### Citus: $(printf "%'d" "$ROWS") rows, bench/gen_leads.py seed $SEED ($COMMIT, $(date -u +%Y-%m-%d))"
  echo
  echo "One machine ($(nproc) cores): a Citus 13.2 coordinator and two workers vs a single PostgreSQL 15"
  echo "server, the same settings; foreground import_file, secondary_contacts 2."
  echo "8 campaigns: the file in 8 parts imported at once by 8 sessions (wall time)."
  echo
  echo "| run | rows | seconds | rows/s | time vs single node |"
  echo "|---|---:|---:|---:|---:|"
  row "single node, one campaign" single-one
  row "Citus 3 nodes, one campaign (one shard)" citus-one
  row "single node, 8 campaigns at once" single-eight
  row "Citus 3 nodes, 8 campaigns at once (both workers)" citus-eight
  echo
  echo "Stored (imported, failed, leads, contacts, error rows): one campaign ${COUNTS_OF[citus-one]% *},"
  echo "8 campaigns ${COUNTS_OF[citus-eight]% *} (the same on both set-ups$([ $fail = 0 ] || echo ": NOT"))."
  echo "Load before each run: $(for k in single-one citus-one single-eight citus-eight; do printf '%s %s; ' "$k" "$(cut -d' ' -f1-3 "$W/$k.load.txt")"; done)"
} >"$RESULTS"
echo
cat "$RESULTS"
exit $fail
