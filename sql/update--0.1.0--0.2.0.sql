-- leadimport 0.1.0 -> 0.2.0: the privilege model of SPEC "Who may do what".
-- The Makefile appends sql/privileges.sql (the same as a new install gets).

\echo Use "ALTER EXTENSION leadimport UPDATE" to load this file. \quit

-- created_by becomes the role's OID (a name can be reused after DROP ROLE),
-- with its name kept beside it. An import whose role no longer exists gets
-- OID 0: nobody but the owner sees it, and the launcher fails it if it was
-- still queued.
ALTER TABLE leadimport.imports ADD COLUMN created_by_name name;
UPDATE leadimport.imports SET created_by_name = created_by;
ALTER TABLE leadimport.imports
  ALTER COLUMN created_by_name SET NOT NULL,
  ALTER COLUMN created_by DROP DEFAULT,
  ALTER COLUMN created_by TYPE regrole USING coalesce(
    pg_catalog.to_regrole(pg_catalog.quote_ident(created_by::text)), '-'::regrole),
  ADD COLUMN error_hint text;
ALTER TABLE leadimport.notifications
  ALTER COLUMN created_by TYPE regrole USING coalesce(
    pg_catalog.to_regrole(pg_catalog.quote_ident(created_by::text)), '-'::regrole);

-- 0.1.0 asked admins to grant importers writes on the bookkeeping tables:
-- those grants go (a mail sender's UPDATE (sent_at) column grant stays).
DO $$
DECLARE
  g record;
BEGIN
  FOR g IN
    SELECT c.relname, a.privilege_type,
           CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END AS grantee
      FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
     WHERE c.relnamespace = 'leadimport'::regnamespace
       AND c.relname IN ('imports', 'import_files', 'import_errors', 'notifications')
       AND a.grantee <> c.relowner
       AND (a.privilege_type <> 'SELECT' OR c.relname = 'import_files')
  LOOP
    EXECUTE pg_catalog.format('REVOKE %s ON leadimport.%I FROM %s',
                              g.privilege_type, g.relname, g.grantee);
    RAISE WARNING 'leadimport: revoked % on leadimport.% from %', g.privilege_type, g.relname, g.grantee;
  END LOOP;
END
$$;
