# The worker runs as the role that queued the import: a role that may not
# insert leads cannot make the worker do it for it, even with every grant on
# the bookkeeping tables that 0.1.0 asked admins to give.
source "$(dirname "$0")/lib.sh"
echo "1..6"
campaign 900
q "DO \$\$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'li_clerk') THEN DROP OWNED BY li_clerk; DROP ROLE li_clerk; END IF; END \$\$;
   CREATE ROLE li_clerk LOGIN;
   GRANT USAGE ON SCHEMA leadimport TO li_clerk;
   GRANT SELECT ON ALL TABLES IN SCHEMA leadimport TO li_clerk;
   GRANT INSERT, UPDATE, DELETE ON leadimport.imports, leadimport.import_files, leadimport.import_errors,
         leadimport.notifications TO li_clerk;
   GRANT DELETE ON leadimport.leads TO li_clerk;
   GRANT USAGE ON ALL SEQUENCES IN SCHEMA leadimport TO li_clerk;" >/dev/null
id=$(psql -X -qAt -U li_clerk -d "$DB" -c "SELECT leadimport.import_data(900, 'clerk.csv', $(csv_sql 0 3000), '{\"background\": true}')")
ok "$(poll "SELECT status FROM leadimport.imports WHERE id = $id" failed 120)" failed "the import fails"
ok "$(q "SELECT error LIKE '%permission denied for table leads%' FROM leadimport.imports WHERE id = $id")" t "because li_clerk may not insert leads"
ok "$(q "SELECT created_by FROM leadimport.imports WHERE id = $id")" li_clerk "it is li_clerk's import"
ok "$(q "SELECT count(*) FROM leadimport.leads WHERE campaign_id = 900")" 0 "nothing was inserted on li_clerk's behalf"
# Granted or not, the bookkeeping is leadimport's alone to write.
err=$(psql -X -qAt -U li_clerk -d "$DB" -c "UPDATE leadimport.imports SET created_by = 'postgres' WHERE id = $id" 2>&1)
ok "$(echo "$err" | grep -c 'only leadimport writes leadimport.imports')" 1 "li_clerk can't rewrite its import's owner, whatever it was granted"
ok "$(q "SELECT created_by FROM leadimport.imports WHERE id = $id")" li_clerk "the import is still li_clerk's"
