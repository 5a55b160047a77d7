# kill -9 of an import worker, and an immediate shutdown of the server, in the
# middle of an import: after the restart it resumes from its last committed
# batch; no row is imported twice and none is lost.
source "$(dirname "$0")/lib.sh"
echo "1..18"
campaign 600
ROWS=200000

crash_once() {  # $1 = how: kill | immediate
  local id
  id=$(q "SELECT leadimport.import_data(600, '$1.csv', $(csv_sql $2 $ROWS), '{\"background\": true}')")
  local p
  p=$(poll "SELECT processed_rows > 2000 AND status = 'running' FROM leadimport.imports WHERE id = $id" t 120)
  ok "$p" t "$1: the import is running with batches committed"
  if [ "$1" = kill ]; then
    pid=$(q "SELECT pid FROM pg_stat_activity WHERE backend_type = 'leadimport import'" | head -1)
    kill -9 "$pid"
    sleep 1
    wait_ready
  else
    as_postgres pg_ctl -D "$LI_DATA" -m immediate -w stop >/dev/null
    as_postgres pg_ctl -D "$LI_DATA" -l "$LI_LOG" -w start >/dev/null
    wait_ready
  fi
  ok "$(poll "SELECT status FROM leadimport.imports WHERE id = $id" completed 240)" completed "$1: the import completes after the restart"
  ok "$(q "SELECT attempts FROM leadimport.imports WHERE id = $id")" 2 "$1: it was resumed once"
  ok "$(q "SELECT imported_rows || '/' || failed_rows FROM leadimport.imports WHERE id = $id")" "$ROWS/1" "$1: every good row imported once, the bad one reported"
  ok "$(q "SELECT count(*) - count(DISTINCT phone_number) FROM leadimport.leads WHERE campaign_id = 600")" 0 "$1: no phone number twice"
  invariants "$id"
}
crash_once kill 0
crash_once immediate 1000000
