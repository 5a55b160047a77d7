-- Background imports: the test cluster runs with shared_preload_libraries =
-- leadimport and leadimport.database = contrib_regression.
INSERT INTO leadimport.assistants (id, name) VALUES (8, 'Background');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, position)
  VALUES (8, 'score', 'number', true, 1);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (8, 'Background', 8), (9, 'Strict', 8);
CREATE FUNCTION leads_csv(first int, n int, extra text DEFAULT '') RETURNS bytea
LANGUAGE sql AS $$
  SELECT convert_to('phone,score' || E'\n' ||
    (SELECT string_agg('+1415' || lpad(g::text, 7, '0') || ',' || g, E'\n') FROM generate_series(first, first + n - 1) g)
    || E'\n' || extra, 'UTF8')
$$;

-- more than 1,000 rows: queued for the worker, which starts after the commit
SELECT leadimport.import_data(8, 'big.csv', leads_csv(2000000, 3000, E'+1415,7\n')) AS big \gset
SELECT status, total_rows FROM leadimport.imports WHERE id = :big;
SELECT leadimport.wait_import(:big, '2 min');
SELECT status, total_rows, processed_rows, imported_rows, failed_rows, error FROM leadimport.imports WHERE id = :big;
SELECT percent_done, estimated_time_left FROM leadimport.import_status(:big);
SELECT count(*) AS leads FROM leadimport.leads WHERE import_id = :big;
SELECT row_number, code FROM leadimport.import_errors WHERE import_id = :big;
SELECT count(*) AS staged_bytes_left FROM leadimport.import_files WHERE import_id = :big;
SELECT status, total_rows, imported_rows, failed_rows,
       payload - 'finished_at' - 'import_id' - 'report' AS payload,
       payload->>'report' = format('SELECT leadimport.error_report(%s)', import_id) AS report_call
  FROM leadimport.notifications WHERE import_id = :big;

-- a small file stays in the foreground
SELECT leadimport.import_data(8, 'small.csv', leads_csv(2100000, 10)) AS small \gset
SELECT status, imported_rows FROM leadimport.imports WHERE id = :small;

-- waiting inside the transaction that queued it would wait forever: refused
BEGIN;
SELECT leadimport.import_data(8, 'big2.csv', leads_csv(2200000, 2000)) AS big2 \gset
SELECT leadimport.wait_import(:big2, '1 s');
ROLLBACK;

-- cancelled before the worker saw it
BEGIN;
SELECT leadimport.import_data(8, 'cancel.csv', leads_csv(2300000, 2000), '{"background": true}') AS cancelled \gset
SELECT leadimport.cancel_import(:cancelled);
COMMIT;
SELECT leadimport.wait_import(:cancelled);
SELECT status, imported_rows, error FROM leadimport.imports WHERE id = :cancelled;
SELECT count(*) AS leads FROM leadimport.leads WHERE import_id = :cancelled;
SELECT status FROM leadimport.notifications WHERE import_id = :cancelled;
SELECT leadimport.cancel_import(:cancelled);

-- all or nothing in the background: every row is checked first, nothing is inserted
SELECT leadimport.import_data(9, 'strict.csv', leads_csv(2400000, 3000, E'+14152400001,abc\n'),
                              '{"ignore_errors": false}') AS strict \gset
SELECT leadimport.wait_import(:strict, '2 min');
SELECT status, phase, total_rows, imported_rows, failed_rows, error_code FROM leadimport.imports WHERE id = :strict;
SELECT count(*) AS leads FROM leadimport.leads WHERE campaign_id = 9;
SELECT row_number, code FROM leadimport.import_errors WHERE import_id = :strict;
-- ... and the clean file, all of it
SELECT leadimport.import_data(9, 'strict.csv', leads_csv(2400000, 3000), '{"ignore_errors": false}') AS strict \gset
SELECT leadimport.wait_import(:strict, '2 min');
SELECT status, phase, total_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :strict;
SELECT count(*) AS leads FROM leadimport.leads WHERE campaign_id = 9;

-- a server file in the background
\getenv fixtures LEADIMPORT_FIXTURES
SELECT leadimport.import_file(8, :'fixtures' || '/csv/staged_leads.csv',
                              '{"background": true, "mapping": {"phone_number": "Phone", "variables": {"score": "Opted In"}}}') AS f \gset
SELECT leadimport.wait_import(:f, '2 min');
SELECT status, format, total_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :f;
