-- Issue 11, items 11 and 12: the error report and the notification as a user
-- meets them. Cells beyond the header stay in the report and a corrected
-- report re-imports; a file that failed as a whole gets one line saying why
-- and how to fix it; rows of spaces are blank; secondary contacts' hints name
-- their column; the counters after a file failure; the phone cells that
-- spreadsheets make; error_counts and report in the notification.
INSERT INTO leadimport.assistants (id, name) VALUES (11, 'Reports');
INSERT INTO leadimport.assistant_variables (assistant_id, name, data_type, required, max_length, position) VALUES
  (11, 'customer_name', 'text', true, 12, 1),
  (11, 'age', 'number', false, NULL, 2),
  (11, 'vip', 'boolean', false, NULL, 3);
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (11, 'Reports', 11), (12, 'Counts', 11), (13, 'Closed', 11);

-- 1. Cells beyond the header are kept in the report (they were dropped), a
-- row of spaces is blank (it was two errors), a secondary contact's hint
-- names its column (it said "age").
SELECT leadimport.import_data(11, 'extra.csv', convert_to(
E'phone,customer_name,age,secondary_phone_1,secondary_1_customer_name,secondary_1_age\n'
 '+14155550101,Ada,36,,,,stray,more\n'
 'bad,Bob,x\n'
 '   ,  ,\t\n'
 ' , , , , , \n'
 '+14155550102,Cy,7\n'
 '+14155550103,Dee,5,+442079460958,Eve,abc\n', 'UTF8'),
  '{"secondary_contacts": 1}') AS extra \gset
SELECT status, total_rows, processed_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :extra;
SELECT row_number, column_name, code, hint, row_data FROM leadimport.import_errors
 WHERE import_id = :extra ORDER BY row_number, id;
\pset format unaligned
\pset tuples_only on
SELECT replace(leadimport.error_report(:extra), E'\r\n', E'\n');
\pset format aligned
\pset tuples_only off

-- The report, corrected where the errors say (the stray cells left where
-- they are), imports as it is: column_7 and column_8 are unmapped columns,
-- the report's own columns are ignored.
SELECT leadimport.import_data(11, 'extra-corrected.csv', convert_to(
  replace(replace(replace(leadimport.error_report(:extra),
    'bad,Bob,x', '+14155550104,Bob,3'), 'Eve,abc', 'Eve,51'), '+14155550101', '+14155550105'),
  'UTF8'), '{"secondary_contacts": 1}') AS corrected \gset
SELECT status, total_rows, imported_rows, failed_rows, mapping->'unmapped' AS unmapped
  FROM leadimport.imports WHERE id = :corrected;
SELECT phone_number, variables, source_row FROM leadimport.leads WHERE import_id = :corrected ORDER BY source_row;
SELECT c.phone_number, c.variables FROM leadimport.lead_contacts c
  JOIN leadimport.leads l ON l.campaign_id = c.campaign_id AND l.id = c.lead_id WHERE l.import_id = :corrected;

-- 2. A file that failed as a whole: one line with its error and hint (the
-- report was a header alone). A file error after some row errors: nothing
-- imported, the row errors go (the report is the file's line), and
-- failed_rows says so (it kept the count of rows no report listed).
SELECT leadimport.import_data(11, 'broken.csv', convert_to(
  E'phone,customer_name\nbad,Ann\n+14155550106,Fay\n+14155550107,"Zed\n', 'UTF8')) AS broken \gset
SELECT status, error_code, total_rows, processed_rows, imported_rows, failed_rows, error_hint IS NOT NULL AS has_hint
  FROM leadimport.imports WHERE id = :broken;
SELECT count(*) AS error_rows FROM leadimport.import_errors WHERE import_id = :broken;
SELECT count(*) AS leads FROM leadimport.leads WHERE import_id = :broken;
SELECT replace(leadimport.error_report(:broken), E'\r\n', E'\n') AS report;
SELECT leadimport.import_data(11, 'empty.csv', ''::bytea) AS empty \gset
SELECT replace(leadimport.error_report(:empty), E'\r\n', E'\n') AS report;
-- the notification says the same
SELECT payload->'failed_rows' AS failed_rows, payload->'error_code' AS error_code,
       payload->'error_counts' AS error_counts
  FROM leadimport.notifications WHERE import_id = :broken;

-- A file of blank rows only (spaces, tabs) has no data rows.
SELECT leadimport.import_data(11, 'blank.csv', convert_to(E'phone,customer_name\n  ,  \n\t,\n', 'UTF8')) AS blank \gset
SELECT status, error_code, total_rows, failed_rows FROM leadimport.imports WHERE id = :blank;

-- All or nothing: the import failed for its rows, which the report lists
-- (no file line); failed_rows counts them, nothing is imported.
SELECT leadimport.import_data(11, 'strict.csv', convert_to(
  E'phone,customer_name\n+14155550108,Gus\nbad,Hal\n+1415,Ivy\n', 'UTF8'), '{"ignore_errors": false}') AS strict \gset
SELECT status, error_code, total_rows, imported_rows, failed_rows FROM leadimport.imports WHERE id = :strict;
SELECT replace(leadimport.error_report(:strict), E'\r\n', E'\n') AS report;

-- 3. Phone cells that spreadsheets make: a float export of a number that
-- lost its '+' ("14155551234.0") is recovered like the lost '+' (".0"
-- exactly, nothing else); "12345" is too short for any number, country code
-- or not; an extension is allowed, and a number with one but no country
-- code is missing its country code (it was "not a phone number").
SELECT raw, (leadimport.check_phone(raw)).e164, (leadimport.check_phone(raw)).error_code
  FROM unnest(ARRAY['14155551234.0', '442079460958.0', '14155551234.00', '14155551234.5',
                    '4155551234.0', '+14155551234.0', '12345', '123', '1234567',
                    '(205)480-2937x858', '205-480-2937 ext. 858', '+1 (205) 480-2937 x858',
                    '(205)480-2937 call after 5']) AS raw;
SELECT (leadimport.check_phone('(205)480-2937x858')).message, (leadimport.check_phone('12345')).message;
SELECT raw, (leadimport.check_phone(raw, 'US')).e164, (leadimport.check_phone(raw, 'US')).error_code
  FROM unnest(ARRAY['4155551234.0', '(205)480-2937x858', '12345']) AS raw;

-- 4. The notification: error_counts (rows per code, the 10 codes with the
-- most rows, then "other") and report, the call that returns the report.
INSERT INTO leadimport.leads (campaign_id, phone_number) VALUES (12, '+14155550100');
SELECT leadimport.import_data(12, 'counts.csv', convert_to(
E'phone,customer_name,age,vip,secondary_phone_1,secondary_1_customer_name\n'
 ',Ann\n'
 'xyz,Ann\n'
 'abc,Ann\n'
 'n/a,Ann\n'
 '4155550199,Ann\n'
 '+999 123456,Ann\n'
 '+1 415,Ann\n'
 '+1 415 555 12345,Ann\n'
 '+1 200 555 0100,Ann\n'
 '+14155550120,Ann\n'
 '+14155550120,Ann\n'
 '+14155550100,Ann\n'
 '+14155550121,\n'
 '+14155550122,Ann,abc\n'
 '+14155550123,Ann,def\n'
 '+14155550124,Ann,1,maybe\n'
 '+14155550125,A name too long\n'
 '+14155550126,Ann,,,,Orphan\n'
 '+14155550127,Ann,,,+14155550127\n'
 '+14155550128,Ann,,,,,stray\n', 'UTF8'), '{"secondary_contacts": 1}') AS counts \gset
SELECT code, count(DISTINCT row_number) FROM leadimport.import_errors WHERE import_id = :counts
 GROUP BY code ORDER BY 2 DESC, 1;
SELECT status, failed_rows, payload->'error_counts' AS error_counts,
       payload->>'report' = format('SELECT leadimport.error_report(%s)', import_id) AS report_call
  FROM leadimport.notifications WHERE import_id = :counts;
SELECT count(*) AS codes FROM leadimport.notifications n, jsonb_object_keys(n.payload->'error_counts')
 WHERE import_id = :counts;

-- 5. A background import stopped by an ERROR (here a trigger on leads)
-- keeps its hint, and its report says why in one line.
CREATE FUNCTION closed_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.campaign_id = 13 THEN RAISE EXCEPTION 'campaign 13 takes no leads'; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER closed_campaign BEFORE INSERT ON leadimport.leads
  FOR EACH ROW EXECUTE FUNCTION closed_campaign();
SELECT leadimport.import_data(13, 'closed.csv', convert_to(E'phone,customer_name\n+14155550130,Kim\n', 'UTF8'),
  '{"background": true}') AS closed \gset
SELECT leadimport.wait_import(:closed, '2 min');
SELECT status, error_code, error, error_hint FROM leadimport.imports WHERE id = :closed;
SELECT replace(leadimport.error_report(:closed), E'\r\n', E'\n') AS report;
DROP TRIGGER closed_campaign ON leadimport.leads;
DROP FUNCTION closed_campaign();
