# Issue 9, item 5: an import whose role can no longer run it. The role is
# made NOLOGIN, dropped, dropped and re-created under the same name, or loses
# pg_read_server_files while its import is queued (before the importer's
# commit): each import fails with role_not_allowed within seconds, never runs
# as the new role of the same name, and the server log does not fill with
# FATALs. A NOLOGIN role's background import is refused at the call; its
# foreground import works.
source "$(dirname "$0")/hostile_lib.sh"
echo "1..30"
L1=li_h_login_nologin L2=li_h_login_dropped L3=li_h_login_renamed L4=li_h_login_files
L5=li_h_login_never L6=li_h_login_filesok
fresh_campaigns 1031 1032 1033 1034 1035 1036
for r in $L1 $L2 $L3 $L4 $L6; do
  make_importer $r
  careless_grants $r  # so that it can import on 0.1.0 too
done
make_importer $L5 NOLOGIN
careless_grants $L5
q "GRANT pg_read_server_files TO $L4, $L6" >/dev/null
FILE="$LI_DIR/hostile_login.csv"
{ echo "phone,score"; for i in 1 2 3; do echo "+1201555010$i,$i"; done; } >"$FILE"
chmod 644 "$FILE"

# Queues an import as ROLE in an open transaction, runs ADMIN_SQL as the
# superuser meanwhile, then commits; prints the import's id.
queue_while() {  # role, campaign, call (import_data/import_file SQL), admin SQL
  session_open qw "$1"
  session_send qw "BEGIN; $3"
  session_wait qw '^[0-9]+$' 20
  q "$4" >/dev/null
  session_send qw "COMMIT;"
  session_close qw
  session_output qw | grep -E '^[0-9]+$' | head -1
}
bg_data() { echo "SELECT leadimport.import_data($1, 'q.csv', $(csv_sql 0 3), '{\"background\": true}');"; }
fatals() { log_count 'FATAL: .*(not permitted to log in|role .* does not exist)'; }
ended_as() {  # import id, campaign, what happened to the role
  local id=$1 st
  st=$(wait_end "$id" 15)
  ok "$st" failed "$3: the import fails within seconds"
  ok "$(q "SELECT error_code FROM leadimport.imports WHERE id = ${id:-0}")" role_not_allowed "$3: with error_code role_not_allowed"
  ok "$(q "SELECT error <> '' FROM leadimport.imports WHERE id = ${id:-0}")" t \
    "$3: and a message ($(q "SELECT error FROM leadimport.imports WHERE id = ${id:-0}"))"
  ok "$(leads_in "$2")" 0 "$3: nothing was imported"
  ok "$(q "SELECT count(*) FROM leadimport.notifications WHERE import_id = ${id:-0}")" 1 "$3: one notification was written"
}

id1=$(queue_while $L1 1031 "$(bg_data 1031)" "ALTER ROLE $L1 NOLOGIN")
ended_as "$id1" 1031 "made NOLOGIN while queued"

id2=$(queue_while $L2 1032 "$(bg_data 1032)" "DROP OWNED BY $L2; DROP ROLE $L2")
ended_as "$id2" 1032 "dropped while queued"

id3=$(queue_while $L3 1033 "$(bg_data 1033)" \
  "DROP OWNED BY $L3; DROP ROLE $L3; CREATE ROLE $L3 LOGIN; $(printf "$IMPORTER_GRANTS" $L3 $L3 $L3)")
ended_as "$id3" 1033 "dropped and its name re-created while queued"

id4=$(queue_while $L4 1034 "SELECT leadimport.import_file(1034, '$FILE', '{\"background\": true}');" \
  "REVOKE pg_read_server_files FROM $L4")
ended_as "$id4" 1034 "pg_read_server_files revoked while a server file was queued"

# the same server-file import by a role that keeps pg_read_server_files runs
id6=$(q_as $L6 "SELECT leadimport.import_file(1036, '$FILE', '{\"background\": true}')")
ok "$(wait_end "$id6" 20)" completed "a queued server file of a role that keeps pg_read_server_files completes"
ok "$(leads_in 1036)" 3 "and imports its 3 rows"

sleep 6  # one more launcher nap: nothing is retried
ok "$(q "SELECT string_agg(status, ',' ORDER BY id) FROM leadimport.imports WHERE id IN (${id1:-0}, ${id2:-0}, ${id3:-0}, ${id4:-0})")" \
  failed,failed,failed,failed "the four imports stay failed"
f=$(fatals)
ok "$([ "$f" -le 3 ] && echo few)" few "no retry storm: $f worker FATALs in the server log"

# a role that never could log in
ok "$(error_as - "SET ROLE $L5; SELECT leadimport.import_data(1035, 'n.csv', $(csv_sql 0 3), '{\"background\": true}')" |
  grep -m1 -ciE 'log ?in')" 1 "a NOLOGIN role's background import is refused at the call, saying why"
ok "$(q "SELECT count(*) FROM leadimport.imports WHERE campaign_id = 1035")" 0 "and nothing is queued"
fg=$(q "SET ROLE $L5; SELECT leadimport.import_data(1035, 'n.csv', $(csv_sql 0 3), '{\"background\": false}')")
ok "$(q "SELECT status || ' ' || created_by::text FROM leadimport.imports WHERE id = ${fg:-0}")" "completed $L5" \
  "a NOLOGIN role's foreground import completes, as that role"
out=$(q "SET ROLE $L5; SELECT leadimport.import_data(1035, 'big.csv', $(csv_sql 100 1500), '{}')" 2>&1)
if [[ "$out" =~ ^[0-9]+$ ]]; then
  ok "$(wait_end "$out" 20)" completed "a NOLOGIN role's 1,500-row import (background: auto) runs"
else
  ok "$(grep -m1 -ciE 'log ?in' <<<"$out")" 1 "a NOLOGIN role's 1,500-row import (background: auto) is refused at the call, saying why"
fi
ok "$(q "SELECT count(*) FROM leadimport.imports WHERE campaign_id = 1035 AND status IN ('queued', 'running')")" 0 \
  "no import of the NOLOGIN role sits queued"
no_signal_in_log
# on a build that left them queued, stop their retries before the next script
q "UPDATE leadimport.imports SET status = 'cancelled' WHERE campaign_id BETWEEN 1031 AND 1036
     AND status IN ('queued', 'running')" >/dev/null
rm -f "$FILE"
