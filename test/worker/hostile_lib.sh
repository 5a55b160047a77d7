# Shared by the hostile-role tests (test/worker/hostile_*.t): roles made the
# way SPEC "Who may do what" says, a careless admin's extra grants, running
# SQL as a role and capturing its SQLSTATE, and the server log since the
# script started. Sources lib.sh (ok, q, poll, campaign, csv_sql...).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# No statement of a test may hang the suite (a hijacked worker can hold locks).
export PGOPTIONS="${PGOPTIONS:-} -c statement_timeout=60s -c lock_timeout=20s"

# Where this script's part of the server log starts.
LOG_START=$(wc -c <"$LI_LOG" 2>/dev/null || echo 0)
log_since_start() { tail -c +$((LOG_START + 1)) "$LI_LOG" 2>/dev/null; }
# how many lines of this script's part of the log match an extended regexp
log_count() { log_since_start | grep -cE "$1"; }
no_signal_in_log() {
  ok "$(log_count 'terminated by signal')" 0 "no process was terminated by a signal (server log)"
}

# SQL as ROLE (a new session of that role: psql -U), quiet, unaligned.
# The session's search_path is pinned: planted functions are for the worker.
q_as() {
  local role=$1
  shift
  PGOPTIONS="${PGOPTIONS:-} -c search_path=pg_catalog,pg_temp" psql -X -qAt -U "$role" -d "$DB" -c "$1"
}
# Runs SQL (as ROLE, or as the superuser when ROLE is -) and prints "ok" or
# the SQLSTATE of its first error.
state_as() {
  local role=$1 user
  shift
  [ "$role" = - ] && user=$PGUSER || user=$role
  local out
  out=$(PGOPTIONS="${PGOPTIONS:-} -c search_path=pg_catalog,pg_temp" psql -X -qAt -U "$user" -d "$DB" \
    -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c '\set VERBOSITY verbose' -c "$1" 2>&1 >/dev/null)
  if [ -z "$out" ] || ! grep -q '^ERROR:' <<<"$out"; then
    echo ok
  else
    sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' <<<"$out" | head -1
  fi
}
# Like state_as, but prints the first ERROR line (for messages).
error_as() {
  local role=$1 user
  shift
  [ "$role" = - ] && user=$PGUSER || user=$role
  PGOPTIONS="${PGOPTIONS:-} -c search_path=pg_catalog,pg_temp" psql -X -qAt -U "$user" -d "$DB" \
    -v ON_ERROR_STOP=1 -c "$1" 2>&1 >/dev/null | grep '^ERROR:' | head -1
}

# Drops roles (and what they own or were granted in this database) if they exist.
drop_roles() {
  local r
  for r in "$@"; do
    q "DO \$\$ BEGIN
         IF EXISTS (SELECT FROM pg_roles WHERE rolname = '$r') THEN
           -- its sessions and import workers (left by an earlier run) first
           PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '$r';
           EXECUTE 'ALTER ROLE $r NOSUPERUSER';
           EXECUTE 'DROP OWNED BY $r CASCADE';
           EXECUTE 'DROP ROLE $r';
         END IF;
       END \$\$;" >/dev/null
  done
}

# An importer exactly as SPEC "Who may do what" (and the README) makes one.
# $2: LOGIN (default) or NOLOGIN.
IMPORTER_GRANTS="GRANT USAGE ON SCHEMA leadimport TO %s;
  GRANT SELECT ON leadimport.assistants, leadimport.assistant_variables, leadimport.campaigns TO %s;
  GRANT SELECT, INSERT ON leadimport.leads, leadimport.lead_contacts TO %s;"
make_importer() {
  local r=$1 login=${2:-LOGIN}
  drop_roles "$r"
  q "CREATE ROLE $r $login; $(printf "$IMPORTER_GRANTS" "$r" "$r" "$r")" >/dev/null
}
# What test/worker/role.t (and the old install) gave an importer: a careless
# admin's grants. None of them may let a role forge the bookkeeping.
careless_grants() {
  q "GRANT SELECT ON ALL TABLES IN SCHEMA leadimport TO $1;
     GRANT INSERT, UPDATE, DELETE ON leadimport.imports, leadimport.import_files,
           leadimport.import_errors, leadimport.notifications TO $1;
     GRANT DELETE ON leadimport.leads TO $1;
     GRANT USAGE ON ALL SEQUENCES IN SCHEMA leadimport TO $1;" >/dev/null
}

# Removes campaigns (and with them their imports, errors, notifications,
# leads), then makes them again with lib.sh's one-variable assistant.
fresh_campaigns() {
  local c
  for c in "$@"; do
    q "DELETE FROM leadimport.campaigns WHERE id = $c" >/dev/null
    campaign "$c"
  done
}

# The id of the last import of campaign C (as the superuser).
last_import() { q "SELECT max(id) FROM leadimport.imports WHERE campaign_id = $1"; }
leads_in() { q "SELECT count(*) FROM leadimport.leads WHERE campaign_id = $1"; }

# A session of ROLE kept open on a FIFO, to hold a transaction open while
# another session acts. session_open NAME ROLE; session_send NAME SQL;
# session_wait NAME PATTERN [SECONDS] (until its output matches);
# session_close NAME.
session_open() {
  local name=$1 role=$2 dir="$LI_DIR/hostile_sessions"
  mkdir -p "$dir"
  rm -f "$dir/$name.in" "$dir/$name.out"
  mkfifo "$dir/$name.in"
  PGOPTIONS="${PGOPTIONS:-} -c search_path=pg_catalog,pg_temp" \
    psql -X -qAt -U "$role" -d "$DB" <"$dir/$name.in" >"$dir/$name.out" 2>&1 &
  eval "SESSION_PID_$name=$!"
  eval "exec {SESSION_FD_$name}>\"$dir/$name.in\""
}
session_send() {
  local fd
  eval "fd=\$SESSION_FD_$1"
  echo "$2" >&"$fd"
}
session_wait() {
  local f="$LI_DIR/hostile_sessions/$1.out" end=$((SECONDS + ${3:-20}))
  while [ $SECONDS -lt $end ]; do
    grep -qE "$2" "$f" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}
session_output() { cat "$LI_DIR/hostile_sessions/$1.out"; }
session_close() {
  local fd pid
  eval "fd=\$SESSION_FD_$1; pid=\$SESSION_PID_$1"
  eval "exec $fd>&-"
  wait "$pid" 2>/dev/null
}

# Waits (at most SECONDS, default 20) until campaign C has no queued or running import.
wait_idle() {
  poll "SELECT count(*) FROM leadimport.imports WHERE campaign_id = $1 AND status IN ('queued', 'running')" 0 "${2:-20}" >/dev/null
}
# Waits for import ID to end; prints its status.
wait_end() {
  local id=${1:-0} v="" end=$((SECONDS + ${2:-30}))
  while [ $SECONDS -lt $end ]; do
    v=$(q "SELECT status FROM leadimport.imports WHERE id = $id" 2>/dev/null)
    case "$v" in completed | failed | cancelled) break ;; esac
    sleep 0.05
  done
  echo "$v"
}
# Like lib.sh's csv_sql, without the bad row: N valid US numbers from FIRST.
good_csv_sql() {
  echo "convert_to('phone,score' || E'\\n' || (SELECT string_agg('+1201' || (2000000 + g)::text || ',' || g, E'\\n') FROM generate_series($1, $1 + $2 - 1) g) || E'\\n', 'UTF8')"
}
