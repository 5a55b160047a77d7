-- ignore_errors = false: one bad row and nothing is imported, every error is
-- still recorded; a clean file imports completely.
INSERT INTO leadimport.assistants (id, name) VALUES (5, 'Strict');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, position)
  VALUES (5, 'score', 'number', true, 1);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (5, 'Strict', 5);
SET leadimport.batch_size = 100;

-- 300 good rows (three batches are written) and two bad ones at the end
SELECT leadimport.import_data(5, 'strict.csv', convert_to(
  'phone,score' || E'\n' ||
  (SELECT string_agg('+1415555' || lpad(g::text, 4, '0') || ',' || g, E'\n') FROM generate_series(1000, 1299) g)
  || E'\n+14155559999,not a number\n+1415,7\n', 'UTF8'),
  '{"ignore_errors": false}') AS id \gset
SELECT status, total_rows, processed_rows, imported_rows, failed_rows, error_code, error
  FROM leadimport.imports WHERE id = :id;
SELECT count(*) AS leads FROM leadimport.leads WHERE campaign_id = 5;
SELECT row_number, code FROM leadimport.import_errors WHERE import_id = :id ORDER BY row_number;

-- the same file, fixed
SELECT leadimport.import_data(5, 'strict.csv', convert_to(
  'phone,score' || E'\n' ||
  (SELECT string_agg('+1415555' || lpad(g::text, 4, '0') || ',' || g, E'\n') FROM generate_series(1000, 1299) g),
  'UTF8'), '{"ignore_errors": false}') AS id \gset
SELECT status, total_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :id;
SELECT count(*) AS leads FROM leadimport.leads WHERE campaign_id = 5;
RESET leadimport.batch_size;
