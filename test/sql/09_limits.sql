-- Issue 10: every input bounded. What a hostile file used to multiply
-- (the header in every error row, quadratic header renaming) and how the
-- error report pages through many and large rows.
INSERT INTO leadimport.assistants (id, name) VALUES (90, 'Limits');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, position)
  VALUES (90, 'name', 'text', false, 1), (90, 'age', 'number', false, 2);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (90, 'Limits', 90);

-- row_data is the row's cells by position: duplicate header names keep
-- their own cells, a cell beyond the header is kept, trailing empties are not.
SELECT leadimport.import_data(90, 'cells.csv', convert_to(
  E'phone,name,name,age\n+1415,Ada,Bea,x,stray,,\n+14155552671,Cy,,41\n', 'UTF8'),
  '{"ignore_errors": true, "background": false}') AS id \gset
SELECT row_number, code, row_data FROM leadimport.import_errors WHERE import_id = :id ORDER BY row_number, code;
SELECT headers FROM leadimport.imports WHERE id = :id;
SELECT replace(leadimport.error_report(:id), E'\r\n', E'\n');

-- A header cell of 1 MiB is stored once (imports.headers), never per error row.
SELECT leadimport.import_data(90, 'wide.csv', convert_to(
  'phone,' || repeat('h', 1048000) || E',age\n' ||
  (SELECT string_agg('+1415555' || lpad(g::text, 4, '0') || ',x,notanumber', E'\n') FROM generate_series(1, 40) g),
  'UTF8'), '{"ignore_errors": true, "background": false}') AS id \gset
SELECT status, failed_rows FROM leadimport.imports WHERE id = :id;
SELECT count(*) AS error_rows, max(pg_column_size(row_data)) < 100 AS row_data_small
  FROM leadimport.import_errors WHERE import_id = :id;

-- 16,000 equal header names are renamed in linear time (they took 11.7 s and
-- ignored cancel); statement_timeout would stop a regression.
SET statement_timeout = '5s';
SELECT m->'unmapped'->>0 AS first, m->'unmapped'->>15998 AS last, jsonb_array_length(m->'unmapped') AS n
  FROM leadimport.detect_mapping(90, array_fill('a'::text, ARRAY[16000]), '{}') AS m;
RESET statement_timeout;

-- The error report pages by rows and by bytes: 300 failed rows with two
-- problems each, some with 200 KB cells, come out whole and in order.
SELECT leadimport.import_data(90, 'pages.csv', convert_to(E'phone,name,age\n' ||
  (SELECT string_agg('bad' || g || ',' || CASE WHEN g % 50 = 0 THEN repeat('n', 200000) ELSE 'n' || g END || ',x' || g, E'\n' ORDER BY g)
     FROM generate_series(1, 300) g), 'UTF8'),
  '{"ignore_errors": true, "background": false}') AS id \gset
SELECT count(*) AS error_rows FROM leadimport.import_errors WHERE import_id = :id;
WITH r AS (SELECT leadimport.error_report(:id) AS t),
     lines AS (SELECT l, n FROM r, regexp_split_to_table(r.t, E'\r\n') WITH ORDINALITY AS s(l, n) WHERE l <> '')
SELECT count(*) - 1 AS report_rows,
       bool_and(split_part(l, ',', 1) = 'bad' || (n - 1)) FILTER (WHERE n > 1) AS in_order,
       sum(length(l)) FILTER (WHERE length(l) > 100000) AS long_bytes,
       bool_and(l LIKE '%phone_not_a_number; invalid_number%') FILTER (WHERE n > 1) AS both_problems
  FROM lines;

-- A server path must be a regular file: /dev/zero (which never ends) and a
-- directory are failed imports, at once.
SET statement_timeout = '5s';
SELECT leadimport.import_file(90, '/dev/zero', '{"background": false}') AS id \gset
SELECT status, error_code, error, failed_rows FROM leadimport.imports WHERE id = :id;
SELECT leadimport.import_file(90, '/tmp', '{"background": false}') AS id \gset
SELECT status, error_code, error FROM leadimport.imports WHERE id = :id;
RESET statement_timeout;

-- At most 16,384 columns in a row (Excel's limit), counted as the row is
-- read: 20,000 commas fail the file without building 20,000 cells.
SELECT leadimport.import_data(90, 'commas.csv', convert_to(
  E'phone,name\n+14155552671,' || repeat(',', 20000) || E'\n', 'UTF8'),
  '{"ignore_errors": true, "background": false}') AS id \gset
SELECT status, error_code, error, imported_rows FROM leadimport.imports WHERE id = :id;
SELECT count(*) AS leads FROM leadimport.leads WHERE import_id = :id;

-- At most 1 MiB per cell and 16 MiB per row: 17 cells of 1,000,000 bytes.
SELECT leadimport.import_data(90, 'fat_row.csv', convert_to(
  'phone,' || (SELECT string_agg('c' || g, ',') FROM generate_series(1, 17) g) || E'\n+14155552671,' ||
  (SELECT string_agg(repeat('x', 1000000), ',') FROM generate_series(1, 17)) || E'\n', 'UTF8'),
  '{"ignore_errors": true, "background": false}') AS id \gset
SELECT status, error_code, error FROM leadimport.imports WHERE id = :id;
-- and one cell over 1 MiB
SELECT leadimport.import_data(90, 'fat_cell.csv', convert_to(
  E'phone,name\n+14155552671,' || repeat('x', 1048577) || E'\n', 'UTF8'),
  '{"ignore_errors": true, "background": false}') AS id \gset
SELECT status, error_code, error FROM leadimport.imports WHERE id = :id;
