#!/usr/bin/env bash
# Where a statement's time goes (an import, or the floor's COPYs): perf
# samples of the backend running it, summarised by perf_summary.py.
#   bash bench/profile.sh DB SQL OUT.txt WORKDIR      (run.sh calls it with PROFILE=1)
# Needs the cluster environment of run.sh (PGHOST, PGPORT, PGUSER) and perf.
#
# Why perf and not callgrind: the import runs inside a backend, and perf can
# attach to a running process by pid; --call-graph dwarf because PostgreSQL and
# libphonenumber are built without frame pointers. The sampling rate is low
# (PERF_FREQ, 199 Hz) so that the 16 KB stack copies stay a few hundred MB.
set -euo pipefail
DB=$1 SQL=$2 OUT=$3 W=$4
command -v perf >/dev/null || { echo "profile.sh: perf is not installed" >&2; exit 1; }
NAME="$(basename "$OUT" .txt)"   # profile-1000000, profile-floor-1000000
PIDFILE="$W/$NAME.pid" DATA="$W/$NAME.perf.data"
rm -f "$PIDFILE" "$DATA"

# The session writes its pid, waits a moment so perf is attached before the
# statement starts, then runs it.
psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" >"$W/$NAME.out" 2>&1 <<SQL &
\o $PIDFILE
SELECT pg_backend_pid();
\o
SELECT pg_sleep(2);
\timing on
$SQL
SQL
session=$!
for _ in $(seq 100); do [ -s "$PIDFILE" ] && break; sleep 0.05; done
pid=$(cat "$PIDFILE")
perf record -q --no-buildid-cache -F "${PERF_FREQ:-199}" --call-graph dwarf,16384 -p "$pid" -o "$DATA" \
  >"$W/$NAME.perf.log" 2>&1 &
perf_pid=$!
# Others run `make install` on this machine: the leadimport.so on disk may not
# be the one this backend mapped (loaded at server start), and perf would name
# the wrong functions. /proc/PID/map_files still reaches the mapped file: keep
# it in perf's build-id cache, which perf looks in first.
so_range=$(awk '/\/leadimport\.so$/ {print $1; exit}' "/proc/$pid/maps")
if [ -n "$so_range" ] && cp "/proc/$pid/map_files/$so_range" "$W/leadimport.so"; then
  perf buildid-cache --update "$W/leadimport.so" 2>/dev/null ||
    perf buildid-cache --add "$W/leadimport.so" 2>/dev/null || true
fi
status=0
wait $session || status=$?
kill -INT $perf_pid 2>/dev/null || true
wait $perf_pid || true
if [ $status -ne 0 ]; then
  echo "profile.sh: the profiled statement failed:" >&2
  cat "$W/$NAME.out" >&2
  exit 1
fi

# perf report's own views are kept beside the summary for digging further
# (written to files first: `| head` would break the pipe under pipefail).
perf script -i "$DATA" -F ip,sym,dso >"$W/$NAME.perf.script" 2>/dev/null
perf report -i "$DATA" --no-children --sort dso,symbol --stdio -g none >"$W/$NAME.self.txt" 2>/dev/null
perf report -i "$DATA" --children --sort symbol --stdio -g none >"$W/$NAME.children.txt" 2>/dev/null
{
  echo "# perf profile of: $SQL"
  grep '^Time:' "$W/$NAME.out" || true
  echo
  python3 "$(dirname "${BASH_SOURCE[0]}")/perf_summary.py" <"$W/$NAME.perf.script"
  echo
  echo "## inclusive time by function (perf report --children, top 80)"
  grep -v '^#' "$W/$NAME.children.txt" | grep -v '^$' | sed -n '1,80p'
} >"$OUT"
rm -f "$W/$NAME.perf.script"
echo "   profile: $OUT (perf data: $DATA)"
