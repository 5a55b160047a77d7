# A hostile role against everyone's queue (found in review of issue 9):
# squatting on the advisory-lock keys 0.2.0's first draft used, holding an
# import's row in an open cancel_import() transaction, and listening on the
# notification channel. Nobody else's background import may stall, and a
# listener learns nothing but ids.
source "$(dirname "$0")/hostile_lib.sh"
echo "1..9"
EVE=li_h_queue_eve
BOB=li_h_queue_bob
make_importer $EVE
make_importer $BOB
fresh_campaigns 1120 1121

# 1. eve holds the advisory locks of the next 100 import ids ("LI" key space).
next=$(q "SELECT coalesce(max(id), 0) + 1 FROM leadimport.imports")
session_open squat $EVE
session_send squat "SELECT count(pg_advisory_lock((x'4C49'::bigint << 48) + g)) FROM generate_series($next, $next + 100) g;"
session_wait squat '^101$' 20
bob1=$(q_as $BOB "SELECT leadimport.import_data(1121, 'b1.csv', $(good_csv_sql 0 3), '{\"background\": true}')")
ok "$(wait_end "$bob1" 30)" completed "bob's background import runs although eve holds advisory locks on its id"
session_close squat

# 2. eve keeps her own queued import's row locked in an open cancel_import().
# The workers are busy with two long imports, so eve's import waits in the
# queue; bob's import queued after it must still run once a worker is free.
big1=$(q "SELECT leadimport.import_data(1120, 'big1.csv', $(good_csv_sql 10000 60000), '{\"background\": true}')")
big2=$(q "SELECT leadimport.import_data(1120, 'big2.csv', $(good_csv_sql 100000 60000), '{\"background\": true}')")
poll "SELECT count(*) FROM leadimport.imports WHERE id IN ($big1, $big2) AND status = 'running'" 2 30 >/dev/null
eve1=$(q_as $EVE "SELECT leadimport.import_data(1120, 'e1.csv', $(good_csv_sql 200000 3), '{\"background\": true}')")
session_open hold $EVE
session_send hold "BEGIN; SELECT leadimport.cancel_import($eve1);"
session_wait hold '^t$' 20
bob2=$(q_as $BOB "SELECT leadimport.import_data(1121, 'b2.csv', $(good_csv_sql 300 3), '{\"background\": true}')")
ok "$(wait_end "$bob2" 60)" completed "bob's import runs while eve holds her import's row in an open transaction"
ok "$(q "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'leadimport launcher' AND wait_event_type = 'Lock'")" 0 "the launcher is not waiting for a lock"
session_send hold "COMMIT;"
session_close hold
ok "$(wait_end "$eve1" 20)" cancelled "eve's own import ends cancelled"
ok "$(q "SELECT attempts FROM leadimport.imports WHERE id = $eve1")" 0 "and no attempt was counted for it"
ok "$(wait_end "$big2" 120)" completed "the long imports complete"

# 3. bob listens; eve imports. The channel carries ids only.
session_open listen $BOB
session_send listen "LISTEN leadimport;"
sleep 0.5
eve2=$(q_as $EVE "SELECT leadimport.import_data(1120, 'eve-secret-client.csv', $(csv_sql 400000 3), '{\"background\": false}')")
session_send listen "SELECT 1;"
session_wait listen "payload" 10
out=$(session_output listen)
session_close listen
ok "$(echo "$out" | grep -c "payload \"{\"report\": \"SELECT leadimport.error_report($eve2)\", \"import_id\": $eve2}\"")" 1 "a listener gets eve's import id and the call for its report"
ok "$(echo "$out" | grep -cE "created_by|campaign_id|error_counts|eve-secret")" 0 "and nothing else of eve's import"
no_signal_in_log
