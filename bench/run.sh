#!/usr/bin/env bash
# The throughput benchmark of issue 5, as root on a machine where
# scripts/setup.sh has run:
#
#   bash bench/run.sh [rows ...]        # default: 1000000
#   bash bench/run.sh 10000000          # the 10M file (about 1.1 GB, not run by default)
#   KEEP=1 bash bench/run.sh            # leave the cluster running afterwards
#   PROFILE=1 bash bench/run.sh         # also a perf profile of a second import
#   PRELOAD=0 bash bench/run.sh         # without shared_preload_libraries
#   BACKGROUND=1 bash bench/run.sh      # the import queued for the background worker
#   ROUNDS=3 bash bench/run.sh          # import and floor 3 times each, alternating;
#                                       # the table shows the median round
#
# For each size, on one throwaway cluster and in one run: imports the file
# with leadimport, then COPYs exactly the rows it stored into empty copies of
# the same tables (the floor), then COPYs the raw file into an all-text table
# with an index on the phone (what users know). Prints a table and writes it
# to bench/out/results-<rows>.md. See bench/README.md.
#
# BACKGROUND=1: the import is queued ("background": true) and run by the
# import worker; the session waits with wait_import(). Memory and CPU are the
# worker's, its time is its own clock (started_at -> finished_at) and the wall
# time from the call to the end of wait_import. One database, bench_bg, for
# every size (leadimport.database is a postmaster setting); work files in
# bench/out/work-bg-<rows>, the table in bench/out/results-bg-<rows>.md.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
SEED="${SEED:-20240505}"
BACKGROUND="${BACKGROUND:-0}"
ROUNDS="${ROUNDS:-1}"
if [ $# -eq 0 ]; then set -- 1000000; fi

[ "$(id -u)" = 0 ] || { echo "run.sh: run it as root (it starts a cluster as postgres)" >&2; exit 1; }
for n in "$@"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: rows must be a positive number, not '$n'" >&2; exit 1; }
done
if [ "$BACKGROUND" = 1 ]; then
  [ "${PRELOAD:-1}" = 1 ] || { echo "run.sh: BACKGROUND=1 needs the preloaded library (not PRELOAD=0)" >&2; exit 1; }
  [ "${PROFILE:-0}" = 0 ] || { echo "run.sh: PROFILE=1 profiles the foreground import only (not with BACKGROUND=1)" >&2; exit 1; }
elif [ "$BACKGROUND" != 0 ]; then
  echo "run.sh: BACKGROUND must be 0 or 1, not '$BACKGROUND'" >&2; exit 1
fi
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: ROUNDS must be a positive number, not '$ROUNDS'" >&2; exit 1; }

# Our own cluster, never the demo's or the tests' (they use other ports).
export LI_DIR=/tmp/leadimport-bench LI_PORT=54340
source "$ROOT/scripts/cluster.sh"
export PGAPPNAME=leadimport-bench PSQLRC=/dev/null
FILES="$LI_DIR/files"   # what the server reads and writes: postgres must reach it
mkdir -p "$BENCH/data" "$BENCH/out"

# Settings for bulk loads. Everything is measured on the same cluster with
# the same settings, so they change all three figures, not the ratios much.
SETTINGS=(
  "shared_buffers = 1GB"          # the 1M run's tables and indexes fit
  "max_wal_size = 8GB"            # no checkpoint forced by WAL volume mid-load
  "checkpoint_timeout = 30min"    # ... nor by time
  "autovacuum = off"              # no vacuum of one step's table stealing a core from the next
  "wal_buffers = 64MB"
  "maintenance_work_mem = 256MB"
  # A fresh cluster has no WAL segments to recycle: the first load of a run
  # (always the import) would zero-fill every new 16 MB segment while the
  # floor, later, recycles them. Without it the first round of ROUNDS=2 at
  # 10M was 1.30x and 1.36x its floor, the second 1.16x and 1.17x; with it a
  # single first round was 1.17x.
  "wal_init_zero = off"
)
# cluster.sh adds fsync = off and log_min_messages = warning.
# The extension is loaded at server start, as in production with background
# imports (README, Settings). Its launcher stays in leadimport.database
# (default postgres, where the extension is not installed: it only looks),
# so the benchmark's databases can be dropped. PRELOAD=0 leaves the library
# to be loaded by the first call instead.
if [ "${PRELOAD:-1}" = 1 ]; then
  SETTINGS+=("shared_preload_libraries = 'leadimport'")
fi
# BACKGROUND=1: the launcher must live in the benchmark's database, whose name
# is then the same for every size (bench_bg): it is dropped WITH (FORCE)
# (which ends the launcher; the postmaster restarts it 10 s later) and made
# again for each size. The worker commits every leadimport.batch_size rows
# (default 10000, kept).
if [ "$BACKGROUND" = 1 ]; then
  SETTINGS+=("leadimport.database = 'bench_bg'")
fi

log() { printf '== %s\n' "$*"; }

cleanup() {
  local rc=$?
  if [ "${KEEP:-0}" = 1 ]; then
    if [ "$BACKGROUND" = 1 ]; then
      log "cluster kept: psql -h $LI_DIR -p $LI_PORT -U postgres bench_bg"
    else
      log "cluster kept: psql -h $LI_DIR -p $LI_PORT -U postgres bench_<rows>"
    fi
    log "stop it with: runuser -u postgres -- pg_ctl -D $LI_DATA -m fast stop"
  else
    cluster_stop >/dev/null 2>&1 || true
    rm -rf "$LI_DIR"
  fi
  [ $rc -eq 0 ] || cluster_log
  exit $rc
}

# psql as the cluster's superuser; stops at the first error.
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# measure NAME DB SQL: runs SQL in a session of its own, timed by psql's
# \timing (the statement only: no connection set-up), while memwatch.py
# samples the backend's memory. Leaves $W/NAME.{out,seconds,mem.json}.
measure() {
  local name=$1 db=$2 sql=$3 pidfile="$W/$1.pid"
  rm -f "$pidfile"
  python3 "$BENCH/memwatch.py" "$pidfile" "$W/$name.mem.json" &
  local watch=$!
  # The session writes its own backend pid for memwatch, gives it time to
  # start watching, runs the SQL, and stays a moment: the pauses are untimed,
  # and even a short statement is sampled from start to end.
  if ! q -At -d "$db" >"$W/$name.out" 2>&1 <<SQL
\o $pidfile
SELECT pg_backend_pid();
\o
SELECT pg_sleep(0.5);
\timing on
$sql
\timing off
SELECT pg_sleep(0.2);
SQL
  then
    wait $watch || true
    echo "run.sh: $name failed:" >&2
    cat "$W/$name.out" >&2
    return 1
  fi
  wait $watch
  # psql prints "Time: 1234.567 ms (00:01.235)" after each statement.
  grep -o '^Time: [0-9.]* ms' "$W/$name.out" | awk '{s += $2} END {printf "%.3f\n", s / 1000}' \
    >"$W/$name.seconds"
  printf '   %-16s %8.2f s\n' "$name" "$(cat "$W/$name.seconds")"
}

# measure_background NAME DB SQL: BACKGROUND=1's import. SQL queues it and
# \gsets import_id; the session then waits with wait_import. A second session
# polls pg_stat_activity every 10 ms for the import worker (backend_type
# 'leadimport import', there once the launcher has started it after the
# commit) and writes its pid, which memwatch.py then samples until the worker
# exits; a third memwatch samples the waiting session. Leaves $W/NAME.seconds
# (the import's own clock, finished_at - started_at), NAME.wall_seconds (from
# the call to the end of wait_import, server clock), NAME.mem.json (the
# worker), NAME-session.mem.json (the waiting session), NAME.out.
measure_background() {
  local name=$1 db=$2 sql=$3 wpidfile="$W/$1.pid" spidfile="$W/$1-session.pid"
  rm -f "$wpidfile" "$spidfile" "$W/$name.seconds" "$W/$name.wall_seconds"
  local others
  others="$(q -At -d "$db" -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'leadimport import'")"
  [ "$others" = 0 ] || { echo "run.sh: $others import workers already running" >&2; return 1; }
  q -At -d "$db" >"$W/$name-watch.out" 2>&1 <<SQL &
SET application_name = 'leadimport-bench-watch';
CREATE FUNCTION pg_temp.import_worker_pid() RETURNS int LANGUAGE plpgsql AS \$\$
DECLARE p int;
BEGIN
  FOR i IN 1..12000 LOOP  -- 120 s
    PERFORM pg_stat_clear_snapshot();  -- else one snapshot for the whole call
    SELECT pid INTO p FROM pg_stat_activity WHERE backend_type = 'leadimport import';
    IF p IS NOT NULL THEN RETURN p; END IF;
    PERFORM pg_sleep(0.01);
  END LOOP;
  RAISE EXCEPTION 'no leadimport import worker in pg_stat_activity after 120 s';
END
\$\$;
\o $wpidfile
SELECT pg_temp.import_worker_pid();
SQL
  local watcher=$!
  # The import is queued only once the watcher is polling.
  local i
  for i in $(seq 200); do
    [ "$(q -At -d "$db" -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'leadimport-bench-watch' AND state = 'active' AND query LIKE '%import_worker_pid()%'")" = 1 ] && break
    kill -0 $watcher 2>/dev/null || break
    sleep 0.05
  done
  python3 "$BENCH/memwatch.py" "$wpidfile" "$W/$name.mem.json" --wait 180 &
  local watch=$!
  python3 "$BENCH/memwatch.py" "$spidfile" "$W/$name-session.mem.json" &
  local swatch=$!
  if ! q -At -d "$db" >"$W/$name.out" 2>&1 <<SQL
\o $spidfile
SELECT pg_backend_pid();
\o
SELECT pg_sleep(0.5);
SELECT clock_timestamp() AS t0 \gset
$sql
SELECT leadimport.wait_import(:import_id) AS status \gset
SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) AS wall \gset
SELECT pg_sleep(0.2);
\echo import :import_id :status
\o $W/$name.wall_seconds
SELECT round(:wall::numeric, 3);
\o $W/$name.seconds
SELECT round(extract(epoch FROM finished_at - started_at)::numeric, 3)
FROM leadimport.imports WHERE id = :import_id;
SQL
  then
    kill $watcher 2>/dev/null || true
    wait $watcher $watch $swatch || true
    echo "run.sh: $name failed:" >&2
    cat "$W/$name.out" "$W/$name-watch.out" >&2
    return 1
  fi
  if ! wait $watcher; then
    kill $watch 2>/dev/null || true
    echo "run.sh: $name: no import worker found:" >&2
    cat "$W/$name-watch.out" >&2
    return 1
  fi
  wait $watch
  wait $swatch
  # The launcher (it stays): its memory at the end of the import.
  local lpid
  lpid="$(q -At -d "$db" -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'leadimport launcher'")"
  if [ -n "$lpid" ]; then
    grep -E '^(VmHWM|VmRSS|RssAnon|RssShmem):' "/proc/$lpid/status" >"$W/launcher.txt" || true
  fi
  printf '   %-16s %8.2f s own clock, %.2f s wall (%s)\n' "$name" "$(cat "$W/$name.seconds")" \
    "$(cat "$W/$name.wall_seconds")" "$(grep '^import ' "$W/$name.out")"
}

# The import's set-up: the benchmark's assistant (bench/assistant.sql), one
# campaign.
setup_campaign() {
  q -d "$1" -f "$BENCH/assistant.sql" \
    -c "INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (1, 'Benchmark campaign', 1)"
}

IMPORT_SQL="SELECT leadimport.import_file(1, '%s', '{\"secondary_contacts\": 2, \"background\": false}');"
# BACKGROUND=1: returns the import's id at once (psql keeps it in :import_id).
IMPORT_BG_SQL="SELECT leadimport.import_file(1, '%s', '{\"secondary_contacts\": 2, \"background\": true}') AS import_id \\gset"

# BACKGROUND=1: waits (up to 60 s) for the launcher to be connected to DB.
wait_launcher() {
  local i
  for i in $(seq 600); do
    [ "$(q -At -d "$1" -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'leadimport launcher' AND datname = '$1'")" = 1 ] && return 0
    sleep 0.1
  done
  echo "run.sh: the leadimport launcher did not connect to $1 within 60 s" >&2
  return 1
}

# measure_import NAME / measure_floor SUFFIX: one import of the file (in the
# mode of BACKGROUND), and the floor's two COPYs; the first round and the
# ROUNDS that follow it take the same steps.
measure_import() {
  if [ "$BACKGROUND" = 1 ]; then
    measure_background "$1" "$DB" "$(printf "$IMPORT_BG_SQL" "$FILES/leads.csv")"
  else
    measure "$1" "$DB" "$(printf "$IMPORT_SQL" "$FILES/leads.csv")"
  fi
}
measure_floor() {
  measure "floor_leads$1" "$DB" "COPY floor.leads FROM '$FILES/leads.copy';"
  measure "floor_contacts$1" "$DB" "COPY floor.lead_contacts FROM '$FILES/contacts.copy';"
}

trap cleanup EXIT

# 1. The current code of the tree (other people are changing src/).
log "make install ($ROOT)"
if ! make -C "$ROOT" -s -j2 install >"$BENCH/out/make.log" 2>&1; then
  tail -n 40 "$BENCH/out/make.log" >&2
  echo "run.sh: the build failed (bench/out/make.log)" >&2
  exit 1
fi
# What was measured: the commit, and which files were changed on top of it.
# (scripts/pg17.sh passes BENCH_COMMIT: its copy of the tree has no .git.)
COMMIT="${BENCH_COMMIT:-$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)}"
CHANGED="$(git -C "$ROOT" status --short -- src sql Makefile 2>/dev/null | awk '{print $2}' | head -8 | paste -sd' ' - || true)"

# 1b. Phone verdicts: the fast path against libphonenumber on a million
# generated numbers (the CI unit test runs a 100k sample). PHONE_DIFF=0 skips.
if [ "${PHONE_DIFF:-1}" != 0 ]; then
  log "phone fast path vs libphonenumber (bench/phone_diff, ${PHONE_DIFF_N:-1000000} inputs)"
  if cmake -S "$BENCH" -B "$ROOT/build/bench" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
    cmake --build "$ROOT/build/bench" -j2 >/dev/null; then
    "$ROOT/build/bench/phone_diff" "${PHONE_DIFF_N:-1000000}" | tee "$BENCH/out/phone_diff.txt" ||
      { echo "run.sh: the fast path disagrees with libphonenumber" >&2; exit 1; }
  else
    echo "run.sh: could not build bench/phone_diff" >&2
    exit 1
  fi
fi

# 2. The cluster.
log "starting a throwaway cluster in $LI_DIR (port $LI_PORT)"
cluster_start "${SETTINGS[@]}"
mkdir -p "$FILES"
chown postgres: "$FILES"

for ROWS in "$@"; do
  W="$BENCH/out/work-$ROWS"
  RESULTS="$BENCH/out/results-$ROWS.md"
  if [ "$BACKGROUND" = 1 ]; then
    W="$BENCH/out/work-bg-$ROWS"
    RESULTS="$BENCH/out/results-bg-$ROWS.md"
  fi
  rm -rf "$W"
  mkdir -p "$W"
  CSV="$BENCH/data/leads-$ROWS-s$SEED.csv"
  META="${CSV%.csv}.json"
  DB="bench_$ROWS"
  REPORT_ARGS=()
  if [ "$BACKGROUND" = 1 ]; then
    DB=bench_bg
    REPORT_ARGS=(--background)
  fi

  # 3. The file: regenerated only when missing, not the size its .json says,
  # or made by another version of the generator.
  if [ -f "$CSV" ] && [ -f "$META" ] &&
     python3 -c 'import json,os,sys; m=json.load(open(sys.argv[1])); sys.exit(0 if m["bytes"]==os.path.getsize(sys.argv[2]) and m.get("generator")==sys.argv[3] else 1)' \
       "$META" "$CSV" "$(python3 "$BENCH/gen_leads.py" --version)"; then
    log "$ROWS rows: reusing $CSV"
  else
    log "$ROWS rows: generating $CSV (seed $SEED)"
    python3 "$BENCH/gen_leads.py" "$ROWS" "$CSV" --seed "$SEED" >/dev/null
  fi
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print("   %(bytes)d bytes, %(bytes_per_row)s bytes/row, %(phone_numbers)d phone numbers, %(bad_phone_rows)d rows with a bad phone, %(duplicate_rows)d duplicates" % m)' "$META"
  cp "$CSV" "$FILES/leads.csv"
  chown postgres: "$FILES/leads.csv"

  if [ "$BACKGROUND" = 1 ]; then
    q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
    setup_campaign "$DB"
    wait_launcher "$DB"
  else
    q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
    setup_campaign "$DB"
  fi

  cat /proc/loadavg >"$W/load.txt"  # other people's work on the same cores

  # 4a. leadimport, in the foreground (or the background worker with
  # BACKGROUND=1), on a clean checkpoint.
  q -d "$DB" -c CHECKPOINT
  if [ "$BACKGROUND" = 1 ]; then
    log "$ROWS rows: leadimport.import_file, background, then wait_import"
  else
    log "$ROWS rows: leadimport.import_file"
  fi
  measure_import import
  # What it did: the status, what is in the tables, the error codes.
  q -At -d "$DB" >"$W/counters.json" <<'SQL'
SELECT json_build_object(
  'status', s, 
  'leads', (SELECT count(*) FROM leadimport.leads WHERE campaign_id = 1),
  'contacts', (SELECT count(*) FROM leadimport.lead_contacts WHERE campaign_id = 1),
  'error_rows', (SELECT count(DISTINCT row_number) FROM leadimport.import_errors),
  'errors', (SELECT count(*) FROM leadimport.import_errors),
  'error_codes', (SELECT json_object_agg(code, n) FROM
                   (SELECT code, count(*) AS n FROM leadimport.import_errors GROUP BY code ORDER BY 2 DESC) c),
  'started', i.started_at, 'finished', i.finished_at,
  'import_seconds', extract(epoch FROM i.finished_at - i.started_at))
FROM leadimport.imports i, leadimport.import_status(i.id) s
ORDER BY i.id DESC LIMIT 1;
SQL

  # 4b. The floor: the rows the import stored, COPYed into empty tables with
  # the same columns, CHECKs, defaults, indexes and foreign keys. The files
  # keep the physical order the import wrote them in.
  log "$ROWS rows: the floor (COPY of the stored rows into empty copies of the tables)"
  q -d "$DB" <<SQL
COPY (SELECT * FROM leadimport.leads WHERE campaign_id = 1) TO '$FILES/leads.copy';
COPY (SELECT * FROM leadimport.lead_contacts WHERE campaign_id = 1) TO '$FILES/contacts.copy';
CREATE SCHEMA floor;
CREATE TABLE floor.leads (LIKE leadimport.leads INCLUDING ALL);
CREATE TABLE floor.lead_contacts (LIKE leadimport.lead_contacts INCLUDING ALL);
-- LIKE copies no foreign key: add the ones the real tables have, whatever
-- they are today, pointing at floor.leads where they pointed at leads.
DO \$\$
DECLARE c record;
BEGIN
  SET LOCAL search_path = pg_catalog;  -- so that pg_get_constraintdef qualifies every name
  FOR c IN SELECT conrelid::regclass AS tab, conname, pg_get_constraintdef(oid) AS def
           FROM pg_constraint
           WHERE contype = 'f'
             AND conrelid IN ('leadimport.leads'::regclass, 'leadimport.lead_contacts'::regclass)
  LOOP
    EXECUTE format('ALTER TABLE floor.%I ADD CONSTRAINT %I %s',
                   split_part(c.tab::text, '.', 2), c.conname,
                   replace(c.def, 'REFERENCES leadimport.leads(', 'REFERENCES floor.leads('));
  END LOOP;
  -- Triggers (none today) would be part of the floor too: fail loudly.
  IF EXISTS (SELECT FROM pg_trigger WHERE NOT tgisinternal
             AND tgrelid IN ('leadimport.leads'::regclass, 'leadimport.lead_contacts'::regclass)) THEN
    RAISE EXCEPTION 'leads or lead_contacts has triggers: copy them to the floor tables';
  END IF;
END
\$\$;
SQL
  # The copies must really be the same: same number of constraints and indexes.
  q -At -d "$DB" >"$W/floor_schema.txt" <<'SQL'
SELECT format('%s: %s constraints (%s), %s indexes', c.relname,
  (SELECT count(*) FROM pg_constraint WHERE conrelid = c.oid),
  (SELECT string_agg(contype::text, '' ORDER BY contype) FROM pg_constraint WHERE conrelid = c.oid),
  (SELECT count(*) FROM pg_index WHERE indrelid = c.oid))
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('leadimport', 'floor') AND c.relname IN ('leads', 'lead_contacts')
ORDER BY c.relname, n.nspname;
SQL
  sed 's/^/   /' "$W/floor_schema.txt"
  if [ "$(sed 's/^[a-z_]*: //' "$W/floor_schema.txt" | uniq | wc -l)" != 2 ]; then
    echo "run.sh: the floor tables differ from leads/lead_contacts (above)" >&2
    exit 1
  fi
  stat -c %s "$FILES/leads.copy" "$FILES/contacts.copy" >"$W/floor_bytes.txt"
  q -d "$DB" -c CHECKPOINT
  measure_floor ""

  # 4c. The raw file into one all-text table with a (non-unique: the file
  # has duplicates) btree index on the phone column.
  log "$ROWS rows: COPY of the raw file into one text table with an index on the phone"
  COLUMNS_SQL="$(head -n 1 "$CSV" | tr -d '\r' | awk -F, '{for (i = 1; i <= NF; i++) printf "%s%s text", (i > 1 ? ", " : ""), $i}')"
  q -d "$DB" <<SQL
CREATE SCHEMA raw;
CREATE TABLE raw.leads ($COLUMNS_SQL);
CREATE INDEX ON raw.leads (phone_number);
CHECKPOINT;
SQL
  measure raw_copy "$DB" "COPY raw.leads FROM '$FILES/leads.csv' WITH (FORMAT csv, HEADER);"

  # 4d. ROUNDS > 1: the import and the floor again, alternating, into
  # emptied tables (the same rows each time). One round is a pair measured
  # back to back; the table shows the round with the median ratio, and
  # every round is listed under it.
  for ((r = 2; r <= ROUNDS; r++)); do
    log "$ROWS rows: round $r of $ROUNDS"
    q -d "$DB" -c "TRUNCATE leadimport.imports, leadimport.leads, leadimport.lead_contacts, leadimport.import_errors, leadimport.import_files, leadimport.notifications CASCADE" -c CHECKPOINT
    measure_import "import_r$r"
    [ "$(q -At -d "$DB" -c "SELECT count(*) FROM leadimport.leads")" = "$(q -At -d "$DB" -c "SELECT count(*) FROM floor.leads")" ] ||
      { echo "run.sh: round $r stored another number of leads than round 1" >&2; exit 1; }
    q -d "$DB" -c "TRUNCATE floor.lead_contacts, floor.leads" -c CHECKPOINT
    measure_floor "_r$r"
  done
  python3 "$BENCH/rounds.py" "$W" "$ROUNDS" >"$W/rounds.md"

  # 4e. The table.
  cat /proc/loadavg >>"$W/load.txt"
  python3 "$BENCH/report.py" --work "$W" --meta "$META" --commit "$COMMIT" --changed "$CHANGED" \
    --settings "$(printf '%s; ' "${SETTINGS[@]}")fsync = off" \
    --server "$(q -d "$DB" -Atc "SELECT 'PostgreSQL ' || current_setting('server_version')")" \
    --out "$RESULTS" "${REPORT_ARGS[@]}"
  cat "$W/rounds.md" >>"$RESULTS"

  # Optional: where the time goes (perf adds overhead, so never during the
  # timed runs): a second import into a fresh database, then the floor's two
  # COPYs again into the emptied floor tables, to compare operation by
  # operation (FK checks, index inserts, WAL...).
  if [ "${PROFILE:-0}" = 1 ]; then
    # Fewer samples a second for long runs: perf keeps 16 KB of stack each.
    export PERF_FREQ=$(( ROWS > 2000000 ? 49 : 199 ))
    log "$ROWS rows: perf profile of a second import (bench/out/profile-$ROWS.txt)"
    q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS profile_$ROWS" -c "CREATE DATABASE profile_$ROWS"
    setup_campaign "profile_$ROWS"
    bash "$BENCH/profile.sh" "profile_$ROWS" "$(printf "$IMPORT_SQL" "$FILES/leads.csv")" \
      "$BENCH/out/profile-$ROWS.txt" "$W"
    q -d postgres -c "DROP DATABASE profile_$ROWS"
    log "$ROWS rows: perf profile of the floor again (bench/out/profile-floor-$ROWS.txt)"
    q -d "$DB" -c "TRUNCATE floor.lead_contacts, floor.leads" -c CHECKPOINT
    bash "$BENCH/profile.sh" "$DB" \
      "COPY floor.leads FROM '$FILES/leads.copy'; COPY floor.lead_contacts FROM '$FILES/contacts.copy';" \
      "$BENCH/out/profile-floor-$ROWS.txt" "$W"
  fi

  rm -f "$FILES/leads.csv" "$FILES/leads.copy" "$FILES/contacts.copy"
  if [ "${KEEP:-0}" != 1 ]; then  # disk: 10M rows take ~15 GB
    if [ "$BACKGROUND" = 1 ]; then
      q -d postgres -c "DROP DATABASE $DB WITH (FORCE)"  # the launcher is connected to it
    else
      q -d postgres -c "DROP DATABASE $DB"
    fi
  fi
done
