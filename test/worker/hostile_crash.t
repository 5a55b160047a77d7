# Issue 9, item 4: the launcher must survive many tiny background imports
# (it freed each worker handle twice and died of signal 11, restarting every
# backend): 40 queued one after another, then 200 queued in one transaction.
source "$(dirname "$0")/hostile_lib.sh"
echo "1..9"
K=li_h_crash
fresh_campaigns 1021 1022
make_importer $K
careless_grants $K  # so that it can import on 0.1.0 too
launcher() { q "SELECT pid FROM pg_stat_activity WHERE backend_type = 'leadimport launcher'"; }
# (a freshly started server may still be starting its launcher)
before=$(poll "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'leadimport launcher'" 1 20 >/dev/null; launcher)

queued=0
for i in $(seq 1 40); do  # each from its own session, as an application would
  q_as $K "SELECT leadimport.import_data(1021, 't$i.csv', $(csv_sql $((i * 10)) 3), '{\"background\": true}')" \
    >/dev/null 2>&1 && queued=$((queued + 1))
done
ok "$queued" 40 "40 tiny background imports are queued one after another"
wait_ready
ok "$(poll "SELECT count(*) FILTER (WHERE status = 'completed') FROM leadimport.imports WHERE campaign_id = 1021" 40 40)" 40 \
  "all 40 complete"
ok "$(leads_in 1021)" 120 "their 120 leads are there"

sql="BEGIN;"
for i in $(seq 1 200); do
  sql+="SELECT leadimport.import_data(1022, 'u$i.csv', $(csv_sql $((i * 10)) 2), '{\"background\": true}');"
done
sql+="COMMIT;"
ok "$(q_as $K "$sql" | wc -l)" 200 "200 background imports are queued in one transaction"
ok "$(poll "SELECT count(*) FILTER (WHERE status = 'completed') FROM leadimport.imports WHERE campaign_id = 1022" 200 50)" 200 \
  "all 200 complete"
ok "$(leads_in 1022)" 400 "their 400 leads are there"
ok "$(q "SELECT count(*) FROM leadimport.imports WHERE campaign_id IN (1021, 1022) AND attempts > 1")" 0 \
  "no import needed a second worker"
ok "$(launcher)" "$before" "the launcher is the one that was running before (pid $before)"
no_signal_in_log
