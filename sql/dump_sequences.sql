-- The identity sequences of the tables whose rows pg_dump includes: their
-- current values are dumped too, or a restored database hands out ids its
-- restored rows already use (issue 15). Appended by the Makefile to the
-- install script and to the 0.1.0 -> 0.2.0 upgrade script.
SELECT pg_catalog.pg_extension_config_dump('leadimport.assistants_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('leadimport.campaigns_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('leadimport.imports_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('leadimport.leads_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('leadimport.import_errors_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('leadimport.notifications_id_seq', '');
