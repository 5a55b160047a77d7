#!/usr/bin/env bash
# Hostile-file benchmark (issue 10): every hostile input through import_data
# (and import_file / detect_mapping), with its outcome, seconds, the backend's
# peak private memory, and how long pg_cancel_backend takes to end it.
# Not a test: it prints a table against the target of SPEC "Limits".
#
#   bash bench/hostile.sh              # as root, after scripts/setup.sh
#   KEEP=1 bash bench/hostile.sh       # leave the cluster running
#   ONLY=xls,detect bash bench/hostile.sh   # only the cases whose name contains one of these
#   GUARD=120 CANCEL_WAIT=30 MEM_GUARD_MB=4096 bash bench/hostile.sh   # the guards (defaults 120, 30, 4096)
# See bench/README.md, "Hostile files", and bench/hostile_files.py's header.
#
# Uses the leadimport installed in the system PostgreSQL 15 (it runs no make).
# Files: bench/out/hostile/ (reused when unchanged); table: bench/out/hostile.md.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
if [ "$(id -u)" != 0 ]; then
  echo "hostile.sh: run as root (it reads /proc of the postgres backends)" >&2
  exit 1
fi

export LI_DIR=/tmp/li-hostile-bench LI_PORT=54371
# shellcheck source=../scripts/cluster.sh
source "$ROOT/scripts/cluster.sh"
export HOSTILE_DB=hostile
OUT="$BENCH/out"
WORK="$OUT/hostile"
RESULTS="$OUT/hostile.md"
mkdir -p "$WORK"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

finish() {
  local rc=$?
  [ -n "${FIFO:-}" ] && rm -f "$FIFO"
  if [ "${KEEP:-0}" = 1 ]; then
    log "cluster left running: psql -h $LI_DIR -p $LI_PORT -U postgres $HOSTILE_DB"
  else
    cluster_stop >/dev/null 2>&1 || true
    rm -rf "$LI_DIR"
  fi
  exit $rc
}
trap finish EXIT

log "generating the hostile files into $WORK"
python3 "$BENCH/hostile_files.py" generate "$WORK"
# The server reads them with pg_read_binary_file (as the postgres user).
chmod 755 "$WORK"

log "starting a throwaway cluster ($LI_DIR, port $LI_PORT, default settings)"
cluster_start
q -d postgres -c "CREATE DATABASE $HOSTILE_DB"
q -d "$HOSTILE_DB" <<'SQL'
CREATE EXTENSION leadimport;
INSERT INTO leadimport.assistants (id, name) VALUES (1, 'Hostile bench');
INSERT INTO leadimport.assistant_variables
  (assistant_id, name, data_type, required, max_length, default_value, position) VALUES
  (1, 'customer_name', 'text',   false, NULL, NULL, 1),
  (1, 'age',           'number', false, NULL, NULL, 2);
-- a campaign for each run (hostile_files.py uses 2i+1 and 2i+2 for case i)
INSERT INTO leadimport.campaigns (id, name, assistant_id)
  SELECT g, 'Hostile bench ' || g, 1 FROM generate_series(1, 100) g;
SQL

# A FIFO no one writes to, where the postgres user can open it.
FIFO="$LI_DIR/hostile.fifo"
mkfifo "$FIFO"
chown postgres: "$FIFO"
chmod 600 "$FIFO"
export HOSTILE_FIFO="$FIFO"

VERSION="$(q -At -d "$HOSTILE_DB" -c "SELECT extversion FROM pg_extension WHERE extname = 'leadimport'")"
SO=/usr/lib/postgresql/15/lib/leadimport.so
BUILD="leadimport $VERSION, $SO of $(date -u -r "$SO" '+%Y-%m-%d %H:%M UTC')"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

log "running each case twice: to the end, then cancelled after ${CANCEL_AFTER:-0.3} s"
python3 "$BENCH/hostile_files.py" run "$WORK" "$WORK/table.md"

{
  echo "# Hostile files — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Build: $BUILD (working tree at $COMMIT). Cluster: default settings, foreground imports"
  echo "(\`{\"background\": false}\`), bytes loaded with \`pg_read_binary_file\` inside the statement."
  echo "Load average $LOAD_START → $(cut -d' ' -f1-3 /proc/loadavg) (2 shared cores)."
  echo
  cat "$WORK/table.md"
  echo
  echo "**Target** (SPEC \"Limits: every input is bounded\"): every case under 256 MiB of backend"
  echo "private memory (peak RssAnon, which includes the file's own bytea) and ended within 1 s of"
  echo "\`pg_cancel_backend\`."
  echo
  echo "Guards: a run still going after ${GUARD:-120} s, or ${CANCEL_WAIT:-30} s after its cancel, or past"
  echo "${MEM_GUARD_MB:-4096} MiB private, got pg_terminate_backend and, 3 s later, SIGKILL."
  if grep -q 'terminated by signal\|server process (PID' "$LI_LOG" 2>/dev/null; then
    echo
    echo "Server log: backends that ended abnormally:"
    echo
    grep 'terminated by signal\|was terminated\|server process (PID' "$LI_LOG" | sed 's/^/    /' | head -20
  fi
} >"$RESULTS"
echo
cat "$RESULTS"
log "written to $RESULTS"
