-- Who may do what (SPEC "Who may do what"). Appended by the Makefile to the
-- install script and to the 0.1.0 -> 0.2.0 upgrade script, so both get the
-- same model.
--
-- The bookkeeping tables (imports, import_files, import_errors,
-- notifications) are written only by leadimport's own code, which switches to
-- the tables' owner for those writes (src/pg/as_owner). The background worker
-- takes its instructions from imports rows, so no other role may write them:
-- not through a grant an admin gave by mistake either (the triggers below).
-- Roles read them through row-level security: the imports of roles whose
-- privileges they have, with their errors and notifications.

-- Whether the current user has the privileges of the table's owner (the
-- owner, a member of it, a superuser): what leadimport's own writes run as.
CREATE FUNCTION leadimport.acts_as_owner_of(rel oid) RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')
    FROM pg_catalog.pg_class c WHERE c.oid = rel
$$;

-- Refuses a write by any role without the table owner's privileges.
CREATE FUNCTION leadimport.refuse_foreign_writes() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT leadimport.acts_as_owner_of(TG_RELID) THEN
    RAISE EXCEPTION 'permission denied: only leadimport writes %.%', TG_TABLE_SCHEMA, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Imports are recorded, cancelled and reported through leadimport''s functions.';
  END IF;
  RETURN NULL;
END
$$;

-- A mail sender (granted UPDATE (sent_at)) may set sent_at and nothing else.
CREATE FUNCTION leadimport.notification_sent_only() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT leadimport.acts_as_owner_of(TG_RELID)
     AND (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.-) 'sent_at'::text)
         IS DISTINCT FROM (pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.-) 'sent_at'::text) THEN
    RAISE EXCEPTION 'permission denied: only sent_at of leadimport.notifications may be changed'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER only_leadimport_writes BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON leadimport.imports FOR EACH STATEMENT EXECUTE FUNCTION leadimport.refuse_foreign_writes();
CREATE TRIGGER only_leadimport_writes BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON leadimport.import_files FOR EACH STATEMENT EXECUTE FUNCTION leadimport.refuse_foreign_writes();
CREATE TRIGGER only_leadimport_writes BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON leadimport.import_errors FOR EACH STATEMENT EXECUTE FUNCTION leadimport.refuse_foreign_writes();
CREATE TRIGGER only_leadimport_writes BEFORE INSERT OR DELETE OR TRUNCATE
  ON leadimport.notifications FOR EACH STATEMENT EXECUTE FUNCTION leadimport.refuse_foreign_writes();
CREATE TRIGGER only_sent_at BEFORE UPDATE
  ON leadimport.notifications FOR EACH ROW EXECUTE FUNCTION leadimport.notification_sent_only();

-- Reading: every role sees the imports of the roles whose privileges it has
-- (its own, and a team role's it is a member of), their errors and
-- notifications. The role is matched by OID and name: a dropped role matches
-- nobody, even where a dump restored into another cluster brought its OID
-- back as some other role's. (A renamed role no longer sees its earlier
-- imports; the README says how an admin hands them over.) The owner and
-- superusers see everything (row-level security does not apply to them).
ALTER TABLE leadimport.imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE leadimport.import_errors ENABLE ROW LEVEL SECURITY;
ALTER TABLE leadimport.notifications ENABLE ROW LEVEL SECURITY;
-- The bytes of queued files: the owner's only (no policy, no grant).
ALTER TABLE leadimport.import_files ENABLE ROW LEVEL SECURITY;

CREATE POLICY visible_imports ON leadimport.imports FOR SELECT
  USING (pg_catalog.pg_has_role(created_by::oid, 'USAGE')
         AND created_by_name OPERATOR(pg_catalog.=) pg_catalog.pg_get_userbyid(created_by::oid));
CREATE POLICY visible_errors ON leadimport.import_errors FOR SELECT
  USING (EXISTS (SELECT FROM leadimport.imports i
                  WHERE i.campaign_id OPERATOR(pg_catalog.=) import_errors.campaign_id
                    AND i.id OPERATOR(pg_catalog.=) import_errors.import_id));
CREATE POLICY visible_notifications ON leadimport.notifications FOR SELECT
  USING (EXISTS (SELECT FROM leadimport.imports i
                  WHERE i.campaign_id OPERATOR(pg_catalog.=) notifications.campaign_id
                    AND i.id OPERATOR(pg_catalog.=) notifications.import_id));

-- A role granted UPDATE (sent_at) (a mail sender) marks the notifications it
-- sees; the trigger above refuses every other change.
CREATE POLICY mark_sent_notifications ON leadimport.notifications FOR UPDATE
  USING (EXISTS (SELECT FROM leadimport.imports i
                  WHERE i.campaign_id OPERATOR(pg_catalog.=) notifications.campaign_id
                    AND i.id OPERATOR(pg_catalog.=) notifications.import_id));

REVOKE ALL ON leadimport.imports, leadimport.import_files, leadimport.import_errors,
  leadimport.notifications FROM PUBLIC;
GRANT SELECT ON leadimport.imports, leadimport.import_errors, leadimport.notifications TO PUBLIC;
REVOKE ALL ON FUNCTION leadimport.refuse_foreign_writes(), leadimport.notification_sent_only()
  FROM PUBLIC;
