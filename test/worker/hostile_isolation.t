# Issue 9, item 7: importers are isolated from each other. B (an importer as
# the README makes one, and one with a careless admin's extra grants) sees
# none of A's imports, errors, notifications or queued bytes; every function
# given A's import id says "does not exist"; B cannot mark A's notifications
# sent. A member of a team role sees the team's imports, not its teammates'
# own.
source "$(dirname "$0")/hostile_lib.sh"
echo "1..45"
A=li_h_iso_a    # importer + careless grants (so that it can import on 0.1.0 too)
BN=li_h_iso_bn  # an importer exactly as the README makes one
BC=li_h_iso_bc  # an importer + careless grants
T=li_h_iso_team M1=li_h_iso_m1 M2=li_h_iso_m2
fresh_campaigns 1041 1042
for r in $A $BN $BC $M1 $M2; do make_importer $r; done
make_importer $T NOLOGIN
careless_grants $A
careless_grants $BC
careless_grants $T
q "GRANT $T TO $M1, $M2" >/dev/null

a1=$(q_as $A "SELECT leadimport.import_data(1041, 'a1.csv', $(csv_sql 0 3), '{\"background\": false}')")
ok "$(q "SELECT status || ' ' || failed_rows FROM leadimport.imports WHERE id = ${a1:-0}")" "completed 1" \
  "A's foreground import completed with one error"
a1=${a1:-0}
# a long background import: its bytes stay in import_files while it runs
a2=$(q_as $A "SELECT leadimport.import_data(1041, 'a2.csv', $(csv_sql 1000 300000), '{\"background\": true}')")
a2=${a2:-0}
ok "$(poll "SELECT status FROM leadimport.imports WHERE id = $a2" running 20)" running "A's background import is running"
ok "$(state_as $BN "SELECT count(*) FROM leadimport.import_files")" 42501 "an importer cannot read import_files at all"
ok "$(q "SELECT count(*) FROM leadimport.import_files WHERE import_id = $a2")" 1 "(A's bytes are in import_files now)"
for R in $BC $A; do
  v=$(q_as $R "SELECT count(*) FROM leadimport.import_files WHERE import_id = $a2" 2>/dev/null || echo denied)
  ok "$([ "$v" = 0 ] || [ "$v" = denied ] && echo none)" none \
    "$R, though granted SELECT on import_files by a careless admin, reads no queued bytes ($v)"
done


for B in $BN $BC; do
  ok "$(q_as $B "SELECT count(*) FROM leadimport.imports WHERE campaign_id = 1041" 2>&1)" 0 "$B sees none of A's imports"
  ok "$(q_as $B "SELECT count(*) FROM leadimport.import_errors WHERE campaign_id = 1041" 2>&1)" 0 "$B sees none of A's error rows"
  ok "$(q_as $B "SELECT count(*) FROM leadimport.notifications WHERE campaign_id = 1041" 2>&1)" 0 "$B sees none of A's notifications"
  ok "$(state_as $B "SELECT leadimport.import_status($a1)")" 42704 "$B: import_status(A's import) says it does not exist"
  ok "$(state_as $B "SELECT leadimport.wait_import($a1, '1 s')")" 42704 "$B: wait_import(A's import) says it does not exist"
  ok "$(state_as $B "SELECT leadimport.error_report($a1)")" 42704 "$B: error_report(A's import) says it does not exist"
  ok "$(state_as $B "SELECT leadimport.cancel_import($a2)")" 42704 "$B: cancel_import(A's running import) says it does not exist"
  ok "$(state_as $B "SELECT leadimport.cancel_import($a1)")" 42704 "$B: cancel_import(A's completed import) says it does not exist"
done
ok "$(error_as $BN "SELECT leadimport.import_status($a1)")" "ERROR:  import $a1 does not exist" "the message is \"import N does not exist\""
ok "$(state_as $BN "UPDATE leadimport.notifications SET sent_at = now() WHERE import_id = $a1")" 42501 \
  "an importer cannot mark A's notification sent"
q_as $BC "UPDATE leadimport.notifications SET sent_at = now() WHERE import_id = $a1" >/dev/null 2>&1
ok "$(q "SELECT count(*) FROM leadimport.notifications WHERE import_id = $a1 AND sent_at IS NULL")" 1 \
  "nor can one granted UPDATE on notifications: A's notification is still unsent"
ok "$(wait_end $a2 40)" completed "A's background import completed, not cancelled by B"
ok "$(q "SELECT imported_rows FROM leadimport.imports WHERE id = $a2")" 300000 "with all its rows"

# A itself
ok "$(q_as $A "SELECT count(*) FROM leadimport.imports WHERE campaign_id = 1041")" 2 "A sees its two imports"
ok "$(q_as $A "SELECT count(*) FROM leadimport.import_errors WHERE import_id = $a1")" 1 "and its error row"
ok "$(q_as $A "SELECT status FROM leadimport.import_status($a1)")" completed "import_status works for A"
ok "$(q_as $A "SELECT leadimport.error_report($a1) LIKE '%not a phone%'")" t "error_report works for A"
ok "$(state_as $A "UPDATE leadimport.notifications SET sent_at = now() WHERE import_id = $a1")" ok \
  "A, granted UPDATE on notifications (a mail sender), may set sent_at"
ok "$(q "SELECT count(*) FROM leadimport.notifications WHERE import_id = $a1 AND sent_at IS NOT NULL")" 1 "and it is set"
ok "$(state_as $A "UPDATE leadimport.notifications SET status = 'failed' WHERE import_id = $a1")" 42501 \
  "but no other column of a notification"
ok "$(state_as $A "UPDATE leadimport.notifications SET payload = '{}' WHERE import_id = $a1")" 42501 "not even its payload"

# a team
t1=$(q_as $M1 "SET ROLE $T; SELECT leadimport.import_data(1042, 't.csv', $(csv_sql 0 3), '{\"background\": false}')")
m1=$(q_as $M1 "SELECT leadimport.import_data(1042, 'm1.csv', $(csv_sql 100 3), '{\"background\": false}')")
ok "$(q "SELECT created_by::text FROM leadimport.imports WHERE id = ${t1:-0}")" $T "an import made after SET ROLE team is the team's"
ok "$(q_as $M2 "SELECT count(*) FROM leadimport.imports WHERE id = ${t1:-0}")" 1 "a teammate sees the team's import"
ok "$(q_as $M2 "SELECT count(*) FROM leadimport.import_errors WHERE import_id = ${t1:-0}")" 1 "and its error row"
ok "$(q_as $M2 "SELECT status FROM leadimport.import_status(${t1:-0})")" completed "import_status works for a teammate"
ok "$(state_as $M2 "SELECT leadimport.error_report(${t1:-0})")" ok "error_report works for a teammate"
ok "$(q_as $M2 "SELECT count(*) FROM leadimport.imports WHERE id = ${m1:-0}")" 0 "a teammate does not see another member's own import"
ok "$(state_as $M2 "SELECT leadimport.import_status(${m1:-0})")" 42704 "nor get its status"
ok "$(q_as $M1 "SELECT count(*) FROM leadimport.imports WHERE campaign_id = 1042")" 2 "a member sees its own and the team's imports"
ok "$(q_as $BN "SELECT count(*) FROM leadimport.imports WHERE campaign_id = 1042" 2>&1)" 0 "a non-member sees none of them"
no_signal_in_log
