# A role's own settings (ALTER ROLE self SET ...) are loaded by the import
# worker that connects as it. None of them may make the worker misbehave:
# each background import ends (no endless retries), correctness settings
# (bytea_output, standard_conforming_strings, DateStyle...) change nothing in
# what is imported, and no process dies.
source "$(dirname "$0")/hostile_lib.sh"
echo "1..28"
H=li_h_settings
fresh_campaigns 1091
make_importer $H
careless_grants $H  # so that it can import on 0.1.0 too
first=0
# Sets SETTING for the role (as the superuser, so that the test's own
# sessions are not affected), queues a 3-row background import as the role
# (SET ROLE), waits for its end: LAST_ID, LAST_STATUS.
with_setting() {  # "name = value", file name
  q "ALTER ROLE $H RESET ALL; ALTER ROLE $H SET $1" >/dev/null
  first=$((first + 10))
  LAST_ID=$(q "SET ROLE $H; SELECT leadimport.import_data(1091, \$n\$$2\$n\$, $(csv_sql $first 3), '{\"background\": true}')")
  LAST_ID=${LAST_ID:-0}
  LAST_STATUS=$(wait_end "$LAST_ID" 20)
}
ends() {  # the import ended, whatever its outcome, with at most 3 attempts
  with_setting "$1" "s.csv"
  local st=$LAST_STATUS
  ok "$(case "$st" in completed | failed) echo ended ;; *) echo "$st" ;; esac)" ended \
    "$1: the import ends ($st $(q "SELECT error FROM leadimport.imports WHERE id = $LAST_ID"))"
  ok "$(q "SELECT attempts <= 3 FROM leadimport.imports WHERE id = $LAST_ID")" t "$1: after at most 3 attempts"
}
completes() {  # the import completes and inserts its 3 leads
  with_setting "$1" "${2:-s.csv}"
  ok "$LAST_STATUS" completed "$1: the import completes ($(q "SELECT error FROM leadimport.imports WHERE id = $LAST_ID"))"
  ok "$(q "SELECT count(*) FROM leadimport.leads WHERE import_id = $LAST_ID")" 3 "$1: with its 3 leads"
}
ends "default_transaction_read_only = on"
ends "default_transaction_isolation = 'serializable'"
ends "row_security = off"
ends "statement_timeout = '1ms'"
ends "lock_timeout = '1ms'"
ends "transform_null_equals = on"
completes "bytea_output = 'escape'"
completes "standard_conforming_strings = off" "it\\'s; --\\.csv"
ok "$(q "SELECT file_name FROM leadimport.imports WHERE id = $LAST_ID")" "it\\'s; --\\.csv" \
  "standard_conforming_strings = off: the file name is stored as given"
completes "DateStyle = 'SQL, DMY'"
completes "TimeZone = 'Pacific/Chatham'"
completes "IntervalStyle = 'sql_standard'"
completes "extra_float_digits = -15"
q "ALTER ROLE $H RESET ALL" >/dev/null
ok "$(q "SELECT count(*) FROM leadimport.notifications n JOIN leadimport.imports i ON i.id = n.import_id
          WHERE i.campaign_id = 1091 AND (n.payload->>'finished_at')::timestamptz IS NULL")" 0 \
  "every notification has a finished_at in ISO form"
ok "$(log_count 'FATAL')" 0 "no FATAL in the server log"
no_signal_in_log
