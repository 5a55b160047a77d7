-- leadimport.distribute() (issue 12) on a server without Citus: refused with
-- feature_not_supported and a hint saying how to get Citus; nothing changes.
-- Only the tables' owner may call it. (test/citus/run.sh calls it on a real
-- Citus cluster.)
\set VERBOSITY default
\set SHOW_CONTEXT never
SELECT leadimport.distribute();
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
SELECT count(*) AS citus_installed FROM pg_extension WHERE extname = 'citus';

-- SECURITY INVOKER, search_path pinned, and not executable by PUBLIC
SELECT prosecdef, proconfig FROM pg_proc WHERE oid = 'leadimport.distribute()'::regprocedure;
CREATE ROLE leadimport_distributor;
GRANT USAGE ON SCHEMA leadimport TO leadimport_distributor;
SELECT has_function_privilege('leadimport_distributor', 'leadimport.distribute()', 'EXECUTE');
SET ROLE leadimport_distributor;
SELECT leadimport.distribute();
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
RESET ROLE;
REVOKE USAGE ON SCHEMA leadimport FROM leadimport_distributor;
DROP ROLE leadimport_distributor;
