# Issue 9, items 1, 2 and 6: forged bookkeeping rows. An importer (even one
# an admin carelessly gave INSERT/UPDATE/DELETE/TRUNCATE on the bookkeeping
# tables, as role.t and the old install did) cannot queue a server file it
# may not read, make the worker run as another role, or requeue another
# role's finished import to have its leads deleted.
source "$(dirname "$0")/hostile_lib.sh"
echo "1..32"
A=li_h_forge_a  # importer + careless grants: the attacker
C=li_h_forge_c  # role.t's grants only (no INSERT on leads)
N=li_h_forge_n  # an importer exactly as the README makes one
V=li_h_forge_v  # the victim, an importer (with the old install's grants, so it can import on 0.1.0 too)
fresh_campaigns 1001 1002 1003 1004
make_importer $A
careless_grants $A
q "GRANT TRUNCATE ON leadimport.imports, leadimport.import_errors, leadimport.notifications,
     leadimport.import_files TO $A" >/dev/null
drop_roles $C
q "CREATE ROLE $C LOGIN; GRANT USAGE ON SCHEMA leadimport TO $C" >/dev/null
careless_grants $C
make_importer $N
make_importer $V
careless_grants $V

# 1. a forged queued row pointing at a server file ---------------------------
forge() {  # $1 role, $2 path
  state_as "$1" "INSERT INTO leadimport.imports (campaign_id, file_name, status, source_kind, source_path, options)
                 VALUES (1001, 'x.csv', 'queued', 'file', '$2', '{\"delimiter\": \"\\u0001\"}')"
}
ok "$(forge $A /etc/passwd)" 42501 "item 1: a careless-granted importer cannot insert a queued row for /etc/passwd"
ok "$(forge $A postgresql.conf)" 42501 "item 1: nor one for a path relative to the data directory"
ok "$(forge $N /etc/passwd)" 42501 "item 1: nor can an ordinary importer"
ok "$(forge $C /etc/passwd)" 42501 "item 1: nor a role with role.t's grants"
# its own queued import turned into a server file before the commit
ok "$(state_as $A "BEGIN;
   SELECT leadimport.import_data(1001, 'own.csv', $(csv_sql 0 3), '{\"background\": true}');
   UPDATE leadimport.imports SET source_kind = 'file', source_path = '/etc/passwd',
          options = '{\"delimiter\": \"\\u0001\"}' WHERE campaign_id = 1001;
   COMMIT;")" 42501 "item 1: an importer cannot point its own queued import at /etc/passwd"
ok "$(state_as $A "INSERT INTO leadimport.import_files (campaign_id, import_id, data)
   SELECT campaign_id, id, 'x' FROM leadimport.imports WHERE campaign_id = 1001 LIMIT 1")" 42501 \
  "item 1: an importer cannot insert queued bytes"
wait_idle 1001 20
ok "$(q "SELECT count(*) FROM leadimport.imports WHERE source_path IN ('/etc/passwd', 'postgresql.conf')")" 0 \
  "item 1: no import reads /etc/passwd or postgresql.conf"
ok "$(q "SELECT (SELECT count(*) FROM leadimport.imports WHERE error ~ 'root:|leadimport\.database')
              + (SELECT count(*) FROM leadimport.import_errors WHERE row_data::text ~ 'root:|leadimport\.database')
              + (SELECT count(*) FROM leadimport.notifications WHERE payload::text ~ 'root:|leadimport\.database')")" 0 \
  "item 1: no line of those files appears in imports, import_errors or notifications"

# 2. an owner forged before the commit --------------------------------------
ok "$(state_as $C "BEGIN;
   SELECT leadimport.import_data(1002, 'c.csv', $(csv_sql 0 3), '{\"background\": true}');
   UPDATE leadimport.imports SET created_by = 'postgres' WHERE campaign_id = 1002;
   COMMIT;")" 42501 "item 2: UPDATE imports SET created_by = 'postgres' is refused"
ok "$(state_as $A "BEGIN;
   SELECT leadimport.import_data(1002, 'a.csv', $(csv_sql 10 3), '{\"background\": true}');
   UPDATE leadimport.imports SET created_by = 'postgres' WHERE campaign_id = 1002;
   COMMIT;")" 42501 "item 2: also for an importer with careless grants"
ok "$(state_as $C "INSERT INTO leadimport.imports (campaign_id, file_name, status, source_kind, created_by)
   VALUES (1002, 'y.csv', 'queued', 'data', 'postgres')")" 42501 "item 2: a row with created_by postgres cannot be inserted"
# the same, trying the forgery in a block that swallows the refusal, so the import stays queued
out=$(q_as $C "BEGIN;
   SELECT leadimport.import_data(1002, 'd.csv', $(csv_sql 20 3), '{\"background\": true}');
   DO \$\$ BEGIN
     UPDATE leadimport.imports SET created_by = 'postgres' WHERE campaign_id = 1002;
   EXCEPTION WHEN insufficient_privilege THEN NULL; END \$\$;
   COMMIT;" 2>&1)
id=$(q "SELECT max(id) FROM leadimport.imports WHERE campaign_id = 1002")
st=$(wait_end "$id" 30)
ok "$([ -n "$id" ] && [ "$st" != queued ] && [ "$st" != running ] && echo ended)" ended \
  "item 2: the import queued with a swallowed forgery ends ($out; status '$st')"
ok "$(q "SELECT count(*) FROM leadimport.imports WHERE campaign_id = 1002 AND created_by::text <> '$C'")" 0 \
  "item 2: every import of campaign 1002 is still $C's"
ok "$(leads_in 1002)" 0 "item 2: nothing was inserted for $C, which may not insert leads (the worker never ran as postgres)"
ok "$(q "SELECT count(*) FROM leadimport.notifications WHERE campaign_id = 1002 AND payload->>'created_by' <> '$C'")" 0 \
  "item 2: no notification names another role"

# 6. another role's completed import requeued, edited, deleted ----------------
vid=$(q_as $V "SELECT leadimport.import_data(1003, 'v.csv', $(csv_sql 0 3), '{\"background\": false}')")
ok "$(q "SELECT status || ' ' || imported_rows || '/' || failed_rows FROM leadimport.imports WHERE id = ${vid:-0}")" \
  "completed 3/1" "the victim's import completed with 3 leads and 1 error"
vid=${vid:-0}
ok "$(state_as $A "UPDATE leadimport.imports SET status = 'queued' WHERE id = $vid")" 42501 \
  "item 6: a careless-granted importer cannot requeue another role's completed import"
ok "$(state_as $C "UPDATE leadimport.imports SET status = 'queued', source_kind = 'data' WHERE id = $vid")" 42501 \
  "item 6: nor can a role with role.t's grants"
ok "$(state_as $V "UPDATE leadimport.imports SET status = 'queued' WHERE id = $vid")" 42501 \
  "item 6: nor can the victim itself (its leads would be deleted)"
ok "$(state_as $A "UPDATE leadimport.imports SET imported_rows = 0, error = 'x' WHERE id = $vid")" 42501 \
  "an importer cannot edit another role's import"
ok "$(state_as $A "DELETE FROM leadimport.imports WHERE id = $vid")" 42501 "an importer cannot delete another role's import"
ok "$(state_as $A "DELETE FROM leadimport.import_errors WHERE import_id = $vid")" 42501 "nor its errors"
ok "$(state_as $A "UPDATE leadimport.import_errors SET message = 'forged' WHERE import_id = $vid")" 42501 "nor edit its errors"
ok "$(state_as $A "INSERT INTO leadimport.import_errors (campaign_id, import_id, row_number, code, message)
   VALUES (1003, $vid, 99, 'forged', 'forged')")" 42501 "nor add errors to it"
ok "$(state_as $A "INSERT INTO leadimport.notifications (campaign_id, import_id, status, total_rows, imported_rows,
     failed_rows, created_by, payload) VALUES (1003, $vid, 'completed', 0, 0, 0, '$V', '{}')")" 42501 \
  "nor forge a notification"
ok "$(state_as $A "DELETE FROM leadimport.notifications WHERE import_id = $vid")" 42501 "nor delete its notification"
ok "$(state_as $A "TRUNCATE leadimport.import_errors")" 42501 "TRUNCATE import_errors is refused even when granted"
ok "$(state_as $A "TRUNCATE leadimport.notifications")" 42501 "TRUNCATE notifications is refused even when granted"
sleep 6  # a launcher nap: a requeued import would have been picked up
ok "$(q "SELECT status || ' ' || imported_rows || '/' || failed_rows FROM leadimport.imports WHERE id = $vid")" \
  "completed 3/1" "item 6: the victim's import is still completed, unchanged"
ok "$(leads_in 1003)" 3 "item 6: the victim's leads are intact"
ok "$(q "SELECT (SELECT count(*) FROM leadimport.import_errors WHERE import_id = $vid) || '/' ||
              (SELECT count(*) FROM leadimport.notifications WHERE import_id = $vid)")" "1/1" \
  "the victim's error row and notification are intact"
no_signal_in_log
