# Backups (issue 15): pg_dump, custom and plain format, of a database with
# leadimport, restored into a fresh database: rows, sequence values and error
# reports come back, and the next import continues the ids (no duplicate key).
# An import queued at the time of the dump stays 'queued' in a restored
# database the launcher does not watch (cancel_import ends it); restored into
# the leadimport.database of another server (a second cluster, its roles
# restored first from pg_dumpall --globals-only), the launcher runs it.
source "$(dirname "$0")/lib.sh"
echo "1..46"
RC=li_restore_c RP=li_restore_p
tmp=$(mktemp -d /tmp/leadimport-backup.XXXXXX)
R_PORT=$((PGPORT + 8))
R_DIR=/tmp/leadimport-restore-$R_PORT
drop_dbs() { for d in $RC $RP; do psql -X -qAt -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1; done; }
# runs a command against the second cluster (its own PGHOST/PGPORT, in a subshell)
second() { (LI_DIR=$R_DIR LI_PORT=$R_PORT && source "$ROOT/scripts/cluster.sh" && "$@"); }
cleanup() {
  drop_dbs
  second cluster_stop >/dev/null 2>&1
  rm -rf "$tmp" "$R_DIR"
}
trap cleanup EXIT
drop_dbs
qd() { psql -X -qAt -d "$1" -c "$2"; }
# row counts of every table the extension dumps
fingerprint() {
  qd "$1" "SELECT string_agg(c.relname || '=' || (xpath('/row/n/text()',
             query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]::text,
             ' ' ORDER BY c.relname)
      FROM pg_extension e, unnest(e.extconfig) r JOIN pg_class c ON c.oid = r
      WHERE e.extname = 'leadimport' AND c.relkind = 'r'"
}
# every leadimport sequence's value
sequences() {
  qd "$1" "SELECT string_agg(sequencename || '=' || coalesce(last_value::text, 'unset'), ' ' ORDER BY sequencename)
           FROM pg_sequences WHERE schemaname = 'leadimport'"
}
maxima="SELECT (SELECT max(id) FROM leadimport.imports) || ' ' || (SELECT max(id) FROM leadimport.leads)
        || ' ' || (SELECT coalesce(max(id), 0) FROM leadimport.import_errors)
        || ' ' || (SELECT coalesce(max(id), 0) FROM leadimport.notifications)"
leads_sum="SELECT md5(string_agg(campaign_id || ':' || id || ':' || phone_number || ':' || variables::text || ':' || import_id,
           ',' ORDER BY campaign_id, id)) FROM leadimport.leads WHERE campaign_id IN (1100, 1101)"

# 1. The install script marks every identity sequence for pg_dump.
missing=$(q "SELECT coalesce(string_agg(s, ', ' ORDER BY s), '') FROM (
  SELECT pg_get_serial_sequence(format('%I.%I', 'leadimport', c.relname), a.attname) AS s
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   WHERE c.relnamespace = 'leadimport'::regnamespace AND a.attidentity <> '' AND NOT a.attisdropped) i
  WHERE s::regclass <> ALL (SELECT unnest(extconfig) FROM pg_extension WHERE extname = 'leadimport')")
ok "$missing" "" "every identity sequence is marked with pg_extension_config_dump"

# 2. Some history: finished imports with rows in error, in two campaigns.
q "DELETE FROM leadimport.campaigns WHERE id IN (1100, 1101)" >/dev/null  # an earlier run's
campaign 1100
campaign 1101
fg='{"background": false}'
i1=$(q "SELECT leadimport.import_data(1100, 'b1.csv', $(csv_sql 1100000 20), '$fg')")
i2=$(q "SELECT leadimport.import_data(1100, 'b2.csv', $(csv_sql 1100010 20), '$fg')") # 10 duplicates
i3=$(q "SELECT leadimport.import_data(1101, 'b3.csv', $(csv_sql 1100000 5), '$fg')")
ok "$(q "SELECT string_agg(status || ' ' || imported_rows || ' ' || failed_rows, ', ' ORDER BY id)
         FROM leadimport.imports WHERE id IN (${i1:-0}, ${i2:-0}, ${i3:-0})")" \
  "completed 20 1, completed 10 11, completed 5 1" "the source database has three finished imports"
report=$(q "SELECT leadimport.error_report(${i2:-0})")

# 3. An import queued at the time of the dump. This cluster's launcher would
# start it at once: it is stopped for the moment (the postmaster restarts it
# after bgw_restart_time, 10 s) and both dumps start right away.
q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'leadimport launcher'" >/dev/null
poll "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'leadimport launcher'" 0 5 >/dev/null
iq=$(q "SELECT leadimport.import_data(1101, 'queued.csv', $(csv_sql 1100100 5), '{\"background\": true}')")
iq=${iq:-0}
old_fp=$(fingerprint "$DB") old_seq=$(sequences "$DB") old_max=$(q "$maxima") old_sum=$(q "$leads_sum")
pg_dump -Fc -d "$DB" -f "$tmp/db.dump" 2>"$tmp/dump_c.err" &
c_pid=$!
pg_dump -d "$DB" -f "$tmp/db.sql" 2>"$tmp/dump_p.err" &
p_pid=$!
wait $c_pid
c_rc=$?
wait $p_pid
p_rc=$?
q "SELECT leadimport.cancel_import($iq)" >/dev/null 2>&1 # it is not for this database to run
ok "$c_rc $p_rc $(cat "$tmp"/dump_*.err)" "0 0 " "pg_dump -Fc and plain pg_dump succeed without a warning"
read -r imp_max lead_max err_max note_max <<<"$old_max"

# 4. Restore into fresh databases: pg_restore, and psql -f.
psql -X -qAt -d postgres -c "CREATE DATABASE $RC" -c "CREATE DATABASE $RP" >/dev/null
pg_restore --exit-on-error -d $RC "$tmp/db.dump" >"$tmp/restore_c.out" 2>&1
ok "$? $(head -c 500 "$tmp/restore_c.out")" "0 " "pg_restore into $RC: no error"
psql -X -q -v ON_ERROR_STOP=1 -d $RP -f "$tmp/db.sql" >"$tmp/restore_p.out" 2>&1
ok "$? $(grep -m3 -E 'ERROR|WARNING' "$tmp/restore_p.out")" "0 " "psql -f into $RP: no error"

for R in $RC $RP; do
  ok "$(fingerprint $R)" "$old_fp" "$R: every dumped table has the source's row count"
  ok "$(sequences $R)" "$old_seq" "$R: every sequence has the source's value"
  ok "$(qd $R "$leads_sum")" "$old_sum" "$R: the leads are the source's"
  ok "$(qd $R "SELECT created_by::text FROM leadimport.imports WHERE id = ${i1:-0}")" postgres "$R: created_by is restored by name"
  ok "$(qd $R "SELECT leadimport.error_report(${i2:-0})")" "$report" "$R: an old import's error report is the source's"
  # a foreground import: 5 numbers already in the campaign, 5 new, 1 bad row
  ni=$(qd $R "SELECT leadimport.import_data(1100, 'after.csv', $(csv_sql 1100025 10), '$fg')")
  ni=${ni:-0}
  ok "$(qd $R "SELECT status || ' ' || imported_rows || ' ' || failed_rows FROM leadimport.imports WHERE id = $ni")" \
    "completed 5 6" "$R: a new import completes (no duplicate key)"
  ok "$([ "$ni" -gt "${imp_max:-0}" ] && echo t)" t "$R: its id $ni follows every old import id ($imp_max)"
  ok "$(qd $R "SELECT min(id) > ${lead_max:-0} FROM leadimport.leads WHERE import_id = $ni")" t "$R: its lead ids follow every old lead id"
  ok "$(qd $R "SELECT min(id) > ${err_max:-0} AND count(*) FILTER (WHERE code = 'duplicate_in_campaign') = 5
                 FROM leadimport.import_errors WHERE import_id = $ni")" t "$R: its error ids follow; old leads are found as duplicates"
  ok "$(qd $R "SELECT min(id) > ${note_max:-0} FROM leadimport.notifications WHERE import_id = $ni")" t "$R: its notification id follows"
  DB=$R invariants "$ni"
  # The import queued at the dump: its bytes are in the dump, but no launcher
  # watches this database, so it stays queued until it is cancelled.
  ok "$(qd $R "SELECT i.status || ' ' || (SELECT count(*) FROM leadimport.import_files f WHERE f.import_id = i.id)
                 FROM leadimport.imports i WHERE i.id = $iq")" "queued 1" "$R: the import queued at the dump is queued, with its file"
  ok "$(qd $R "SELECT leadimport.wait_import($iq, '300 ms')")" queued "$R: nothing runs it here"
  ok "$(qd $R "SELECT leadimport.cancel_import($iq)")" t "$R: cancel_import ends it"
  ok "$(qd $R "SELECT i.status || ' ' || (SELECT count(*) FROM leadimport.import_files f WHERE f.import_id = i.id)
                 || ' ' || (SELECT count(*) FROM leadimport.notifications o WHERE o.import_id = i.id)
                 FROM leadimport.imports i WHERE i.id = $iq")" "cancelled 0 1" "$R: cancelled, its bytes removed, a notification written"
done

# 5. On another server whose leadimport.database is the restored database,
# the launcher runs the queued import, and a new background import follows
# the old ids. Roles first: created_by is a regrole, restored by name.
pg_dumpall --globals-only >"$tmp/globals.sql"
restore_second() {
  cluster_start "leadimport.max_workers = 1" >/dev/null &&
    { psql -X -q -d postgres -f "$tmp/globals.sql" >/dev/null 2>&1 || true; } && # "role postgres already exists"
    psql -X -qAt -d postgres -c "CREATE DATABASE li_restored" >/dev/null &&
    pg_restore --exit-on-error -d li_restored "$tmp/db.dump" &&
    printf '%s\n' "shared_preload_libraries = 'leadimport'" "leadimport.database = 'li_restored'" >>"$LI_DATA/postgresql.conf" &&
    as_postgres pg_ctl -D "$LI_DATA" -l "$LI_LOG" -w -t 60 restart >/dev/null
}
second restore_second
ok "$?" 0 "a second server: roles, then the dump restored into its leadimport.database"
s2() { second psql -X -qAt -d li_restored -c "$1"; }
s2_poll() {
  local v="" end=$((SECONDS + $3))
  while [ $SECONDS -lt $end ]; do
    v=$(s2 "$1" 2>/dev/null)
    [ "$v" = "$2" ] && break
    sleep 0.1
  done
  echo "$v"
}
ok "$(s2_poll "SELECT status || ' ' || imported_rows FROM leadimport.imports WHERE id = $iq" "completed 5" 20)" \
  "completed 5" "there the launcher runs the import that was queued at the dump"
ok "$(s2 "SELECT min(id) > ${lead_max:-0} FROM leadimport.leads WHERE import_id = $iq")" t "its leads' ids follow the old ones"
b=$(s2 "SELECT leadimport.import_data(1101, 'bg.csv', $(csv_sql 1100200 5), '{\"background\": true}')")
b=${b:-0}
ok "$(s2_poll "SELECT status || ' ' || imported_rows FROM leadimport.imports WHERE id = $b" "completed 5" 20)" \
  "completed 5" "a new background import completes"
ok "$(s2 "SELECT $b > $iq AND (SELECT min(id) > ${lead_max:-0} FROM leadimport.leads WHERE import_id = $b)")" t \
  "its import and lead ids follow the old ones"
