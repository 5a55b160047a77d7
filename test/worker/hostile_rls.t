# What an admin does to limit a role to some campaigns: a row-level security
# policy on leadimport.leads. Foreground and background imports honour it
# (the worker runs as the role, with its policies); a campaign the policy
# does not allow gets nothing. RLS on leads is switched off again at the end.
source "$(dirname "$0")/hostile_lib.sh"
echo "1..16"
R=li_h_rls
fresh_campaigns 1071 1072
make_importer $R
careless_grants $R  # so that it can import on 0.1.0 too
unpolicy() {
  q "DROP POLICY IF EXISTS li_h_rls_read ON leadimport.leads;
     DROP POLICY IF EXISTS li_h_rls_fill ON leadimport.leads;
     ALTER TABLE leadimport.leads DISABLE ROW LEVEL SECURITY;" >/dev/null
}
trap unpolicy EXIT
q "ALTER TABLE leadimport.leads ENABLE ROW LEVEL SECURITY;
   CREATE POLICY li_h_rls_read ON leadimport.leads FOR SELECT TO $R USING (true);
   CREATE POLICY li_h_rls_fill ON leadimport.leads FOR INSERT TO $R WITH CHECK (campaign_id = 1071);" >/dev/null

fg_ok=$(q_as $R "SELECT leadimport.import_data(1071, 'ok.csv', $(csv_sql 0 3), '{\"background\": false}')")
ok "$(q "SELECT status || ' ' || imported_rows FROM leadimport.imports WHERE id = ${fg_ok:-0}")" "completed 3" \
  "a foreground import into the allowed campaign completes"
ok "$(state_as $R "SELECT leadimport.import_data(1072, 'no.csv', $(csv_sql 0 3), '{\"background\": false}')")" 42501 \
  "a foreground import into another campaign is refused (42501)"
ok "$(error_as $R "SELECT leadimport.import_data(1072, 'no.csv', $(csv_sql 0 3), '{\"background\": false}')" |
  grep -c 'row-level security')" 1 "because of the row-level security policy"
ok "$(state_as $R "SELECT leadimport.import_data(1072, 'no.csv', $(good_csv_sql 0 3), '{\"background\": false, \"ignore_errors\": false}')")" 42501 \
  "so is an all-or-nothing foreground import"
ok "$(state_as $R "CREATE TEMP TABLE s (phone text, score text); INSERT INTO s VALUES ('+12015550101', '1');
   SELECT leadimport.import_staged(1072, 's')")" 42501 "so is a staging table"

bg_ok=$(q_as $R "SELECT leadimport.import_data(1071, 'ok.csv', $(csv_sql 100 3), '{\"background\": true}')")
bg_no=$(q_as $R "SELECT leadimport.import_data(1072, 'no.csv', $(csv_sql 100 3), '{\"background\": true}')")
aon_no=$(q_as $R "SELECT leadimport.import_data(1072, 'no.csv', $(good_csv_sql 200 3), '{\"background\": true, \"ignore_errors\": false}')")
ok "$(wait_end "$bg_ok" 30)" completed "a background import into the allowed campaign completes"
ok "$(q "SELECT imported_rows FROM leadimport.imports WHERE id = ${bg_ok:-0}")" 3 "with its 3 leads"
ok "$(wait_end "$bg_no" 30)" failed "a background import into another campaign fails"
ok "$(q "SELECT error ~ 'row-level security' FROM leadimport.imports WHERE id = ${bg_no:-0}")" t \
  "because of the policy ($(q "SELECT error FROM leadimport.imports WHERE id = ${bg_no:-0}"))"
ok "$(q "SELECT imported_rows FROM leadimport.imports WHERE id = ${bg_no:-0}")" 0 "and counts nothing imported"
ok "$(wait_end "$aon_no" 30)" failed "an all-or-nothing background import into another campaign fails"
ok "$(leads_in 1072)" 0 "nothing was inserted into the campaign the policy does not allow"
ok "$(leads_in 1071)" 6 "the allowed campaign has its 6 leads"
ok "$(q_as $R "SELECT count(*) FROM leadimport.leads WHERE campaign_id = 1071")" 6 "which the role can read"
unpolicy
trap - EXIT
ok "$(q "SELECT relrowsecurity FROM pg_class WHERE oid = 'leadimport.leads'::regclass")" f "row-level security on leads is off again"
no_signal_in_log
