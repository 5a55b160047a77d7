# ALTER EXTENSION leadimport UPDATE from 0.1.0, through 0.2.0 and 0.3.0 (the
# error rows' cells become a JSON array) to 0.4.0 (leadimport.distribute(),
# for Citus): the data an 0.1.0 install
# holds (imports recorded by role name, error rows, a queued import, the
# broad grants 0.1.0 asked admins to give) comes through, the new privilege
# model applies, and imports run again. A cluster of its own, whose launcher
# watches the database being upgraded.
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LI_DIR=/tmp/leadimport-upgrade LI_PORT=$((${PGPORT:-54329} + 8))
source "$ROOT/scripts/cluster.sh"
echo "1..23"
n=0
ok() { n=$((n + 1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3 (got '$1', expected '$2')"; fi; }
q() { psql -X -qAt -d postgres -c "$1" 2>&1; }
poll() {
  local v="" end=$((SECONDS + ${3:-60}))
  while [ $SECONDS -lt $end ]; do
    v=$(q "$1")
    [ "$v" = "$2" ] && break
    sleep 0.1
  done
  echo "$v"
}
cluster_start "shared_preload_libraries = 'leadimport'" "leadimport.database = 'postgres'" >/dev/null
# What 0.1.0 left behind: its schema, a finished import with leads and an
# error row, a queued import of a role that still exists, one of a role that
# was dropped, and the grants its README asked for.
q "CREATE EXTENSION leadimport VERSION '0.1.0';
   CREATE ROLE li_old_clerk LOGIN; CREATE ROLE li_old_gone LOGIN;
   GRANT USAGE ON SCHEMA leadimport TO li_old_clerk;
   GRANT SELECT ON ALL TABLES IN SCHEMA leadimport TO li_old_clerk;
   GRANT INSERT, UPDATE, DELETE ON leadimport.imports, leadimport.import_files, leadimport.import_errors,
         leadimport.notifications, leadimport.leads, leadimport.lead_contacts TO li_old_clerk;
   INSERT INTO leadimport.assistants (id, name) VALUES (1, 'a');
   INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (1, 'c', 1);
   INSERT INTO leadimport.imports (campaign_id, id, file_name, format, status, headers, total_rows,
     processed_rows, imported_rows, failed_rows, created_by, finished_at)
     VALUES (1, 1, 'old.csv', 'csv', 'completed', '{phone,name,\"name (2)\"}', 2, 2, 1, 1, 'li_old_clerk', now());
   INSERT INTO leadimport.leads (campaign_id, id, phone_number, import_id, source_row) VALUES (1, 1, '+14155550001', 1, 2);
   INSERT INTO leadimport.import_errors (campaign_id, import_id, row_number, column_name, code, message, row_data)
     VALUES (1, 1, 3, 'phone', 'phone_not_a_number', 'x is not a phone number',
             '{\"phone\": \"x\", \"name\": \"a\", \"name (2)\": \"\", \"column_5\": \"e\"}');
   INSERT INTO leadimport.imports (campaign_id, id, file_name, status, source_kind, created_by)
     VALUES (1, 2, 'queued.csv', 'queued', 'data', 'li_old_clerk'), (1, 3, 'gone.csv', 'queued', 'data', 'li_old_gone');
   INSERT INTO leadimport.import_files (campaign_id, import_id, data)
     VALUES (1, 2, convert_to(E'phone\n+14155550002\n+14155550003\n', 'UTF8')),
            (1, 3, convert_to(E'phone\n+14155550004\n', 'UTF8'));
   SELECT setval(pg_get_serial_sequence('leadimport.imports', 'id'), 3);
   SELECT setval(pg_get_serial_sequence('leadimport.leads', 'id'), 1);
   DROP ROLE li_old_gone;" >/dev/null
ok "$(q "SELECT extversion FROM pg_extension WHERE extname = 'leadimport'")" 0.1.0 "0.1.0 installed"
sleep 1
ok "$(q "SELECT status FROM leadimport.imports WHERE id = 2")" queued "a 0.4.0 library leaves a 0.1.0 queue alone"
out=$(q "ALTER EXTENSION leadimport UPDATE TO '0.2.0'")
echo "$out" | sed "s/^/# /"
ok "$(echo "$out" | grep -c 'revoked INSERT on leadimport.imports from li_old_clerk')" 1 "the update says which grants it revoked"
ok "$(q "SELECT extversion FROM pg_extension WHERE extname = 'leadimport'")" 0.2.0 "updated to 0.2.0"
sleep 1
ok "$(q "SELECT status FROM leadimport.imports WHERE id = 2")" queued "a 0.4.0 library leaves a 0.2.0 queue alone"
ok "$(q "SELECT jsonb_typeof(row_data) FROM leadimport.import_errors")" object "0.2.0 keeps the cells by header name"
q "ALTER EXTENSION leadimport UPDATE TO '0.3.0'" >/dev/null
ok "$(q "SELECT extversion FROM pg_extension WHERE extname = 'leadimport'")" 0.3.0 "updated to 0.3.0"
ok "$(q "SELECT row_data::text FROM leadimport.import_errors")" '["x", "a", "", "", "e"]' "the error row's cells became an array by position, the cell beyond the header kept"
sleep 1
ok "$(q "SELECT status FROM leadimport.imports WHERE id = 2")" queued "a 0.4.0 library leaves a 0.3.0 queue alone"
q "ALTER EXTENSION leadimport UPDATE" >/dev/null
ok "$(q "SELECT extversion FROM pg_extension WHERE extname = 'leadimport'")" 0.4.0 "updated to 0.4.0"
ok "$(q "SELECT has_function_privilege('li_old_clerk', 'leadimport.distribute()', 'EXECUTE')
           || ' ' || (SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                       WHERE e.extname = 'leadimport' AND d.objid = 'leadimport.distribute()'::regprocedure)")" "false 1" "0.4.0 adds distribute(), a member of the extension, not for PUBLIC"
ok "$(q "SELECT string_agg(id || ':' || created_by::text, ',' ORDER BY id) FROM leadimport.imports")" "1:li_old_clerk,2:li_old_clerk,3:-" "created_by became roles; a dropped role's import belongs to nobody"
ok "$(poll "SELECT status || ' ' || imported_rows FROM leadimport.imports WHERE id = 2" "completed 2" 30)" "completed 2" "the queued import runs after the update, as its role"
ok "$(poll "SELECT status || ' ' || error_code FROM leadimport.imports WHERE id = 3" "failed role_not_allowed" 30)" "failed role_not_allowed" "the dropped role's queued import fails clearly"
ok "$(q "SELECT count(*) FROM leadimport.leads WHERE import_id = 3")" 0 "and imports nothing"
ok "$(psql -X -qAt -U li_old_clerk -d postgres -c "SELECT split_part(leadimport.error_report(1), E'\r\n', 2)")" "x,a,,,e,3,phone,phone_not_a_number,x is not a phone number," "an old import's error report still works, for its role (the cell beyond the header in column_5)"
ok "$(psql -X -qAt -U li_old_clerk -d postgres -c "SELECT count(*) FROM leadimport.imports")" 2 "the role sees its own imports only"
err=$(psql -X -qAt -U li_old_clerk -d postgres -c "UPDATE leadimport.imports SET status = 'queued' WHERE id = 1" 2>&1)
ok "$(echo "$err" | grep -c 'permission denied')" 1 "its old grants to write imports are gone"
err=$(psql -X -qAt -U li_old_clerk -d postgres -c "SELECT count(*) FROM leadimport.import_files" 2>&1)
ok "$(echo "$err" | grep -c 'permission denied')" 1 "and queued file bytes are unreadable"
id=$(psql -X -qAt -U li_old_clerk -d postgres -c "SELECT leadimport.import_data(1, 'new.csv', convert_to(E'phone\n+14155550005\n', 'UTF8'), '{\"background\": false}')")
ok "$(q "SELECT status || ' ' || imported_rows || ' ' || created_by::text FROM leadimport.imports WHERE id = $id")" "completed 1 li_old_clerk" "a new foreground import works"
ok "$(q "SELECT $id > 3")" t "with a new id"
ok "$(q "SELECT count(*) FROM leadimport.notifications WHERE import_id IN (2, 3, $id)")" 3 "every end is announced"
ok "$(grep -c 'terminated by signal' "$LI_LOG")" 0 "no process crashed"
cluster_stop >/dev/null
rm -rf "$LI_DIR"
