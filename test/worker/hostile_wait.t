# Issue 9, item 9: wait_import() inside a REPEATABLE READ (or SERIALIZABLE)
# transaction, whose snapshot was taken while the import ran, sees it end —
# it used to wait for its whole timeout (forever without one).
source "$(dirname "$0")/hostile_lib.sh"
echo "1..13"
W=li_h_wait
fresh_campaigns 1061
make_importer $W
careless_grants $W  # so that it can import on 0.1.0 too

# Queues a background import of 100,000 rows as W and, at once, waits for it
# in a transaction of the given isolation level whose snapshot is taken
# first. Prints: status seen by the snapshot | wait_import's result | seconds
wait_in() {  # isolation level, first row, wait call arguments after the id
  local id t0 out
  id=$(q_as $W "SELECT leadimport.import_data(1061, 'w.csv', $(csv_sql $2 100000), '{\"background\": true}')")
  t0=$(date +%s%N)
  out=$(q_as $W "BEGIN ISOLATION LEVEL $1;
    SELECT status FROM leadimport.imports WHERE id = ${id:-0};
    SET LOCAL statement_timeout = '25s';
    SELECT leadimport.wait_import(${id:-0}$3);
    COMMIT;" 2>&1 | tr '\n' '|')
  # whole seconds, by shell arithmetic (no bc: Debian 13's minimal chroot lacks it)
  echo "${out}$((($(date +%s%N) - t0) / 1000000000))"
  wait_end "${id:-0}" 30 >/dev/null
}
for level in "REPEATABLE READ" "SERIALIZABLE"; do
  IFS='|' read -r seen got secs <<<"$(wait_in "$level" $((RANDOM * 10)) ", '15 s'")"
  ok "$([ "$seen" = queued ] || [ "$seen" = running ] && echo unfinished)" unfinished \
    "$level: the transaction's snapshot saw the import unfinished ($seen)"
  ok "$got" completed "$level: wait_import(id, '15 s') returns completed"
  ok "$([ "${secs:-99}" -lt 10 ] && echo soon)" soon "$level: well before its timeout (${secs}s)"
done
IFS='|' read -r seen got secs <<<"$(wait_in "REPEATABLE READ" 1500000 "")"
ok "$([ "$seen" = queued ] || [ "$seen" = running ] && echo unfinished)" unfinished \
  "REPEATABLE READ, no timeout: the snapshot saw the import unfinished ($seen)"
ok "$got" completed "REPEATABLE READ: wait_import(id) without a timeout returns completed"
ok "$([ "${secs:-99}" -lt 10 ] && echo soon)" soon "REPEATABLE READ: without a timeout, it returns (${secs}s)"
IFS='|' read -r seen got secs <<<"$(wait_in "READ COMMITTED" 2000000 ", '15 s'")"
ok "$got" completed "READ COMMITTED: wait_import returns completed"
ok "$([ "${secs:-99}" -lt 10 ] && echo soon)" soon "READ COMMITTED: well before its timeout (${secs}s)"
ok "$(q "SELECT count(*) FROM leadimport.imports WHERE campaign_id = 1061 AND status <> 'completed'")" 0 "all the imports completed"
no_signal_in_log
