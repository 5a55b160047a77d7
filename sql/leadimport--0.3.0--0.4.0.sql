-- leadimport 0.3.0 -> 0.4.0: leadimport.distribute() (issue 12), the
-- supported way to run leadimport's tables on a Citus cluster. The Makefile
-- also appends this file to the 0.4.0 install script, so a fresh install and
-- an upgraded one have the same function (the server drops the \echo line).

\echo Use "ALTER EXTENSION leadimport UPDATE" to load this file. \quit

-- On a Citus coordinator, makes the tables what a cluster needs, in the one
-- order Citus accepts (the identity sequences and foreign keys decide it):
--   reference tables (a copy on every node): assistants, assistant_variables,
--     campaigns, which every per-campaign row refers to;
--   distributed by campaign_id: imports, then co-located with it (the same
--     shard for one campaign on every table, so a campaign's import, leads,
--     contacts and errors are written and read by one node, and the foreign
--     keys between them stay shard-local): import_files, notifications,
--     leads, lead_contacts, import_errors.
-- There is no separate queue table: the queue is the imports rows in status
-- 'queued', distributed with their campaign's other rows.
-- Citus refuses row-level security policies with subqueries on distributed
-- tables: those of import_errors and notifications are replaced (below).
-- Idempotent: a table that already is what it should be is left alone (a
-- second call says so); one that Citus holds some other way is an error
-- naming it. The caller must own the tables (Citus checks that too);
-- EXECUTE is revoked from PUBLIC below.
CREATE FUNCTION leadimport.distribute() RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  reference_tables constant text[] := ARRAY['assistants', 'assistant_variables', 'campaigns'];
  -- imports first; the others in foreign-key order (lead_contacts after leads)
  distributed_tables constant text[] :=
    ARRAY['imports', 'import_files', 'notifications', 'leads', 'lead_contacts', 'import_errors'];
  t text;
  rel regclass;
  method "char";
  model "char";
  dist_column text;
  colocation integer;
  imports_colocation integer;
  made text[] := '{}';
  old_fk_setting text;
  old_trigger_setting text;
  old_messages_setting text;
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
    RAISE EXCEPTION 'Citus is not installed in this database'
      USING ERRCODE = 'feature_not_supported',
            DETAIL = 'leadimport.distribute() makes leadimport''s tables Citus reference and distributed tables; without Citus they stay ordinary tables, which is how leadimport runs on one server.',
            HINT = 'Install Citus on every node (from leadimport''s source tree: bash scripts/citus.sh install), put citus first in shared_preload_libraries, CREATE EXTENSION citus, add the worker nodes with citus_add_node(), then call leadimport.distribute() on the coordinator.';
  END IF;
  IF NOT pg_catalog.citus_is_coordinator() THEN
    RAISE EXCEPTION 'leadimport.distribute() must run on the Citus coordinator'
      USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = 'This node is a Citus worker, or a coordinator with no nodes in pg_dist_node.',
            HINT = 'Connect to the coordinator; on a new cluster first run citus_set_coordinator_host() and citus_add_node() for each worker there.';
  END IF;

  -- Foreign keys from the per-campaign tables to the reference tables would
  -- otherwise turn each still-local table into a Citus local table as soon as
  -- its referenced table becomes a reference table, and a Citus local table
  -- with an identity column can't then be distributed. Triggers: the
  -- bookkeeping tables' write guards (sql/privileges.sql) must come along to
  -- the shards, which Citus does only when asked. Both settings are put back
  -- before returning.
  old_fk_setting := pg_catalog.current_setting('citus.enable_local_reference_table_foreign_keys');
  old_trigger_setting := pg_catalog.current_setting('citus.enable_unsafe_triggers');
  PERFORM pg_catalog.set_config('citus.enable_local_reference_table_foreign_keys', 'off', true);
  PERFORM pg_catalog.set_config('citus.enable_unsafe_triggers', 'on', true);
  -- Quiet: Citus says for each table with rows that their old copies stay
  -- on disk, with a hint to remove them (done below), and each TRUNCATE
  -- cascades to the tables referencing it, saying so for each.
  old_messages_setting := pg_catalog.current_setting('client_min_messages');
  PERFORM pg_catalog.set_config('client_min_messages', 'warning', true);

  FOREACH t IN ARRAY reference_tables || distributed_tables LOOP
    rel := pg_catalog.format('leadimport.%I', t)::regclass;
    SELECT p.partmethod, p.repmodel, p.colocationid,
           CASE WHEN p.partmethod = 'h' THEN pg_catalog.column_to_column_name(p.logicalrelid, p.partkey) END
      INTO method, model, colocation, dist_column
      FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = rel;
    IF t = ANY (reference_tables) THEN
      IF NOT FOUND OR (method = 'n' AND model = 's') THEN
        -- (a Citus local table, made one by hand or by a foreign key, is converted)
        PERFORM pg_catalog.create_reference_table(rel);
        made := made || t;
      ELSIF NOT (method = 'n' AND model = 't') THEN
        RAISE EXCEPTION 'leadimport.% is already a distributed table, not a reference table', t
          USING ERRCODE = 'object_not_in_prerequisite_state',
                HINT = pg_catalog.format('Run SELECT undistribute_table(%L), then leadimport.distribute() again.', rel::text);
      END IF;
    ELSE
      IF FOUND AND method = 'h' AND dist_column = 'campaign_id'
         AND (t = 'imports' OR colocation = imports_colocation) THEN
        NULL;  -- already distributed as it should be
      ELSIF NOT FOUND OR (method = 'n' AND model = 's') THEN
        -- Citus refuses policies with subqueries on distributed tables, and
        -- a policy's subquery would run on a worker's shard, where a query
        -- of another distributed table is not allowed. Those of
        -- sql/privileges.sql ask imports whether the caller may see the
        -- row's import; here they become what needs no other table:
        -- notifications carry the import's role (created_by) and, in the
        -- payload, its name then (both must match, as for imports); error
        -- rows carry no role, so on Citus only the owner reads them (no
        -- policy: row-level security then shows other roles nothing).
        IF t = 'notifications' THEN
          DROP POLICY IF EXISTS visible_notifications ON leadimport.notifications;
          DROP POLICY IF EXISTS mark_sent_notifications ON leadimport.notifications;
          CREATE POLICY visible_notifications ON leadimport.notifications FOR SELECT
            USING (pg_catalog.pg_has_role(created_by::oid, 'USAGE')
                   AND (payload OPERATOR(pg_catalog.->>) 'created_by')
                       OPERATOR(pg_catalog.=) pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(created_by::oid)));
          CREATE POLICY mark_sent_notifications ON leadimport.notifications FOR UPDATE
            USING (pg_catalog.pg_has_role(created_by::oid, 'USAGE')
                   AND (payload OPERATOR(pg_catalog.->>) 'created_by')
                       OPERATOR(pg_catalog.=) pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(created_by::oid)));
        ELSIF t = 'import_errors' THEN
          DROP POLICY IF EXISTS visible_errors ON leadimport.import_errors;
        END IF;
        IF t = 'imports' THEN
          PERFORM pg_catalog.create_distributed_table(rel, 'campaign_id');
        ELSE
          PERFORM pg_catalog.create_distributed_table(rel, 'campaign_id', colocate_with => 'leadimport.imports');
        END IF;
        made := made || t;
      ELSE
        RAISE EXCEPTION 'leadimport.% is already a Citus table, but not distributed by campaign_id co-located with leadimport.imports', t
          USING ERRCODE = 'object_not_in_prerequisite_state',
                HINT = pg_catalog.format('Run SELECT undistribute_table(%L), then leadimport.distribute() again.', rel::text);
      END IF;
      IF t = 'imports' THEN
        SELECT p.colocationid INTO imports_colocation
          FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = rel;
      END IF;
    END IF;
  END LOOP;

  -- Rows the tables held before (a database that ran on one server) were
  -- copied to the shards; their old copies stay on the coordinator's disk,
  -- invisible, until removed: referencing tables first.
  FOREACH t IN ARRAY ARRAY['import_errors', 'lead_contacts', 'leads', 'notifications',
                           'import_files', 'imports', 'campaigns', 'assistant_variables',
                           'assistants'] LOOP
    IF t = ANY (made) THEN
      PERFORM pg_catalog.truncate_local_data_after_distributing_table(
        pg_catalog.format('leadimport.%I', t)::regclass);
    END IF;
  END LOOP;

  PERFORM pg_catalog.set_config('client_min_messages', old_messages_setting, true);
  PERFORM pg_catalog.set_config('citus.enable_local_reference_table_foreign_keys', old_fk_setting, true);
  PERFORM pg_catalog.set_config('citus.enable_unsafe_triggers', old_trigger_setting, true);

  IF pg_catalog.cardinality(made) = 0 THEN
    RAISE NOTICE 'leadimport''s tables are already distributed';
    RETURN 'already distributed';
  END IF;
  RETURN 'distributed: ' || pg_catalog.array_to_string(made, ', ');
END
$$;

REVOKE ALL ON FUNCTION leadimport.distribute() FROM PUBLIC;

-- Compliance: when a number may be called (issue 13, SPEC "Compliance") ----

-- check_phone() also returns time_zones: the IANA zones the number may be in,
-- from libphonenumber's prefix map (data/phone-time-zones/), as its Java
-- mapper gives them; {Etc/Unknown} when the map lists none; NULL for an
-- invalid number. A function's OUT columns can't be altered, so it is made
-- again. It had no grants of its own (EXECUTE for PUBLIC, as every function
-- gets); an admin's REVOKE/GRANT on it is lost with the old function, so the
-- update names each one in a WARNING (they are not copied here: grants made
-- by an extension script count as the extension's own, which pg_dump leaves
-- out). In a fresh install this drops the 0.3.0 declaration above.
DO $$
DECLARE
  acl record;
BEGIN
  FOR acl IN
    SELECT DISTINCT pg_catalog.quote_ident(r.rolname) AS grantee, a.is_grantable
      FROM pg_catalog.pg_proc p
     CROSS JOIN LATERAL pg_catalog.aclexplode(p.proacl) a
      JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) a.grantee
     WHERE p.oid OPERATOR(pg_catalog.=) 'leadimport.check_phone(text, text)'::pg_catalog.regprocedure
       AND a.grantee OPERATOR(pg_catalog.<>) p.proowner
  LOOP
    RAISE WARNING 'leadimport.check_phone() is made again (new column time_zones): the grant of EXECUTE to % is gone', acl.grantee
      USING HINT = pg_catalog.format('GRANT EXECUTE ON FUNCTION leadimport.check_phone(text, text) TO %s%s;',
                                     acl.grantee, CASE WHEN acl.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;
  IF EXISTS (SELECT FROM pg_catalog.pg_proc p
              WHERE p.oid OPERATOR(pg_catalog.=) 'leadimport.check_phone(text, text)'::pg_catalog.regprocedure
                AND p.proacl IS NOT NULL
                AND NOT EXISTS (SELECT FROM pg_catalog.aclexplode(p.proacl) a
                                 WHERE a.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid)) THEN
    RAISE WARNING 'leadimport.check_phone() is made again (new column time_zones): EXECUTE had been revoked from PUBLIC, it is granted again'
      USING HINT = 'REVOKE EXECUTE ON FUNCTION leadimport.check_phone(text, text) FROM PUBLIC;';
  END IF;
END
$$;

DROP FUNCTION leadimport.check_phone(text, text);
CREATE FUNCTION leadimport.check_phone(raw text, default_region text DEFAULT NULL,
  OUT e164 text, OUT valid boolean, OUT region text, OUT number_type text,
  OUT error_code text, OUT message text, OUT time_zones text[])
RETURNS record
AS 'MODULE_PATHNAME', 'leadimport_check_phone'
LANGUAGE C STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;

-- True when the local time at `at` lies in [opens, closes) in every zone the
-- number may be in (conservative where its prefix spans zones); closes before
-- opens is a window over midnight (22:00-06:00), opens = closes an empty one.
-- NULL when the zones are unknown or the number is invalid (it must carry its
-- country code: E.164 as leads store it), and when any argument is NULL.
-- Local times are timezone(zone, at)::time, PostgreSQL's own time zone data,
-- so daylight saving time is what the server's tzdata says. (In C: about 5 us
-- a number; the same written in SQL over check_phone took 25.)
CREATE FUNCTION leadimport.call_window_open(phone_number text, opens time, closes time,
  at timestamptz DEFAULT pg_catalog.now())
RETURNS boolean
AS 'MODULE_PATHNAME', 'leadimport_call_window_open'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
