# Two imports into one campaign at once, with overlapping numbers: each number
# ends up once, the loser's rows are reported as duplicates, no deadlock.
source "$(dirname "$0")/lib.sh"
echo "1..14"
campaign 700
ids=$(psql -X -qAt -d "$DB" <<SQL
BEGIN;
SELECT leadimport.import_data(700, 'a.csv', $(csv_sql 0 60000), '{"background": true}');
SELECT leadimport.import_data(700, 'b.csv', $(csv_sql 30000 60000), '{"background": true}');
COMMIT;
SQL
)
a=$(echo "$ids" | sed -n 1p)
b=$(echo "$ids" | sed -n 2p)
ok "$(poll "SELECT count(*) FROM leadimport.imports WHERE id IN ($a, $b) AND status = 'running'" 2 60)" 2 "both imports run at the same time"
ok "$(poll "SELECT string_agg(status, ',' ORDER BY id) FROM leadimport.imports WHERE id IN ($a, $b)" completed,completed 240)" completed,completed "both complete (no deadlock, no abort)"
ok "$(q "SELECT count(*) FROM leadimport.leads WHERE campaign_id = 700")" 90000 "every number is in the campaign"
ok "$(q "SELECT count(DISTINCT phone_number) FROM leadimport.leads WHERE campaign_id = 700")" 90000 "each number once"
ok "$(q "SELECT sum(imported_rows) FROM leadimport.imports WHERE id IN ($a, $b)")" 90000 "the imports' counters add up"
ok "$(q "SELECT count(*) FROM leadimport.import_errors WHERE import_id IN ($a, $b) AND code = 'duplicate_in_campaign'")" 30000 "the overlap is reported as duplicates, once"
invariants "$a"
invariants "$b"
