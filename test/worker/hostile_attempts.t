# An import that keeps killing its worker (here: kill -9, as a file that
# crashed the worker would) is started at most 3 times — the attempts are
# counted before a worker starts — and then failed with 'interrupted'. The
# only signals in the server log are the three kills.
source "$(dirname "$0")/hostile_lib.sh"
echo "1..8"
K=li_h_attempts
fresh_campaigns 1095
make_importer $K
careless_grants $K  # so that it can import on 0.1.0 too
worker_pid() { q "SELECT pid FROM pg_stat_activity WHERE backend_type = 'leadimport import'" 2>/dev/null | head -1; }
id=$(q_as $K "SELECT leadimport.import_data(1095, 'k.csv', $(csv_sql 0 400000), '{\"background\": true}')")
id=${id:-0}
for attempt in 1 2 3; do
  pid=""
  end=$((SECONDS + 30))
  while [ $SECONDS -lt $end ]; do
    pid=$(worker_pid)
    [ -n "$pid" ] && [ "$(q "SELECT status FROM leadimport.imports WHERE id = $id" 2>/dev/null)" = running ] && break
    pid=""
    sleep 0.05
  done
  ok "$([ -n "$pid" ] && echo yes)" yes "attempt $attempt: a worker runs the import"
  [ -n "$pid" ] && kill -9 "$pid"
  sleep 1
  wait_ready
done
ok "$(wait_end $id 30)" failed "after the third crash the import is failed, not started again"
ok "$(q "SELECT error_code || ' ' || attempts FROM leadimport.imports WHERE id = $id")" "interrupted 3" \
  "with error_code interrupted after 3 attempts"
ok "$(q "SELECT count(*) FROM leadimport.notifications WHERE import_id = $id")" 1 "and one notification"
ok "$(log_count 'terminated by signal' | tr -d ' ')/$(log_count 'terminated by signal 9')" 3/3 \
  "the server log shows the three kills and no other signal"
ok "$(worker_pid)" "" "no worker is left running"
