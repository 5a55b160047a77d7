# Issue 16, bug 2: a launcher that restarts while a worker runs must not
# start a second worker for the same import, and nothing may turn a finished
# import into failed/interrupted. Which worker runs which import lives in
# shared memory, and every status change says which status it starts from.
source "$(dirname "$0")/lib.sh"
echo "1..7"
campaign 620
launcher() { q "SELECT pid FROM pg_stat_activity WHERE backend_type = 'leadimport launcher'"; }
before=$(poll "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'leadimport launcher'" 1 20 >/dev/null; launcher)
id=$(q "SELECT leadimport.import_data(620, 'big.csv', $(csv_sql 1 150000), '{\"background\": true}')")
ok "$(poll "SELECT status = 'running' AND processed_rows > 0 FROM leadimport.imports WHERE id = $id" t 120)" t "the import is running"
q "SELECT pg_terminate_backend($before)" >/dev/null
# the postmaster starts the launcher again (bgw_restart_time); watch for a
# second worker on the import meanwhile
max_workers=0
end=$((SECONDS + 120))
while [ $SECONDS -lt $end ]; do
  w=$(q "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'leadimport import'")
  [ "${w:-0}" -gt "$max_workers" ] && max_workers=$w
  [ "$(q "SELECT status FROM leadimport.imports WHERE id = $id")" != running ] && break
  sleep 0.1
done
after=$(poll "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'leadimport launcher'" 1 60 >/dev/null; launcher)
ok "$([ -n "$after" ] && [ "$after" != "$before" ] && echo restarted)" restarted "a new launcher runs (was $before, now $after)"
ok "$max_workers" 1 "never a second worker for the import"
ok "$(poll "SELECT status FROM leadimport.imports WHERE id = $id" completed 120)" completed "the import completes"
ok "$(q "SELECT attempts || ' ' || imported_rows || ' ' || failed_rows FROM leadimport.imports WHERE id = $id")" "1 150000 1" "once, every row counted once"
sleep 2  # a late worker would act now
ok "$(q "SELECT status FROM leadimport.imports WHERE id = $id")" completed "and it stays completed"
ok "$(q "SELECT count(*) FROM leadimport.notifications WHERE import_id = $id")" 1 "its end announced once"
