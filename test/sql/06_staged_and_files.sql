-- Rows COPYed into a staging table, and a file on the server.
INSERT INTO leadimport.assistants (id, name) VALUES (6, 'Staged');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, position)
  VALUES (6, 'first_name', 'text', true, 1), (6, 'opted_in', 'boolean', false, 2);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (6, 'Staged', 6);

CREATE TEMP TABLE staging ("Mobile" text, "First Name" text, "Opted In" text);
COPY staging FROM stdin WITH (FORMAT csv);
+44 7400 123456,Olivia,yes
+44 7400 123457,,no
+44 7400 123458,Noah,perhaps
+44 7400 123459,Amelia,
\.
SELECT leadimport.import_staged(6, 'staging', '{}') AS id \gset
SELECT status, format, file_name, total_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :id;
SELECT phone_number, variables, source_row FROM leadimport.leads WHERE import_id = :id ORDER BY source_row;
SELECT row_number, column_name, code FROM leadimport.import_errors WHERE import_id = :id ORDER BY row_number;

-- the error report, corrected, imports as it is
SELECT leadimport.error_report(:id) AS report \gset
SELECT :'report';
SELECT leadimport.import_data(6, 'fixed.csv',
  convert_to(replace(replace(:'report', '123457,,no', '123457,Mia,no'), 'perhaps', 'no'), 'UTF8')) AS fixed \gset
SELECT status, total_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :fixed;
SELECT phone_number, variables FROM leadimport.leads WHERE import_id = :fixed ORDER BY source_row;

-- a server-side file
\getenv fixtures LEADIMPORT_FIXTURES
SELECT leadimport.import_file(6, :'fixtures' || '/csv/staged_leads.csv') AS id \gset
SELECT status, format, total_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :id;
SELECT row_number, code FROM leadimport.import_errors WHERE import_id = :id ORDER BY row_number;

-- the sample file imports cleanly into an empty campaign
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (7, 'Sample', 6);
SELECT leadimport.sample_file(7, 2) AS sample \gset
SELECT :'sample';
SELECT leadimport.import_data(7, 'sample.csv', convert_to(:'sample', 'UTF8'), '{"secondary_contacts": 2}') AS id \gset
SELECT status, total_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :id;
SELECT count(*) AS contacts FROM leadimport.lead_contacts WHERE campaign_id = 7;
