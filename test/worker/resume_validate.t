# Issue 16: an all-or-nothing background import killed during its validate
# pass resumes after the last committed row. Its in-file duplicate memory
# must come back with it: a number seen before the resume point and again
# after it is still reported (it was lost: failed_rows 1, no duplicate row).
source "$(dirname "$0")/lib.sh"
echo "1..8"
campaign 610
ROWS=200000
# A commit per batch, so the (fast) validate pass is caught in the middle.
q "ALTER SYSTEM SET leadimport.commit_interval = 0" && q "SELECT pg_reload_conf()" >/dev/null
trap 'q "ALTER SYSTEM RESET leadimport.commit_interval" && q "SELECT pg_reload_conf()" >/dev/null' EXIT
sleep 0.5
# the file: ROWS good numbers, the first one again, then one bad row
data="convert_to('phone,score' || E'\\n' || (SELECT string_agg('+1201' || (2000000 + g)::text || ',' || g, E'\\n') FROM generate_series(0, $ROWS - 1) g) || E'\\n+12012000000,7\\nnot a phone,1\\n', 'UTF8')"
id=$(q "SELECT leadimport.import_data(610, 'dup.csv', $data, '{\"background\": true, \"ignore_errors\": false}')")
ok "$(poll "SELECT phase = 'validate' AND processed_rows > 2000 AND status = 'running' FROM leadimport.imports WHERE id = $id" t 120)" t "the validate pass is running with batches committed"
pid=$(q "SELECT pid FROM pg_stat_activity WHERE backend_type = 'leadimport import'" | head -1)
kill -9 "$pid"
sleep 1
wait_ready
ok "$(poll "SELECT status FROM leadimport.imports WHERE id = $id" failed 240)" failed "the import ends after the restart, failed (all or nothing)"
ok "$(q "SELECT attempts FROM leadimport.imports WHERE id = $id")" 2 "it was resumed once"
dup_row=$((ROWS + 2))
ok "$(q "SELECT failed_rows FROM leadimport.imports WHERE id = $id")" 2 "both bad rows are counted"
ok "$(q "SELECT code || ' ' || message FROM leadimport.import_errors WHERE import_id = $id AND row_number = $dup_row")" \
  "duplicate_in_file phone number +12012000000 already appears in row 2" "the duplicate of a row before the resume point is reported, naming it"
ok "$(q "SELECT count(*) FROM leadimport.leads WHERE import_id = $id")" 0 "nothing is imported"
invariants_failed() {
  ok "$(q "SELECT failed_rows = (SELECT count(DISTINCT row_number) FROM leadimport.import_errors WHERE import_id = $1) FROM leadimport.imports WHERE id = $1")" t "failed_rows counts its reported rows"
  ok "$(q "SELECT count(*) FROM (SELECT row_number FROM leadimport.import_errors WHERE import_id = $1 GROUP BY row_number, code HAVING count(*) > 1) d")" 0 "no error reported twice"
}
invariants_failed "$id"
