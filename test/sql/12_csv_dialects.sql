-- CSV as Excel and Python read it (issue 11, items 1 and 6): text after a
-- closing quote stays in its cell instead of swallowing the rows after it
-- (a 4-lead file imported 2 and said completed), with a WARNING naming the
-- row; a quote never closed that swallows many lines is a WARNING too; a
-- title line above the header is skipped (it made the file one column); a
-- gzip renamed .csv is named for what it is (it was "bad encoding").
INSERT INTO leadimport.assistants (id, name) VALUES (120, 'Dialects');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, position) VALUES
  (120, 'customer_name', 'text', true, 1), (120, 'company', 'text', false, 2);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (120, 'Dialects', 120);

SELECT leadimport.import_data(120, 'acme.csv', convert_to(
E'phone_number,customer_name,company\n'
 '+14155552671,Ada,"ACME" Inc\n'
 '+14155552672,Bob,"x" \n'
 '+14155552673,Cy,Initech\n'
 '+14155552674,Dee,"Globex"\n', 'UTF8')) AS acme \gset
SELECT status, total_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :acme;
SELECT source_row, phone_number, variables FROM leadimport.leads WHERE import_id = :acme ORDER BY source_row;

-- a quote never closed: its cell takes the lines after it until a later
-- quote; the import says where, as a WARNING
SELECT leadimport.import_data(120, 'runaway.csv', convert_to(
E'phone_number,customer_name,company\n'
 '+14155552681,Eve,"Hooli\n'
 '+14155552682,Fay,Initech\n'
 '+14155552683,Gil,Initech\n'
 '+14155552684,Hal,Initech\n'
 '+14155552685,Ida,Initech\n'
 '+14155552686,Jo,"Acme"\n', 'UTF8')) AS runaway \gset
SELECT status, total_rows, imported_rows FROM leadimport.imports WHERE id = :runaway;

-- a title above the header
SELECT leadimport.import_data(120, 'titled.csv', convert_to(
E'Leads export 2026-11-30\n'
 'phone_number;customer_name\n'
 '+14155552691;Kim\n'
 '+14155552692;Lou\n', 'UTF8')) AS titled \gset
SELECT status, imported_rows, mapping->>'phone_number' AS phone FROM leadimport.imports WHERE id = :titled;

-- a gzip renamed .csv
SELECT leadimport.import_data(120, 'leads.csv', '\x1f8b0800000000000003'::bytea) AS gz \gset
SELECT status, error_code, error, error_hint FROM leadimport.imports WHERE id = :gz;
