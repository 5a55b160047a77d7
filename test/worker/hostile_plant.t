# Issue 9, item 3: planted functions. A role with CREATE on the database
# plants, in every schema it can put on a path ("$user" = its own schema, a
# schema named "postgres" = the superuser's "$user", and public, as in a
# database made before PostgreSQL 15), functions and an
# operator with the signatures the extension's SQL would resolve to, each of
# which records who ran it and tries ALTER ROLE ... SUPERUSER; it sets its own
# search_path to put its schema before pg_catalog. Foreground and background
# imports (its own and a superuser's) must never run them.
source "$(dirname "$0")/hostile_lib.sh"
echo "1..14"
P=li_h_plant
fresh_campaigns 1011 1012 1013 1014
make_importer $P
careless_grants $P  # so that it can import on 0.1.0 too; harmless in the new model
q "GRANT CREATE ON DATABASE \"$DB\" TO $P" >/dev/null
# as in a database made before PostgreSQL 15, where everyone could create in public
q "GRANT CREATE ON SCHEMA public TO $P" >/dev/null

plant() {  # the functions in schema $1
  local s=$1 f
  echo "
  CREATE FUNCTION $s.jsonb_build_object(text, bigint, text, bigint, text, text, text, text, text, bigint,
      text, bigint, text, bigint, text, text, text, name, text, timestamptz) RETURNS jsonb
    LANGUAGE plpgsql SET search_path = pg_catalog AS \$f\$ BEGIN PERFORM li_h_plant.pwn('$s.jsonb_build_object');
    RETURN pg_catalog.jsonb_build_object(\$1, \$2, \$3, \$4, \$5, \$6, \$7, \$8, \$9, \$10, \$11, \$12, \$13, \$14,
      \$15, \$16, \$17, \$18, \$19, \$20); END \$f\$;
  CREATE FUNCTION $s.jsonb_build_object(text, bigint, text, bigint, text, text, text, text, text, bigint,
      text, bigint, text, bigint, text, text, text, regrole, text, timestamptz) RETURNS jsonb
    LANGUAGE plpgsql SET search_path = pg_catalog AS \$f\$ BEGIN PERFORM li_h_plant.pwn('$s.jsonb_build_object/regrole');
    RETURN pg_catalog.jsonb_build_object(\$1, \$2, \$3, \$4, \$5, \$6, \$7, \$8, \$9, \$10, \$11, \$12, \$13, \$14,
      \$15, \$16, \$17, \$18, \$19, \$20); END \$f\$;"
  # name | arguments | result | the real call
  while IFS='|' read -r name args ret call; do
    local body="RETURN $call;"
    [ "$ret" = void ] && body="PERFORM $call; RETURN;"
    echo "CREATE FUNCTION $s.$name($args) RETURNS $ret LANGUAGE plpgsql SET search_path = pg_catalog
            AS \$f\$ BEGIN PERFORM li_h_plant.pwn('$s.$name'); $body END \$f\$;"
  done <<'EOF'
left|text, integer|text|pg_catalog.left($1, $2)
clock_timestamp||timestamptz|pg_catalog.clock_timestamp()
now||timestamptz|pg_catalog.now()
pg_notify|text, text|void|pg_catalog.pg_notify($1, $2)
pg_try_advisory_lock|bigint|boolean|pg_catalog.pg_try_advisory_lock($1)
pg_advisory_unlock|bigint|boolean|pg_catalog.pg_advisory_unlock($1)
current_setting|text|text|pg_catalog.current_setting($1)
set_config|text, text, boolean|text|pg_catalog.set_config($1, $2, $3)
lower|text|text|pg_catalog.lower($1)
length|text|integer|pg_catalog.length($1)
octet_length|bytea|integer|pg_catalog.octet_length($1)
convert_from|bytea, name|text|pg_catalog.convert_from($1, $2)
to_jsonb|text|jsonb|pg_catalog.to_jsonb($1)
jsonb_typeof|jsonb|text|pg_catalog.jsonb_typeof($1)
has_table_privilege|name, text, text|boolean|pg_catalog.has_table_privilege($1, $2, $3)
pg_has_role|name, text|boolean|pg_catalog.pg_has_role($1, $2)
EOF
}
ok "$(state_as $P "
  CREATE SCHEMA li_h_plant;
  CREATE SCHEMA postgres;
  GRANT USAGE ON SCHEMA li_h_plant, postgres TO PUBLIC;
  CREATE TABLE li_h_plant.marker (fn text, who text, UNIQUE (fn, who));
  GRANT INSERT ON li_h_plant.marker TO PUBLIC;
  CREATE FUNCTION li_h_plant.pwn(fn text) RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog AS \$f\$
  BEGIN
    IF NOT EXISTS (SELECT FROM li_h_plant.marker m WHERE m.fn = pwn.fn AND m.who = current_user::text) THEN
      INSERT INTO li_h_plant.marker VALUES (fn, current_user::text) ON CONFLICT DO NOTHING;
    END IF;
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = 'li_h_plant') THEN
      BEGIN EXECUTE 'ALTER ROLE li_h_plant SUPERUSER'; EXCEPTION WHEN OTHERS THEN NULL; END;
    END IF;
  END \$f\$;
  GRANT EXECUTE ON FUNCTION li_h_plant.pwn(text) TO PUBLIC;
  $(plant li_h_plant)
  $(plant postgres)
  $(plant public)
  CREATE FUNCTION li_h_plant.eq8(bigint, bigint) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog
    AS \$f\$ BEGIN PERFORM li_h_plant.pwn('li_h_plant.=(bigint,bigint)'); RETURN \$1 OPERATOR(pg_catalog.=) \$2; END \$f\$;
  CREATE OPERATOR li_h_plant.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = li_h_plant.eq8);
  CREATE FUNCTION li_h_plant.eqt(text, text) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog
    AS \$f\$ BEGIN PERFORM li_h_plant.pwn('li_h_plant.=(text,text)'); RETURN \$1 OPERATOR(pg_catalog.=) \$2; END \$f\$;
  CREATE OPERATOR li_h_plant.= (LEFTARG = text, RIGHTARG = text, FUNCTION = li_h_plant.eqt);
  ALTER ROLE $P SET search_path = \"\$user\", pg_catalog, public;")" ok "the role plants its functions and sets its search_path"
# Does the trap work? A session of the role with its own search_path calls them.
ok "$(psql -X -qAt -U $P -d "$DB" -c "SELECT left('abc', 1) = 'a'; SELECT count(*) > 0 FROM li_h_plant.marker" | tail -1)" t \
  "the planted functions are what the role's own search_path resolves to"
q "TRUNCATE li_h_plant.marker" >/dev/null

good_csv="convert_to(E'phone,score\\n+12015550101,1\\n+12015550102,2\\n+12015550103,3\\n', 'UTF8')"
fg=$(q_as $P "SELECT leadimport.import_data(1011, 'fg.csv', $(csv_sql 0 3), '{\"background\": false}')")
bg=$(q_as $P "SELECT leadimport.import_data(1012, 'bg.csv', $(csv_sql 0 3), '{\"background\": true}')")
aon_bad=$(q_as $P "SELECT leadimport.import_data(1014, 'aon_bad.csv', $(csv_sql 0 3), '{\"background\": true, \"ignore_errors\": false}')")
aon_good=$(q_as $P "SELECT leadimport.import_data(1014, 'aon_good.csv', $good_csv, '{\"background\": true, \"ignore_errors\": false}')")
# a superuser's background import: its worker's "\$user" is the planted schema "postgres"
su=$(q "SELECT leadimport.import_data(1013, 'su.csv', $(csv_sql 0 3), '{\"background\": true}')")
# and the two together: the role's import forged to be the superuser's
forged=$(state_as $P "BEGIN;
   SELECT leadimport.import_data(1013, 'forged.csv', $(csv_sql 100 3), '{\"background\": true}');
   UPDATE leadimport.imports SET created_by = 'postgres' WHERE campaign_id = 1013 AND file_name = 'forged.csv';
   COMMIT;")
ok "$(q "SELECT status FROM leadimport.imports WHERE id = ${fg:-0}")" completed "the role's foreground import completes"
ok "$(wait_end "$bg" 30)" completed "the role's background import completes"
ok "$(wait_end "$aon_bad" 30)" failed "the role's all-or-nothing background import with a bad row fails"
ok "$(wait_end "$aon_good" 30)" completed "the role's all-or-nothing background import of good rows completes"
ok "$(wait_end "$su" 30)" completed "the superuser's background import completes"
ok "$forged" 42501 "the role cannot hand its import to the superuser"
wait_idle 1013 30
ok "$(q "SELECT rolsuper FROM pg_roles WHERE rolname = '$P'")" f "the role did not become a superuser"
ok "$(q "SELECT count(*) FROM li_h_plant.marker")" 0 \
  "no planted function or operator ran (ran: $(q "SELECT string_agg(fn || ' as ' || who, ', ' ORDER BY fn) FROM li_h_plant.marker"))"
ok "$(leads_in 1011)/$(leads_in 1012)/$(leads_in 1014)" 3/3/3 "the role's imports inserted their leads"
ok "$(q "SELECT count(*) FROM leadimport.leads WHERE campaign_id = 1013 AND phone_number = '+12012000100'")" 0 \
  "nothing of the forged import was inserted as the superuser"
no_signal_in_log
# the planted schemas (one named "postgres") must not outlive the test
drop_roles $P
ok "$(q "SELECT count(*) FROM pg_namespace WHERE nspname IN ('postgres', 'li_h_plant')")" 0 "the planted schemas are gone"
