-- Mistakes in the call raise an ERROR with a real SQLSTATE and a hint.
\set VERBOSITY default
INSERT INTO leadimport.assistants (id, name) VALUES (4, 'Calls');
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (4, 'Calls', 4);

SELECT leadimport.import_data(999, 'x.csv', convert_to(E'phone_number\n+14155552671\n', 'UTF8'));
SELECT leadimport.import_data(NULL, 'x.csv', convert_to(E'phone_number\n+14155552671\n', 'UTF8'));
SELECT leadimport.import_data(4, 'x.csv', NULL);
SELECT leadimport.import_data(4, 'x.csv', convert_to(E'phone_number\n+14155552671\n', 'UTF8'), '[1, 2]');
SELECT leadimport.import_data(4, 'x.csv', convert_to(E'phone_number\n+14155552671\n', 'UTF8'), '{"ignore_error": true}');
SELECT leadimport.import_data(4, 'x.csv', convert_to(E'phone_number\n+14155552671\n', 'UTF8'), '{"secondary_contacts": 11}');
SELECT leadimport.import_data(4, 'x.csv', convert_to(E'phone_number\n+14155552671\n', 'UTF8'), '{"phone_format": "national"}');
SELECT leadimport.import_data(4, 'x.csv', convert_to(E'phone_number\n+14155552671\n', 'UTF8'), '{"phone_format": "national", "country": "XX"}');
SELECT leadimport.import_data(4, 'x.csv', convert_to(E'phone_number\n+14155552671\n', 'UTF8'), '{"encoding": "KLINGON"}');
SELECT leadimport.import_data(4, 'x.csv', convert_to(E'phone_number\n+14155552671\n', 'UTF8'), '{"background": "sometimes"}');
CREATE TEMP TABLE stage (phone_number text);
SELECT leadimport.import_staged(4, 'stage', '{"background": true}');
SELECT leadimport.import_data(4, 'x.csv', convert_to(E'phone_number\n+14155552671\n', 'UTF8'), '{"mapping": "Phone"}');
SELECT leadimport.import_file(4, '/nonexistent/leads.csv');
SELECT leadimport.import_status(123456);
SELECT leadimport.error_report(123456);
SELECT leadimport.wait_import(123456);
SELECT leadimport.sample_file(999);
SELECT leadimport.sample_file(4, 11);

-- a role without pg_read_server_files may not import server files
CREATE ROLE leadimport_clerk;
GRANT USAGE ON SCHEMA leadimport TO leadimport_clerk;
SET ROLE leadimport_clerk;
SELECT leadimport.import_file(4, '/etc/passwd');
RESET ROLE;
DROP OWNED BY leadimport_clerk;
DROP ROLE leadimport_clerk;

-- none of these calls left an import behind
SELECT count(*) FROM leadimport.imports WHERE campaign_id = 4;
