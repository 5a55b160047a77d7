# More of "Who may do what": every import is checked with the caller's own
# privileges (a staging table it cannot read, leads it may not insert, a
# server file without pg_read_server_files), created_by is the current role
# and cannot come from the options, an importer cannot switch the
# bookkeeping's protections off, every function pins its search_path, and a
# finished import's leads are never removed by a later call.
source "$(dirname "$0")/hostile_lib.sh"
echo "1..20"
G=li_h_grants_g  # an importer as the README makes one (+ careless grants, so that it imports on 0.1.0 too)
S=li_h_grants_s  # role.t's li_clerk: may read leads, not insert them
fresh_campaigns 1081 1082 1083
make_importer $G
careless_grants $G
drop_roles $S
q "CREATE ROLE $S LOGIN; GRANT USAGE ON SCHEMA leadimport TO $S" >/dev/null
careless_grants $S
q "SET client_min_messages = warning; DROP TABLE IF EXISTS public.li_h_secret;
   CREATE TABLE public.li_h_secret (phone text, score text);
   INSERT INTO public.li_h_secret VALUES ('+12015550101', '1'), ('+12015550102', '2');" >/dev/null

# a staging table the role may not read
ok "$(state_as $G "SELECT leadimport.import_staged(1081, 'public.li_h_secret')")" 42501 \
  "import_staged of a table the role cannot read: permission denied"
ok "$(leads_in 1081)" 0 "nothing of it was imported"
ok "$(q "SELECT count(*) FROM leadimport.import_errors e JOIN leadimport.imports i ON i.id = e.import_id
          WHERE i.campaign_id = 1081 AND e.row_data::text LIKE '%+12015550101%'")" 0 "nor reported as an error row"

# a role that may read leads but not insert them
ok "$(state_as $S "SELECT leadimport.import_data(1082, 's.csv', $(csv_sql 0 3), '{\"background\": false}')")" 42501 \
  "a role without INSERT on leads: its foreground import is refused (42501)"
out=$(q_as $S "SELECT leadimport.import_data(1082, 's.csv', $(csv_sql 10 3), '{\"background\": true}')" 2>&1)
if [[ "$out" =~ ^[0-9]+$ ]]; then
  ok "$(wait_end "$out" 30)" failed "its background import fails"
  ok "$(q "SELECT error ~ 'permission denied' FROM leadimport.imports WHERE id = $out")" t \
    "with permission denied ($(q "SELECT error FROM leadimport.imports WHERE id = $out"))"
else
  ok "$(grep -c 'permission denied' <<<"$out")" 1 "its background import is refused at the call"
  ok 1 1 "(nothing queued)"
fi
ok "$(leads_in 1082)" 0 "nothing was inserted on its behalf"

# server files
ok "$(state_as $G "SELECT leadimport.import_file(1083, '/etc/passwd', '{\"delimiter\": \"\\u0001\"}')")" 42501 \
  "import_file without pg_read_server_files: permission denied"
ok "$(state_as $G "SELECT leadimport.import_file(1083, 'postgresql.conf', '{\"delimiter\": \"\\u0001\", \"background\": true}')")" 42501 \
  "also for a relative path, in the background"
ok "$(q "SELECT count(*) FROM leadimport.imports WHERE campaign_id = 1083")" 0 "nothing was recorded"

# created_by
ok "$(state_as $G "SELECT leadimport.import_data(1083, 'o.csv', $(csv_sql 0 3), '{\"created_by\": \"postgres\"}')")" 22023 \
  "created_by cannot be given in the options (unknown key)"
id=$(q "SET ROLE $G; SELECT leadimport.import_data(1083, 'o.csv', $(csv_sql 0 3), '{\"background\": false}')")
ok "$(q "SELECT created_by::text FROM leadimport.imports WHERE id = ${id:-0}")" $G "a superuser after SET ROLE imports as that role"
ok "$(q_as $G "SELECT count(*) FROM leadimport.imports WHERE id = ${id:-0}")" 1 "and that role sees it"

# the protections themselves
ok "$(state_as $G "ALTER TABLE leadimport.imports DISABLE TRIGGER ALL")" 42501 "an importer cannot disable the triggers on imports"
ok "$(state_as $G "ALTER TABLE leadimport.imports DISABLE ROW LEVEL SECURITY")" 42501 "nor row-level security"
ok "$(state_as $G "CREATE POLICY li_h_all ON leadimport.imports USING (true)")" 42501 "nor add a policy"
ok "$(q "SELECT coalesce(string_agg(p.oid::regprocedure::text, ', '), 'none') FROM pg_proc p
          JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
          JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'leadimport'
          WHERE p.prorettype <> 'trigger'::regtype
            AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)")" none \
  "every function of the extension runs with search_path = pg_catalog, pg_temp"

# a finished import's leads stay
ok "$(q_as $G "SELECT leadimport.cancel_import(${id:-0})")" f "cancelling one's own completed import does nothing"
ok "$(leads_in 1083)" 3 "and its leads stay"
no_signal_in_log
q "DROP TABLE IF EXISTS public.li_h_secret" >/dev/null
